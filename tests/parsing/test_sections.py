"""Headings found by meaning: numbering styles, run-in and wrapped headings, order,
unnumbered parts, and the table of contents that must not count."""

from __future__ import annotations

from fiscalwatch.parsing.sections import find_sections
from tests.parsing.conftest import read_text


def keys(*pages: str) -> dict[str, int | None]:
    from fiscalwatch.parsing.sections import find_headings

    index, _ = read_text(*pages)
    return {s.key: s.page for s in find_sections(find_headings(index))}


def test_numbering_styles() -> None:
    found = keys(
        "第一部分 部门概况\n一、主要职能\n（二）机构设置及人员情况\n"
        "(三)收入支出决算总体情况说明\n1.收入决算情况说明\n2、支出决算情况说明\n"
        "（1）财政拨款收入支出决算总体情况说明"
    )
    assert set(found) == {
        "duties",
        "organization",
        "overview",
        "income",
        "expenditure",
        "fiscal_overview",
    }


def test_table_of_contents_is_skipped() -> None:
    toc = (
        "目 录\n第一部分 部门概况\n一、主要职能\n二、机构设置及人员情况\n"
        "第二部分 部门决算情况说明\n"
    )
    body = (
        "第一部分 部门概况\n一、主要职能\n负责全市机构编制工作。\n"
        "二、机构设置及人员情况\n实有人数51人。"
    )
    found = keys(toc, body)
    assert found == {"duties": 2, "organization": 2}


def test_run_in_heading() -> None:
    found = keys("九、财政拨款“三公”经费支出决算情况说明。2024年度财政拨款“三公”经费支出7.90万元。")
    assert found == {"three_public": 1}


def test_wrapped_heading() -> None:
    assert keys("（二）政府采购\n情况\n2024年度政府采购支出总额14.46万元。") == {"procurement": 1}


def test_out_of_order_and_unnumbered_parts_seed_004() -> None:
    found = keys(
        "七、财政拨款“三公”经费支出决算情况说明\n八、政府性基金预算支出决算情况说明\n"
        "国有资本经营预算支出决算情况说明\n2024年度国有资本经营预算财政拨款支出0万元。\n"
        "其他重要事项的情况说明\n（四）预算绩效管理情况\n名词解释\n1.财政拨款收入：指……"
    )
    # 其他重要事项的情况说明 plays the part of 其他需说明的事项.
    assert set(found) == {
        "three_public",
        "gov_fund",
        "state_capital",
        "other_matters",
        "performance",
        "glossary",
    }


def test_table_title_is_not_its_explanation() -> None:
    # A Shanghai table page starts with the table's title: not the 一般公共预算 section.
    assert "general_budget" not in keys("一般公共预算财政拨款支出决算表\n单位：万元\n项目 合计")


def test_a_table_title_is_not_its_explanation_part() -> None:
    # A document without its 三公 explanation: the 三公 table's title (on one line or
    # wrapped) does not stand for the part.
    explanation = "八、国有资本经营预算财政拨款收入支出决算情况说明\n本部门无相关收支。"
    tables = "第四部分 部门决算报表\n九、财政拨款“三公”经费支出决算表\n单位：万元"
    assert "three_public" not in keys(explanation, tables)
    wrapped = "第四部分 部门决算报表\n七、一般公共预算财政拨款“三公”经\n费支出决算表\n单位：万元"
    assert "three_public" not in keys(explanation, wrapped)
    stated = "九、财政拨款“三公”经费支出决算情况说明\n2024年度“三公”经费支出4.00万元。"
    assert "three_public" in keys(explanation, stated, tables)
