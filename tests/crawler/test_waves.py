"""Many sources crawl in waves: each wave is its own crawl process, at most
``crawl.processes`` of them at a time, and together they do what one process did."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from fiscalwatch.crawler.runner import waves
from fiscalwatch.demo.sites import serve_sites
from fiscalwatch.store import Store
from tests.conftest import crawl

from .conftest import site_config, small_site


def test_waves_keep_the_configured_order_and_bound() -> None:
    names = [f"s{i}" for i in range(7)]
    assert waves(names, 3) == [["s0", "s1", "s2"], ["s3", "s4", "s5"], ["s6"]]
    assert waves(names, 100) == [names]


def test_sources_crawled_in_waves_side_by_side_are_all_stored(tmp_path: Path) -> None:
    specs = [small_site(f"w{i}", count=2 + i) for i in range(3)]
    with serve_sites(specs=specs) as sites:
        config = site_config(tmp_path, sites, sources_per_process=1, processes=2)
        summary = crawl(config)
        files = len(sites.downloads())
    assert [s.source for s in summary.sources] == ["w0", "w1", "w2"]
    assert [s.status for s in summary.sources] == ["ok", "ok", "ok"]
    assert [s.new for s in summary.sources] == [2, 3, 4]
    assert files == 9
    store = Store.from_config(config)
    try:
        per_source = dict(
            store.db.execute(
                "SELECT source, count(*) FROM documents GROUP BY source ORDER BY source"
            ).fetchall()
        )
        stats_rows = store.db.execute("SELECT count(*) FROM crawl_stats").fetchone()[0]
    finally:
        store.close()
    assert per_source == {"w0": 2, "w1": 3, "w2": 4}
    assert stats_rows == 3


def test_a_stop_before_a_wave_records_its_sources_as_interrupted(tmp_path: Path) -> None:
    specs = [small_site(f"x{i}") for i in range(2)]
    with serve_sites(specs=specs) as sites:
        config = site_config(tmp_path, sites, sources_per_process=1)
        stop = threading.Event()
        stop.set()
        summary = crawl(config, run_id=None, stop=stop)
        asked = len(sites.requests)
    assert asked == 0
    assert [(s.source, s.status) for s in summary.sources] == [
        ("x0", "interrupted"),
        ("x1", "interrupted"),
    ]
    assert all("stopped before" in (s.last_error or "") for s in summary.sources)
    store = Store.from_config(config)
    try:
        errors = store.db.execute("SELECT source, error FROM crawl_errors ORDER BY source")
        recorded = errors.fetchall()
    finally:
        store.close()
    assert [source for source, _ in recorded] == ["x0", "x1"]


def test_the_crawl_process_bounds_sqlite_page_caches_process_wide() -> None:
    """Each source's store connections would keep their own page cache; the crawl
    process sets one soft limit for all of them (checked in a fresh interpreter)."""
    probe = (
        "import sqlite3\n"
        "from fiscalwatch.crawler.process import SQLITE_HEAP_LIMIT, limit_sqlite_memory\n"
        "limit_sqlite_memory()\n"
        "other = sqlite3.connect(':memory:')\n"
        "print(other.execute('PRAGMA soft_heap_limit').fetchone()[0] == SQLITE_HEAP_LIMIT)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.strip() == "True"


def test_a_crawl_starts_no_remote_control_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Scrapy's remote control (an HTTP server per crawler that runs the Python code sent
    to it, announced by a job file in the user's state folder) stays off."""
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    with serve_sites(specs=[small_site("r0", count=1)]) as sites:
        summary = crawl(site_config(tmp_path, sites))
    assert [s.status for s in summary.sources] == ["ok"]
    assert not (state / "scrapy").exists()
