"""Builds the report and tells apart what its parts cost: the peak RSS of this process
(the model, the pages) and of each of its report workers (region workbooks and the
exports, written in worker processes for a large report), the peak RSS this process
reached once the overview was read, and the load average around the build.
Shared by bench/check.py, bench/national.py and bench/national_report.py."""

from __future__ import annotations

import os
import resource
import time
from pathlib import Path
from typing import Any

import sqlite_utils

from fiscalwatch.config import Config
from fiscalwatch.report import builder
from fiscalwatch.store.files import FileStore
from fiscalwatch.store.readers import StoreReaders


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak RSS of this process, or (``RUSAGE_CHILDREN``) of its largest finished child."""
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


def _cpu_s(who: int = resource.RUSAGE_SELF) -> float:
    """CPU seconds (user and system) of this process, or of its finished children: on a
    shared machine, what the build cost whatever its neighbours did."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _skip_figure_exports(db: sqlite_utils.Database, out_dir: Path, generated: str) -> int:
    """In place of the figure exports, to measure the pages alone (module level: a
    report worker imports it by name)."""
    return 0


def _high_water_mb(pid: int) -> float | None:
    """A live process's peak RSS (VmHWM), in MB. Not ``RUSAGE_CHILDREN``: a spawned worker
    is forked before it executes Python afresh, and the kernel counts the forked copy of
    this process's memory as the worker's peak."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


def build_and_measure(
    db: sqlite_utils.Database,
    config: Config,
    out: Path,
    files: FileStore | None,
    exports: bool = True,
) -> dict[str, Any]:
    """``exports=False`` leaves the figure exports out, to measure the pages alone."""
    spent: dict[str, Any] = {}
    load_overview = builder.load_overview
    figure_exports = builder.write_figure_exports_into
    finish = StoreReaders.finish
    workers_mb: list[float] = []

    def overview_measured(*args: Any, **kwargs: Any) -> Any:
        overview = load_overview(*args, **kwargs)
        spent["rss_after_overview_mb"] = _peak_mb()
        return overview

    def finish_measured(readers: StoreReaders) -> None:
        finish(readers)
        # The workers are alive until the build leaves its ``with``: their peak is final.
        pool = readers.pool
        for pid in list(getattr(pool, "_processes", None) or {}):
            peak = _high_water_mb(pid)
            if peak is not None:
                workers_mb.append(peak)

    builder.load_overview = overview_measured
    StoreReaders.finish = finish_measured  # type: ignore[method-assign,assignment]
    if not exports:
        builder.write_figure_exports_into = _skip_figure_exports
    load_before = os.getloadavg()[0]
    cpu_before = _cpu_s(), _cpu_s(resource.RUSAGE_CHILDREN)
    try:
        started = time.monotonic()
        builder.build_report(db, config, out, files=files)
        seconds = time.monotonic() - started
    finally:
        builder.load_overview = load_overview
        builder.write_figure_exports_into = figure_exports
        StoreReaders.finish = finish  # type: ignore[method-assign]
    # The report's own pages; copies of crawled HTML originals under files/ are not pages.
    pages = [p for p in out.rglob("*.html") if p.relative_to(out).parts[0] != "files"]
    largest = max(pages, key=lambda p: p.stat().st_size)
    workbooks = list((out / "downloads").glob("*.xlsx"))
    return {
        "seconds": round(seconds, 1),
        "pages": len(pages),
        "largest_page": str(largest.relative_to(out)),
        "largest_kb": round(largest.stat().st_size / 1024),
        "html_mb": round(sum(p.stat().st_size for p in pages) / 1e6, 1),
        "workbooks": len(workbooks),
        "workbooks_mb": round(sum(p.stat().st_size for p in workbooks) / 1e6, 1),
        "cpu_s": round(_cpu_s() - cpu_before[0], 1),
        "workers_cpu_s": round(_cpu_s(resource.RUSAGE_CHILDREN) - cpu_before[1], 1),
        "peak_rss_mb": _peak_mb(),
        # Each worker's own peak; their sum is what the workers held at most together.
        "workers_peak_rss_mb": max(workers_mb, default=None),
        "workers_total_peak_rss_mb": round(sum(workers_mb), 1) if workers_mb else None,
        "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        **spent,
    }
