"""The adapter contract: how one CMS family lists items and pages through them.

An adapter turns one list page into a :class:`ListPage`: the links on it (the spider
decides which are disclosures), further list pages, and department pages for two-level
sites. Adapters are pure (text in, data out), so they are tested without a network.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any, Protocol

from parsel import Selector

from fiscalwatch.crawler.links import Link, extract_links


@dataclass(frozen=True)
class ListRequest:
    url: str
    method: str = "GET"
    body: str | None = None
    """Form-encoded body of a POST (Hanweb's dataproxy.jsp)."""
    get_fallback: str | None = None
    """The same request as a GET URL, tried when the POST is refused."""


@dataclass
class ListPage:
    entries: list[Link] = field(default_factory=list)
    pages: list[ListRequest] = field(default_factory=list)
    departments: list[Link] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> ListPage:
        data: dict[str, Any] = json.loads(text)
        return cls(
            entries=[Link(**e) for e in data.get("entries", [])],
            pages=[ListRequest(**p) for p in data.get("pages", [])],
            departments=[Link(**d) for d in data.get("departments", [])],
        )


@dataclass(frozen=True)
class PageView:
    """A decoded list page: what adapters read."""

    url: str
    text: str
    list_selectors: tuple[str, ...] = ()

    @cached_property
    def selector(self) -> Selector:
        """Parsed once: detection asks every adapter, and each reads the page."""
        return Selector(text=self.text)

    def links(self) -> list[Link]:
        """Links of the listing: inside ``list_selectors`` when configured, else all."""
        selector = self.selector
        if not self.list_selectors:
            return extract_links(selector, self.url)
        found: list[Link] = []
        for css in self.list_selectors:
            for node in selector.css(css):
                found.extend(extract_links(node, self.url))
        return found


class Adapter(Protocol):
    name: str

    def detect(self, page: PageView) -> bool:
        """True when this page is built by the adapter's CMS."""
        ...

    def parse(self, page: PageView) -> ListPage: ...
