"""Worker processes that read the store on their own, for work that is heavy on CPU and
light on what it returns: a large report's region workbooks and figure exports, a full
check pass's region batches. The caller stays the store's only writer.

A job is a module-level function called as ``function(db, *args)``: in a worker ``db``
is that worker's own read-only connection to the store's file (WAL: it reads while the
caller writes); without workers (a small job, a store in memory) it is the caller's,
and the job runs at once. Workers are spawned, not forked: the caller may hold threads
and an open connection.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

import sqlite_utils

# Jobs waiting for a worker, at most, so queued rows do not pile up in memory.
QUEUED_PER_WORKER = 4

# How often a worker looks whether the process that started it is still there.
PARENT_CHECK_SECONDS = 1.0

Job = Callable[..., Any]
_databases: dict[str, sqlite_utils.Database] = {}


def _exit_with(parent: int) -> None:
    """A worker's first act: a thread that ends the worker once ``parent``, the process
    that started it, is gone. Killed callers (a daemon stopped by the OOM killer, a
    cancelled run) would otherwise leave their workers computing the jobs already queued,
    each holding a core and the store's file, for minutes."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


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


class StoreReaders:
    """``run`` hands a job to a worker (or runs it here without workers) and ``finish``
    waits for all of them, raising what any of them raised; ``ordered`` maps a job over
    many arguments and yields the results in order."""

    def __init__(self, db: sqlite_utils.Database, workers: int) -> None:
        self.db = db
        self.database = database_file(db)
        self.workers = workers if self.database else 0
        self.pool: ProcessPoolExecutor | None = None
        if self.workers:
            context = multiprocessing.get_context("spawn")
            self.pool = ProcessPoolExecutor(
                self.workers,
                mp_context=context,
                initializer=_exit_with,
                initargs=(os.getpid(),),
            )
        self.pending: list[Future[Any]] = []

    def __enter__(self) -> StoreReaders:
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

    def ordered(self, job: Job, arguments: Iterable[tuple[Any, ...]]) -> Iterator[Any]:
        """``job(db, *args)`` for each ``args``, results in the order given, at most
        ``QUEUED_PER_WORKER`` a worker ahead of the one the caller is reading."""
        if self.pool is None or self.database is None:
            for args in arguments:
                yield job(self.db, *args)
            return
        queued: list[Future[Any]] = []
        pending = iter(arguments)
        for args in pending:
            queued.append(self.pool.submit(_in_worker, self.database, job, args))
            if len(queued) >= QUEUED_PER_WORKER * self.workers:
                break
        while queued:
            result = queued.pop(0).result()
            for args in pending:  # one in, one out
                queued.append(self.pool.submit(_in_worker, self.database, job, args))
                break
            yield result

    def _collect(self) -> None:
        """Drops the finished jobs, raising what a failed one raised."""
        for future in [f for f in self.pending if f.done()]:
            future.result()
            self.pending.remove(future)

    def finish(self) -> None:
        for future in self.pending:
            future.result()
        self.pending.clear()
