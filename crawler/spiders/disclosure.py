"""The one spider: a source's start URLs, walked with the CMS adapter the start page needs.

Flow: list pages (all of them, every cycle, with conditional GETs) -> listing entries
classified from their full titles -> detail pages (skipped when the entry is unchanged
since the last cycle) -> attachments (conditional GETs). What was learned goes to the
pipeline as items; nothing is parsed here.

Incremental rule: every list page is read each cycle (a 304 reuses what the page held
last time), so items pushed to later pages by new ones are never missed and the
listing is complete, which is what "gone from the listing" needs. Known detail pages
are fetched again only when their listing entry (URL, title, date) changed; their files
are revalidated with a conditional GET every ``crawl.revalidate_days`` (spread per URL).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import scrapy
from lxml import etree
from parsel import Selector
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from fiscalwatch import clock
from fiscalwatch.charsets import decode_page, decode_text
from fiscalwatch.classify import Classification, classify
from fiscalwatch.config import SourceConfig
from fiscalwatch.crawler.adapters import adapter_named, detect_adapter
from fiscalwatch.crawler.adapters.base import ListPage, ListRequest, PageView
from fiscalwatch.crawler.adapters.pdfhtml import is_converted_document, is_converted_link
from fiscalwatch.crawler.content import (
    filename_from_disposition,
    filename_from_url,
    looks_like_file_url,
    sniff,
)
from fiscalwatch.crawler.inline import is_page_disclosure
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
from fiscalwatch.crawler.links import Link, extract_links
from fiscalwatch.crawler.memory import CrawlMemory, KnownDetail
from fiscalwatch.crawler.problems import failure_message, page_problem
from fiscalwatch.crawler.safety import OFFSITE, AllowedHosts

# A complete listing showing under this share of the entries it showed before has
# collapsed (redesign, broken template) rather than lost that many disclosures.
COLLAPSED_LISTING_SHARE = 0.5
MIN_LISTING_FOR_COLLAPSE = 4
# List and detail pages have their own size cap; ``crawl.max_file_mb`` is for files.
PAGE_MAXSIZE = 20 * 1024 * 1024
HANDLED_STATUS = [304, 400, 401, 403, 404, 405, 410, 412, 429, 500, 502, 503, 504, 521]
_FILE_TEXT = re.compile(r"\.(?:pdf|docx?|xlsx?|wps|et|ofd|zip|rar)\s*$", re.I)


@dataclass(frozen=True)
class Entry:
    """A disclosure entry of the listing, with what its texts say about it."""

    url: str
    title: str
    date: str | None
    fingerprint: str
    department_hint: str | None
    classification: Classification


@dataclass
class PendingDetail:
    entry: Entry
    title: str | None
    classification: Classification
    attachments: list[dict[str, str | None]]
    remaining: int
    failed: bool = False
    validators: tuple[str | None, str | None] = (None, None)


@dataclass
class ListingProgress:
    """Which list pages were asked for and how they went: the listing is complete only
    when every one was read without error."""

    scheduled: set[str] = field(default_factory=set)
    read: set[str] = field(default_factory=set)
    failed: set[str] = field(default_factory=set)
    truncated: bool = False
    seen_entries: set[str] = field(default_factory=set)

    @property
    def complete(self) -> bool:
        return (
            not self.failed
            and not self.truncated
            and bool(self.scheduled)
            and self.read >= self.scheduled
        )


class DisclosureSpider(scrapy.Spider):
    name = "disclosures"

    def __init__(
        self,
        source: SourceConfig,
        memory: CrawlMemory,
        *,
        revalidate_days: float = 7.0,
        max_detail_pages: int = 2000,
        max_attachments: int = 4000,
        **kwargs: Any,
    ) -> None:
        super().__init__(name=f"disclosures-{source.name}", **kwargs)
        self.source = source
        self.memory = memory
        self.revalidate_days = revalidate_days
        self.start_urls = list(source.start_urls)
        self.allowed = AllowedHosts.of(source)
        self.max_detail_pages = max_detail_pages
        self.max_attachments = max_attachments
        self.detail_requests = 0
        self.file_requests = 0
        self.limits_hit: set[str] = set()
        self.patterns = [re.compile(p) for p in source.link_patterns]
        self.listing = ListingProgress()
        self.pending: dict[str, PendingDetail] = {}
        self.requested_files: set[str] = set()
        self._removals_checked = False
        self._listing_collapsed = False
        self._now = clock.now()

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> DisclosureSpider:
        settings = crawler.settings
        source = SourceConfig.model_validate_json(settings["FW_SOURCE"])
        memory = CrawlMemory.load(settings["FW_DATABASE"], source.name)
        spider = cls(
            source,
            memory,
            revalidate_days=settings.getfloat("FW_REVALIDATE_DAYS", 7.0),
            max_detail_pages=settings.getint("FW_MAX_DETAIL_PAGES", 2000),
            max_attachments=settings.getint("FW_MAX_ATTACHMENTS", 4000),
            **kwargs,
        )
        spider._set_crawler(crawler)
        crawler.signals.connect(spider._on_idle, signal=signals.spider_idle)
        return spider

    # -- list pages ----------------------------------------------------------------------

    async def start(self) -> Any:
        for url in self.start_urls:
            yield self._list_request(ListRequest(url), adapter=self.source.adapter, start=True)

    def _list_request(
        self,
        page: ListRequest,
        *,
        adapter: str | None,
        department: str | None = None,
        start: bool = False,
        conditional: bool = True,
    ) -> Request | None:
        if page.url in self.listing.scheduled and page.method == "GET":
            return None
        if len(self.listing.scheduled) >= self.source.max_pages:
            self.listing.truncated = True
            return None
        self.listing.scheduled.add(page.url)
        meta = {
            "fw_adapter": adapter,
            "fw_department": department,
            "fw_start": start,
            "fw_list_url": page.url,
            "fw_fallback": page.get_fallback if page.method == "POST" else None,
            "handle_httpstatus_list": HANDLED_STATUS,
            "download_maxsize": PAGE_MAXSIZE,
        }
        if page.method == "POST":
            return Request(
                page.url,
                method="POST",
                body=page.body or "",
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                callback=self.parse_list,
                errback=self.on_list_error,
                meta=meta,
                dont_filter=True,
            )
        headers = {}
        known = self.memory.http.get(page.url)
        if conditional and known and page.url in self.memory.list_pages:
            headers = known.headers()
        return Request(
            page.url,
            headers=headers,
            callback=self.parse_list,
            errback=self.on_list_error,
            meta=meta,
            # Deduplicated by ``listing.scheduled``; Scrapy's filter would silently drop
            # a redirect loop's second hop instead of reporting it.
            dont_filter=True,
        )

    def parse_list(self, response: Response) -> Iterator[Any]:
        meta = response.meta
        url = meta["fw_list_url"]
        page: ListPage | None
        adapter_name = meta["fw_adapter"]
        page_json: str | None = None
        if response.status == 304 and url in self.memory.list_pages:
            page = self.memory.list_pages[url]
        elif response.status == 304:  # validators without a remembered page: ask again
            self.listing.scheduled.discard(url)
            request = self._list_request(ListRequest(url), adapter=adapter_name, conditional=False)
            if request is not None:
                yield request
            return
        elif response.status != 200:
            problem = page_problem(response.status, _decode(response))
            message, soft = problem or (f"HTTP {response.status}", False)
            yield from self._list_failed(response, message, response.status, soft=soft)
            return
        else:
            text = _decode(response)
            problem = page_problem(response.status, text)
            if problem:
                yield from self._list_failed(response, problem[0], response.status, soft=problem[1])
                return
            # Links resolve against the final URL, after any redirect or meta refresh
            # (the asked URL when only its #fragment was dropped: gkmlpt keeps state there).
            same = response.url.split("#")[0] == url.split("#")[0]
            view = PageView(url if same else response.url, text, tuple(self.source.list_selectors))
            if adapter_name:
                adapter = adapter_named(adapter_name)
            else:
                adapter = detect_adapter(view, allow_index=meta["fw_department"] is None)
            adapter_name = adapter.name
            page = adapter.parse(view)
            page_json = page.to_json()
        self.listing.read.add(url)
        self.crawler.stats.inc_value("fw/pages")
        if meta["fw_start"]:
            self.crawler.stats.inc_value("fw/start_urls_ok")
        entries: list[Entry] = []
        for link in page.entries:
            entry, decision = self._entry(link, meta["fw_department"], url)
            if decision is not None:
                yield decision
            if entry is not None:
                entries.append(entry)
        yield ListPageItem(
            url,
            adapter_name or "",
            page_json,
            [(e.url, e.title, e.fingerprint) for e in entries],
            _header(response, "ETag"),
            _header(response, "Last-Modified"),
        )
        for more in page.pages:
            request = self._list_request(
                more, adapter=adapter_name, department=meta["fw_department"]
            )
            if request is not None:
                yield request
        for department in page.departments:
            request = self._list_request(
                ListRequest(department.url), adapter=None, department=department.text
            )
            if request is not None:
                yield request
        for entry in entries:
            yield from self._follow(entry)

    def _list_failed(
        self, response: Response, message: str, status: int | None, soft: bool = False
    ) -> Iterator[Any]:
        meta = response.meta
        fallback = meta.get("fw_fallback")
        if fallback and response.request is not None and response.request.method == "POST":
            # Hanweb's dataproxy.jsp refuses POST on some sites: the same query as a GET.
            yield response.request.replace(
                url=fallback, method="GET", body=b"", meta={**meta, "fw_fallback": None}
            )
            return
        self.listing.failed.add(meta["fw_list_url"])
        if meta["fw_start"]:
            self._start_failed(
                message, "blocked" if soft or status in (403, 412, 521) else "failed"
            )
        yield ErrorItem(meta["fw_list_url"], message, status, soft=soft)

    def on_list_error(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        message, status, cause = failure_message(failure)
        if isinstance(failure.value, HttpError):
            yield from self._list_failed(failure.value.response, message, status)
            return
        self.listing.failed.add(request.meta["fw_list_url"])
        if request.meta["fw_start"]:
            kind = {"timeout": "unreachable", "unreachable": "unreachable", "robots": "blocked"}
            self._start_failed(message, kind.get(cause, "failed"))
        yield ErrorItem(request.meta["fw_list_url"], message, status)

    def _start_failed(self, message: str, kind: str) -> None:
        self.crawler.stats.inc_value(f"fw/start_{kind}")
        self.crawler.stats.set_value("fw/start_error", message)

    # -- entries ---------------------------------------------------------------------------

    def _entry(
        self, link: Link, department: str | None, list_url: str
    ) -> tuple[Entry | None, DecisionItem | None]:
        """The entry to follow (or None), and the decision to record about the link."""
        hint = department or self.source.department
        found = classify(link.text, department=hint, roster=self.source.departments)
        forced = any(p.search(link.url) or p.search(link.text) for p in self.patterns)
        if found.is_disclosure or forced:
            digest = hashlib.sha1(f"{link.url}\n{link.text}\n{link.date}".encode()).hexdigest()
            entry = Entry(link.url, link.text, link.date, digest[:20], hint, found)
            return entry, None  # its decision is recorded when it is followed
        if not looks_like_item(link.text, found):
            return None, None  # navigation, not a listing item
        decision = DecisionItem(
            link.url,
            link.text,
            found.decision,
            found.reason,
            found.department,
            found.fiscal_year,
            found.doc_type,
            list_url,
        )
        return None, decision

    def _follow(self, entry: Entry) -> Iterator[Any]:
        if entry.url in self.listing.seen_entries:
            return
        self.listing.seen_entries.add(entry.url)
        self.crawler.stats.inc_value("fw/items")
        if not self.on_site(entry.url):
            yield self._decision(entry, "offsite", OFFSITE)
            yield ErrorItem(entry.url, OFFSITE, failed_document=True)
            return
        known = self.memory.details.get(entry.url)
        if known is not None and known.fingerprint == entry.fingerprint:
            yield self._decision(entry, "fetched", "known, unchanged")
            yield from self._revisit(entry, known)
        elif looks_like_file_url(entry.url):
            yield self._decision(entry, "fetched", None)
            yield self._file_request(entry.url, entry, None, entry.classification, direct=True)
        elif self.detail_requests >= self.max_detail_pages:
            yield self._decision(entry, "capped", "max_detail_pages")
            yield self._limit("max_detail_pages", entry.url, self.max_detail_pages)
        else:
            self.detail_requests += 1
            yield self._decision(entry, "fetched", None)
            yield Request(
                entry.url,
                callback=self.parse_detail,
                errback=self.on_document_error,
                meta={
                    "fw_entry": entry,
                    "handle_httpstatus_list": HANDLED_STATUS,
                    "download_maxsize": PAGE_MAXSIZE,
                },
                dont_filter=True,  # entries are deduplicated in _follow
            )

    def _decision(self, entry: Entry, decision: str, reason: str | None) -> DecisionItem:
        found = entry.classification
        return DecisionItem(
            entry.url,
            entry.title,
            decision,
            reason,
            found.department,
            found.fiscal_year,
            found.doc_type,
        )

    def _limit(self, name: str, url: str, value: int | float) -> LimitItem:
        self.crawler.stats.inc_value(f"fw/limit_{name}")
        if name not in self.limits_hit:
            self.limits_hit.add(name)
        return LimitItem(name, url, f"{name} = {value} reached; left for the next cycle")

    def _revisit(self, entry: Entry, known: KnownDetail) -> Iterator[Any]:
        """A known, unchanged entry: only files due for revalidation are asked for."""
        not_due: list[int] = []
        found = Classification(known.department, known.fiscal_year, known.doc_type or "other")
        for attachment in known.attachments:
            document_id = self.memory.documents.get(attachment.url)
            due = self.memory.due_for_revalidation(attachment.url, self._now, self.revalidate_days)
            if document_id is not None and not due:
                not_due.append(document_id)
                continue
            page_url = None if attachment.url == entry.url else entry.url
            yield self._file_request(
                attachment.url,
                entry,
                page_url,
                found,
                filename=attachment.filename,
                title=known.title,
            )
        if not_due:
            yield KnownUnchangedItem(not_due)

    def on_site(self, url: str) -> bool:
        """Within the source's hosts (start URLs' host:port and ``allowed_domains``)."""
        return self.allowed.allows(url)

    # -- detail pages ----------------------------------------------------------------------

    def parse_detail(self, response: Response) -> Iterator[Any]:
        entry: Entry = response.meta["fw_entry"]
        url = entry.url
        if response.status in (404, 410):
            yield from self._gone_at(url, response.status)
            return
        if response.status != 200:
            problem = page_problem(response.status, _decode(response))
            message, soft = problem or (f"HTTP {response.status}", False)
            yield ErrorItem(url, message, response.status, soft=soft, failed_document=True)
            return
        kind = sniff(response.body)
        if kind is not None and kind != "html":  # the entry linked straight to a file
            yield from self._file_items(response, url, entry, None, entry.classification)
            yield self._detail_item(
                entry, entry.classification, None, [{"url": url, "filename": None}]
            )
            return
        text = _decode(response)
        problem = page_problem(response.status, text)
        if problem:
            yield ErrorItem(url, problem[0], response.status, soft=problem[1], failed_document=True)
            return
        selector = Selector(text=text)
        title = detail_title(selector)
        published = metadata_date(selector) or entry.date
        found = classify(
            entry.title, title, department=entry.department_hint, roster=self.source.departments
        )
        attachments = attachment_links(selector, response.url)
        linked_before = self.memory.documents_by_page.get(url, {})
        left = [
            i for u, i in linked_before.items() if u not in {a.url for a in attachments} | {url}
        ]
        if left:
            yield RemovedItem(left, "left the detail page")
        for outside in [a for a in attachments if not self.on_site(a.url)]:
            attachments.remove(outside)
            yield ErrorItem(outside.url, OFFSITE, failed_document=True)
        if not attachments:
            yield from self._inline(response, entry, title, found, selector, published)
            return
        records: list[dict[str, str | None]] = [
            {"url": a.url, "filename": a.text} for a in attachments
        ]
        if found.is_disclosure and explains_itself(selector):
            # 重庆's form: the page is the explanation, the attachments hold the tables;
            # the page is one part of the disclosure, the files are the others.
            yield self._page_item(response, entry, title, found, published)
            records.insert(0, {"url": url, "filename": None})
        # A file linked from two pages is fetched once per cycle.
        fresh = [a for a in attachments if a.url not in self.requested_files]
        self.requested_files.update(a.url for a in fresh)
        if not fresh:
            yield self._detail_item(entry, found, title, records)
            return
        self.pending[url] = PendingDetail(
            entry,
            title,
            found,
            records,
            remaining=len(fresh),
            validators=(_header(response, "ETag"), _header(response, "Last-Modified")),
        )
        for attachment in fresh:
            yield self._file_request(
                attachment.url,
                entry,
                url,
                found,
                filename=attachment.text,
                title=title,
                published=published,
            )

    def _inline(
        self,
        response: Response,
        entry: Entry,
        title: str | None,
        found: Classification,
        selector: Selector,
        published: str | None,
    ) -> Iterator[Any]:
        """A detail page without attachments: the page itself is the disclosure when it
        has the text of one."""
        if is_page_disclosure(found, _body_text(selector)):
            yield self._page_item(response, entry, title, found, published)
            yield self._detail_item(entry, found, title, [{"url": entry.url, "filename": None}])
            return
        yield ErrorItem(
            entry.url,
            "detail page without attachment or disclosure text",
            200,
            failed_document=True,
        )

    def _page_item(
        self,
        response: Response,
        entry: Entry,
        title: str | None,
        found: Classification,
        published: str | None,
    ) -> FileItem:
        return FileItem(
            url=entry.url,
            data=response.body,
            page_url=entry.url,
            title=title or entry.title,
            department=found.department,
            fiscal_year=found.fiscal_year,
            doc_type=found.doc_type,
            filename=None,
            content_type="html",
            published_at=published,
            etag=_header(response, "ETag"),
            last_modified=_header(response, "Last-Modified"),
        )

    # -- files -----------------------------------------------------------------------------

    def _file_request(
        self,
        url: str,
        entry: Entry,
        page_url: str | None,
        found: Classification,
        *,
        direct: bool = False,
        filename: str | None = None,
        title: str | None = None,
        published: str | None = None,
    ) -> Request | LimitItem:
        if self.file_requests >= self.max_attachments:
            return self._limit("max_attachments", url, self.max_attachments)
        self.file_requests += 1
        headers = {}
        known = self.memory.http.get(url)
        if known is not None and url in self.memory.documents:
            headers = known.headers()
        return Request(
            url,
            headers=headers,
            dont_filter=True,
            callback=self.parse_file,
            errback=self.on_document_error,
            meta={
                "fw_entry": entry,
                "fw_page_url": page_url,
                "fw_classification": found,
                "fw_direct": direct,
                "fw_link_text": filename,
                "fw_title": title,
                "fw_published": published,
                "handle_httpstatus_list": HANDLED_STATUS,
            },
        )

    def parse_file(self, response: Response) -> Iterator[Any]:
        meta = response.meta
        url = response.request.url if response.request is not None else response.url
        if response.status == 304:
            yield NotModifiedItem(
                url,
                self.memory.documents.get(url),
                _header(response, "ETag"),
                _header(response, "Last-Modified"),
            )
            yield from self._attachment_done(meta, url, ok=True)
            return
        if response.status in (404, 410):
            yield from self._gone_at(url, response.status)
            yield from self._attachment_done(meta, url, ok=False)
            return
        if response.status != 200:
            yield ErrorItem(url, f"HTTP {response.status}", response.status, failed_document=True)
            yield from self._attachment_done(meta, url, ok=False)
            return
        stored = list(
            self._file_items(
                response, url, meta["fw_entry"], meta["fw_page_url"], meta["fw_classification"]
            )
        )
        yield from stored
        yield from self._attachment_done(meta, url, ok=all(isinstance(i, FileItem) for i in stored))

    def _file_items(
        self,
        response: Response,
        url: str,
        entry: Entry,
        page_url: str | None,
        found: Classification,
    ) -> Iterator[Any]:
        body = response.body
        kind = sniff(body)
        if not body:
            yield ErrorItem(url, "empty file", response.status, failed_document=True)
            return
        if kind == "html" and is_converted_document(body):
            kind = "html"  # a PDF converted to HTML: the disclosure itself
        elif kind == "html":
            _, text = decode_page(body, response.headers.get("Content-Type"))
            problem = page_problem(200, text)
            detail = f" ({problem[0]})" if problem else ""
            yield ErrorItem(
                url, f"HTML page where a file was expected{detail}", 200, failed_document=True
            )
            return
        filename = (
            filename_from_disposition(response.headers.get("Content-Disposition"))
            or filename_from_url(url)
            or _file_like(response.meta.get("fw_link_text"))
        )
        title = response.meta.get("fw_title") or entry.title
        refined = _refine(found, filename, entry.department_hint)
        yield FileItem(
            url=url,
            data=body,
            page_url=page_url,
            title=title,
            department=refined.department,
            fiscal_year=refined.fiscal_year,
            doc_type=refined.doc_type,
            filename=filename,
            content_type=kind,
            published_at=response.meta.get("fw_published") or entry.date,
            etag=_header(response, "ETag"),
            last_modified=_header(response, "Last-Modified"),
        )

    def _attachment_done(self, meta: dict[str, Any], url: str, *, ok: bool) -> Iterator[Any]:
        entry: Entry = meta["fw_entry"]
        if meta.get("fw_direct"):
            if ok:
                yield self._detail_item(
                    entry, entry.classification, None, [{"url": url, "filename": None}]
                )
            return
        pending = self.pending.get(meta.get("fw_page_url") or "")
        if pending is None:
            return
        pending.remaining -= 1
        pending.failed = pending.failed or not ok
        if pending.remaining == 0:
            del self.pending[entry.url]
            if not pending.failed:
                item = self._detail_item(
                    entry, pending.classification, pending.title, pending.attachments
                )
                item.etag, item.last_modified = pending.validators
                yield item

    def _detail_item(
        self,
        entry: Entry,
        found: Classification,
        title: str | None,
        attachments: list[dict[str, str | None]],
    ) -> DetailItem:
        return DetailItem(
            entry.url,
            entry.fingerprint,
            title or entry.title,
            found.department,
            found.fiscal_year,
            found.doc_type,
            attachments,
        )

    def on_document_error(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        message, status, _cause = failure_message(failure)
        if "download max size" in message:
            yield LimitItem("max_file_mb", request.url, message)
            self.crawler.stats.inc_value("fw/limit_max_file_mb")
        yield ErrorItem(request.url, message, status, failed_document=True)
        if "fw_classification" in request.meta:
            yield from self._attachment_done(request.meta, request.url, ok=False)

    def _gone_at(self, url: str, status: int) -> Iterator[Any]:
        """A URL that answers 404/410: its documents (or the page's) are removed."""
        ids = list(self.memory.documents_by_page.get(url, {}).values())
        if url in self.memory.documents:
            ids.append(self.memory.documents[url])
        yield ErrorItem(url, f"HTTP {status}", status, failed_document=True)
        if ids:
            yield RemovedItem(sorted(set(ids)), f"http {status}")

    # -- after the listing: what left it ---------------------------------------------------

    def _on_idle(self) -> None:
        if self._removals_checked:
            return
        self._removals_checked = True
        if not self.listing.complete:
            self.crawler.stats.set_value("fw/listing_complete", 0)
            return
        self.crawler.stats.set_value("fw/listing_complete", 1)
        gone = [u for u in self.memory.listing if u not in self.listing.seen_entries]
        # A listing that collapsed (a redesign, a broken template) says nothing about its
        # entries: then only a 404/410 proves a removal, and source_unhealthy reports the
        # collapse instead of one false "removed" alert per document.
        self._listing_collapsed = len(self.memory.listing) >= MIN_LISTING_FOR_COLLAPSE and len(
            self.listing.seen_entries
        ) < COLLAPSED_LISTING_SHARE * len(self.memory.listing)
        for url in gone:
            # Conditional: a page that still answers 304 is not downloaded again.
            known = self.memory.http.get(url)
            self.crawler.engine.crawl(
                Request(
                    url,
                    headers=known.headers() if known else {},
                    callback=self.parse_gone,
                    errback=self.on_gone_error,
                    dont_filter=True,
                    meta={
                        "handle_httpstatus_list": HANDLED_STATUS,
                        "download_maxsize": PAGE_MAXSIZE,
                    },
                )
            )
        if gone:
            raise DontCloseSpider

    def parse_gone(self, response: Response) -> Iterator[Any]:
        """An entry the complete listing no longer shows: 404/410 or still there."""
        url = response.request.url if response.request is not None else response.url
        if response.status in (404, 410):
            yield self._removed_entry(url, f"http {response.status}")
        elif not self._listing_collapsed:
            yield self._removed_entry(url, "left the listing")

    def on_gone_error(self, failure: Failure) -> Iterator[Any]:
        if not self._listing_collapsed:
            yield self._removed_entry(failure.request.url, "left the listing")  # type: ignore[attr-defined]

    def _removed_entry(self, url: str, reason: str) -> RemovedItem:
        ids = set(self.memory.documents_by_page.get(url, {}).values())
        if url in self.memory.documents:
            ids.add(self.memory.documents[url])
        return RemovedItem(sorted(ids), reason, entry_url=url)


def detail_title(selector: Selector) -> str | None:
    for query in (
        "//meta[@name='ArticleTitle']/@content",
        "//h1//text()",
        "//*[contains(@class,'title') or contains(@class,'bt')][1]//text()",
        "//title/text()",
    ):
        text = " ".join(t.strip() for t in selector.xpath(query).getall() if t.strip())
        if text:
            return re.split(r"\s*[_|]\s*|\s+-\s+", text)[0].strip() or None
    return None


def attachment_links(selector: Selector, base_url: str) -> list[Link]:
    """Links to files on a detail page (by URL or by a link text ending in .pdf, …)."""
    found: dict[str, Link] = {}
    for link in extract_links(selector, base_url):
        if link.url == base_url:
            continue
        if (
            looks_like_file_url(link.url)
            or _FILE_TEXT.search(link.text)
            or is_converted_link(link.url)
        ):
            found.setdefault(link.url, link)
    return list(found.values())


def _refine(found: Classification, filename: str | None, hint: str | None) -> Classification:
    """The file name fills gaps, and marks a performance report attached to an account."""
    if not filename:
        return found
    named = classify(filename, department=hint)
    doc_type = "performance" if named.doc_type == "performance" else found.doc_type
    return Classification(
        found.department or named.department,
        found.fiscal_year or named.fiscal_year,
        doc_type,
        found.noise,
    )


def _file_like(text: str | None) -> str | None:
    return text if text and _FILE_TEXT.search(text) else None


def _decode(response: Response) -> str:
    body = response.body
    return decode_page(body, response.headers.get("Content-Type"))[1]


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return decode_text(value) if value else None


def looks_like_item(text: str, found: Classification) -> bool:
    """A listing item rather than navigation: it names a year, a department or a
    document type, or reads as a title ("首页", "下一页" and "网站地图" do not)."""
    text = text.strip()
    if found.noise or found.fiscal_year or found.doc_type != "other":
        return True
    return bool(found.department) or len(text) >= 12


_METADATA_DATE = re.compile(
    r"(?:发布日期|生成日期|发文日期|成文日期|公开日期|发布时间)\s*[:：]?\s*"
    r"(20\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
)
# Headings of an explanation written on the page itself (一、部门基本情况 …).
_EXPLANATION = re.compile(r"[一二三四五六七八九十]、.{0,20}(?:基本情况|情况说明|概况|职能)")


def metadata_date(selector: Selector) -> str | None:
    """发布日期/生成日期 of a detail page's metadata block (索引号, 发布机构, …), as
    YYYY-MM-DD: the publication date the site states, better than the listing's."""
    match = _METADATA_DATE.search(_body_text(selector, keep_spaces=True))
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def explains_itself(selector: Selector) -> bool:
    """The page carries an explanation of its own, beyond "详见附件"."""
    text = _body_text(selector)
    return len(text) >= 200 and bool(_EXPLANATION.search(text))


def _body_text(selector: Selector, *, keep_spaces: bool = False) -> str:
    text = _joined_body_text(selector)
    return text if keep_spaces else re.sub(r"\s+", "", text)


_BODY_TEXT = etree.XPath("//body//text()[not(ancestor::script)]", smart_strings=False)


@lru_cache(maxsize=4)
def _joined_body_text(selector: Selector) -> str:
    """The page's text, read once per page (three tests read it) and straight from lxml:
    parsel wraps every text node in a Selector of its own, thousands on a disclosure."""
    nodes = _BODY_TEXT(selector.root)
    return " ".join(str(n) for n in nodes) if isinstance(nodes, list) else ""
