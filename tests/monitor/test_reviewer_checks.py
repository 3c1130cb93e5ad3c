"""The reviewer checks: table relations (one finding per cause), wrong_year,
direction_contradiction, unfinished_text, copied_prior_text — on the real budgets and
their reviewers' checklists (../shared/real/budgets, skipped when absent), on the real
final accounts (no false warning), and on stored documents built through the Store API."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from fiscalwatch.models import Figure, Page, ParsedDocument, Table
from fiscalwatch.monitor.checks.arithmetic import _agrees
from fiscalwatch.monitor.checks.grids import read_grid
from fiscalwatch.monitor.checks.rounding import allowance, per_term
from fiscalwatch.monitor.checks.table_relations import _row_sums
from fiscalwatch.parsing.document import Hints, parse_bytes
from fiscalwatch.store import Store
from tests.conftest import add_document
from tests.monitor.builders import check, open_findings

NEW = ["inconsistent_figures", "wrong_year", "direction_contradiction", "unfinished_text"]
NEW_KINDS = {"relation", "emptiness", "procurement_sme"}
DEPARTMENT = "上海市普陀区司法局"


def reviewer_findings(store: Store) -> set[tuple[int, str, str, str]]:
    """(document, check, kind, severity) of the reviewer checks' open findings."""
    out = set()
    for f in open_findings(store):
        kind = f["evidence"].get("kind") or ""
        if f["check"] == "inconsistent_figures" and kind not in NEW_KINDS:
            continue
        if f["check"] in (*NEW, "copied_prior_text"):
            out.add((f["document_id"], f["check"], kind, f["severity"]))
    return out


def ingest(store: Store, path: Path, department: str, year: int, doc_type: str) -> int:
    if not path.is_file():
        pytest.skip(f"{path.name} is not in ../shared/real")
    data = path.read_bytes()
    stored = store.record_document(
        url=f"http://127.0.0.1:8001/real/{path.name}",
        data=data,
        source="test",
        title=path.stem,
        department=department,
        region="普陀区",
        fiscal_year=year,
        doc_type=doc_type,
    )
    store.save_parse(stored.document_id, parse_bytes(data, Hints(filename=path.name)))
    return stored.document_id


def test_real_budgets_give_their_checklists_items(store: Store, shared_dir: Path) -> None:
    """Every machine-checkable item of the two checklists (the text-against-table item
    amounts are i17's, tested in test_budgets.py), and nothing else."""
    folder = shared_dir / "real" / "budgets"
    dept = ingest(store, folder / f"{DEPARTMENT}2026年度部门预算.pdf", DEPARTMENT, 2026, "budget")
    unit = ingest(store, folder / f"{DEPARTMENT}2026年度单位预算.pdf", DEPARTMENT, 2026, "budget")
    check(store, date(2026, 3, 31))
    assert reviewer_findings(store) == {
        # 部门: "5处与2025年预算比较的描述" — the text compares with 2026, its own year.
        (dept, "wrong_year", "comparison", "warning"),
        # 部门 item 6: 43269.3 → 3845.49 "增加17.62%" (and two more rates the amounts deny).
        (dept, "direction_contradiction", "stated_rate", "warning"),
        (dept, "unfinished_text", "doubled_punctuation", "info"),  # "支出。。"
        (dept, "unfinished_text", "unmatched_quote", "info"),  # "…检查”、优秀调解案例”活动"
        # 单位: 1690.69 → 1434.89 "减少1.10%".
        (unit, "direction_contradiction", "stated_rate", "warning"),
        (unit, "unfinished_text", "empty_reason", "warning"),  # "持平，主要原因是。"
        (unit, "unfinished_text", "choice_left", "warning"),  # "增加（减少）的主要原因"
        (unit, "unfinished_text", "level_wording", "info"),  # "2026年部门预算安排购置车辆"
        # 行政运行: 合计 14,348,853.34 = 基本 14,348,853.34 + 项目 64,840,547.00, in two tables.
        (unit, "inconsistent_figures", "relation", "warning"),
    }
    rates = {
        f["document_id"]: f["evidence"]["occurrences"]
        for f in open_findings(store, "direction_contradiction")
    }
    assert {(o["stated"], o["computed"]) for o in rates[dept]} >= {(17.62, -91.11)}
    assert {(o["stated"], o["computed"]) for o in rates[unit]} >= {(-1.1, -15.13)}
    relations = [
        f
        for f in open_findings(store, "inconsistent_figures")
        if f["evidence"]["kind"] == "relation"
    ]
    assert len(relations) == 2  # one per table, each naming the 项目支出 cell of 行政运行
    for finding in relations:
        suspect = finding["evidence"]["suspect"]
        assert suspect["row"] == "2040601 行政运行" and suspect["column"].endswith("项目支出")
        assert len(finding["evidence"]["relation"]) == 2  # the row sum and 司法 = Σ项
    (years,) = open_findings(store, "wrong_year")
    assert years["evidence"]["count"] == 5


def test_real_final_accounts_no_false_warning(store: Store, shared_dir: Path) -> None:
    """The real 2024 account: its own "下降(增长)27.78%" and nothing else; the official
    template (XX placeholders, 增加(减少) choices) only its choices."""
    real = shared_dir / "real"
    account = ingest(
        store,
        real / "上海市普陀区规划和自然资源局2024年度部门决算.pdf",
        "规划资源局",
        2024,
        "final_account",
    )
    template = ingest(
        store,
        real / "上海市XX局2024年度部门决算(官方模板).pdf",
        "上海市XX局",
        2024,
        "final_account",
    )
    check(store, date(2025, 6, 1), only=[*NEW, "copied_prior_text"])
    assert reviewer_findings(store) == {
        (account, "unfinished_text", "choice_left", "warning"),
        (template, "unfinished_text", "choice_left", "warning"),
    }


# -- rounding ----------------------------------------------------------------------------


def test_rounding_allowance_per_term() -> None:
    # Seed 003: 基本支出 2,926.12 = 人员经费 2,644.72 + 公用经费 281.39 (= 2,926.11): three
    # rounded terms may be 0.03 apart.
    assert allowance(3, 0.05) == pytest.approx(0.03)
    assert _agrees(2926.12, [2644.72, 281.39], True, 0.05)
    assert not _agrees(2926.12, [2644.72, 281.30], True, 0.05)
    # Coarser documents: whole 万元 bring up to [monitor] tolerance each, never more.
    assert per_term(1.0, 0.05) == pytest.approx(0.05)
    assert _agrees(116, [58, 58.04], True, 0.05)
    # A table in 元 adds up to the cent; an integer cell in it may hide 0.5元.
    assert per_term(0.01, 0.05, 1e-4) == pytest.approx(1e-6)
    assert per_term(1.0, 0.05, 1e-4) == pytest.approx(5e-5)


def test_an_integer_cell_in_a_yuan_table_is_rounding() -> None:
    """The real 单位 budget's 合计 row prints 基本支出 as "22,118,861" (…861.34): rounding,
    not a finding; its 行政运行 row's 项目支出 is."""
    rows = [
        ["类", "款", "项", "功能分类科目名称", "合计", "基本支出", "项目支出"],
        ["204", "", "", "公共安全支出", "79,189,400.34", "14,348,853.34", "64,840,547.00"],
        ["204", "06", "", "司法", "79,189,400.34", "14,348,853.34", "64,840,547.00"],
        ["204", "06", "01", "行政运行", "14,348,853.34", "14,348,853.34", "64,840,547.00"],
        ["204", "06", "02", "一般行政管理事务", "64,840,547.00", "0.00", "64,840,547.00"],
        ["合计", "合计", "合计", "合计", "79,189,400.34", "14,348,853", "64,840,547.00"],
    ]
    grid = read_grid("table_05", "", None, rows)
    assert grid is not None
    assert [r.code for r in grid.rows] == ["204", "20406", "2040601", "2040602", ""]
    grid.factor = 1e-4
    broken = list(_row_sums(grid, 0.05))
    assert [b.total[0].row for b in broken] == ["2040601 行政运行"]


# -- stored documents ----------------------------------------------------------------------


def save(
    store: Store,
    url: str,
    pages: list[str],
    *,
    year: int = 2024,
    department: str = "青川市司法局",
    tables: dict[str, list[list[str]]] | None = None,
    figures: list[Figure] | None = None,
    doc_type: str = "final_account",
) -> int:
    return add_document(
        store,
        url=url,
        data=url.encode(),
        title=None,
        department=department,
        fiscal_year=year,
        doc_type=doc_type,
        parsed=ParsedDocument(
            doc_type=doc_type,
            department=department,
            fiscal_year=year,
            pages=[Page(i + 1, text) for i, text in enumerate(pages)],
            tables=[Table(key, key, 3, rows=rows) for key, rows in (tables or {}).items()],
            figures=figures or [],
        ),
    )


GENERAL = [
    ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
    ["", "合计", "150.00", "120.00", "30.00"],
    ["201", "一般公共服务支出", "150.00", "120.00", "30.00"],
    ["20101", "人大事务", "150.00", "120.00", "30.00"],
    ["2010101", "行政运行", "100.00", "100.00", "0.00"],
    ["2010102", "一般行政管理事务", "50.00", "20.00", "30.00"],
]
BASIC = [
    ["科目编码", "科目名称", "决算数", "科目编码", "科目名称", "决算数"],
    ["301", "工资福利支出", "90.00", "302", "商品和服务支出", "20.00"],
    ["30101", "基本工资", "90.00", "30201", "办公费", "20.00"],
    ["303", "对个人和家庭的补助", "10.00", "310", "资本性支出", "0.00"],
    ["", "人员经费合计", "100.00", "", "公用经费合计", "20.00"],
]
TABLE_FIGURES = [
    Figure("general_budget_expenditure", 150.0, table_key="table_05", origin="table"),
    Figure("public_expenses", 20.0, table_key="table_06", origin="table"),
]


def relations(store: Store) -> list[dict[str, Any]]:
    return [
        f
        for f in open_findings(store, "inconsistent_figures")
        if f["evidence"].get("kind") in NEW_KINDS
    ]


def test_consistent_tables_give_nothing(store: Store) -> None:
    save(
        store,
        "http://127.0.0.1/a.pdf",
        ["说明"],
        tables={"table_05": GENERAL, "table_06": BASIC},
        figures=TABLE_FIGURES,
    )
    check(store, only=["inconsistent_figures"])
    assert relations(store) == []


def test_one_wrong_number_one_finding_listing_its_relations(store: Store) -> None:
    wrong = [list(r) for r in GENERAL]
    wrong[4][3] = "90.00"  # 行政运行's 基本支出: its row sum and 人大事务 = Σ项 both break
    save(
        store,
        "http://127.0.0.1/a.pdf",
        ["说明"],
        tables={"table_05": wrong, "table_06": BASIC},
        figures=TABLE_FIGURES,
    )
    check(store, only=["inconsistent_figures"])
    (finding,) = relations(store)
    evidence = finding["evidence"]
    assert evidence["suspect"] == {
        "table": "table_05",
        "row": "2010101 行政运行",
        "column": "基本支出",
    }
    assert len(evidence["relation"]) == 2
    assert {r["tables"][0] for r in evidence["relation"]} == {"table_05"}
    assert "同时使2处勾稽关系不成立" in finding["message"]


def test_basic_table_against_the_general_budget_table(store: Store) -> None:
    basic = [list(r) for r in BASIC]
    basic[4][2] = "110.00"  # 人员经费合计 ≠ 301 + 303 and ≠ the 基本支出 it must add up to
    save(
        store,
        "http://127.0.0.1/a.pdf",
        ["说明"],
        tables={"table_05": GENERAL, "table_06": basic},
        figures=TABLE_FIGURES,
    )
    check(store, only=["inconsistent_figures"])
    (finding,) = relations(store)
    tables = {t for r in finding["evidence"]["relation"] for t in r["tables"]}
    assert tables == {"table_05", "table_06"}
    assert finding["evidence"]["suspect"]["row"] == "人员经费合计"


def test_three_public_budget_columns(store: Store) -> None:
    labels = [
        "合计",
        "因公出国(境)费",
        "公务用车购置及运行维护费",
        "公务用车购置费",
        "公务用车运行维护费",
        "公务接待费",
    ]
    rows = [
        ["预算数"] + [""] * 5 + ["决算数"] + [""] * 5,
        labels + labels,
        [
            "10.00",
            "2.00",
            "6.00",
            "1.00",
            "5.00",
            "3.00",
            "8.00",
            "0.00",
            "6.00",
            "1.00",
            "5.00",
            "2.00",
        ],
    ]
    save(
        store,
        "http://127.0.0.1/a.pdf",
        ["说明"],
        tables={"table_09": rows},
        figures=[Figure("three_public_total", 8.0, table_key="table_09", origin="table")],
    )
    check(store, only=["inconsistent_figures"])
    (finding,) = relations(store)
    (relation,) = finding["evidence"]["relation"]
    assert relation["columns"][0].startswith("预算数")
    assert relation["stated"] == 10.0 and relation["computed"] == 11.0


def test_fund_zero_in_the_fiscal_table_while_its_own_table_holds_amounts(store: Store) -> None:
    fiscal = [
        ["收入项目", "金额", "支出项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款"],
        ["一、一般公共预算财政拨款", "100.00", "一、城乡社区支出", "100.00", "100.00", "0.00"],
        ["本年收入合计", "100.00", "本年支出合计", "100.00", "100.00", "0.00"],
    ]
    fund = [
        ["科目编码", "科目名称", "年初结转和结余", "本年收入", "本年支出", "年末结转和结余"],
        ["", "合计", "0.00", "40.00", "40.00", "0.00"],
        ["212", "城乡社区支出", "0.00", "40.00", "40.00", "0.00"],
    ]
    save(
        store,
        "http://127.0.0.1/a.pdf",
        ["说明"],
        tables={"table_04": fiscal, "table_07": fund},
        figures=[
            Figure("fiscal_expenditure_total", 100.0, table_key="table_04", origin="table"),
            Figure("gov_fund_expenditure", 40.0, table_key="table_07", origin="table"),
        ],
    )
    check(store, only=["inconsistent_figures"])
    (finding,) = relations(store)
    assert finding["evidence"]["kind"] == "emptiness"


def test_procurement_sme_above_total(store: Store) -> None:
    rows = [
        ["单位名称", "采购总额", "货物", "工程", "服务", "授予中小企业合同金额"],
        ["合计", "50.00", "10.00", "20.00", "20.00", "60.00"],
    ]
    save(
        store,
        "http://127.0.0.1/a.pdf",
        ["说明"],
        tables={"procurement": rows},
        figures=[Figure("procurement_total", 50.0, table_key="procurement", origin="table")],
    )
    check(store, only=["inconsistent_figures"])
    (finding,) = relations(store)
    assert finding["evidence"]["kind"] == "procurement_sme"


def test_a_grid_cut_apart_by_the_parser_is_left_alone(store: Store) -> None:
    rows = [
        ["科目编码", "科目名称", "合计", "", "基本支出", "项目支出"],
        ["", "合计", "35", "159", "000.00", "6"],
        ["", "", ",,", "", ",", ""],
    ]
    save(store, "http://127.0.0.1/a.pdf", ["说明"], tables={"table_05": rows})
    check(store, only=["inconsistent_figures"])
    assert relations(store) == []


# -- text checks ---------------------------------------------------------------------------


def kinds(store: Store, name: str) -> set[str]:
    return {f["evidence"]["kind"] for f in open_findings(store, name)}


def test_wrong_year_and_what_is_legitimate(store: Store) -> None:
    save(
        store,
        "http://127.0.0.1/ok.pdf",
        [
            "青川市司法局2024年度部门决算",
            "依据《2023年度部门决算编制说明》编制。支出总计100.00万元，比2023年增加10.00万元。"
            "截至2024年12月31日，本部门共有车辆2辆。2024年度支出决算比2024年年初预算增加5.00万元。",
        ],
    )
    save(
        store,
        "http://127.0.0.1/bad.pdf",
        [
            "青川市民政局2024年度部门决算",
            "三、2023年度一般公共预算财政拨款支出决算情况说明\n截至2023年12月31日，本部门共有车辆2辆。"
            "支出总计100.00万元，比2024年增加10.00万元。",
        ],
        department="青川市民政局",
    )
    check(store, only=["wrong_year"])
    by_doc = {f["url"]: f["evidence"]["kind"] for f in open_findings(store, "wrong_year")}
    assert "http://127.0.0.1/ok.pdf" not in by_doc
    assert kinds(store, "wrong_year") == {"heading", "as_of", "comparison"}


def test_cover_year_against_body(store: Store) -> None:
    body = "2023年度部门决算说明。" * 3
    save(store, "http://127.0.0.1/a.pdf", ["青川市司法局2024年度部门决算", body, body])
    check(store, only=["wrong_year"])
    assert kinds(store, "wrong_year") == {"cover_body"}


def test_direction_contradictions(store: Store) -> None:
    save(
        store,
        "http://127.0.0.1/a.pdf",
        [
            "收入总计比上年减少77.37万元，主要原因是人员减少。支出总计比上年增加77.37万元。"
            "政府性基金预算财政拨款支出0万元，比上年增加43.84万元。"
            "“三公”经费全年预算数为10.00万元，决算数为12.00万元，决算数小于预算数。",
        ],
    )
    save(
        store,
        "http://127.0.0.1/b.pdf",
        [
            "收入总计比上年减少7.37万元。支出总计比上年减少7.37万元。"
            "一般公共预算财政拨款支出100.00万元，比上年增加43.84万元。"
            "“三公”经费全年预算数为10.00万元，决算数为8.00万元，决算数小于预算数。",
        ],
        department="青川市民政局",
    )
    check(store, only=["direction_contradiction"])
    found = {(f["url"][-5:], f["evidence"]["kind"]) for f in open_findings(store)}
    assert found == {
        ("a.pdf", "opposite_totals"),
        ("a.pdf", "rise_above_current"),
        ("a.pdf", "budget_wording"),
    }


def test_three_public_over_budget_without_reason(store: Store) -> None:
    figures = [
        Figure("three_public_total", 12.0, page=1, text="12.00万元"),
        Figure("three_public_total_budget", 10.0, page=1, text="10.00万元"),
    ]
    save(store, "http://127.0.0.1/a.pdf", ["“三公”经费支出12.00万元。"], figures=figures)
    save(
        store,
        "http://127.0.0.1/b.pdf",
        ["“三公”经费支出12.00万元，超过预算，主要原因是新增公务用车运行维护。"],
        figures=figures,
        department="青川市民政局",
    )
    check(store, only=["direction_contradiction"])
    (finding,) = open_findings(store)
    assert finding["url"].endswith("a.pdf") and finding["severity"] == "info"


def test_unfinished_text(store: Store) -> None:
    save(
        store,
        "http://127.0.0.1/a.pdf",
        [
            "公务用车购置及运行费9.98万元，与上年持平，主要原因是。其中：待填写。"
            "财政拨款收入支出增加（减少）的主要原因是业务量增加。主要用于运行维护等方面的支出。。"
            "预算预算安排。开展“人民调解协议书检查”、优秀调解案例”活动。",
        ],
    )
    save(
        store,
        "http://127.0.0.1/b.pdf",
        ["主要原因是业务量增加。……详见附表。《“三公”经费管理办法》规定，“公务接待”应从简。"],
        department="青川市民政局",
    )
    check(store, only=["unfinished_text"])
    assert {f["url"] for f in open_findings(store)} == {"http://127.0.0.1/a.pdf"}
    assert kinds(store, "unfinished_text") == {
        "empty_reason",
        "to_fill",
        "choice_left",
        "doubled_punctuation",
        "doubled_word",
        "unmatched_quote",
    }


CHANGE = (
    "2024年度支出总计{total}万元，比上年{word}{change}万元，{rate_word}7.31%。"
    "主要原因是业务量增加，日常公用经费相应调整。"
)


def statement(year: int, total: str, change: str, up: bool = True) -> str:
    return CHANGE.replace("2024", str(year)).format(
        total=total,
        change=change,
        word="增加" if up else "减少",
        rate_word="增长" if up else "下降",
    )


def test_copied_prior_text(store: Store) -> None:
    save(store, "http://127.0.0.1/2023.pdf", [statement(2023, "123.40", "8.41")], year=2023)
    # Updated: same wording, new numbers -> nothing.
    save(store, "http://127.0.0.1/2024.pdf", [statement(2024, "132.42", "9.02")], year=2024)
    check(store, only=["copied_prior_text"])
    assert open_findings(store) == []


def test_copied_prior_text_numbers_left(store: Store) -> None:
    save(store, "http://127.0.0.1/2023.pdf", [statement(2023, "123.40", "8.41")], year=2023)
    save(store, "http://127.0.0.1/2024.pdf", [statement(2024, "123.40", "8.41")], year=2024)
    check(store, only=["copied_prior_text"])
    (finding,) = open_findings(store)
    assert finding["evidence"]["kind"] == "numbers_not_updated"
    assert finding["fiscal_year"] == 2024


def test_copied_prior_text_reason_for_the_opposite_change(store: Store) -> None:
    save(store, "http://127.0.0.1/2023.pdf", [statement(2023, "123.40", "8.41")], year=2023)
    save(store, "http://127.0.0.1/2024.pdf", [statement(2024, "110.00", "13.40", up=False)])
    check(store, only=["copied_prior_text"])
    (finding,) = open_findings(store)
    assert finding["evidence"]["kind"] == "reason_for_opposite_change"
