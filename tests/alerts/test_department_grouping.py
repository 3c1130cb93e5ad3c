"""A digest lists one department's findings together, whatever name each document used."""

from __future__ import annotations

from datetime import date

from fiscalwatch.alerts.digest import group
from fiscalwatch.alerts.outbox import open_findings
from fiscalwatch.config import config_from_dict
from fiscalwatch.models import ParsedDocument
from fiscalwatch.monitor.runner import run_checks
from fiscalwatch.store import Store


def test_two_names_one_department_group(store: Store) -> None:
    for year, name in ((2023, "青川市卫生健康委员会"), (2024, "市卫健委")):
        stored = store.record_document(
            url=f"http://127.0.0.1:1/{year}.pdf", data=f"%PDF {year}".encode(), source="qc",
            department=name, region="青川市", fiscal_year=year, doc_type="final_account",
        )  # fmt: skip
        store.save_parse(stored.document_id, ParsedDocument("final_account"))
        store.mark_removed(stored.document_id, "http 404")
    run_checks(store.db, config_from_dict({}), date(2025, 10, 15), only=["document_removed"])
    [region] = group(open_findings(store.db))
    [department] = region.departments
    assert department.name == "青川市卫生健康委员会"
    assert len(department.findings) == 2
