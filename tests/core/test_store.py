"""The store keeps every version: new bytes at a known URL never overwrite the old parse."""

from __future__ import annotations

from fiscalwatch.models import Figure, ParsedDocument, Section
from fiscalwatch.store import Store
from fiscalwatch.store.schema import all_migrations, migrate


def test_new_unchanged_changed_versions(store: Store) -> None:
    url = "http://127.0.0.1:8001/a.pdf"
    first = store.record_document(url=url, data=b"%PDF-1 one", source="s", department="甲局")
    assert first.change == "new"
    store.save_parse(
        first.document_id,
        ParsedDocument(
            doc_type="final_account",
            fiscal_year=2024,
            sections=[Section("duties", "主要职能", 1)],
            figures=[Figure("income_total", 701.6, page=2, text="收入总计701.60万元")],
        ),
    )
    again = store.record_document(url=url, data=b"%PDF-1 one", source="s")
    assert again == type(again)(first.document_id, "unchanged")

    second = store.record_document(url=url, data=b"%PDF-1 two", source="s")
    assert second.change == "changed"
    assert second.previous_id == first.document_id
    old = store.db.table("documents").get(first.document_id)
    new = store.db.table("documents").get(second.document_id)
    assert (old["is_current"], new["is_current"]) == (0, 1)
    assert new["department"] == "甲局" and new["status"] == "pending"
    # The old version's parse results are still there.
    figures = list(store.db.query("SELECT * FROM figures WHERE document_id = ?", [old["id"]]))
    assert [(f["key"], f["value"]) for f in figures] == [("income_total", 701.6)]
    assert store.files.read(old["sha256"]) == b"%PDF-1 one"


def test_migrations_apply_once(store: Store) -> None:
    assert migrate(store.db) == []
    names = [m.name for m in all_migrations()]
    assert len(names) == len(set(names))
    applied = [r["name"] for r in store.db.query("SELECT name FROM schema_migrations")]
    assert sorted(applied) == sorted(names)


def test_wal_mode(store: Store) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
