"""Builds the report and tells apart what the pages cost and what the data exports cost
(figures.csv/json of every figure): the time spent in ``write_exports`` and the peak RSS
reached before it began. Shared by bench/check.py and bench/national.py."""

from __future__ import annotations

import resource
import time
from pathlib import Path
from typing import Any

import sqlite_utils

from fiscalwatch.config import Config
from fiscalwatch.report import builder
from fiscalwatch.store.files import FileStore


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def build_and_measure(
    db: sqlite_utils.Database,
    config: Config,
    out: Path,
    files: FileStore | None,
    exports: bool = True,
) -> dict[str, Any]:
    """``exports=False`` leaves the data exports out (they hold every figure in memory:
    several GB past 50,000 documents), to measure the pages alone."""
    spent: dict[str, Any] = {}
    original = builder.write_exports

    def timed(*args: Any, **kwargs: Any) -> list[str]:
        spent["rss_before_exports_mb"] = _peak_mb()
        if not exports:
            spent["exports_s"] = "skipped"
            return []
        started = time.monotonic()
        try:
            return original(*args, **kwargs)
        finally:
            spent["exports_s"] = round(time.monotonic() - started, 1)

    builder.write_exports = timed
    try:
        started = time.monotonic()
        builder.build_report(db, config, out, files=files)
        seconds = time.monotonic() - started
    finally:
        builder.write_exports = original
    # The report's own pages; copies of crawled HTML originals under files/ are not pages.
    pages = [p for p in out.rglob("*.html") if p.relative_to(out).parts[0] != "files"]
    largest = max(pages, key=lambda p: p.stat().st_size)
    return {
        "seconds": round(seconds, 1),
        "pages": len(pages),
        "largest_page": str(largest.relative_to(out)),
        "largest_kb": round(largest.stat().st_size / 1024),
        "html_mb": round(sum(p.stat().st_size for p in pages) / 1e6, 1),
        "peak_rss_mb": _peak_mb(),
        **spent,
    }
