"""Worker processes for a large report's heavy outputs that read the store on their own:
the region workbooks and the figure exports are most of a national build's CPU, and
need nothing of the pages but a few hundred rows each. Workers write them while this
process writes the pages.

A job is a module-level function called as ``function(db, *args)``: in a worker ``db``
is that worker's own read-only connection to the store's file; without workers (a
small report, a store in memory) it is the caller's, and the job runs at once.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

import sqlite_utils

# At most this many workers, and none for a report of fewer workbooks than twice that
# (a worker costs about a second to start).
MAX_WORKERS = 4
# Jobs waiting for a worker, at most, so queued rows do not pile up in memory.
QUEUED_PER_WORKER = 4

Job = Callable[..., Any]
_databases: dict[str, sqlite_utils.Database] = {}


def worker_count(jobs: int) -> int:
    """Workers for a report of about ``jobs`` heavy outputs: one a core, up to
    ``MAX_WORKERS``; none for a few."""
    if jobs < 2 * MAX_WORKERS:
        return 0
    return max(1, min(MAX_WORKERS, len(os.sched_getaffinity(0))))


def database_file(db: sqlite_utils.Database) -> str | None:
    """The store's file, which worker processes can open too (None: in memory)."""
    for _seq, name, path in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return str(path) or None
    return None


def _in_worker(database: str, job: Job, args: tuple[Any, ...]) -> Any:
    db = _databases.get(database)
    if db is None:
        connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        db = _databases[database] = sqlite_utils.Database(connection)
    return job(db, *args)


class ReportWorkers:
    """``run`` hands a job to a worker (or runs it here without workers); ``finish``
    waits for all of them and raises what any of them raised."""

    def __init__(self, db: sqlite_utils.Database, workers: int) -> None:
        self.db = db
        self.database = database_file(db)
        self.workers = workers if self.database else 0
        self.pool: ProcessPoolExecutor | None = None
        if self.workers:
            context = multiprocessing.get_context("spawn")
            self.pool = ProcessPoolExecutor(self.workers, mp_context=context)
        self.pending: list[Future[Any]] = []

    def __enter__(self) -> ReportWorkers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def run(self, job: Job, *args: Any) -> None:
        if self.pool is None or self.database is None:
            job(self.db, *args)
            return
        while len(self.pending) >= QUEUED_PER_WORKER * self.workers:
            wait(self.pending, return_when=FIRST_COMPLETED)
            self._collect()
        self.pending.append(self.pool.submit(_in_worker, self.database, job, args))

    def _collect(self) -> None:
        """Drops the finished jobs, raising what a failed one raised."""
        for future in [f for f in self.pending if f.done()]:
            future.result()
            self.pending.remove(future)

    def finish(self) -> None:
        for future in self.pending:
            future.result()
        self.pending.clear()
