"""CMS adapters and link extraction on page snippets (no network)."""

from __future__ import annotations

from parsel import Selector

from fiscalwatch.crawler.adapters import detect_adapter
from fiscalwatch.crawler.adapters.base import ListPage, PageView
from fiscalwatch.crawler.adapters.hanweb import HanwebAdapter
from fiscalwatch.crawler.adapters.paged import PagedAdapter
from fiscalwatch.crawler.adapters.trs import pagination_call
from fiscalwatch.crawler.links import extract_links

BASE = "http://gov.example/zwgk/czyjs/bmjs/index.html"


def test_create_page_html_variants() -> None:
    assert pagination_call('createPageHTML(6, 0, "index", "html");') == (6, "index", "html")
    assert pagination_call("createPageHTML('page_div',12,1,'index','shtml',58);") == (
        12,
        "index",
        "shtml",
    )
    template = (
        "var currentPage = 0;//所在页从0开始\nvar countPage = 7//共多少页\n"
        'createPageHTML(countPage, currentPage, "index", "html");'
    )
    assert pagination_call(template) == (7, "index", "html")
    assert pagination_call("<p>no pager</p>") is None


def test_trs_pages_come_from_the_script_not_from_links() -> None:
    text = (
        '<ul><li><a href="./202408/t20240815_1.html">a</a></li></ul>'
        '<script>createPageHTML(3, 0, "index", "html");</script>'
    )
    page = PageView(BASE, text)
    adapter = detect_adapter(page)
    assert adapter.name == "trs"
    assert [p.url for p in adapter.parse(page).pages] == [
        "http://gov.example/zwgk/czyjs/bmjs/index_1.html",
        "http://gov.example/zwgk/czyjs/bmjs/index_2.html",
    ]


def test_hanweb_records_and_proxy_windows() -> None:
    text = (
        '<div id="5678"><script type="text/xml"><datastore><nextgroup><![CDATA['
        '<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=1&columnid=9"></a>]]></nextgroup>'
        "<recordset><record><![CDATA[<li><a href='/art/2025/8/1/art_9_1.html'"
        " title='青川市教育局2024年度部门决算公开'>青川市教育…</a>"
        "<span>2025-08-01</span></li>]]></record>"
        "<record><![CDATA[<li><a href='/art/2025/8/2/art_9_2.html'"
        " title='青川市财政局2024年度部门决算公开'>青川市财政…</a></li>]]></record>"
        "</recordset></datastore></script></div>"
        "<script>$('#5678').jpage({perPage:2,groupSize:1,proxyUrl:'/module/web/jpage/dataproxy.jsp',"
        "ajaxParam:{col:1,webid:1,columnid:9,webname:'qc'},totalRecord:5});</script>"
    )
    page = PageView("http://gov.example/col/col9/index.html", text)
    assert detect_adapter(page).name == "hanweb"
    parsed = HanwebAdapter().parse(page)
    assert [e.text for e in parsed.entries] == [
        "青川市教育局2024年度部门决算公开",
        "青川市财政局2024年度部门决算公开",
    ]
    assert parsed.entries[0].date == "2025-08-01"
    windows = [p.url.split("?")[1] for p in parsed.pages]
    assert windows == [
        "startrecord=3&endrecord=4&perpage=2",
        "startrecord=5&endrecord=5&perpage=2",
    ]
    assert all(p.method == "POST" and "columnid=9" in (p.body or "") for p in parsed.pages)
    assert "columnid=9" in (parsed.pages[0].get_fallback or "")


def test_paged_expands_to_the_last_page() -> None:
    text = (
        '<table><tr><td><a href="show.aspx?id=1" title="青川市教育局2024年度部门决算公开">'
        "青川…</a></td></tr></table>"
        '<a href="list.aspx?page=1">首页</a><a href="list.aspx?page=2">下一页</a>'
        '<a href="list.aspx?page=4">尾页</a>'
    )
    page = PageView("http://gov.example/list.aspx", text)
    assert detect_adapter(page).name == "paged"
    assert [p.url for p in PagedAdapter().parse(page).pages] == [
        "http://gov.example/list.aspx?page=2",
        "http://gov.example/list.aspx?page=3",
        "http://gov.example/list.aspx?page=4",
    ]


def test_department_index_from_a_jump_menu() -> None:
    text = (
        '<select onchange="window.open(this.value)"><option value="">--请选择部门--</option>'
        '<option value="/bmjs/jyj/index.html">青川市教育局</option>'
        '<option value="/bmjs/czj/index.html">青川市财政局</option></select>'
        '<a href="/tzgg/1.html">关于做好2024年度部门决算公开工作的通知</a>'
    )
    page = PageView("http://gov.example/bmjs/index.html", text)
    adapter = detect_adapter(page)
    assert adapter.name == "deptindex"
    parsed = adapter.parse(page)
    assert [(d.url, d.text) for d in parsed.departments] == [
        ("http://gov.example/bmjs/jyj/index.html", "青川市教育局"),
        ("http://gov.example/bmjs/czj/index.html", "青川市财政局"),
    ]


def test_hidden_links() -> None:
    html = """
    <a href="javascript:void(0)" onclick="window.open('/bmjs/jyj/2024js.html')">2024年度部门决算</a>
    <a href="javascript:openFile('/uploads/jyj/2023js.pdf')">2023年度部门决算</a>
    <a href="./P020240815.pdf" OLDSRC="/protect/P020240815.pdf">附件.pdf</a>
    <a href="javascript:;" OLDSRC="W020240815.pdf">附件2.pdf</a>
    <iframe src="/pdfjs/web/viewer.html?file=%2Fuploads%2Fjyj%2F2022js.pdf"></iframe>
    <a href="#">top</a><a href="mailto:x@example.org">mail</a>
    """
    urls = [link.url for link in extract_links(Selector(text=html), BASE)]
    assert urls == [
        "http://gov.example/bmjs/jyj/2024js.html",
        "http://gov.example/uploads/jyj/2023js.pdf",
        "http://gov.example/zwgk/czyjs/bmjs/P020240815.pdf",
        "http://gov.example/zwgk/czyjs/bmjs/W020240815.pdf",
        "http://gov.example/uploads/jyj/2022js.pdf",
    ]


def test_truncated_text_yields_to_the_title_attribute() -> None:
    html = (
        '<li><a href="a.html" title="青川市教育局2024年度部门决算公开">青川市教育局2024…</a>'
        "<span>2025-08-01</span></li>"
    )
    (link,) = extract_links(Selector(text=html), BASE)
    assert (link.text, link.date) == ("青川市教育局2024年度部门决算公开", "2025-08-01")


def test_list_page_round_trips_through_json() -> None:
    page = PageView(
        BASE,
        '<a href="./202408/t20240815_1.html" title="t">x</a>'
        '<script>createPageHTML(2,0,"index","html")</script>',
    )
    parsed = detect_adapter(page).parse(page)
    assert ListPage.from_json(parsed.to_json()) == parsed
