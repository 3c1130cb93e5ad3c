"""The search index as a named migration (see fiscalwatch.store.schema).

``pages_fts`` is an FTS5 index over ``pages.text`` with the ``trigram`` tokenizer (why
trigram and not jieba-segmented text: docs/search.md). It is an external-content index:
the text lives once, in ``pages``, and triggers keep the index in step on every insert,
update and delete, so a re-parse (which deletes and re-inserts a document's pages)
re-indexes it in the same transaction.

What is indexed is the page text without whitespace (:data:`INDEXED_TEXT`): text read
from a PDF breaks lines inside words (``公务用车购\n置``), and Chinese needs no spaces
between words, so a phrase is found across a line break. The table and trigger names are
those of sqlite-utils' ``enable_fts`` (so Datasette's ``_search`` and sqlite-utils find
the index), but the SQL is ours because sqlite-utils would index the raw text. Never
run FTS5's ``rebuild`` on it (that would index the raw text): use :func:`reindex`.

An external-content index is keyed by the content table's rowid. ``pages`` was created
with a composite primary key, so its rowid was implicit, and ``VACUUM`` may renumber
implicit rowids, which would silently point the index at the wrong pages. The first
migration therefore gives ``pages`` an explicit ``id INTEGER PRIMARY KEY`` (keeping
``(document_id, page)`` unique), which VACUUM never changes.
"""

from __future__ import annotations

import sqlite_utils

from fiscalwatch.store.schema import Migration, run_script

FTS_TABLE = "pages_fts"
TOKENIZER = "trigram"


def _pages_integer_key(db: sqlite_utils.Database) -> None:
    pages = db.table("pages")
    if "id" in pages.columns_dict:
        return
    pages.add_column("id", int)
    db.execute("UPDATE pages SET id = rowid")
    # transform() rebuilds the table keeping every column, whoever added it.
    pages.transform(pk="id", column_order=["id"])
    db.execute("CREATE UNIQUE INDEX IF NOT EXISTS pages_document_page ON pages(document_id, page)")


def indexed_text(column: str) -> str:
    """SQL for ``column`` as indexed: whitespace (ASCII, ideographic space) removed."""
    expression = column
    for char in (9, 10, 13, 32, 12288):
        expression = f"replace({expression}, char({char}), '')"
    return expression


def reindex(db: sqlite_utils.Database) -> None:
    """Rebuilds the whole index from ``pages`` (after a restore from an old copy, say)."""
    db.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('delete-all')")
    text = indexed_text("text")
    db.execute(f"INSERT INTO {FTS_TABLE} (rowid, text) SELECT id, {text} FROM pages")


def _pages_fts(db: sqlite_utils.Database) -> None:
    old, new = indexed_text("old.text"), indexed_text("new.text")
    run_script(
        db,
        f"""
        CREATE VIRTUAL TABLE {FTS_TABLE} USING FTS5 (
            text, tokenize='{TOKENIZER}', content="pages", content_rowid="id"
        );
        CREATE TRIGGER pages_ai AFTER INSERT ON pages BEGIN
          INSERT INTO {FTS_TABLE} (rowid, text) VALUES (new.id, {new});
        END;
        CREATE TRIGGER pages_ad AFTER DELETE ON pages BEGIN
          INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, text) VALUES ('delete', old.id, {old});
        END;
        CREATE TRIGGER pages_au AFTER UPDATE ON pages BEGIN
          INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, text) VALUES ('delete', old.id, {old});
          INSERT INTO {FTS_TABLE} (rowid, text) VALUES (new.id, {new});
        END;
        """,
    )
    reindex(db)


MIGRATIONS: list[Migration] = [
    Migration("search_0001_pages_integer_key", _pages_integer_key),
    Migration("search_0002_pages_fts_trigram", _pages_fts),
]
