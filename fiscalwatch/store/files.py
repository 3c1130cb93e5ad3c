"""Content-addressed store of original bytes: ``<root>/ab/cd/<sha256>``.

Writes are atomic and durable (temporary file in the same folder, fsync, rename, fsync
of the folder so the rename itself survives a power cut), so a crash never leaves a
half-written original under its final name; the same bytes are stored once. A crash
can leave a ``.tmp-*`` file behind: :meth:`FileStore.remove_temporaries` clears them
when no writer can be running (under the cycle lock).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
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

    def relative_path(self, sha256: str) -> str:
        return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"

    def path(self, sha256: str) -> Path:
        return self.root / self.relative_path(sha256)

    def has(self, sha256: str) -> bool:
        return self.path(sha256).exists()

    def put_bytes(self, data: bytes) -> str:
        """Stores ``data`` and returns its sha256."""
        sha256 = sha256_bytes(data)
        if not self.has(sha256):
            self._write_atomically(self.path(sha256), data)
        return sha256

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


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
