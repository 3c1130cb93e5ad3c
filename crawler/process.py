"""The child process that runs Scrapy: ``python -m crawler.process``, a fresh Twisted
reactor on every crawl.

``crawler.runner`` writes the payload (config, sources, store paths, run id) as JSON to
stdin; every selected source gets its own Crawler (its own settings, politeness and
stats) in one reactor, so sources crawl side by side. Progress and the final
per-source stats go back as JSON lines on stdout; the store is written here directly
(SQLite in WAL mode). Scrapy's own log goes to stderr.
"""

from __future__ import annotations

import gc
import json
import logging
import sqlite3
import sys
from collections.abc import Callable
from typing import Any

from fiscalwatch.config import config_from_dict

Emit = Callable[[str, dict[str, Any] | None], None]

# Every source opens its own store connections, and each keeps SQLite's default page
# cache (about 2 MB) once it has read and written enough: a hundred sources held
# 200 MB of cache alone. A process-wide soft limit makes SQLite recycle cache pages
# instead (reads then come from the OS page cache).
SQLITE_HEAP_LIMIT = 64 * 1024 * 1024


def limit_sqlite_memory(limit: int = SQLITE_HEAP_LIMIT) -> None:
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute(f"PRAGMA soft_heap_limit={int(limit)}")
    finally:
        connection.close()


# A wave's heap is mostly long-lived (Scrapy, a hundred crawlers, their settings), and
# every response makes thousands of short-lived containers (Deferreds, tasks, headers):
# at Python's default thresholds (700, 10, 10) the collector rescanned that heap about
# 1,500 times a wave of 2,500 documents, 3.1 of its ~18 CPU seconds. Collected seven
# times less often, the cycles Twisted leaves (failures, deferreds) still go within
# about 100,000 allocations — a fraction of a second — so memory stays bounded.
GC_THRESHOLDS = (5000, 20, 10)


def collect_less_often() -> None:
    gc.set_threshold(*GC_THRESHOLDS)


def run(payload: dict[str, Any], emit: Emit) -> None:
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    from fiscalwatch.crawler.extensions import CrawlStatsRecorder, SourceStats
    from fiscalwatch.crawler.settings import source_settings
    from fiscalwatch.crawler.spiders.disclosure import DisclosureSpider

    limit_sqlite_memory()
    collect_less_often()
    config = config_from_dict(payload["config"], "crawl process config")
    chosen = [s for s in config.sources if s.name in payload["sources"]]
    process = CrawlerProcess(
        {"LOG_LEVEL": "ERROR", "TELNETCONSOLE_ENABLED": False}, install_root_handler=True
    )
    logging.getLogger("scrapy").setLevel(logging.ERROR)

    def report(stats: SourceStats, final: bool) -> None:
        emit("result" if final else "progress", stats.to_dict())

    wiring: list[Callable[..., None]] = []  # signal receivers are weak references: keep them
    for source in chosen:
        settings = source_settings(
            config,
            source,
            database=payload["database"],
            files=payload["files"],
            run_id=payload["run_id"],
        )
        spider_class = type(
            "DisclosureSpider_" + "".join(c if c.isalnum() else "_" for c in source.name),
            (DisclosureSpider,),
            {"custom_settings": settings},
        )
        crawler = process.create_crawler(spider_class)

        def wire(crawler: Any = crawler) -> None:
            recorder = crawler.get_extension(CrawlStatsRecorder)
            if recorder is not None:
                recorder.progress = report

        wiring.append(wire)
        crawler.signals.connect(wire, signal=signals.engine_started)
        process.crawl(crawler)
    process.start()
    emit("done", None)


def main() -> None:
    payload = json.loads(sys.stdin.read())
    out = sys.stdout

    def emit(kind: str, data: dict[str, Any] | None) -> None:
        out.write(json.dumps({"kind": kind, "data": data}, ensure_ascii=False) + "\n")
        out.flush()

    run(payload, emit)


if __name__ == "__main__":
    main()
