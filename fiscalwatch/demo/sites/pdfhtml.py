"""A city platform serving PDFs converted to HTML (广西 梧州): list pages ``list.html``,
``list_2.html`` … linked only by page numbers; each detail page links its disclosure as
``/uploadFile/YYYY/MMDD/<HEX>.html``, a pdf2htmlEX page rather than a PDF."""

from __future__ import annotations

import hashlib

from fiscalwatch.demo.sites.model import Disclosure, Routes, SiteSpec
from fiscalwatch.demo.sites.pages import esc, html_resource, page

COLUMN = "/zfxxgk/czyjs/"
START_PATH = COLUMN + "list.html"


def converted_path(site: SiteSpec, item: Disclosure) -> str:
    digest = hashlib.sha1(f"{site.name}/{item.key}".encode()).hexdigest().upper()[:24]
    return f"/uploadFile/{item.published:%Y}/{item.published:%m%d}/{digest}.html"


def render(site: SiteSpec, state: str) -> Routes:
    routes = Routes()
    items = site.visible(state)
    size = site.page_size
    chunks = [items[i : i + size] for i in range(0, len(items), size)] or [[]]
    numbers = "".join(
        f'<a href="{"list.html" if n == 1 else f"list_{n}.html"}">{n}</a> '
        for n in range(1, len(chunks) + 1)
    )
    for number, chunk in enumerate(chunks, start=1):
        rows = "".join(
            f'<tr><td><a href="show_{site.disclosures.index(item)}.html" title="{esc(item.title)}">'
            f"{esc(item.title)}</a></td><td>{item.published:%Y-%m-%d}</td></tr>"
            for item in chunk
        )
        name = "list.html" if number == 1 else f"list_{number}.html"
        body = f'<table class="list">{rows}</table><div class="pagination">{numbers}</div>'
        routes.add(COLUMN + name, html_resource(page(f"预决算-{site.title}", body), kind="list"))
    for item in items:
        target = converted_path(site, item)
        body = (
            f"<h1>{esc(item.title)}</h1><p>发布时间：{item.published:%Y-%m-%d}</p>"
            f'<iframe src="{target}" width="100%"></iframe><p><a href="{target}">查看全文</a></p>'
        )
        routes.add(
            f"{COLUMN}show_{site.disclosures.index(item)}.html",
            html_resource(page(item.title, body), kind="detail", modified=item.published),
        )
        text = (
            item.inline_html
            or f"<p>{esc(item.title)}</p><p>第一部分 部门概况</p><p>收入支出决算总表</p>"
        )
        converted = (
            '<!DOCTYPE html><html><head><meta charset="utf-8">'
            '<meta name="generator" content="pdf2htmlEX"></head><body>'
            f'<div id="page-container"><div class="pf" id="pf1"><div class="pc">{text}'
            f'<div class="t">{esc(item.key)}</div></div></div></div></body></html>'
        )
        routes.add(target, html_resource(converted, kind="file", modified=item.published))
    return routes
