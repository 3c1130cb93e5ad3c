"""Content-addressed store of original bytes: ``<root>/ab/cd/<sha256>``.

Writes are atomic and durable (temporary file in the same folder, fsync, rename, fsync
of the folder so the rename itself survives a power cut), so a crash never leaves a
half-written original under its final name; the same bytes are stored once. A crash
can leave a ``.tmp-*`` file behind: :meth:`FileStore.remove_temporaries` clears them
when no writer can be running (under the cycle lock).

A writer storing many originals at once (the crawl) *stages* them instead
(:meth:`FileStore.stage_bytes`): each is written under a temporary name without waiting
for the disk, and :meth:`FileStore.commit_staged` makes the whole group durable with one
flush of the file system, renames them to their final names and flushes again. The
caller commits the rows that name them only after that, so a row never points to an
original a crash could lose, and a crash never leaves a partial file under its final
name; one flush per group instead of three fsyncs per file is what lets a national
crawl store a hundred documents a second.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from fiscalwatch.errors import StoreError

CHUNK = 1 << 20
TMP_PREFIX = ".tmp-"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._staged: dict[str, Path] = {}  # sha256 -> its temporary file, not yet durable

    def relative_path(self, sha256: str) -> str:
        return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"

    def path(self, sha256: str) -> Path:
        return self.root / self.relative_path(sha256)

    def has(self, sha256: str) -> bool:
        return sha256 in self._staged or self.path(sha256).exists()

    def put_bytes(self, data: bytes) -> str:
        """Stores ``data`` and returns its sha256."""
        sha256 = sha256_bytes(data)
        if not self.has(sha256):
            self._write_atomically(self.path(sha256), data)
        return sha256

    def stage_bytes(self, data: bytes) -> str:
        """Writes ``data`` under a temporary name and returns its sha256; it becomes an
        original (durable, under its final name) at the next :meth:`commit_staged`."""
        sha256 = sha256_bytes(data)
        if self.has(sha256):
            return sha256
        target = self.path(sha256)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=TMP_PREFIX)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise StoreError(f"file store: cannot write {target}: {exc}") from exc
        self._staged[sha256] = Path(tmp)
        return sha256

    @property
    def staged(self) -> int:
        return len(self._staged)

    def commit_staged(self) -> int:
        """Makes every staged file durable under its final name (their data flushed
        before the renames, the renames flushed after); returns how many."""
        staged, self._staged = self._staged, {}
        if not staged:
            return 0
        try:
            _flush(self.root, list(staged.values()))
            folders: set[Path] = set()
            for sha256, tmp in staged.items():
                target = self.path(sha256)
                os.replace(tmp, target)
                folders.update((target.parent, target.parent.parent))
            _flush(self.root, [*folders, self.root])
        except OSError as exc:
            for tmp in staged.values():
                tmp.unlink(missing_ok=True)
            raise StoreError(f"file store: cannot make {len(staged)} files durable: {exc}") from exc
        return len(staged)

    def discard_staged(self) -> None:
        """Forgets the staged files (their rows were not written)."""
        staged, self._staged = self._staged, {}
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)

    def put_file(self, source: Path) -> str:
        """Stores a copy of the file at ``source`` and returns its sha256."""
        return self.put_bytes(Path(source).read_bytes())

    def read(self, sha256: str) -> bytes:
        try:
            return self.path(sha256).read_bytes()
        except FileNotFoundError:
            raise StoreError(f"file store: {sha256} is missing under {self.root}") from None

    def remove_temporaries(self) -> int:
        """Removes what interrupted writes left behind; returns how many. Only safe while
        nothing writes originals (under the cycle lock, which every writer takes)."""
        removed = 0
        for leftover in self.root.glob(f"*/*/{TMP_PREFIX}*"):
            try:
                leftover.unlink()
                removed += 1
            except FileNotFoundError:
                continue
        return removed

    def _write_atomically(self, target: Path, data: bytes) -> None:
        try:
            created = [p for p in (target.parent.parent, target.parent) if not p.exists()]
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=TMP_PREFIX)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            # The rename is durable once its folder is; new folders need their parents'.
            for folder in [target.parent, *(p.parent for p in created)]:
                _fsync_dir(folder)
        except OSError as exc:
            raise StoreError(f"file store: cannot write {target}: {exc}") from exc


@functools.cache
def _syncfs() -> Callable[[int], int] | None:
    """Linux's ``syncfs``: flushes one file system (data, inodes, directory entries) in
    one call, waiting for the disk. Elsewhere: None, and each path is fsynced. Looked up
    on first use: finding libc runs ``ldconfig``, which commands that only read skip."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        function = libc.syncfs
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int]
    function.restype = ctypes.c_int
    return function


def _flush(root: Path, paths: list[Path]) -> None:
    """Waits until ``paths`` (files or folders, all under ``root``) are on disk."""
    syncfs = _syncfs()
    if syncfs is not None:
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
        try:
            if syncfs(fd) != 0:
                import ctypes

                errno = ctypes.get_errno()
                raise OSError(errno, os.strerror(errno))
        finally:
            os.close(fd)
        return
    for path in paths:
        if path.is_dir():
            _fsync_dir(path)
        else:
            with path.open("rb+") as handle:
                os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
