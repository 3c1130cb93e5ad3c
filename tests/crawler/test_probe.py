"""``fiscalwatch probe``: a dry run against every simulated portal finds what the crawl
finds, says why it skips the rest, stores nothing and ends with a usable [[sources]]."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from fiscalwatch.cli import cli
from fiscalwatch.config import CrawlConfig, SourceConfig
from fiscalwatch.crawler.probe import probe_site, source_block
from fiscalwatch.demo.sites import SITE_STYLES, SiteServer, serve_sites
from fiscalwatch.departments import department_key
from tests.conftest import make_config

CRAWL = CrawlConfig(download_delay=0, timeout=5, user_agent="fiscalwatch-test")
ADAPTER = {
    "trs": "trs",
    "hanweb": "hanweb",
    "aspx": "paged",
    "depts": "deptindex",
    "vsb": "vsb",
    "gkmlpt": "gkmlpt",
    "hexshtml": "hexshtml",
    "contentid": "contentid",
    "pdfhtml": "paged",
    "cq": "trs",
}


@pytest.fixture(scope="module")
def sites() -> Iterator[SiteServer]:
    with serve_sites(sites=list(SITE_STYLES)) as served:
        yield served


@pytest.mark.parametrize("site", list(SITE_STYLES))
def test_probe_finds_every_disclosure_of_every_portal(sites: SiteServer, site: str) -> None:
    result = probe_site(sites.start_url(site), CRAWL, pages=60, details=3)
    assert result.adapter == ADAPTER[site]
    assert not result.more_pages and not result.errors
    fetched = {
        (department_key(i.found.department), i.found.fiscal_year, i.found.doc_type)
        for i in result.items
        if i.decision == "fetch"
    }
    expected = {
        (department_key(d.department), d.fiscal_year, d.doc_type) for d in sites.expected(site)
    }
    assert fetched == expected
    skipped = [i for i in result.items if i.decision != "fetch"]
    assert skipped and all(i.found.reason for i in skipped)
    opened = [i for i in result.items if i.decision == "fetch" and i.note is None]
    assert len(opened) == 3 and all(i.attachments or i.page_is_part for i in opened)
    block = tomllib.loads(source_block(result))["sources"][0]
    source = SourceConfig.model_validate(block)
    assert source.start_urls == [sites.start_url(site)]


def test_the_command_stores_nothing_and_prints_the_block(
    sites: SiteServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    make_config(tmp_path, crawl={"download_delay": 0, "user_agent": "fiscalwatch-test"})
    url = sites.start_url("vsb")
    result = CliRunner().invoke(cli, ["probe", url, "--pages", "2"])
    assert result.exit_code == 0, result.output
    assert "adapter: vsb" in result.output
    assert "paging found beyond --pages" in result.output
    assert "skip   关于做好2024年度部门决算公开工作的通知 (notice)" in result.output
    assert "attachment: " in result.output and "download.jsp" in result.output
    assert result.output.rstrip().splitlines()[-1].startswith("departments = [")
    assert "[[sources]]" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]
