"""Empty-table notes as missing_section reads them in the text: over a page break, and
四川's two 国有资本 tables told apart."""

from __future__ import annotations

from fiscalwatch.store import Store
from tests.monitor.builders import add_document, check, open_findings


def empty_without_note(store: Store) -> list[str]:
    check(store, only=["missing_section"])
    return sorted(
        f["evidence"]["section"]
        for f in open_findings(store, "missing_section")
        if f["evidence"].get("problem") == "empty_without_note"
    )


def test_a_note_split_by_a_page_break_counts(store: Store) -> None:
    add_document(
        store,
        url="http://127.0.0.1:8001/a.pdf",
        department="青川市统计局",
        year=2024,
        empty_tables=["table_08"],
        pages=[
            "（八）国有资本经营预算收支情况\n2024年度本部门无国有资本经营预算财政拨款收入、支出和\n"
            "结转结余。故《国有资本经营预算财政拨款收入支出决算表》为\n- 4 -",
            "空表。\n- 5 -",
        ],
    )
    assert empty_without_note(store) == []


def test_the_spending_tables_note_does_not_excuse_the_income_and_spending_one(
    store: Store,
) -> None:
    add_document(
        store,
        url="http://127.0.0.1:8001/b.pdf",
        department="青川市统计局",
        year=2024,
        tables=["table_07", "table_08", "state_capital_expenditure"],
        empty_tables=["table_08", "state_capital_expenditure"],
        pages=[
            "223 国有资本经营预算支出\n22301 解决历史遗留问题及改革成本支出\n",
            "说明：2024年度本单位无国有资本经营预算财政拨款支出，故本表为空表。",
        ],
    )
    assert empty_without_note(store) == ["table_08"]
