"""Home-made ASP.NET style: ``list.aspx?page=N`` with 下一页/尾页 links, ``show.aspx?id=N``
details, attachments behind ``Download.ashx?id=N`` (no extension) named by
``Content-Disposition`` in RFC 5987 form or as raw GBK bytes, alternately."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from fiscalwatch.demo.sites.model import Disclosure, Resource, Routes, SiteSpec
from fiscalwatch.demo.sites.pages import (
    esc,
    file_content_type,
    html_resource,
    moment,
    own_page,
    page,
    truncate,
)

START_PATH = "/list.aspx"
REPLACED_ON = date(2025, 12, 1)


def detail_path(site: SiteSpec, item: Disclosure) -> str:
    return f"/show.aspx?id={_id(site, item)}"


def download_path(site: SiteSpec, item: Disclosure, index: int) -> str:
    return f"/Download.ashx?id={_id(site, item) * 10 + index}"


def render(site: SiteSpec, state: str) -> Routes:
    routes = Routes()
    items = site.visible(state)
    size = site.page_size
    chunks = [items[i : i + size] for i in range(0, len(items), size)] or [[]]
    last = len(chunks)
    for number, chunk in enumerate(chunks, start=1):
        rows = "\n".join(
            f'<tr><td><a href="show.aspx?id={_id(site, item)}" title="{esc(item.title)}">'
            f"{esc(truncate(item.title, 15))}</a></td><td>{item.published:%Y-%m-%d}</td></tr>"
            for item in chunk
        )
        pager = [f"<span>第{number}/{last}页</span>", '<a href="list.aspx?page=1">首页</a>']
        if number > 1:
            pager.append(f'<a href="list.aspx?page={number - 1}">上一页</a>')
        if number < last:
            pager.append(f'<a href="list.aspx?page={number + 1}">下一页</a>')
        pager.append(f'<a href="list.aspx?page={last}">尾页</a>')
        body = f'<table class="list">{rows}</table><div class="pager">{" ".join(pager)}</div>'
        resource = html_resource(
            page(f"预决算公开 - {site.title}", body),
            header_charset=False,
            kind="list",
            modified=chunk[0].published if chunk else None,
        )
        routes.add(f"{START_PATH}?page={number}", resource)
        if number == 1:
            routes.add(START_PATH, resource)
    for item in items:
        routes.add(detail_path(site, item), _detail(site, item))
        for index, attached in enumerate(item.files):
            replaced = state == "after" and attached.replacement is not None
            routes.add(
                download_path(site, item, index),
                Resource(
                    attached.data_in(state),
                    file_content_type(attached.name),
                    kind="file",
                    headers=(
                        (
                            "Content-Disposition",
                            _disposition(attached.name, index + _id(site, item)),
                        ),
                    ),
                    last_modified=moment(REPLACED_ON if replaced else item.published),
                ),
            )
    return routes


def _disposition(name: str, salt: int) -> str:
    if salt % 2:
        return 'attachment; filename="{}"'.format(name.encode("gbk").decode("latin-1"))
    return f"attachment; filename*=UTF-8''{quote(name)}"


def _detail(site: SiteSpec, item: Disclosure) -> Resource:
    if item.page is not None:
        return own_page(item.page, item.published)
    links = "".join(
        f'<li><a href="Download.ashx?id={_id(site, item) * 10 + i}">{esc(f.name)}</a></li>'
        for i, f in enumerate(item.files)
    )
    body = (
        f'<div class="content"><div class="bt">{esc(item.title)}</div>'
        f'<div class="nr">{item.inline_html or "<p>请下载附件查看。</p>"}</div>'
        f'<ul class="fj">{links}</ul></div>'
    )
    return html_resource(
        page(f"{item.title} - {site.title}", body),
        header_charset=False,
        kind="detail",
        modified=item.published,
    )


def _id(site: SiteSpec, item: Disclosure) -> int:
    return 300 + site.disclosures.index(item)
