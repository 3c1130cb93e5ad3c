"""Per-cycle caps on detail pages and attachments and the per-download size cap: what
they leave out is recorded, shown by ``status`` and fetched on a later cycle; skipped
titles show in ``status`` with their reasons."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from fiscalwatch.cli import cli
from fiscalwatch.config import load_config
from fiscalwatch.demo.sites import serve_sites
from fiscalwatch.store import Store
from tests.conftest import crawl, make_config

from .conftest import FAST_CRAWL


def _config(tmp_path: Path, url: str, **crawl: object) -> Path:
    return make_config(
        tmp_path,
        crawl={**FAST_CRAWL, **crawl},
        sources=[{"name": "vsb", "region": "青川市北岭县", "start_urls": [url]}],
    )


def _crawl(config_path: Path) -> None:
    config = load_config(config_path)
    crawl(config)


def test_caps_leave_the_rest_for_the_next_cycle_and_show_in_status(tmp_path: Path) -> None:
    with serve_sites(sites=["vsb"]) as sites:
        config = _config(tmp_path, sites.start_url("vsb"), max_detail_pages=10)
        _crawl(config)
        first = len(sites.paths("vsb", "file"))
        store = Store(tmp_path / "fw.db", tmp_path / "files")
        stored = store.counts()["documents"]
        limits = list(store.db.query("SELECT limit_name, url FROM crawl_limits"))
        capped = store.db.execute(
            "SELECT count(*) FROM crawl_decisions WHERE decision = 'capped'"
        ).fetchone()[0]
        store.close()
        assert stored == 10
        assert {row["limit_name"] for row in limits} == {"max_detail_pages"}
        assert capped == len(limits) == len(sites.expected("vsb")) - 10
        result = CliRunner().invoke(
            cli, ["--config", str(config), "status"], env={"COLUMNS": "250"}
        )
        assert result.exit_code == 0, result.output
        assert "limits reached: max_detail_pages" in result.output
        assert "skipped last cycle" in result.output
        assert "关于做好2024年度部门决算公开工作的通知" in result.output
        # Later cycles take the rest (25 disclosures, 10 a cycle).
        for _ in range(2):
            _crawl(config)
        store = Store(tmp_path / "fw.db", tmp_path / "files")
        assert store.counts()["documents"] == len(sites.expected("vsb")) == first - 5
        store.close()


def test_a_download_over_the_size_cap_is_recorded(tmp_path: Path) -> None:
    with serve_sites(sites=["vsb"]) as sites:
        config = _config(tmp_path, sites.start_url("vsb"), max_file_mb=0.0001)
        _crawl(config)
    store = Store(tmp_path / "fw.db", tmp_path / "files")
    limits = {r[0] for r in store.db.execute("SELECT limit_name FROM crawl_limits")}
    stored = store.counts()["documents"]
    store.close()
    assert limits == {"max_file_mb"} and stored == 0
