"""Hostile spans and sheets are read in bounded time and memory: spans are capped, a
workbook is read by the cells it really holds, and OCR stops at ``max_ocr_pages``."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from fiscalwatch.parsing import progress
from fiscalwatch.parsing.document import Hints, parse_bytes
from fiscalwatch.parsing.readers.base import MAX_SPAN, capped_span
from fiscalwatch.parsing.readers.office import read_docx, read_xlsx
from fiscalwatch.parsing.readers.web import read_html
from tests.parsing import bombs

SCAN = Path(__file__).resolve().parents[2] / "fixtures" / "documents" / "scan_seed_000.pdf"
PEAK_MB = 60  # what reading any of these small files may allocate


def _bounded(read: Callable[[bytes], Any], data: bytes) -> Any:
    tracemalloc.start()
    try:
        source = read(data)
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()
    assert peak < PEAK_MB, f"reading it allocated {peak:.0f} MB"
    return source


@pytest.mark.timeout(30)
def test_an_html_colspan_of_fifty_million_is_capped() -> None:
    source = _bounded(read_html, bombs.html_colspan())
    first, second = source.tables[0].rows
    assert first == ["x", *[None] * (MAX_SPAN - 1)]  # the row ends at the cap; "y" is past it
    assert second == ["a", "b"]


@pytest.mark.timeout(30)
def test_an_html_rowspan_of_fifty_million_costs_nothing() -> None:
    page = b'<table><tr><td rowspan="50000000">x</td><td>1</td></tr><tr><td>2</td></tr></table>'
    source = _bounded(read_html, page)
    assert source.tables[0].rows == [["x", "1"], ["2"]]


@pytest.mark.timeout(30)
def test_a_docx_grid_span_of_two_million_is_capped() -> None:
    source = _bounded(read_docx, bombs.docx_grid_span())
    first, second = source.tables[0].rows
    assert first == ["项目", *[None] * (MAX_SPAN - 1)]
    assert second == ["合计", "1.00"]


@pytest.mark.timeout(30)
def test_a_declared_dimension_of_the_whole_grid_reads_only_the_real_cells() -> None:
    source = _bounded(read_xlsx, bombs.xlsx_declared_dimension(rows=5000))
    rows = source.tables[0].rows
    assert len(rows) == 5000 and rows[0] == ["项目", "决算数"]
    assert rows[1] == ["支出2", "3", "", "1"] and rows[-1] == ["支出5000", "7500", "", "1"]
    assert source.warnings == []


@pytest.mark.timeout(30)
def test_a_single_cell_at_xfd1048576_is_not_padded_out() -> None:
    source = _bounded(read_xlsx, bombs.xlsx_far_cell())
    assert source.tables[0].rows == []
    assert source.warnings == [
        "sheet 收入支出决算总表: 1 cell(s) beyond row 20000 or column 1000 not read"
    ]


@pytest.mark.timeout(20)
@pytest.mark.parametrize("name", list(bombs.BOMBS))
def test_every_bomb_parses_whole_in_seconds(name: str) -> None:
    parsed = parse_bytes(bombs.BOMBS[name](), Hints(filename=name, ocr=False))
    assert parsed.pages


@pytest.mark.parametrize(
    ("value", "span"),
    [
        *[(None, 1), ("", 1), ("0", 1), ("-3", 1), ("2x", 1), ("3", 3), ("0004", 4), (7, 7)],
        *[("50000000", MAX_SPAN), ("9" * 400, MAX_SPAN), (2_000_000, MAX_SPAN)],
    ],
)
def test_capped_span(value: object, span: int) -> None:
    assert capped_span(value) == span


@pytest.fixture
def announced() -> Iterator[list[tuple[int, int]]]:
    calls: list[tuple[int, int]] = []
    progress.listen(lambda pages, ocr_pages: calls.append((pages, ocr_pages)))
    yield calls
    progress.listen(None)


@pytest.mark.slow
@pytest.mark.timeout(60)
def test_ocr_stops_at_max_ocr_pages_and_says_so(announced: list[tuple[int, int]]) -> None:
    pytest.importorskip("rapidocr")
    if not SCAN.is_file():
        pytest.skip("fixtures/documents/scan_seed_000.pdf is missing")
    parsed = parse_bytes(SCAN.read_bytes(), Hints(filename="scan.pdf", max_ocr_pages=1))
    assert [page.ocr for page in parsed.pages] == [True, False]
    assert "1 scanned page(s) not read: more than [parse] max_ocr_pages = 1 (pages 2)" in (
        parsed.warnings
    )
    assert announced == [(2, 0), (0, 1)]  # the worker's allowance: 2 pages, 1 of them OCR'd
