"""Dates on disclosures and when a final account is due (domain.md, "Timing rules").

The monitor judges lateness and the report draws the publication overview from these
same rules, so a department is late in both or in neither.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date

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


def deadline_for(fiscal_year: int, month_day: str) -> date:
    """The deadline of year Y's account: ``month_day`` ("09-30") of Y+1; 02-29 clamps to 02-28."""
    month, day = (int(part) for part in month_day.split("-"))
    year = fiscal_year + 1
    return date(year, month, min(day, monthrange(year, month)[1]))


def latest_due_year(as_of: date, month_day: str) -> int:
    """The latest fiscal year whose account is overdue on ``as_of``."""
    year = as_of.year - 1
    while deadline_for(year, month_day) >= as_of:
        year -= 1
    return year
