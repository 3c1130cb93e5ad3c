"""The report at national size, side by side for two versions of fiscalwatch on one store:
build time, peak RSS (of the build and of its report workers), pages, largest page.

    nice -n 10 .venv/bin/python bench/national_report.py --store DIR [--size 50000]
        [--tree before=/path/to/an/older/checkout] [--tree after=.]
    nice -n 10 .venv/bin/python bench/national_report.py --database FILE [--config JSON]
        [--tree ...]

With ``--database``, an existing store (its originals in ``files/`` beside it: a
``bench/national.py --keep`` folder's ``fw.db``, with that run's ``config.json``) is
measured as it is.

The store is bench/check.py's (synthetic final accounts with figures, sections, tables and
page text): built through the Store API up to 5,000 documents, checked once (so it has
findings), then grown past that by copying whole regions in SQL (without findings: the
checks of a 50,000-document store take most of an hour here). It is kept in DIR and
reused. Each build runs in its own process with the tree's own code, so each peak RSS
is its own. Every tree is measured by this checkout's ``report_probe``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHECKED_UP_TO = 5000


def build_store(folder: Path, size: int) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    from check import AS_OF, grow, replicate

    from fiscalwatch.config import config_from_dict
    from fiscalwatch.monitor.runner import run_checks
    from fiscalwatch.store import Store

    database = folder / "bench.db"
    store = Store(database, folder / "files")
    try:
        if store.counts()["documents"] < min(size, CHECKED_UP_TO):
            grow(store, min(size, CHECKED_UP_TO))
            run_checks(store.db, config_from_dict({}), AS_OF, full=True)
        have = store.counts()["documents"]
        if have < size:
            store.db.execute("PRAGMA synchronous=OFF")  # building only
            replicate(store, size - have)
        counts = store.counts()
        findings = store.db.execute("SELECT count(*) FROM findings").fetchone()[0]
    finally:
        store.close()
    return {
        "documents": counts["documents"],
        "findings": findings,
        "db_mb": round(database.stat().st_size / 1e6),
    }


def measure_here(database: Path, out: Path, config_path: Path | None) -> dict[str, Any]:
    """Runs in a child whose ``fiscalwatch`` is the tree's (``PYTHONPATH``)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from report_probe import build_and_measure

    from fiscalwatch.config import config_from_dict
    from fiscalwatch.store import Store

    settings = json.loads(config_path.read_text(encoding="utf-8")) if config_path else {}
    settings.pop("report", None)  # each tree writes its own folder
    store = Store(database, database.parent / "files")
    try:
        return dict(build_and_measure(store.db, config_from_dict(settings), out, store.files))
    finally:
        store.close()


def measure(label: str, tree: Path, database: Path, config: Path | None) -> dict[str, Any]:
    out = database.parent / f"report-{label}"
    # Started outside any checkout, so the tree's fiscalwatch is the one imported.
    command = [sys.executable, str(Path(__file__).resolve()), "--measure", str(database)]
    command += ["--out", str(out)] + (["--config", str(config)] if config else [])
    child = subprocess.run(
        command,
        check=True,
        capture_output=True,
        text=True,
        cwd="/",
        env={**os.environ, "PYTHONPATH": str(tree)},
    )
    return dict(json.loads(child.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--store", type=Path, help="folder of a bench/check.py store")
    parser.add_argument("--size", type=int, default=50_000)
    parser.add_argument(
        "--tree", action="append", default=[], help="LABEL=PATH of a checkout (repeatable)"
    )
    parser.add_argument("--database", type=Path, help="an existing store's database file")
    parser.add_argument("--config", type=Path, help="with --database: its run's config.json")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure_here(args.measure, args.out, args.config)))
        return
    if args.database is not None:
        database = args.database.resolve()
    elif args.store is not None:
        args.store.mkdir(parents=True, exist_ok=True)
        store = build_store(args.store, args.size)
        print(f"store: {json.dumps(store)}", flush=True)
        database = args.store.resolve() / "bench.db"
    else:
        parser.error("--store or --database is required")
    trees = [t.split("=", 1) for t in args.tree] or [["this", str(ROOT)]]
    for label, path in trees:
        result = measure(label, Path(path).resolve(), database, args.config)
        print(
            f"{label}: {result['seconds']}s, {result['pages']} pages, largest"
            f" {result['largest_page']} {result['largest_kb']} KB, peak RSS"
            f" {result['peak_rss_mb']:.0f} MB, its workers'"
            f" {result.get('workers_peak_rss_mb') or 0:.0f} MB each (after the overview"
            f" {result.get('rss_after_overview_mb', 0):.0f} MB); load average"
            f" {result.get('load_average', '?')}",
            flush=True,
        )
        print("json: " + json.dumps({"tree": label, **result}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
