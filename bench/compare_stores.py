"""Two stores of the same crawl, compared row by row and original by original: what a
speed-up must leave unchanged.

    .venv/bin/python bench/compare_stores.py STORE_A STORE_B

A store is a folder with ``fw.db`` and ``files/`` (``bench/national_wave.py --keep``).
Every table is compared as a multiset of rows, without the columns that differ from one
run to another by nature: row ids (the order concurrent sources were written in; ids
naming a document are replaced by its URL), timestamps and durations. Every document's
original is read back from disk and its SHA-256 checked against the row, and the two
stores must hold the same bytes under each URL. Exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import sys
from collections import Counter
from pathlib import Path

# Columns that name a run's moment or its row order, not what was crawled.
VOLATILE = {"id", "duration", "run_id", "last_run_id", "cycle"}
DOCUMENT_REFERENCES = {"document_id", "part_id", "previous_id"}


def volatile(column: str) -> bool:
    return column in VOLATILE or column.endswith("_at") or column in {"first_seen", "last_seen"}


def table_rows(
    db: sqlite3.Connection, table: str, names: dict[str, dict[int, str]]
) -> Counter[tuple]:
    columns = [row[1] for row in db.execute(f"PRAGMA table_info('{table}')")]
    kept = [c for c in columns if not volatile(c)]
    selected = ", ".join(f'"{c}"' for c in kept) or "1"
    rows: Counter[tuple] = Counter()
    for row in db.execute(f'SELECT {selected} FROM "{table}"'):
        rows[
            tuple(
                names[column].get(value, value) if column in names else value
                for column, value in zip(kept, row, strict=False)
            )
        ] += 1
    return rows


def stable_names(db: sqlite3.Connection) -> dict[str, dict[int, str]]:
    """Row ids that other tables refer to, replaced by what the row names."""
    urls = dict(db.execute("SELECT id, url FROM documents"))
    departments = dict(db.execute("SELECT id, region || '/' || key FROM departments"))
    return {
        **{column: urls for column in DOCUMENT_REFERENCES},
        "department_id": departments,
    }


def originals(folder: Path, db: sqlite3.Connection) -> dict[str, str]:
    """URL -> SHA-256 of the original on disk (checked against the row's)."""
    found: dict[str, str] = {}
    for url, sha256, path in db.execute("SELECT url, sha256, file_path FROM documents"):
        digest = hashlib.sha256((folder / "files" / path).read_bytes()).hexdigest()
        if digest != sha256:
            raise SystemExit(f"{folder}: {url}'s original does not match its row")
        found[url] = digest
    return found


def compare(first: Path, second: Path) -> list[str]:
    a, b = (sqlite3.connect(folder / "fw.db") for folder in (first, second))
    differences: list[str] = []
    tables = [
        name
        for (name,) in a.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'"
            " AND name != 'schema_migrations' ORDER BY name"
        )
    ]
    names_a, names_b = stable_names(a), stable_names(b)
    for table in tables:
        rows_a, rows_b = table_rows(a, table, names_a), table_rows(b, table, names_b)
        status = "same" if rows_a == rows_b else "DIFFERENT"
        print(f"{table}: {sum(rows_a.values())} / {sum(rows_b.values())} rows, {status}")
        if rows_a != rows_b:
            differences.append(table)
    files_a, files_b = originals(first, a), originals(second, b)
    same = files_a == files_b
    print(f"originals: {len(files_a)} / {len(files_b)}, {'same' if same else 'DIFFERENT'}")
    if not same:
        differences.append("originals")
    return differences


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    args = parser.parse_args()
    differences = compare(args.first, args.second)
    print("identical" if not differences else f"differ: {', '.join(differences)}")
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
