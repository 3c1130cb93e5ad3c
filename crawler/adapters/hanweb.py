"""Hanweb (大汉) jpage columns: the first records sit as CDATA in
``<script type="text/xml"><datastore><recordset><record>``; the rest come from
``/module/web/jpage/dataproxy.jsp?startrecord=&endrecord=&perpage=``, POSTed with the
column's ``ajaxParam`` as a form (a GET with everything in the query works on most)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from parsel import Selector

from fiscalwatch.crawler.adapters.base import ListPage, ListRequest, PageView
from fiscalwatch.crawler.links import Link, extract_links

DEFAULT_PROXY = "/module/web/jpage/dataproxy.jsp"
_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
_NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[.*?href=['\"]([^'\"]+)['\"]", re.S)


class HanwebAdapter:
    name = "hanweb"

    def detect(self, page: PageView) -> bool:
        return "<datastore>" in page.text or "dataproxy.jsp" in page.text

    def parse(self, page: PageView) -> ListPage:
        entries = records(page.text, page.url)
        if (
            "<recordset>" in page.text
            and "jpage(" not in page.text
            and "<nextgroup>" not in page.text
        ):
            return ListPage(entries=entries)  # a dataproxy answer: its records only
        return ListPage(entries=entries, pages=proxy_requests(page.text, page.url, len(entries)))


def records(text: str, base_url: str) -> list[Link]:
    found: list[Link] = []
    for cdata in _RECORD.findall(text):
        found.extend(extract_links(Selector(text=cdata), base_url))
    return found


def proxy_requests(text: str, base_url: str, first_count: int) -> list[ListRequest]:
    """One request per group of records after those on the column page."""
    per_page = _number(text, "perPage") or 15
    group = _number(text, "groupSize") or 3
    total = _number(text, "totalRecord")
    proxy = _string(text, "proxyUrl") or DEFAULT_PROXY
    params = _ajax_params(text)
    next_group = _NEXTGROUP.search(text)
    if next_group:
        parts = urlsplit(next_group.group(1))
        proxy = parts.path or proxy
        params = {**dict(parse_qsl(parts.query)), **params}
    params.pop("page", None)
    if total is None:
        # Without a total, ask for a generous window once; real columns are small.
        total = first_count + per_page * group * 20
    step = per_page * group
    requests: list[ListRequest] = []
    start = first_count + 1
    while start <= total:
        window = {
            "startrecord": start,
            "endrecord": min(start + step - 1, total),
            "perpage": per_page,
        }
        url = urljoin(base_url, f"{proxy}?{urlencode(window)}")
        requests.append(
            ListRequest(
                url,
                method="POST",
                body=urlencode(params),
                get_fallback=f"{url}&{urlencode(params)}" if params else url,
            )
        )
        start += step
    return requests


def _number(text: str, name: str) -> int | None:
    match = re.search(rf"{name}\s*[:=]\s*['\"]?(\d+)", text)
    return int(match.group(1)) if match else None


def _string(text: str, name: str) -> str | None:
    match = re.search(rf"{name}\s*[:=]\s*['\"]([^'\"]+)['\"]", text)
    return match.group(1) if match else None


def _ajax_params(text: str) -> dict[str, str]:
    match = re.search(r"ajaxParam\s*:\s*\{([^}]*)\}", text)
    if not match:
        return {}
    pairs = re.findall(r"(\w+)\s*:\s*(?:'([^']*)'|\"([^\"]*)\"|([^,}\s]+))", match.group(1))
    return {key: a or b or c for key, a, b, c in pairs}
