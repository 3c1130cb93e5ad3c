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
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

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


class Dated(Protocol):
    """A stored version of a document, as far as lateness is concerned."""

    id: int
    source: str | None
    published_at: str | None
    fetched_at: str


@dataclass(frozen=True)
class Timing:
    """When a department-year's document appeared, judged against its deadline."""

    state: str  # on_time | late | published (appeared, when unknown)
    when: date | None
    basis: str | None  # published (the site's date) | fetched (first stored)
    document_id: int | None
    deadline: date

    @property
    def days_late(self) -> int:
        return (self.when - self.deadline).days if self.when and self.state == "late" else 0


def publication_timing(
    versions: Sequence[Dated], deadline: date, first_fetch_days: dict[str, date]
) -> Timing:
    """The one lateness rule, for the ``late_publication`` check and the report alike.

    The first appearance counts (a file replaced or moved later was still published
    then): the earliest of each version's published date, or, where the site shows none,
    the day fiscalwatch first stored it. A fetched day is evidence only after the
    source's first crawl: a new source finds old files, so a file without a date found
    by it is ``published``, not late."""
    dated: list[tuple[date, str, Dated]] = []
    for version in versions:
        published = parse_date(version.published_at)
        fetched = parse_date(version.fetched_at)
        if published:
            dated.append((published, "published", version))
        elif fetched:
            dated.append((fetched, "fetched", version))
    if not dated:
        first = versions[0].id if versions else None
        return Timing("on_time", None, None, first, deadline)
    when, basis, version = min(dated, key=lambda item: (item[0], item[2].id))
    if when <= deadline:
        state = "on_time"
    elif basis == "fetched" and when <= first_fetch_days.get(version.source or "", date.min):
        state = "published"
    else:
        state = "late"
    return Timing(state, when, basis, version.id, deadline)
