"""``fiscalwatch backup DEST``: a consistent copy of the store, safe while the daemon runs.

The database is copied with SQLite's online backup API in one step: it reads one
snapshot (WAL mode lets the daemon keep writing meanwhile) and writes it to
``DEST/<name>.partial``, which is checked (``PRAGMA integrity_check``), switched to a
single self-contained file (journal mode DELETE) and only then renamed over the previous
backup. The originals are copied after the database: the store writes a file before the
row naming it, so every file the snapshot names is already there. Files are
content-addressed and never change, so a file already in the backup with the same size
is not copied again (a nightly backup copies only what is new).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path

import sqlite_utils

from fiscalwatch import clock
from fiscalwatch.config import Config
from fiscalwatch.errors import FiscalwatchError
from fiscalwatch.store import reads
from fiscalwatch.store.schema import applied_migrations

MANIFEST = "backup.json"
FILES_DIR = "files"


class BackupError(FiscalwatchError):
    exit_code = 2


@dataclass
class BackupSummary:
    dest: str
    database: str
    database_bytes: int = 0
    documents: int = 0
    files_copied: int = 0
    files_kept: int = 0
    bytes_copied: int = 0
    missing_originals: list[str] = field(default_factory=list)
    """Originals the database names but the store does not have (listed, not fatal)."""
    created_at: str = ""
    migrations: list[str] = field(default_factory=list)


def backup(config: Config, dest: Path, config_file: Path | None = None) -> BackupSummary:
    source = config.storage.database
    if not source.is_file():
        raise BackupError(f"storage.database: {source} does not exist")
    dest.mkdir(parents=True, exist_ok=True)
    target = dest / source.name
    summary = BackupSummary(dest=str(dest), database=str(target), created_at=clock.now_iso())
    _copy_database(source, target)
    summary.database_bytes = target.stat().st_size
    with sqlite3.connect(target) as conn:
        db = sqlite_utils.Database(conn)
        summary.documents = reads.document_count(db)
        summary.migrations = applied_migrations(db)
        named = sorted(reads.document_file_paths(db))
    conn.close()
    _copy_files(config.storage.files, dest / FILES_DIR, summary)
    summary.missing_originals = [path for path in named if not (dest / FILES_DIR / path).is_file()]
    if config_file is not None and config_file.is_file():
        shutil.copy2(config_file, dest / "config.toml")
    (dest / MANIFEST).write_text(
        json.dumps(asdict(summary), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return summary


def _copy_database(source: Path, target: Path) -> None:
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(source, timeout=60)
    dst = sqlite3.connect(partial)
    try:
        src.execute("PRAGMA busy_timeout=60000")
        src.backup(dst)  # all pages in one step: one consistent snapshot
        dst.execute("PRAGMA journal_mode=DELETE")
        problems = [row[0] for row in dst.execute("PRAGMA integrity_check").fetchall()]
        if problems != ["ok"]:
            raise BackupError(f"backup of {source} failed its integrity check: {problems[:3]}")
    except sqlite3.Error as exc:
        raise BackupError(f"cannot back up {source}: {exc}") from exc
    finally:
        dst.close()
        src.close()
    # A -wal left beside an older backup would be replayed into the new file.
    for stale in (target.with_name(target.name + suffix) for suffix in ("-wal", "-shm")):
        stale.unlink(missing_ok=True)
    os.replace(partial, target)


def _copy_files(source: Path, target: Path, summary: BackupSummary) -> None:
    if not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        copy = target / path.relative_to(source)
        size = path.stat().st_size
        if copy.is_file() and copy.stat().st_size == size:
            summary.files_kept += 1
            continue
        copy.parent.mkdir(parents=True, exist_ok=True)
        partial = copy.with_name(copy.name + ".partial")
        shutil.copy2(path, partial)
        os.replace(partial, copy)
        summary.files_copied += 1
        summary.bytes_copied += size
