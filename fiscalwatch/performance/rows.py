"""Rows of cells from wherever the self-evaluation tables ended up.

Text extraction leaves the tables in one of two shapes (both in the seeds):

- tab-separated: one line per row, ``\\t`` between cells, empty cells kept
  ("\\t年度资金总额\\t106.92\\t89.50\\t89.50\\t10\\t100.00%\\t10.00 分");
- cell-per-line: every cell on its own line behind one tab, a blank line between rows
  ("\\t年度资金总额" / "\\t29.61" / ... / "").

Real PDF tables arrive as ``parsed.tables`` rows (key "other"), pdfplumber-style: ``None``
(or "") for merged positions and newlines inside wrapped cells. All three become :class:`Row`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from fiscalwatch.models import Page, Table
from fiscalwatch.performance.text import clean
from fiscalwatch.template import ALL_TABLES

# The final-account tables (the nine and the other families' ones) are never
# self-evaluations: skip them outright.
_FINAL_ACCOUNT_TABLES = frozenset(ALL_TABLES) - {"performance_overall", "performance_project"}


@dataclass
class Row:
    cells: list[str]  # cleaned, positions kept (empty string for an empty cell)
    page: int | None
    plain: bool = False  # a text line that is not part of any table
    table_start: bool = False  # first row of a parsed table (a new grid begins)

    @property
    def filled(self) -> list[str]:
        return [cell for cell in self.cells if cell]

    @property
    def text(self) -> str:
        return "\t".join(self.filled)


def _is_cell_line(line: str) -> bool:
    """One cell of the cell-per-line shape: a single leading tab, no tab inside."""
    return (
        line.startswith("\t")
        and not line.startswith("\t\t")
        and "\t" not in line[1:].rstrip("\t\r ")
    )


def text_rows(pages: Iterable[Page]) -> Iterator[Row]:
    for page in pages:
        lines = page.text.replace("\r\n", "\n").replace("\f", "\n").split("\n")
        i = 0
        while i < len(lines):
            line = lines[i]
            if not line.strip(" \t\r\u3000") and not _is_cell_line(line):
                i += 1
                continue
            if _is_cell_line(line):
                cells = []
                while i < len(lines) and _is_cell_line(lines[i]):
                    cells.append(clean(lines[i][1:]))
                    i += 1
                yield Row(cells, page.number)
                continue
            if "\t" in line:
                yield Row([clean(cell) for cell in line.split("\t")], page.number)
            else:
                yield Row([clean(line)], page.number, plain=True)
            i += 1


def table_rows(tables: Iterable[Table]) -> Iterator[Row]:
    for table in tables:
        if table.key in _FINAL_ACCOUNT_TABLES:
            continue
        # The title only labels the grid: the parser gives every grid of a table that
        # runs over pages the same one, and a title row would end the evaluation there.
        # Each evaluation starts at its own 部门名称/项目名称 row instead.
        first = True
        for raw in table.rows:
            # None marks a position covered by a merged cell: no column of its own. Trailing
            # ones stay as empty cells so a wrapped row keeps the width of the row above.
            width = len(raw)
            while width and raw[width - 1] is None:
                width -= 1
            cells = [clean(cell) for cell in raw[:width] if cell is not None]
            cells += [""] * (len(raw) - width)
            if not any(cells):
                continue
            yield Row(cells, table.page, table_start=first)
            first = False
