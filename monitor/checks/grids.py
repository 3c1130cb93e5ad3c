"""The stored tables (``doc_tables.rows``) read as grids: columns named by their header
path, rows with their 类/款/项 code, label and amounts. Nothing is re-parsed from the
document; this only gives the stored cells their meaning.

A grid is read only where its shape is clear: header rows above the first row with an
amount, body rows as wide as the header. Anything else is left out of the relations
(a check that rests on a table the parser is unsure of stays silent), and tables whose
status is not ``parsed`` are never read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import sqlite_utils

from fiscalwatch.monitor.checks.corpus import Doc
from fiscalwatch.monitor.checks.rounding import per_term, printed_step
from fiscalwatch.store.content_reads import page_text

AMOUNT = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^-?\d+(?:\.\d+)?$")
CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
LABEL_CODE = re.compile(r"^(\d{3}(?:\d{2}){0,2})\s*(\D.*)$")
# Unit conversions to 万元 a table may print in (matched against the parser's figures).
FACTORS = (1.0, 1e-4, 1e-3, 1e4)
TOTAL_LABELS = ("合计", "总计")


def is_amount(cell: str) -> bool:
    return bool(AMOUNT.match(cell.strip()))


def amount(cell: str) -> float:
    return float(cell.strip().replace(",", ""))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


@dataclass
class Column:
    index: int
    path: tuple[str, ...]  # header words from top to bottom (merged cells filled)

    @property
    def name(self) -> str:
        return self.path[-1] if self.path else ""

    @property
    def text(self) -> str:
        """The header read whole: a label wrapped over header rows ("上缴上" / "级支出")
        joined again, with its group above it."""
        return "".join(self.path)

    def named(self, *words: str) -> bool:
        return any(word in self.text for word in words)


@dataclass
class Row:
    number: int  # position among the body rows, for evidence
    code: str  # 类 201, 款 20101, 项 2010101; "" when none
    label: str
    cells: list[str]
    code_index: int = 0  # the column the code starts in

    def value(self, column: Column) -> float | None:
        cell = self.cells[column.index] if column.index < len(self.cells) else ""
        return amount(cell) if is_amount(cell) else None

    @property
    def name(self) -> str:
        return f"{self.code} {self.label}".strip()

    @property
    def is_total(self) -> bool:
        return squeeze(self.label).strip("：:") in TOTAL_LABELS


@dataclass
class Grid:
    key: str
    title: str
    page: int | None
    columns: list[Column]
    rows: list[Row]
    factor: float = 1.0  # printed unit → 万元
    step: float = 0.01  # printed precision, in the printed unit
    upper: float = 0.05  # [monitor] tolerance: the allowance per term never exceeds it
    raw: list[list[str]] = field(default_factory=list)

    def per_term(self, upper: float) -> float:
        """Rounding allowance per term of this table, in 万元 (see rounding.py)."""
        return per_term(self.step, upper, self.factor)

    def column(self, *words: str, exclude: tuple[str, ...] = ()) -> Column | None:
        for column in self.columns:
            if column.named(*words) and not (exclude and column.named(*exclude)):
                return column
        return None

    def amount_columns(self) -> list[Column]:
        """Columns holding amounts: not 行次/栏次 numbers, not codes printed as integers."""
        out = []
        for column in self.columns:
            cells = [squeeze(r.cells[column.index]) for r in self.rows]
            filled = [c for c in cells if is_amount(c)]
            if not filled or column.named("行次", "栏次", "编码", "代码"):
                continue
            if sum(1 for c in filled if CODE.match(c)) * 2 > len(filled):
                continue
            out.append(column)
        return out

    def total_row(self) -> Row | None:
        return next((r for r in self.rows if r.is_total), None)

    @property
    def side_by_side(self) -> bool:
        """Rows that print several (code, name, amount) groups side by side (the national
        basic expenditure table): a column then belongs to no single code."""
        for row in self.rows:
            seen_amount = False
            for cell in row.cells:
                text = squeeze(cell)
                if seen_amount and CODE.match(text):
                    return True
                seen_amount = seen_amount or (is_amount(text) and "." in text)
        return False

    def coded_rows(self) -> list[Row]:
        """Rows with a code, each code once (a page repeated by the parser is not two)."""
        out: dict[str, Row] = {}
        for row in self.rows:
            if row.code and row.code not in out:
                out[row.code] = row
        return list(out.values())


def split_header(rows: list[list[str]]) -> tuple[list[list[str]], list[list[str]]]:
    for i, row in enumerate(rows):
        if any(is_amount(c) and "." in c for c in row) or (
            any(is_amount(c) for c in row) and any(squeeze(c) in TOTAL_LABELS for c in row)
        ):
            return rows[:i], rows[i:]
    return rows, []


def _columns(header: list[list[str]], width: int) -> list[Column]:
    rows = [([squeeze(c) for c in row] + [""] * width)[:width] for row in header]
    filled: list[list[str]] = []
    for depth, cells in enumerate(rows):
        cells = list(cells)
        below = rows[depth + 1] if depth + 1 < len(rows) else None
        if below is not None:
            # A merged group cell spans the columns to its right that carry their own
            # sub-label below it; an empty cell over an empty one is a wrapped label's.
            for i in range(1, width):
                if not cells[i] and below[i] and below[i - 1] and cells[i - 1]:
                    cells[i] = cells[i - 1]
        filled.append(cells)
    columns = []
    for i in range(width):
        path: list[str] = []
        for row in filled:
            if row[i] and (not path or path[-1] != row[i]):
                path.append(row[i])
        columns.append(Column(i, tuple(path)))
    return columns


def _code_and_label(cells: list[str]) -> tuple[str, str]:
    """A row's code (split 类|款|项 columns joined) and its label: codes come before the
    label, amounts after it."""
    code = ""
    for cell in cells:
        text = squeeze(cell)
        if not text:
            continue
        if text.isdigit() and len(text) <= 7:
            code += text
            continue
        match = LABEL_CODE.match(text)
        if match and not code:
            return match.group(1), match.group(2)
        if is_amount(text):
            return (code if CODE.match(code) else ""), ""
        return (code if CODE.match(code) else ""), text
    return (code if CODE.match(code) else ""), ""


# Signs that a grid's cells were cut apart (a number split over cells, thousands
# separators left alone on a line of their own): its cells' meaning is unsure.
BROKEN_CELL = re.compile(r"^[,，.、]+$|^0\d+\.\d+$|^\d{1,3}(?:,\d{3})*,$|^,\d")
SPLIT_NUMBER = re.compile(r"^[\d,.]*\d\s+\d[\d,.]*$")  # "15,900.0 0"


def is_broken(rows: list[list[str]]) -> bool:
    return any(
        BROKEN_CELL.match(squeeze(cell)) or SPLIT_NUMBER.match(cell.strip())
        for row in rows
        for cell in row
        if cell
    )


def _amount_in_header(header: list[list[str]]) -> bool:
    """A header holding a number with decimals ("预算数234 ,700.00"): rows run together."""
    return any(re.search(r"\d\s*[,.]\s*\d{2}\b", cell) for row in header for cell in row)


HEADER_WORDS = ("科目编码", "科目名称", "项目", "行次", "栏次", "金额", "预算数", "决算数")


def _header_like(row: list[str]) -> bool:
    filled = [squeeze(c) for c in row if squeeze(c)]
    return (
        len(filled) >= 3
        and not any(is_amount(c) for c in filled)
        and sum(1 for c in filled if any(w in c for w in HEADER_WORDS)) >= 2
    )


def read_grid(key: str, title: str, page: int | None, rows: list[list[str]]) -> Grid | None:
    header, body = split_header([[str(c or "") for c in r] for r in rows])
    if not header or not body or is_broken(body) or _amount_in_header(header):
        return None
    if any(_header_like(row) for row in body):
        return None  # another table's header inside the body: two grids run together
    width = max(len(r) for r in header)
    columns = _columns(header, width)
    kept = []
    for number, cells in enumerate(body):
        if len(cells) != width:
            continue  # a row the parser rebuilt differently: its cells' meaning is unsure
        code, label = _code_and_label(cells)
        code_index = next((i for i, c in enumerate(cells) if squeeze(c)), 0)
        kept.append(Row(number, code, label, cells, code_index))
    if not kept:
        return None
    step = printed_step([c for r in kept for c in r.cells if is_amount(c)])
    return Grid(key, title, page, columns, kept, step=step, raw=rows)


def _factor(grid: Grid, doc: Doc) -> float | None:
    """The table's unit: from the parser's figures of the same table (stored in 万元),
    else from the amounts the rest of the document states. None when neither tells:
    the table is then left out."""
    printed = {round(amount(c), 2) for r in grid.rows for c in r.cells if is_amount(c)}
    own = [
        f.value
        for figures in doc.figures.values()
        for f in figures
        if f.table_key == grid.key and f.origin == "table" and f.value
    ]
    fits = {
        factor: sum(1 for v in own if round(v / factor, 2) in printed and round(v / factor, 2))
        for factor in FACTORS
    }
    best = max(fits.values(), default=0)
    if best:  # 万元 first among equals: a small amount may also fit another unit
        return next(factor for factor in FACTORS if fits[factor] == best)
    # Else the amounts the rest of the document states (in 万元) that the table prints.
    stated = {round(f.value, 2) for figures in doc.figures.values() for f in figures if f.value}
    fits = {
        factor: sum(1 for p in printed if p and round(p * factor, 2) in stated)
        for factor in FACTORS
    }
    best = max(fits.values(), default=0)
    if best:
        return next(factor for factor in FACTORS if fits[factor] == best)
    return None


UNIT_NOTE = re.compile(r"单位[:：]\s*(万元|千元|元)")
UNIT_FACTORS = {"万元": 1.0, "千元": 1e-1, "元": 1e-4}


def _printed_unit(db: sqlite_utils.Database, doc: Doc, grid: Grid) -> float | None:
    """The unit the table's page states ("金额单位：元"), when the page states one unit
    only: a page with tables in two units does not tell which is this one's."""
    if grid.page is None:
        return None
    text = page_text(db, doc.id, grid.page) or ""
    units = {m.group(1) for m in UNIT_NOTE.finditer(squeeze(text))}
    return UNIT_FACTORS[units.pop()] if len(units) == 1 else None


def load_grids(db: sqlite_utils.Database, doc: Doc) -> dict[str, Grid]:
    """The document's parsed tables by key (the first of a key), memoised on the doc."""
    if "grids" in doc.memo:
        return doc.memo["grids"]
    grids: dict[str, Grid] = {}
    rows = db.execute(
        "SELECT key, title, page, rows FROM doc_tables WHERE document_id = ?"
        " AND coalesce(status, CASE WHEN empty THEN 'empty' ELSE 'parsed' END) = 'parsed'"
        " ORDER BY id",
        [doc.id],
    ).fetchall()
    for key, title, page, raw in rows:
        if key in grids or not key or key == "other":
            continue
        try:
            cells = json.loads(raw or "[]")
        except ValueError:
            continue
        grid = read_grid(key, title or "", page, cells)
        factor = _factor(grid, doc) if grid is not None else None
        if grid is not None and factor is None:
            # No amount of the table stated elsewhere (a 三公 table whose 决算数 are all 0).
            factor = _printed_unit(db, doc, grid)
        if grid is not None and factor is not None:
            grid.factor = factor
            grids[key] = grid
    doc.memo["grids"] = grids
    return grids


def empty_tables(db: sqlite_utils.Database, doc: Doc) -> set[str]:
    """Keys of the document's tables stored as empty (a grid without amounts or a note)."""
    return {
        key
        for (key,) in db.execute(
            "SELECT key FROM doc_tables WHERE document_id = ?"
            " AND coalesce(status, CASE WHEN empty THEN 'empty' ELSE 'parsed' END) = 'empty'",
            [doc.id],
        )
    }
