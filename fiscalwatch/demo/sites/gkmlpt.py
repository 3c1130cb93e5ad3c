"""Guangdong's gkmlpt (政府信息公开目录平台): ``/gkmlpt/index`` is a JavaScript app shell
holding the site id (``SID: '755001'``); the listing comes from
``/gkmlpt/api/all/{category}?page=N&sid=SID`` as JSON (``total`` and ``articles`` with
``title``, ``url``, ``create_time``, ``publisher``, ``identifier``); details are
``/gkmlpt/content/1/{category}/post_ID.html`` with the files attached."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time
from functools import partial

from fiscalwatch.demo.sites.model import Disclosure, RequestInfo, Resource, Routes, SiteSpec
from fiscalwatch.demo.sites.pages import (
    add_detail_with_files,
    esc,
    html_resource,
    page,
)

START_PATH = "/gkmlpt/index#2843"
SID = "755001"
CATEGORY = "2843"


def detail_path(site: SiteSpec, item: Disclosure) -> str:
    return f"/gkmlpt/content/1/{CATEGORY}/post_{_id(site, item)}.html"


def file_path(site: SiteSpec, item: Disclosure, index: int) -> str:
    extension = item.files[index].name.rsplit(".", 1)[-1]
    return f"/attachment/0/{_id(site, item)}/{_id(site, item)}{index}.{extension}"


def render(site: SiteSpec, state: str) -> Routes:
    routes = Routes()
    items = site.visible(state)
    shell = (
        '<div id="app"></div><script>window._CONFIG = {SID: \'' + SID + "', "
        "BASE: '/gkmlpt/'};</script><script src=\"/gkmlpt/static/app.js\"></script>"
    )
    routes.add(
        "/gkmlpt/index", html_resource(page(f"政府信息公开-{site.title}", shell), kind="list")
    )

    def api(info: RequestInfo) -> Resource | None:
        if info.query.get("sid") != SID:
            return None
        number = int(info.query.get("page", "1") or 1)
        chunk = items[(number - 1) * site.page_size : number * site.page_size]
        articles = [
            {
                "id": _id(site, item),
                "title": item.title,
                "url": detail_path(site, item),
                "create_time": int(datetime.combine(item.published, time(), UTC).timestamp()),
                "publisher": item.department or site.title,
                "identifier": f"11440300MB2C{_id(site, item):05d}/{item.published:%Y}-00001",
            }
            for item in chunk
        ]
        body = json.dumps({"total": len(items), "articles": articles}, ensure_ascii=False)
        return Resource(body.encode(), "application/json; charset=utf-8", kind="list")

    routes.dynamic[f"/gkmlpt/api/all/{CATEGORY}"] = api
    for item in items:
        links = "".join(
            f'<p><a href="{file_path(site, item, i)}">{esc(f.name)}</a></p>'
            for i, f in enumerate(item.files)
        )
        body = (
            '<div class="classify"><table><tr><td>索引号：</td>'
            f"<td>11440300MB2C{_id(site, item):05d}/{item.published:%Y}-00001</td>"
            f"<td>发布机构：</td><td>{esc(item.department or site.title)}</td></tr>"
            f"<tr><td>生成日期：</td><td>{item.published:%Y-%m-%d}</td></tr></table></div>"
            f'<div class="article"><h1 class="title">{esc(item.title)}</h1>'
            f'<div class="article-content">{item.inline_html or "<p>详见附件。</p>"}'
            f"{links}</div></div>"
        )
        add_detail_with_files(
            routes, item, state, detail_path(site, item), body, partial(file_path, site, item)
        )
    return routes


def _id(site: SiteSpec, item: Disclosure) -> int:
    return 4100000 + site.disclosures.index(item)
