"""One lateness rule (fiscalwatch.deadlines.publication_timing): the late_publication
check and the report's overview are tested against the same table of cases, so a
department-year is late in both or in neither."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from fiscalwatch import clock
from fiscalwatch.config import config_from_dict
from fiscalwatch.models import ParsedDocument
from fiscalwatch.monitor.runner import run_checks
from fiscalwatch.report.model import load
from fiscalwatch.store import Store

TODAY = date(2025, 12, 1)
REGION, DEPARTMENT = "青川市", "青川市财政局"
# (published_at, fetched day) of each version at one URL, oldest first, and the source:
# "qc" first crawled (another department's file) on 2025-06-01, "new" starts with it.
CASES = [
    ("published on the deadline", [("2025-09-30", "2025-10-05")], "qc", "on_time"),
    ("published after it", [("2025年10月1日", "2025-10-05")], "qc", "late"),
    ("no date, first seen after it", [(None, "2025-10-02")], "qc", "late"),
    ("no date, found by a new source", [(None, "2025-10-20")], "new", "published"),
    ("no date, seen before the deadline", [(None, "2025-09-01")], "qc", "on_time"),
    ("first version on time, replaced late",
     [("2025-08-01", "2025-08-02"), ("2025-10-09", "2025-10-10")], "qc", "on_time"),
]  # fmt: skip


def at(day: str, monkeypatch: pytest.MonkeyPatch) -> None:
    moment = datetime.fromisoformat(day).replace(hour=3, tzinfo=UTC)
    monkeypatch.setattr(clock, "now", lambda: moment)


@pytest.mark.parametrize(("case", "versions", "source", "state"), CASES, ids=[c[0] for c in CASES])
def test_check_and_report_agree(
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    case: str,
    versions: list[tuple[str | None, str]],
    source: str,
    state: str,
) -> None:
    at("2025-06-01", monkeypatch)
    store.record_document(
        url="http://127.0.0.1:1/other.pdf", data=b"%PDF other", source="qc",
        department="青川市教育局", region=REGION, fiscal_year=2024, published_at="2025-05-01",
    )  # fmt: skip
    for number, (published, fetched) in enumerate(versions):
        at(fetched, monkeypatch)
        stored = store.record_document(
            url="http://127.0.0.1:1/finance.pdf", data=f"%PDF {number}".encode(), source=source,
            department=DEPARTMENT, region=REGION, fiscal_year=2024, doc_type="final_account",
            published_at=published,
        )  # fmt: skip
        store.save_parse(stored.document_id, ParsedDocument("final_account"))
    config = config_from_dict({})
    run_checks(store.db, config, TODAY, only=["late_publication"])
    flagged = {
        row[0]
        for row in store.db.execute("SELECT department FROM findings WHERE resolved_at IS NULL")
    }
    report = load(store.db, config, TODAY, "now")
    [department] = [d for d in report.departments if d.name == DEPARTMENT]
    assert department.cells[2024].state == state
    assert (DEPARTMENT in flagged) == (state == "late")
