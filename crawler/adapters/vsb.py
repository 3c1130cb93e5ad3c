"""VSB/博达 (云南, 四川, 甘肃): details ``/info/COL/ID.htm``; the column's first page is
``xxx.htm`` and later pages count down, ``xxx/N-1.htm`` … ``xxx/1.htm``, so "every page up
to 尾页" means every number from the 下页 link down to the 尾页 link's."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from fiscalwatch.crawler.adapters.base import ListPage, ListRequest, PageView
from fiscalwatch.crawler.links import Link

_DETAIL = re.compile(r"/info/\d+/\d+\.htm")
_MARKERS = ("_sitegray", "vsbscreen", "/system/resource/", "pb_sys_common", "_newscontent_fromname")
_NEXT = ("下页", "下一页")
_LAST = ("尾页", "末页")


class VsbAdapter:
    name = "vsb"

    def detect(self, page: PageView) -> bool:
        return any(m in page.text for m in _MARKERS) or bool(_DETAIL.search(page.text))

    def parse(self, page: PageView) -> ListPage:
        pager = [
            Link(urljoin(page.url, href), "".join(a.xpath(".//text()").getall()).strip())
            for a in page.selector.xpath("//a[@href]")
            if (href := a.attrib.get("href"))
        ]
        return ListPage(
            entries=page.links(), pages=[ListRequest(u) for u in countdown_pages(pager)]
        )


def countdown_pages(links: list[Link]) -> list[str]:
    """Every list page from the next one down to the last (``…/N.htm``, N falling).
    ``links`` are the page's anchors as they are (the 下页 link shares its URL with the
    "2" link, so deduplicated links would lose it)."""
    next_link = next((link for link in links if link.text.strip() in _NEXT), None)
    last_link = next((link for link in links if link.text.strip() in _LAST), None)
    if next_link is None:
        return []
    upper = re.search(r"/(\d+)\.htm$", next_link.url)
    lower = re.search(r"/(\d+)\.htm$", last_link.url) if last_link else None
    if upper is None:
        return [next_link.url]
    low = int(lower.group(1)) if lower else int(upper.group(1))
    head = next_link.url[: upper.start(1)]
    high = int(upper.group(1))
    if high < low or high - low > 1000:
        return [next_link.url]
    return [f"{head}{n}.htm" for n in range(high, low - 1, -1)]
