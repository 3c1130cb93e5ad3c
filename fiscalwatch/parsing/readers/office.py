"""Word (.docx) and Excel (.xlsx): both are zip files, checked for zip bombs first."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from fiscalwatch.errors import DocumentError
from fiscalwatch.models import Page
from fiscalwatch.parsing.readers.base import MAX_COLUMNS, RawTable, Source, capped_span, clean_cell

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # a real disclosure is a few MB unpacked
MAX_RATIO = 200  # XML compresses ~10x; a bomb compresses thousands of times
MAX_XLSX_ROWS = 20_000  # a disclosure's sheet has a few hundred rows at most


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

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors...
        raise DocumentError(f"corrupt Word file: {exc}") from exc
    try:
        return _read_docx(document)
    except (ValueError, KeyError, AttributeError, TypeError, IndexError) as exc:
        # python-docx parses attribute values as it meets them: junk raises there.
        raise DocumentError(f"corrupt Word file: {type(exc).__name__}: {exc}") from exc


def _read_docx(document: Any) -> Source:
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

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


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_rows(table: Any) -> list[list[str | None]]:
    """Rows as grid positions: a merged cell's text in its first position, None in the
    others; a vertically merged continuation repeats the text of the cell it continues.
    Read from the XML with spans capped, since python-docx expands every ``gridSpan``
    into that many cell objects (and raises on a malformed one)."""
    from docx.table import _Cell

    rows: list[list[str | None]] = []
    above: list[str] = []  # the text at each grid position of the row before
    for tr in table._tbl.tr_lst:
        out: list[str | None] = []
        before = _attribute(tr, f"{_W}trPr/{_W}gridBefore")
        texts: list[str] = [""] * (min(capped_span(before), MAX_COLUMNS) if before else 0)
        for tc in tr.tc_lst:
            span = min(
                capped_span(_attribute(tc, f"{_W}tcPr/{_W}gridSpan")), MAX_COLUMNS - len(texts)
            )
            if span <= 0:
                break
            if _continues_merge(tc):
                text = above[len(texts)] if len(texts) < len(above) else ""
            else:
                text = clean_cell(_Cell(tc, table).text)
            out.append(text)
            out.extend([None] * (span - 1))
            texts.extend([text] * span)
        above = texts
        rows.append(out)
    return rows


def _attribute(element: Any, path: str) -> str | None:
    """The raw ``w:val`` of the child at ``path``, unparsed (python-docx raises on junk)."""
    child = element.find(path)
    return None if child is None else child.get(f"{_W}val")


def _continues_merge(tc: Any) -> bool:
    merge = tc.find(f"{_W}tcPr/{_W}vMerge")
    return merge is not None and merge.get(f"{_W}val", "continue") == "continue"


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
    warnings: list[str] = []
    try:
        for number, sheet in enumerate(workbook.worksheets, start=1):
            rows, beyond = _sheet_rows(sheet)
            if beyond:
                warnings.append(
                    f"sheet {sheet.title}: {beyond} cell(s) beyond row {MAX_XLSX_ROWS} or "
                    f"column {MAX_COLUMNS} not read"
                )
            text = "\n".join("\t".join(cell or "" for cell in row) for row in rows)
            pages.append(Page(number=number, text=f"{sheet.title}\n{text}"))
            tables.append(RawTable(page=number, rows=rows, title=sheet.title, order=number))
    except DocumentError:
        raise
    except Exception as exc:  # openpyxl raises ValueError, KeyError, lxml errors...
        raise DocumentError(f"corrupt Excel file: {exc}") from exc
    finally:
        title = (workbook.properties.title or "").strip() or None
        workbook.close()
    return Source(
        format="xlsx", pages=pages, tables=tables, metadata_title=title, warnings=warnings
    )


def _sheet_rows(sheet: Any) -> tuple[list[list[str | None]], int]:
    """The sheet's cells that are really there, as rows (trailing blanks trimmed), and
    how many lay beyond the caps. Read from the sheet's XML directly: openpyxl's
    read-only rows pad every missing row and column up to the declared ``<dimension>``
    (or to a lone cell at XFD1048576), millions of empty cells from a few bytes."""
    from openpyxl.worksheet._reader import WorkSheetParser

    cells: dict[int, dict[int, str]] = {}
    beyond = 0
    workbook = sheet.parent
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for _, row in parser.parse():
            for cell in row:
                value = _xlsx_cell(cell["value"])
                if not value:
                    continue
                if cell["row"] > MAX_XLSX_ROWS or cell["column"] > MAX_COLUMNS:
                    beyond += 1
                    continue
                cells.setdefault(cell["row"], {})[cell["column"]] = value
    last_row = max(cells, default=0)
    rows: list[list[str | None]] = []
    for number in range(1, last_row + 1):
        found = cells.get(number, {})
        rows.append([found.get(column, "") for column in range(1, max(found, default=0) + 1)])
    return rows, beyond


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
