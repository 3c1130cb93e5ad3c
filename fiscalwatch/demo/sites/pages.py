"""HTML shared by the site styles: page frame, truncated titles, HTTP dates."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import UTC, date, datetime

from fiscalwatch.demo.sites.model import Disclosure, Resource, Routes, SiteFile


def page(title: str, body: str, *, charset: str | None = "utf-8", extra_head: str = "") -> str:
    meta = (
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        if charset
        else ""
    )
    return (
        "<!DOCTYPE html>\n<html><head>"
        f"{meta}<title>{esc(title)}</title>{extra_head}</head>\n"
        '<body><div class="header"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a>'
        ' | <a href="/admin/login.html">管理登录</a></div>\n'
        f"{body}\n"
        '<div class="footer">主办单位：青川市人民政府办公室 '
        '<a href="/sitemap.html">网站地图</a></div>'
        "</body></html>\n"
    )


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def truncate(title: str, length: int = 14) -> str:
    """What CMS listings show: the first characters and an ellipsis."""
    return title if len(title) <= length else title[:length] + "…"


def moment(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)


def html_resource(
    text: str,
    *,
    encoding: str = "utf-8",
    header_charset: bool = True,
    kind: str = "page",
    modified: date | None = None,
) -> Resource:
    content_type = f"text/html; charset={encoding}" if header_charset else "text/html"
    return Resource(
        text.encode(encoding),
        content_type,
        kind=kind,
        last_modified=moment(modified) if modified else None,
    )


def file_content_type(name: str) -> str:
    extension = name.rsplit(".", 1)[-1].lower()
    return {
        "pdf": "application/pdf",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls": "application/vnd.ms-excel",
        "doc": "application/msword",
    }.get(extension, "application/octet-stream")


def own_page(body: bytes, published: date) -> Resource:
    """A disclosure's own HTML page, served byte for byte (its meta tag names the charset)."""
    return Resource(body, "text/html", kind="detail", last_modified=moment(published))


def attachment_resource(attached: SiteFile, state: str, published: date) -> Resource:
    """An attachment as the site serves it in ``state``, dated ``published``."""
    return Resource(
        attached.data_in(state),
        file_content_type(attached.name),
        kind="file",
        last_modified=moment(published),
    )


def add_detail_with_files(
    routes: Routes,
    item: Disclosure,
    state: str,
    detail: str,
    body: str,
    file_at: Callable[[int], str],
) -> None:
    """A disclosure's detail page at ``detail`` and its attachments at ``file_at(i)``."""
    routes.add(
        detail, html_resource(page(item.title, body), kind="detail", modified=item.published)
    )
    for index, attached in enumerate(item.files):
        routes.add(file_at(index), attachment_resource(attached, state, item.published))
