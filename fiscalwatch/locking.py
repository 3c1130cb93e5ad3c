"""Advisory file locks beside the store, so two processes never run a cycle on one store
at once (and two daemons never watch one store). ``flock`` locks die with the process,
so a crashed daemon never leaves a stale lock behind."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from fiscalwatch.errors import AlreadyRunning


@contextmanager
def exclusive_lock(path: Path, what: str) -> Iterator[None]:
    """Holds an exclusive lock on ``path`` or raises :class:`AlreadyRunning` at once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "another process"
            raise AlreadyRunning(
                f"{what} is already running on this store (pid {holder}; lock {path})"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)


def cycle_lock(database: Path) -> AbstractContextManager[None]:
    return exclusive_lock(database.with_name(database.name + ".cycle.lock"), "a cycle")


def daemon_lock(database: Path) -> AbstractContextManager[None]:
    return exclusive_lock(database.with_name(database.name + ".daemon.lock"), "a daemon")
