"""Publication state of one department's final account (or budget) for one fiscal year.

- a current, not removed final account exists: ``on_time``, ``late`` or ``published``
  (when unknown) by :func:`fiscalwatch.deadlines.publication_timing`, the rule the
  ``late_publication`` check applies too;
- every current version removed: ``removed``;
- an open ``missing_document`` finding: ``missing``;
- nothing and the deadline not reached yet: ``not_due``; otherwise ``none`` (nothing
  expected: the department is not on a roster and did not publish the year before).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from fiscalwatch.deadlines import deadline_for, parse_date, publication_timing

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
    current = [d for d in final_accounts if d.current]
    live = [d for d in current if not d.removed_at]
    if live:
        timing = publication_timing(final_accounts, deadline, first_crawl_day)
        document = next(d for d in final_accounts if d.id == timing.document_id)
        return Cell(year, timing.state, deadline, document, timing.when, timing.basis)
    if current:
        return Cell(year, "removed", deadline, current[0], parse_date(current[0].removed_at))
    if missing_reported:
        return Cell(year, "missing", deadline)
    return Cell(year, "not_due" if today <= deadline else "none", deadline)
