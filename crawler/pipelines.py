"""The only writer: stores files through ``Store.record_version`` (grouped by the
process's ``StoreWriter``) and keeps the crawler's own tables (HTTP validators, list
pages, known details, listing membership, errors).

Counts go to the crawl's stats (``fw/…``) from which ``CrawlStatsRecorder`` writes the
``crawl_stats`` row.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

from scrapy.crawler import Crawler

from fiscalwatch import clock
from fiscalwatch.crawler import writer as writer_module
from fiscalwatch.crawler.items import (
    DecisionItem,
    DetailItem,
    ErrorItem,
    FileItem,
    KnownUnchangedItem,
    LimitItem,
    ListPageItem,
    NotModifiedItem,
    RemovedItem,
)
from fiscalwatch.crawler.writer import StoreWriter
from fiscalwatch.parsing.parts import link_parts
from fiscalwatch.store import Store, insert_row, reads, upsert_row


@dataclasses.dataclass(frozen=True)
class StagedFile:
    sha256: str
    size: int


class StorePipeline:
    """Turns a source's items into store changes, queued on the process's
    :class:`~fiscalwatch.crawler.writer.StoreWriter` (applied in order, grouped)."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.database = settings["FW_DATABASE"]
        self.files = settings["FW_FILES"]
        self.run_id: int | None = settings.getint("FW_RUN_ID") or None
        self.source = settings["FW_SOURCE_NAME"]
        self.region = settings["FW_REGION"]
        self.writer: StoreWriter | None = None
        self.removed: set[int] = set()
        self.cycle: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.writer = writer_module.acquire(self.database, self.files)

    def close_spider(self) -> None:
        if self.writer is not None:
            source = self.source
            self._submit(lambda store: forget_old_cycles(store, source))
            writer_module.release(self.writer)
            self.writer = None

    def process_item(self, item: Any) -> Any:
        assert self.writer is not None, "the pipeline is used before open_spider"
        handlers: dict[type, Callable[[Store, Any], None]] = {
            NotModifiedItem: self._not_modified,
            KnownUnchangedItem: self._known_unchanged,
            ListPageItem: self._list_page,
            DetailItem: self._detail,
            RemovedItem: self._removed,
            ErrorItem: self._error,
            DecisionItem: self._decision,
            LimitItem: self._limit,
        }
        if isinstance(item, FileItem):
            # Staged now (the response can go); durable before its row is committed.
            staged = StagedFile(self.writer.stage(item.data), len(item.data))
            item = dataclasses.replace(item, data=b"")
            self._submit(lambda store: self._file(store, item, staged))
            return item
        handler = handlers.get(type(item))
        if handler is not None:
            self._submit(lambda store: handler(store, item))
        return item

    def _submit(self, change: Callable[[Store], None]) -> None:
        assert self.writer is not None
        self.writer.submit(change, self._write_failed)

    def _write_failed(self, reason: str) -> None:
        self._count("errors")
        self.crawler.stats.set_value("fw/last_error", reason)

    # -- documents -------------------------------------------------------------------------

    def _file(self, store: Store, item: FileItem, staged: StagedFile) -> None:
        version = store.record_version(
            url=item.url,
            sha256=staged.sha256,
            size=staged.size,
            source=self.source,
            page_url=item.page_url,
            title=item.title,
            department=item.department,
            region=self.region,
            fiscal_year=item.fiscal_year,
            doc_type=item.doc_type,
            filename=item.filename,
            content_type=item.content_type,
            published_at=item.published_at,
        )
        self._count("documents", version.change)
        self._count("bytes_stored", amount=staged.size)
        if version.previous_id is not None and version.change == "changed":
            # A part replaced in place: its new version takes its place in the disclosure.
            store.db.execute(
                "UPDATE document_parts SET part_id = ?, combined_at = NULL WHERE part_id = ?",
                [version.document_id, version.previous_id],
            )
            store.db.execute(
                "UPDATE document_parts SET document_id = ?, combined_at = NULL"
                " WHERE document_id = ?",
                [version.document_id, version.previous_id],
            )
        self._remember_http(store, item.url, item.etag, item.last_modified, 200)

    def _not_modified(self, store: Store, item: NotModifiedItem) -> None:
        self._count("documents", "unchanged")
        if item.document_id is not None:
            store.db.execute(
                "UPDATE documents SET last_seen_at = ?, removed_at = NULL, removal_reason = NULL"
                " WHERE id = ?",
                [clock.now_iso(), item.document_id],
            )
        self._remember_http(store, item.url, item.etag, item.last_modified, 304)

    def _known_unchanged(self, store: Store, item: KnownUnchangedItem) -> None:
        self._count("documents", "unchanged", amount=len(item.document_ids))

    def _removed(self, store: Store, item: RemovedItem) -> None:
        fresh = [i for i in item.document_ids if i not in self.removed]
        with store.transaction():
            for document_id in fresh:
                store.mark_removed(document_id, item.reason)
            if item.entry_url:
                store.db.execute(
                    "UPDATE crawl_listing SET gone_at = ? WHERE source = ? AND entry_url = ?",
                    [clock.now_iso(), self.source, item.entry_url],
                )
        self.removed.update(fresh)
        self._count("removed", amount=len(fresh))

    # -- the crawler's own tables ------------------------------------------------------------

    def _list_page(self, store: Store, item: ListPageItem) -> None:
        now = clock.now_iso()
        with store.transaction():
            if item.page_json is not None:
                upsert_row(
                    store.db,
                    "crawl_list_pages",
                    {
                        "source": self.source,
                        "url": item.url,
                        "adapter": item.adapter,
                        "page": item.page_json,
                        "fetched_at": now,
                    },
                    ("source", "url"),
                )
            for url, title, fingerprint in item.entries:
                store.db.execute(
                    """INSERT INTO crawl_listing
                       (source, entry_url, title, fingerprint, first_seen, last_seen, last_run_id)
                       VALUES (?, ?, ?, ?, ?, ?, ?)
                       ON CONFLICT (source, entry_url) DO UPDATE SET title = excluded.title,
                       fingerprint = excluded.fingerprint, last_seen = excluded.last_seen,
                       last_run_id = excluded.last_run_id, gone_at = NULL""",
                    [self.source, url, title, fingerprint, now, now, self.run_id],
                )
        if item.page_json is not None:
            self._remember_http(store, item.url, item.etag, item.last_modified, 200)

    def _detail(self, store: Store, item: DetailItem) -> None:
        upsert_row(
            store.db,
            "crawl_details",
            {
                "source": self.source,
                "url": item.url,
                "fingerprint": item.fingerprint,
                "title": item.title,
                "department": item.department,
                "fiscal_year": item.fiscal_year,
                "doc_type": item.doc_type,
                "attachments": json.dumps(item.attachments, ensure_ascii=False),
                "fetched_at": clock.now_iso(),
            },
            ("source", "url"),
        )
        if item.etag or item.last_modified:
            self._remember_http(store, item.url, item.etag, item.last_modified, 200)
        self._link_parts(store, item)

    def _link_parts(self, store: Store, item: DetailItem) -> None:
        """A detail page's files (and the page, when it is one of them) are one
        disclosure in parts."""
        urls = [str(a["url"]) for a in item.attachments if a.get("url")]
        if len(urls) < 2:
            return
        ids = [
            found
            for url in urls
            if (found := reads.current_version_id(store.db, self.source, url)) is not None
        ]
        if len(ids) >= 2:
            with store.transaction():
                link_parts(store.db, ids)

    def _cycle(self) -> str:
        """This crawl's identity in crawl_decisions and crawl_limits: when it began."""
        if self.cycle is None:
            self.cycle = clock.now_iso()
        return self.cycle

    def _decision(self, store: Store, item: DecisionItem) -> None:
        upsert_row(
            store.db,
            "crawl_decisions",
            {
                "source": self.source,
                "cycle": self._cycle(),
                "run_id": self.run_id,
                "entry_url": item.url,
                "list_url": item.list_url,
                "title": item.title,
                "decision": item.decision,
                "reason": item.reason,
                "department": item.department,
                "fiscal_year": item.fiscal_year,
                "doc_type": item.doc_type,
            },
            ("source", "cycle", "entry_url"),
        )
        if item.decision != "fetched":
            self._count("skipped")

    def _limit(self, store: Store, item: LimitItem) -> None:
        insert_row(
            store.db,
            "crawl_limits",
            {
                "source": self.source,
                "cycle": self._cycle(),
                "run_id": self.run_id,
                "limit_name": item.limit,
                "url": item.url,
                "detail": item.detail,
                "at": clock.now_iso(),
            },
        )

    def _error(self, store: Store, item: ErrorItem) -> None:
        insert_row(
            store.db,
            "crawl_errors",
            {
                "run_id": self.run_id,
                "source": self.source,
                "url": item.url,
                "status_code": item.status_code,
                "error": item.error,
                "at": clock.now_iso(),
            },
        )
        self._count("soft_errors" if item.soft else "errors")
        if item.failed_document:
            self._count("failed")
        self.crawler.stats.set_value("fw/last_error", f"{item.error}: {item.url}")

    def _remember_http(
        self, store: Store, url: str, etag: str | None, last_modified: str | None, status: int
    ) -> None:
        row = {
            "source": self.source,
            "url": url,
            "status_code": status,
            "checked_at": clock.now_iso(),
        }
        if status == 200 or etag or last_modified:
            row.update({"etag": etag, "last_modified": last_modified})
        upsert_row(store.db, "crawl_http_cache", row, ("source", "url"))

    def _count(self, name: str, change: str | None = None, amount: int = 1) -> None:
        stats = self.crawler.stats
        stats.inc_value(f"fw/{name}", amount)
        if change is not None:
            stats.inc_value(f"fw/{change}", amount)


# Decisions of this many recent cycles per source are kept (status shows the last one;
# titles_skipped compares it with the ones before).
KEPT_CYCLES = 10


def forget_old_cycles(store: Store, source: str) -> None:
    for table in ("crawl_decisions", "crawl_limits"):
        store.db.execute(
            f"""DELETE FROM {table} WHERE source = ? AND cycle NOT IN (
                SELECT DISTINCT cycle FROM {table} WHERE source = ?
                ORDER BY cycle DESC LIMIT ?)""",
            [source, source, KEPT_CYCLES],
        )
