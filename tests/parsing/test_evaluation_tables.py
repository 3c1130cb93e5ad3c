"""The ruled grids of the 绩效自评表 pages, handed on as ``Table(key="other")``."""

from __future__ import annotations

import pytest

from fiscalwatch.errors import DocumentError
from fiscalwatch.models import ParsedDocument
from fiscalwatch.parsing.readers.pdf import PdfSource
from fiscalwatch.parsing.tables import OTHER
from tests.parsing.expected import DOCUMENTS, parsed

NINE = {f"table_0{n}" for n in range(1, 10)}
# Pages with a self-evaluation grid; a page twice holds two grids. Seed 000's page 13
# ends its last table above 十二、其他需说明的事项: only that first grid is taken.
EVALUATION_PAGES = {
    "seed_000": [10, 11, 11, 12, 13],
    "seed_002": [10, 11, 11, 12, 13, 13, 14, 15, 16, 16, 17, 18, 19, 19, 20, 21, 21, 22],
    "seed_003": [12, 13, 14, 14, 15, 15, 16, 17, 18, 18, 19, 20, 21, 22, 23, 23, 24, 24, 25, 26],
}


def document(name: str) -> ParsedDocument:
    result = parsed(name)
    if isinstance(result, DocumentError):
        pytest.fail(f"{name}: {result}")
    return result


@pytest.mark.parametrize("name", sorted(EVALUATION_PAGES))
def test_self_evaluation_grids_are_handed_on(name: str) -> None:
    doc = document(name)
    others = [t for t in doc.tables if t.key == OTHER]
    assert [t.page for t in others] == EVALUATION_PAGES[name]
    assert all(t.rows and not t.empty and t.page_end == t.page for t in others)
    assert {t.title for t in others} == {"部门整体支出绩效自评表", "项目支出绩效自评表"}
    assert all(isinstance(cell, str) for t in others for row in t.rows for cell in row)
    # Cells as printed (wrapped lines kept, full-width brackets not folded).
    cells = {cell for t in others for row in t.rows for cell in row}
    assert any("\n" in cell for cell in cells)
    # The nine tables are untouched: no table key other than theirs and "other".
    assert {t.key for t in doc.tables} - {OTHER} <= NINE
    assert not any(f.table_key == OTHER for f in doc.figures)


@pytest.mark.parametrize(
    "name", ["seed_001", "seed_004", "v_tables_in_file", "prior_2023_seed_002", "scan_seed_000"]
)
def test_no_grids_without_self_evaluation_tables(name: str) -> None:
    """seed_004 names a 项目支出绩效自评表 in its text without publishing one (no ruling)."""
    assert not [t for t in document(name).tables if t.key == OTHER]


def test_grid_styles_for_a_merged_cell() -> None:
    """Seed 003, page 12: the department's name spans seven columns. The nine tables
    take a cell's cleaned text in every position it covers; the self-evaluation grids,
    as pdfplumber does, the text as printed in its first position and None after."""
    source = PdfSource((DOCUMENTS / "seed_003.pdf").read_bytes(), max_pages=400, use_ocr=False)
    try:
        filled = source.tables_on(12)[0].rows
        printed = source.tables_on(12, pdfplumber_style=True)[0].rows
    finally:
        source.close()
    assert filled[0] == ["部门名称"] + ["乌鲁木齐市人民政府(部门)"] * 7
    assert printed[0] == ["部门名称", "乌鲁木齐市人民政府（部门）"] + [None] * 6
    assert (filled[1][0], printed[1][0]) == ("部门资金(万元)", "部门资金(万\n元)")
    assert printed[3][1] == "上级资金(万"  # finished on page 13 ("元)")
    assert len({len(row) for row in printed}) == 1
