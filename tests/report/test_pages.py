"""The pages of the report, read back as HTML: what a reader sees for the sample store."""

from __future__ import annotations

from lxml import html

from fiscalwatch.report import build_report
from tests.report.conftest import Site
from tests.report.sample import (
    AUDIT,
    BAISHUI,
    EDITORIAL,
    EDUCATION,
    FARMING,
    FINANCE,
    HEALTH,
    QINGCHUAN,
    TRANSPORT,
    add_finding,
    sample_config,
)


def matrix_row(tree: html.HtmlElement, department: str) -> html.HtmlElement:
    for row in tree.cssselect("table.matrix tbody tr[data-search]"):
        if row.cssselect("th.dept")[0].text_content().strip() == department:
            return row
    raise AssertionError(f"{department} is not in the overview")


def states(tree: html.HtmlElement, department: str) -> list[str]:
    row = matrix_row(tree, department)
    return [
        next(c for c in cell.classes if c.startswith("s-"))[2:] for cell in row.cssselect("td.cell")
    ]


def test_summary_counts_pages_departments_findings(site: Site) -> None:
    # index, findings, sources, and one page per department
    assert site.summary.departments == 7
    assert site.summary.pages == 3 + 7
    assert site.summary.findings == 9
    assert site.summary.files_copied == site.summary.documents == 14
    assert sorted(p.name for p in site.out.glob("*.html")) == [
        "findings.html",
        "index.html",
        "sources.html",
    ]


def test_overview_has_one_matrix_per_region_with_its_years(site: Site) -> None:
    tree = site.page("index.html")
    regions = tree.cssselect("section.region")
    assert [r.cssselect("h2")[0].text for r in regions] == [BAISHUI, QINGCHUAN]
    baishui, qingchuan = (r.cssselect("table.matrix")[0] for r in regions)
    assert [th.text for th in qingchuan.cssselect("thead th.year")] == ["2022", "2023", "2024"]
    assert [th.text for th in baishui.cssselect("thead th.year")] == ["2023", "2024"]
    assert len(qingchuan.cssselect("tbody tr[data-search]")) == 4
    assert len(baishui.cssselect("tbody tr[data-search]")) == 3


def test_overview_cells_say_on_time_late_missing_removed(site: Site) -> None:
    tree = site.page("index.html")
    assert states(tree, FINANCE) == ["on_time", "on_time", "on_time"]
    assert states(tree, EDITORIAL) == ["on_time", "on_time", "missing"]
    assert states(tree, EDUCATION) == ["none", "late", "on_time"]
    assert states(tree, HEALTH) == ["none", "none", "removed"]
    # No publication date, found by the source's first crawl after the deadline: unknown.
    assert states(tree, AUDIT) == ["published", "on_time"]
    # Unreadable is still published: the file is online.
    assert states(tree, FARMING) == ["none", "on_time"]
    late = matrix_row(tree, EDUCATION).cssselect("td.cell")[1]
    assert "2024-11-05" in late.get("title") and "2024-09-30" in late.get("title")


def test_overview_counts_open_findings_by_severity(site: Site) -> None:
    tree = site.page("index.html")
    critical, warning, info = matrix_row(tree, EDITORIAL).cssselect("td.sevcount")
    assert (critical.get("data-value"), warning.get("data-value"), info.get("data-value")) == (
        "1",
        "0",
        "0",
    )
    # The resolved missing_section finding of 2023 is not counted.
    assert [c.get("data-value") for c in matrix_row(tree, EDUCATION).cssselect("td.sevcount")] == [
        "0",
        "1",
        "0",
    ]
    assert "critical" in matrix_row(tree, HEALTH).get("data-state").split()
    assert "missing" in matrix_row(tree, EDITORIAL).get("data-state").split()
    stats = {
        s.cssselect(".label")[0].text_content(): s.cssselect(".value")[0].text
        for s in tree.cssselect(".stat")
    }
    assert stats["逾期未公开"] == "1" and stats["逾期公开"] == "1" and stats["公开后被撤下"] == "1"


def test_department_page_shows_figures_across_years_and_charts(site: Site) -> None:
    tree = site.department_page(FINANCE)
    rows = {
        row.cssselect("th")[0].text: [td.cssselect(".v")[0].text for td in row.cssselect("td")]
        for row in tree.cssselect("table.figures-table tbody tr")
    }
    assert rows["支出总计"] == ["1,800.00", "2,100.00", "2,300.00"]
    assert rows["财政拨款“三公”经费支出"] == ["12.40", "10.90", "9.70"]
    assert rows["机关运行经费"] == ["80.10", "84.60", "88.20"]
    flagged = tree.cssselect("table.figures-table td.flagged")
    assert len(flagged) == 1  # 2024 三公, the subject of the open inconsistent_figures finding
    assert flagged[0].cssselect(".v")[0].text == "9.70"
    assert flagged[0].cssselect("a.flag")[0].get("href") == f"#f-{site.ids['f_inconsistent']}"
    captions = [c.text for c in tree.cssselect("figure.chart-card figcaption")]
    assert captions[:3] == ["支出总计", "财政拨款“三公”经费支出", "机关运行经费"]
    chart = tree.cssselect("figure.chart-card svg.chart")[0]
    assert len(chart.cssselect("rect.bar")) == 3
    assert [t.text for t in chart.cssselect("text.year")] == ["2022", "2023", "2024"]


def test_department_page_links_originals_and_stored_copies(site: Site) -> None:
    tree = site.department_page(FINANCE)
    rows = tree.cssselect("table.docs-table tbody tr")
    assert len(rows) == 3
    first = rows[0]
    original = first.cssselect("td.title a")[0]
    assert original.get("href").startswith("http://127.0.0.1/qingchuan/")
    copy = next(a for a in first.cssselect("a") if a.text == "下载存档")
    href = copy.get("href")
    assert href.startswith("../files/") and href.endswith(".pdf")
    stored = site.out / "departments" / href
    document = site.store.db.table("documents").get(site.ids["finance_2024"])
    assert stored.read_bytes() == site.store.files.read(document["sha256"])


def test_department_page_findings_carry_evidence_page_and_snippet(site: Site) -> None:
    tree = site.department_page(FINANCE)
    card = tree.cssselect(f"article#f-{site.ids['f_inconsistent']}")[0]
    assert "不等于各项之和" in card.cssselect(".message")[0].text
    evidence = {
        d.cssselect("dt")[0].text: d.cssselect("dd")[0].text for d in card.cssselect("dl div")
    }
    assert evidence == {"指标": "财政拨款“三公”经费支出", "文中数": "9.70", "计算数": "10.20"}
    assert "其中公务接待费3.41万元" in card.cssselect("blockquote.snippet")[0].text
    assert card.cssselect("blockquote cite")[0].text == "原文第 8 页"
    page_link = next(a for a in card.cssselect("footer a") if a.text.startswith("存档"))
    assert page_link.get("href").endswith(".pdf#page=8")


def test_replaced_file_keeps_its_old_version_on_the_page(site: Site) -> None:
    tree = site.department_page(TRANSPORT)
    tags = [t.text_content() for t in tree.cssselect("table.docs-table .tag")]
    assert tags == ["旧版本，已被替换"]
    copies = [a.get("href") for a in tree.cssselect("table.docs-table a") if a.text == "下载存档"]
    assert len(set(copies)) == 3  # 2023, 2024 and the replaced 2024 version
    changed = tree.cssselect(f"article#f-{site.ids['f_changed']} dl")[0].text_content()
    assert "财政拨款“三公”经费支出 17.00 → 14.00" in changed


def test_removed_and_unreadable_documents_are_marked(site: Site) -> None:
    health = site.department_page(HEALTH)
    assert "已撤下" in health.cssselect("table.docs-table .tag-removed")[0].text_content()
    assert health.cssselect("ol.timeline li.s-removed .tile-state")[0].text == "已撤下"
    farming = site.department_page(FARMING)
    assert farming.cssselect("table.docs-table .docstatus")[0].text == "无法读取"


def test_findings_page_lists_newest_first_with_permalinks(site: Site) -> None:
    tree = site.page("findings.html")
    cards = tree.cssselect(".finding-list > article.finding")
    first_seen = [
        site.store.db.table("findings").get(int(c.get("id")[2:]))["first_seen"] for c in cards
    ]
    assert len(cards) == 9 and first_seen == sorted(first_seen, reverse=True)
    for card in cards:
        assert card.cssselect("a.permalink")[0].get("href") == f"findings.html#{card.get('id')}"
    resolved = tree.cssselect(f"#f-{site.ids['f_resolved']}")[0]
    assert resolved.get("data-status") == "resolved"
    assert "已解决" in resolved.text_content()
    checks = {b.get("data-value") for b in tree.cssselect('[data-filter-group="check"] button')}
    assert {"", "missing_document", "yoy_anomaly", "source_unhealthy"} <= checks
    department_link = tree.cssselect(f"#f-{site.ids['f_missing']} .who a")[0]
    assert department_link.text == EDITORIAL
    assert (site.out / department_link.get("href")).exists()


def test_sources_page_shows_crawl_health_and_its_findings(site: Site) -> None:
    tree = site.page("sources.html")
    rows = {
        r.cssselect("th")[0].text_content().strip(): r
        for r in tree.cssselect("table.sources-table tbody tr")
    }
    assert set(rows) == {"qingchuan", "baishui"}
    assert "health-bad" in rows["baishui"].classes
    assert "health-ok" in rows["qingchuan"].classes
    failures = rows["baishui"].cssselect("td.num")[-1].text
    assert failures == "3"
    assert rows["baishui"].cssselect("svg.spark polyline")
    assert tree.cssselect(f"#source-findings article#f-{site.ids['f_source']}")


def test_every_page_works_from_file_urls_without_network(site: Site) -> None:
    for path in [*site.out.glob("*.html"), *site.out.glob("departments/*.html")]:
        tree = html.fromstring(path.read_text(encoding="utf-8"))
        for element, attribute, link, _pos in tree.iterlinks():
            if link.startswith(("http://127.0.0.1/", "#")):
                continue  # links to the (test) originals and anchors
            assert "://" not in link, f"{path.name}: {element.tag} {attribute} -> {link}"
            target = link.split("#")[0]
            if target:
                assert (path.parent / target).exists(), f"{path.name}: broken link {link}"


def test_many_findings_of_one_kind_fold_into_a_group(fresh_site: Site) -> None:
    for section in ("assets", "procurement", "glossary", "performance"):
        add_finding(
            fresh_site.store,
            check="missing_section",
            severity="warning",
            message=f"缺少{section}",
            evidence={"section": section},
            department=AUDIT,
            region=BAISHUI,
            year=2023,
        )
    out = fresh_site.out.parent / "grouped"
    build_report(fresh_site.store.db, sample_config(), out, files=fresh_site.store.files)
    page = next(
        p for p in (out / "departments").glob("*.html") if f"<h1>{AUDIT}</h1>" in p.read_text()
    )
    tree = html.fromstring(page.read_text(encoding="utf-8"))
    groups = tree.cssselect("#findings details.finding-group:not(.resolved-group)")
    assert len(groups) == 1
    summary = groups[0].cssselect("summary")[0]
    assert summary.cssselect(".count")[0].text == "4 条"
    assert (
        summary.cssselect(".preview")[0].text
        == "国有资产占用情况、政府采购支出情况、专业名词解释、预算绩效管理情况说明"
    )
    assert len(groups[0].cssselect("article.finding")) == 4
    # the single 2024 finding stays a card of its own, above the older year's group
    cards = tree.cssselect("#findings > .finding-list > article.finding")
    assert [c.get("id") for c in cards] == [f"f-{fresh_site.ids['f_section']}"]


def test_sources_page_lists_the_last_cycles_skipped_titles_escaped(fresh_site: Site) -> None:
    decisions = fresh_site.store.db.table("crawl_decisions")
    row = {"source": "baishui", "doc_type": "final_account", "department": None}
    decisions.insert_all(
        [
            {
                **row,
                "cycle": "2025-06-01",
                "entry_url": "http://127.0.0.1/old",
                "title": "旧",
                "decision": "noise",
                "reason": "notice",
            },
            {
                **row,
                "cycle": "2025-07-01",
                "entry_url": "http://127.0.0.1/a",
                "title": "<script>alert(1)</script>召开预决算公开工作会议",
                "decision": "noise",
                "reason": "meeting",
            },
            {
                **row,
                "cycle": "2025-07-01",
                "entry_url": "http://127.0.0.1/b",
                "title": "白水县财政局2024年度部门决算",
                "decision": "fetched",
                "reason": None,
            },
        ]
    )
    build_report(fresh_site.store.db, sample_config(), fresh_site.out, files=fresh_site.store.files)
    tree = fresh_site.page("sources.html")
    items = tree.cssselect("#skipped-titles ul.skipped li")
    assert [li.cssselect("a")[0].text_content() for li in items] == [
        "<script>alert(1)</script>召开预决算公开工作会议"
    ]
    assert "meeting" in items[0].text_content()
    assert not tree.cssselect("#skipped-titles script")
