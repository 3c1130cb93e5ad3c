"""Hex-named columns (湖南 邵东, 海南 三亚, 新疆): ``index.shtml``, ``index_2.shtml`` … with
下一页/尾页 links; details ``/xxgk/czyjs/YYYYMM/<32 hex>.shtml`` whose metadata block
gives 发布日期; attachments under ``/uploadfiles/``."""

from __future__ import annotations

import hashlib
from functools import partial

from fiscalwatch.demo.sites.model import Disclosure, Routes, SiteSpec
from fiscalwatch.demo.sites.pages import (
    add_detail_with_files,
    esc,
    html_resource,
    page,
)

COLUMN = "/xxgk/czyjs/"
START_PATH = COLUMN + "index.shtml"


def detail_path(site: SiteSpec, item: Disclosure) -> str:
    return f"{COLUMN}{item.published:%Y%m}/{_hex(site, item)}.shtml"


def file_path(site: SiteSpec, item: Disclosure, index: int) -> str:
    extension = item.files[index].name.rsplit(".", 1)[-1]
    return f"/uploadfiles/{item.published:%Y%m}/{_hex(site, item)[:16]}{index}.{extension}"


def render(site: SiteSpec, state: str) -> Routes:
    routes = Routes()
    items = site.visible(state)
    size = site.page_size
    chunks = [items[i : i + size] for i in range(0, len(items), size)] or [[]]
    last = len(chunks)
    for number, chunk in enumerate(chunks, start=1):
        name = "index.shtml" if number == 1 else f"index_{number}.shtml"
        rows = "".join(
            f'<li><a href="./{detail_path(site, item)[len(COLUMN) :]}" title="{esc(item.title)}">'
            f"{esc(item.title[:16])}…</a><span>[{item.published:%Y-%m-%d}]</span></li>"
            for item in chunk
        )
        pager = ['<a href="index.shtml">首页</a>']
        if number < last:
            pager.append(f'<a href="index_{number + 1}.shtml">下一页</a>')
        pager.append(f'<a href="index_{last}.shtml">尾页</a>' if last > 1 else "")
        body = f'<ul class="list">{rows}</ul><div class="pages">{"".join(pager)}</div>'
        routes.add(
            COLUMN + name, html_resource(page(f"财政预决算-{site.title}", body), kind="list")
        )
    for item in items:
        links = "".join(
            f'<a href="{file_path(site, item, i)}">{esc(f.name)}</a><br>'
            for i, f in enumerate(item.files)
        )
        body = (
            '<div class="xxgk-info"><span>索引号：</span>'
            f"<span>430521/{item.published:%Y}-{site.disclosures.index(item):05d}</span>"
            f"<span>发布机构：</span><span>{esc(item.department or site.title)}</span>"
            f"<span>发布日期：</span><span>{item.published:%Y-%m-%d}</span></div>"
            f'<h2 class="title">{esc(item.title)}</h2>'
            f'<div class="content">{item.inline_html or "<p>详见附件。</p>"}'
            f"<p>附件：{links}</p></div>"
        )
        add_detail_with_files(
            routes, item, state, detail_path(site, item), body, partial(file_path, site, item)
        )
    return routes


def _hex(site: SiteSpec, item: Disclosure) -> str:
    return hashlib.md5(f"{site.name}/{item.key}".encode()).hexdigest()
