"""Webhooks: signed, one POST per finding, retried with backoff, delivered once."""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from dataclasses import asdict
from pathlib import Path

import pytest

from fiscalwatch.alerts import outbox
from fiscalwatch.alerts.delivery import deliver
from fiscalwatch.demo.sinks import WebhookReceiver, free_port
from fiscalwatch.store import Store
from tests.alerts.conftest import (
    WEBHOOK_SECRET,
    FrozenClock,
    add_finding,
    answers,
    deliveries,
    make_config,
)

pytestmark = pytest.mark.usefixtures("secrets")

HOOK_SUBSCRIPTION = [{"name": "ngo", "webhook": "ngo-hook", "min_severity": "info"}]


def test_payload_headers_and_signature(
    store: Store, receiver: WebhookReceiver, tmp_path: Path, frozen: FrozenClock
) -> None:
    finding_id = add_finding(store, evidence={"section": "duties"})
    config = make_config(tmp_path, webhook_url=receiver.url, subscriptions=HOOK_SUBSCRIPTION)

    summary = deliver(store, config)

    assert summary.counts() == {"queued": 1, "sent": 1, "failed": 0, "pending": 0, "skipped": 0}
    assert json.loads(json.dumps(asdict(summary)))["batches"] == [
        {
            "channel": "webhook",
            "target": "ngo-hook",
            "finding_ids": [finding_id],
            "outcome": "sent",
            "error": None,
        }
    ]  # the pipeline stores the summary as JSON in ``runs``
    (request,) = receiver.received
    expected_mac = hmac.new(WEBHOOK_SECRET.encode(), request.body, hashlib.sha256).hexdigest()
    assert request.headers["X-Fiscalwatch-Signature"] == f"sha256={expected_mac}"
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    (row,) = deliveries(store)
    assert request.headers["X-Fiscalwatch-Delivery"] == row["delivery_id"]
    assert uuid.UUID(row["delivery_id"]).version == 4
    assert request.payload == {
        "event": "finding",
        "finding": {
            "id": finding_id,
            "check": "missing_section",
            "severity": "warning",
            "department": "青川市财政局",
            "region": "青川市",
            "fiscal_year": 2024,
            "message": "青川市财政局 2024 年度部门决算缺少“部门职责及机构设置”。",
            "evidence": {"section": "duties"},
            "url": "http://127.0.0.1:8001/zwgk/czyjs/bmjs/2024/caizheng.pdf",
            "first_seen": "2025-10-01T07:00:00+00:00",
        },
    }
    assert "青川市" in request.body.decode("utf-8")  # UTF-8 on the wire, not \\u escapes
    assert (row["status"], row["attempts"]) == ("sent", 1)
    assert row["sent_at"] == "2025-10-08T07:00:00+00:00"


def test_error_then_timeout_then_success_lands_exactly_once(
    store: Store, receiver: WebhookReceiver, tmp_path: Path, frozen: FrozenClock
) -> None:
    add_finding(store)
    receiver.respond = answers(500, None)
    config = make_config(
        tmp_path, webhook_url=receiver.url, subscriptions=HOOK_SUBSCRIPTION, webhook_timeout=0.3
    )

    first = deliver(store, config)
    assert (first.sent, first.pending) == (0, 1)
    (row,) = deliveries(store)
    assert row["attempts"] == 1 and "HTTP 500" in row["last_error"]
    assert row["next_attempt_at"] == "2025-10-08T07:01:00+00:00"  # base 60 s

    not_yet = deliver(store, config)  # backoff not over: nothing is tried
    assert not_yet.sent == 0 and len(receiver.received) == 1

    frozen.advance(60)
    second = deliver(store, config)
    assert (second.sent, second.pending) == (0, 1)
    (row,) = deliveries(store)
    assert row["attempts"] == 2 and "no answer within 0.3 s" in row["last_error"]
    assert row["next_attempt_at"] == "2025-10-08T07:03:00+00:00"  # 2 x base

    frozen.advance(120)
    third = deliver(store, config)
    assert (third.sent, third.pending) == (1, 0)

    frozen.advance(3600)
    assert deliver(store, config).sent == 0
    assert len(receiver.received) == 3
    assert len(receiver.accepted) == 1
    ids = {r.headers["X-Fiscalwatch-Delivery"] for r in receiver.received}
    assert len(ids) == 1, "every retry carries the same delivery id"
    (row,) = deliveries(store)
    assert (row["status"], row["attempts"], row["last_error"]) == ("sent", 3, None)


def test_failed_after_max_attempts_and_counted_in_status(
    store: Store, receiver: WebhookReceiver, tmp_path: Path, frozen: FrozenClock
) -> None:
    add_finding(store)
    receiver.respond = answers(*[503] * 10)
    config = make_config(
        tmp_path,
        webhook_url=receiver.url,
        subscriptions=HOOK_SUBSCRIPTION,
        delivery={"max_attempts": 3, "backoff_base_seconds": 10, "backoff_max_seconds": 15},
    )
    failed = []
    for _ in range(4):
        failed.append(deliver(store, config).failed)
        frozen.advance(15)  # the cap: 10 s, then 15 s instead of 20 s
    assert failed == [0, 0, 1, 0]
    assert len(receiver.received) == 3
    (row,) = deliveries(store)
    assert (row["status"], row["attempts"]) == ("failed", 3)
    assert "HTTP 503" in row["last_error"]
    assert store.counts()["deliveries_failed"] == 1


def test_crash_between_send_and_record_retries_with_the_same_id(
    store: Store,
    receiver: WebhookReceiver,
    tmp_path: Path,
    frozen: FrozenClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_finding(store)
    config = make_config(tmp_path, webhook_url=receiver.url, subscriptions=HOOK_SUBSCRIPTION)
    real_mark_sent = outbox.mark_sent
    crashes: list[int] = []

    def crash_once(*args: object, **kwargs: object) -> None:
        if not crashes:
            crashes.append(1)
            raise KeyboardInterrupt("killed between sending and recording")
        real_mark_sent(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(outbox, "mark_sent", crash_once)
    with pytest.raises(KeyboardInterrupt):
        deliver(store, config)
    store.close()

    restarted = Store(tmp_path / "fw.db", tmp_path / "files")
    try:
        (row,) = deliveries(restarted)
        assert (row["status"], row["attempts"]) == ("pending", 1)
        assert deliver(restarted, config).sent == 0  # the interrupted claim is still leased
        frozen.advance(300)  # past the claim lease (2 x timeout + 60 s)
        assert deliver(restarted, config).sent == 1
        frozen.advance(3600)
        assert deliver(restarted, config).sent == 0
    finally:
        restarted.close()
    assert len(receiver.received) == 2
    assert len({r.headers["X-Fiscalwatch-Delivery"] for r in receiver.accepted}) == 1, (
        "the repeat has the same X-Fiscalwatch-Delivery"
    )


def test_nothing_sent_twice_after_restart(
    store: Store, receiver: WebhookReceiver, tmp_path: Path, frozen: FrozenClock
) -> None:
    for i in range(3):
        add_finding(store, message=f"问题 {i}")
    config = make_config(tmp_path, webhook_url=receiver.url, subscriptions=HOOK_SUBSCRIPTION)
    assert deliver(store, config).sent == 3
    store.close()

    for _ in range(2):
        frozen.advance(86400)
        reopened = Store(tmp_path / "fw.db", tmp_path / "files")
        try:
            summary = deliver(reopened, config)
        finally:
            reopened.close()
        assert summary.counts() == {"queued": 0, "sent": 0, "failed": 0, "pending": 0, "skipped": 0}
    assert len(receiver.received) == 3
    assert sorted(json.loads(r.body)["finding"]["message"] for r in receiver.received) == [
        "问题 0",
        "问题 1",
        "问题 2",
    ]


def test_unreachable_hook_costs_one_connection_attempt_per_cycle(
    store: Store, tmp_path: Path, frozen: FrozenClock
) -> None:
    for i in range(3):
        add_finding(store, message=f"问题 {i}")
    closed = f"http://127.0.0.1:{free_port()}/hook"
    config = make_config(tmp_path, webhook_url=closed, subscriptions=HOOK_SUBSCRIPTION)

    summary = deliver(store, config)

    assert (summary.sent, summary.pending) == (0, 3)
    rows = deliveries(store)
    assert [r["attempts"] for r in rows] == [1, 0, 0]  # the ones not tried cost no attempt
    assert "cannot connect" in rows[0]["last_error"]
    assert all(r["last_error"].startswith("not tried: ngo-hook: cannot connect") for r in rows[1:])
