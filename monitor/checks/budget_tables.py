"""The tables a budget promises and does not publish (``missing_section``, for budgets).

What a budget must carry is judged first against its own 目录 (the tables it lists
there), then against the budget family its tables follow (``fiscalwatch.budget_template``);
with neither — no list in its opening pages and no family recognised — nothing is asked
of it (there is no national budget template to fall back on, and a false "missing" costs
more than a miss). A table whose title was found but not its grid (``unparsed``) counts as
published: the parser is unsure, and says so elsewhere.

Evidence: ``section`` (the table key), ``family``, ``expected_from`` (``toc`` | ``family``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import sqlite_utils

from fiscalwatch.budget_template import BUDGET_FAMILIES, budget_family
from fiscalwatch.monitor.checks.corpus import Doc
from fiscalwatch.store.content_reads import opening_texts, table_keys
from fiscalwatch.template import ALL_TABLES, table_key

TOC_PAGES = 3  # a budget's 目录 is on its first pages
MIN_LISTED = 3  # fewer listed titles than this is not a table list
_LEADER_AND_PAGE = re.compile(r"[\s.…·．_\-—]*\d*\s*$")


@dataclass(frozen=True)
class MissingTable:
    key: str
    title: str
    family: str | None
    expected_from: str


def listed_tables(opening: str) -> list[tuple[str, str]]:
    """(key, title) of the budget tables the opening pages list, in order, once each.
    (``fiscalwatch.parsing.contents`` reads a final account's 目录; a budget's — "五、部门
    预算表" then its numbered tables, body text straight after — it does not find.)"""
    found: dict[str, str] = {}
    for line in opening.splitlines():
        text = _LEADER_AND_PAGE.sub("", line.strip())
        if not text or len(text) > 60:
            continue
        key = table_key(text)
        if key and key not in found:
            found[key] = text
    return list(found.items())


def missing_budget_tables(db: sqlite_utils.Database, doc: Doc) -> Iterator[MissingTable]:
    opening = "\n".join(opening_texts(db, doc.id, TOC_PAGES))
    present = table_keys(db, doc.id)
    family, _ = budget_family(present, opening)
    listed = listed_tables(opening)
    if len(listed) >= MIN_LISTED:
        expected, source = listed, "toc"
    elif family is not None:
        expected, source = list(BUDGET_FAMILIES[family].tables), "family"
    else:
        return
    for key, title in expected:
        if key not in present:
            yield MissingTable(key, title or ALL_TABLES.get(key, key), family, source)
