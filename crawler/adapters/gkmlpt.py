"""Guangdong's gkmlpt: the column page is a JavaScript app (``/gkmlpt/index#CATEGORY``
holding ``SID: '…'``); the listing is JSON from
``/gkmlpt/api/all/{category}?page=N&sid=SID`` (``total``, ``articles`` with ``title``,
``url``/``post_url``, ``create_time``). Category 0 lists every category."""

from __future__ import annotations

import json
import math
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

from fiscalwatch.crawler.adapters.base import ListPage, ListRequest, PageView
from fiscalwatch.crawler.links import Link

_SID = re.compile(r"SID\s*[:=]\s*['\"]?(\d+)")
_API = re.compile(r"/gkmlpt/api/all/(\d+)")


class GkmlptAdapter:
    name = "gkmlpt"

    def detect(self, page: PageView) -> bool:
        if _API.search(page.url) and page.text.lstrip().startswith("{"):
            return True
        return "/gkmlpt/" in page.url and bool(_SID.search(page.text))

    def parse(self, page: PageView) -> ListPage:
        if _API.search(page.url):
            return api_page(page)
        sid = _SID.search(page.text)
        if sid is None:
            return ListPage()
        category = urlsplit(page.url).fragment or "0"
        if not category.isdigit():
            category = "0"
        first = urljoin(page.url, f"/gkmlpt/api/all/{category}?page=1&sid={sid.group(1)}")
        return ListPage(pages=[ListRequest(first)])


def api_page(page: PageView) -> ListPage:
    """One JSON page: its articles, and (from page 1) every further page."""
    try:
        data: dict[str, Any] = json.loads(page.text)
    except ValueError:
        return ListPage()
    articles = [a for a in data.get("articles") or [] if isinstance(a, dict)]
    entries = [
        Link(
            urljoin(page.url, str(a.get("post_url") or a.get("url"))),
            str(a.get("title") or ""),
            _day(a),
        )
        for a in articles
        if a.get("url") or a.get("post_url")
    ]
    pages: list[ListRequest] = []
    query = parse_qs(urlsplit(page.url).query)
    if query.get("page", ["1"])[0] == "1" and articles:
        total = int(data.get("total") or 0)
        count = math.ceil(total / len(articles))
        base = page.url.split("?", 1)[0]
        sid = query.get("sid", [""])[0]
        pages = [ListRequest(f"{base}?page={n}&sid={sid}") for n in range(2, min(count, 1000) + 1)]
    return ListPage(entries=entries, pages=pages)


def _day(article: dict[str, Any]) -> str | None:
    stamp = article.get("create_time") or article.get("first_publish_time")
    if isinstance(stamp, int | float) and stamp > 0:
        return datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%d")
    return None
