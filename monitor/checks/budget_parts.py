"""The written parts a budget promises and does not publish (``missing_section``, for
budgets), built as :mod:`monitor.checks.budget_tables` is for its tables.

A part listed in the budget's own 目录 and found nowhere in its body is missing
(``expected_from = "toc"``); with no 目录 listing parts, the parts its budget family
requires are (``"family"``); with neither, nothing is asked. Headings are matched by
meaning (:func:`fiscalwatch.budget_template.part_key`): "一、部门主要职能" in the 目录 is
"上海市普陀区司法局主要职能" in the body, "七、项目经费情况说明……" is "人民调解项目经费
情况说明". The 目录 page itself is not body: its entries do not count as published.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import sqlite_utils

from fiscalwatch.budget_template import (
    BUDGET_FAMILIES,
    BUDGET_PARTS,
    budget_family,
    heading_text,
    part_key,
)
from fiscalwatch.monitor.checks.budget_tables import TOC_PAGES, MissingTable
from fiscalwatch.monitor.checks.corpus import Doc
from fiscalwatch.store.content_reads import page_texts, table_keys

MIN_LISTED = 2  # fewer parts than this under a 目录 is not a list of parts
_TOC = re.compile(r"^\s*目\s*录\s*$")


def split_contents(pages: list[str]) -> tuple[list[str], list[str]]:
    """(the 目录's lines, the body's pages): the 目录 runs from its heading to the end of
    its page, among the opening pages; without one, every page is body."""
    for number, text in enumerate(pages[:TOC_PAGES]):
        lines = text.splitlines()
        start = next((i for i, line in enumerate(lines) if _TOC.match(line)), None)
        if start is not None:
            body = [*pages[:number], "\n".join(lines[:start]), *pages[number + 1 :]]
            return lines[start + 1 :], body
    return [], pages


def parts_in(lines: list[str]) -> dict[str, str]:
    """key -> heading of the budget parts these lines head, first of each."""
    found: dict[str, str] = {}
    for line in lines:
        key = part_key(line)
        if key and key not in found:
            found[key] = line.strip()
    return found


def missing_budget_parts(db: sqlite_utils.Database, doc: Doc) -> Iterator[MissingTable]:
    pages = list(page_texts(db, doc.id).values())
    contents, body = split_contents(pages)
    present = parts_in([line for page in body for line in page.splitlines()])
    listed = parts_in(contents)
    tables = table_keys(db, doc.id)
    family, _ = budget_family(tables, "\n".join(pages[:TOC_PAGES]))
    if len(listed) >= MIN_LISTED:
        expected, source = list(listed.items()), "toc"
    elif family is not None:
        expected, source = list(BUDGET_FAMILIES[family].parts), "family"
    else:
        return
    for key, title in expected:
        if key not in present:
            yield MissingTable(key, heading_text(title) or BUDGET_PARTS[key], family, source)
