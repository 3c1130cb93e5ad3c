"""Two-level style: a department index (a ``<select>`` jump menu plus links) leads to one
page per department listing its years, where an item says only "2024年度部门决算".
Links hide in ``onclick="window.open('…')"``, ``javascript:openFile('…')`` hrefs and a
pdf.js viewer (``viewer.html?file=<url-encoded path>``) inside an iframe."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from fiscalwatch.demo.sites.model import Disclosure, Resource, Routes, SiteSpec
from fiscalwatch.demo.sites.pages import (
    attachment_resource,
    esc,
    html_resource,
    own_page,
    page,
)

START_PATH = "/bmjs/index.html"
REPLACED_ON = date(2025, 12, 1)


def department_code(item: Disclosure) -> str:
    return item.key.split("-", 1)[0]


def file_path(item: Disclosure, index: int) -> str:
    extension = item.files[index].name.rsplit(".", 1)[-1]
    return f"/uploads/{department_code(item)}/{item.key}-{index}.{extension}"


def render(site: SiteSpec, state: str) -> Routes:
    routes = Routes()
    items = site.visible(state)
    departments: dict[str, str] = {}
    for item in sorted(site.disclosures, key=lambda d: d.key):
        if item.department:
            departments.setdefault(department_code(item), item.department)
    options = "".join(
        f'<option value="/bmjs/{code}/index.html">{esc(name)}</option>'
        for code, name in departments.items()
    )
    links = "".join(
        f'<li><a href="{code}/index.html" target="_blank">{esc(name)}</a></li>'
        for code, name in departments.items()
    )
    notices = "".join(
        f'<li><a href="/tzgg/{item.key}.html" title="{esc(item.title)}">{esc(item.title)}</a>'
        f"<span>{item.published:%Y-%m-%d}</span></li>"
        for item in items
        if item.is_noise
    )
    body = (
        '<div class="jump">部门导航：'
        '<select onchange="window.open(this.options[this.selectedIndex].value)">'
        f'<option value="">--请选择部门--</option>{options}</select></div>'
        f'<ul class="departments">{links}</ul><h3>通知公告</h3><ul class="notices">{notices}</ul>'
    )
    routes.add(START_PATH, html_resource(page(f"部门预决算公开 {site.title}", body), kind="list"))
    for item in items:
        if item.is_noise:
            routes.add(f"/tzgg/{item.key}.html", html_resource(page(item.title, "<p>通知</p>")))
    for code, name in departments.items():
        own = [item for item in items if item.department and department_code(item) == code]
        rows = "".join(
            f"<li>{_item_link(item)}<span>{item.published:%Y-%m-%d}</span></li>" for item in own
        )
        routes.add(
            f"/bmjs/{code}/index.html",
            html_resource(
                page(f"{name} 预决算公开", f"<h2>{esc(name)}</h2><ul class='years'>{rows}</ul>"),
                kind="list",
                modified=own[0].published if own else None,
            ),
        )
        for item in own:
            if _variant(item) != 1:
                routes.add(f"/bmjs/{code}/{item.key}.html", _detail(item))
            for index, attached in enumerate(item.files):
                replaced = state == "after" and attached.replacement is not None
                routes.add(
                    file_path(item, index),
                    attachment_resource(
                        attached, state, REPLACED_ON if replaced else item.published
                    ),
                )
    routes.add(
        "/pdfjs/web/viewer.html",
        html_resource(page("PDF.js viewer", "<div id='viewerContainer'></div>")),
    )
    return routes


def _variant(item: Disclosure) -> int:
    return sum(item.key.encode()) % 3


def _item_link(item: Disclosure) -> str:
    text = esc(item.short_title or item.title)
    code = department_code(item)
    variant = _variant(item)
    if variant == 0:
        return (
            f'<a href="javascript:void(0)" onclick="window.open(\'/bmjs/{code}/{item.key}.html\')">'
            f"{text}</a>"
        )
    if variant == 1 and item.files:
        return f"<a href=\"javascript:openFile('{file_path(item, 0)}')\">{text}</a>"
    return f'<a href="{item.key}.html">{text}</a>'


def _detail(item: Disclosure) -> Resource:
    if item.page is not None:
        return own_page(item.page, item.published)
    heading = esc(item.short_title or item.title)
    if _variant(item) == 0 and item.files:
        viewer = f"/pdfjs/web/viewer.html?file={quote(file_path(item, 0), safe='')}"
        content = f'<iframe src="{viewer}" width="100%" height="800"></iframe>'
    else:
        content = "".join(
            f'<p><a href="{file_path(item, i)}">{esc(f.name)}</a></p>'
            for i, f in enumerate(item.files)
        )
    return html_resource(
        page(heading, f"<h1>{heading}</h1>{item.inline_html or ''}{content}"),
        kind="detail",
        modified=item.published,
    )
