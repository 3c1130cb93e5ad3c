"""What a report build wrote, so that the next build into the same folder removes only
its own leftovers (a department gone, an original no longer copied) and never a file
someone else put there. The list lives in the folder as ``.fiscalwatch-report.json``.

A build refuses a folder that is not empty and holds no such list: it did not make it,
so it cannot tell its own files from anyone else's.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from fiscalwatch.errors import FiscalwatchError

MANIFEST = ".fiscalwatch-report.json"


class ReportError(FiscalwatchError):
    """The report cannot be written (output folder unusable)."""

    exit_code = 2


class Manifest:
    def __init__(self, out_dir: Path, previous: set[str]) -> None:
        self.out_dir = out_dir
        self.previous = previous

    @classmethod
    def claim(cls, out_dir: Path) -> Manifest:
        """The folder's manifest, or a new one for a missing or empty folder."""
        path = out_dir / MANIFEST
        if path.is_file():
            try:
                files = json.loads(path.read_text(encoding="utf-8"))["files"]
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise ReportError(f"report.out: unreadable {path}: {exc}") from None
            return cls(out_dir, {str(name) for name in files})
        if out_dir.is_dir() and any(out_dir.iterdir()):
            raise ReportError(
                f"report.out: {out_dir} is not empty and was not written by fiscalwatch "
                f"(no {MANIFEST}): choose a new or empty folder"
            )
        return cls(out_dir, set())

    def finish(self, written: Iterable[Path]) -> list[str]:
        """Records ``written`` and removes what the previous build wrote and this one did
        not. Returns the removed names."""
        root = self.out_dir.resolve()
        names = {path.resolve().relative_to(root).as_posix() for path in written}
        removed = []
        for name in sorted(self.previous - names):
            target = (root / name).resolve()
            if not target.is_relative_to(root) or target == root:
                continue  # a hand-edited list must not reach outside the folder
            if target.is_file():
                target.unlink()
                removed.append(name)
        tmp = root / f".{MANIFEST}.tmp"
        tmp.write_text(json.dumps({"files": sorted(names)}, indent=0), encoding="utf-8")
        os.replace(tmp, root / MANIFEST)
        return removed
