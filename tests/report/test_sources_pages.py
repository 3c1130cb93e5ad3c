"""Many sources paginate the sources page: sources.html counts them by health and lists
those in trouble, the newest open source findings and the numbered pages, which hold
every source once, in region order; every page stays bounded (its rows, its skipped
titles). The thresholds are lowered so the sample store's two sources count as many."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from fiscalwatch.report import ReportSummary, build_report, sources
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


@pytest.fixture
def paginated(
    built: tuple[Store, dict[str, int]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, ReportSummary, dict[str, int]]:
    store, ids = built
    split(monkeypatch)
    out = tmp_path / "site"
    return out, build_report(store.db, sample_config(), out, files=store.files), ids


def test_many_sources_are_paginated(paginated: tuple[Path, ReportSummary, dict[str, int]]) -> None:
    out, summary, ids = paginated
    front = tree(out / "sources.html")
    assert "共 2 个数据源：异常 1 个，需留意 0 个，正常 1 个" in front.text_content()
    # Only the source in trouble is on the front page's table.
    troubled = front.cssselect("table.sources-table tbody tr")
    assert [r.cssselect("th")[0].text_content().strip() for r in troubled] == ["baishui"]
    anchor = f"f-{ids['f_source']}"
    assert front.cssselect(f"#source-findings article#{anchor}")
    links = front.cssselect("#source-pages a")
    assert [a.get("href") for a in links] == ["sources/page.html", "sources/page-2.html"]
    assert [li.text_content().split()[-2:] for li in front.cssselect("#source-pages li")] == [
        [BAISHUI, "1"],
        [QINGCHUAN, "1"],
    ]
    listed: dict[str, str] = {}
    for link in links:
        page = tree(out / link.get("href"))
        assert page.cssselect("nav.crumbs a")[0].get("href") == "../sources.html"
        assert page.cssselect("nav.pager [aria-current=page]")
        for row in page.cssselect("table.sources-table tbody tr"):
            name = row.cssselect("th")[0].text_content().strip()
            assert name not in listed
            listed[name] = link.get("href")
    assert listed == {"baishui": "sources/page.html", "qingchuan": "sources/page-2.html"}
    first = tree(out / "sources/page.html")
    assert first.cssselect(f"#source-findings article#{anchor}")
    # 7 skipped titles, at most 5 a source and 4 a page: 4 listed, the rest counted.
    items = first.cssselect("#skipped-titles ul.skipped li")
    assert [li.text_content().split()[0] for li in items[:-1]] == ["<b>会议通知</b>"] * 4
    assert items[-1].text_content() == "还有 3 条"
    assert not first.cssselect("#skipped-titles b")  # crawled text stays text
    assert summary.pages == len(list(out.rglob("*.html")))


def test_every_link_of_the_paginated_pages_resolves(
    paginated: tuple[Path, ReportSummary, dict[str, int]],
) -> None:
    out = paginated[0]
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
