"""What a check cycle has to look at again: the regions whose documents changed since the
last cycle, and the checks whose configuration changed.

SQLite triggers on ``documents`` mark a region in ``check_dirty`` whenever one of its
rows is inserted, deleted or changed in anything but ``last_seen_at`` (an unchanged
re-fetch); a re-parse rewrites ``parsed_at``, so new figures, pages and tables mark it
too. Every writer goes through these triggers, whichever code path it takes. Each mark
carries a counter, so a change made while a cycle runs survives that cycle's clearing.

A region is the unit re-checked: department identities merge only inside a region
(fiscalwatch.departments.DepartmentMatcher), so a region holds every department-year a
change can touch — the next year's account, the budget of the same year, the aliases
that now name the same department.

``check_state`` keeps, per check, the fingerprint of everything else its findings depend
on: its version, fiscalwatch's version, the [monitor] section, the sources' regions and
rosters, and the check's own ``state`` (the latest overdue year). A different
fingerprint, or none, re-checks the whole store with that check.
"""

from __future__ import annotations

import hashlib
import json

import sqlite_utils

from fiscalwatch import __version__, clock
from fiscalwatch.monitor.checks.base import Check, CheckContext
from fiscalwatch.store import transaction

TRIGGER_PREFIX = "check_dirty_documents_"
# Columns whose change does not change what a check sees.
UNWATCHED = {"last_seen_at"}


def _mark(region: str) -> str:
    return (
        f"INSERT INTO check_dirty (region, version) VALUES (COALESCE({region}, ''), 1)"
        " ON CONFLICT(region) DO UPDATE SET version = version + 1;"
    )


def _trigger_sql(db: sqlite_utils.Database) -> dict[str, str]:
    """The triggers for the current columns of ``documents`` (a column added later by
    a migration is watched as soon as the next cycle starts)."""
    columns = [c.name for c in db["documents"].columns if c.name not in UNWATCHED]
    changed = " OR ".join(f'NEW."{c}" IS NOT OLD."{c}"' for c in columns)
    return {
        f"{TRIGGER_PREFIX}insert": (
            f"CREATE TRIGGER {TRIGGER_PREFIX}insert AFTER INSERT ON documents"
            f" BEGIN {_mark('NEW.region')} END"
        ),
        f"{TRIGGER_PREFIX}delete": (
            f"CREATE TRIGGER {TRIGGER_PREFIX}delete AFTER DELETE ON documents"
            f" BEGIN {_mark('OLD.region')} END"
        ),
        f"{TRIGGER_PREFIX}update": (
            f"CREATE TRIGGER {TRIGGER_PREFIX}update AFTER UPDATE ON documents WHEN {changed}"
            f" BEGIN {_mark('OLD.region')} {_mark('NEW.region')} END"
        ),
    }


def ensure_tracking(db: sqlite_utils.Database) -> bool:
    """Installs (or brings up to date) the change triggers. True when they were missing
    or stale: changes may then have gone unrecorded, and the cycle must check all."""
    wanted = _trigger_sql(db)
    present = {
        name: sql
        for name, sql in db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?",
            [f"{TRIGGER_PREFIX}%"],
        )
    }
    if present == wanted:
        return False
    with transaction(db):
        for name in present:
            db.execute(f"DROP TRIGGER {name}")
        for sql in wanted.values():
            db.execute(sql)
    return True


def dirty_regions(db: sqlite_utils.Database) -> dict[str, int]:
    """Regions changed since the last complete cycle, with their change counters."""
    return {
        region: version for region, version in db.execute("SELECT region, version FROM check_dirty")
    }


def clear_dirty(db: sqlite_utils.Database, seen: dict[str, int]) -> None:
    """Forgets the changes a cycle has checked; a region changed again since keeps its mark."""
    with transaction(db):
        db.conn.executemany(
            "DELETE FROM check_dirty WHERE region = ? AND version = ?", list(seen.items())
        )


# [monitor] settings that change how the checks run, not what they find.
NOT_SEEN_BY_CHECKS = {"workers"}


def fingerprint(check: Check, ctx: CheckContext) -> str:
    config = ctx.config
    sources = [
        {"name": s.name, "region": s.region, "departments": list(s.departments)}
        for s in config.sources
    ]
    raw = json.dumps(
        [
            check.name,
            check.version,
            __version__,
            config.monitor.model_dump(mode="json", exclude=NOT_SEEN_BY_CHECKS),
            sources,
            check.state(ctx),
        ],
        ensure_ascii=False,
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def stored_fingerprints(db: sqlite_utils.Database) -> dict[str, str]:
    return {
        name: value for name, value in db.execute('SELECT "check", fingerprint FROM check_state')
    }


def save_fingerprint(db: sqlite_utils.Database, name: str, value: str) -> None:
    db.execute(
        'INSERT INTO check_state ("check", fingerprint, checked_at) VALUES (?, ?, ?)'
        ' ON CONFLICT("check") DO UPDATE SET fingerprint = excluded.fingerprint,'
        " checked_at = excluded.checked_at",
        [name, value, clock.now_iso()],
    )
