"""Word (.docx) and Excel (.xlsx): both are zip files, checked for zip bombs first."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from fiscalwatch.errors import DocumentError
from fiscalwatch.models import Page
from fiscalwatch.parsing.readers.base import RawTable, Source, clean_cell

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # a real disclosure is a few MB unpacked
MAX_RATIO = 200  # XML compresses ~10x; a bomb compresses thousands of times


def check_zip(data: bytes) -> None:
    """Refuses archives that would unpack to something absurd, before reading them."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise DocumentError(f"corrupt zip container: {exc}") from exc
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if total > MAX_UNCOMPRESSED or (total > 10 * 1024 * 1024 and total / packed > MAX_RATIO):
        raise DocumentError(
            f"zip bomb: {len(data)} bytes would unpack to {total} bytes (limit {MAX_UNCOMPRESSED})"
        )


def read_docx(data: bytes) -> Source:
    """Paragraphs and tables in document order. Pages follow Word's own page breaks
    (explicit or last-rendered), so a page number means what it does in Word."""
    check_zip(data)
    import docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors...
        raise DocumentError(f"corrupt Word file: {exc}") from exc
    page = 1
    lines: dict[int, list[str]] = {1: []}
    tables: list[RawTable] = []
    recent: list[str] = []
    for order, block in enumerate(document.iter_inner_content()):
        if isinstance(block, Paragraph):
            breaks = _page_breaks(block._p)
            if breaks and block.text.strip() == "" and lines[page]:
                page += 1
                lines.setdefault(page, [])
                continue
            if breaks and lines[page]:
                page += 1
                lines.setdefault(page, [])
            text = block.text
            lines[page].append(text)
            if text.strip():
                recent = [*recent[-2:], text.strip()]
        elif isinstance(block, DocxTable):
            rows = _docx_rows(block)
            tables.append(RawTable(page=page, rows=rows, title=" ".join(recent), order=order))
            lines[page].extend("\t".join(cell or "" for cell in row) for row in rows)
            recent = []
    pages = [Page(number=n, text="\n".join(lines[n])) for n in sorted(lines)]
    title = (document.core_properties.title or "").strip() or None
    return Source(format="docx", pages=pages, tables=tables, metadata_title=title)


def _page_breaks(paragraph: Any) -> bool:
    qn = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for element in paragraph.iter(f"{qn}br", f"{qn}lastRenderedPageBreak"):
        if element.tag.endswith("lastRenderedPageBreak") or element.get(f"{qn}type") == "page":
            return True
    return False


def _docx_rows(table: Any) -> list[list[str | None]]:
    rows: list[list[str | None]] = []
    for row in table.rows:
        out: list[str | None] = []
        previous = None
        for cell in row.cells:
            # python-docx repeats a merged cell for each grid column it spans.
            out.append(None if cell._tc is previous else clean_cell(cell.text))
            previous = cell._tc
        rows.append(out)
    return rows


def read_xlsx(data: bytes) -> Source:
    """Each sheet one page and one table; the sheet name often is the table's title."""
    check_zip(data)
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise DocumentError(f"corrupt Excel file: {exc}") from exc
    pages: list[Page] = []
    tables: list[RawTable] = []
    for number, sheet in enumerate(workbook.worksheets, start=1):
        rows: list[list[str | None]] = []
        for values in sheet.iter_rows(values_only=True):
            row = [_xlsx_cell(value) for value in values]
            while row and not row[-1]:
                row.pop()
            rows.append(list(row))
        while rows and not any(rows[-1]):
            rows.pop()
        text = "\n".join("\t".join(cell or "" for cell in row) for row in rows)
        pages.append(Page(number=number, text=f"{sheet.title}\n{text}"))
        tables.append(RawTable(page=number, rows=rows, title=sheet.title, order=number))
    title = (workbook.properties.title or "").strip() or None
    workbook.close()
    return Source(format="xlsx", pages=pages, tables=tables, metadata_title=title)


def read_xls(data: bytes) -> Source:
    """Legacy Excel (.xls, BIFF) through xlrd: as an .xlsx, each sheet a page and a table."""
    import xlrd

    try:
        workbook = xlrd.open_workbook(file_contents=data, on_demand=True)
    except Exception as exc:
        raise DocumentError(f"corrupt Excel (.xls) file: {exc}") from exc
    pages: list[Page] = []
    tables: list[RawTable] = []
    try:
        for number, sheet in enumerate(workbook.sheets(), start=1):
            rows: list[list[str | None]] = []
            for index in range(sheet.nrows):
                row: list[str | None] = [
                    _xls_cell(cell.value, cell.ctype) for cell in sheet.row(index)
                ]
                while row and not row[-1]:
                    row.pop()
                rows.append(row)
            while rows and not any(rows[-1]):
                rows.pop()
            text = "\n".join("\t".join(cell or "" for cell in row) for row in rows)
            pages.append(Page(number=number, text=f"{sheet.name}\n{text}"))
            tables.append(RawTable(page=number, rows=rows, title=sheet.name, order=number))
    finally:
        workbook.release_resources()
    return Source(format="xls", pages=pages, tables=tables)


def _xls_cell(value: Any, kind: int) -> str:
    import xlrd

    if kind == xlrd.XL_CELL_NUMBER:
        return f"{value:.2f}"
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    return clean_cell(str(value))


def _xlsx_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return clean_cell(str(value))
