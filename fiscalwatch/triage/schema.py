"""Triage tables, as named migrations (see fiscalwatch.store.schema)."""

from __future__ import annotations

import sqlite_utils

from fiscalwatch.store.schema import Migration, run_script


def _tables(db: sqlite_utils.Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE finding_decisions (
            fingerprint TEXT PRIMARY KEY,   -- findings.fingerprint: outlives the row's cycle
            decision TEXT NOT NULL,         -- dismissed | acknowledged
            reason TEXT,
            decided_at TEXT NOT NULL,
            decided_by TEXT,
            finding_id INTEGER              -- the finding it was made on (informative)
        );
        CREATE TABLE suppressions (
            id INTEGER PRIMARY KEY,
            department TEXT,                -- as the analyst typed it
            department_key TEXT,            -- fiscalwatch.departments.department_key of it
            region TEXT,
            "check" TEXT,
            reason TEXT,
            created_at TEXT NOT NULL,
            created_by TEXT,
            lifted_at TEXT                  -- set by suppress --lift; the row is kept
        );
        """,
    )


def _suppression_departments(db: sqlite_utils.Database) -> None:
    # A suppression covers its department under every name (fiscalwatch.triage.store).
    from fiscalwatch.triage.store import create_views, resolve_departments

    # No foreign key: the store deletes a department merged into another, and the
    # suppression then matches the department going by its name.
    db.execute("ALTER TABLE suppressions ADD COLUMN department_id INTEGER")
    resolve_departments(db)
    create_views(db)


MIGRATIONS: list[Migration] = [
    Migration("triage_0001_decisions", _tables),
    Migration("triage_0002_suppression_departments", _suppression_departments),
]
