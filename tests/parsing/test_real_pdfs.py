"""The two real Shanghai PDFs, read in place from ../shared/real (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fiscalwatch.models import ParsedDocument
from fiscalwatch.parsing.document import Hints, parse_bytes
from tests.parsing.snapshot import assert_equal

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


# Every reading of these keys, by where it was read: the text and the tables agree except
# where noted, and a reading not listed (another value, or the same value from another
# place) fails.
PUTUO_FIGURES: dict[str, dict[str, list[float]]] = {
    "income_total": {"text": [9859.38], "table": [9859.38]},
    "expenditure_current_year": {"text": [9759.38], "table": [9759.38]},
    "fiscal_appropriation_income": {"text": [9746.50], "table": [9746.50]},
    "general_budget_expenditure": {"text": [9746.50], "table": [9746.50]},
    "general_budget_expenditure_budget": {"text": [10210.34]},
    "basic_expenditure": {"text": [5377.64], "table": [5377.64]},
    "project_expenditure": {"text": [4381.74], "table": [4381.74]},
    "carryover_begin": {"table": [112.88]},
    "personnel_expenses": {"text": [4896.98], "table": [4884.09]},  # the file disagrees with itself
    "public_expenses": {"text": [480.66], "table": [480.66]},
    "three_public_total": {"text": [0.39], "table": [0.39]},
    "three_public_total_budget": {"text": [2.85], "table": [2.85]},
    "official_reception": {"text": [0.39], "table": [0.39]},
    "official_reception_budget": {"table": [2.85]},
    "operating_expenses": {"text": [142.80]},
    "procurement_total": {"text": [2319.21]},
    "income_total_change": {"text": [1062.85]},
    "three_public_total_change": {"text": [-0.15]},
    "vehicles_count": {"text": [0.0]},
}


def test_putuo_headline_figures(putuo: ParsedDocument) -> None:
    read: dict[str, dict[str, list[float]]] = {}
    for figure in putuo.figures:
        if figure.key in PUTUO_FIGURES:
            values = read.setdefault(figure.key, {}).setdefault(figure.origin, [])
            if round(figure.value, 2) not in values:
                values.append(round(figure.value, 2))
                values.sort()
    assert_equal(PUTUO_FIGURES, read, "上海市普陀区 2024: the figures read")


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
