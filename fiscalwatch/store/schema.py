"""Schema and migrations.

Migrations are named, not numbered, so that each component (crawler, monitor, alerts,
performance) can own the tables it adds in its own ``schema.py`` without clashing with
the others; components hand theirs over through the ``fiscalwatch_migrations`` hook. A
migration runs once per database; applied names are kept in ``schema_migrations``. Never
edit an applied migration: add a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import sqlite_utils


@dataclass(frozen=True)
class Migration:
    name: str
    apply: Callable[[sqlite_utils.Database], None]


def _core_tables(db: sqlite_utils.Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            source TEXT,                -- source name from config, or 'ingest'
            url TEXT NOT NULL,          -- the file or page that was parsed
            page_url TEXT,              -- the page that linked it
            title TEXT,
            department TEXT,            -- full name as the document or site gives it
            department_key TEXT,        -- normalised matching key (fiscalwatch.departments)
            region TEXT,
            fiscal_year INTEGER,
            doc_type TEXT,              -- final_account | budget | performance | other
            sha256 TEXT NOT NULL,
            file_path TEXT,             -- path of the original inside the file store
            filename TEXT,              -- as served (Content-Disposition) or given
            content_type TEXT,          -- sniffed from the bytes: pdf docx xlsx html doc xls
            size INTEGER,
            fetched_at TEXT NOT NULL,   -- when these bytes were first stored
            last_seen_at TEXT,          -- last time the URL still served these bytes
            published_at TEXT,          -- publication date shown by the site, if any
            parsed_at TEXT,
            status TEXT NOT NULL DEFAULT 'pending',  -- pending parsed failed unreadable
            error TEXT,
            pages INTEGER,
            ocr_pages INTEGER DEFAULT 0,
            parser_version TEXT,
            previous_id INTEGER REFERENCES documents(id),  -- older version at the same URL
            is_current INTEGER NOT NULL DEFAULT 1,          -- 0 once newer bytes arrived
            removed_at TEXT,            -- URL answered 404/410 or left the listing
            removal_reason TEXT
        );
        CREATE INDEX documents_url ON documents(url);
        CREATE INDEX documents_dept_year ON documents(department_key, fiscal_year, doc_type);
        CREATE INDEX documents_status ON documents(status);
        CREATE INDEX documents_sha256 ON documents(sha256);

        CREATE TABLE figures (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            key TEXT NOT NULL,          -- figure key from domain.md, or <key>_prev_implied ...
            value REAL NOT NULL,        -- money in 万元
            unit TEXT NOT NULL,         -- 万元 | % | 人 | 辆 | 个
            page INTEGER,
            text TEXT,                  -- the snippet it was read from
            origin TEXT NOT NULL DEFAULT 'text',  -- text | table | ocr
            basis TEXT,                 -- for shares and changes: the figure it is relative to
            table_key TEXT              -- table_01..table_09 when read from a table
        );
        CREATE INDEX figures_document_key ON figures(document_id, key);
        CREATE INDEX figures_key ON figures(key);

        CREATE TABLE sections (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            key TEXT NOT NULL,
            title TEXT,
            page INTEGER
        );
        CREATE INDEX sections_document ON sections(document_id);

        CREATE TABLE doc_tables (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            key TEXT NOT NULL,          -- table_01 .. table_09, or other
            title TEXT,
            page INTEGER,
            page_end INTEGER,
            rows TEXT,                  -- JSON list of rows (lists of cell strings)
            empty INTEGER NOT NULL DEFAULT 0,
            note TEXT                   -- the empty-table note (空表说明), if any
        );
        CREATE INDEX doc_tables_document ON doc_tables(document_id);

        CREATE TABLE pages (
            document_id INTEGER NOT NULL REFERENCES documents(id),
            page INTEGER NOT NULL,
            text TEXT,
            ocr INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (document_id, page)
        );

        CREATE TABLE findings (
            id INTEGER PRIMARY KEY,
            "check" TEXT NOT NULL,
            severity TEXT NOT NULL,     -- info | warning | critical
            department TEXT,
            department_key TEXT,
            region TEXT,
            fiscal_year INTEGER,        -- the year the problem is about
            document_id INTEGER REFERENCES documents(id),
            source TEXT,
            url TEXT,
            message TEXT NOT NULL,
            evidence TEXT NOT NULL,     -- JSON
            fingerprint TEXT NOT NULL UNIQUE,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            resolved_at TEXT
        );
        CREATE INDEX findings_check ON findings("check");
        CREATE INDEX findings_open ON findings(resolved_at);

        CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY,
            finding_id INTEGER NOT NULL REFERENCES findings(id),
            channel TEXT NOT NULL,      -- email | webhook | apprise
            target TEXT NOT NULL,       -- address, or webhook name
            subscription TEXT,
            delivery_id TEXT NOT NULL UNIQUE,  -- stable across retries
            status TEXT NOT NULL DEFAULT 'pending',  -- pending | sent | failed
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            created_at TEXT NOT NULL,
            next_attempt_at TEXT,
            sent_at TEXT,
            UNIQUE (finding_id, channel, target)
        );
        CREATE INDEX deliveries_status ON deliveries(status);

        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,         -- run | crawl | parse | check | notify | ingest
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL DEFAULT 'running',  -- running | ok | failed | interrupted
            summary TEXT,               -- JSON counts
            error TEXT
        );

        CREATE TABLE crawl_stats (
            id INTEGER PRIMARY KEY,
            run_id INTEGER REFERENCES runs(id),
            source TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            duration REAL,
            status TEXT NOT NULL,       -- ok | failed | unreachable | blocked
            requests INTEGER DEFAULT 0,
            pages INTEGER DEFAULT 0,    -- list pages read
            items INTEGER DEFAULT 0,    -- disclosure items seen in the listings
            documents INTEGER DEFAULT 0,  -- files or pages stored or confirmed
            new INTEGER DEFAULT 0,
            changed INTEGER DEFAULT 0,
            unchanged INTEGER DEFAULT 0,
            removed INTEGER DEFAULT 0,
            failed INTEGER DEFAULT 0,
            errors INTEGER DEFAULT 0,
            soft_errors INTEGER DEFAULT 0,  -- soft 404s and anti-bot pages
            start_urls_ok INTEGER DEFAULT 0,
            bytes INTEGER DEFAULT 0,
            last_error TEXT
        );
        CREATE INDEX crawl_stats_source ON crawl_stats(source, started_at);

        CREATE TABLE crawl_errors (
            id INTEGER PRIMARY KEY,
            run_id INTEGER REFERENCES runs(id),
            source TEXT NOT NULL,
            url TEXT,
            status_code INTEGER,
            error TEXT NOT NULL,
            at TEXT NOT NULL
        );
        """,
    )


def _daemon_table(db: sqlite_utils.Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE daemon (
            id INTEGER PRIMARY KEY CHECK (id = 1),  -- one daemon per store
            pid INTEGER,
            host TEXT,
            started_at TEXT,
            heartbeat_at TEXT,
            next_run_at TEXT,
            stopped_at TEXT,
            cron TEXT,
            timezone TEXT
        );
        """,
    )


def _document_parts(db: sqlite_utils.Database) -> None:
    # One disclosure published in several parts (the page's text and attached tables, a
    # PDF and a workbook): the other parts point at the document that stands for it.
    run_script(
        db,
        """
        CREATE TABLE document_parts (
            part_id INTEGER PRIMARY KEY REFERENCES documents(id),
            document_id INTEGER NOT NULL REFERENCES documents(id),
            position INTEGER NOT NULL,  -- order of the part within the disclosure
            combined_at TEXT            -- when its parse results joined the document's
        );
        CREATE INDEX document_parts_document ON document_parts(document_id);
        """,
    )


def _table_status(db: sqlite_utils.Database) -> None:
    # parsed | empty | unparsed (a title whose grid was not found: not a finding)
    db.execute("ALTER TABLE doc_tables ADD COLUMN status TEXT NOT NULL DEFAULT 'parsed'")
    db.execute("UPDATE doc_tables SET status = 'empty' WHERE empty = 1")


def _figure_cells(db: sqlite_utils.Database) -> None:
    for column in ("row_label", "column_label", "code", "source_unit"):
        db.execute(f"ALTER TABLE figures ADD COLUMN {column} TEXT")


def _document_level(db: sqlite_utils.Database) -> None:
    # department | unit | own_office (部门 / 单位 / 本级): a 单位 budget never stands in
    # for the 部门 one. Stored rows get the level their title names.
    from fiscalwatch.classify import level_of
    from fiscalwatch.models import DEFAULT_LEVEL

    db.execute("ALTER TABLE documents ADD COLUMN level TEXT")
    rows = db.execute("SELECT id, title FROM documents").fetchall()
    db.conn.executemany(
        "UPDATE documents SET level = ? WHERE id = ?",
        [(level_of(title) or DEFAULT_LEVEL, doc_id) for doc_id, title in rows],
    )
    db.execute(
        "CREATE INDEX documents_dept_level"
        " ON documents(department_key, fiscal_year, doc_type, level)"
    )


def _reparses(db: sqlite_utils.Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE reparses (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            from_version TEXT,          -- the parser version of the replaced parse
            to_version TEXT NOT NULL,
            at TEXT NOT NULL,
            summarized INTEGER NOT NULL DEFAULT 0  -- 1 once its findings are summarised
        );
        CREATE INDEX reparses_pending ON reparses(summarized);
        CREATE TABLE quiet_findings (  -- findings only a re-parse made: not sent one by one
            finding_id INTEGER PRIMARY KEY REFERENCES findings(id),
            reason TEXT NOT NULL
        );
        """,
    )


def _departments(db: sqlite_utils.Database) -> None:
    from fiscalwatch.store.departments import create_tables

    create_tables(db)


def _rule_views(db: sqlite_utils.Database) -> None:
    from fiscalwatch.store.views import create_views

    create_views(db)


MIGRATIONS = [
    Migration("core_0001_tables", _core_tables),
    Migration("core_0002_daemon", _daemon_table),
    Migration("core_document_parts", _document_parts),
    Migration("core_0003_table_status", _table_status),
    Migration("core_0004_figure_cells", _figure_cells),
    Migration("core_0005_reparses", _reparses),
    Migration("core_0010_document_level", _document_level),
    Migration("core_0011_departments", _departments),
    Migration("core_0012_rule_views", _rule_views),
]


def all_migrations() -> list[Migration]:
    """The core's migrations, then every component's."""
    from fiscalwatch.plugins import collected, hook

    return [*MIGRATIONS, *collected(hook().fiscalwatch_migrations())]


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Applies every migration not yet applied, each in one transaction: one that fails
    leaves the database as it was, with no record of having run."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
    )
    applied = {row[0] for row in db.execute("SELECT name FROM schema_migrations").fetchall()}
    done: list[str] = []
    for migration in all_migrations():
        if migration.name in applied:
            continue
        with _one_transaction(db):
            migration.apply(db)
            db.execute(
                "INSERT INTO schema_migrations (name, applied_at) VALUES (?, datetime('now'))",
                [migration.name],
            )
        done.append(migration.name)
    return done


def applied_migrations(db: sqlite_utils.Database) -> list[str]:
    """The names of the migrations applied to ``db``, in the order they ran."""
    return [r[0] for r in db.execute("SELECT name FROM schema_migrations ORDER BY rowid")]


@contextmanager
def _one_transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """BEGIN ... COMMIT around a migration, whatever it calls. ``executescript`` would
    COMMIT first and then run each statement on its own, and sqlite-utils' ``with conn:``
    would COMMIT at its end: while the migration runs, the connection it sees runs a
    script statement by statement and leaves committing to this block."""
    real = db.conn
    db.conn = _InTransaction(real)  # type: ignore[assignment]
    real.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        real.execute("ROLLBACK")
        raise
    else:
        real.execute("COMMIT")
    finally:
        db.conn = real


class _InTransaction:
    """A sqlite3 connection whose commits are left to the enclosing transaction."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)

    def executescript(self, script: str) -> sqlite3.Cursor:
        cursor = self._connection.cursor()
        for statement in split_statements(script):
            cursor.execute(statement)
        return cursor

    def commit(self) -> None:
        return None

    def __enter__(self) -> _InTransaction:
        return self

    def __exit__(self, *exc: object) -> None:
        return None  # an error propagates and the whole migration rolls back


def run_script(db: sqlite_utils.Database, script: str) -> None:
    """Runs an SQL script: statement by statement inside a transaction (a migration's),
    as sqlite-utils' ``executescript`` does, but in linear time (sqlite-utils re-joins
    the statement at every character: 0.1 s of every new store's 0.2 s of migrations)."""
    if db.conn.in_transaction:
        for statement in split_statements(script):
            db.conn.execute(statement)
    else:
        db.conn.executescript(script)


def split_statements(script: str) -> Iterator[str]:
    """The statements of an SQL script, whole (a ``;`` inside a string, or a trigger's
    body, does not end one)."""
    buffer = ""
    for piece in script.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \t\r\n;"):
                yield buffer
            buffer = ""
    if buffer.strip(" \t\r\n;"):
        yield buffer
