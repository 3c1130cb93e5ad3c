"""The store's typed reads of ``figures``: a document's headline figures for the report,
and every figure of the current documents, streamed, for the exports."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import sqlite_utils

from fiscalwatch.store.rows import DocumentFigureRow, FigureRow


def figures_of(
    db: sqlite_utils.Database, document_ids: Iterable[int], keys: Sequence[str]
) -> list[FigureRow]:
    """The figures of these keys the documents state, by document and then as stored
    (one query, whatever the number of documents)."""
    marks = ",".join("?" * len(keys))
    return [
        FigureRow.from_row(row)
        for row in db.query(
            f"SELECT * FROM figures WHERE key IN ({marks})"
            " AND document_id IN (SELECT value FROM json_each(?)) ORDER BY document_id, id",
            [*keys, json.dumps(sorted(set(document_ids)))],
        )
    ]


def _current_scope(region: str | None, year: int | None) -> tuple[str, list[Any]]:
    where, params = ["d.is_current = 1"], []
    for column, value in (("d.region", region), ("d.fiscal_year", year)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    return " AND ".join(where), params


def current_figures(
    db: sqlite_utils.Database, region: str | None = None, year: int | None = None
) -> Iterator[DocumentFigureRow]:
    """Every figure of every current document version (of ``region``, ``year`` when
    given), by region, department, year and document; one row at a time, as SQLite
    reads them (a national store holds tens of millions)."""
    where, params = _current_scope(region, year)
    query = f"""
        SELECT f.*, d.region, d.department, d.department_key, d.fiscal_year, d.doc_type,
               d.url AS document_url
        FROM figures f JOIN documents d ON d.id = f.document_id
        WHERE {where}
        ORDER BY d.region, d.department_key, d.fiscal_year, f.document_id, f.id
    """
    for row in db.query(query, params):
        yield DocumentFigureRow.from_row(row)


def count_current_figures(
    db: sqlite_utils.Database, region: str | None = None, year: int | None = None
) -> int:
    """How many rows :func:`current_figures` yields for the same scope."""
    where, params = _current_scope(region, year)
    query = f"SELECT count(*) FROM figures f JOIN documents d ON d.id = f.document_id WHERE {where}"
    return int(db.execute(query, params).fetchone()[0])
