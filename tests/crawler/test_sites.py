"""The crawler against the four simulated CMS sites, over three cycles:
first crawl, an unchanged second cycle, and the sites' "after" publication day."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from fiscalwatch.config import Config
from fiscalwatch.crawler.runner import CrawlSummary
from fiscalwatch.demo.sites import LoggedRequest, SiteServer, serve_sites
from fiscalwatch.store import Store
from tests.conftest import crawl

from .conftest import site_config

SITES = ["trs", "hanweb", "aspx", "depts"]


@dataclass
class Cycle:
    summary: CrawlSummary
    requests: list[LoggedRequest]
    documents: list[dict[str, Any]]


@dataclass
class Scenario:
    sites: SiteServer
    config: Config
    first: Cycle
    unchanged: Cycle
    after: Cycle

    def store(self) -> Store:
        return Store(self.config.storage.database, self.config.storage.files)


def _cycle(sites: SiteServer, config: Config, run_id: int) -> Cycle:
    sites.clear_requests()
    store = Store.from_config(config)
    assert store.start_run("crawl") == run_id
    store.close()
    summary = crawl(config, run_id=run_id)
    store = Store.from_config(config)
    documents = list(store.db.query("SELECT * FROM documents WHERE is_current = 1"))
    store.close()
    return Cycle(summary, sites.requests, documents)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    tmp = tmp_path_factory.mktemp("sites")
    with serve_sites(sites=SITES) as sites:
        config = site_config(Path(tmp), sites)
        first = _cycle(sites, config, 1)
        unchanged = _cycle(sites, config, 2)
        sites.set_state("after")
        # Revalidate every known file: that is how a file replaced in place is seen.
        config.crawl.revalidate_days = 0
        after = _cycle(sites, config, 3)
        yield Scenario(sites, config, first, unchanged, after)


def _stored(store: Store, source: str, current_only: bool = True) -> list[dict[str, Any]]:
    sql = "SELECT * FROM documents WHERE source = ?" + (
        " AND is_current = 1" if current_only else ""
    )
    return list(store.db.query(sql, [source]))


@pytest.mark.parametrize("site", SITES)
def test_every_disclosure_is_found_with_department_year_and_type(
    scenario: Scenario, site: str
) -> None:
    expected = Counter(
        (d.department, d.fiscal_year, d.doc_type)
        for d in scenario.sites.expected(site, "before")
        for _ in (d.files or [None])
    )
    found = Counter(
        (r["department"], r["fiscal_year"], r["doc_type"])
        for r in scenario.first.documents
        if r["source"] == site
    )
    assert found == expected
    stats = scenario.first.summary.source(site)
    assert stats.status == "ok"
    assert stats.new == sum(expected.values()) and stats.failed == 0 and stats.errors == 0


def test_noise_items_are_not_fetched(scenario: Scenario) -> None:
    paths = [r.path for r in scenario.first.requests]
    assert not [p for p in paths if "notice" in p or "/tzgg/" in p]
    store = scenario.store()
    titles = [r["title"] or "" for r in store.db.query("SELECT title FROM documents")]
    store.close()
    assert not [t for t in titles if "通知" in t or "总决算" in t or "执行情况" in t]


def test_gbk_page_without_charset_is_read(scenario: Scenario) -> None:
    start = next(r for r in scenario.first.requests if r.site == "hanweb" and r.kind == "list")
    assert start.status == 200
    store = scenario.store()
    titles = {r["title"] for r in _stored(store, "hanweb")}
    store.close()
    assert "青川市河西区教育局2024年度部门决算公开" in titles


def test_content_disposition_names_and_several_attachments(scenario: Scenario) -> None:
    store = scenario.store()
    rows = _stored(store, "aspx")
    store.close()
    names = {r["filename"] for r in rows}
    assert "青川市东城区教育局2023年度部门决算公开表.xlsx" in names
    assert "青川市东城区财政局2024年度部门决算.pdf" in names
    kinds = Counter(r["content_type"] for r in rows)
    assert kinds["xlsx"] == 1 and kinds["pdf"] == len(rows) - 1


def test_inline_html_disclosure_is_stored_as_the_page(scenario: Scenario) -> None:
    store = scenario.store()
    inline = [r for r in _stored(store, "trs") if r["content_type"] == "html"]
    store.close()
    assert [(r["department"], r["fiscal_year"], r["doc_type"]) for r in inline] == [
        ("青川市民政局", 2023, "budget")
    ]


def test_unchanged_cycle_downloads_nothing_and_asks_little(scenario: Scenario) -> None:
    requests = scenario.unchanged.requests
    assert [r for r in requests if r.kind == "file" and r.status == 200] == []
    assert [r for r in requests if r.kind == "detail"] == []
    for site in SITES:
        stats = scenario.unchanged.summary.source(site)
        first = scenario.first.summary.source(site)
        assert stats.status == "ok"
        assert (stats.new, stats.changed, stats.removed, stats.failed) == (0, 0, 0, 0)
        assert stats.documents == first.documents  # everything confirmed
        assert stats.requests <= stats.pages + 1  # robots.txt and the list pages only
        assert stats.requests < first.requests * 0.35


def test_conditional_list_requests_answer_304(scenario: Scenario) -> None:
    lists = [r for r in scenario.unchanged.requests if r.kind == "list" and r.method == "GET"]
    assert lists and all(r.status == 304 for r in lists)


def test_after_state_new_items_found(scenario: Scenario) -> None:
    for site in SITES:
        stats = scenario.after.summary.source(site)
        assert stats.status == "ok"
        assert stats.new == 2, site  # two 2024 final accounts published late
    store = scenario.store()
    late = {
        (r["department"], r["doc_type"])
        for r in store.db.query(
            "SELECT * FROM documents WHERE source = 'trs' AND fiscal_year = 2024"
        )
    }
    store.close()
    assert ("青川市卫生健康委员会", "final_account") in late
    assert ("青川市民政局", "final_account") in late


def test_after_state_replaced_file_is_a_new_version(scenario: Scenario) -> None:
    store = scenario.store()
    for site in SITES:
        assert scenario.after.summary.source(site).changed == 1
        (newer,) = list(
            store.db.query(
                "SELECT * FROM documents WHERE source = ? AND previous_id IS NOT NULL", [site]
            )
        )
        older = store.db.table("documents").get(newer["previous_id"])
        assert older["is_current"] == 0 and newer["is_current"] == 1
        assert older["url"] == newer["url"] and older["sha256"] != newer["sha256"]
        assert (newer["fiscal_year"], newer["doc_type"]) == (2023, "final_account")
    store.close()


def test_after_state_removed_item_is_marked_removed(scenario: Scenario) -> None:
    store = scenario.store()
    for site in SITES:
        assert scenario.after.summary.source(site).removed == 1
        (removed,) = list(
            store.db.query(
                "SELECT * FROM documents WHERE source = ? AND removed_at IS NOT NULL", [site]
            )
        )
        assert (removed["fiscal_year"], removed["doc_type"]) == (2022, "budget")
        assert removed["removal_reason"] in {"http 404", "left the listing"}
    store.close()


def test_after_state_downloads_only_what_changed(scenario: Scenario) -> None:
    for site in SITES:
        downloads = [
            r
            for r in scenario.after.requests
            if r.site == site and r.kind == "file" and r.status == 200
        ]
        assert len(downloads) == 3, site  # two new files and the replaced one


def test_crawl_stats_rows_are_written_per_source_and_run(scenario: Scenario) -> None:
    store = scenario.store()
    rows = list(store.db.query("SELECT * FROM crawl_stats ORDER BY id"))
    store.close()
    assert Counter(r["run_id"] for r in rows) == {1: 4, 2: 4, 3: 4}
    for row in rows:
        assert row["status"] == "ok" and row["start_urls_ok"] == 1
        assert row["requests"] > 0 and row["pages"] > 0 and row["bytes"] > 0
        assert row["duration"] > 0 and row["finished_at"] >= row["started_at"]
    first = [r for r in rows if r["run_id"] == 1]
    assert all(r["items"] == r["documents"] - (1 if r["source"] == "aspx" else 0) for r in first)


def test_user_agent_identifies_the_crawler(scenario: Scenario) -> None:
    agents = {r.headers.get("User-Agent") for r in scenario.first.requests}
    assert agents == {"fiscalwatch-test (+https://example.org/contact)"}
