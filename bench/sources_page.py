"""The sources page at 500 to 5,000 portals, as one page and split per region, side by
side in one run: the largest page, the pages written, the time to build.

    nice -n 10 .venv/bin/python bench/sources_page.py [--sizes 500,2000,5000]

Each size is a store of its own with the crawl history the page reads: ``HISTORY``
cycles a source (one source in ten failing for its last three), ``SKIPPED`` titles the
last cycle skipped, the sources spread over 31 provinces. "one page" is the sources page
as it was (``SOURCES_ON_ONE_PAGE`` out of reach), "split" as it is now.
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from fiscalwatch.config import config_from_dict
from fiscalwatch.report import build_report, sources
from fiscalwatch.store import Store

HISTORY = 20
SKIPPED = 3
PROVINCES = 31


def fill(store: Store, count: int) -> list[dict[str, Any]]:
    """Crawl history of ``count`` sources; returns their config entries."""
    start = datetime(2025, 6, 1, tzinfo=UTC)
    configured, stats, decisions = [], [], []
    for n in range(count):
        name = f"portal-{n:05d}"
        region = f"第{n % PROVINCES + 1}省第{n // PROVINCES % 40 + 1}市"
        configured.append(
            {"name": name, "region": region, "start_urls": [f"http://127.0.0.1/{name}/"]}
        )
        for cycle in range(HISTORY):
            started = (start + timedelta(days=cycle)).isoformat()
            failed = n % 10 == 0 and cycle >= HISTORY - 3
            stats.append(
                {
                    "source": name,
                    "started_at": started,
                    "finished_at": started,
                    "status": "unreachable" if failed else "ok",
                    "items": 0 if failed else 40 + (n + cycle) % 7,
                    "documents": 0 if failed else 40,
                    "start_urls_ok": 0 if failed else 1,
                    "last_error": "connection refused" if failed else None,
                }
            )
        last = (start + timedelta(days=HISTORY - 1)).isoformat()
        decisions += [
            {
                "source": name,
                "cycle": last,
                "entry_url": f"http://127.0.0.1/{name}/notice/{k}.html",
                "title": f"关于召开{region}预决算公开工作会议的通知（{k}）",
                "decision": "noise",
                "reason": "meeting",
            }
            for k in range(SKIPPED)
        ]
    store.db.table("crawl_stats").insert_all(stats, batch_size=5000)
    store.db.table("crawl_decisions").insert_all(decisions, batch_size=5000)
    return configured


def measure(folder: Path, count: int, split: bool) -> dict[str, Any]:
    store = Store(folder / "fw.db", folder / "files")
    config = config_from_dict({"sources": fill(store, count)})
    out = folder / ("split" if split else "one")
    started = time.perf_counter()
    build_report(store.db, config, out, files=store.files)
    seconds = time.perf_counter() - started
    store.close()
    pages = [out / "sources.html", *(out / "sources").glob("*.html")]
    largest = max(pages, key=lambda p: p.stat().st_size)
    return {
        "pages": len(pages),
        "largest": str(largest.relative_to(out)),
        "largest_kb": largest.stat().st_size / 1024,
        "seconds": seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="500,2000,5000")
    args = parser.parse_args()
    print(f"{'sources':>7} | {'layout':<8} {'pages':>5} {'largest KB':>10} {'build s':>8}  largest")
    threshold = sources.SOURCES_ON_ONE_PAGE
    for count in (int(size) for size in args.sizes.split(",")):
        for split in (False, True):
            sources.SOURCES_ON_ONE_PAGE = threshold if split else 10**9
            with TemporaryDirectory() as folder:
                result = measure(Path(folder), count, split)
            print(
                f"{count:>7} | {'split' if split else 'one page':<8} {result['pages']:>5}"
                f" {result['largest_kb']:>10.0f} {result['seconds']:>8.1f}  {result['largest']}",
                flush=True,
            )
    sources.SOURCES_ON_ONE_PAGE = threshold


if __name__ == "__main__":
    main()
