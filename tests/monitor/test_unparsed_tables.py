"""A table whose title the parser found but not its grid (status ``unparsed``) is an
uncertainty: no missing_section finding, visible in the store's counts and status."""

from __future__ import annotations

from fiscalwatch.store import Store
from tests.monitor.builders import add_document, check, open_findings


def test_unparsed_table_raises_no_finding(store: Store) -> None:
    add_document(
        store,
        url="http://127.0.0.1:8001/a.pdf",
        department="青川市统计局",
        year=2024,
        unparsed_tables=["table_04", "table_09"],
    )
    check(store, only=["missing_section"])
    assert open_findings(store, "missing_section") == []
    assert store.counts()["tables_unparsed"] == 2
    [row] = store.unparsed_tables()
    assert row["titles"] == "财政拨款收入支出决算总表、财政拨款“三公”经费支出决算表"


def test_empty_table_without_note_still_found(store: Store) -> None:
    add_document(
        store,
        url="http://127.0.0.1:8001/b.pdf",
        department="青川市统计局",
        year=2024,
        empty_tables=["table_04"],
    )
    check(store, only=["missing_section"])
    [finding] = open_findings(store, "missing_section")
    assert finding["evidence"]["problem"] == "empty_without_note"
    assert finding["evidence"]["section"] == "table_04"
