"""TRS WCM style (UTF-8): ``index.html``, ``index_1.html`` … with pagination written by
``createPageHTML(countPage, currentPage, "index", "html")``, details at
``./YYYYMM/tYYYYMMDD_ID.html``, attachments ``./P0….pdf`` with an ``OLDSRC``."""

from __future__ import annotations

from datetime import date

from fiscalwatch.demo.sites.model import Disclosure, Resource, Routes, SiteSpec
from fiscalwatch.demo.sites.pages import (
    attachment_resource,
    esc,
    html_resource,
    own_page,
    page,
    truncate,
)

COLUMN = "/zwgk/czyjs/bmjs/"
START_PATH = COLUMN + "index.html"
REPLACED_ON = date(2025, 12, 1)


def detail_path(site: SiteSpec, item: Disclosure) -> str:
    stamp = item.published.strftime("%Y%m%d")
    return f"{item.published:%Y%m}/t{stamp}_{_id(site, item)}.html"


def file_path(site: SiteSpec, item: Disclosure, index: int) -> str:
    extension = item.files[index].name.rsplit(".", 1)[-1]
    return (
        f"{item.published:%Y%m}/P0{item.published:%Y%m%d}{_id(site, item)}{index:02d}.{extension}"
    )


def render(site: SiteSpec, state: str) -> Routes:
    routes = Routes()
    items = site.visible(state)
    size = site.page_size
    chunks = [items[i : i + size] for i in range(0, len(items), size)] or [[]]
    for number, chunk in enumerate(chunks):
        name = "index.html" if number == 0 else f"index_{number}.html"
        rows = "\n".join(
            f'<li><a href="./{detail_path(site, item)}" target="_blank" title="{esc(item.title)}">'
            f"{esc(truncate(item.title))}</a><span>{item.published:%Y-%m-%d}</span></li>"
            for item in chunk
        )
        script = (
            f"<script>\nvar currentPage = {number};//所在页从0开始\nvar prevPage = currentPage-1\n"
            f"var nextPage = currentPage+1\nvar countPage = {len(chunks)}//共多少页\n"
            'createPageHTML(countPage, currentPage, "index", "html");\n</script>'
        )
        body = (
            f'<div class="list"><h2>部门决算</h2><ul>{rows}</ul></div>'
            f'<div class="page">{script}</div>'
        )
        newest = chunk[0].published if chunk else None
        routes.add(
            COLUMN + name,
            html_resource(page(f"部门决算_{site.title}", body), kind="list", modified=newest),
        )
    for item in items:
        routes.add(COLUMN + detail_path(site, item), _detail(site, item))
        for index, attached in enumerate(item.files):
            replaced = state == "after" and attached.replacement is not None
            routes.add(
                COLUMN + file_path(site, item, index),
                attachment_resource(attached, state, REPLACED_ON if replaced else item.published),
            )
    return routes


def _detail(site: SiteSpec, item: Disclosure) -> Resource:
    if item.page is not None:
        return own_page(item.page, item.published)
    links = "".join(
        f'<p><a href="./{file_path(site, item, i).split("/", 1)[1]}" '
        f'OLDSRC="/protect/{file_path(site, item, i).split("/", 1)[1]}">{esc(f.name)}</a></p>'
        for i, f in enumerate(item.files)
    )
    content = item.inline_html or "<p>现将有关情况公开如下。</p>"
    body = (
        f'<div class="article"><h1>{esc(item.title)}</h1>'
        f'<div class="info">发布日期：{item.published:%Y-%m-%d} 来源：{esc(site.title)}</div>'
        f'<div class="TRS_Editor">{content}</div>'
        f'<div class="attachments">{"附件：" if links else ""}{links}</div></div>'
    )
    head = f'<meta name="ArticleTitle" content="{esc(item.title)}">'
    return html_resource(
        page(f"{item.title}_{site.title}", body, extra_head=head),
        kind="detail",
        modified=item.published,
    )


def _id(site: SiteSpec, item: Disclosure) -> int:
    return 5000 + site.disclosures.index(item)
