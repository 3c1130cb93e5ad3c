"""Discovery on the simulated portals of the families beyond the first four: VSB/博达,
gkmlpt (JSON), hex-named .shtml, content_ID trees, PDF-as-HTML and 重庆 说明 pages.
Every disclosure is found with its department, year and type; no noise is fetched; an
unchanged second cycle downloads nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fiscalwatch.config import Config
from fiscalwatch.demo.sites import LoggedRequest, SiteServer, serve_sites
from fiscalwatch.demo.sites.catalog import FAMILY_SITES
from fiscalwatch.departments import department_key
from fiscalwatch.store import Store
from tests.conftest import crawl

from .conftest import site_config

ADAPTER = {
    "vsb": "vsb",
    "gkmlpt": "gkmlpt",
    "hexshtml": "hexshtml",
    "contentid": "contentid",
    "pdfhtml": "paged",
    "cq": "trs",
}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SiteServer, Config]]:
    tmp = Path(tmp_path_factory.mktemp("families"))
    with serve_sites(sites=list(FAMILY_SITES)) as sites:
        config = site_config(tmp, sites)
        crawl(config)
        first = list(sites.requests)
        sites.clear_requests()
        crawl(config)
        UNCHANGED.update(first=first, second=list(sites.requests))
        yield sites, config


UNCHANGED: dict[str, list[LoggedRequest]] = {}


def _found(config: Config, source: str) -> set[tuple[str, int, str]]:
    store = Store.from_config(config)
    rows = store.db.query(
        "SELECT department, fiscal_year, doc_type FROM documents"
        " WHERE source = ? AND is_current = 1",
        [source],
    )
    found = {(department_key(r["department"]), r["fiscal_year"], r["doc_type"]) for r in rows}
    store.close()
    return found


@pytest.mark.parametrize("family", FAMILY_SITES)
def test_every_disclosure_is_found_with_department_year_and_type(
    crawled: tuple[SiteServer, Config], family: str
) -> None:
    sites, config = crawled
    expected = {
        (department_key(d.department), d.fiscal_year, d.doc_type) for d in sites.expected(family)
    }
    assert _found(config, family) == expected


@pytest.mark.parametrize("family", FAMILY_SITES)
def test_the_family_adapter_reads_the_listing(
    crawled: tuple[SiteServer, Config], family: str
) -> None:
    _sites, config = crawled
    store = Store.from_config(config)
    adapters = {
        r[0]
        for r in store.db.execute("SELECT adapter FROM crawl_list_pages WHERE source = ?", [family])
    }
    noise = list(
        store.db.query(
            "SELECT title, reason FROM crawl_decisions WHERE source = ? AND decision = 'noise'"
            " AND cycle = (SELECT max(cycle) FROM crawl_decisions WHERE source = ?)",
            [family, family],
        )
    )
    store.close()
    assert ADAPTER[family] in adapters
    assert len(noise) == 5 and all(row["reason"] for row in noise), noise


@pytest.mark.parametrize("family", FAMILY_SITES)
def test_an_unchanged_cycle_downloads_nothing(
    crawled: tuple[SiteServer, Config], family: str
) -> None:
    first = [r for r in UNCHANGED["first"] if r.site == family]
    second = [r for r in UNCHANGED["second"] if r.site == family]
    assert [r.path for r in second if r.kind == "file" and r.status == 200] == []
    assert [r.path for r in second if r.kind == "detail" and r.status == 200] == []
    assert len(second) < 0.15 * len(first), (len(second), len(first))
