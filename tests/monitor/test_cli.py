"""``fiscalwatch check``: counts per check, new and resolved, a run recorded."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from fiscalwatch.cli import cli
from fiscalwatch.store import Store
from tests.conftest import make_config
from tests.monitor.builders import add_document, add_seed


def test_check_command(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    store = Store(tmp_path / "fw.db", tmp_path / "files")
    add_seed(store, "seed_004")
    add_document(store, url="http://127.0.0.1:8001/a.pdf", department="青川市财政局", year=2023)
    store.close()

    runner = CliRunner()
    before = runner.invoke(cli, ["--config", str(config), "check", "--as-of", "2025-09-01"])
    assert before.exit_code == 0, before.output
    assert "inconsistent_figures" in before.output and "missing_document" in before.output
    assert "new 6," in before.output  # seed 004: cases/seeds.toml

    after = runner.invoke(cli, ["check", "--as-of", "2025-10-01", "--config", str(config)])
    assert after.exit_code == 0, after.output
    assert "new 1, reopened 0, resolved 0" in after.output  # 青川市财政局 2024 is now overdue

    only = runner.invoke(
        cli,
        ["--config", str(config), "check", "--only", "missing_section", "--as-of", "2025-10-01"],
    )
    assert only.exit_code == 0 and "inconsistent_figures" not in only.output

    store = Store(tmp_path / "fw.db", tmp_path / "files")
    runs = list(store.db.query("SELECT * FROM runs WHERE kind = 'check' ORDER BY id"))
    assert [r["status"] for r in runs] == ["ok", "ok", "ok"]
    assert json.loads(runs[1]["summary"])["per_check"]["missing_document"]["new"] == 1
    store.close()


def test_unknown_check_is_a_usage_error(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    result = CliRunner().invoke(cli, ["--config", str(config), "check", "--only", "nope"])
    assert result.exit_code == 2
    assert "nope" in result.output
