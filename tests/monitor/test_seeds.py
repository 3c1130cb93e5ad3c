"""The seeds as the parser stores them: seed 004 yields its planted problems and the
clean seeds 000, 002, 003 yield nothing (cases/seeds.toml lists every expected finding)."""

from __future__ import annotations

import pytest

from fiscalwatch.store import Store
from tests.monitor.builders import add_seed, check, finding_keys, open_findings, seeds


@pytest.mark.parametrize("name", sorted(seeds()))
def test_seed_yields_exactly_its_expected_findings(store: Store, name: str) -> None:
    add_seed(store, name)
    summary = check(store)
    assert summary.errors == {}
    assert finding_keys(store) == sorted(seeds()[name]["expected"])


def test_seed_004_share_evidence_points_at_the_page(store: Store) -> None:
    document_id = add_seed(store, "seed_004")
    check(store, only=["inconsistent_figures"])
    [finding] = open_findings(store, "inconsistent_figures")
    evidence = finding["evidence"]
    assert list(evidence)[:3] == ["metric", "stated", "computed"]
    assert (evidence["stated"], evidence["computed"]) == (99.35, 97.87)
    assert evidence["document_id"] == document_id and evidence["page"] == 3
    assert "99.35%" in evidence["snippet"]
    assert finding["department"] == "中共攀枝花市西区区委机构编制委员会办公室"
    assert finding["department_key"] == "攀枝花市西区区委编办"
    assert (finding["region"], finding["fiscal_year"]) == ("攀枝花市西区", 2024)
    assert finding["message"] == (
        "中共攀枝花市西区区委机构编制委员会办公室 2024年度部门决算：一般公共预算财政拨款支出"
        "占本年支出合计的比例写作99.35%，按154.25万元/157.60万元计算应为97.87%（第3页）"
    )


def test_seed_004_contradicting_reason_is_a_warning_quoting_it(store: Store) -> None:
    add_seed(store, "seed_004")
    check(store, only=["unexplained_change"])
    rows = open_findings(store, "unexplained_change")
    assert {r["severity"] for r in rows} == {"warning"}
    assert {r["evidence"]["problem"] for r in rows} == {"contradicts_direction"}
    assert {r["evidence"]["reason"] for r in rows} == {"人员经费增加", "人员经费增加引起"}
    assert "减少37.98万元" in rows[0]["message"]


def test_seed_004_tables_finding_lists_the_nine(store: Store) -> None:
    add_seed(store, "seed_004")
    check(store, only=["missing_section"])
    tables = [r for r in open_findings(store) if r["evidence"]["section"] == "tables"]
    assert len(tables[0]["evidence"]["missing"]) == 9
