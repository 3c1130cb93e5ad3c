"""A budget's explanation of its spending, item by item, against itself and its tables
(``inconsistent_figures``, relation ``item_amount``).

Budgets explain each 功能分类 item in one paragraph: "12、住房保障支出（221类）住房改革支出
（02款）住房公积金（01项）208.8万元。…2026年预算安排201.50万元，比…". The amount the
item opens with, the amount "预算安排" repeats, and the 合计 of the row with the same
类/款/项 code in the tables (一般公共预算支出 / 支出预算总表 / 收入预算总表, in their
printed unit) must agree. Where they do not, the finding quotes both and says which one
the table supports.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

import sqlite_utils

from fiscalwatch.models import Page
from fiscalwatch.parsing.layout import TextIndex
from fiscalwatch.parsing.normalize import NUMBER, UNIT_FACTORS, parse_number
from fiscalwatch.store.content_reads import page_texts

_ITEM = re.compile(
    r"(?P<cls>[\u4e00-\u9fff]{2,20})[（(](?P<c1>\d{3})类[)）][^（(。]{0,20}[（(](?P<c2>\d{2})款[)）]"
    r"(?P<name>[^（(。]{1,30})[（(](?P<c3>\d{2})项[)）]\s*"
    rf"(?P<num>{NUMBER})\s*万元"
)
_ARRANGED = re.compile(rf"(?:\d{{4}}年)?预算安排\s*(?P<num>{NUMBER})\s*万元")
# Tables whose rows carry 类/款/项 codes and a 合计 column, most specific first.
CODED_TABLES = ("table_05", "table_03", "table_02")
ROUNDING = 0.005


@dataclass(frozen=True)
class ItemDisagreement:
    code: str
    name: str
    stated: float  # the amount "预算安排" repeats
    opening: float  # the amount the item opens with
    table: float | None  # the row's 合计 in the tables, in 万元
    page: int | None
    quote: str
    opening_quote: str


@dataclass(frozen=True)
class NameDisagreement:
    code: str  # the 类 code
    stated: str  # the name the text gives it
    table: str  # the name the tables give it
    page: int | None
    quote: str


def name_disagreements(db: sqlite_utils.Database, document_id: int) -> Iterator[NameDisagreement]:
    """A 功能分类 class the text names otherwise than the tables ("医疗卫生与计划生育支出
    （210类）" where the tables print 210 卫生健康支出), once per class."""
    pages = page_texts(db, document_id)
    if not pages:
        return
    index = TextIndex([Page(number, text) for number, text in sorted(pages.items())])
    names = _coded_names(db, document_id)
    seen: set[str] = set()
    for item in _ITEM.finditer(index.flow):
        code, stated = item.group("c1"), item.group("cls")
        table = names.get(code)
        if table is None or code in seen or _same_name(stated, table):
            continue
        seen.add(code)
        yield NameDisagreement(
            code=code,
            stated=stated,
            table=table,
            page=index.page_at(item.start()),
            quote=index.snippet(item.start(), item.end()),
        )


def _same_name(text: str, table: str) -> bool:
    # The text may run the item number into the name ("11、医疗…" is cut at the 、).
    return text.endswith(table) or table.endswith(text)


def _coded_names(db: sqlite_utils.Database, document_id: int) -> dict[str, str]:
    """类 code -> the class name the coded tables print."""
    out: dict[str, str] = {}
    for key in CODED_TABLES:
        row = db.execute(
            "SELECT rows FROM doc_tables WHERE document_id = ? AND key = ? AND status = 'parsed'",
            [document_id, key],
        ).fetchone()
        for cells in json.loads(row[0] or "[]") if row else []:
            if (
                len(cells) > 3
                and re.fullmatch(r"\d{3}", cells[0].strip())
                and not "".join(cells[1:3]).strip()
            ):
                out.setdefault(cells[0].strip(), cells[3].replace(" ", ""))
    return out


def item_disagreements(
    db: sqlite_utils.Database, document_id: int, tolerance: float
) -> Iterator[ItemDisagreement]:
    pages = page_texts(db, document_id)
    if not pages:
        return
    index = TextIndex([Page(number, text) for number, text in sorted(pages.items())])
    flow = index.flow
    table_rows = _coded_rows(db, document_id)
    items = list(_ITEM.finditer(flow))
    for position, item in enumerate(items):
        end = items[position + 1].start() if position + 1 < len(items) else len(flow)
        end = min(end, item.end() + 300)
        arranged = _ARRANGED.search(flow, item.end(), end)
        if arranged is None:
            continue
        opening = parse_number(item.group("num"))
        stated = parse_number(arranged.group("num"))
        if abs(opening - stated) <= max(tolerance, ROUNDING):
            continue
        code = item.group("c1") + item.group("c2") + item.group("c3")
        yield ItemDisagreement(
            code=code,
            name=item.group("name").strip(),
            stated=stated,
            opening=opening,
            table=table_rows.get(code),
            page=index.page_at(arranged.start()),
            quote=index.snippet(arranged.start(), arranged.end()),
            opening_quote=index.snippet(item.start(), item.end()),
        )


def _coded_rows(db: sqlite_utils.Database, document_id: int) -> dict[str, float]:
    """类+款+项 code -> the row's first amount (its 合计), in 万元, from the first coded
    table that has the row."""
    units = dict(
        db.execute(
            "SELECT table_key, source_unit FROM figures WHERE document_id = ?"
            " AND source_unit IS NOT NULL GROUP BY table_key",
            [document_id],
        ).fetchall()
    )
    out: dict[str, float] = {}
    for key in reversed(CODED_TABLES):  # the most specific table written last wins
        row = db.execute(
            "SELECT rows FROM doc_tables WHERE document_id = ? AND key = ? AND status = 'parsed'",
            [document_id, key],
        ).fetchone()
        if row is None:
            continue
        factor = UNIT_FACTORS.get(units.get(key) or "万元", 1.0)
        for cells in json.loads(row[0] or "[]"):
            code = "".join(c.strip() for c in cells[:3])
            if not re.fullmatch(r"\d{7}", code):
                continue
            amount = next((c for c in cells[3:] if re.fullmatch(NUMBER, c.strip())), None)
            if amount is not None:
                out[code] = round(parse_number(amount) * factor, 6)
    return out
