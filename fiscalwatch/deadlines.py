"""Dates on disclosures and when a final account or a budget is due (domain.md, "Timing
rules"). A final account of year Y is due by ``final_account_deadline`` of Y+1; a budget
of year Y by ``budget_deadline`` of Y itself (budgets are published within 20 days of
the finance bureau's approval, early in the year they plan).

The monitor judges lateness and the report draws the publication overview from these
same rules, so a department is late in both or in neither.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date
from typing import Any

# Up to three non-digits between the parts ("-", "/", ".", "年"/"月", "T"), spaces
# around them allowed: 2025-08-15, 2025/8/15, 2025年8月15日, 2025 年 8 月 15 日.
_DATE = re.compile(r"(\d{4})\s*\D{1,3}\s*(\d{1,2})\s*\D{1,3}\s*(\d{1,2})")


def parse_date(text: str | None) -> date | None:
    """The first Y-M-D in ``text`` (ISO timestamps too); None when absent or impossible."""
    match = _DATE.search(text or "")
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


# Years after the fiscal year in which each document type falls due.
DUE_YEAR_OFFSET = {"final_account": 1, "budget": 0}


def deadline_for(fiscal_year: int, month_day: str, offset: int = 1) -> date:
    """The deadline of year Y's account: ``month_day`` ("09-30") of Y+``offset`` (Y+1 for
    a final account, Y for a budget); 02-29 clamps to 02-28."""
    month, day = (int(part) for part in month_day.split("-"))
    year = fiscal_year + offset
    return date(year, month, min(day, monthrange(year, month)[1]))


def latest_due_year(as_of: date, month_day: str, offset: int = 1) -> int:
    """The latest fiscal year whose account (``offset`` 1) or budget (0) is overdue on
    ``as_of``."""
    year = as_of.year - offset
    while deadline_for(year, month_day, offset) >= as_of:
        year -= 1
    return year


def document_deadline(doc_type: str, fiscal_year: int, monitor: Any) -> date:
    """When year Y's document of this type is due, by the ``[monitor]`` settings."""
    month_day = monitor.budget_deadline if doc_type == "budget" else monitor.final_account_deadline
    return deadline_for(fiscal_year, month_day, DUE_YEAR_OFFSET.get(doc_type, 1))
