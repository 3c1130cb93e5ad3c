"""A large report splits into pages: the index lists regions, each region's table and
findings get their own numbered pages, and every permalink leads to the page that holds
its finding. The thresholds are lowered so the sample store counts as large."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html

from fiscalwatch.report import build_report, pages
from tests.report.sample import build_sample, sample_config


def tree(path: Path) -> html.HtmlElement:
    return html.fromstring(path.read_text(encoding="utf-8"))


@pytest.fixture
def large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    store, _ = build_sample(tmp_path / "store", monkeypatch)
    monkeypatch.setattr(pages, "INLINE_DEPARTMENTS", 1)
    monkeypatch.setattr(pages, "DEPARTMENTS_PER_PAGE", 1)
    monkeypatch.setattr(pages, "FINDINGS_ON_ONE_PAGE", 1)
    monkeypatch.setattr(pages, "FINDINGS_PER_PAGE", 2)
    monkeypatch.setattr(pages, "NEWEST_ON_FRONT", 2)
    build_report(store.db, sample_config(), tmp_path / "site", files=store.files)
    store.close()
    return tmp_path / "site"


def test_index_lists_regions_and_each_region_has_its_pages(large: Path) -> None:
    index = tree(large / "index.html")
    assert not index.cssselect("table.matrix")
    links = [a.get("href") for a in index.cssselect("table.regions-list tbody th a")]
    assert links and all(re.fullmatch(r"regions/[0-9a-f]{10}\.html", link) for link in links)
    listed: list[str] = []
    for region_page in sorted((large / "regions").glob("*.html")):
        page = tree(region_page)
        rows = page.cssselect("table.matrix tbody tr[data-search] th a")
        assert len(rows) == 1  # one department a page here
        listed += [a.get("href") for a in rows]
    departments = sorted(f"../departments/{p.name}" for p in (large / "departments").glob("*.html"))
    assert sorted(listed) == departments  # every department on exactly one region page
    several = [p for p in (large / "regions").glob("*-2.html")]
    assert several, "a region of more than one department is split"
    pager = tree(several[0]).cssselect("nav.pager")[0]
    assert pager.cssselect("[aria-current=page]")[0].text == "2"
    assert "1" in [a.text for a in pager.cssselect("a")]


def test_every_finding_is_on_one_page_its_permalinks_name(large: Path) -> None:
    holders: dict[str, str] = {}
    for path in sorted((large / "findings").glob("*.html")):
        for article in tree(path).cssselect("article.finding"):
            assert article.get("id") not in holders
            holders[article.get("id")] = f"findings/{path.name}"
        assert len(tree(path).cssselect("article.finding")) <= 2
    assert holders
    front = tree(large / "findings.html")
    assert len(front.cssselect("article.finding")) <= 2
    permalinks = [
        a.get("href")
        for path in [large / "findings.html", *(large / "departments").glob("*.html")]
        for a in tree(path).cssselect("a.permalink")
    ]
    assert permalinks
    for link in permalinks:
        target, anchor = link.removeprefix("../").split("#")
        assert holders[anchor] == target
    feed = (large / "findings.atom").read_text(encoding="utf-8")
    assert "findings/" in feed and "findings.html#f-" not in feed


def test_a_small_report_again_removes_the_split_pages(
    large: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("INLINE_DEPARTMENTS", "FINDINGS_ON_ONE_PAGE"):
        monkeypatch.setattr(pages, name, 10_000)
    store, _ = build_sample(tmp_path / "store2", monkeypatch)
    build_report(store.db, sample_config(), large, files=store.files)
    store.close()
    assert not list((large / "regions").glob("*.html"))
    assert not list((large / "findings").glob("*.html"))
    assert tree(large / "index.html").cssselect("table.matrix")
