"""Every stage started by hand takes the cycle lock, as ``run`` and the daemon do: while
a cycle holds it, ``crawl``, ``parse``, ``check``, ``notify`` and ``ingest`` refuse at
once and change nothing (a manual ``notify`` cannot send what the cycle is sending)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from fiscalwatch.cli import cli
from fiscalwatch.demo.sinks import WebhookReceiver
from fiscalwatch.locking import cycle_lock
from fiscalwatch.store import Store
from tests.alerts.conftest import WEBHOOK_SECRET, add_finding
from tests.conftest import make_config

DOCUMENT = Path(__file__).resolve().parents[2] / "fixtures" / "documents" / "v_html_utf8.html"


def _config(tmp_path: Path, hook_url: str) -> Path:
    return make_config(
        tmp_path,
        sources=[{"name": "q", "region": "青川市", "start_urls": ["http://127.0.0.1:9/"]}],
        alerts={"webhooks": [{"name": "hook", "url": hook_url, "secret_env": "FW_LOCK_SECRET"}]},
        subscriptions=[{"name": "s", "webhook": "hook", "min_severity": "info"}],
    )


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "command",
    [["notify"], ["crawl", "--quiet"], ["parse"], ["check"], ["ingest", str(DOCUMENT)]],
)
def test_a_stage_by_hand_refuses_while_a_cycle_holds_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.setenv("FW_LOCK_SECRET", WEBHOOK_SECRET)
    store = Store(tmp_path / "fw.db", tmp_path / "files")
    add_finding(store)
    with WebhookReceiver(WEBHOOK_SECRET) as receiver:
        config = _config(tmp_path, receiver.url)
        with cycle_lock(store.path):  # a daemon's cycle is under way
            result = CliRunner().invoke(cli, ["--config", str(config), *command])
        assert result.exit_code == 3, result.output
        assert "a cycle is already running on this store" in result.output
        assert receiver.received == []
        kinds = [row[0] for row in store.db.execute("SELECT kind FROM runs").fetchall()]
        assert kinds == [] and store.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 0

        # Once the cycle is over the same command runs.
        if command == ["notify"]:
            after = CliRunner().invoke(cli, ["--config", str(config), *command])
            assert after.exit_code == 0, after.output
            assert len(receiver.received) == 1
    store.close()
