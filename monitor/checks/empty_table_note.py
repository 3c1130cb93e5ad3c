"""An empty-table note contradicted by amounts stated elsewhere in the same document
(``inconsistent_figures``, relation ``empty_table_note``): "本表为空表" under the 三公 and
机关运行经费 table while the text states 10.81万元 of 三公经费, say.

Only a table published empty WITH its note counts (a grid read without amounts and no
note may be the parser's miss, and that is no finding), and only a non-zero amount of a
figure that table would hold, read outside that table. Final accounts and budgets alike.
Example: "上海市XX局 2026年度部门预算：《2026年部门“三公”经费和机关运行经费预算表》注明
为空表，但第22页写明“三公”经费支出10.81万元".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import sqlite_utils

from fiscalwatch.monitor.checks.corpus import Doc, Fig

THREE_PUBLIC = (
    "three_public_total",
    "overseas_travel",
    "vehicle_total",
    "vehicle_purchase",
    "vehicle_operation",
    "official_reception",
)
# What each table holds: an amount of one of these, stated elsewhere, contradicts its note.
HELD_BY_TABLE: dict[str, tuple[str, ...]] = {
    "table_07": ("gov_fund_expenditure", "gov_fund_income"),
    "table_08": ("state_capital_expenditure", "state_capital_income"),
    "table_09": THREE_PUBLIC,
    "three_public_operating": (*THREE_PUBLIC, "operating_expenses"),
}
RELATION = "empty_table_note"


@dataclass(frozen=True)
class EmptyTable:
    key: str
    title: str
    page: int | None
    note: str


@dataclass(frozen=True)
class Contradiction:
    table: EmptyTable
    figure: Fig  # the first amount stated elsewhere
    others: tuple[Fig, ...]  # every other key's first contradicting amount


def empty_tables_with_note(db: sqlite_utils.Database, document_id: int) -> list[EmptyTable]:
    rows = db.execute(
        "SELECT key, title, page, note FROM doc_tables WHERE document_id = ?"
        " AND status = 'empty' AND note IS NOT NULL AND note != '' ORDER BY page, id",
        [document_id],
    )
    # A note in a merged cell comes once per cell it spans: keep each part once.
    return [
        EmptyTable(key, title or key, page, " ".join(dict.fromkeys(note.split())))
        for key, title, page, note in rows
    ]


def contradictions(
    db: sqlite_utils.Database, doc: Doc, tolerance: float
) -> Iterator[Contradiction]:
    for table in empty_tables_with_note(db, doc.id):
        stated: list[Fig] = []
        for key in HELD_BY_TABLE.get(table.key, ()):
            amount = next(
                (
                    f
                    for f in doc.figures.get(key, [])
                    if f.table_key != table.key and abs(f.value) > tolerance
                ),
                None,
            )
            if amount is not None:
                stated.append(amount)
        if stated:
            yield Contradiction(table, stated[0], tuple(stated[1:]))
