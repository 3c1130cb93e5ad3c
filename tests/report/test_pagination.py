"""A large report splits into pages: the index lists regions, each region's table and
findings get their own numbered pages, and every permalink leads to the page that holds
its finding. The thresholds are lowered so the sample store counts as large."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html

from fiscalwatch.report import build_report, pages
from fiscalwatch.report.model import NO_REGION, Finding
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


def _finding(number: int, region: str | None) -> Finding:
    return Finding(
        id=number,
        check="missing_document",
        severity="warning",
        message="",
        evidence={},
        fingerprint=str(number),
        first_seen="2025-10-01T00:00:00",
        last_seen="2025-10-01T00:00:00",
        region=region,
    )


@settings(max_examples=60, deadline=None)
@given(
    regions=st.lists(st.sampled_from(["青川市", "白水县", "", None, NO_REGION]), max_size=40),
    on_one_page=st.integers(min_value=0, max_value=10),
    per_page=st.integers(min_value=1, max_value=4),
)
def test_a_finding_lands_on_the_same_page_alone_with_its_region_or_among_all(
    regions: list[str | None], on_one_page: int, per_page: int
) -> None:
    """The report places each part's findings region by region and the exports place
    all of them in one stream: both must give every finding the same page."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pages, "FINDINGS_ON_ONE_PAGE", on_one_page)
        patch.setattr(pages, "FINDINGS_PER_PAGE", per_page)
        everything = [_finding(n, region) for n, region in enumerate(regions)]
        list(pages.FindingPager(len(everything)).placed_all(everything))
        among_all = {f.id: f.list_page for f in everything}
        for name in {r or NO_REGION for r in regions}:
            alone = [
                _finding(f.id, f.region) for f in everything if (f.region or NO_REGION) == name
            ]
            pager = pages.FindingPager(len(everything))
            for finding in alone:
                pager.place(finding)
                assert finding.list_page == among_all[finding.id]
        # And the pages planned from them hold each finding on the page it names.
        front, findings_pages, _links = pages.plan_findings(everything)
        for page in findings_pages:
            assert all(f.list_page == page.path for f in page.findings)
            assert len(page.findings) <= per_page
        listed = sum(len(page.findings) for page in findings_pages)
        assert listed == (len(everything) if len(everything) > on_one_page else 0)
        if len(everything) <= on_one_page:
            assert front == everything
