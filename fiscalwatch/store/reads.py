"""The store's typed reads of ``documents`` and ``findings``: the one place components'
questions about them become SQL. Functions take the sqlite-utils database (what a
check's context holds); :class:`fiscalwatch.store.Store` offers the same as methods."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlite_utils

from fiscalwatch.deadlines import parse_date
from fiscalwatch.store.departments import DepartmentRow
from fiscalwatch.store.regions import region_condition
from fiscalwatch.store.rows import DocumentRow, FindingRow
from fiscalwatch.store.views import KIND_SQL


@dataclass
class CurrentDocument(DocumentRow):
    """A row of the ``current_documents`` view (fiscalwatch.store.views)."""

    kind: str | None = None  # doc_type, or final_account for an untyped 决算 title
    awaiting_parts: int = 0
    replaced: int = 0  # removed, and another live document stands for its department-year
    department_identity: str = ""  # the department's canonical key ('' without one)


def current_documents(
    db: sqlite_utils.Database, regions: frozenset[str] | None = None, *, judged: bool = False
) -> list[CurrentDocument]:
    """What each department-year has published (the ``current_documents`` view) in
    ``regions`` (None: all), in id order; ``judged`` leaves out a disclosure whose parts
    have not all joined it yet (not judged yet)."""
    in_scope, params = region_condition(regions, "c.region")
    waiting = " AND c.awaiting_parts = 0" if judged else ""
    return [
        CurrentDocument.from_row(row)
        for row in db.query(
            "SELECT c.*, COALESCE(dep.key, c.department_key, '') AS department_identity"
            " FROM current_documents c LEFT JOIN departments dep ON dep.id = c.department_id"
            f" WHERE {in_scope}{waiting} ORDER BY c.id",
            params,
        )
    ]


def current_ids(db: sqlite_utils.Database, regions: frozenset[str] | None = None) -> set[int]:
    """Ids of the ``current_documents`` (in ``regions``; None: all) that stand for their
    department-year (not replaced): a department-year's current final account is one."""
    in_scope, params = region_condition(regions, "region")
    return {
        int(i)
        for (i,) in db.execute(
            f"SELECT id FROM current_documents WHERE replaced = 0 AND {in_scope}", params
        )
    }


def documents(db: sqlite_utils.Database, ids: Iterable[int] | None = None) -> list[DocumentRow]:
    """Every stored version (or those of ``ids``), in id order."""
    if ids is None:
        return [DocumentRow.from_row(r) for r in db.query("SELECT * FROM documents ORDER BY id")]
    rows = _rows_where_in(db, "documents", "id", sorted(set(ids)))
    return sorted((DocumentRow.from_row(r) for r in rows), key=lambda d: d.id)


def replaced_versions(
    db: sqlite_utils.Database, regions: frozenset[str] | None = None
) -> list[tuple[DocumentRow, DocumentRow]]:
    """Each version (in ``regions``; None: all) that replaced an earlier one at the same
    address and is no longer pending a parse, with the version it replaced, in id order."""
    in_scope, params = region_condition(regions, "region")
    newer = [
        DocumentRow.from_row(r)
        for r in db.query(
            "SELECT * FROM documents WHERE previous_id IS NOT NULL AND status != 'pending'"
            f" AND {in_scope} ORDER BY id",
            params,
        )
    ]
    older = {d.id: d for d in documents(db, (n.previous_id for n in newer if n.previous_id))}
    return [(n, older[n.previous_id]) for n in newer if n.previous_id in older]


def parsed_by_other_parser(
    db: sqlite_utils.Database, parser_version: str, limit: int
) -> list[dict[str, Any]]:
    """Up to ``limit`` current parsed documents (oldest first) whose parse was made by
    another parser version than ``parser_version``: rows as ``parse_documents`` takes them."""
    return list(
        db.query(
            "SELECT * FROM documents WHERE is_current = 1 AND status = 'parsed'"
            " AND (parser_version IS NULL OR parser_version != ?) ORDER BY id LIMIT ?",
            [parser_version, limit],
        )
    )


def documents_in_regions(db: sqlite_utils.Database, regions: frozenset[str]) -> list[DocumentRow]:
    """Every stored version in ``regions`` ("" for none), in id order: a part of a
    report too large to read at once."""
    in_scope, params = region_condition(regions, "region")
    return [
        DocumentRow.from_row(r)
        for r in db.query(f"SELECT * FROM documents WHERE {in_scope} ORDER BY id", params)
    ]


def documents_by_archive_priority(db: sqlite_utils.Database) -> Iterator[DocumentRow]:
    """Every stored version, one row at a time (SQLite sorts them, not a list in memory),
    in the order a report archives their originals: final accounts before other
    documents, current versions before replaced ones, the newest fiscal year first (none
    last), then the newest document first."""
    for row in db.query(
        "SELECT * FROM documents ORDER BY"
        " CASE WHEN doc_type = 'final_account' THEN 0 ELSE 1 END,"
        " CASE WHEN is_current THEN 0 ELSE 1 END,"
        " COALESCE(fiscal_year, 0) DESC, id DESC"
    ):
        yield DocumentRow.from_row(row)


def document_departments(
    db: sqlite_utils.Database,
) -> list[tuple[str | None, int | None, str | None, str | None]]:
    """Each distinct (region, department_id, department_key, department) documents name,
    of those naming a department at all."""
    return [
        (region, department_id, key, name)
        for region, department_id, key, name in db.execute(
            "SELECT DISTINCT region, department_id, department_key, department FROM documents"
            " WHERE coalesce(department_key, '') != '' OR coalesce(department, '') != ''"
        )
    ]


def counts_by_region(db: sqlite_utils.Database) -> dict[str, int]:
    """Region ("" for none) -> how many stored versions it holds, current or not."""
    return {
        region: int(count)
        for region, count in db.execute(
            "SELECT COALESCE(region, ''), count(*) FROM documents GROUP BY COALESCE(region, '')"
        )
    }


def current_counts_by_type(db: sqlite_utils.Database) -> dict[str, int]:
    """doc_type -> how many current versions (``is_current``) there are of it."""
    return {
        str(doc_type): int(count)
        for doc_type, count in db.execute(
            "SELECT doc_type, count(*) FROM documents WHERE is_current = 1"
            " AND doc_type IS NOT NULL GROUP BY doc_type"
        )
    }


def document(db: sqlite_utils.Database, document_id: int) -> DocumentRow | None:
    found = documents(db, [document_id])
    return found[0] if found else None


def findings(
    db: sqlite_utils.Database,
    ids: Sequence[int] | None = None,
    *,
    open_only: bool = False,
    excluding: str | None = None,
    oldest_first: bool = False,
) -> list[FindingRow]:
    """Findings (of ``ids``; only unresolved ones with ``open_only``; not those meeting
    the SQL condition ``excluding`` over ``f``, a component's rule such as the triage's
    silenced findings), newest first unless ``oldest_first`` (by id)."""
    where = ["f.resolved_at IS NULL"] if open_only else []
    params: list[int] = []
    if ids is not None:
        if len(ids) > 500:
            chunks = [ids[i : i + 500] for i in range(0, len(ids), 500)]
            found = [
                f
                for chunk in chunks
                for f in findings(db, chunk, open_only=open_only, excluding=excluding)
            ]
            if oldest_first:
                return sorted(found, key=lambda f: f.id)
            return sorted(found, key=lambda f: (f.first_seen, f.id), reverse=True)
        if not ids:
            return []
        where.append(f"f.id IN ({','.join('?' * len(ids))})")
        params = list(ids)
    if excluding:
        where.append(f"NOT {excluding}")
    condition = f" WHERE {' AND '.join(where)}" if where else ""
    order = "f.id" if oldest_first else NEWEST_FIRST
    return [
        FindingRow.from_row(r)
        for r in db.query(f"SELECT f.* FROM findings f{condition} ORDER BY {order}", params)
    ]


# The order findings are listed in: the newest first.
NEWEST_FIRST = "f.first_seen DESC, f.id DESC"


def findings_newest_first(
    db: sqlite_utils.Database, regions: frozenset[str] | None = None
) -> Iterator[FindingRow]:
    """Every finding (in ``regions``, "" for none; None: all), newest first, one row at a
    time: a national store holds hundreds of thousands."""
    in_scope, params = region_condition(regions, "f.region")
    query = f"SELECT f.* FROM findings f WHERE {in_scope} ORDER BY {NEWEST_FIRST}"
    for row in db.query(query, params):
        yield FindingRow.from_row(row)


@contextmanager
def read_snapshot(db: sqlite_utils.Database) -> Iterator[None]:
    """One read transaction (WAL: a consistent snapshot while others write) unless one is
    already open: a count and the rows read after it agree. For reads only: it ends
    with a rollback."""
    if db.conn.in_transaction:
        yield
        return
    db.conn.execute("BEGIN")
    try:
        yield
    finally:
        db.conn.execute("ROLLBACK")


def count_findings(db: sqlite_utils.Database) -> int:
    """How many rows :func:`findings_newest_first` yields for the whole store."""
    return int(db.execute("SELECT count(*) FROM findings").fetchone()[0])


def findings_about(db: sqlite_utils.Database, document_ids: Iterable[int]) -> list[FindingRow]:
    """Every finding about one of these documents, by id."""
    rows = _rows_where_in(db, "findings", "document_id", sorted(set(document_ids)))
    return sorted((FindingRow.from_row(r) for r in rows), key=lambda f: f.id)


def finding(db: sqlite_utils.Database, finding_id: int) -> FindingRow | None:
    found = findings(db, [finding_id])
    return found[0] if found else None


def first_fetch_days(db: sqlite_utils.Database) -> dict[str, date]:
    """Source -> the day fiscalwatch first stored one of its files: a file without a
    published date first fetched that day may have been there long before."""
    days: dict[str, date] = {}
    for source, first in db.execute(
        "SELECT COALESCE(source, ''), min(fetched_at) FROM documents GROUP BY COALESCE(source, '')"
    ):
        day = parse_date(first)
        if day:
            days[source] = day
    return days


def department_year_versions(
    db: sqlite_utils.Database, regions: frozenset[str] | None = None
) -> dict[tuple[int, str, str, int], list[DocumentRow]]:
    """(department_id, kind, level, year) -> every stored version of that department-year's
    documents, current or not, in id order: when it first appeared is read from all."""
    in_scope, params = region_condition(regions, "region")
    found: dict[tuple[int, str, str, int], list[DocumentRow]] = {}
    for row in db.query(
        f"SELECT *, {KIND_SQL.format(t='documents')} AS kind FROM documents"
        " WHERE department_id IS NOT NULL AND fiscal_year IS NOT NULL"
        f" AND id NOT IN (SELECT part_id FROM document_parts) AND {in_scope} ORDER BY id",
        params,
    ):
        if row["kind"] is None:
            continue
        document = DocumentRow.from_row(row)
        slot = (
            int(row["department_id"]),
            str(row["kind"]),
            document.level_or_default,
            int(row["fiscal_year"]),
        )
        found.setdefault(slot, []).append(document)
    return found


def departments(db: sqlite_utils.Database) -> dict[int, DepartmentRow]:
    return {
        int(row[0]): DepartmentRow(int(row[0]), row[1], row[2], row[3])
        for row in db.execute("SELECT id, region, name, key FROM departments")
    }


def finding_regions(db: sqlite_utils.Database) -> set[str]:
    """Every region findings name ("" for none)."""
    return {r for (r,) in db.execute("SELECT DISTINCT COALESCE(region, '') FROM findings")}


def current_counts_by_region(db: sqlite_utils.Database) -> dict[str, int]:
    """Region ("" for none) -> how many current documents it holds."""
    return {
        region: int(count)
        for region, count in db.execute(
            "SELECT COALESCE(region, ''), count(*) FROM documents WHERE is_current = 1"
            " GROUP BY COALESCE(region, '')"
        )
    }


FindingState = tuple[int, str | None]  # (id, resolved_at)


def finding_states(
    db: sqlite_utils.Database, check: str, regions: frozenset[str] | None = None
) -> dict[str, FindingState]:
    """Fingerprint -> (id, resolved_at) of a check's findings in ``regions`` (None: all)."""
    in_scope, params = region_condition(regions, "region")
    return {
        fingerprint: (int(finding_id), resolved_at)
        for finding_id, fingerprint, resolved_at in db.execute(
            f'SELECT id, fingerprint, resolved_at FROM findings WHERE "check" = ? AND {in_scope}',
            [check, *params],
        )
    }


def finding_states_by_fingerprint(
    db: sqlite_utils.Database, fingerprints: Sequence[str]
) -> dict[str, FindingState]:
    """Fingerprint -> (id, resolved_at) of the stored findings among ``fingerprints``."""
    found: dict[str, FindingState] = {}
    for start in range(0, len(fingerprints), 500):
        chunk = list(fingerprints[start : start + 500])
        for finding_id, fingerprint, resolved_at in db.execute(
            "SELECT id, fingerprint, resolved_at FROM findings"
            f" WHERE fingerprint IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            found[fingerprint] = (int(finding_id), resolved_at)
    return found


def open_count(db: sqlite_utils.Database, check: str) -> int:
    row = db.execute(
        'SELECT count(*) FROM findings WHERE "check" = ? AND resolved_at IS NULL', [check]
    ).fetchone()
    return int(row[0])


def current_version_id(db: sqlite_utils.Database, source: str, url: str) -> int | None:
    """The id of the current version a source stored for a URL, if any."""
    row = db.execute(
        "SELECT id FROM documents WHERE source = ? AND url = ? AND is_current = 1"
        " ORDER BY id DESC LIMIT 1",
        [source, url],
    ).fetchone()
    return int(row[0]) if row else None


def open_counts_by_check(db: sqlite_utils.Database) -> dict[str, int]:
    """Check -> how many of its findings are unresolved."""
    return {
        str(check): int(count)
        for check, count in db.execute(
            'SELECT "check", count(*) FROM findings WHERE resolved_at IS NULL GROUP BY "check"'
        )
    }


def document_count(db: sqlite_utils.Database) -> int:
    """How many versions are stored, current or not."""
    return int(db.execute("SELECT count(*) FROM documents").fetchone()[0])


def document_file_paths(db: sqlite_utils.Database) -> set[str]:
    """Every original's path in the file store that a stored version names."""
    return {
        str(path)
        for (path,) in db.execute(
            "SELECT DISTINCT file_path FROM documents WHERE coalesce(file_path, '') != ''"
        )
    }


def disclosures_to_combine(db: sqlite_utils.Database) -> list[int]:
    """Parsed documents with a parsed part (document_parts) whose parse results have not
    joined them since either was parsed."""
    return [
        int(r[0])
        for r in db.execute(
            """SELECT DISTINCT p.document_id FROM document_parts p
               JOIN documents d ON d.id = p.document_id
               JOIN documents part ON part.id = p.part_id
               WHERE d.status = 'parsed' AND part.status = 'parsed'
               AND (p.combined_at IS NULL OR p.combined_at < part.parsed_at
                    -- the document was parsed again: what was appended is gone
                    OR (EXISTS (SELECT 1 FROM pages WHERE document_id = part.id)
                        AND NOT EXISTS (SELECT 1 FROM pages WHERE document_id = d.id
                                        AND page > coalesce(d.pages, 0))))"""
        )
    ]


def parsed_parts(db: sqlite_utils.Database, document_id: int) -> list[DocumentRow]:
    """The parsed parts of a document's disclosure, in their order."""
    return [
        DocumentRow.from_row(r)
        for r in db.query(
            "SELECT d.* FROM document_parts p JOIN documents d ON d.id = p.part_id"
            " WHERE p.document_id = ? AND d.status = 'parsed' ORDER BY p.position",
            [document_id],
        )
    ]


def parse_shares(db: sqlite_utils.Database, source: str, since: str) -> dict[bool, tuple[int, int]]:
    """For a source's parsed (or failed) documents, not of type other, fetched since
    ``since`` (True) or before (False): (how many, how many with figures)."""
    rows = db.execute(
        """
        SELECT d.fetched_at >= ? AS recent,
               count(*) AS n,
               sum(EXISTS (SELECT 1 FROM figures f WHERE f.document_id = d.id)) AS with_figures
        FROM documents d
        WHERE d.source = ? AND d.status != 'pending' AND d.doc_type != 'other'
        GROUP BY recent
        """,
        [since, source],
    ).fetchall()
    return {bool(recent): (int(n), int(with_figures or 0)) for recent, n, with_figures in rows}


def published_departments(
    db: sqlite_utils.Database, source: str, doc_types: Sequence[str]
) -> set[tuple[str, int]]:
    """(region, department_id) of the departments a source has published these types for."""
    marks = ",".join("?" * len(doc_types))
    return {
        (str(region), int(department_id))
        for region, department_id in db.execute(
            "SELECT DISTINCT COALESCE(region, ''), department_id FROM documents"
            f" WHERE source = ? AND department_id IS NOT NULL AND doc_type IN ({marks})",
            [source, *doc_types],
        )
    }


def _rows_where_in(
    db: sqlite_utils.Database, table: str, column: str, values: list[int]
) -> Iterator[dict[str, Any]]:
    """``SELECT * FROM table WHERE column IN values``, 500 values a query (SQLite's
    limit on bound parameters is lower than a national store's lists)."""
    for start in range(0, len(values), 500):
        chunk = values[start : start + 500]
        marks = ",".join("?" * len(chunk))
        yield from db.query(f"SELECT * FROM {table} WHERE {column} IN ({marks})", chunk)
