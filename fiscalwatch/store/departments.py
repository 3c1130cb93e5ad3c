"""Department identity, persisted: the ``departments`` and ``department_aliases`` tables
and ``documents.department_id``.

The rule is :class:`fiscalwatch.departments.DepartmentMatcher` over every name a region
knows (its documents' ``department`` and the sources' rosters): names whose keys resolve
to one canonical key are one department. This module keeps the tables equal to what the
matcher decides, so that checks, the report, alerts and performance findings all group
by ``department_id`` and never re-derive identity on their own.

A new document costs one indexed look-up when its name, or its key, is known, and a new
row when its key is unrelated to every key of the region; only a key that is the tail of
another (or has one as its tail) re-resolves the whole region (:func:`reconcile_region`),
which may merge two departments (the survivor keeps the smaller id and records the other's
name as a ``merge`` alias) or split one (a short name that became ambiguous).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import sqlite_utils

from fiscalwatch import clock
from fiscalwatch.departments import DepartmentMatcher, department_key, is_tail
from fiscalwatch.store.regions import region_condition
from fiscalwatch.store.schema import run_script

DOCUMENT, ROSTER, MERGE = "document", "roster", "merge"

SCHEMA = """
CREATE TABLE departments (
    id INTEGER PRIMARY KEY,
    region TEXT NOT NULL DEFAULT '',  -- '' for documents without a region
    name TEXT NOT NULL,               -- display name: the newest document's full name
    key TEXT NOT NULL,                -- canonical matching key (fiscalwatch.departments)
    created_at TEXT NOT NULL,
    UNIQUE (region, key)
);
CREATE TABLE department_aliases (
    department_id INTEGER NOT NULL REFERENCES departments(id),
    alias TEXT NOT NULL,              -- a name as a document, a roster or a merge gave it
    key TEXT NOT NULL,                -- department_key(alias)
    source TEXT NOT NULL,             -- document | roster | merge
    PRIMARY KEY (department_id, alias, source)
);
CREATE INDEX department_aliases_key ON department_aliases(key);
CREATE INDEX department_aliases_alias ON department_aliases(alias);
ALTER TABLE documents ADD COLUMN department_id INTEGER REFERENCES departments(id);
CREATE INDEX documents_department ON documents(department_id, fiscal_year, doc_type, level);
ALTER TABLE findings ADD COLUMN department_id INTEGER REFERENCES departments(id);
CREATE INDEX findings_department ON findings(department_id, fiscal_year);
"""


@dataclass(frozen=True)
class DepartmentRow:
    id: int
    region: str
    name: str
    key: str


def create_tables(db: sqlite_utils.Database) -> None:
    """The migration: the tables, then every stored document and finding resolved."""
    run_script(db, SCHEMA)
    regions = [r for (r,) in db.execute("SELECT DISTINCT COALESCE(region, '') FROM documents")]
    for region in regions:
        reconcile_region(db, region)
    backfill_findings(db)


def lookup(db: sqlite_utils.Database, region: str | None, name: str | None) -> int | None:
    """The department a name of ``region`` stands for, if any is stored (read only)."""
    key = department_key(name)
    if not key:
        return None
    row = db.execute(
        "SELECT a.department_id FROM department_aliases a"
        " JOIN departments d ON d.id = a.department_id"
        " WHERE d.region = ? AND (a.alias = ? OR a.key = ?)"
        " ORDER BY a.alias = ? DESC, a.department_id LIMIT 1",
        [region or "", name, key, name],
    ).fetchone()
    if row:
        return int(row[0])
    row = db.execute(
        "SELECT id FROM departments WHERE region = ? AND key = ?", [region or "", key]
    ).fetchone()
    return int(row[0]) if row else None


def resolve(db: sqlite_utils.Database, region: str | None, name: str | None) -> int | None:
    """What :func:`lookup` answers, else the one department of ``region`` whose key the
    name's key is the tail of (a short name no document has used yet, as
    DepartmentMatcher would place it); read only. None when no department, or several,
    answer to it."""
    found = lookup(db, region, name)
    key = department_key(name)
    if found is not None or not key:
        return found
    owners = {
        int(department_id)
        for department_id, other in db.execute(
            "SELECT id, key FROM departments WHERE region = ?", [region or ""]
        )
        if is_tail(key, other)
    }
    return owners.pop() if len(owners) == 1 else None


def get(db: sqlite_utils.Database, department_id: int) -> DepartmentRow | None:
    row = db.execute(
        "SELECT id, region, name, key FROM departments WHERE id = ?", [department_id]
    ).fetchone()
    return DepartmentRow(*row) if row else None


def assign_document(db: sqlite_utils.Database, document_id: int) -> int | None:
    """Sets ``documents.department_id`` of one stored document, creating or merging
    departments as its name requires; returns the id (None without a name)."""
    row = db.execute(
        "SELECT department, COALESCE(region, '') FROM documents WHERE id = ?", [document_id]
    ).fetchone()
    name, region = (str(row[0] or ""), str(row[1])) if row else ("", "")
    key = department_key(name)
    if not key:
        db.execute("UPDATE documents SET department_id = NULL WHERE id = ?", [document_id])
        return None
    found = _known(db, region, name, key)
    if found is None:
        reconcile_region(db, region)
        found = _known(db, region, name, key)
    db.execute("UPDATE documents SET department_id = ? WHERE id = ?", [found, document_id])
    if found is not None:
        _refresh_name(db, found)
    return found


def _known(db: sqlite_utils.Database, region: str, name: str, key: str) -> int | None:
    """The department a name of the region stands for, decided from the region's stored
    keys as DepartmentMatcher would: its alias, its key, the one department whose key
    it is the tail of, or a new department (a new key, or a tail several departments
    share). None when the key is longer than a stored one: the region must be
    re-resolved, departments may merge."""
    by_alias = db.execute(
        "SELECT a.department_id FROM department_aliases a"
        " JOIN departments d ON d.id = a.department_id"
        " WHERE d.region = ? AND a.alias = ? AND a.source != ? LIMIT 1",
        [region, name, MERGE],
    ).fetchone()
    if by_alias:
        return int(by_alias[0])
    known = db.execute(
        "SELECT d.id, d.key FROM departments d WHERE d.region = ?"
        " UNION SELECT a.department_id, a.key FROM department_aliases a"
        " JOIN departments d ON d.id = a.department_id WHERE d.region = ?",
        [region, region],
    ).fetchall()
    if any(is_tail(other, key) for _, other in known):
        return None  # a longer name than some known: departments may merge
    same = {int(i) for i, other in known if other == key}
    # A department's key is the longest of its names: a tail of one is its short name.
    owners = same or {int(i) for i, other in known if is_tail(key, other)}
    if len(same) > 1:
        return None
    if len(owners) == 1:
        (department_id,) = owners
    else:  # new, or a short name several departments may go by: its own
        department_id = _insert(db, region, name, key)
    _add_alias(db, department_id, name, DOCUMENT)
    return department_id


def reconcile_region(db: sqlite_utils.Database, region: str) -> None:
    """Re-resolves every name of ``region`` and brings its departments, aliases and
    documents in step (callers hold the transaction)."""
    documented = {
        name
        for (name,) in db.execute(
            "SELECT DISTINCT department FROM documents WHERE COALESCE(region, '') = ?"
            " AND department IS NOT NULL",
            [region],
        )
        if department_key(name)
    }
    rostered = {
        alias
        for (alias,) in db.execute(
            "SELECT a.alias FROM department_aliases a JOIN departments d"
            " ON d.id = a.department_id WHERE d.region = ? AND a.source = ?",
            [region, ROSTER],
        )
    }
    names = documented | rostered
    keys = {name: department_key(name) for name in names}
    matcher = DepartmentMatcher(keys.values())
    groups: dict[str, set[str]] = defaultdict(set)
    for name, key in keys.items():
        groups[matcher.canonical(key)].add(name)

    existing = {
        int(i): k
        for i, k in db.execute("SELECT id, key FROM departments WHERE region = ?", [region])
    }
    by_key = {k: i for i, k in existing.items()}
    owner_of: dict[str, set[int]] = defaultdict(set)
    for department_id, alias in db.execute(
        "SELECT a.department_id, a.alias FROM department_aliases a JOIN departments d"
        " ON d.id = a.department_id WHERE d.region = ?",
        [region],
    ):
        owner_of[alias].add(int(department_id))

    claimed: dict[str, int] = {}
    merged: dict[int, int] = {}
    # A group whose canonical key already has a department keeps it first, so ids stay.
    for canonical in sorted(groups, key=lambda c: (c not in by_key, c)):
        members = groups[canonical]
        member_keys = {keys[n] for n in members}
        candidates = {i for i, k in existing.items() if k in member_keys}
        for name in members:
            candidates |= owner_of.get(name, set())
        candidates -= set(claimed.values())
        if by_key.get(canonical) in candidates:
            keep = by_key[canonical]
        elif candidates:
            keep = min(candidates)
        else:
            keep = _insert(db, region, max(members, key=len), f"\x00{canonical}")
        claimed[canonical] = keep
        for other in candidates - {keep}:
            merged[other] = keep

    # Two steps so that a key moving from one row to another never meets itself.
    for department_id in claimed.values():
        db.execute(
            "UPDATE departments SET key = ? WHERE id = ?", [f"\x00{department_id}", department_id]
        )
    for other, keep in merged.items():
        if other in claimed.values():
            continue
        _merge(db, other, keep)
    for canonical, department_id in claimed.items():
        db.execute("UPDATE departments SET key = ? WHERE id = ?", [canonical, department_id])
    db.execute(
        "DELETE FROM department_aliases WHERE source IN (?, ?) AND department_id IN"
        " (SELECT id FROM departments WHERE region = ?)",
        [DOCUMENT, ROSTER, region],
    )
    for canonical, department_id in claimed.items():
        ordered = sorted(groups[canonical])
        for name in ordered:
            if name in documented:
                _add_alias(db, department_id, name, DOCUMENT)
            if name in rostered:
                _add_alias(db, department_id, name, ROSTER)
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            db.execute(
                "UPDATE documents SET department_id = ? WHERE COALESCE(region, '') = ?"
                f" AND department IN ({','.join('?' * len(chunk))})"
                " AND department_id IS NOT ?",  # no write, no dirty mark, when it stays
                [department_id, region, *chunk, department_id],
            )
        _refresh_name(db, department_id)
    _drop_unused(db, region, set(claimed.values()))


def _merge(db: sqlite_utils.Database, other: int, keep: int) -> None:
    """Folds department ``other`` into ``keep``: its documents, findings and merge
    aliases move, its name stays as a ``merge`` alias, its row goes."""
    row = db.execute("SELECT name FROM departments WHERE id = ?", [other]).fetchone()
    for table in ("documents", "findings"):
        db.execute(f"UPDATE {table} SET department_id = ? WHERE department_id = ?", [keep, other])
    db.execute(
        "UPDATE OR IGNORE department_aliases SET department_id = ?"
        " WHERE department_id = ? AND source = ?",
        [keep, other, MERGE],
    )
    db.execute("DELETE FROM department_aliases WHERE department_id = ?", [other])
    db.execute("DELETE FROM departments WHERE id = ?", [other])
    if row:
        _add_alias(db, keep, row[0], MERGE)


def _drop_unused(db: sqlite_utils.Database, region: str, kept: set[int]) -> None:
    """Departments no name of the region stands for any more and nothing refers to."""
    for (department_id,) in db.execute(
        "SELECT id FROM departments WHERE region = ?"
        " AND id NOT IN (SELECT department_id FROM documents WHERE department_id IS NOT NULL)"
        " AND id NOT IN (SELECT department_id FROM findings WHERE department_id IS NOT NULL)",
        [region],
    ).fetchall():
        if department_id not in kept:
            db.execute("DELETE FROM department_aliases WHERE department_id = ?", [department_id])
            db.execute("DELETE FROM departments WHERE id = ?", [department_id])


def _insert(db: sqlite_utils.Database, region: str, name: str, key: str) -> int:
    cursor = db.execute(
        "INSERT INTO departments (region, name, key, created_at) VALUES (?, ?, ?, ?)",
        [region, name, key, clock.now_iso()],
    )
    return int(cursor.lastrowid or 0)


def _add_alias(db: sqlite_utils.Database, department_id: int, alias: str, source: str) -> None:
    db.execute(
        "INSERT OR IGNORE INTO department_aliases (department_id, alias, key, source)"
        " VALUES (?, ?, ?, ?)",
        [department_id, alias, department_key(alias), source],
    )


def _refresh_name(db: sqlite_utils.Database, department_id: int) -> None:
    """The display name: the newest document's full name among those spelling the
    canonical key (青川市卫生健康委员会 over 市卫健委), else the newest name, else the roster's."""
    row = db.execute(
        "SELECT doc.department FROM documents doc JOIN departments d ON d.id = doc.department_id"
        " WHERE d.id = ? AND doc.department IS NOT NULL"
        " ORDER BY doc.department_key = d.key DESC, doc.fiscal_year DESC, doc.id DESC LIMIT 1",
        [department_id],
    ).fetchone()
    if row is None:
        row = db.execute(
            "SELECT alias FROM department_aliases WHERE department_id = ?"
            " ORDER BY length(alias) DESC, alias LIMIT 1",
            [department_id],
        ).fetchone()
    if row:
        db.execute("UPDATE departments SET name = ? WHERE id = ?", [row[0], department_id])


def sync_rosters(db: sqlite_utils.Database, rosters: Mapping[str, Iterable[str]]) -> int:
    """Makes the ``roster`` aliases of each region equal to its names in ``rosters`` (the
    sources' ``departments`` lists; a region left out has none); re-resolves the regions
    that changed."""
    changed = 0
    listed = {
        region
        for (region,) in db.execute(
            "SELECT DISTINCT d.region FROM department_aliases a JOIN departments d"
            " ON d.id = a.department_id WHERE a.source = ?",
            [ROSTER],
        )
    }
    everything: dict[str, Iterable[str]] = {**dict.fromkeys(listed, ()), **rosters}
    for region, names in everything.items():
        wanted = {n for n in names if department_key(n)}
        stored = {
            alias
            for (alias,) in db.execute(
                "SELECT a.alias FROM department_aliases a JOIN departments d"
                " ON d.id = a.department_id WHERE d.region = ? AND a.source = ?",
                [region, ROSTER],
            )
        }
        if wanted == stored:
            continue
        changed += 1
        db.execute(
            "DELETE FROM department_aliases WHERE source = ? AND department_id IN"
            " (SELECT id FROM departments WHERE region = ?)",
            [ROSTER, region],
        )
        for name in sorted(wanted - stored):
            new = lookup(db, region, name) or _insert(
                db, region, name, f"\x00{department_key(name)}"
            )
            _add_alias(db, new, name, ROSTER)
        for name in sorted(wanted & stored):
            known = lookup(db, region, name)
            if known is not None:
                _add_alias(db, known, name, ROSTER)
        reconcile_region(db, region)
    return changed


def refresh_keys(db: sqlite_utils.Database, regions: frozenset[str] | None = None) -> int:
    """Re-derives ``documents.department_key`` (of ``regions``, None: all) where the
    normalisation has improved since the row was stored, and re-resolves the regions
    concerned. Returns the names whose key changed."""
    in_scope, params = region_condition(regions, "region")
    stale = [
        (key, name, region)
        for name, region, stored in db.execute(
            "SELECT DISTINCT department, COALESCE(region, ''), department_key FROM documents"
            f" WHERE department IS NOT NULL AND {in_scope}",
            params,
        )
        if (key := department_key(name)) != stored
    ]
    db.conn.executemany(
        "UPDATE documents SET department_key = ? WHERE department = ? AND COALESCE(region, '') = ?",
        stale,
    )
    # Rows written around the store (a copy made in SQL): no department, or another
    # region's.
    in_scope_d, params_d = region_condition(regions, "d.region")
    unplaced = {
        region
        for name, region in db.execute(
            "SELECT DISTINCT d.department, COALESCE(d.region, '') FROM documents d"
            " LEFT JOIN departments dep ON dep.id = d.department_id"
            " WHERE d.department IS NOT NULL"
            " AND (dep.id IS NULL OR dep.region != COALESCE(d.region, ''))"
            f" AND {in_scope_d}",
            params_d,
        )
        if department_key(name)
    }
    for region in sorted({region for _, _, region in stale} | unplaced):
        reconcile_region(db, region)
    return len(stale)


def backfill_findings(db: sqlite_utils.Database) -> int:
    """Sets ``findings.department_id`` (and the canonical ``department_key``) of the
    findings without one whose department or document names one."""
    rows = db.execute(
        "SELECT f.id, f.region, f.department, d.department_id FROM findings f"
        " LEFT JOIN documents d ON d.id = f.document_id WHERE f.department_id IS NULL"
        " AND (f.department IS NOT NULL OR d.department_id IS NOT NULL)"
    ).fetchall()
    updates = []
    for finding_id, region, name, from_document in rows:
        department_id = lookup(db, region, name) if name else None
        department_id = department_id or from_document
        if department_id is not None:
            updates.append((department_id, department_id, finding_id))
    db.conn.executemany(
        "UPDATE findings SET department_id = ?,"
        " department_key = (SELECT key FROM departments WHERE id = ?) WHERE id = ?",
        updates,
    )
    return len(updates)
