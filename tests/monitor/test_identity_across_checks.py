"""Checks that look at single documents (removed, unreadable) key their findings by the
same department identity as the corpus checks: a short name resolves to the full one."""

from __future__ import annotations

from datetime import date

from fiscalwatch.config import config_from_dict
from fiscalwatch.models import ParsedDocument
from fiscalwatch.monitor.runner import run_checks
from fiscalwatch.store import Store


def test_a_short_name_gets_the_full_departments_identity(store: Store) -> None:
    full = store.record_document(
        url="http://127.0.0.1:1/2023.pdf", data=b"%PDF a", source="s",
        department="青川市卫生健康委员会", region="青川市", fiscal_year=2023,
    )  # fmt: skip
    store.save_parse(full.document_id, ParsedDocument("final_account"))
    short = store.record_document(
        url="http://127.0.0.1:1/2024.pdf", data=b"%PDF b", source="s",
        department="市卫健委", region="青川市", fiscal_year=2024, doc_type="final_account",
    )  # fmt: skip
    store.save_parse(short.document_id, ParsedDocument("final_account"))
    store.mark_removed(short.document_id, "http 404")
    run_checks(store.db, config_from_dict({}), date(2025, 1, 1), only=["document_removed"])
    keys = {row[0] for row in store.db.execute("SELECT department_key FROM findings")}
    assert keys == {"青川市卫健委"}
