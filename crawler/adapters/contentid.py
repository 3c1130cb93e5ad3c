"""``content_ID.html`` trees (湖南 岳阳 area): a column page whose tree links lead to one
sub-column per department (``/NNNN/index.htm``), each listing ``content_ID.html`` items
titled only "2024年度部门决算"; the department comes from the tree. Sub-columns page
through 下一页/末页 (``index_2.htm`` …)."""

from __future__ import annotations

import re

from fiscalwatch.crawler.adapters.base import ListPage, ListRequest, PageView
from fiscalwatch.crawler.adapters.deptindex import department_links
from fiscalwatch.crawler.adapters.paged import pager_urls

_ITEM = re.compile(r"content_\d+\.s?html?")
_COLUMN = re.compile(r"/\d+/(?:index|default)(?:_\d+)?\.s?html?$")


class ContentIdAdapter:
    name = "contentid"

    def detect(self, page: PageView) -> bool:
        return bool(_ITEM.search(page.text)) or any(
            _COLUMN.search(link.url) for link in department_links(page)
        )

    def parse(self, page: PageView) -> ListPage:
        departments = [d for d in department_links(page) if _COLUMN.search(d.url)]
        skip = {d.url for d in departments}
        links = [link for link in page.links() if link.url not in skip]
        return ListPage(
            entries=links,
            pages=[ListRequest(u) for u in pager_urls(links, page.url)],
            departments=departments,
        )
