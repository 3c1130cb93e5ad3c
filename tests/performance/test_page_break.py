"""A 部门整体支出绩效自评表 running over a page break, with Word's repeated header rows.

Real PDFs (tests/performance/data, made by build_page_break.py the way the fixtures are
made) through pdfplumber and through the project's parser, and the same table as page
text with the header repeated after the break (behind page furniture or not).
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from fiscalwatch.models import Page, ParsedDocument, Table
from fiscalwatch.parsing.document import Hints, parse_bytes
from fiscalwatch.performance.extract import find_evaluations
from fiscalwatch.performance.models import Evaluation
from tests.parsing.snapshot import assert_equal
from tests.performance.build_page_break import EXCERPT

DATA = Path(__file__).resolve().parent / "data"
NAME = "中共青川市委员会组织部"
# 年初预算数, 全年预算数, 全年执行数, 执行率, 分值, 得分 of the 年度总资金 row.
FUNDS = (3020.0, 2867.45, 2858.85, 99.7, 10.0, 9.97)
INDICATORS = [
    ("履职效能", "数量指标", "干部教育培训班期数", ">=64期", "=64期", 30.0, 30.0),
    ("履职效能", "数量指标", "教育站点常态化开展集中学习场次", ">=4.3万场", "=4.3万场", 30.0, 30.0),
    ("履职效能", "数量指标", "完成公务员招录场次", ">=1次", "=1次", 30.0, 30.0),
]  # fmt: skip


def funds(e: Evaluation) -> tuple[float | None, ...]:
    return (e.budget_initial, e.budget_full_year, e.executed, e.execution_rate_stated,
            e.weight, e.score)  # fmt: skip


def indicators(e: Evaluation) -> list[tuple[object, ...]]:
    return [
        (i.level1, i.level2, (i.level3 or "").replace(" ", ""), (i.target or "").replace(" ", ""),
         (i.actual or "").replace(" ", ""), i.weight, i.score)
        for i in e.indicators
    ]  # fmt: skip


def assert_department(e: Evaluation, origin: str) -> None:
    assert (e.kind, e.name, e.origin) == ("部门整体", NAME, origin)
    assert funds(e) == FUNDS
    assert indicators(e) == INDICATORS


def pdf_path(name: str) -> Path:
    path = DATA / f"{name}.pdf"
    assert path.is_file(), f"{path.name} missing: run tests/performance/build_page_break.py"
    return path


def pdfplumber_tables(path: Path) -> list[Table]:
    with pdfplumber.open(path) as pdf:
        return [
            Table("other", "", page=page.page_number, rows=rows)  # type: ignore[arg-type]
            for page in pdf.pages
            for rows in page.extract_tables()
        ]


def test_the_pdf_repeats_the_header_row() -> None:
    """The premise: the grid runs over a page break and 部门名称 heads both pages."""
    tables = pdfplumber_tables(pdf_path("page_break_funds"))
    heads = [t.rows[0][0] for t in tables]
    assert heads.count("部门名称") >= 2 and len({t.page for t in tables}) >= 2
    first_page = [c for row in tables[0].rows for c in row if c]
    assert "年度总资金" in first_page and "其他资金(万\n元)" not in first_page


def test_funds_row_split_from_its_sub_rows_by_a_page_break() -> None:
    tables = pdfplumber_tables(pdf_path("page_break_funds"))
    (evaluation,) = find_evaluations(ParsedDocument("final_account", tables=tables))
    assert_department(evaluation, "table")
    labels = [row["label"] for row in evaluation.raw["funds"]]
    assert labels == ["上级资金(万元)", "本级资金(万元)", "其他资金(万元)"]
    assert evaluation.raw["goal_actual"].startswith("截止2023年12月31日")


def parse_pdf(name: str) -> list[Evaluation]:
    from fiscalwatch.parsing.document import Hints, parse_bytes

    path = pdf_path(name)
    parsed = parse_bytes(path.read_bytes(), Hints(filename=path.name))
    evaluations: list[Evaluation] = parsed.extras["performance"]
    return evaluations


def test_through_the_parser() -> None:
    (evaluation,) = parse_pdf("page_break_funds")
    assert_department(evaluation, "table")


def test_title_orphaned_at_the_foot_of_a_page() -> None:
    """The title sits alone at the foot of page 2, its grid starts page 3: the parser
    carries the table on past the gridless title page and hands over page 3's grid, so
    the funds row is read from the table itself."""
    data = (DATA / "page_break_orphan_title.pdf").read_bytes()
    parsed = parse_bytes(data, Hints(filename="page_break_orphan_title.pdf"))
    grids = [(t.title, t.page) for t in parsed.tables if t.key == "other"]
    assert grids[0] == ("部门整体支出绩效自评表", 3)
    evaluations = parse_pdf("page_break_orphan_title")
    assert (len(evaluations), sum(len(e.indicators) for e in evaluations)) == (8, 53)
    department = evaluations[0]
    assert_department(department, "table")
    assert department.page == 3  # the funds row's page
    assert department.snippet and "2,858.85" in department.snippet
    assert all(e.executed is not None for e in evaluations)


# -- the same table as page text --------------------------------------------------------

LINES = EXCERPT.read_text(encoding="utf-8").split("项目支出绩效自评表")[0].split("\n")
NAME_ROW = next(line for line in LINES if line.startswith("部门名称"))
FUNDS_HEADER = next(line for line in LINES if "年初预算数" in line)
INDICATOR_HEADER = next(line for line in LINES if line.startswith("一级指标"))
FIRST_TABLE_LINE = LINES.index(NAME_ROW)
REPEATS = {
    "name row": [NAME_ROW],
    "name row and funds header": [NAME_ROW, FUNDS_HEADER],
    "furniture, then the name row": ["- 7 -", NAME_ROW],
    "running head, page number, name row": ["组织部2023年度部门决算", "- 8 -", NAME_ROW],
}  # fmt: skip


def text_document(cut: int, repeated: list[str]) -> ParsedDocument:
    pages = ["\n".join(LINES[:cut]), "\n".join(repeated + LINES[cut:])]
    return ParsedDocument(
        "final_account",
        fiscal_year=2023,
        pages=[Page(number, text) for number, text in enumerate(pages, start=1)],
    )


def read_back(document: ParsedDocument) -> dict[str, object]:
    """What the table gives after the break: one evaluation, its headline and its rows."""
    evaluations = find_evaluations(document)
    if len(evaluations) != 1:
        return {"evaluations": len(evaluations)}
    (e,) = evaluations
    return {
        "evaluations": 1,
        "department": (e.kind, e.name, e.origin),
        "funds": funds(e),
        "indicators": indicators(e),
        "funds rows": len(e.raw["funds"]),
        "goal ends with 不少于64期。": e.raw["goal_expected"]
        .replace(" ", "")
        .endswith("不少于64期。"),
    }


WHOLE = {
    "evaluations": 1,
    "department": ("部门整体", NAME, "text"),
    "funds": FUNDS,
    "indicators": INDICATORS,
    "funds rows": 3,
    "goal ends with 不少于64期。": True,
}


@pytest.mark.parametrize("repeat", sorted(REPEATS))
def test_text_with_the_header_repeated_after_a_page_break(repeat: str) -> None:
    """The break may fall after any line of the table: every cut reads back the same."""
    cuts = range(FIRST_TABLE_LINE + 1, len(LINES) - 1)
    read = {cut: read_back(text_document(cut, REPEATS[repeat])) for cut in cuts}
    assert_equal({cut: WHOLE for cut in cuts}, read, f"the table cut after line N ({repeat})")


def test_indicator_header_repeated_keeps_the_inherited_levels() -> None:
    cut = LINES.index(INDICATOR_HEADER) + 2  # after the first indicator row
    (evaluation,) = find_evaluations(text_document(cut, ["- 9 -", NAME_ROW, INDICATOR_HEADER]))
    assert_department(evaluation, "text")


def test_a_new_table_with_another_name_is_not_resumed() -> None:
    other = [line.replace(NAME, "中共青川市委员会宣传部") for line in LINES]
    text = "\n".join(LINES) + "\n- 7 -\n" + "\n".join(other[FIRST_TABLE_LINE:])
    evaluations = find_evaluations(
        ParsedDocument("final_account", fiscal_year=2023, pages=[Page(1, text)])
    )
    assert [e.name for e in evaluations] == [NAME, "中共青川市委员会宣传部"]
    assert all(funds(e) == FUNDS and len(e.indicators) == 3 for e in evaluations)
