"""The streamed workbook (XlsxWriter) holds what the workbook openpyxl built cell by cell
in memory held.

``bench.workbooks.in_memory_workbook`` is the earlier writer (openpyxl's standard mode, one
``Cell`` object per value, saved at the end), kept as the yardstick: both are written from the same
sheets of the report sample store plus hostile text, read back with openpyxl, and compared
cell by cell — value, type, number format, font, hyperlink — and sheet by sheet (column
widths, frozen header, filter range), and the book's title.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bench.workbooks import in_memory_workbook
from fiscalwatch import clock
from fiscalwatch.report.model import load
from fiscalwatch.report.workbook import Scope, sheets, write_workbook
from fiscalwatch.store import Store
from tests.conftest import add_document, add_finding
from tests.report.sample import QINGCHUAN, build_sample, sample_config

# Text a naive writer would turn into a formula, an error value or an invalid file.
HOSTILE_TEXTS = ("=1+1", "#N/A", "#DIV/0!", "=", "+cmd|' /C calc'!A0", "铃\x07声", "长" * 40000)


def address(cell: Cell) -> str | None:
    """A cell's link as Excel opens it (a writer may store the #fragment apart)."""
    link = cell.hyperlink
    if not link:
        return None
    return f"{link.target}#{link.location}" if link.location else link.target


def _cells(sheet: Worksheet) -> Iterator[tuple[Any, ...]]:
    for row in sheet.iter_rows():
        for cell in row:
            font = cell.font
            color = font.color
            yield (
                cell.coordinate,
                cell.value,
                cell.data_type if cell.value is not None else None,  # an empty cell has none
                cell.number_format,
                bool(font.b),
                font.u,
                color.rgb[-6:] if color is not None and color.type == "rgb" else None,
                address(cell),
            )


def _widths(sheet: Worksheet) -> dict[str, float]:
    """Each column's width (a writer may store neighbours of one width as one range)."""
    widths = {}
    for dimension in sheet.column_dimensions.values():
        if dimension.width:
            for index in range(dimension.min, dimension.max + 1):
                widths[get_column_letter(index)] = round(dimension.width, 6)
    return widths


def content(path: Path) -> dict[str, Any]:
    """What a reader sees of a workbook: values, types, formats, fonts, links, widths,
    the frozen header and the filter."""
    book = openpyxl.load_workbook(path)
    return {
        "title": book.properties.title,
        "sheets": {
            sheet.title: {
                "cells": list(_cells(sheet)),
                "widths": _widths(sheet),
                "freeze": sheet.freeze_panes,
                "filter": sheet.auto_filter.ref,
            }
            for sheet in book.worksheets
        },
    }


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    root = tmp_path_factory.mktemp("stream")
    with pytest.MonkeyPatch.context() as monkeypatch:
        built, _ids = build_sample(root / "store", monkeypatch)
        for n, text in enumerate(HOSTILE_TEXTS):
            document = add_document(
                built,
                url=f"https://example.gov.cn/{n}.pdf",
                department=f"{text}局",
                region=QINGCHUAN,
                title=text,
                figures={"expenditure_total": 100.0 + n},
                published_at="2025-09-01",
            )
            add_finding(
                built,
                department=f"{text}局",
                region=QINGCHUAN,
                message=text,
                document_id=document,
                url=f"https://example.gov.cn/{n}.pdf",
            )
    yield built
    built.close()


@pytest.mark.parametrize("scope", [Scope(), Scope(region=QINGCHUAN), Scope(year=2024)])
def test_streamed_workbook_matches_the_in_memory_one(
    store: Store, tmp_path: Path, scope: Scope
) -> None:
    data = load(store.db, sample_config(), clock.today("Asia/Shanghai"), "2025-10-15T02:00:00")
    base_url = "https://watch.example.org/report/"
    streamed = write_workbook(store.db, data, tmp_path / "streamed.xlsx", scope, base_url)
    title = openpyxl.load_workbook(streamed.path).properties.title
    in_memory_workbook(sheets(store.db, data, scope, base_url), title, tmp_path / "ref.xlsx")
    expected, got = content(tmp_path / "ref.xlsx"), content(streamed.path)
    assert list(got["sheets"]) == ["数字", "问题", "文件", "数字明细"]
    assert got == expected
    # The comparison saw the hostile texts, as text.
    texts = {c[1] for s in got["sheets"].values() for c in s["cells"] if c[2] == "s"}
    assert {"=1+1", "#N/A", "#DIV/0!"} <= texts
    assert streamed.detail_rows > 0 and streamed.document_rows > 0


def test_a_sheet_longer_than_a_worksheet_goes_on_in_numbered_sheets(tmp_path: Path) -> None:
    """XlsxWriter drops a row past Excel's 1,048,576 without an error: the rows that do
    not fit go on in "<title> (2)", "(3)"…, each under its own header, none lost.
    (Shown with a 4-row limit; the real one is XlsxWriter's own.)"""
    import xlsxwriter.worksheet

    from fiscalwatch.report.workbook import EXCEL_MAX_ROWS, Column, Sheet, write_sheets

    worksheet = xlsxwriter.worksheet.Worksheet()  # type: ignore[no-untyped-call]
    assert worksheet.xls_rowmax == EXCEL_MAX_ROWS
    columns = (Column("序号", "int", 6), Column("名称", "text", 10))
    rows = [[n, f"单位{n}"] for n in range(1, 8)]
    short = [[1, "只一行"]]
    out = tmp_path / "long.xlsx"
    counts = write_sheets(
        [Sheet("数字明细", columns, rows), Sheet("问题", columns, short)], "t", out, max_rows=4
    )
    assert counts == [7, 1]
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["数字明细", "数字明细 (2)", "数字明细 (3)", "问题"]
    read = {
        name: [list(r) for r in book[name].iter_rows(values_only=True)] for name in book.sheetnames
    }
    header = ["序号", "名称"]
    assert read["数字明细"] == [header, *rows[0:3]]
    assert read["数字明细 (2)"] == [header, *rows[3:6]]
    assert read["数字明细 (3)"] == [header, rows[6]]
    assert read["问题"] == [header, *short]
    assert [book[name].auto_filter.ref for name in book.sheetnames] == [
        "A1:B4",
        "A1:B4",
        "A1:B2",
        "A1:B2",
    ]
