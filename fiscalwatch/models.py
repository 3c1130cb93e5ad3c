"""What the parser returns: plain dataclasses, picklable across the process pool."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DOC_TYPES = ("final_account", "budget", "performance", "other")
LEVELS = ("department", "unit", "own_office")  # 部门 (汇总), 单位, 本级: classify.level_of
DEFAULT_LEVEL = "department"  # what most departments publish, and what an unsaid level counts as


@dataclass
class Figure:
    key: str  # a figure key from domain.md, or <key>_prev_implied, <key>_share, ...
    value: float  # money in 万元, shares in %, counts as counts
    unit: str = "万元"
    page: int | None = None
    text: str = ""  # the snippet it was read from
    origin: str = "text"  # text | table | ocr
    basis: str | None = None  # for shares and changes: the figure they are relative to
    table_key: str | None = None
    # Table figures: the cell's row and column headers (a budget column is never read as
    # the actual one), its 类/款/项 code, and the unit the table printed it in.
    row_label: str | None = None
    column_label: str | None = None
    code: str | None = None
    source_unit: str | None = None


@dataclass
class Section:
    key: str
    title: str
    page: int | None = None


@dataclass
class Table:
    key: str  # table_01 .. table_09, or "other"
    title: str
    page: int | None = None
    page_end: int | None = None
    rows: list[list[str]] = field(default_factory=list)
    empty: bool = False
    note: str | None = None
    # parsed: a grid with amounts; empty: a grid without amounts, or a note saying so;
    # unparsed: the title was found but not its grid — the parser is unsure, nothing is
    # concluded from it.
    status: str = "parsed"


@dataclass
class Page:
    number: int  # 1-based
    text: str
    ocr: bool = False


@dataclass
class ParsedDocument:
    doc_type: str
    title: str | None = None
    department: str | None = None
    fiscal_year: int | None = None
    pages: list[Page] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    level: str | None = None  # department | unit | own_office (部门 / 单位 / 本级)
    # Structured extras owned by other parts (e.g. performance evaluations), keyed by name.
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def ocr_pages(self) -> int:
        return sum(1 for page in self.pages if page.ocr)
