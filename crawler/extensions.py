"""Turns a crawl's stats into its ``crawl_stats`` row, and reports progress.

Status: ``ok`` when at least one start URL was read; otherwise ``blocked`` (anti-bot
challenge, 403, robots.txt), ``unreachable`` (connection refused, DNS, timeouts) or
``failed`` (anything else, including a crawl stopped by ``crawl.max_duration``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from fiscalwatch import clock
from fiscalwatch.crawler import writer as writer_module
from fiscalwatch.crawler.writer import StoreWriter
from fiscalwatch.store import Store

COUNTERS = (
    "pages",
    "items",
    "documents",
    "new",
    "changed",
    "unchanged",
    "removed",
    "failed",
    "errors",
    "soft_errors",
    "start_urls_ok",
)


# A source's progress goes to the coordinator at most this often: a wave crawls a
# hundred sources at once, and each report is a JSON line the coordinator reads.
PROGRESS_SECONDS = 1.0


@dataclass
class SourceStats:
    source: str
    status: str = "ok"
    requests: int = 0
    pages: int = 0
    items: int = 0
    documents: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: int = 0
    errors: int = 0
    soft_errors: int = 0
    start_urls_ok: int = 0
    bytes: int = 0
    last_error: str | None = None
    duration: float = 0.0
    listing_complete: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def stats_from(source: str, values: dict[str, Any], duration: float, reason: str) -> SourceStats:
    result = SourceStats(source=source, duration=round(duration, 3))
    for name in COUNTERS:
        setattr(result, name, int(values.get(f"fw/{name}", 0)))
    result.requests = int(values.get("downloader/request_count", 0))
    result.bytes = int(values.get("downloader/response_bytes", 0))
    result.listing_complete = bool(values.get("fw/listing_complete", 0))
    result.last_error = values.get("fw/last_error")
    if reason == "shutdown":
        # Asked to stop (SIGTERM to fiscalwatch): not the source's fault, and its counts
        # are partial, so crawl health leaves such a cycle out.
        result.status = "interrupted"
        result.last_error = "crawl interrupted: fiscalwatch was asked to stop"
        return result
    if result.start_urls_ok == 0:
        if values.get("fw/start_blocked"):
            result.status = "blocked"
        elif values.get("fw/start_unreachable"):
            result.status = "unreachable"
        else:
            result.status = "failed"
        result.last_error = (
            values.get("fw/start_error") or result.last_error or "no start URL answered"
        )
    elif reason != "finished":
        result.status = "failed"
        result.last_error = f"crawl stopped early ({reason})"
    return result


class CrawlStatsRecorder:
    """Writes one ``crawl_stats`` row per source and crawl when the spider closes."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.source = settings["FW_SOURCE_NAME"]
        self.database = settings["FW_DATABASE"]
        self.files = settings["FW_FILES"]
        self.run_id = settings.getint("FW_RUN_ID") or None
        self.result: SourceStats | None = None
        self.progress: Callable[[SourceStats, bool], None] | None = None
        """Called with (stats so far, final) while the crawl runs and once at the end."""
        self._started = time.monotonic()
        self._started_at = clock.now_iso()
        self._last_report = 0.0
        self._writer: StoreWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlStatsRecorder:
        recorder = cls(crawler)
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(recorder.item_scraped, signal=signals.item_scraped)
        return recorder

    def spider_opened(self) -> None:
        self._started = time.monotonic()
        self._started_at = clock.now_iso()
        self._writer = writer_module.acquire(self.database, self.files)

    def snapshot(self, reason: str = "finished") -> SourceStats:
        values = self.crawler.stats.get_stats() if self.crawler.stats else {}
        return stats_from(self.source, values, time.monotonic() - self._started, reason)

    def item_scraped(self) -> None:
        now = time.monotonic()
        if self.progress is not None and now - self._last_report >= PROGRESS_SECONDS:
            self._last_report = now
            self.progress(self.snapshot(), False)

    def spider_closed(self, reason: str) -> None:
        result = self.snapshot(reason)
        self.result = result
        row = {
            **result.to_dict(),
            "run_id": self.run_id,
            "started_at": self._started_at,
            "finished_at": clock.now_iso(),
        }
        row.pop("listing_complete")

        def failed(reason: str) -> None:
            result.last_error = reason  # the row was not written: say why where it is read

        writer = self._writer or writer_module.acquire(self.database, self.files)
        self._writer = None

        def insert(store: Store) -> None:
            store.db.table("crawl_stats").insert(row)

        writer.submit(insert, failed)
        writer_module.release(writer)  # flushed: the row is written before the result is sent
        if self.progress is not None:
            self.progress(result, True)
