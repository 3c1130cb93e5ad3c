"""Checks on budgets: the real budgets of ../shared/real/budgets (skipped when absent)
give exactly the problems of their reviewers' checklists that fall to these checks, and
an empty-table note contradicted elsewhere is found in budgets and final accounts alike."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from fiscalwatch.parsing.document import Hints, parse_bytes
from fiscalwatch.store import Store
from tests.monitor.builders import add_document, check, open_findings

BUDGETS = "real/budgets"
DEPARTMENT = "上海市普陀区司法局"


def ingest(store: Store, path: Path) -> int:
    if not path.is_file():
        pytest.skip(f"{path.name} is not in ../shared/real/budgets")
    data = path.read_bytes()
    stored = store.record_document(
        url=f"http://127.0.0.1:8001/budgets/{path.name}",
        data=data,
        source="test",
        title=path.stem,
        department=DEPARTMENT,
        region="普陀区",
        fiscal_year=2026,
    )
    store.save_parse(stored.document_id, parse_bytes(data, Hints(filename=path.name)))
    return stored.document_id


def test_real_budgets_checklist_problems(store: Store, shared_dir: Path) -> None:
    """The checklists' text-against-table amounts: 部门 item 12 (住房公积金 208.8 then
    201.50), 单位 items 7 (56.12 then 57.8) and 13 (207 then 170.03); nothing else."""
    department = ingest(store, shared_dir / BUDGETS / f"{DEPARTMENT}2026年度部门预算.pdf")
    unit = ingest(store, shared_dir / BUDGETS / f"{DEPARTMENT}2026年度单位预算.pdf")
    levels = dict(store.db.execute("SELECT id, level FROM documents").fetchall())
    assert levels == {department: "department", unit: "unit"}
    check(store, date(2026, 3, 31))
    found = sorted(
        (f["document_id"], f["check"], f["evidence"].get("code"), f["evidence"]["stated"])
        for f in open_findings(store)
    )
    assert found == [
        (department, "inconsistent_figures", "2210201", 201.5),
        (unit, "inconsistent_figures", "2080501", 57.8),
        (unit, "inconsistent_figures", "2210203", 170.03),
    ]
    (first,) = [f for f in open_findings(store) if f["document_id"] == department]
    assert first["evidence"]["table_value"] == pytest.approx(208.7959)
    assert "住房公积金（2210201）开头写208.80万元，后文“预算安排”写201.50万元" in first["message"]
    assert "与开头所列金额一致" in first["message"]


@pytest.mark.parametrize("doc_type", ["budget", "final_account"])
def test_empty_table_note_contradicted_by_the_text(store: Store, doc_type: str) -> None:
    note = "注:本部门2026年无“三公”经费和机关运行经费预算，故本表为空表。"
    add_document(
        store,
        url="http://127.0.0.1:8001/a.pdf",
        department="青川市司法局",
        year=2024,
        doc_type=doc_type,
        pages=["“三公”经费预算数为10.81万元，机关运行经费217.83万元。"],
        tables=["table_01", "table_09"],
        empty_tables=["table_09"],
        table_notes={"table_09": note},
        figures=[
            ("three_public_total", 10.81, 1, "10.81万元"),
            ("operating_expenses", 217.83, 1, "217.83万元"),
        ],
    )
    check(store, date(2025, 1, 31), only=["inconsistent_figures"])
    (finding,) = open_findings(store)
    evidence = finding["evidence"]
    assert (evidence["relation"], evidence["metric"], evidence["stated"]) == (
        "empty_table_note",
        "three_public_total",
        10.81,
    )
    assert evidence["note"] == note
    assert "10.81万元" in evidence["quote"]
    assert "注明为空表" in finding["message"] and "10.81万元" in finding["message"]


@pytest.mark.parametrize(
    ("note", "value"),
    [("本表为空表", 0.0), (None, 10.81)],  # zero agrees; no note: perhaps the parser's miss
)
def test_empty_table_without_contradiction(store: Store, note: str | None, value: float) -> None:
    add_document(
        store,
        url="http://127.0.0.1:8001/b.pdf",
        department="青川市司法局",
        year=2024,
        doc_type="budget",
        tables=["table_09"],
        empty_tables=["table_09"],
        table_notes={"table_09": note} if note else {},
        figures=[("three_public_total", value, 1, "三公")],
    )
    check(store, date(2025, 1, 31), only=["inconsistent_figures"])
    assert open_findings(store) == []
