"""``fiscalwatch notify``: nothing without subscriptions, a dry run that only prints,
a run recorded in ``runs``, a missing secret reported before any request."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from fiscalwatch.cli import cli
from fiscalwatch.demo.sinks import MailSink, WebhookReceiver
from fiscalwatch.store import Store
from tests.alerts.conftest import WEBHOOK_SECRET, FrozenClock, add_finding
from tests.conftest import make_config


def write_config(tmp_path: Path, receiver: WebhookReceiver, smtp_port: int) -> Path:
    email = {"smtp_host": "127.0.0.1", "smtp_port": smtp_port, "sender": "fiscalwatch@example.org"}
    hook = {"name": "ngo-hook", "url": receiver.url, "secret_env": "FW_TEST_WEBHOOK_SECRET"}
    watchers = {
        "name": "watchers",
        "email": ["watch@example.org"],
        "webhook": "ngo-hook",
        "min_severity": "warning",
    }
    return make_config(
        tmp_path, alerts={"email": email, "webhooks": [hook]}, subscriptions=[watchers]
    )


def notify(config: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(
        cli,
        ["--config", str(config), "notify", *args],
        env={"FW_TEST_WEBHOOK_SECRET": WEBHOOK_SECRET, **(env or {})},
    )


def test_without_subscriptions_says_so_and_does_nothing(store: Store, tmp_path: Path) -> None:
    add_finding(store)
    result = notify(make_config(tmp_path))
    assert result.exit_code == 0, result.output
    assert "no [[subscriptions]]" in result.output
    assert store.db.execute("SELECT count(*) FROM deliveries").fetchone()[0] == 0


def test_dry_run_prints_per_target_and_writes_nothing(
    store: Store,
    receiver: WebhookReceiver,
    smtp_sink: MailSink,
    tmp_path: Path,
    frozen: FrozenClock,
) -> None:
    add_finding(store, message="缺少部门职责")
    add_finding(store, department="青川市教育局", message="支出总计同比增长 85%")
    add_finding(store, severity="info", message="只是提示")
    config = write_config(tmp_path, receiver, smtp_sink.port)

    result = notify(config, "--dry-run")

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines.count("webhook → ngo-hook: 1 finding") == 2
    assert (
        "email → watch@example.org: 2 findings, one message «fiscalwatch：青川市 2 条新发现»"
        in lines
    )
    assert sum("缺少部门职责" in line for line in lines) == 2  # under the hook and the digest
    assert "只是提示" not in result.output
    assert "queued 4" in lines[-1] and "nothing sent or written" in lines[-1]
    assert receiver.received == [] and smtp_sink.messages == []
    counts = store.db.execute(
        "SELECT (SELECT count(*) FROM deliveries), (SELECT count(*) FROM runs)"
    ).fetchone()
    assert counts == (0, 0)


def test_notify_sends_and_records_a_run(
    store: Store,
    receiver: WebhookReceiver,
    smtp_sink: MailSink,
    tmp_path: Path,
    frozen: FrozenClock,
) -> None:
    add_finding(store)
    config = write_config(tmp_path, receiver, smtp_sink.port)

    result = notify(config)

    assert result.exit_code == 0, result.output
    assert "sent    webhook → ngo-hook (1 finding)" in result.output
    assert "sent    email → watch@example.org (1 finding)" in result.output
    assert len(receiver.accepted) == 1 and len(smtp_sink.messages) == 1
    (run,) = store.db.query("SELECT * FROM runs")
    assert (run["kind"], run["status"]) == ("notify", "ok")
    assert json.loads(run["summary"]) == {
        "queued": 2,
        "sent": 2,
        "failed": 0,
        "pending": 0,
        "skipped": 0,
    }
    again = notify(config)
    assert "sent 0" in again.output and len(receiver.received) == 1


def test_missing_secret_fails_before_any_request(
    store: Store,
    receiver: WebhookReceiver,
    smtp_sink: MailSink,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_finding(store)
    config = write_config(tmp_path, receiver, smtp_sink.port)
    monkeypatch.delenv("FW_TEST_WEBHOOK_SECRET", raising=False)
    result = CliRunner().invoke(cli, ["--config", str(config), "notify"])
    assert result.exit_code == 2
    assert (
        "alerts.webhooks[0].secret_env: environment variable FW_TEST_WEBHOOK_SECRET"
        in result.output
    )
    assert receiver.received == [] and smtp_sink.messages == []
