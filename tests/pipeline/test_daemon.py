"""The daemon: runs a cycle, stops cleanly on SIGTERM, and refuses to share a store."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fiscalwatch import clock
from fiscalwatch.config import config_from_dict
from fiscalwatch.demo.sites import Hang, serve_sites
from fiscalwatch.demo.sites.trs import START_PATH
from fiscalwatch.errors import AlreadyRunning
from fiscalwatch.locking import cycle_lock
from fiscalwatch.pipeline import run_cycle
from fiscalwatch.store import Store
from tests.conftest import config_data, make_config


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def query(db: Path, sql: str) -> list[tuple]:
    if not db.exists():
        return []
    conn = sqlite3.connect(db, timeout=5)
    try:
        return conn.execute(sql).fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        conn.close()


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    return make_config(tmp_path, schedule={"cron": "0 3 * * *", "timezone": "Asia/Shanghai"})


@pytest.fixture
def start_daemon(config_file: Path) -> Iterator[Callable[..., subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []

    def start(config: Path = config_file) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, "-m", "fiscalwatch", "--config", str(config), "daemon", "--run-now"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)


def test_runs_a_cycle_then_stops_cleanly_on_sigterm(
    config_file: Path, start_daemon: Callable[..., subprocess.Popen[str]]
) -> None:
    db = config_file.parent / "fw.db"
    proc = start_daemon()
    wait_for(
        lambda: bool(query(db, "SELECT 1 FROM runs WHERE finished_at IS NOT NULL")),
        60,
        "the first cycle to finish",
    )
    wait_for(
        lambda: bool(query(db, "SELECT next_run_at FROM daemon WHERE pid IS NOT NULL")),
        10,
        "the daemon state",
    )
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 0, stderr
    (next_run, stopped) = query(db, "SELECT next_run_at, stopped_at FROM daemon")[0]
    assert stopped is not None and next_run is None
    events = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    messages = [e["message"] for e in events]
    assert "daemon started" in messages and "daemon stopped" in messages
    assert query(db, "SELECT count(*) FROM runs WHERE status = 'running'") == [(0,)]


def test_a_second_daemon_on_the_same_store_refuses(
    config_file: Path, start_daemon: Callable[..., subprocess.Popen[str]]
) -> None:
    db = config_file.parent / "fw.db"
    first = start_daemon()
    wait_for(
        lambda: bool(query(db, "SELECT pid FROM daemon WHERE pid IS NOT NULL")),
        60,
        "the first daemon",
    )
    second = start_daemon()
    _, stderr = second.communicate(timeout=60)
    assert second.returncode == 3
    assert f"a daemon is already running on this store (pid {first.pid}" in stderr
    first.send_signal(signal.SIGINT)
    first.communicate(timeout=30)
    assert first.returncode == 0


def test_a_cycle_refuses_while_another_holds_the_store(tmp_path: Path) -> None:
    config = config_from_dict(config_data(tmp_path))
    store = Store.from_config(config)
    with cycle_lock(store.path), pytest.raises(AlreadyRunning, match=f"pid {os.getpid()}"):
        run_cycle(store, config)
    store.close()


def test_sigterm_mid_crawl_stops_in_seconds_and_leaves_the_store_consistent(
    tmp_path: Path, start_daemon: Callable[..., subprocess.Popen[str]]
) -> None:
    with serve_sites(sites=["trs"]) as sites:
        hanging = START_PATH.replace("index.html", "index_1.html")
        sites.set_fault("trs", hanging, Hang())
        config = make_config(
            tmp_path,
            crawl={"download_delay": 0, "timeout": 90, "retry_times": 0},
            sources=[{"name": "qc", "region": "青川市", "start_urls": [sites.start_url("trs")]}],
        )
        db = tmp_path / "fw.db"
        proc = start_daemon(config)
        wait_for(
            lambda: any(r.path == hanging for r in sites.requests),
            60,
            "the crawl to wait on the hanging list page",
        )
        asked = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=60)
        stopped_in = time.monotonic() - asked
    assert proc.returncode == 0, stderr
    assert stopped_in < 30, f"took {stopped_in:.1f}s; the hanging request times out at 90s"
    assert query(db, "SELECT status FROM runs") == [("interrupted",)]
    assert query(db, "SELECT status FROM crawl_stats") == [("interrupted",)]
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    # Whatever was stored before the stop is whole: each row's original is in the file store.
    for (file_path,) in query(db, "SELECT file_path FROM documents"):
        assert (tmp_path / "files" / file_path).is_file()


def test_a_cycle_judges_deadlines_by_the_schedules_calendar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """07:30 in Shanghai on 1 October is still 30 September in UTC: the cycle's check
    runs as of 1 October, the day after the 09-30 deadline."""
    monkeypatch.setattr(clock, "now", lambda: datetime(2025, 9, 30, 23, 30, tzinfo=UTC))
    config = config_from_dict(config_data(tmp_path, schedule={"timezone": "Asia/Shanghai"}))
    store = Store.from_config(config)
    summary = run_cycle(store, config)
    assert summary.stages["check"]["as_of"] == "2025-10-01"
    store.close()
