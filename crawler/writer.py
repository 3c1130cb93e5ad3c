"""The crawl process's one store writer: every source's pipeline and stats recorder
write through it, grouped.

A national crawl stores about a hundred documents a second per process. Written one at
a time, each cost a transaction and three fsyncs (the original, its folder, the
folders made for it) on the reactor thread, which waited for the disk each time. Here
the sources' changes queue up (their originals already staged on disk) and a flush
makes the staged originals durable with one flush of the file system, then applies
the queued changes in order in one transaction, each change in its own savepoint (all
or nothing, as before). Rows are committed only after the originals they name are on
disk. A flush runs when ``FLUSH_CHANGES`` changes are queued, every
``FLUSH_SECONDS``, when a source closes and when the process ends; the write lock is
held only while a flush applies its changes, so a second crawl process waits for
milliseconds, not for a batch to fill.

One connection for the process (instead of one per source) also means one SQLite page
cache instead of a hundred.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from twisted.internet.task import LoopingCall

from fiscalwatch.errors import StoreError
from fiscalwatch.store import Store, transaction

log = logging.getLogger(__name__)

FLUSH_CHANGES = 100
FLUSH_SECONDS = 0.5

Change = Callable[[Store], None]
OnFailure = Callable[[str], None]


@dataclass
class _Queued:
    change: Change
    on_failure: OnFailure


class StoreWriter:
    """Queued changes to one store, applied in order by :meth:`flush`."""

    def __init__(self, database: str | Path, files: str | Path) -> None:
        self.store = Store(database, files)
        # WAL + NORMAL stays consistent on a crash and skips an fsync per commit; the
        # originals are made durable by the flush itself, before the commit.
        self.store.db.execute("PRAGMA synchronous=NORMAL")
        self.users = 0
        self._queue: list[_Queued] = []
        self._timer: LoopingCall | None = None

    def stage(self, data: bytes) -> str:
        """Writes an original to be made durable by the next flush; returns its sha256."""
        return self.store.files.stage_bytes(data)

    def submit(self, change: Change, on_failure: OnFailure) -> None:
        """Queues ``change``; ``on_failure`` gets the reason if it raises when applied."""
        self._queue.append(_Queued(change, on_failure))
        if len(self._queue) >= FLUSH_CHANGES:
            self.flush()

    def flush(self) -> int:
        """Applies every queued change; returns how many applied without error."""
        queued, self._queue = self._queue, []
        if not queued and not self.store.files.staged:
            return 0
        try:
            self.store.files.commit_staged()
        except StoreError as exc:
            # Their rows must not be written: a row would name a file a crash could lose.
            for item in queued:
                item.on_failure(str(exc))
            return 0
        applied = 0
        db = self.store.db
        try:
            with transaction(db):
                for item in queued:
                    try:
                        with transaction(db):  # a savepoint: this change alone, or nothing
                            item.change(self.store)
                        applied += 1
                    except Exception as exc:
                        log.exception("store write failed")
                        item.on_failure(f"store write failed: {exc}")
        except Exception as exc:
            log.exception("store commit failed")
            for item in queued:
                item.on_failure(f"store write failed: {exc}")
            return 0
        return applied

    def close(self) -> None:
        self.flush()
        self.store.close()


_writers: dict[tuple[str, str], StoreWriter] = {}


def acquire(database: str | Path, files: str | Path) -> StoreWriter:
    """The process's writer for this store, shared by every source crawling into it
    (the reactor runs them all on one thread); :func:`release` when done."""
    key = (str(database), str(files))
    writer = _writers.get(key)
    if writer is None:
        writer = _writers[key] = StoreWriter(database, files)
        _start_timer(writer)
    writer.users += 1
    return writer


def release(writer: StoreWriter) -> None:
    """Flushes; the last user closes the connection."""
    writer.users -= 1
    if writer.users > 0:
        writer.flush()
        return
    _stop_timer(writer)
    for key, known in list(_writers.items()):
        if known is writer:
            del _writers[key]
    writer.close()


def _start_timer(writer: StoreWriter) -> None:
    """Flushes every FLUSH_SECONDS while the reactor runs (none in plain use)."""
    if "twisted.internet.reactor" not in sys.modules:  # not in a crawl: never install one
        return
    from twisted.internet import reactor

    if not reactor.running:
        return
    loop = LoopingCall(writer.flush)
    loop.start(FLUSH_SECONDS, now=False)
    writer._timer = loop


def _stop_timer(writer: StoreWriter) -> None:
    loop = writer._timer
    writer._timer = None
    if loop is not None:
        loop.stop()
