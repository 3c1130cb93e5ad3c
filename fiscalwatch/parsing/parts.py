"""One disclosure, several parts: the document that stands for it and the parts that
complete it (a detail page's explanation and its attached tables; a PDF and a legacy
workbook). ``document_parts`` says which documents are parts of which.

Each part is parsed on its own; :func:`combine_parts` then appends every part's pages,
sections, tables and figures to the document's (page numbers continue after the
document's own), so figures, sections and completeness are judged over the whole and
findings refer to the document. The parts themselves are never judged alone (the checks'
corpus leaves them out). Re-parsing the document or a part combines again.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from fiscalwatch import clock
from fiscalwatch.store import reads
from fiscalwatch.store.db import transaction

# Which part stands for the disclosure: the one most likely to carry its whole text.
PRIMARY_ORDER = ("pdf", "ofd", "docx", "doc", "wps", "html", "xlsx", "xls", "et")


def primary_of(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """The part that stands for the disclosure (``content_type`` order, then position)."""

    def rank(part: dict[str, Any]) -> int:
        kind = str(part.get("content_type") or "")
        return PRIMARY_ORDER.index(kind) if kind in PRIMARY_ORDER else len(PRIMARY_ORDER)

    return min(parts, key=rank)


def link_parts(db: sqlite_utils.Database, document_ids: list[int]) -> int | None:
    """Records that these current documents are one disclosure; returns its document."""
    marks = ",".join("?" * len(document_ids))
    rows: list[dict[str, Any]] = [
        {"id": d.id, "content_type": d.content_type}
        for d in reads.documents(db, document_ids)
        if d.is_current
    ]
    if not rows:
        return None
    order = {document_id: index for index, document_id in enumerate(document_ids)}
    rows.sort(key=lambda row: order[row["id"]])
    primary = primary_of(rows)["id"]
    others = [row["id"] for row in rows if row["id"] != primary]
    db.execute(
        f"DELETE FROM document_parts WHERE document_id = ? AND part_id NOT IN ({marks})",
        [primary, *document_ids],
    )
    db.execute("DELETE FROM document_parts WHERE part_id = ?", [primary])
    for position, part in enumerate(others, start=1):
        known = db.execute(
            "SELECT document_id, position FROM document_parts WHERE part_id = ?", [part]
        ).fetchone()
        if known == (primary, position):
            continue
        db.execute(
            "INSERT OR REPLACE INTO document_parts (part_id, document_id, position, combined_at)"
            " VALUES (?, ?, ?, NULL)",
            [part, primary, position],
        )
    return int(primary)


def combine_parts(db: sqlite_utils.Database) -> int:
    """Appends the parse results of every parsed part to its parsed document, where the
    parts or the document were parsed since the last combination. Returns how many
    documents were combined."""
    stale = reads.disclosures_to_combine(db)
    for document_id in stale:
        with transaction(db):
            _combine(db, document_id)
    return len(stale)


def _combine(db: sqlite_utils.Database, document_id: int) -> None:
    own = reads.document(db, document_id)
    offset = int(own.pages or 0) if own else 0
    # What an earlier combination appended (pages after the document's own) goes first.
    for table in ("pages", "sections", "figures"):
        db.execute(f"DELETE FROM {table} WHERE document_id = ? AND page > ?", [document_id, offset])
    db.execute("DELETE FROM doc_tables WHERE document_id = ? AND page > ?", [document_id, offset])
    parts = [(part.id, part.pages) for part in reads.parsed_parts(db, document_id)]
    now = clock.now_iso()
    for part_id, pages in parts:
        db.execute(
            "INSERT INTO pages (document_id, page, text, ocr)"
            " SELECT ?, page + ?, text, ocr FROM pages WHERE document_id = ?",
            [document_id, offset, part_id],
        )
        db.execute(
            "INSERT INTO sections (document_id, key, title, page)"
            " SELECT ?, key, title, coalesce(page, 1) + ? FROM sections WHERE document_id = ?",
            [document_id, offset, part_id],
        )
        db.execute(
            "INSERT INTO figures (document_id, key, value, unit, page, text, origin, basis,"
            " table_key) SELECT ?, key, value, unit, coalesce(page, 1) + ?, text, origin, basis,"
            " table_key FROM figures WHERE document_id = ?",
            [document_id, offset, part_id],
        )
        db.execute(
            "INSERT INTO doc_tables (document_id, key, title, page, page_end, rows, empty, note)"
            " SELECT ?, key, title, coalesce(page, 1) + ?, page_end + ?, rows, empty, note"
            " FROM doc_tables WHERE document_id = ?",
            [document_id, offset, offset, part_id],
        )
        db.execute("UPDATE document_parts SET combined_at = ? WHERE part_id = ?", [now, part_id])
        offset += max(int(pages or 0), 1)
