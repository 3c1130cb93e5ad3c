"""``fiscalwatch backup`` against a real daemon in the middle of a cycle, then a restore
from the backup alone into a new folder, and the heartbeat pinged after cycles."""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from fiscalwatch import pipeline
from fiscalwatch.cli import cli
from fiscalwatch.demo.sites import Hang, serve_sites
from fiscalwatch.demo.sites.trs import START_PATH
from tests.conftest import ROOT
from tests.pipeline.test_daemon import query, wait_for


def fiscalwatch(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fiscalwatch", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def start_daemon() -> Iterator[Callable[[Path], subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []

    def start(config: Path) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, "-m", "fiscalwatch", "--config", str(config), "daemon", "--run-now"],
            cwd=ROOT,
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


@pytest.mark.slow
def test_backup_mid_cycle_then_restore_from_the_backup_alone(
    tmp_path: Path, start_daemon: Callable[[Path], subprocess.Popen[str]]
) -> None:
    live = tmp_path / "live"
    live.mkdir()
    with serve_sites(sites=["trs"]) as sites:
        hanging = START_PATH.replace("index.html", "index_1.html")
        sites.set_fault("trs", hanging, Hang())
        config = live / "config.toml"
        config.write_text(
            '[storage]\ndatabase = "fw.db"\nfiles = "files"\n'
            "[crawl]\ndownload_delay = 0\ntimeout = 90\nretry_times = 0\n"
            '[[sources]]\nname = "qc"\nregion = "青川市"\n'
            f'start_urls = ["{sites.start_url("trs")}"]\n',
            encoding="utf-8",
        )
        db = live / "fw.db"
        daemon = start_daemon(config)
        wait_for(
            lambda: (
                any(r.path == hanging for r in sites.requests)
                and query(db, "SELECT count(*) FROM documents")[0][0] >= 3
            ),
            90,
            "the cycle to store documents and wait on the hanging list page",
        )
        assert query(db, "SELECT status FROM runs") == [("running",)]

        started = time.monotonic()
        made = fiscalwatch("--config", str(config), "backup", str(tmp_path / "backup"))
        took = time.monotonic() - started
        assert made.returncode == 0, made.stderr
        assert took < 30
        # The daemon went on undisturbed.
        assert daemon.poll() is None
        assert query(db, "SELECT status FROM runs") == [("running",)]
        daemon.send_signal(signal.SIGTERM)
        _, stderr = daemon.communicate(timeout=60)
        assert daemon.returncode == 0, stderr

    backup = tmp_path / "backup"
    first_files = sum(1 for p in (backup / "files").rglob("*") if p.is_file())
    manifest = json.loads((backup / "backup.json").read_text(encoding="utf-8"))
    assert manifest["documents"] >= 3 and manifest["missing_originals"] == []
    assert "search_0002_pages_fts_trigram" in manifest["migrations"]
    assert f"{manifest['documents']} documents" in made.stdout
    # One self-contained file: no -wal beside it.
    assert sorted(p.name for p in backup.iterdir()) == [
        "backup.json", "config.toml", "files", "fw.db"
    ]  # fmt: skip
    assert query(backup / "fw.db", "PRAGMA journal_mode") == [("delete",)]
    # The snapshot was taken mid-cycle: the run is 'running' in it.
    assert query(backup / "fw.db", "SELECT status FROM runs") == [("running",)]

    # Restore: the backup's files in a new place, nothing from the live folder.
    restored = tmp_path / "restored"
    shutil.copytree(backup, restored)
    restored_config = restored / "config.toml"
    status = fiscalwatch("--config", str(restored_config), "status")
    assert status.returncode == 0, status.stderr
    assert query(restored / "fw.db", "PRAGMA integrity_check") == [("ok",)]
    for (file_path,) in query(restored / "fw.db", "SELECT file_path FROM documents"):
        assert (restored / "files" / file_path).is_file()
    # The restored originals parse, and what they say is searchable.
    parsed = fiscalwatch("--config", str(restored_config), "parse", timeout=300)
    assert parsed.returncode == 0, parsed.stderr
    assert (
        query(restored / "fw.db", "SELECT count(*) FROM documents WHERE status = 'parsed'")[0][0]
        == manifest["documents"]
    )
    found = fiscalwatch("--config", str(restored_config), "search", "final account")
    assert found.returncode == 0, found.stderr
    assert re.search(r"[1-9]\d* pages mention 'final account'", found.stdout), found.stdout

    # A second backup into the same folder copies only what is new (the daemon stored
    # more before it stopped); a third, nothing.
    again = fiscalwatch("--config", str(config), "backup", str(backup))
    assert again.returncode == 0, again.stderr
    assert f"{first_files} already there" in again.stdout
    third = fiscalwatch("--config", str(config), "backup", str(backup))
    assert "originals: 0 copied" in third.stdout


class Pings:
    def __init__(self) -> None:
        self.paths: list[str] = []
        pings = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                pings.paths.append(self.path)
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"OK")

            def log_message(self, format: str, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/ping/abc"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def heartbeat_config(url: str) -> str:
    return f'[storage]\ndatabase = "fw.db"\nfiles = "files"\n[schedule]\nheartbeat_url = "{url}"\n'


@pytest.fixture
def pings() -> Iterator[Pings]:
    receiver = Pings()
    yield receiver
    receiver.close()


def test_heartbeat_after_each_cycle_and_fail_after_a_failed_one(
    tmp_path: Path, pings: Pings, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(heartbeat_config(pings.url), encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(config), "run"])
    assert result.exit_code == 0, result.output
    assert pings.paths == ["/ping/abc"]

    def broken(_stage: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setitem(pipeline.STAGE_FUNCTIONS, "check", broken)
    CliRunner().invoke(cli, ["--config", str(config), "run"])
    assert pings.paths == ["/ping/abc", "/ping/abc/fail"]


def test_the_daemon_pings_and_an_unreachable_heartbeat_does_not_stop_it(
    tmp_path: Path, pings: Pings, start_daemon: Callable[[Path], subprocess.Popen[str]]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(heartbeat_config(pings.url), encoding="utf-8")
    daemon = start_daemon(config)
    wait_for(lambda: pings.paths == ["/ping/abc"], 60, "the daemon's ping")
    daemon.send_signal(signal.SIGTERM)
    _, stderr = daemon.communicate(timeout=30)
    assert daemon.returncode == 0, stderr

    pings.close()  # nobody listens any more: the cycle still succeeds
    result = CliRunner().invoke(cli, ["--config", str(config), "run"])
    assert result.exit_code == 0 and ": ok in" in result.output


def test_bad_heartbeat_url_is_a_config_error(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[schedule]\nheartbeat_url = "file:///etc/passwd"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(config), "status"])
    assert result.exit_code == 2
    assert "schedule.heartbeat_url: not an http(s) URL" in result.output
