"""What every reader returns: pages of text in reading order, and tables as rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from fiscalwatch.models import Page

# A merged cell may span at most this many grid positions, and a table row is read up to
# this many columns: real disclosure tables have a few dozen, while one hostile
# ``colspan``/``gridSpan`` of millions would otherwise expand into millions of cells.
MAX_SPAN = 1000
MAX_COLUMNS = 1000


@dataclass
class RawTable:
    page: int
    rows: list[list[str | None]]  # None marks a position covered by a merged cell
    title: str = ""  # text around it that may name it: preceding paragraph, sheet name
    order: int = 0  # position in the document, for formats without pages
    # The grid's extent on its page in points from the top (PDFs only): where titles
    # and headings sit relative to it.
    top: float | None = None
    bottom: float | None = None


@dataclass
class Source:
    """A read document. PDFs find tables lazily (only on the pages that need them), so
    ``tables_on`` is a method; the other formats read all tables up front."""

    format: str
    pages: list[Page]
    tables: list[RawTable] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    metadata_title: str | None = None

    def tables_on(self, page: int, *, pdfplumber_style: bool = False) -> list[RawTable]:
        """``pdfplumber_style`` matters to PDFs only; other formats keep their reader's cells."""
        return [table for table in self.tables if table.page == page]

    def is_ruled(self, page: int) -> bool:
        return any(table.page == page for table in self.tables)

    def text_tables_on(self, page: int) -> list[RawTable]:
        """Tables drawn without a full ruling, rebuilt from the text's positions (PDFs)."""
        return []

    def text_between(self, page: int, top: float, bottom: float) -> str:
        """The text of a horizontal band of a page (PDFs only; points from the top)."""
        return ""

    def close(self) -> None:
        return None


_CUT_AMOUNT = re.compile(r"(?:^|\s)-?[\d,]*\d\.\d?$")


def _wrapped_amount(before: str, after: str) -> bool:
    """An amount a narrow cell wrapped after its decimal point ("103,300.0" / "0")."""
    return bool(_CUT_AMOUNT.search(before)) and after.isdigit() and len(after) <= 2


@lru_cache(maxsize=16384)  # row labels and headers recur across tables and documents
def clean_cell(text: str | None) -> str:
    """A table cell's text: wrapped CJK labels joined, spaces collapsed."""
    if not text:
        return ""
    from fiscalwatch.parsing.normalize import normalize_line, normalize_text

    lines = [normalize_line(part) for part in normalize_text(text).split("\n")]
    out = ""
    for line in lines:
        if not line:
            continue
        if (
            out
            and out[-1].isascii()
            and line[0].isascii()
            and out[-1].isalnum()
            and line[0].isalnum()
            and not _wrapped_amount(out, line)
        ):
            out += " "
        out += line
    return out


def capped_span(value: object) -> int:
    """A colspan/gridSpan as a count of grid positions: 1 when it is not a positive
    number, at most :data:`MAX_SPAN`."""
    text = str(value if value is not None else "1").strip()
    if not text.isdigit():
        return 1
    digits = text.lstrip("0")[:6]  # more digits than that is past the cap anyway
    return max(1, min(int(digits or "1"), MAX_SPAN))
