"""One region's Excel workbook (``downloads/<region>.xlsx``) written three ways, side by
side in one run, from the same sheets of a store (bench/check.py's or any other):

- ``in-memory``: openpyxl's standard mode, a ``Cell`` object per value, saved at the end
  (how the report wrote them before);
- ``write-only``: openpyxl's streaming mode, rows written as they come;
- ``xlsxwriter``: XlsxWriter in ``constant_memory`` mode, what
  ``fiscalwatch.report.workbook`` does now.

    nice -n 10 .venv/bin/python bench/workbooks.py --store DIR/bench.db [--region NAME]
        [--repeat 2]

Each writer runs ``--repeat`` times in turn (the best CPU time is kept: the machine is
shared, so wall time says more about the neighbours than the writer), then once more
under ``tracemalloc`` for its peak of Python memory (slower, so not timed); "rows only"
reads the same rows without writing them: the part of each time that is the store's,
not the writer's.
"""

from __future__ import annotations

import argparse
import resource
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import sqlite_utils
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from fiscalwatch import clock
from fiscalwatch.config import config_from_dict
from fiscalwatch.report.model import Part, load, load_overview
from fiscalwatch.report.workbook import (
    LINK_COLOR,
    NUMBER_FORMATS,
    Link,
    Scope,
    Sheet,
    sheets,
    text_value,
    write_sheets,
)

Writer = Callable[[list[Sheet], str, Path], int]
HEADER_FONT = Font(bold=True)
LINK_FONT = Font(color=LINK_COLOR.lstrip("#"), underline="single")


def _link_cell(cell: Cell, link: Link) -> Cell:
    """The link's text, as text, with its address and the link font when it has one."""
    cell.value = text_value(link.text)
    cell.data_type = "s"
    if link.url:
        cell.hyperlink = text_value(link.url)
        cell.font = LINK_FONT
    return cell


def _in_memory_cell(sheet: Worksheet, row: int, column: int, kind: str, value: Any) -> Cell:
    cell: Cell = sheet.cell(row=row, column=column)
    if value is None:
        return cell
    if kind == "link":
        return _link_cell(cell, value)
    if kind == "text":
        cell.value = text_value(value)
        cell.data_type = "s"  # never a formula
        return cell
    cell.value = value
    if kind in NUMBER_FORMATS:
        cell.number_format = NUMBER_FORMATS[kind]
    return cell


def in_memory_workbook(specs: list[Sheet], title: str, out: Path) -> int:
    """The earlier writer: every cell an object in memory until the book is saved. The
    streamed workbook's test (tests/export/test_workbook_stream.py) compares against it."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    rows = 0
    for spec in specs:
        sheet = book.create_sheet(spec.title)
        for index, column in enumerate(spec.columns, start=1):
            _in_memory_cell(sheet, 1, index, "text", column.title).font = HEADER_FONT
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        count = 0
        for count, values in enumerate(spec.rows, start=1):
            for index, (column, value) in enumerate(zip(spec.columns, values, strict=True), 1):
                _in_memory_cell(sheet, count + 1, index, column.kind, value)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(spec.columns))}{count + 1}"
        rows += count
    book.properties.title = title
    book.save(out)
    return rows


def _write_only_value(sheet: WriteOnlyWorksheet, kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "link":
        return _link_cell(WriteOnlyCell(sheet), value)
    if kind == "text":
        text = text_value(value)
        if text.startswith("=") or text in ERROR_CODES:
            cell = WriteOnlyCell(sheet, text)
            cell.data_type = "s"
            return cell
        return text
    if kind not in NUMBER_FORMATS:
        return value
    cell = WriteOnlyCell(sheet, value)
    cell.number_format = NUMBER_FORMATS[kind]
    return cell


def write_only_workbook(specs: list[Sheet], title: str, out: Path) -> int:
    """openpyxl's streaming mode: rows appended as they come, a cell object only for a
    value that needs a style."""
    book = Workbook(write_only=True)
    rows = 0
    for spec in specs:
        sheet = book.create_sheet(spec.title)
        assert isinstance(sheet, WriteOnlyWorksheet)
        for index, column in enumerate(spec.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.freeze_panes = "A2"
        header = []
        for column in spec.columns:
            cell = WriteOnlyCell(sheet, text_value(column.title))
            cell.data_type = "s"
            cell.font = HEADER_FONT
            header.append(cell)
        sheet.append(header)
        kinds = [column.kind for column in spec.columns]
        count = 0
        for values in spec.rows:
            sheet.append(
                [_write_only_value(sheet, k, v) for k, v in zip(kinds, values, strict=True)]
            )
            count += 1
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(spec.columns))}{count + 1}"
        rows += count
    book.properties.title = title
    book.save(out)
    return rows


def xlsxwriter_workbook(specs: list[Sheet], title: str, out: Path) -> int:
    return sum(write_sheets(specs, title, out))


def rows_only(specs: list[Sheet], title: str, out: Path) -> int:
    return sum(sum(1 for _ in spec.rows) for spec in specs)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--store", type=Path, required=True, help="the SQLite store")
    parser.add_argument("--region", help="the region (default: the first of the report)")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    db = sqlite_utils.Database(args.store)
    config = config_from_dict({})
    overview = load_overview(db, clock.now_iso())
    region = args.region or overview.parts[0][0]
    data = load(db, config, clock.today("Asia/Shanghai"), overview.built_at,
                part=Part(overview, [region]))  # fmt: skip
    scope = Scope(region=region)
    title = text_value(f"fiscalwatch {region}")
    writers: dict[str, Writer] = {
        "rows only": rows_only,
        "in-memory": in_memory_workbook,
        "write-only": write_only_workbook,
        "xlsxwriter": xlsxwriter_workbook,
    }
    best: dict[str, float] = {}
    peaks: dict[str, float] = {}
    sizes: dict[str, int] = {}
    counted: dict[str, int] = {}
    with TemporaryDirectory() as folder:
        for round_ in range(args.repeat + 1):
            for name, writer in writers.items():
                out = Path(folder) / f"{name}.xlsx"
                traced = round_ == args.repeat  # the last round measures memory, not time
                if traced:
                    tracemalloc.start()
                started = time.process_time()  # CPU: the box is shared, wall time varies
                counted[name] = writer(sheets(db, data, scope, None), title, out)
                spent = time.process_time() - started
                if traced:
                    peaks[name] = tracemalloc.get_traced_memory()[1] / 1e6
                    tracemalloc.stop()
                else:
                    best[name] = min(best.get(name, spent), spent)
                sizes[name] = out.stat().st_size if out.exists() else 0
    print(f"region {region}: {counted['rows only']} rows; load average {_load()}")
    print(f"{'writer':<12} {'best CPU s':>10} {'traced peak MB':>15} {'file KB':>8}")
    for name in writers:
        print(f"{name:<12} {best[name]:>10.2f} {peaks[name]:>15.1f} {sizes[name] / 1024:>8.0f}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS {rss:.0f} MB")


def _load() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


if __name__ == "__main__":
    main()
