"""Tables this package adds to the store, as named migrations (see fiscalwatch.store.schema)."""

from __future__ import annotations

import sqlite_utils

from fiscalwatch.store.schema import Migration, run_script


def _lookup_indexes(db: sqlite_utils.Database) -> None:
    # Sibling attachments of one disclosure page; findings by check and state.
    run_script(
        db,
        """
        CREATE INDEX IF NOT EXISTS documents_page_url ON documents(page_url);
        CREATE INDEX IF NOT EXISTS documents_previous ON documents(previous_id);
        CREATE INDEX IF NOT EXISTS findings_check_open ON findings("check", resolved_at);
        CREATE INDEX IF NOT EXISTS findings_dept_year ON findings(department_key, fiscal_year);
        """,
    )


def _check_scope(db: sqlite_utils.Database) -> None:
    # What the incremental check cycle needs (monitor.scope).
    run_script(
        db,
        """
        CREATE TABLE check_dirty (
            region TEXT PRIMARY KEY,    -- '' for documents without a region
            version INTEGER NOT NULL    -- bumped by every change; clearing keeps later ones
        );
        CREATE INDEX documents_region ON documents(region, is_current);
        CREATE INDEX findings_check_region ON findings("check", region);
        CREATE TABLE check_state (
            "check" TEXT PRIMARY KEY,
            fingerprint TEXT NOT NULL,  -- what else its findings depend on
            checked_at TEXT NOT NULL
        );
        """,
    )


def _source_index(db: sqlite_utils.Database) -> None:
    # source_unhealthy reads each source's documents every cycle: without this index that
    # is one scan of the whole table per source (minutes at 2,000 sources).
    db.execute("CREATE INDEX IF NOT EXISTS documents_source ON documents(source, status)")


MIGRATIONS: list[Migration] = [
    Migration("monitor_0001_indexes", _lookup_indexes),
    Migration("monitor_0002_check_scope", _check_scope),
    Migration("monitor_0003_source_index", _source_index),
]
