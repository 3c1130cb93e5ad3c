"""Numbered list pages (``list.aspx?page=N``, ``?page=N``, ``index_N.html`` with links):
all pages up to the 尾页/末页 (last page) link when there is one, else the 下一页 link,
else a pager of bare page numbers. Also the generic fallback for any column page that
no adapter claims: every link (the spider keeps those with disclosure titles or file
links) plus whatever pager it has, so a new portal needs only a start URL."""

from __future__ import annotations

import re

from fiscalwatch.crawler.adapters.base import ListPage, ListRequest, PageView
from fiscalwatch.crawler.links import Link

NEXT_WORDS = ("下一页", "下页", "后一页", "后页", "Next", "next", ">", "›", "»")
LAST_WORDS = ("尾页", "末页", "最后一页", "Last", "last", ">>", "»»")


class PagedAdapter:
    name = "paged"

    def detect(self, page: PageView) -> bool:
        return any(link.text in NEXT_WORDS + LAST_WORDS for link in page.links())

    def parse(self, page: PageView) -> ListPage:
        links = page.links()
        return ListPage(entries=links, pages=[ListRequest(u) for u in pager_urls(links, page.url)])


def pager_urls(links: list[Link], current: str) -> list[str]:
    last = next((link for link in links if link.text.strip() in LAST_WORDS), None)
    next_link = next((link for link in links if link.text.strip() in NEXT_WORDS), None)
    if last is not None and last.url != current:
        expanded = _expand_to_last(last.url, next_link.url if next_link else None)
        if expanded:
            return expanded
    if next_link is not None and next_link.url != current:
        return [next_link.url]
    return numbered_pages(links, current)


def numbered_pages(links: list[Link], current: str) -> list[str]:
    """Pagers of bare page numbers ("1 2 3 … 12"): every page up to the highest number,
    when its URL differs from page 2's only by that number (``page=N``, ``_N.html``,
    ``N.htm``); else the numbered links as they are."""
    numbered = {
        int(link.text.strip()): link.url
        for link in links
        if link.text.strip().isdigit() and 0 < int(link.text.strip()) < 10000
    }
    if len(numbered) < 2:
        return []
    highest = max(numbered)
    expanded = _expand_to_last(numbered[highest], numbered.get(2)) if 2 in numbered else []
    urls = expanded or list(numbered.values())
    return [url for url in urls if url != current]


def _expand_to_last(last_url: str, next_url: str | None) -> list[str]:
    """Every page 2..N when the last page's URL differs from page 2's only by a number."""
    numbers = list(re.finditer(r"\d+", last_url))
    if not numbers:
        return []
    match = numbers[-1]
    if next_url is not None:
        # The page number is the one that differs between the next and the last page.
        for candidate in reversed(numbers):
            head, tail = last_url[: candidate.start()], last_url[candidate.end() :]
            if next_url.startswith(head) and next_url.endswith(tail):
                match = candidate
                break
    last = int(match.group())
    if last > 1000:
        return []
    head, tail = last_url[: match.start()], last_url[match.end() :]
    return [f"{head}{n}{tail}" for n in range(2, last + 1)]
