"""The nine tables as one workbook, a sheet per table (the sibling-attachment layout)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from .blocks import Table
from .docx_out import fix_zip_times

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def build_xlsx(tables: list[tuple[str, Table]], path: Path, author: str = "财务科") -> Path:
    book = Workbook()
    book.remove(book.active)
    book.properties.creator = author
    book.properties.created = dt.datetime(2025, 6, 30, 9, 0, 0)
    book.properties.modified = dt.datetime(2025, 6, 30, 9, 0, 0)
    for n, (_key, table) in enumerate(tables, 1):
        title_lines = table.title.split("\n")
        sheet = book.create_sheet(f"{n:02d}{title_lines[0]}"[:31])
        width = max(len(r) for r in table.rows)
        sheet.cell(1, 1, title_lines[0]).font = Font(bold=True, size=14)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        sheet.cell(1, 1).alignment = Alignment(horizontal="center")
        sheet.cell(2, 1, "  ".join([*title_lines[1:], table.unit_note]))
        for r, row in enumerate(table.rows, 4):
            for c, value in enumerate(row, 1):
                cell = sheet.cell(r, c)
                try:
                    cell.value = float(value) if value and r - 4 >= table.header_rows else value
                except ValueError:
                    cell.value = value
                if isinstance(cell.value, float):
                    cell.number_format = "#,##0.00"
                cell.border = BOX
        if table.note:
            sheet.cell(len(table.rows) + 5, 1, table.note)
        for c in range(1, width + 1):
            sheet.column_dimensions[sheet.cell(4, c).column_letter].width = 16
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    fix_zip_times(path)
    return path
