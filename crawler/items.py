"""What the spider hands to the pipeline. The spider decides; the pipeline writes."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FileItem:
    """Bytes of a disclosure (a file, or an HTML page that is the disclosure itself)."""

    url: str
    data: bytes
    page_url: str | None
    title: str | None
    department: str | None
    fiscal_year: int | None
    doc_type: str | None
    filename: str | None
    content_type: str | None
    published_at: str | None
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class NotModifiedItem:
    """A conditional GET answered 304: the stored version still stands."""

    url: str
    document_id: int | None
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class KnownUnchangedItem:
    """Documents of a known listing entry, not refetched this cycle (not due yet)."""

    document_ids: list[int]


@dataclass
class ListPageItem:
    """A list page read (200) or confirmed (304), with the disclosure entries on it."""

    url: str
    adapter: str
    page_json: str | None
    """The parsed page (JSON) when it was downloaded; None for a 304."""
    entries: list[tuple[str, str, str]] = field(default_factory=list)
    """Disclosure entries: (url, title, fingerprint)."""
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class DetailItem:
    """A detail page whose attachments were all fetched: known from now on."""

    url: str
    fingerprint: str
    title: str | None
    department: str | None
    fiscal_year: int | None
    doc_type: str | None
    attachments: list[dict[str, str | None]]
    etag: str | None = None
    last_modified: str | None = None
    """Validators of the detail page, for the conditional GET that checks it is still there."""


@dataclass
class RemovedItem:
    document_ids: list[int]
    reason: str
    entry_url: str | None = None
    """Set when the entry left the listing: it is marked gone."""


@dataclass
class ErrorItem:
    url: str
    error: str
    status_code: int | None = None
    soft: bool = False
    """Soft errors: soft 404s and anti-bot pages (the site answered, but not with content)."""
    failed_document: bool = False
    """A disclosure could not be fetched (counts in ``failed``)."""


@dataclass
class DecisionItem:
    """What the spider decided about one listing item, and why: fetched, or skipped as
    noise or as another document type. Every item of a listing gets one."""

    url: str
    title: str
    decision: str
    """fetched | noise | other_type | capped"""
    reason: str | None
    department: str | None
    fiscal_year: int | None
    doc_type: str
    list_url: str | None = None


@dataclass
class LimitItem:
    """A per-cycle or per-download limit was reached: what was left out because of it."""

    limit: str
    """max_detail_pages | max_attachments | max_file_mb"""
    url: str
    detail: str
