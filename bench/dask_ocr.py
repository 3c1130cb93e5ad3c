"""Dask executor on OCR pages: the same scanned documents parsed by a Dask cluster of
1 worker and of 2 workers (``distributed.LocalCluster`` on loopback, one process and
one thread per worker), side by side in one run.

    .venv/bin/python bench/dask_ocr.py [--documents N] [--workers 1,2] [SCAN.pdf]

Default: ``fixtures/documents/scan_seed_000.pdf`` (2 scanned pages) ``--documents 8``
times. Each cluster first parses one document per worker (its OCR engine loads then,
once per worker process), then the timed batch. Prints seconds, OCR pages a second,
the speed-up over one worker, and the load average (the machine is shared: the ratio
is what to read, and it is only meaningful when the load is below the core count).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fiscalwatch.parsing.executors import Limits  # noqa: E402
from fiscalwatch.parsing.executors.dask_cluster import DaskExecutor  # noqa: E402
from fiscalwatch.parsing.jobs import ParseJob  # noqa: E402

DEFAULT_SCAN = ROOT / "fixtures" / "documents" / "scan_seed_000.pdf"


def jobs_for(scan: Path, count: int, first_id: int) -> list[ParseJob]:
    data = scan.read_bytes()
    return [
        ParseJob(first_id + i, f"scan{first_id + i}.pdf", {"filename": scan.name}, data)
        for i in range(count)
    ]


def run_cluster(workers: int, scan: Path, documents: int) -> tuple[float, int]:
    """(seconds, OCR pages) of the timed batch on a cluster of ``workers``."""
    from distributed import LocalCluster

    with (
        tempfile.TemporaryDirectory(prefix="fw-dask-") as scratch,
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            protocol="tcp",
            host="127.0.0.1",
            dashboard_address=None,
            local_directory=scratch,
        ) as cluster,
        DaskExecutor(cluster.scheduler_address, Limits()) as executor,
    ):
        for outcome in executor.run(jobs_for(scan, workers, 1_000_000)):  # engines load
            if outcome.parsed is None:
                raise SystemExit(f"warm-up failed: {outcome.error}")
        started = time.perf_counter()
        pages = 0
        for outcome in executor.run(jobs_for(scan, documents, 1)):
            if outcome.parsed is None:
                raise SystemExit(f"document {outcome.document_id} failed: {outcome.error}")
            pages += outcome.parsed.ocr_pages
        return time.perf_counter() - started, pages


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scan", nargs="?", type=Path, default=DEFAULT_SCAN)
    parser.add_argument("--documents", type=int, default=8)
    parser.add_argument("--workers", default="1,2", help="cluster sizes, comma-separated")
    args = parser.parse_args(argv)
    sizes = [int(n) for n in args.workers.split(",")]
    print(f"{args.documents} x {args.scan.name}, {os.cpu_count()} cores; load average {load()}")
    results: dict[int, float] = {}
    for workers in sizes:
        seconds, pages = run_cluster(workers, args.scan, args.documents)
        results[workers] = seconds
        speedup = results[sizes[0]] / seconds
        print(
            f"  {workers} worker(s): {seconds:7.2f} s  {pages} OCR pages"
            f"  {pages / seconds:5.2f} pages/s  {speedup:4.2f}x   load average {load()}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
