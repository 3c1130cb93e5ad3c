"""missing_document: judged on ``as_of`` against ``[monitor] final_account_deadline``."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fiscalwatch.store import Store
from tests.monitor.builders import add_document, check, finding_keys, open_findings


def publish(store: Store, department: str, year: int, region: str = "青川市", **kw: Any) -> int:
    name = kw.pop("url", f"{year}.pdf")
    return add_document(
        store,
        url=f"http://127.0.0.1:8001/{region}/{department}/{name}",
        department=department,
        year=year,
        region=region,
        **kw,
    )


@pytest.mark.parametrize(
    ("as_of", "deadline", "expected"),
    [
        (date(2025, 6, 1), "09-30", []),
        (date(2025, 9, 30), "09-30", []),  # on the deadline day it is not late yet
        (date(2025, 10, 1), "09-30", ["missing_document:2024"]),
        (date(2025, 7, 1), "06-30", ["missing_document:2024"]),
        (date(2026, 10, 1), "09-30", ["missing_document:2024", "missing_document:2025"]),
    ],
)
def test_deadline(store: Store, as_of: date, deadline: str, expected: list[str]) -> None:
    publish(store, "青川市卫生健康委员会", 2023)
    check(store, as_of, only=["missing_document"], final_account_deadline=deadline)
    assert finding_keys(store) == expected


def test_finding_names_department_year_and_deadline(store: Store) -> None:
    publish(store, "青川市卫生健康委员会", 2023)
    check(store, date(2025, 10, 1), only=["missing_document"])
    [finding] = open_findings(store)
    assert finding["severity"] == "critical"
    assert (finding["department"], finding["region"], finding["fiscal_year"]) == (
        "青川市卫生健康委员会",
        "青川市",
        2024,
    )
    assert finding["department_key"] == "青川市卫健委"
    evidence = finding["evidence"]
    assert list(evidence)[:2] == ["doc_type", "deadline"]
    assert (evidence["doc_type"], evidence["deadline"]) == ("final_account", "2025-09-30")
    assert evidence["last_year"] == 2023
    assert finding["message"] == (
        "青川市 青川市卫生健康委员会：2024年度部门决算逾期未公开（应于2025-09-30前公开；"
        "上次公开为2023年度）"
    )


def test_name_variant_across_years_is_the_same_department(store: Store) -> None:
    publish(store, "青川市卫生健康委员会", 2023)
    publish(store, "青川市卫健委", 2024)
    check(store, date(2025, 10, 1), only=["missing_document"])
    assert finding_keys(store) == []


def test_another_region_does_not_count(store: Store) -> None:
    publish(store, "财政局", 2023, region="青川市")
    publish(store, "财政局", 2024, region="白水县")
    check(store, date(2025, 10, 1), only=["missing_document"])
    assert [(r["region"], r["fiscal_year"]) for r in open_findings(store)] == [("青川市", 2024)]


def test_every_year_since_the_last_publication_is_missing(store: Store) -> None:
    publish(store, "青川市财政局", 2021)
    check(store, date(2025, 10, 1), only=["missing_document"])
    assert [r["fiscal_year"] for r in open_findings(store)] == [2022, 2023, 2024]


def test_unreadable_or_budget_documents(store: Store) -> None:
    publish(store, "青川市财政局", 2023)
    stored = store.record_document(
        url="http://127.0.0.1:8001/qc/cz/2024.pdf",
        data=b"%PDF scanned",
        source="test",
        department="青川市财政局",
        region="青川市",
        fiscal_year=2024,
        doc_type="final_account",
    )
    store.mark_failed(stored.document_id, "scanned PDF, no OCR", "unreadable")
    publish(store, "青川市教育局", 2023)
    publish(store, "青川市教育局", 2024, doc_type="budget")
    check(store, date(2025, 10, 1), only=["missing_document"])
    # The unreadable final account is there (unreadable_document's business); a budget is
    # not a final account: 教育局's 2024 account is missing, and so is its 2025 budget
    # (due 2025-04-30).
    found = [
        (r["department"], r["evidence"]["doc_type"], r["fiscal_year"]) for r in open_findings(store)
    ]
    assert sorted(found) == [
        ("青川市教育局", "budget", 2025),
        ("青川市教育局", "final_account", 2024),
    ]


ROSTER = [
    {
        "name": "qingchuan",
        "region": "青川市",
        "start_urls": ["http://127.0.0.1:8001/"],
        "departments": ["青川市财政局", "市卫健委", "青川市教育局"],
    }
]


def test_roster_departments_are_expected(store: Store) -> None:
    publish(store, "青川市卫生健康委员会", 2024)  # "市卫健委" on the roster
    publish(store, "青川市财政局", 2023)  # published the year before only
    check(store, date(2025, 10, 1), only=["missing_document"], sources=ROSTER)
    found = {(r["department"], r["fiscal_year"]): r for r in open_findings(store)}
    assert sorted(found) == [
        ("青川市教育局", 2023),  # the region has 2023 documents
        ("青川市教育局", 2024),
        ("青川市财政局", 2024),
    ]
    assert found[("青川市教育局", 2024)]["evidence"]["on_roster"] is True
    assert found[("青川市教育局", 2024)]["source"] == "qingchuan"


def test_resolved_when_the_document_appears(store: Store) -> None:
    publish(store, "青川市财政局", 2023)
    check(store, date(2025, 10, 1), only=["missing_document"])
    [missing] = open_findings(store)
    publish(store, "青川市财政局", 2024)
    summary = check(store, date(2025, 10, 2), only=["missing_document"])
    assert summary.resolved == 1 and open_findings(store) == []
    row = store.db.table("findings").get(missing["id"])
    assert row["resolved_at"] is not None


def test_budgets_are_expected_by_their_own_deadline_and_level(store: Store) -> None:
    """A budget of Y is due by budget_deadline (04-30) of Y itself; a 单位 budget never
    stands in for the 部门 budget."""
    publish(store, "青川市司法局", 2024, doc_type="budget")
    publish(store, "青川市司法局", 2025, doc_type="budget", level="unit", url="u2025")
    check(store, date(2025, 4, 30), only=["missing_document"])
    assert open_findings(store) == []  # 2025 budget not yet due
    check(store, date(2025, 5, 1), only=["missing_document"])
    (finding,) = open_findings(store)
    evidence = finding["evidence"]
    assert (finding["fiscal_year"], evidence["doc_type"], evidence["level"]) == (
        2025,
        "budget",
        "department",
    )
    assert evidence["deadline"] == "2025-04-30"
    assert "2025年度部门预算逾期未公开" in finding["message"]


def test_a_unit_budget_series_is_expected_on_its_own(store: Store) -> None:
    publish(store, "青川市司法局", 2024, doc_type="budget", level="unit", url="u2024")
    publish(store, "青川市司法局", 2025, doc_type="budget", url="d2025")
    check(store, date(2025, 5, 1), only=["missing_document"])
    (finding,) = open_findings(store)
    assert finding["evidence"]["level"] == "unit"
    assert "2025年度单位预算逾期未公开" in finding["message"]
