"""Hanweb (大汉) style, GBK: ``/col/col1234/index.html`` holds the first records as CDATA in
``<script type="text/xml"><datastore>``; further records come from
``/module/web/jpage/dataproxy.jsp?startrecord=&endrecord=&perpage=`` (POST, GET works too).
The column page is served without any charset; downloads go through ``downfile.jsp`` with
a raw-GBK ``Content-Disposition`` file name."""

from __future__ import annotations

import hashlib
from datetime import date
from urllib.parse import quote

from fiscalwatch.demo.sites.model import Disclosure, RequestInfo, Resource, Routes, SiteSpec
from fiscalwatch.demo.sites.pages import (
    esc,
    html_resource,
    moment,
    own_page,
    page,
    truncate,
)

COLUMN_ID = 1234
UNIT_ID = 5678
START_PATH = f"/col/col{COLUMN_ID}/index.html"
PROXY_PATH = "/module/web/jpage/dataproxy.jsp"
DOWNLOAD_PATH = "/module/download/downfile.jsp"
GROUP_SIZE = 2
REPLACED_ON = date(2025, 12, 1)


def detail_path(site: SiteSpec, item: Disclosure) -> str:
    day = item.published
    return f"/art/{day.year}/{day.month}/{day.day}/art_{COLUMN_ID}_{_id(site, item)}.html"


def download_name(site: SiteSpec, item: Disclosure, index: int) -> str:
    digest = hashlib.sha1(f"{item.key}/{index}".encode()).hexdigest()[:16]
    return f"{digest}.{item.files[index].name.rsplit('.', 1)[-1]}"


def render(site: SiteSpec, state: str) -> Routes:
    routes = Routes()
    items = site.visible(state)
    per_page = site.page_size
    first = items[: per_page * GROUP_SIZE]
    records = "\n".join(f"<record><![CDATA[{_record(site, item)}]]></record>" for item in first)
    nextgroup = (
        f'<nextgroup><![CDATA[<a href="{PROXY_PATH}?page=1&appid=1&webid=1&path=/'
        f'&columnid={COLUMN_ID}&unitid={UNIT_ID}&webname=qc&permissiontype=0"></a>]]></nextgroup>'
    )
    body = (
        f'<div id="{UNIT_ID}"><script type="text/xml"><datastore>{nextgroup}'
        f"<recordset>{records}</recordset></datastore></script></div>\n"
        '<script language="javascript"'
        ' src="/module/jslib/jquery/jpage/jquery.page.min.js"></script>\n'
        f"<script>$(document).ready(function(){{$('#{UNIT_ID}').jpage({{dataStore:dataStore,"
        f"dataBefore:'<ul>',dataAfter:'</ul>',perPage:{per_page},showMode:'full',"
        f"allSearch:false,proxyUrl:'{PROXY_PATH}',groupSize:{GROUP_SIZE},objId:'{UNIT_ID}',"
        f"ajaxParam:{{col:1,appid:1,webid:1,path:'/',columnid:{COLUMN_ID},sourceContentType:1,"
        f"unitid:{UNIT_ID},webname:'qc',permissiontype:0}},totalRecord:{len(items)}}});}});</script>"
    )
    newest = items[0].published if items else None
    # Served as GBK with no charset anywhere: the crawler has to guess.
    routes.add(
        START_PATH,
        html_resource(
            page(f"部门决算 {site.title}", body, charset=None),
            encoding="gbk",
            header_charset=False,
            kind="list",
            modified=newest,
        ),
    )

    def proxy(request: RequestInfo) -> Resource | None:
        params = dict(request.query)
        if request.method == "POST" and request.body:
            params.update(_form(request.body))
        try:
            start = int(params.get("startrecord", "1"))
            end = int(params.get("endrecord", str(start + per_page - 1)))
        except ValueError:
            return None
        chosen = items[start - 1 : end]
        xml = (
            '<?xml version="1.0" encoding="UTF-8"?><datastore>'
            f"<totalrecord>{len(items)}</totalrecord><recordset>"
            + "".join(f"<record><![CDATA[{_record(site, item)}]]></record>" for item in chosen)
            + "</recordset></datastore>"
        )
        return Resource(xml.encode("utf-8"), "text/xml;charset=UTF-8", kind="list")

    routes.dynamic[PROXY_PATH] = proxy
    for item in items:
        routes.add(detail_path(site, item), _detail(site, item))
        for index, attached in enumerate(item.files):
            name_bytes = attached.name.encode("gbk")
            replaced = state == "after" and attached.replacement is not None
            routes.add(
                f"{DOWNLOAD_PATH}?classid=0&filename={download_name(site, item, index)}",
                Resource(
                    attached.data_in(state),
                    "application/octet-stream",
                    kind="file",
                    # Raw GBK bytes in the header, as these servers send them.
                    headers=(
                        (
                            "Content-Disposition",
                            'attachment; filename="{}"'.format(name_bytes.decode("latin-1")),
                        ),
                    ),
                    last_modified=moment(REPLACED_ON if replaced else item.published),
                ),
            )
    return routes


def _record(site: SiteSpec, item: Disclosure) -> str:
    return (
        f'<li><a href="{detail_path(site, item)}" title="{esc(item.title)}" target="_blank">'
        f"{esc(truncate(item.title, 16))}</a><span>[{item.published:%Y-%m-%d}]</span></li>"
    )


def _detail(site: SiteSpec, item: Disclosure) -> Resource:
    if item.page is not None:
        return own_page(item.page, item.published)
    links = "".join(
        f'<p><a href="{DOWNLOAD_PATH}?classid=0&amp;'
        f'filename={quote(download_name(site, item, i))}">'
        f"{esc(f.name)}</a></p>"
        for i, f in enumerate(item.files)
    )
    body = (
        f'<table class="article"><tr><td class="title">{esc(item.title)}</td></tr>'
        f"<tr><td>发布日期：{item.published:%Y-%m-%d}</td></tr>"
        f'<tr><td id="zoom">{item.inline_html or "<p>详见附件。</p>"}{links}</td></tr></table>'
    )
    head = f'<meta name="ArticleTitle" content="{esc(item.title)}">'
    return html_resource(
        page(f"{item.title}", body, charset="gb2312", extra_head=head),
        encoding="gbk",
        header_charset=False,
        kind="detail",
        modified=item.published,
    )


def _form(body: bytes) -> dict[str, str]:
    from urllib.parse import parse_qsl

    return dict(parse_qsl(body.decode("latin-1")))


def _id(site: SiteSpec, item: Disclosure) -> int:
    return 70000 + site.disclosures.index(item)
