"""Title ↔ grid assignment on real PDFs made for each page-break case
(scripts/pagebreaks.py: LibreOffice from Word documents, the nine tables of one model):
every table lands under its own title, on the pages it covers, with its figures."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import pytest

from fiscalwatch.models import ParsedDocument
from fiscalwatch.parsing.document import Hints, parse_bytes

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "pagebreaks"
NINE = [f"table_{n:02d}" for n in range(1, 10)]
# The cases as built: one table per page from page 2, unless the case moves them.
ONE_PER_PAGE = {key: (n + 2, n + 2) for n, key in enumerate(NINE)}
EMPTY = {"table_07", "table_08"}  # no 政府性基金 or 国有资本 money: empty, with their notes

PAGES: dict[str, dict[str, tuple[int, int]]] = {
    # 表4, 表6 and 表9: the title ends a page (after body text), the grid opens the next.
    "orphan_titles": {
        **{key: (n + 2, n + 2) for n, key in enumerate(NINE[:3])},
        "table_04": (5, 6),
        "table_05": (7, 7),
        "table_06": (8, 9),
        "table_07": (10, 10),
        "table_08": (11, 11),
        "table_09": (12, 13),
    },
    # 表6 to 表9 follow each other on page 7; 表9's grid breaks onto page 8.
    "several_per_page": {
        **{key: (n + 2, n + 2) for n, key in enumerate(NINE[:6])},
        "table_07": (7, 7),
        "table_08": (7, 7),
        "table_09": (7, 8),
    },
    # 表5 padded with 90 rows runs over pages 6-8; the later tables move down by two.
    "continued_repeated_header": {
        **{key: (n + 2, n + 2) for n, key in enumerate(NINE[:4])},
        "table_05": (6, 8),
        **{key: (n + 9, n + 9) for n, key in enumerate(NINE[5:])},
    },
    "continued_no_header": {
        **{key: (n + 2, n + 2) for n, key in enumerate(NINE[:4])},
        "table_05": (6, 8),
        **{key: (n + 9, n + 9) for n, key in enumerate(NINE[5:])},
    },
    "title_below": ONE_PER_PAGE,
    "title_styles": ONE_PER_PAGE,
}

TITLES = {
    "title_styles": [
        "表1收入支出决算总表",
        "表二:收入决算表",
        "三、支出决算表",
        "财政拨款收入支出决算总表",
        "表5一般公共预算财政拨款支出决算表",  # over two lines
        "六、一般公共预算财政拨款基本支出决算",  # truncated: no 表
        "表七政府性基金预算财政拨款收入支出决算表",
        "八、国有资本经营预算财政拨款收入支出决算表",  # over two lines
        "表9:财政拨款“三公”经费支出决算表",
    ]
}

# Figures the tables carry (keys read from the nine tables), from the model's numbers.
TABLE_FIGURES = [
    "income_total",
    "expenditure_total",
    "income_current_year",
    "expenditure_current_year",
    "fiscal_appropriation_income",
    "basic_expenditure",
    "project_expenditure",
    "fiscal_income_total",
    "fiscal_expenditure_total",
    "general_budget_expenditure",
    "general_budget_basic_expenditure",
    "personnel_expenses",
    "public_expenses",
    "three_public_total",
    "overseas_travel",
    "vehicle_total",
    "vehicle_purchase",
    "vehicle_operation",
    "official_reception",
]


@cache
def parsed(case: str) -> ParsedDocument:
    path = FIXTURES / f"{case}.pdf"
    return parse_bytes(path.read_bytes(), Hints(filename=path.name))


@cache
def model_figures() -> dict[str, float]:
    data = tomllib.loads((FIXTURES / "figures.toml").read_text(encoding="utf-8"))
    return data["figures"]


@pytest.mark.parametrize("case", sorted(PAGES))
def test_each_table_on_its_pages(case: str) -> None:
    tables = [t for t in parsed(case).tables if t.key != "other"]
    assert {t.key: (t.page, t.page_end) for t in tables} == PAGES[case]
    assert {t.key for t in tables if t.empty} == EMPTY
    assert all(t.note for t in tables if t.empty)


@pytest.mark.parametrize("case", sorted(PAGES))
def test_table_figures_exact(case: str) -> None:
    want = model_figures()
    read: dict[str, set[float]] = {}
    for figure in parsed(case).figures:
        if figure.origin == "table":
            read.setdefault(figure.key, set()).add(round(figure.value, 2))
    assert {key: read.get(key) for key in TABLE_FIGURES} == {
        key: {round(want[key], 2)} for key in TABLE_FIGURES
    }


@pytest.mark.parametrize("case", ["continued_repeated_header", "continued_no_header"])
def test_continued_grid_is_one_table_without_repeated_headers(case: str) -> None:
    table = next(t for t in parsed(case).tables if t.key == "table_05")
    assert len(table.rows) == 12 + 90  # header, 合计, 10 model rows, 90 padding rows
    assert [r[0] for r in table.rows].count("科目名称") == 1
    assert table.rows[-1][0] == "补充事项90"


def test_title_styles_numbering_wrapping_truncation() -> None:
    tables = [t for t in parsed("title_styles").tables if t.key != "other"]
    assert [t.title for t in tables] == TITLES["title_styles"]
    assert [t.key for t in tables] == NINE
