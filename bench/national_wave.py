"""One national crawl wave, measured (and profiled) on its own: ``--sources`` simulated
portals of ``bench/national.py`` (25 department-years each, mostly HTML disclosures)
crawled by ``python -m fiscalwatch.crawler.process`` into a fresh store, as
``crawl_sources`` runs it. Prints documents a second, the wave's start-up (first byte
asked) and, with ``--profile FILE``, writes a cProfile of the crawl process.

    nice -n 10 .venv/bin/python bench/national_wave.py [--sources 100] [--profile out.prof]

With ``--baseline DIR`` the same wave is crawled by another checkout's interpreter
(``DIR/.venv/bin/python``) against the same portals, side by side, for a before/after;
``--keep DIR`` keeps each crawl's store (``DIR/before``, ``DIR/now``) for
``bench/compare_stores.py``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from national import config_dict, serve  # noqa: E402

from fiscalwatch.config import config_from_dict  # noqa: E402
from fiscalwatch.store import Store  # noqa: E402

PROFILED_CHILD = """
import cProfile, sys
from fiscalwatch.crawler import process
cProfile.run("process.main()", sys.argv[1])
"""


def crawl_once(
    python: str, cwd: Path, folder: Path, portals: list[Any], profile: Path | None
) -> dict[str, Any]:
    config = config_from_dict(config_dict(folder, portals, {}))
    payload = {
        "config": config.model_dump(mode="json"),
        "sources": [s.name for s in config.sources],
        "database": str(folder / "fw.db"),
        "files": str(folder / "files"),
        "run_id": None,
    }
    Store(folder / "fw.db", folder / "files").close()  # the tables, as crawl_sources makes them
    command = (
        [python, "-c", PROFILED_CHILD, str(profile)]
        if profile
        else [python, "-m", "fiscalwatch.crawler.process"]
    )
    started = time.monotonic()
    before = os.times()
    child = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(json.dumps(payload).encode())
    child.stdin.close()
    results = []
    first_message: float | None = None
    for line in child.stdout:
        if line.strip():
            first_message = first_message or time.monotonic() - started
            results.append(json.loads(line))
    stderr = child.stderr.read() if child.stderr else b""
    # wait4: this child's own peak RSS (the crawl wave's memory), not the largest so far.
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(stderr.decode(errors="replace")[-2000:])
    seconds = time.monotonic() - started
    after = os.times()
    stats = [r["data"] for r in results if r["kind"] == "result"]
    documents = sum(s["documents"] for s in stats)
    requests = sum(s["requests"] for s in stats)
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return {
        "seconds": round(seconds, 2),
        "cpu_s": round(cpu, 2),
        "documents": documents,
        "requests": requests,
        "documents_per_s": round(documents / seconds, 1),
        "cpu_ms_per_document": round(1000 * cpu / max(documents, 1), 2),
        "first_progress_s": round(first_message or 0, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "source_seconds_median": sorted(s["duration"] for s in stats)[len(stats) // 2],
        "source_seconds_max": max(s["duration"] for s in stats),
        "not_ok": [s["source"] for s in stats if s["status"] != "ok"],
    }


def server_cpu(pid: int | None) -> float:
    """CPU seconds the portals' process has used (they share the cores with the crawl)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sources", type=int, default=100)
    parser.add_argument("--per-source", type=int, default=25, help="department-years a portal")
    parser.add_argument("--pdf-every", type=int, default=50)
    parser.add_argument("--profile", type=Path)
    parser.add_argument("--baseline", type=Path, help="another checkout, crawled side by side")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--keep",
        type=Path,
        help="keep each crawl's store (database and originals) in KEEP/<label>, to compare",
    )
    args = parser.parse_args()
    size = args.sources * args.per_source
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.Process(target=serve, args=(size, args.sources, args.pdf_every, child))
    server.start()
    portals = parent.recv()
    print(f"{len(portals)} portals, {size} department-years; load {os.getloadavg()}", flush=True)
    runs = [("now", sys.executable, ROOT)]
    if args.baseline:
        runs.insert(0, ("before", str(args.baseline / ".venv/bin/python"), args.baseline))
    try:
        for turn in range(args.repeat):
            for label, python, cwd in runs:
                with tempfile.TemporaryDirectory() as scratch:
                    folder = Path(scratch)
                    if args.keep and turn == 0:
                        folder = args.keep / label
                        folder.mkdir(parents=True)
                    profile = args.profile if turn == 0 and label == "now" else None
                    served = server_cpu(server.pid)
                    result = crawl_once(python, cwd, folder, portals, profile)
                    result["portals_cpu_s"] = round(server_cpu(server.pid) - served, 2)
                print(f"{label}: " + json.dumps(result), flush=True)
    finally:
        parent.send("stop")
        server.join(timeout=60)
    print(f"load {os.getloadavg()}")


if __name__ == "__main__":
    main()
