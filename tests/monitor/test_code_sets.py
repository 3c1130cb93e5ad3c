"""收入/支出 tables compared code by code as sets, and the fiscal-appropriation table's
carry-over per fund: stored documents built through the Store API, checked by the real
runner."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from fiscalwatch.models import Figure
from fiscalwatch.monitor.checks.code_sets import Codes, code_sets
from fiscalwatch.monitor.checks.corpus import Doc
from fiscalwatch.monitor.checks.grids import load_grids
from fiscalwatch.store import Store
from tests.monitor.builders import check
from tests.monitor.test_reviewer_checks import ingest, relations, save

SUMMARY = [
    ["项目", "行次", "金额", "项目", "行次", "金额"],
    ["一、一般公共预算财政拨款收入", "1", "150.00", "一、一般公共服务支出", "16", "150.00"],
    ["本年收入合计", "9", "150.00", "本年支出合计", "24", "150.00"],
    ["使用非财政拨款结余", "10", "0.00", "结余分配", "25", "0.00"],
    ["年初结转和结余", "11", "0.00", "年末结转和结余", "26", "0.00"],
    ["总计", "12", "150.00", "总计", "27", "150.00"],
]
INCOME = [
    ["科目编码", "科目名称", "本年收入合计", "财政拨款收入", "其他收入"],
    ["", "合计", "150.00", "150.00", "0.00"],
    ["201", "一般公共服务支出", "150.00", "150.00", "0.00"],
    ["20101", "人大事务", "150.00", "150.00", "0.00"],
    ["2010101", "行政运行", "100.00", "100.00", "0.00"],
    ["2010102", "一般行政管理事务", "50.00", "50.00", "0.00"],
]
SPENDING = [
    ["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"],
    ["", "合计", "150.00", "120.00", "30.00"],
    ["201", "一般公共服务支出", "150.00", "120.00", "30.00"],
    ["20101", "人大事务", "150.00", "120.00", "30.00"],
    ["2010101", "行政运行", "100.00", "100.00", "0.00"],
    ["2010102", "一般行政管理事务", "50.00", "20.00", "30.00"],
]
FIGURES = [
    Figure("income_total", 150.0, table_key="table_01", origin="table"),
    Figure("income_total", 150.0, table_key="table_02", origin="table"),
    Figure("expenditure_total", 150.0, table_key="table_03", origin="table"),
    Figure("general_budget_expenditure", 150.0, table_key="table_05", origin="table"),
    Figure("fiscal_expenditure_total", 150.0, table_key="table_04", origin="table"),
]


def stored(store: Store, **tables: list[list[str]]) -> None:
    save(store, "http://127.0.0.1/a.pdf", ["说明"], tables=tables, figures=FIGURES)
    check(store, only=["inconsistent_figures"])


def test_mirrored_tables_give_nothing(store: Store) -> None:
    stored(store, table_01=SUMMARY, table_02=INCOME, table_03=SPENDING, table_05=SPENDING)
    assert relations(store) == []


def test_a_code_moved_to_another_code_is_one_finding(store: Store) -> None:
    income = [list(r) for r in INCOME]
    income[5][0] = "2010199"  # 一般行政管理事务's income booked under another 项: sums hold
    stored(store, table_01=SUMMARY, table_02=income, table_03=SPENDING)
    (finding,) = relations(store)
    texts = [r["text"] for r in finding["evidence"]["relation"]]
    assert len(texts) == 2
    assert any("2010199" in t and "无此科目" in t for t in texts)
    assert any("2010102" in t and "无此科目" in t for t in texts)
    assert {t for r in finding["evidence"]["relation"] for t in r["tables"]} == {
        "table_02",
        "table_03",
    }


def test_a_difference_within_the_carry_over_is_no_finding(store: Store) -> None:
    income = [list(r) for r in INCOME]
    for row in (1, 2, 3, 5):  # 10.00 more (other) income in 一般行政管理事务, carried over
        income[row][2] = f"{float(income[row][2]) + 10:.2f}"
        income[row][4] = "10.00"
    summary = [list(r) for r in SUMMARY]
    summary[4][5] = "10.00"
    stored(store, table_01=summary, table_02=income, table_03=SPENDING)
    assert relations(store) == []
    # Without the carry-over the same difference is a finding.
    store.db.execute("DELETE FROM findings")
    save(
        store,
        "http://127.0.0.1/b.pdf",
        ["说明"],
        tables={"table_01": SUMMARY, "table_02": income, "table_03": SPENDING},
        figures=FIGURES,
        department="青川市财政局",
    )
    check(store, only=["inconsistent_figures"], full=True)
    (finding,) = relations(store)
    (relation,) = finding["evidence"]["relation"]
    assert relation["rows"] == ["2010102 一般行政管理事务"]
    assert (relation["stated"], relation["computed"]) == (50.0, 60.0)


def test_without_the_summary_table_income_and_spending_are_not_compared(store: Store) -> None:
    income = [list(r) for r in INCOME]
    income[5][0] = "2010199"
    stored(store, table_02=income, table_03=SPENDING)
    assert relations(store) == []


def test_fiscal_spending_above_total_spending_of_a_code(store: Store) -> None:
    general = [list(r) for r in SPENDING]
    general[5] = ["2010199", "其他人大事务支出", "50.00", "20.00", "30.00"]
    stored(store, table_03=SPENDING, table_05=general)
    (finding,) = relations(store)
    texts = [r["text"] for r in finding["evidence"]["relation"]]
    assert any("2010199" in t and "无此科目" in t for t in texts)
    # The code the fiscal table does not spend on is no finding: other money may pay it.
    assert not any("2010102" in t for t in texts)


FISCAL = [
    ["收入项目", "金额", "支出项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款"],
    ["一、一般公共", "100.00", "一、城乡社区支出", "90.00", "60.00", "30.00"],
    ["预算财政拨款", "", "", "", "", ""],
    ["二、政府性基金预算财政拨款", "30.00", "", "", "", ""],
    ["本年收入合计", "130.00", "本年支出合计", "90.00", "60.00", "30.00"],
    ["年初财政拨款结转和结余", "0.00", "年末财政拨款结转和结余", "40.00", "40.00", "0.00"],
]


def fiscal_table(store: Store, rows: list[list[str]]) -> None:
    save(
        store,
        "http://127.0.0.1/a.pdf",
        ["说明"],
        tables={"table_04": rows},
        figures=[Figure("fiscal_expenditure_total", 90.0, table_key="table_04", origin="table")],
    )
    check(store, only=["inconsistent_figures"])


def test_fiscal_table_carry_over_per_fund_holds(store: Store) -> None:
    fiscal_table(store, FISCAL)
    assert relations(store) == []


def test_fiscal_table_carry_over_per_fund_broken_is_one_finding(store: Store) -> None:
    rows = [list(r) for r in FISCAL]
    rows[5][4] = "41.00"  # 一般公共预算's 年末: its carry-over and the row's 合计 both break
    fiscal_table(store, rows)
    (finding,) = relations(store)
    texts = [r["text"] for r in finding["evidence"]["relation"]]
    assert len(texts) == 2
    assert any("一般公共预算：年末结转和结余 = 年初结转和结余 + 本年收入" in t for t in texts)
    assert finding["evidence"]["suspect"]["row"] == "年末财政拨款结转和结余"


def test_fiscal_table_carry_over_with_a_total_opening_balance(store: Store) -> None:
    rows = [list(r) for r in FISCAL]
    rows[5][1] = "5.00"  # 年初 printed as a total only: per fund it lies in 0..5
    rows[5][3], rows[5][4] = "45.00", "45.00"
    fiscal_table(store, rows)
    assert relations(store) == []
    store.db.execute("DELETE FROM findings")
    rows[5][3], rows[5][4] = "47.00", "47.00"  # 一般公共预算's 年初 would be 7 > 5
    save(
        store,
        "http://127.0.0.1/b.pdf",
        ["说明"],
        tables={"table_04": rows},
        figures=[Figure("fiscal_expenditure_total", 90.0, table_key="table_04", origin="table")],
        department="青川市财政局",
    )
    check(store, only=["inconsistent_figures"], full=True)
    (finding,) = relations(store)
    assert "一般公共预算：年末结转和结余" in finding["evidence"]["relation"][0]["text"]


def test_fiscal_summary_and_general_budget_table_list_the_same_classes(store: Store) -> None:
    summary = [
        ["收入项目", "金额", "支出项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款"],
        ["一、一般公共预算财政拨款", "150.00", "一、一般公共服务支出", "150.00", "150.00", "0.00"],
        ["本年收入合计", "150.00", "本年支出合计", "150.00", "150.00", "0.00"],
    ]
    stored(store, table_04=summary, table_05=SPENDING)
    assert relations(store) == []
    store.db.execute("DELETE FROM findings")
    renamed = [list(r) for r in summary]
    renamed[1][2] = "一、外交支出"  # the same amount under another 类
    save(
        store,
        "http://127.0.0.1/b.pdf",
        ["说明"],
        tables={"table_04": renamed, "table_05": SPENDING},
        figures=FIGURES,
        department="青川市财政局",
    )
    check(store, only=["inconsistent_figures"], full=True)
    (finding,) = relations(store)
    texts = [r["text"] for r in finding["evidence"]["relation"]]
    assert len(texts) == 2
    assert any("外交支出" in t and "无此类" in t for t in texts)
    assert any("一般公共服务支出" in t and "无此类" in t for t in texts)


def test_real_account_income_and_spending_mirror_code_by_code(
    store: Store, shared_dir: Path
) -> None:
    """The real 2024 account: its 24 codes of 收入决算表 and 支出决算表 are compared (its
    carry-over 112.88 → 100.00 bounds the differences) and agree; the same account with
    its 446.11万元 of 机关事业单位基本养老保险缴费 booked under another code (more than
    the carry-over could explain) gives one finding naming both codes (2080599 is the
    account's own 其他行政事业单位养老支出: the moved row takes 2080597)."""
    path = shared_dir / "real" / "上海市普陀区规划和自然资源局2024年度部门决算.pdf"
    document = ingest(store, path, "规划资源局", 2024, "final_account")
    doc = Doc(next(store.db.query("SELECT * FROM documents WHERE id = ?", [document])), "d")
    grids = load_grids(store.db, doc)
    income = Codes.read(grids.get("table_02"), 0.05, "本年收入合计")
    spending = Codes.read(grids.get("table_03"), 0.05, "本年支出合计")
    assert income is not None and spending is not None
    assert len(income.rows) == len(spending.rows) == 24
    assert list(code_sets(grids, 0.05)) == []

    table_id, raw = store.db.execute(
        "SELECT id, rows FROM doc_tables WHERE document_id = ? AND key = 'table_02'", [document]
    ).fetchone()
    rows = json.loads(raw)
    moved = next(r for r in rows if r and r[0].strip() == "2080505")
    moved[0] = "2080597"
    store.db.execute(
        "UPDATE doc_tables SET rows = ? WHERE id = ?",
        [json.dumps(rows, ensure_ascii=False), table_id],
    )
    check(store, date(2025, 6, 1), only=["inconsistent_figures"], full=True)
    (finding,) = relations(store)
    texts = " ".join(r["text"] for r in finding["evidence"]["relation"])
    assert "2080505" in texts and "2080597" in texts
