"""When a final account is due: ``[monitor] final_account_deadline`` (month-day) of the
year after the fiscal year (domain.md, "Timing rules")."""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date

from fiscalwatch.config import Config


def final_account_deadline(config: Config, fiscal_year: int) -> date:
    month, day = (int(part) for part in config.monitor.final_account_deadline.split("-"))
    year = fiscal_year + 1
    return date(year, month, min(day, monthrange(year, month)[1]))


def latest_due_year(config: Config, as_of: date) -> int:
    """The latest fiscal year whose final account is overdue on ``as_of``."""
    year = as_of.year - 1
    while final_account_deadline(config, year) >= as_of:
        year -= 1
    return year


_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def parse_date(text: str | None) -> date | None:
    """The first date in ``text``: 2025-08-15, 2025/8/15, 2025年8月15日, ISO timestamps."""
    match = _DATE.search(text or "")
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
