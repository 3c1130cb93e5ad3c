"""Many sources split the sources page per region, as the region tables are: the page
lists the regions, each region's sources have numbered pages, and every page stays
bounded (its rows, its skipped titles). The thresholds are lowered so the sample
store's two sources count as many."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from fiscalwatch.report import build_report, sources
from fiscalwatch.store import Store
from tests.report.sample import BAISHUI, QINGCHUAN, build_sample, sample_config


def tree(path: Path) -> html.HtmlElement:
    return html.fromstring(path.read_text(encoding="utf-8"))


def skipped_titles(store: Store, source: str, count: int) -> None:
    store.db.table("crawl_decisions").insert_all(
        {
            "source": source,
            "doc_type": "final_account",
            "department": None,
            "cycle": "2025-07-01",
            "entry_url": f"http://127.0.0.1/{source}/{n}",
            "title": f"<b>会议通知</b> {n}",
            "decision": "noise",
            "reason": "meeting",
        }
        for n in range(count)
    )


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Store, dict[str, int]]:
    store, ids = build_sample(tmp_path / "store", monkeypatch)
    skipped_titles(store, "baishui", 7)
    skipped_titles(store, "qingchuan", 2)
    yield store, ids
    store.close()


def split(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "SOURCES_ON_ONE_PAGE", 1)
    monkeypatch.setattr(sources, "SOURCES_PER_PAGE", 1)
    monkeypatch.setattr(sources, "SKIPPED_PER_SOURCE", 5)
    monkeypatch.setattr(sources, "SKIPPED_PER_PAGE", 4)


def test_many_sources_split_per_region(
    built: tuple[Store, dict[str, int]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, ids = built
    split(monkeypatch)
    out = tmp_path / "site"
    summary = build_report(store.db, sample_config(), out, files=store.files)
    front = tree(out / "sources.html")
    assert not front.cssselect("table.sources-table")
    rows = front.cssselect("table.source-regions tbody tr[data-search]")
    assert [r.cssselect("th a")[0].text for r in rows] == [BAISHUI, QINGCHUAN]
    baishui = rows[0]
    assert [td.text for td in baishui.cssselect("td")] == ["1", "1", None, None, "1"]
    # The open source finding is listed on the front page and on its region's page.
    anchor = f"f-{ids['f_source']}"
    assert front.cssselect(f"#source-findings article#{anchor}")
    listed: dict[str, str] = {}
    for row in rows:
        link = row.cssselect("th a")[0].get("href")
        page = tree(out / link)
        assert page.cssselect("nav.crumbs a")[0].get("href") == "../sources.html"
        names = [th.text_content().strip() for th in page.cssselect("table.sources-table th")]
        for name in names[9:]:  # after the header row's nine columns
            assert name not in listed
            listed[name] = link
    assert listed == {"baishui": listed["baishui"], "qingchuan": listed["qingchuan"]}
    baishui_page = tree(out / listed["baishui"])
    assert baishui_page.cssselect(f"#source-findings article#{anchor}")
    # 7 skipped titles, at most 5 a source and 4 a page: 4 listed, the rest counted.
    items = baishui_page.cssselect("#skipped-titles ul.skipped li")
    assert [li.text_content().split()[0] for li in items[:-1]] == ["<b>会议通知</b>"] * 4
    assert items[-1].text_content() == "还有 3 条"
    assert not baishui_page.cssselect("#skipped-titles b")  # crawled text stays text
    assert summary.pages == len(list(out.rglob("*.html")))


def test_every_link_of_the_split_pages_resolves(
    built: tuple[Store, dict[str, int]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, _ = built
    split(monkeypatch)
    out = tmp_path / "site"
    build_report(store.db, sample_config(), out, files=store.files)
    for path in [out / "sources.html", *(out / "sources").glob("*.html")]:
        for _element, _attribute, link, _pos in tree(path).iterlinks():
            if link.startswith(("http://127.0.0.1/", "#")):
                continue
            target = link.split("#")[0]
            assert (path.parent / target).exists(), f"{path.name}: broken link {link}"


def test_a_few_sources_again_removes_the_split_pages(
    built: tuple[Store, dict[str, int]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, _ = built
    out = tmp_path / "site"
    with monkeypatch.context() as patch:
        split(patch)
        build_report(store.db, sample_config(), out, files=store.files)
    assert list((out / "sources").glob("*.html"))
    build_report(store.db, sample_config(), out, files=store.files)
    assert not list((out / "sources").glob("*.html"))
    page = tree(out / "sources.html")
    assert len(page.cssselect("table.sources-table tbody tr")) == 2
    # One page: each source's skipped titles, all of them (under the per-source cap).
    assert len(page.cssselect("#skipped-titles ul.skipped li")) == 9
