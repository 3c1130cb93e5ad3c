"""``content_ID.html`` trees (湖南 岳阳 area): the column page is a tree of department
sub-columns ``/czyjs/NNNN/index.htm``; each lists its own items as ``content_ID.html``,
titled only "2024年度部门决算" (the department comes from the tree), paged
``index_2.htm`` … with 下一页/末页."""

from __future__ import annotations

from collections import defaultdict
from functools import partial

from fiscalwatch.demo.sites.model import Disclosure, Routes, SiteSpec
from fiscalwatch.demo.sites.pages import (
    add_detail_with_files,
    esc,
    html_resource,
    page,
)

START_PATH = "/czyjs/index.htm"


def detail_path(site: SiteSpec, item: Disclosure) -> str:
    return f"/czyjs/{_column(site, item)}/content_{_id(site, item)}.html"


def file_path(site: SiteSpec, item: Disclosure, index: int) -> str:
    extension = item.files[index].name.rsplit(".", 1)[-1]
    return f"/uploadfiles/{_id(site, item)}_{index}.{extension}"


def render(site: SiteSpec, state: str) -> Routes:
    routes = Routes()
    items = site.visible(state)
    by_department: dict[str, list[Disclosure]] = defaultdict(list)
    for item in items:
        by_department[item.department or "综合"].append(item)
    tree = "".join(
        f'<li><a href="/czyjs/{_column_of(site, name)}/index.htm">{esc(name)}</a></li>'
        for name in sorted(by_department)
        if name != "综合"
    )
    general = by_department.get("综合", [])
    rows = "".join(
        f'<li><a href="/czyjs/9000/content_{_id(site, item)}.html">{esc(item.title)}</a></li>'
        for item in general
    )
    routes.add(
        START_PATH,
        html_resource(
            page(
                f"部门预决算-{site.title}",
                f'<ul class="tree">{tree}</ul><ul class="list">{rows}</ul>',
            ),
            kind="list",
        ),
    )
    for name, own in by_department.items():
        column = _column_of(site, name) if name != "综合" else "9000"
        chunks = [own[i : i + site.page_size] for i in range(0, len(own), site.page_size)]
        for number, chunk in enumerate(chunks, start=1):
            rows = "".join(
                f'<li><a href="content_{_id(site, item)}.html">'
                f"{esc(item.short_title or item.title)}</a>"
                f"<span>{item.published:%Y-%m-%d}</span></li>"
                for item in chunk
            )
            pager = (
                f'<a href="index_{number + 1}.htm">下一页</a> '
                f'<a href="index_{len(chunks)}.htm">末页</a>'
                if number < len(chunks)
                else ""
            )
            path = (
                f"/czyjs/{column}/index.htm"
                if number == 1
                else f"/czyjs/{column}/index_{number}.htm"
            )
            routes.add(
                path,
                html_resource(
                    page(
                        f"{name}-{site.title}",
                        f'<h2>{esc(name)}</h2><ul class="list">{rows}</ul>'
                        f'<div class="page">{pager}</div>',
                    ),
                    kind="list",
                ),
            )
    for item in items:
        links = "".join(
            f'<p><a href="{file_path(site, item, i)}">{esc(f.name)}</a></p>'
            for i, f in enumerate(item.files)
        )
        content = item.inline_html or ""
        body = f'<h1>{esc(item.title)}</h1><div class="TRS_Editor">{content}{links}</div>'
        add_detail_with_files(
            routes, item, state, detail_path(site, item), body, partial(file_path, site, item)
        )
    return routes


def _column_of(site: SiteSpec, department: str) -> str:
    names = sorted({d.department for d in site.disclosures if d.department})
    return str(8046 + names.index(department))


def _column(site: SiteSpec, item: Disclosure) -> str:
    return _column_of(site, item.department) if item.department else "9000"


def _id(site: SiteSpec, item: Disclosure) -> int:
    return 1_480_000 + site.disclosures.index(item)
