"""The SQLite store: documents and their versions, parse results, runs.

One :class:`Store` per process. SQLite runs in WAL mode so Datasette (or ``status``) can
read while a cycle writes; every multi-row change happens in one transaction, so an
interrupted cycle leaves nothing half-written.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypedDict

import sqlite_utils

from fiscalwatch import clock
from fiscalwatch.departments import department_key
from fiscalwatch.errors import StoreError
from fiscalwatch.models import DEFAULT_LEVEL, ParsedDocument
from fiscalwatch.plugins import hook
from fiscalwatch.store import departments as department_registry
from fiscalwatch.store.files import FileStore
from fiscalwatch.store.schema import migrate
from fiscalwatch.store.views import deadlines_stale, sync_deadlines

# Pending documents are read this many at a time (``Store.iter_pending_documents``).
PENDING_BATCH = 500

if TYPE_CHECKING:
    from typing_extensions import Unpack

Change = Literal["new", "changed", "unchanged"]


class DocumentFields(TypedDict, total=False):
    """What the crawler (or ``ingest``) knows of a document besides its bytes."""

    page_url: str | None
    title: str | None
    department: str | None
    region: str | None
    fiscal_year: int | None
    doc_type: str | None
    filename: str | None
    content_type: str | None
    published_at: str | None


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception.

    IMMEDIATE takes the write lock first, so the reads inside are current and a second
    process waits (busy_timeout) instead of failing on upgrade from a read lock. Inside a
    transaction already open (a writer grouping many changes in one commit) it is a
    savepoint: the block is still all or nothing, the commit is the outer one's.
    """
    if db.conn.in_transaction:
        with savepoint(db):
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


@contextmanager
def savepoint(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """A block of an open transaction that is undone alone when it raises."""
    db.execute("SAVEPOINT block")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK TO block")
        db.execute("RELEASE block")
        raise
    db.execute("RELEASE block")


# sqlite-utils' ``insert``/``upsert`` read the table's schema on every call (table
# names, columns), which was a fifth of a national crawl's CPU; writers that store a row
# per request use these instead: the same statements, no introspection.


def insert_row(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> int:
    """INSERT of ``row`` (column -> value) into ``table``; returns the new rowid."""
    columns = ", ".join(f'"{c}"' for c in row)
    marks = ", ".join("?" for _ in row)
    cursor = db.execute(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', list(row.values()))
    return int(cursor.lastrowid or 0)


def insert_rows(db: sqlite_utils.Database, table: str, rows: list[dict[str, Any]]) -> None:
    """INSERT of ``rows``, all with the columns of the first, in one ``executemany``."""
    if not rows:
        return
    names = list(rows[0])
    columns = ", ".join(f'"{c}"' for c in names)
    marks = ", ".join("?" for _ in names)
    db.conn.executemany(
        f'INSERT INTO "{table}" ({columns}) VALUES ({marks})',
        [[row[c] for c in names] for row in rows],
    )


def update_row(db: sqlite_utils.Database, table: str, row_id: int, values: dict[str, Any]) -> None:
    """UPDATE of the columns ``values`` names in the row whose ``id`` is ``row_id``."""
    if not values:
        return
    assignments = ", ".join(f'"{c}" = ?' for c in values)
    db.execute(f'UPDATE "{table}" SET {assignments} WHERE id = ?', [*values.values(), row_id])


def upsert_row(
    db: sqlite_utils.Database, table: str, row: dict[str, Any], pk: tuple[str, ...]
) -> None:
    """sqlite-utils' ``upsert``: inserts ``row``, or updates the columns it names in the
    row with the same primary key ``pk`` (other columns keep their values)."""
    columns = ", ".join(f'"{c}"' for c in row)
    marks = ", ".join("?" for _ in row)
    keys = ", ".join(f'"{c}"' for c in pk)
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in row if c not in pk)
    action = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
    db.execute(
        f'INSERT INTO "{table}" ({columns}) VALUES ({marks}) ON CONFLICT ({keys}) {action}',
        list(row.values()),
    )


@dataclass(frozen=True)
class StoredVersion:
    document_id: int
    change: Change
    previous_id: int | None = None


class Store:
    def __init__(self, database: Path | str, files: Path | str) -> None:
        self.path = Path(database)
        self.files = FileStore(Path(files))
        try:
            if str(database) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(database), timeout=30, isolation_level=None)
            # fiscalwatch uses no sqlite-utils plugins, and loading them scans every
            # installed distribution's entry points: a tenth of `status`'s start-up.
            self.db = sqlite_utils.Database(conn, execute_plugins=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA busy_timeout=30000")
            migrate(self.db)
        except (sqlite3.DatabaseError, OSError) as exc:
            raise StoreError(f"storage.database: cannot open {database}: {exc}") from exc

    @classmethod
    def from_config(cls, config: Any) -> Store:
        store = cls(config.storage.database, config.storage.files)
        store.use_config(config)
        return store

    def use_config(self, config: Any) -> None:
        """Writes what the store's views read from the config (the deadlines), taking the
        write lock only when they changed: ``status`` beside a running cycle stays quick."""
        if deadlines_stale(self.db, config.monitor):
            with self.transaction():
                sync_deadlines(self.db, config.monitor)

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def transaction(self) -> AbstractContextManager[sqlite_utils.Database]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception."""
        return transaction(self.db)

    # -- documents -------------------------------------------------------------------

    def current_document(self, url: str) -> dict[str, Any] | None:
        rows = list(
            self.db.query(
                "SELECT * FROM documents WHERE url = ? AND is_current = 1 ORDER BY id DESC LIMIT 1",
                [url],
            )
        )
        return rows[0] if rows else None

    def record_document(
        self, *, url: str, data: bytes, source: str, **fields: Unpack[DocumentFields]
    ) -> StoredVersion:
        """Stores bytes fetched from ``url``.

        Same bytes as the current version: only ``last_seen_at`` moves. New bytes at a
        known URL: a new row linked to the old one (``previous_id``), the old one kept
        with all it parsed and marked ``is_current = 0``.
        """
        sha256 = self.files.put_bytes(data)
        return self.record_version(url=url, sha256=sha256, size=len(data), source=source, **fields)

    def record_version(
        self, *, url: str, sha256: str, size: int, source: str, **fields: Unpack[DocumentFields]
    ) -> StoredVersion:
        """``record_document`` for bytes already in the file store (``sha256``, ``size``
        bytes): the caller made them durable, or commits them before this transaction."""
        # The classifier's patterns compile on import: commands that only read the store
        # (`status`) need not pay for them.
        from fiscalwatch.classify import level_of

        now = clock.now_iso()
        with self.transaction():
            current = self.current_document(url)
            if current and current["sha256"] == sha256:
                self.db.execute(
                    "UPDATE documents SET last_seen_at = ?, removed_at = NULL,"
                    " removal_reason = NULL WHERE id = ?",
                    [now, current["id"]],
                )
                return StoredVersion(current["id"], "unchanged")
            title, department = fields.get("title"), fields.get("department")
            row = {
                "source": source,
                "url": url,
                "page_url": fields.get("page_url"),
                "title": title,
                "department": department,
                "department_key": department_key(department) or None,
                "region": fields.get("region"),
                "fiscal_year": fields.get("fiscal_year"),
                "doc_type": fields.get("doc_type"),
                "level": level_of(title) or DEFAULT_LEVEL,
                "sha256": sha256,
                "file_path": self.files.relative_path(sha256),
                "filename": fields.get("filename"),
                "content_type": fields.get("content_type"),
                "size": size,
                "fetched_at": now,
                "last_seen_at": now,
                "published_at": fields.get("published_at"),
                "status": "pending",
                "previous_id": current["id"] if current else None,
                "is_current": 1,
            }
            if current:
                # Keep what the older version knew about itself when the new one is silent.
                for key in ("title", "department", "department_key", "region", "fiscal_year"):
                    if row[key] is None:
                        row[key] = current[key]
                self.db.execute("UPDATE documents SET is_current = 0 WHERE id = ?", [current["id"]])
            document_id = insert_row(self.db, "documents", row)
            department_registry.assign_document(self.db, int(document_id))
        if current:
            return StoredVersion(int(document_id), "changed", current["id"])
        return StoredVersion(int(document_id), "new")

    def mark_removed(self, document_id: int, reason: str) -> None:
        self.db.table("documents").update(
            document_id, {"removed_at": clock.now_iso(), "removal_reason": reason}
        )

    def pending_documents(self) -> list[dict[str, Any]]:
        return list(self.iter_pending_documents())

    def iter_pending_documents(self) -> Iterator[dict[str, Any]]:
        """Every pending document in id order, read ``PENDING_BATCH`` rows at a time: a
        first national cycle's 200,000 rows, held at once, were most of the parse
        stage's memory. Those parsed meanwhile are no longer pending; one stored
        meanwhile past the last id read still comes."""
        after = 0
        while True:
            rows = list(
                self.db.query(
                    "SELECT * FROM documents WHERE status = 'pending' AND id > ?"
                    " ORDER BY id LIMIT ?",
                    [after, PENDING_BATCH],
                )
            )
            yield from rows
            if len(rows) < PENDING_BATCH:
                return
            after = rows[-1]["id"]

    def count_pending(self) -> int:
        return int(
            self.db.execute("SELECT count(*) FROM documents WHERE status = 'pending'").fetchone()[0]
        )

    def document_file(self, document: dict[str, Any]) -> Path:
        return self.files.path(document["sha256"])

    def mark_failed(self, document_id: int, error: str, status: str = "failed") -> None:
        with self.transaction():
            self._clear_parse_results(document_id)
            update_row(
                self.db,
                "documents",
                document_id,
                {"status": status, "error": error, "parsed_at": clock.now_iso()},
            )

    def save_parse(
        self, document_id: int, parsed: ParsedDocument, parser_version: str | None = None
    ) -> None:
        """Replaces the document's parse results in one transaction."""
        with self.transaction():
            known = self.db.execute(
                "SELECT department, fiscal_year, title FROM documents WHERE id = ?", [document_id]
            ).fetchone()
            if known is None:
                raise StoreError(f"document {document_id} is not in the store")
            department, fiscal_year, title = known
            self._clear_parse_results(document_id)
            update: dict[str, Any] = {
                "status": "parsed",
                "error": "; ".join(parsed.warnings) or None,
                "parsed_at": clock.now_iso(),
                "pages": len(parsed.pages),
                "ocr_pages": parsed.ocr_pages,
                "parser_version": parser_version,
                "doc_type": parsed.doc_type,
            }
            if parsed.level:  # what the document says of itself beats the link text
                update["level"] = parsed.level
            # The caller's (or site's) department and year win; the content fills gaps.
            if not department and parsed.department:
                update["department"] = parsed.department
                update["department_key"] = department_key(parsed.department)
            if not fiscal_year and parsed.fiscal_year:
                update["fiscal_year"] = parsed.fiscal_year
            if not title and parsed.title:
                update["title"] = parsed.title
            update_row(self.db, "documents", document_id, update)
            if "department" in update:
                department_registry.assign_document(self.db, document_id)
            insert_rows(
                self.db,
                "pages",
                [
                    {
                        "document_id": document_id,
                        "page": p.number,
                        "text": p.text,
                        "ocr": int(p.ocr),
                    }
                    for p in parsed.pages
                ],
            )
            insert_rows(
                self.db,
                "sections",
                [
                    {"document_id": document_id, "key": s.key, "title": s.title, "page": s.page}
                    for s in parsed.sections
                ],
            )
            insert_rows(
                self.db,
                "figures",
                [
                    {
                        "document_id": document_id,
                        "key": f.key,
                        "value": f.value,
                        "unit": f.unit,
                        "page": f.page,
                        "text": f.text,
                        "origin": f.origin,
                        "basis": f.basis,
                        "table_key": f.table_key,
                        "row_label": f.row_label,
                        "column_label": f.column_label,
                        "code": f.code,
                        "source_unit": f.source_unit,
                    }
                    for f in parsed.figures
                ],
            )
            insert_rows(
                self.db,
                "doc_tables",
                [
                    {
                        "document_id": document_id,
                        "key": t.key,
                        "title": t.title,
                        "page": t.page,
                        "page_end": t.page_end,
                        "rows": json.dumps(t.rows, ensure_ascii=False),
                        "empty": int(t.empty),
                        "note": t.note,
                        "status": t.status,
                    }
                    for t in parsed.tables
                ],
            )
            hook().fiscalwatch_save_extras(db=self.db, document_id=document_id, parsed=parsed)

    def _clear_parse_results(self, document_id: int) -> None:
        hook().fiscalwatch_clear_extras(db=self.db, document_id=document_id)
        for table in ("pages", "sections", "figures", "doc_tables"):
            self.db.execute(f"DELETE FROM {table} WHERE document_id = ?", [document_id])

    # -- runs ------------------------------------------------------------------------

    def start_run(self, kind: str) -> int:
        run_id = self.db.table("runs").insert({"kind": kind, "started_at": clock.now_iso()}).last_pk
        assert run_id is not None
        return int(run_id)

    def finish_run(
        self,
        run_id: int,
        status: str = "ok",
        summary: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> None:
        self.db.table("runs").update(
            run_id,
            {
                "finished_at": clock.now_iso(),
                "status": status,
                "summary": json.dumps(summary or {}, ensure_ascii=False),
                "error": error,
            },
        )

    def unparsed_tables(self, limit: int = 10) -> list[dict[str, Any]]:
        """Current documents with tables whose title was found but not their grid."""
        return list(
            self.db.query(
                "SELECT d.id, d.department, d.fiscal_year, d.url,"
                " group_concat(t.title, '、') AS titles, count(*) AS n"
                " FROM doc_tables t JOIN documents d ON d.id = t.document_id"
                " WHERE d.is_current = 1 AND t.status = 'unparsed'"
                " GROUP BY d.id ORDER BY n DESC, d.id LIMIT ?",
                [limit],
            )
        )

    def counts(self) -> dict[str, int]:
        """The store's counts, then those the components add (deliveries, ...)."""

        def one(sql: str) -> int:
            return int(self.db.execute(sql).fetchone()[0])

        counts = {
            "documents": one("SELECT count(*) FROM documents WHERE is_current = 1"),
            "document_versions": one("SELECT count(*) FROM documents"),
            "parsed": one("SELECT count(*) FROM documents WHERE is_current=1 AND status='parsed'"),
            "pending": one("SELECT count(*) FROM documents WHERE status = 'pending'"),
            "failed": one(
                "SELECT count(*) FROM documents WHERE is_current = 1"
                " AND status IN ('failed', 'unreadable')"
            ),
            # Titles whose grid the parser did not find: its uncertainty, not a finding.
            "tables_unparsed": one(
                "SELECT count(*) FROM doc_tables t JOIN documents d ON d.id = t.document_id"
                " WHERE d.is_current = 1 AND t.status = 'unparsed'"
            ),
            "findings_open": one("SELECT count(*) FROM findings WHERE resolved_at IS NULL"),
            "findings_resolved": one("SELECT count(*) FROM findings WHERE resolved_at IS NOT NULL"),
        }
        for extra in hook().fiscalwatch_status_counts(db=self.db):
            counts.update(extra)
        return counts
