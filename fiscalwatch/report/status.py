"""Publication state of one department's final account (or budget) for one fiscal year.

- a current, not removed final account exists: ``on_time``, or ``late`` when its
  publication date (``published_at``, else the day we first fetched it) falls after the
  deadline ``[monitor] final_account_deadline`` of year Y+1. A file without a published
  date that we only found in the source's first crawl, already after the deadline, is
  ``published``: we cannot tell when it appeared;
- every current version removed: ``removed``;
- an open ``missing_document`` finding: ``missing``;
- nothing and the deadline not reached yet: ``not_due``; otherwise ``none`` (nothing
  expected: the department is not on a roster and did not publish the year before).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from fiscalwatch.deadlines import deadline_for, parse_date

if TYPE_CHECKING:
    from fiscalwatch.report.model import Document


@dataclass
class Cell:
    """One department x year square of the overview."""

    year: int
    state: str
    deadline: date
    document: Document | None = None
    when: date | None = None
    date_basis: str | None = None  # published | fetched
    open_findings: int = 0


def publication_cell(
    year: int,
    final_accounts: list[Document],
    missing_reported: bool,
    deadline_month_day: str,
    today: date,
    first_crawl_day: dict[str, date],
    due_year_offset: int = 1,
) -> Cell:
    """``due_year_offset``: the deadline falls in year Y+1 for a final account, Y for a
    budget (fiscalwatch.deadlines.DUE_YEAR_OFFSET)."""
    deadline = deadline_for(year, deadline_month_day, due_year_offset)
    current = [d for d in final_accounts if d.is_current]
    live = [d for d in current if not d.removed_at]
    if live:
        # First appearance counts: a file replaced or moved later was still published then.
        document, when, basis = _earliest(final_accounts)
        if when is None or when <= deadline:
            state = "on_time"
        elif basis == "fetched" and when <= first_crawl_day.get(document.source or "", date.min):
            state = "published"
        else:
            state = "late"
        return Cell(year, state, deadline, document, when, basis)
    if current:
        return Cell(year, "removed", deadline, current[0], parse_date(current[0].removed_at))
    if missing_reported:
        return Cell(year, "missing", deadline)
    return Cell(year, "not_due" if today <= deadline else "none", deadline)


def _earliest(documents: list[Document]) -> tuple[Document, date | None, str | None]:
    """The version that appeared first, with the date it appeared and how we know it."""
    dated: list[tuple[date, str, Document]] = []
    for document in documents:
        published = parse_date(document.published_at)
        if published:
            dated.append((published, "published", document))
            continue
        fetched = parse_date(document.fetched_at)
        if fetched:
            dated.append((fetched, "fetched", document))
    if not dated:
        return documents[0], None, None
    when, basis, document = min(dated, key=lambda item: (item[0], item[2].id))
    return document, when, basis
