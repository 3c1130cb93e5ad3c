"""The document model the generators share: a flat list of blocks."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Heading:
    text: str
    level: int  # 0 = document title, 1 = 第X部分, 2 = 一、, 3 = （一）, 4 = 1.
    page_break: bool = False


@dataclass
class Para:
    text: str
    bold_prefix: str = ""  # run-in bold lead ("一、财政拨款收入：") before the text
    list_item: bool = False
    indent: bool = True  # first-line indent of two characters, as Chinese documents do


@dataclass
class Table:
    rows: list[list[str]]
    title: str = ""  # printed above the table (bold, centred)
    header_rows: int = 1  # repeated on every page the table continues to
    unit_note: str = ""  # "单位：万元" line printed above the table, right-aligned
    note: str = ""  # printed below the table (e.g. the 空表 note)
    page_break: bool = False
    font_size: float = 9.0


@dataclass
class PageBreak:
    pass


Block = Heading | Para | Table | PageBreak


@dataclass
class Document:
    title: str
    blocks: list[Block] = field(default_factory=list)
    author: str = "财务科"
