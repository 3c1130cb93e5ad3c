"""Checks on budgets: the real budgets of ../shared/real/budgets (skipped when absent)
give exactly the problems of their reviewers' checklists that fall to these checks, and
an empty-table note contradicted elsewhere is found in budgets and final accounts alike."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from fiscalwatch.budget_template import BUDGET_PARTS
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
    """The checklists' text against tables: 部门 item 12 (住房公积金 208.8 then 201.50),
    单位 items 7 (56.12 then 57.8) and 13 (207 then 170.03), and in both 210类 named
    医疗卫生与计划生育支出 where the tables print 卫生健康支出; nothing else."""
    department = ingest(store, shared_dir / BUDGETS / f"{DEPARTMENT}2026年度部门预算.pdf")
    unit = ingest(store, shared_dir / BUDGETS / f"{DEPARTMENT}2026年度单位预算.pdf")
    levels = dict(store.db.execute("SELECT id, level FROM documents").fetchall())
    assert levels == {department: "department", unit: "unit"}
    check(store, date(2026, 3, 31))
    # The reviewer checks' findings on the same files: tests/monitor/test_reviewer_checks.py.
    items = [
        f for f in open_findings(store) if f["evidence"].get("kind") in ("item_amount", "item_name")
    ]
    found = sorted(
        (f["document_id"], f["check"], f["evidence"].get("code"), f["evidence"]["stated"])
        for f in items
    )
    assert found == [
        (department, "inconsistent_figures", "210", "医疗卫生与计划生育支出"),
        (department, "inconsistent_figures", "2210201", 201.5),
        (unit, "inconsistent_figures", "2080501", 57.8),
        (unit, "inconsistent_figures", "210", "医疗卫生与计划生育支出"),
        (unit, "inconsistent_figures", "2210203", 170.03),
    ]
    (first,) = [
        f
        for f in items
        if f["document_id"] == department and f["evidence"]["relation"] == "item_amount"
    ]
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


def account_and_budget(
    store: Store, final: list[tuple], budget: list[tuple], budget_level: str | None = None
) -> tuple[int, int]:
    account = add_document(
        store,
        url="http://127.0.0.1:8001/final2024.pdf",
        department="青川市司法局",
        year=2024,
        figures=final,
    )
    planned = add_document(
        store,
        url="http://127.0.0.1:8001/budget2024.pdf",
        department="青川市司法局",
        year=2024,
        doc_type="budget",
        level=budget_level,
        figures=budget,
    )
    return account, planned


def test_budget_mismatch_holds_the_stated_initial_budget_to_the_published_one(
    store: Store,
) -> None:
    account, planned = account_and_budget(
        store,
        final=[
            ("three_public_total_budget", 12.0, 9, "“三公”经费财政拨款支出年初预算数为12.00万元"),
            ("three_public_total", 8.2, 9, "“三公”经费支出决算8.20万元"),
            # a 全年预算数 is the budget as adjusted: not held against the published one
            ("official_reception_budget", 3.0, 9, "公务接待费全年预算数为3.00万元"),
        ],
        budget=[
            ("three_public_total", 10.81, 22, "“三公”经费预算数为10.81万元"),
            ("official_reception", 0.83, 22, "公务接待费0.83万元"),
        ],
    )
    check(store, date(2025, 10, 15), only=["budget_mismatch"])
    (finding,) = open_findings(store)
    evidence = finding["evidence"]
    assert finding["severity"] == "warning" and finding["document_id"] == account
    assert {k: evidence[k] for k in ("metric", "budget_value", "final_value")} == {
        "metric": "three_public_total",
        "budget_value": 10.81,
        "final_value": 12.0,
    }
    assert evidence["budget_document_id"] == planned
    assert (evidence["final_page"], evidence["budget_page"]) == (9, 22)
    assert "年初预算数为12.00万元" in evidence["final_quote"]
    assert "10.81万元" in evidence["budget_quote"]
    assert "而已公开的2024年度部门预算为10.81万元" in finding["message"]


def test_a_unit_budget_never_stands_in_for_the_department_one(store: Store) -> None:
    account_and_budget(
        store,
        final=[("three_public_total_budget", 12.0, 9, "“三公”经费年初预算数为12.00万元")],
        budget=[("three_public_total", 10.81, 22, "“三公”经费预算数为10.81万元")],
        budget_level="unit",
    )
    check(store, date(2025, 10, 15), only=["budget_mismatch", "budget_deviation"])
    assert open_findings(store) == []


def test_budget_deviation_beyond_the_threshold(store: Store) -> None:
    account_and_budget(
        store,
        final=[
            ("three_public_total", 8.2, 9, "“三公”经费支出决算8.20万元"),
            ("expenditure_total", 1050.0, 3, "支出总计1050.00万元"),
        ],
        budget=[
            ("three_public_total", 10.81, 22, "“三公”经费预算数为10.81万元"),
            ("expenditure_total", 1000.0, 8, "支出预算1000.00万元"),
        ],
    )
    check(store, date(2025, 10, 15), only=["budget_deviation"], budget_deviation_pct=10)
    (finding,) = open_findings(store)  # 5% on the total stays below the threshold
    assert finding["severity"] == "info"
    evidence = finding["evidence"]
    assert (evidence["metric"], evidence["deviation_pct"]) == ("three_public_total", -24.14)
    assert "比2024年度部门预算10.81万元少24.14%" in finding["message"]


def budget_with_change(store: Store, sentence: str) -> None:
    add_document(
        store,
        url="http://127.0.0.1:8001/budget2026.pdf",
        department="青川市司法局",
        year=2026,
        doc_type="budget",
        figures=[
            ("fiscal_appropriation_income", 8695.94, 6, "财政拨款收入8695.94万元"),
            (
                "fiscal_appropriation_income_change",
                794.88,
                6,
                sentence,
                "fiscal_appropriation_income",
            ),
            (
                "fiscal_appropriation_income_prev_implied",
                7901.06,
                6,
                sentence,
                "fiscal_appropriation_income",
            ),
        ],
    )


@pytest.mark.parametrize(
    ("sentence", "stored_in", "found"),
    [
        ("财政拨款收入8695.94万元，比2025年预算增加794.88万元", "budget", True),
        ("财政拨款收入8695.94万元，比2025年预算增加794.88万元", "final_account", False),
        ("财政拨款收入8695.94万元，比2025年预算执行数增加794.88万元", "final_account", True),
        ("财政拨款收入8695.94万元，比2025年预算执行数增加794.88万元", "budget", False),
        ("财政拨款收入8695.94万元，比2026年预算增加794.88万元", "budget", False),  # wrong year
    ],
)
def test_budget_changes_against_the_basis_they_name(
    store: Store, sentence: str, stored_in: str, found: bool
) -> None:
    add_document(
        store,
        url=f"http://127.0.0.1:8001/{stored_in}2025.pdf",
        department="青川市司法局",
        year=2025,
        doc_type=stored_in,
        figures=[("fiscal_appropriation_income", 7800.0, 6, "财政拨款收入7800.00万元")],
    )
    budget_with_change(store, sentence)
    check(store, date(2026, 3, 1), only=["restated_prior_year"])
    findings = open_findings(store)
    assert bool(findings) == found
    if found:
        evidence = findings[0]["evidence"]
        assert (evidence["implied_previous"], evidence["stored_previous"]) == (7901.06, 7800.0)
        assert evidence["previous_doc_type"] == stored_in


TOC = "目 录\n五、部门预算表\n" + "\n".join(
    f"  {n}. 2026年部门{name} ……………… {n + 9}"
    for n, name in enumerate(
        (
            "财务收支预算总表",
            "收入预算总表",
            "支出预算总表",
            "财政拨款收支预算总表",
            "一般公共预算支出功能分类预算表",
            "政府性基金预算支出功能分类预算表",
            "国有资本经营预算支出功能分类预算表",
            "一般公共预算基本支出部门预算经济分类预算表",
            "“三公”经费和机关运行经费预算表",
        ),
        start=1,
    )
)


@pytest.mark.parametrize(
    ("pages", "tables", "expected"),
    [
        # its own 目录 lists nine; the 三公 table is not there
        ([TOC], [f"table_0{n}" for n in range(1, 9)], [("three_public_operating", "toc")]),
        # no 目录: the 上海 family its tables follow
        (
            ["部门预算"],
            [f"table_0{n}" for n in range(1, 9)],
            [("three_public_operating", "family")],
        ),
        # neither a list nor a family: nothing is asked
        (["部门预算"], ["table_01", "table_03"], []),
        ([TOC], [*(f"table_0{n}" for n in range(1, 9)), "three_public_operating"], []),
    ],
)
def test_budget_tables_against_its_toc_then_its_family(
    store: Store, pages: list[str], tables: list[str], expected: list[tuple[str, str]]
) -> None:
    add_document(
        store,
        url="http://127.0.0.1:8001/budget2026.pdf",
        department="青川市司法局",
        year=2026,
        doc_type="budget",
        pages=pages,
        sections=[],
        tables=tables,
    )
    check(store, date(2026, 3, 1), only=["missing_section"])
    found = [
        (f["evidence"]["section"], f["evidence"]["expected_from"])
        for f in open_findings(store)
        if f["evidence"]["section"] not in BUDGET_PARTS  # parts: tested below
    ]
    assert found == expected


def test_real_budgets_have_all_their_parts(store: Store, shared_dir: Path) -> None:
    """Both reviewers' checklists find every part present: no missing part; and the
    部门 budget with its 项目经费情况说明 dropped (listed in its 目录) misses exactly it."""
    department = ingest(store, shared_dir / BUDGETS / f"{DEPARTMENT}2026年度部门预算.pdf")
    ingest(store, shared_dir / BUDGETS / f"{DEPARTMENT}2026年度单位预算.pdf")
    check(store, date(2026, 3, 31), only=["missing_section"])
    assert [f for f in open_findings(store) if f["evidence"]["section"] in BUDGET_PARTS] == []

    page_id, text = store.db.execute(
        "SELECT id, text FROM pages WHERE document_id = ? AND text LIKE '%项目经费情况说明%'"
        " ORDER BY page DESC LIMIT 1",
        [department],
    ).fetchone()
    store.db["pages"].update(page_id, {"text": text.replace("项目经费情况说明", "项目经费")})
    check(store, date(2026, 3, 31), only=["missing_section"], full=True)
    parts = [
        (f["document_id"], f["evidence"]["section"], f["evidence"]["expected_from"], f["message"])
        for f in open_findings(store)
        if f["evidence"]["section"] in BUDGET_PARTS
    ]
    assert parts == [
        (
            department,
            "project_funds",
            "toc",
            f"{DEPARTMENT} 2026年度部门预算：缺少“项目经费情况说明”部分",
        )
    ]


BODY = {
    "duties": "上海市普陀区青川局主要职能\n青川局是主管本区青川工作的区政府工作部门，主要职责是：",
    "organization": "上海市普陀区青川局机构设置\n本局内设4个科室。",
    "glossary": "名词解释\n1.财政拨款收入：指区财政当年拨付的资金。",
    "budget_explanation": "2026年部门预算编制说明\n2026年，本局收入预算总额800万元。",
    "other_matters": "其他相关情况说明\n一、2026年“三公”经费预算情况说明",
}
PART_TOC = "目 录\n一、部门主要职能\n二、部门机构设置\n三、名词解释\n四、部门预算编制说明"


@pytest.mark.parametrize(
    ("toc", "dropped", "expected"),
    [
        # its 目录 lists four parts: the one it drops is missing, 其他 is not asked
        (PART_TOC, "glossary", [("glossary", "toc", "名词解释")]),
        (PART_TOC, "other_matters", []),
        # no 目录 of parts: the 上海 family's five
        ("部门预算", "other_matters", [("other_matters", "family", "其他相关情况说明")]),
        # every part there
        (PART_TOC + "\n六、其他相关情况说明……22", None, []),
    ],
)
def test_budget_parts_against_its_toc_then_its_family(
    store: Store, toc: str, dropped: str | None, expected: list[tuple[str, str, str]]
) -> None:
    add_document(
        store,
        url="http://127.0.0.1:8001/budget2026.pdf",
        department="青川局",
        year=2026,
        doc_type="budget",
        pages=[toc, *(text for key, text in BODY.items() if key != dropped)],
        sections=[],
        tables=[*(f"table_0{n}" for n in range(1, 9)), "three_public_operating"],
    )
    check(store, date(2026, 3, 1), only=["missing_section"])
    found = [
        (f["evidence"]["section"], f["evidence"]["expected_from"], f["evidence"]["title"])
        for f in open_findings(store)
    ]
    assert found == expected
