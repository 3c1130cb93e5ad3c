"""VSB/博达 style (云南, 四川, 甘肃): the column's first page is ``/xxgk/czyjs.htm``, later
pages count *down*: ``/xxgk/czyjs/N-1.htm`` … ``/xxgk/czyjs/1.htm`` (the oldest items);
details are ``/info/1021/ID.htm`` with a 索引号/发布机构/发布日期 block; attachments go
through ``/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=…&wbfileid=…``
named by Content-Disposition."""

from __future__ import annotations

from urllib.parse import quote

from fiscalwatch.demo.sites.model import Disclosure, Resource, Routes, SiteSpec
from fiscalwatch.demo.sites.pages import esc, file_content_type, html_resource, moment, page

START_PATH = "/xxgk/czyjs.htm"
COLUMN = "/xxgk/czyjs"


def detail_path(site: SiteSpec, item: Disclosure) -> str:
    return f"/info/1021/{_id(site, item)}.htm"


def download_path(site: SiteSpec, item: Disclosure, index: int) -> str:
    return (
        "/system/_content/download.jsp?urltype=news.DownloadAttachUrl"
        f"&owner=1587392{_id(site, item)}&wbfileid={_id(site, item) * 10 + index}"
    )


def render(site: SiteSpec, state: str) -> Routes:
    routes = Routes()
    items = site.visible(state)
    size = site.page_size
    chunks = [items[i : i + size] for i in range(0, len(items), size)] or [[]]
    count = len(chunks)
    for number, chunk in enumerate(chunks):
        # Page 0 is czyjs.htm; page k is czyjs/(count-k).htm, so page count-1 is 1.htm.
        path = START_PATH if number == 0 else f"{COLUMN}/{count - number}.htm"
        up = "" if number == 0 else "../"
        rows = "".join(
            f'<li id="line_u5_{i}"><a href="{up}../info/1021/{_id(site, item)}.htm" '
            f'target="_blank" title="{esc(item.title)}">{esc(item.title[:18])}</a>'
            f"<span>{item.published:%Y-%m-%d}</span></li>"
            for i, item in enumerate(chunk)
        )
        here = "czyjs/" if number == 0 else ""
        pager = [f'<span class="p_t">共{len(items)}条</span>']
        if number + 1 < count:
            pager.append(
                f'<span class="p_next p_fun"><a href="{here}{count - number - 1}.htm">'
                "下页</a></span>"
            )
            pager.append(f'<span class="p_last p_fun"><a href="{here}1.htm">尾页</a></span>')
        body = (
            f'<div class="list"><ul>{rows}</ul></div>'
            f'<div class="pb_sys_common pb_sys_normal">{"".join(pager)}</div>'
        )
        head = (
            '<META Name="keywords" Content="预决算公开"><meta name="_sitegray" content="_sitegray">'
        )
        routes.add(
            path,
            html_resource(page(f"预决算公开-{site.title}", body, extra_head=head), kind="list"),
        )
    for item in items:
        routes.add(detail_path(site, item), _detail(site, item))
        for index, attached in enumerate(item.files):
            routes.add(
                download_path(site, item, index),
                Resource(
                    attached.data_in(state),
                    file_content_type(attached.name),
                    kind="file",
                    headers=(
                        (
                            "Content-Disposition",
                            f"attachment; filename*=UTF-8''{quote(attached.name)}",
                        ),
                    ),
                    last_modified=moment(item.published),
                ),
            )
    return routes


def _detail(site: SiteSpec, item: Disclosure) -> Resource:
    links = "".join(
        f'<li>附件【<a href="{esc(download_path(site, item, i))}" target="_blank">'
        f"{esc(f.name)}</a>】</li>"
        for i, f in enumerate(item.files)
    )
    meta = (
        '<table class="xxgk_table"><tr><td>索引号</td>'
        f"<td>sjj/{item.published:%Y}-{_id(site, item):05d}</td>"
        f"<td>发布机构</td><td>{esc(item.department or site.title)}</td></tr>"
        f"<tr><td>发布日期</td><td>{item.published:%Y-%m-%d}</td><td>有效性</td><td>有效</td></tr></table>"
    )
    body = (
        f'{meta}<form name="_newscontent_fromname"><div class="content-title">'
        f"<h1>{esc(item.title)}</h1></div>"
        f'<div id="vsb_content">{item.inline_html or "<p>详见附件。</p>"}</div>'
        f'<ul style="list-style-type:none;">{links}</ul></form>'
    )
    return html_resource(
        page(f"{item.title}-{site.title}", body), kind="detail", modified=item.published
    )


def _id(site: SiteSpec, item: Disclosure) -> int:
    return 2200 + site.disclosures.index(item)
