"""What a simulated site publishes, declared once and rendered by each CMS style.

A :class:`Disclosure` is one listing item (a disclosure or a noise item) with its files;
a :class:`SiteSpec` says which CMS style renders which items. Each item lives in the
states it lists: ``before`` is the site as first crawled, ``after`` the site on a later
publication day (new items on top, a file replaced in place, an item removed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

State = Literal["before", "after"]
STATES: tuple[State, ...] = ("before", "after")
BOTH: frozenset[str] = frozenset(STATES)


@dataclass(frozen=True)
class SiteFile:
    name: str
    """File name as published (link text, Content-Disposition)."""
    data: bytes
    replacement: bytes | None = None
    """Different bytes served at the same URL in the ``after`` state (replaced in place)."""

    def data_in(self, state: str) -> bytes:
        return self.replacement if state == "after" and self.replacement else self.data


@dataclass(frozen=True)
class Disclosure:
    key: str
    """Stable id within a site; URLs are derived from it."""
    title: str
    """Full title (the ``title`` attribute); listings may show it truncated."""
    published: date
    department: str | None = None
    fiscal_year: int | None = None
    doc_type: str = "other"
    """final_account | budget | performance, or ``other`` for noise (notices, reports)."""
    files: tuple[SiteFile, ...] = ()
    inline_html: str | None = None
    """Body of a disclosure published as the page itself, without attachments."""
    page: bytes | None = None
    """A complete HTML page that is the disclosure: served as the detail page, as is."""
    states: frozenset[str] = BOTH
    short_title: str | None = None
    """What a two-level site's department page shows, e.g. "2024年度部门决算"."""

    @property
    def is_noise(self) -> bool:
        return self.doc_type == "other"

    def visible_in(self, state: str) -> bool:
        return state in self.states


@dataclass(frozen=True)
class Resource:
    body: bytes
    content_type: str
    kind: str = "page"
    """robots | list | detail | file | page: the request log counts downloads by kind."""
    headers: tuple[tuple[str, str], ...] = ()
    last_modified: datetime | None = None


@dataclass(frozen=True)
class RequestInfo:
    method: str
    path: str
    """Path without the query string."""
    query: dict[str, str]
    body: bytes


Handler = Callable[[RequestInfo], Resource | None]


@dataclass
class Routes:
    """Static resources by path (with query string, if the site uses one) plus handlers."""

    static: dict[str, Resource] = field(default_factory=dict)
    dynamic: dict[str, Handler] = field(default_factory=dict)

    def add(self, path: str, resource: Resource) -> None:
        self.static[path] = resource


@dataclass(frozen=True)
class SiteSpec:
    name: str
    """Site id used by the server and the tests: trs, hanweb, aspx, depts."""
    style: str
    region: str
    disclosures: tuple[Disclosure, ...]
    page_size: int = 5
    robots: str = "User-agent: *\nDisallow: /admin/\nDisallow: /search/\n"
    title: str = ""

    def visible(self, state: str) -> list[Disclosure]:
        """Items published in ``state``, newest first (the order listings use)."""
        items = [d for d in self.disclosures if d.visible_in(state)]
        return sorted(items, key=lambda d: (d.published, d.key), reverse=True)
