"""The two real Shanghai PDFs, read in place from ../shared/real (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fiscalwatch.models import ParsedDocument
from fiscalwatch.parsing.document import Hints, parse_bytes

SHANGHAI_SECTIONS = {
    "duties",
    "organization",
    "tables",
    "overview",
    "income",
    "expenditure",
    "fiscal_overview",
    "general_budget",
    "basic_expenditure",
    "three_public",
    "gov_fund",
    "state_capital",
    "performance",
    "other_matters",  # 十一、其他重要事项说明
    "operating_expenses",
    "procurement",
    "assets",
    "glossary",
}
NINE = {f"table_0{n}" for n in range(1, 10)}


def real(shared_dir: Path, name: str) -> ParsedDocument:
    path = shared_dir / "real" / name
    if not path.is_file():
        pytest.skip(f"{name} is not in ../shared/real")
    return parse_bytes(path.read_bytes(), Hints(filename=path.name))


@pytest.fixture(scope="module")
def putuo() -> ParsedDocument:
    from tests.conftest import SHARED

    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the checkout")
    return real(SHARED, "上海市普陀区规划和自然资源局2024年度部门决算.pdf")


def test_template_every_section_and_table(shared_dir: Path) -> None:
    doc = real(shared_dir, "上海市XX局2024年度部门决算(官方模板).pdf")
    assert {s.key for s in doc.sections} == SHANGHAI_SECTIONS
    assert {t.key for t in doc.tables} == NINE
    assert all(t.empty for t in doc.tables)  # the template has no numbers: XXX placeholders
    assert [f for f in doc.figures if f.origin == "text"] == []
    # the 目录 lists 第三部分 on page 2; the section is where its text is
    assert {s.key: s.page for s in doc.sections}["overview"] == 15


def test_putuo_sections_and_metadata(putuo: ParsedDocument) -> None:
    assert {s.key for s in putuo.sections} == SHANGHAI_SECTIONS
    assert putuo.department == "上海市普陀区规划和自然资源局"
    assert putuo.fiscal_year == 2024 and putuo.doc_type == "final_account"


@pytest.mark.parametrize(
    ("key", "value", "origin"),
    [
        ("income_total", 9859.38, "text"),
        ("income_total", 9859.38, "table"),
        ("expenditure_current_year", 9759.38, "text"),
        ("expenditure_current_year", 9759.38, "table"),
        ("fiscal_appropriation_income", 9746.50, "text"),
        ("general_budget_expenditure", 9746.50, "text"),
        ("general_budget_expenditure", 9746.50, "table"),
        ("general_budget_expenditure_budget", 10210.34, "text"),
        ("basic_expenditure", 5377.64, "text"),
        ("basic_expenditure", 5377.64, "table"),
        ("project_expenditure", 4381.74, "table"),
        ("carryover_begin", 112.88, "table"),
        ("personnel_expenses", 4896.98, "text"),
        ("personnel_expenses", 4884.09, "table"),  # the file disagrees with itself
        ("public_expenses", 480.66, "table"),
        ("three_public_total", 0.39, "text"),
        ("three_public_total", 0.39, "table"),
        ("three_public_total_budget", 2.85, "table"),
        ("official_reception", 0.39, "table"),
        ("official_reception_budget", 2.85, "table"),
        ("operating_expenses", 142.80, "text"),
        ("procurement_total", 2319.21, "text"),
        ("income_total_change", 1062.85, "text"),
        ("three_public_total_change", -0.15, "text"),
        ("vehicles_count", 0, "text"),
    ],
)
def test_putuo_headline_figures(putuo: ParsedDocument, key: str, value: float, origin: str) -> None:
    found = [(f.value, f.origin) for f in putuo.figures if f.key == key]
    assert any(abs(v - value) < 0.005 and o == origin for v, o in found), found


def test_putuo_tables_stitched_across_pages(putuo: ParsedDocument) -> None:
    tables = {t.key: t for t in putuo.tables}
    assert set(tables) == NINE
    income = tables["table_02"]
    assert (income.page, income.page_end) == (8, 9)
    assert sum(1 for row in income.rows if row[0] == "项目") == 1  # header not repeated
    assert any("2210203" in row for row in income.rows)  # last row of the second page
    wrapped = next(row for row in income.rows if row[0] == "2080505")
    assert wrapped[1] == "机关事业单位基本养老保险缴费支出"  # the wrapped cell joined
    assert tables["table_07"].empty and "本表无数据" in (tables["table_07"].note or "")
    assert not tables["table_09"].empty
