"""Small hostile files that cost a naive reader minutes or gigabytes (each found against
an earlier version): used by the reader tests and by ``bench/bombs.py``."""

from __future__ import annotations

import io
import re
import zipfile

HTML_COLSPAN = 50_000_000
DOCX_GRID_SPAN = 2_000_000


def html_colspan() -> bytes:
    """A 200-byte page whose first cell spans fifty million columns."""
    return (
        b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>2024\xe5\xb9\xb4"
        b"\xe9\x83\xa8\xe9\x97\xa8\xe5\x86\xb3\xe7\xae\x97</title></head><body><table><tr>"
        b'<td colspan="' + str(HTML_COLSPAN).encode() + b'">x</td><td>y</td></tr>'
        b"<tr><td>a</td><td>b</td></tr></table></body></html>"
    )


def docx_grid_span() -> bytes:
    """A Word table whose first cell spans two million grid columns."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("收入支出决算总表")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "项目"
    table.cell(1, 0).text = "合计"
    table.cell(1, 1).text = "1.00"
    tc_pr = table.cell(0, 0)._tc.get_or_add_tcPr()
    span = OxmlElement("w:gridSpan")
    span.set(qn("w:val"), str(DOCX_GRID_SPAN))
    tc_pr.append(span)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _workbook(cells: dict[str, object]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "收入支出决算总表"
    for coordinate, value in cells.items():
        sheet[coordinate] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite_sheet(data: bytes, change: object) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = change(body)  # type: ignore[operator]
            target.writestr(info.filename, body)
    return out.getvalue()


def xlsx_declared_dimension(rows: int = 5000) -> bytes:
    """A table of ``rows`` real rows x 4 columns, and a ``<dimension>`` that claims the
    whole 16384 x 1048576 grid: a padding reader widens every row to 16384 cells."""
    cells: dict[str, object] = {"A1": "项目", "B1": "决算数"}
    for row in range(2, rows + 1):
        cells.update({f"A{row}": f"支出{row}", f"B{row}": row * 1.5, f"C{row}": "", f"D{row}": 1})
    data = _workbook(cells)
    return _rewrite_sheet(
        data,
        lambda body: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', body),
    )


def xlsx_far_cell() -> bytes:
    """One real cell, at the last row and column a sheet can have."""
    return _workbook({"XFD1048576": "x"})


BOMBS = {
    "html_colspan_50M.html": html_colspan,
    "docx_gridspan_2M.docx": docx_grid_span,
    "xlsx_dimension_A1_XFD1048576.xlsx": xlsx_declared_dimension,
    "xlsx_single_cell_XFD1048576.xlsx": xlsx_far_cell,
}
