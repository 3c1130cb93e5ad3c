"""The store's reads of a parsed document's content: its pages' text (``pages``) and
the keys of the tables found in it (``doc_tables``), for the checks."""

from __future__ import annotations

import sqlite_utils


def page_texts(db: sqlite_utils.Database, document_id: int) -> dict[int, str]:
    """Page number -> its text ("" for a page without any), in page order."""
    return {
        int(page): text or ""
        for page, text in db.execute(
            "SELECT page, text FROM pages WHERE document_id = ? ORDER BY page", [document_id]
        )
    }


def opening_texts(db: sqlite_utils.Database, document_id: int, pages: int) -> list[str]:
    """The text of the document's first ``pages`` pages, in order (its contents, cover)."""
    return [
        text or ""
        for (text,) in db.execute(
            "SELECT text FROM pages WHERE document_id = ? ORDER BY page LIMIT ?",
            [document_id, pages],
        )
    ]


def page_text(db: sqlite_utils.Database, document_id: int, page: int) -> str | None:
    """One page's text; None when the document has no such page."""
    row = db.execute(
        "SELECT text FROM pages WHERE document_id = ? AND page = ?", [document_id, page]
    ).fetchone()
    return (row[0] or "") if row else None


def table_keys(db: sqlite_utils.Database, document_id: int) -> set[str]:
    """The keys of the tables the parse found in the document (table_01 ...)."""
    return {
        str(key)
        for (key,) in db.execute("SELECT key FROM doc_tables WHERE document_id = ?", [document_id])
    }
