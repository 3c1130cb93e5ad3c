"""Two-level sites: a department index (a ``<select>`` jump menu and/or a list of
department names) whose entries lead to one page per department listing its years."""

from __future__ import annotations

from fiscalwatch.classify import classify, department_name
from fiscalwatch.crawler.adapters.base import ListPage, PageView
from fiscalwatch.crawler.links import Link, extract_links


class DepartmentIndexAdapter:
    name = "deptindex"

    def detect(self, page: PageView) -> bool:
        return len(department_links(page)) >= 2

    def parse(self, page: PageView) -> ListPage:
        departments = department_links(page)
        urls = {d.url for d in departments}
        return ListPage(
            entries=[link for link in page.links() if link.url not in urls], departments=departments
        )


def department_links(page: PageView) -> list[Link]:
    """Links whose whole text is a department name (options of jump menus included)."""
    found: dict[str, Link] = {}
    for link in extract_links(page.selector, page.url):
        name = link.text.strip()
        if not name or classify(name).is_disclosure:
            continue
        if department_name(name) == name.replace(" ", ""):
            found.setdefault(link.url, Link(link.url, name, link.date))
    return list(found.values())
