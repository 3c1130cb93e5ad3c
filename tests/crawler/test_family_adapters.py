"""The portal family adapters and detail-page readers on saved pages (``pages/``, built
after real pages of each system, names and ids as found there)."""

from __future__ import annotations

from pathlib import Path

import pytest
from parsel import Selector

from fiscalwatch.crawler.adapters import detect_adapter
from fiscalwatch.crawler.adapters.base import PageView
from fiscalwatch.crawler.adapters.gkmlpt import GkmlptAdapter
from fiscalwatch.crawler.adapters.paged import numbered_pages
from fiscalwatch.crawler.adapters.pdfhtml import is_converted_document, is_converted_link
from fiscalwatch.crawler.adapters.vsb import VsbAdapter
from fiscalwatch.crawler.links import Link
from fiscalwatch.crawler.spiders.disclosure import attachment_links, explains_itself, metadata_date

PAGES = Path(__file__).parent / "pages"


def view(name: str, url: str) -> PageView:
    return PageView(url, (PAGES / name).read_text(encoding="utf-8"))


def test_vsb_pages_count_down_from_the_next_to_the_last() -> None:
    page = view("vsb_list.html", "http://www.hhml.gov.cn/zwgk/bmyjs.htm")
    assert detect_adapter(page).name == "vsb"
    parsed = VsbAdapter().parse(page)
    assert [p.url.rsplit("/", 1)[1] for p in parsed.pages] == [f"{n}.htm" for n in range(10, 0, -1)]
    assert parsed.pages[0].url == "http://www.hhml.gov.cn/zwgk/bmyjs/10.htm"
    assert "http://www.hhml.gov.cn/info/63461/871342.htm" in {e.url for e in parsed.entries}


def test_vsb_detail_metadata_date_and_download_jsp() -> None:
    selector = Selector(text=(PAGES / "vsb_detail.html").read_text(encoding="utf-8"))
    assert metadata_date(selector) == "2025-10-23"
    files = attachment_links(selector, "http://www.hhml.gov.cn/info/63461/871342.htm")
    assert [f.url for f in files] == [
        "http://www.hhml.gov.cn/system/_content/download.jsp?urltype=news.DownloadAttachUrl"
        "&owner=1587392451&wbfileid=17265421"
    ]
    assert not explains_itself(selector)  # 第一部分 only: the PDF is the disclosure


def test_gkmlpt_shell_then_json_pages() -> None:
    shell = view("gkmlpt_index.html", "https://www.qingxin.gov.cn/gkmlpt/index#2843")
    assert detect_adapter(shell).name == "gkmlpt"
    first = GkmlptAdapter().parse(shell).pages
    assert [p.url for p in first] == [
        "https://www.qingxin.gov.cn/gkmlpt/api/all/2843?page=1&sid=763009"
    ]
    api = view("gkmlpt_api_page1.json", first[0].url)
    assert detect_adapter(api).name == "gkmlpt"
    parsed = GkmlptAdapter().parse(api)
    assert [e.url for e in parsed.entries] == [
        "https://www.qingxin.gov.cn/zwgk/xxgk/zfxxgkml/qt/bmdt/content/post_2071901.html",
        "https://www.qingxin.gov.cn/gkmlpt/content/2/2843/post_2071800.html",
        "https://www.qingxin.gov.cn/gkmlpt/content/2/2843/post_2071700.html",
    ]
    assert parsed.entries[0].date == "2025-09-21"
    # 23 articles, 3 per page: pages 2..8, asked from page 1 only.
    assert [p.url.split("page=")[1] for p in parsed.pages] == [
        f"{n}&sid=763009" for n in range(2, 9)
    ]
    later = GkmlptAdapter().parse(
        view("gkmlpt_api_page1.json", first[0].url.replace("page=1", "page=2"))
    )
    assert later.pages == []


def test_hex_detail_generated_date_in_chinese_form() -> None:
    selector = Selector(text=(PAGES / "hex_detail.html").read_text(encoding="utf-8"))
    assert metadata_date(selector) == "2024-09-27"


def test_a_page_that_explains_itself_is_a_part() -> None:
    selector = Selector(text=(PAGES / "cq_detail.html").read_text(encoding="utf-8"))
    assert explains_itself(selector)
    files = attachment_links(selector, "http://www.cqyz.gov.cn/zwgk/202409/t20240920_1.html")
    assert [f.url.rsplit("/", 1)[1] for f in files] == ["P020240920123456789012.xls"]


@pytest.mark.parametrize(
    ("pager", "current", "expected"),
    [
        (
            {"1": "list.aspx?page=1", "2": "list.aspx?page=2", "5": "list.aspx?page=5"},
            "list.aspx?page=1",
            ["list.aspx?page=2", "list.aspx?page=3", "list.aspx?page=4", "list.aspx?page=5"],
        ),
        (
            {"1": "list.html", "2": "list_2.html", "3": "list_3.html"},
            "list.html",
            ["list_2.html", "list_3.html"],
        ),
        ({"1": "1.htm", "2": "2.htm", "4": "4.htm"}, "1.htm", ["2.htm", "3.htm", "4.htm"]),
    ],
)
def test_bare_page_numbers(pager: dict[str, str], current: str, expected: list[str]) -> None:
    base = "http://x.gov.cn/col/"
    links = [Link(base + url, number) for number, url in pager.items()]
    assert numbered_pages(links, base + current) == [base + u for u in expected]


def test_pdf_converted_to_html() -> None:
    assert is_converted_link("http://www.wuzhou.gov.cn/uploadFile/2024/0912/8F3A91C2D4E5B6A7.html")
    assert not is_converted_link("http://www.wuzhou.gov.cn/zwgk/2024/0912/t20240912_1.html")
    page = b'<html><head><meta name="generator" content="pdf2htmlEX"/></head><body></body></html>'
    assert is_converted_document(page)
    assert not is_converted_document(b"<html><body><p>404</p></body></html>")
