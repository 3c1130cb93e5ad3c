"""What the previous cycles learned about a source, read once when its crawl starts.

The spider consults it to send conditional requests, skip known detail pages and find
entries gone from the listing; the pipeline writes what this cycle learns. Reading a
snapshot up front keeps database reads out of the callbacks.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from fiscalwatch.crawler.adapters.base import ListPage


@dataclass(frozen=True)
class Validators:
    etag: str | None
    last_modified: str | None
    checked_at: str

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True)
class Attachment:
    url: str
    filename: str | None = None


@dataclass(frozen=True)
class KnownDetail:
    fingerprint: str
    title: str | None
    department: str | None
    fiscal_year: int | None
    doc_type: str | None
    attachments: tuple[Attachment, ...]


@dataclass
class CrawlMemory:
    http: dict[str, Validators] = field(default_factory=dict)
    list_pages: dict[str, ListPage] = field(default_factory=dict)
    details: dict[str, KnownDetail] = field(default_factory=dict)
    listing: dict[str, str] = field(default_factory=dict)
    """entry URL -> fingerprint, for entries still in the listing."""
    documents: dict[str, int] = field(default_factory=dict)
    """URL -> id of its current, not removed document."""
    documents_by_page: dict[str, dict[str, int]] = field(default_factory=dict)
    """page URL -> {document URL: id} of the documents it linked."""

    @classmethod
    def load(cls, database: Path | str, source: str) -> CrawlMemory:
        memory = cls()
        conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)
        conn.row_factory = sqlite3.Row
        try:
            memory._read(conn, source)
        finally:
            conn.close()
        return memory

    def _read(self, conn: sqlite3.Connection, source: str) -> None:
        for row in conn.execute("SELECT * FROM crawl_http_cache WHERE source = ?", [source]):
            self.http[row["url"]] = Validators(row["etag"], row["last_modified"], row["checked_at"])
        for row in conn.execute(
            "SELECT url, page FROM crawl_list_pages WHERE source = ?", [source]
        ):
            self.list_pages[row["url"]] = ListPage.from_json(row["page"])
        for row in conn.execute("SELECT * FROM crawl_details WHERE source = ?", [source]):
            attachments = tuple(Attachment(**a) for a in json.loads(row["attachments"]))
            self.details[row["url"]] = KnownDetail(
                row["fingerprint"],
                row["title"],
                row["department"],
                row["fiscal_year"],
                row["doc_type"],
                attachments,
            )
        for row in conn.execute(
            "SELECT entry_url, fingerprint FROM crawl_listing WHERE source = ? AND gone_at IS NULL",
            [source],
        ):
            self.listing[row["entry_url"]] = row["fingerprint"]
        for row in conn.execute(
            "SELECT id, url, page_url FROM documents WHERE source = ? AND is_current = 1"
            " AND removed_at IS NULL",
            [source],
        ):
            self.documents[row["url"]] = row["id"]
            if row["page_url"]:
                self.documents_by_page.setdefault(row["page_url"], {})[row["url"]] = row["id"]

    def due_for_revalidation(self, url: str, now: datetime, every_days: float) -> bool:
        """True when a known file should be checked again this cycle.

        Each URL gets a stable offset in [0.5, 1) x ``every_days`` so a column's files do
        not all come due on the same day.
        """
        validators = self.http.get(url)
        if validators is None or every_days <= 0:
            return True
        spread = 0.5 + (zlib.crc32(url.encode()) % 1000) / 2000
        checked = datetime.fromisoformat(validators.checked_at)
        return now - checked >= timedelta(days=every_days * spread)
