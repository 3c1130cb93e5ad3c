"""``fiscalwatch serve`` started for real and queried over HTTP on loopback."""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from click.testing import CliRunner

from fiscalwatch.cli import cli
from fiscalwatch.store import Store
from fiscalwatch.triage import rules
from fiscalwatch.triage.states import ACKNOWLEDGED, DISMISSED
from tests.conftest import ROOT, add_document, add_finding, make_config

pytest.importorskip("datasette")

VEHICLE = "公务用车购置及运行维护费 12.10 万元，其中：公务用车购\n置费 3.00 万元。"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    tmp_path = tmp_path_factory.mktemp("serve")
    store = Store(tmp_path / "fw.db", tmp_path / "files")
    first = add_document(
        store,
        url="http://127.0.0.1/a23.pdf",
        fiscal_year=2023,
        figures={"three_public_total": 10.0},
    )
    add_document(
        store,
        url="http://127.0.0.1/a24.pdf",
        pages=["封面", VEHICLE],
        figures={"three_public_total": 12.5},
    )
    add_document(store, url="http://127.0.0.1/b.pdf", department="青川市财政局", pages=["无关"])
    add_finding(store, id=1, severity="critical", document_id=first)
    add_finding(store, id=2)
    add_finding(store, id=3, department="青川市财政局")
    add_finding(store, id=4, resolved_at="2025-10-03T00:00:00+00:00")
    add_finding(store, id=5, department="青川市财政局")
    rules.decide(store.db, 5, DISMISSED, "误报")  # not counted as open
    add_finding(store, id=6, severity="info")
    rules.decide(store.db, 6, ACKNOWLEDGED, "已致电")  # still a problem: counted
    store.close()
    config = make_config(tmp_path)
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "fiscalwatch",
            "--config",
            str(config),
            "serve",
            "--port",
            str(port),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(f"{base}/-/versions.json", timeout=2).raise_for_status()
                break
            except requests.RequestException:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode() if process.stdout else ""
                    pytest.fail(f"datasette did not start: {output}")
                time.sleep(0.3)
        yield base, tmp_path
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def get(base: str, path: str, **params: Any) -> Any:
    response = requests.get(f"{base}{path}", params={**params, "_shape": "array"}, timeout=10)
    response.raise_for_status()
    return response.json()


def test_search_box_finds_a_phrase_across_a_line_break(served: tuple[str, Path]) -> None:
    base, _ = served
    rows = get(base, "/fw/pages.json", _search="公务用车购置费")
    assert [(r["document_id"], r["page"]) for r in rows] == [(2, 2)]


def test_metadata_applies_under_the_store_file_name(served: tuple[str, Path]) -> None:
    base, _ = served
    assert "发现的问题" in requests.get(f"{base}/fw/findings", timeout=10).text  # its title
    page = requests.get(f"{base}/fw", timeout=10).text
    assert "未解决问题最多的部门" in page  # a canned query's title from metadata.yml


def test_canned_queries(served: tuple[str, Path]) -> None:
    base, _ = served
    most = get(base, "/fw/departments_most_open_findings.json")
    assert [(r["department"], r["open_findings"], r["critical"]) for r in most] == [
        ("青川市统计局", 3, 1),
        ("青川市财政局", 1, 0),
    ]
    trend = get(base, "/fw/metric_trend.json", metric="three_public_total", region="青川市")
    assert [(r["fiscal_year"], r["value"], r["previous"], r["change_pct"]) for r in trend] == [
        (2023, 10.0, None, None),
        (2024, 12.5, 10.0, 25.0),
    ]
    found = get(base, "/fw/full_text_search.json", q="公务用车购置费")
    assert [(r["document_id"], r["page"]) for r in found] == [(2, 2)]
    assert get(base, "/fw/budget_against_final_account.json") == []


def test_without_datasette_serve_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "datasette" else real_find_spec(name, *a),
    )
    result = CliRunner().invoke(cli, ["--config", str(make_config(tmp_path)), "serve"])
    assert result.exit_code == 2
    assert "serve needs Datasette: pip install 'fiscalwatch[serve]'" in result.output


def test_read_only(served: tuple[str, Path]) -> None:
    base, tmp_path = served
    response = requests.get(f"{base}/fw.json", params={"sql": "DELETE FROM findings"}, timeout=10)
    assert response.status_code == 400
    store = Store(tmp_path / "fw.db", tmp_path / "files")
    try:
        assert store.db.table("findings").count == 6
    finally:
        store.close()
