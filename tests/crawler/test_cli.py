"""``fiscalwatch crawl`` from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner

from fiscalwatch.cli import cli
from fiscalwatch.demo.sites import serve_sites
from fiscalwatch.store import Store
from tests.conftest import make_config

from .conftest import small_site


def _write_config(path: Path, sources: list[dict[str, Any]] | None = None) -> Path:
    return make_config(path, crawl={"download_delay": 0}, sources=sources or [])


def test_no_sources_says_so_and_does_nothing(tmp_path: Path) -> None:
    config = _write_config(tmp_path)
    result = CliRunner().invoke(cli, ["--config", str(config), "crawl"])
    assert result.exit_code == 0
    assert "no sources configured" in result.output
    assert not (tmp_path / "fw.db").exists()


def test_crawl_one_source_and_record_the_run(tmp_path: Path) -> None:
    with serve_sites(specs=[small_site("one"), small_site("two")]) as sites:
        sources = [
            {"name": n, "region": "青川市", "start_urls": [sites.start_url(n)]}
            for n in ("one", "two")
        ]
        config = _write_config(tmp_path, sources)
        result = CliRunner().invoke(cli, ["--config", str(config), "crawl", "--source", "one"])
        asked = {r.site for r in sites.requests}
    assert result.exit_code == 0, result.output
    assert "3 documents found, 3 new" in result.output
    assert asked == {"one"}
    store = Store(tmp_path / "fw.db", tmp_path / "files")
    (run,) = list(store.db.query("SELECT * FROM runs"))
    stats = list(store.db.query("SELECT * FROM crawl_stats"))
    store.close()
    assert (run["kind"], run["status"]) == ("crawl", "ok")
    assert [(s["run_id"], s["source"], s["new"]) for s in stats] == [(run["id"], "one", 3)]


def test_unknown_source_is_a_config_error(tmp_path: Path) -> None:
    sources = [{"name": "qc", "region": "青川市", "start_urls": ["http://127.0.0.1:9/"]}]
    config = _write_config(tmp_path, sources)
    result = CliRunner().invoke(cli, ["--config", str(config), "crawl", "--source", "nope"])
    assert result.exit_code == 2
    assert "no source named 'nope'" in result.output
