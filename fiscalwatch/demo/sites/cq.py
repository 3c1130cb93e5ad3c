"""重庆-style 决算公开说明 pages: the detail page *is* the explanation (一、部门基本情况
…), and the tables are attachments (a workbook and a PDF), listed in TRS style
(``index.html``, ``index_1.html`` by ``createPageHTML``). The page and its attachments
are one disclosure in parts."""

from __future__ import annotations

from fiscalwatch.demo.sites.model import Disclosure, Routes, SiteSpec
from fiscalwatch.demo.sites.pages import (
    attachment_resource,
    esc,
    html_resource,
    page,
)

COLUMN = "/zwgk_cq/czyjs/"
START_PATH = COLUMN + "index.html"


def detail_path(site: SiteSpec, item: Disclosure) -> str:
    return f"{item.published:%Y%m}/t{item.published:%Y%m%d}_{_id(site, item)}.html"


def render(site: SiteSpec, state: str) -> Routes:
    routes = Routes()
    items = site.visible(state)
    size = site.page_size
    chunks = [items[i : i + size] for i in range(0, len(items), size)] or [[]]
    for number, chunk in enumerate(chunks):
        rows = "".join(
            f'<li><a href="./{detail_path(site, item)}" title="{esc(item.title)}">'
            f"{esc(item.title)}</a>"
            f"<span>{item.published:%Y-%m-%d}</span></li>"
            for item in chunk
        )
        script = f'<script>createPageHTML({len(chunks)}, {number}, "index", "html");</script>'
        name = "index.html" if number == 0 else f"index_{number}.html"
        routes.add(
            COLUMN + name,
            html_resource(
                page(f"财政预决算-{site.title}", f"<ul>{rows}</ul>{script}"), kind="list"
            ),
        )
    for item in items:
        links = "".join(
            f'<p><a href="./{_file(site, item, i)}">{esc(f.name)}</a></p>'
            for i, f in enumerate(item.files)
        )
        explanation = item.inline_html or _explanation(item)
        body = (
            f'<div class="zw-title">{esc(item.title)}</div>'
            f'<div class="zw-info">发布日期：{item.published:%Y-%m-%d}</div>'
            f'<div class="view TRS_UEDITOR">{explanation}</div><div class="fj">附件：{links}</div>'
        )
        head = f'<meta name="ArticleTitle" content="{esc(item.title)}">'
        routes.add(
            COLUMN + detail_path(site, item),
            html_resource(
                page(item.title, body, extra_head=head), kind="detail", modified=item.published
            ),
        )
        for index, attached in enumerate(item.files):
            routes.add(
                COLUMN + f"{item.published:%Y%m}/" + _file(site, item, index),
                attachment_resource(attached, state, item.published),
            )
    return routes


def _explanation(item: Disclosure) -> str:
    if item.is_noise:
        return "<p>详见附件。</p>"
    name = esc(item.department or "")
    return (
        f"<p>一、{name}基本情况</p><p>（一）职能职责</p><p>{name}贯彻执行国家和市有关方针政策，"
        "负责本行业的规划、管理和监督工作，承担区委、区政府交办的其他任务。</p>"
        "<p>（二）机构设置</p><p>内设科室6个，下属事业单位2个，纳入本年度决算编制范围。</p>"
        f"<p>二、{item.fiscal_year}年度部门决算情况说明</p>"
        "<p>（一）收入支出决算总体情况说明：收入总计1234.56万元，支出总计1234.56万元。</p>"
        "<p>决算公开表详见附件。</p>"
    )


def _file(site: SiteSpec, item: Disclosure, index: int) -> str:
    extension = item.files[index].name.rsplit(".", 1)[-1]
    return f"P0{item.published:%Y%m%d}{_id(site, item)}{index:02d}.{extension}"


def _id(site: SiteSpec, item: Disclosure) -> int:
    return 7700 + site.disclosures.index(item)
