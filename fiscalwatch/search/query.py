"""Searching the pages: FTS5 trigram for terms of three characters or more, LIKE for
shorter ones (a trigram index cannot look up one or two characters).

A query is split on whitespace into terms; every term must occur on the page (AND), each
as an exact substring. Terms reach FTS5 as quoted phrases, so ``AND``, ``*``, ``"`` and
parentheses in a query are text to find, never FTS5 syntax. The snippet is cut from the
page text in Python, the same way for both paths, as a list of (text, is_match) pieces:
the caller decides how to show a match, and nothing from a page is ever interpreted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import sqlite_utils

from fiscalwatch.search.schema import FTS_TABLE

MIN_TRIGRAM_TERM = 3
SNIPPET_BEFORE = 30
SNIPPET_CHARS = 110
DEFAULT_LIMIT = 20
WHITESPACE = " \t\r\n\u3000"

Method = Literal["fts", "like"]
Piece = tuple[str, bool]


@dataclass(frozen=True)
class Hit:
    document_id: int
    page: int
    region: str | None
    department: str | None
    fiscal_year: int | None
    doc_type: str | None
    title: str | None
    url: str | None
    snippet: list[Piece]


@dataclass(frozen=True)
class SearchResult:
    query: str
    terms: list[str]
    method: Method
    hits: list[Hit]
    total: int
    """Pages matching (``hits`` holds at most the limit)."""


def terms_of(query: str) -> list[str]:
    """The query's terms: split on whitespace, duplicates dropped, order kept."""
    return list(dict.fromkeys(query.split()))


def fts_phrase(term: str) -> str:
    """One term as an FTS5 string (a phrase): the only syntax FTS5 sees in it is quotes."""
    return '"' + term.replace('"', '""') + '"'


def like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def glob_literal(text: str) -> str:
    """``text`` as a GLOB pattern matching itself (metacharacters in brackets)."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def short_term_condition(term: str) -> tuple[str, list[str]]:
    """SQL finding a one- or two-character term in the raw page text.

    The index's whitespace-free text would be exact but costs four times as much to scan
    (5 nested replace() per page), so a two-character term is also looked for with one
    whitespace character inside it (a PDF's line break), which is how they are broken.
    """
    like = "p.text LIKE ? ESCAPE '\\'"
    if len(term) != 2:
        return like, [like_pattern(term)]
    first, second = glob_literal(term[0]), glob_literal(term[1])
    split = f"*{first}[{WHITESPACE}]{second}*"
    return f"({like} OR p.text GLOB ?)", [like_pattern(term), split]


def search(
    db: sqlite_utils.Database,
    query: str,
    *,
    region: str | None = None,
    year: int | None = None,
    doc_type: str | None = None,
    limit: int = DEFAULT_LIMIT,
    all_versions: bool = False,
) -> SearchResult:
    """Pages holding every term of ``query``, best first (bm25) when the index is used,
    else newest year first. Only current document versions unless ``all_versions``."""
    terms = terms_of(query)
    if not terms:
        return SearchResult(query, [], "fts", [], 0)
    long_terms = [t for t in terms if len(t) >= MIN_TRIGRAM_TERM]
    short_terms = [t for t in terms if len(t) < MIN_TRIGRAM_TERM]
    method: Method = "fts" if long_terms else "like"

    where: list[str] = []
    params: list[Any] = []
    if method == "fts":
        source = f"{FTS_TABLE} JOIN pages p ON p.id = {FTS_TABLE}.rowid"
        where.append(f"{FTS_TABLE} MATCH ?")
        params.append(" ".join(fts_phrase(t) for t in long_terms))
        order = f"{FTS_TABLE}.rank, d.fiscal_year DESC, p.document_id, p.page"
    else:
        source = "pages p"
        order = "d.fiscal_year DESC, d.region, d.department, p.document_id, p.page"
    for term in short_terms:
        condition, values = short_term_condition(term)
        where.append(condition)
        params.extend(values)
    if not all_versions:
        where.append("d.is_current = 1")
    for column, value in (("d.region", region), ("d.fiscal_year", year), ("d.doc_type", doc_type)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    base = f"FROM {source} JOIN documents d ON d.id = p.document_id WHERE {' AND '.join(where)}"
    total = int(db.execute(f"SELECT count(*) {base}", params).fetchone()[0])
    rows = db.query(
        "SELECT p.document_id, p.page, p.text, d.region, d.department, d.fiscal_year,"
        f" d.doc_type, d.title, d.url {base} ORDER BY {order} LIMIT ?",
        [*params, limit],
    )
    hits = [
        Hit(
            document_id=row["document_id"],
            page=row["page"],
            region=row["region"],
            department=row["department"],
            fiscal_year=row["fiscal_year"],
            doc_type=row["doc_type"],
            title=row["title"],
            url=row["url"],
            snippet=snippet(row["text"] or "", terms),
        )
        for row in rows
    ]
    return SearchResult(query, terms, method, hits, total)


def printable(text: str) -> str:
    """Whitespace collapsed, control and format characters (terminal escapes, bidi
    overrides) turned into spaces: page text shown as the characters it is."""
    cleaned = "".join(" " if unicodedata.category(c) in ("Cc", "Cf") else c for c in text)
    return " ".join(cleaned.split())


def term_pattern(terms: Sequence[str]) -> re.Pattern[str]:
    """Any of the terms, ignoring case and whitespace between characters, as the index
    does (a PDF's line break inside a word)."""
    alternatives = (
        r"\s*".join(re.escape(c) for c in term) for term in sorted(terms, key=len, reverse=True)
    )
    return re.compile("|".join(alternatives), re.IGNORECASE)


def snippet(text: str, terms: Sequence[str]) -> list[Piece]:
    """About ``SNIPPET_CHARS`` characters around the first match, split into pieces
    with the matches marked. Matching ignores case, as the trigram index does."""
    if not terms:
        return [(printable(text[:SNIPPET_CHARS]), False)]
    pattern = term_pattern(terms)
    first = pattern.search(text)
    start = max(0, first.start() - SNIPPET_BEFORE) if first else 0
    end = start + SNIPPET_CHARS
    # Widen the window to the end of a match it cuts through.
    for match in pattern.finditer(text, start):
        if match.start() >= end:
            break
        end = max(end, match.end())
    window = text[start:end]
    shown = printable(window)
    pieces: list[Piece] = []
    if start > 0:
        pieces.append(("…", False))
    position = 0
    for match in pattern.finditer(shown):
        if match.start() > position:
            pieces.append((shown[position : match.start()], False))
        pieces.append((match.group(0), True))
        position = match.end()
    if position < len(shown):
        pieces.append((shown[position:], False))
    if start + len(window) < len(text):
        pieces.append(("…", False))
    return pieces
