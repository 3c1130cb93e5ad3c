"""Tables a PDF draws without a full ruling (borderless, three-line, horizontal rules
only): rebuilt from where PDFium places the text. Each text run (PDFium's text
rectangles) is a cell; runs on one baseline make a row; a run of rows of several cells
is a table; its columns are the x-ranges the data rows' cells share, and a header cell
spanning several columns fills each (as merged ruled cells do)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pypdfium2 as pdfium

from fiscalwatch.parsing.layout import FOLIO
from fiscalwatch.parsing.readers.base import clean_cell
from fiscalwatch.parsing.readers.pdf_text import BoundedText, text_rects
from fiscalwatch.template import table_key, truncated_title_key

SAME_ROW = 3.0  # points between the vertical centres of runs on one line
JOIN_GAP = 1.5  # runs closer than this are one cell (a font change inside a word)
JOIN_SHARE = 0.3  # ... or closer than this share of their height (large title type)
SEPARATOR_SHARE = 0.6  # digits and a thousands separator closer than this share: one amount
MAX_TITLE = 50
MIN_HEADER_CELLS = 3
HEADER_WORDS = frozenset({"合计", "总计", "项目", "科目名称", "科目编码", "功能分类科目编码"})
MAX_SINGLE = 14  # a lone short cell inside a table: a wrapped label or header
_AMOUNT = re.compile(r"^-?[\d,]+\.\d{1,2}$|^0$|^-$")
_NOT_IN_TABLE = re.compile(r"^(?:注|说明)[:：]")
# Text under a table that is not a row: a part's heading, or a sentence (a justified
# line breaks into several runs, like a row of cells).
_PROSE = re.compile(r"^第[一二三四五六七八九十]{1,3}部分|[。；;].|.[，,][^\d]|万元[，,]")
_TABLE_NUMBER = re.compile(r"^附?表\s*[\d一二三四五六七八九十]")
_AMOUNT_END = re.compile(r"^[\d,]*\d(?:\.\d{1,2})?$")
# A run of punctuation only: a thousands separator drawn as its own text rectangle
# below the digits' middle ("35" "," "159" "," "000.00"), which belongs to their line.
_PUNCTUATION = re.compile(r"^[,.，、]+$")


@dataclass
class Run:
    left: float
    right: float
    top: float
    bottom: float
    text: str


@dataclass
class TextRow:
    top: float
    bottom: float
    runs: list[Run]


def text_tables(
    page: pdfium.PdfPage, textpage: pdfium.PdfTextPage
) -> list[tuple[list[list[str | None]], tuple[float, float]]]:
    """Each table as rows of cells with its (top, bottom), top to bottom."""
    rows = _rows(page, textpage)
    tables = []
    for block in _blocks(rows):
        grid = _columns(block)
        if grid:
            tables.append((grid, (block[0].top, block[-1].bottom)))
    return tables


def _rows(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> list[TextRow]:
    _, height = page.get_size()
    runs: list[Run] = []
    text_in = BoundedText(textpage)
    for left, bottom, right, top in text_rects(textpage):
        text = clean_cell(text_in(left, bottom, right, top))
        if text:
            runs.append(Run(left, right, height - top, height - bottom, text))
    runs.sort(key=lambda r: ((r.top + r.bottom) / 2, r.left))
    rows: list[TextRow] = []
    for run in runs:
        middle = (run.top + run.bottom) / 2
        if rows and (
            abs(middle - (rows[-1].top + rows[-1].bottom) / 2) <= SAME_ROW
            or (_PUNCTUATION.match(run.text) and run.top < rows[-1].bottom)
        ):
            row = rows[-1]
            row.runs.append(run)
            row.top, row.bottom = min(row.top, run.top), max(row.bottom, run.bottom)
        else:
            rows.append(TextRow(run.top, run.bottom, [run]))
    for row in rows:
        row.runs = _joined(sorted(row.runs, key=lambda r: r.left))
    return [row for row in rows if not FOLIO.match("".join(run.text for run in row.runs))]


def _joined(runs: list[Run]) -> list[Run]:
    out: list[Run] = []
    for run in runs:
        amounts = bool(out) and (_AMOUNT.match(run.text) or _AMOUNT.match(out[-1].text))
        gap = max(JOIN_GAP, JOIN_SHARE * (run.bottom - run.top))
        separated = bool(out) and _separated(out[-1], run)
        if separated:  # a monospaced comma leaves more room around it
            gap = max(gap, SEPARATOR_SHARE * (out[-1].bottom - out[-1].top))
        if out and run.left - out[-1].right < gap and (not amounts or separated):
            last = out[-1]
            text = last.text + _after_overlap(last, run)
            out[-1] = Run(last.left, max(last.right, run.right), last.top, last.bottom, text)
        else:
            out.append(run)
    return out


def _separated(last: Run, run: Run) -> bool:
    """One amount cut at its thousands separator ("35," + "159,000.00")."""
    return (last.text.endswith(",") and run.text[:1].isdigit()) or (
        run.text.startswith(",") and last.text[-1:].isdigit()
    )


def _after_overlap(last: Run, run: Run) -> str:
    """The text ``run`` adds to ``last``: rectangles that overlap repeat the characters
    they share ("…列示)" + "示)")."""
    if run.left >= last.right:
        return run.text
    for size in range(min(len(last.text), len(run.text)), 0, -1):
        if last.text.endswith(run.text[:size]):
            return run.text[size:]
    return run.text


def _blocks(rows: list[TextRow]) -> list[list[TextRow]]:
    """Runs of rows of several cells (a lone short cell between two such rows stays:
    a wrapped label or header), holding at least one amount."""
    blocks: list[list[TextRow]] = []
    current: list[TextRow] = []
    for position, row in enumerate(rows):
        text = "".join(run.text for run in row.runs)
        outside = bool(_NOT_IN_TABLE.match(text) or _PROSE.search(text)) or _is_title(text)
        wide = len(row.runs) >= 2 and not outside
        lone = (
            len(row.runs) == 1
            and bool(current)
            and len(text) <= MAX_SINGLE
            and not outside
            and _wide_follows(rows, position)
        )
        if wide or lone:
            current.append(row)
            continue
        if current:
            blocks.append(current)
        current = []
    if current:
        blocks.append(current)
    return [b for b in blocks if len(b) >= 2 and (any(map(_has_amount, b)) or _headed(b))]


def _headed(block: list[TextRow]) -> bool:
    """A grid without amounts (an empty table): a header row of several cells, and a
    合计 row or a header word."""
    wide = max(len(row.runs) for row in block) >= MIN_HEADER_CELLS
    words = {run.text.replace(" ", "") for row in block for run in row.runs}
    return wide and bool(words & HEADER_WORDS)


def _is_title(text: str) -> bool:
    """A table's title, or the first line of one wrapped ("表七2023年度政府性基金预"):
    no row label starts with a table's number."""
    if len(text) > MAX_TITLE:
        return False
    return bool(table_key(text) or truncated_title_key(text) or _TABLE_NUMBER.match(text))


def _wide_follows(rows: list[TextRow], position: int, within: int = 3) -> bool:
    """A row of several cells comes within a few short single-cell rows (a label or
    header wrapped over lines)."""
    for row in rows[position + 1 : position + 1 + within]:
        if len(row.runs) >= 2:
            return True
        if len(row.runs[0].text) > MAX_SINGLE:
            return False
    return False


def _has_amount(row: TextRow) -> bool:
    return any(_AMOUNT.match(run.text) for run in row.runs)


def _columns(block: list[TextRow]) -> list[list[str | None]]:
    """Cells placed in columns: the x-ranges shared by the cells of the data rows (of
    every row, in a table without amounts)."""
    data = [row for row in block if _has_amount(row)] or block
    spans: list[list[float]] = []
    for row in data:
        for run in row.runs:
            spans.append([run.left, run.right])
    spans.sort()
    columns: list[list[float]] = []
    for left, right in spans:
        if columns and left < columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], right)
        else:
            columns.append([left, right])
    if len(columns) < 2:
        return []
    grid: list[list[str | None]] = []
    for row in block:
        cells: list[str | None] = [""] * len(columns)
        for run in row.runs:
            hit = [i for i, (lo, hi) in enumerate(columns) if run.left < hi and run.right > lo]
            if not hit:  # in a gap between columns: the nearest one
                centre = (run.left + run.right) / 2
                hit = [min(range(len(columns)), key=lambda i: _distance(columns[i], centre))]
            for i in hit:
                cells[i] = (cells[i] or "") + run.text
        grid.append(cells)
    return _amounts_rejoined(grid)


def _amounts_rejoined(grid: list[list[str | None]]) -> list[list[str | None]]:
    """Amounts a narrow column wrapped ("82,400." over "00"): the row holding only their
    ends is joined to the row above, cell by cell."""
    out: list[list[str | None]] = []
    for cells in grid:
        ends = [(i, c) for i, c in enumerate(cells) if c]
        if (
            out
            and ends
            and all(
                _AMOUNT_END.match(c) and (out[-1][i] or "").endswith((".", ",")) for i, c in ends
            )
        ):
            above = out[-1]
            for i, c in ends:
                above[i] = (above[i] or "") + c
            continue
        out.append(cells)
    return out


def _distance(column: list[float], x: float) -> float:
    return 0.0 if column[0] <= x <= column[1] else min(abs(column[0] - x), abs(column[1] - x))
