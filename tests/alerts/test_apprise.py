"""The Apprise channel (WeCom, DingTalk, Feishu, Slack ...), tested through Apprise's
generic ``json://`` scheme against the loopback receiver."""

from __future__ import annotations

from pathlib import Path

import pytest

from fiscalwatch.alerts.delivery import deliver
from fiscalwatch.config import Config
from fiscalwatch.demo.sinks import WebhookReceiver
from fiscalwatch.store import Store
from tests.alerts.conftest import FrozenClock, add_finding, answers, deliveries, make_config


@pytest.fixture
def chat_config(
    receiver: WebhookReceiver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Config:
    monkeypatch.setenv("FW_TEST_APPRISE_URL", receiver.url.replace("http://", "json://"))
    return make_config(
        tmp_path,
        apprise=[{"name": "wecom-group", "url_env": "FW_TEST_APPRISE_URL"}],
        subscriptions=[{"name": "chat", "apprise": "wecom-group"}],
    )


def test_one_message_per_cycle_with_every_finding(
    store: Store,
    receiver: WebhookReceiver,
    chat_config: Config,
    frozen: FrozenClock,
) -> None:
    add_finding(store, message="缺少部门职责")
    add_finding(store, department="青川市教育局", message="支出总计同比增长 85%")

    summary = deliver(store, chat_config)

    assert (summary.sent, summary.pending) == (2, 0)
    (request,) = receiver.received
    body = request.payload
    assert body["title"] == "fiscalwatch：青川市 2 条新发现"
    assert "缺少部门职责" in body["message"] and "支出总计同比增长 85%" in body["message"]
    assert {r["status"] for r in deliveries(store)} == {"sent"}
    frozen.advance(86400)
    assert deliver(store, chat_config).sent == 0 and len(receiver.received) == 1


def test_a_refusing_service_is_retried(
    store: Store,
    receiver: WebhookReceiver,
    chat_config: Config,
    frozen: FrozenClock,
) -> None:
    add_finding(store)
    receiver.respond = answers(500)
    first = deliver(store, chat_config)
    assert (first.sent, first.pending) == (0, 1)
    (row,) = deliveries(store)
    assert row["attempts"] == 1 and row["last_error"].startswith("wecom-group: ")
    assert "HTTP" in row["last_error"] or "500" in row["last_error"]
    assert "json://" not in row["last_error"] and "127.0.0.1" not in row["last_error"]
    frozen.advance(60)
    assert deliver(store, chat_config).sent == 1
    assert len(receiver.accepted) == 1
