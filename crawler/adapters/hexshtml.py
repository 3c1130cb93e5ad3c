"""Hex-named columns (湖南 邵东, 海南 三亚, 新疆): details ``/YYYYMM/<32 hex>.shtml``, list
pages ``index.shtml``, ``index_2.shtml`` … reached through 下一页/尾页 links."""

from __future__ import annotations

import re

from fiscalwatch.crawler.adapters.base import ListPage, ListRequest, PageView
from fiscalwatch.crawler.adapters.paged import pager_urls

_DETAIL = re.compile(r"/\d{6}/[0-9a-f]{32}\.s?html?", re.I)


class HexShtmlAdapter:
    name = "hexshtml"

    def detect(self, page: PageView) -> bool:
        return bool(_DETAIL.search(page.text))

    def parse(self, page: PageView) -> ListPage:
        links = page.links()
        return ListPage(entries=links, pages=[ListRequest(u) for u in pager_urls(links, page.url)])
