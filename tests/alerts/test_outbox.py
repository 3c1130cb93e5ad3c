"""The outbox: who wants which finding, idempotent queuing, stable ids, resolved findings."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from fiscalwatch.alerts import outbox
from fiscalwatch.alerts.delivery import deliver
from fiscalwatch.alerts.settings import DeliveryConfig
from fiscalwatch.demo.sinks import WebhookReceiver
from fiscalwatch.store import Store
from tests.alerts.conftest import (
    START,
    FrozenClock,
    add_finding,
    deliveries,
    make_config,
    reopen,
    resolve,
)

FINDINGS: dict[str, dict[str, Any]] = {
    "qc-section": {"region": "青川市", "check": "missing_section", "severity": "warning"},
    "qc-yoy": {"region": "青川市", "check": "yoy_anomaly", "severity": "info"},
    "wlmq-missing": {"region": "乌鲁木齐市", "check": "missing_document", "severity": "critical"},
    "wlmq-sums": {"region": "乌鲁木齐市", "check": "inconsistent_figures", "severity": "warning"},
}

FILTER_CASES = [
    ({}, {"qc-section", "wlmq-missing", "wlmq-sums"}),  # default min_severity = warning
    ({"min_severity": "info"}, set(FINDINGS)),
    ({"min_severity": "critical"}, {"wlmq-missing"}),
    ({"regions": ["青川市"], "min_severity": "info"}, {"qc-section", "qc-yoy"}),
    ({"checks": ["missing_section", "missing_document"]}, {"qc-section", "wlmq-missing"}),
    ({"regions": ["乌鲁木齐市"], "checks": ["inconsistent_figures"]}, {"wlmq-sums"}),
    ({"regions": ["青川市"], "min_severity": "critical"}, set()),
    ({"regions": ["没有这个市"]}, set()),
]


@pytest.mark.parametrize(("filters", "expected"), FILTER_CASES)
def test_subscription_filters(
    store: Store, tmp_path: Path, filters: dict[str, Any], expected: set[str]
) -> None:
    ids = {add_finding(store, message=label, **fields): label for label, fields in FINDINGS.items()}
    add_finding(store, resolved_at="2025-10-01T00:00:00+00:00", message="resolved")
    subscription = {"name": "s", "webhook": "ngo-hook", **filters}
    config = make_config(
        tmp_path, webhook_url="http://127.0.0.1:9/hook", subscriptions=[subscription]
    )

    outbox.enqueue(store.db, config, START)

    assert {ids[row["finding_id"]] for row in deliveries(store)} == expected


def test_queuing_is_idempotent_and_ids_are_stable(store: Store, tmp_path: Path) -> None:
    for label, fields in FINDINGS.items():
        add_finding(store, message=label, **fields)
    config = make_config(
        tmp_path,
        smtp_port=2525,
        webhook_url="http://127.0.0.1:9/hook",
        subscriptions=[
            {"name": "a", "email": ["x@example.org", "y@example.org"], "webhook": "ngo-hook"},
            {"name": "b", "email": "x@example.org", "min_severity": "info"},
        ],
    )
    first = outbox.enqueue(store.db, config, START)
    rows = deliveries(store)
    again = outbox.enqueue(store.db, config, START)

    # a: 3 findings x (2 addresses + 1 hook); b adds x@ for the info finding only.
    assert len(first.new) == 10 and again.new == [] and deliveries(store) == rows
    assert len({r["delivery_id"] for r in rows}) == 10
    assert all(uuid.UUID(r["delivery_id"]).version == 4 for r in rows)
    owners = {(r["target"], r["finding_id"]): r["subscription"] for r in rows}
    assert owners[("x@example.org", 2)] == "b" and owners[("x@example.org", 1)] == "a"


def test_resolved_before_sending_is_skipped_and_reopened_is_queued_again(
    store: Store, receiver: WebhookReceiver, tmp_path: Path, frozen: FrozenClock, secrets: None
) -> None:
    kept = add_finding(store, message="仍存在")
    gone = add_finding(store, message="已改正")
    config = make_config(
        tmp_path, webhook_url=receiver.url, subscriptions=[{"name": "s", "webhook": "ngo-hook"}]
    )
    outbox.enqueue(store.db, config, frozen.now())  # queued, then the next check resolves one
    original_ids = {r["finding_id"]: r["delivery_id"] for r in deliveries(store)}
    resolve(store, gone)

    summary = deliver(store, config)

    assert summary.counts() == {"queued": 0, "sent": 1, "failed": 0, "pending": 0, "skipped": 1}
    assert [r.payload["finding"]["id"] for r in receiver.received] == [kept]
    skipped = next(r for r in deliveries(store) if r["finding_id"] == gone)
    assert (skipped["status"], skipped["last_error"]) == ("skipped", outbox.RESOLVED)

    reopen(store, gone)
    frozen.advance(60)
    summary = deliver(store, config)
    assert (summary.queued, summary.sent) == (1, 1)
    assert [r.payload["finding"]["id"] for r in receiver.received] == [kept, gone]
    assert {r["finding_id"]: r["delivery_id"] for r in deliveries(store)} == original_ids


def test_new_subscription_gets_open_findings_not_resolved_ones(
    store: Store, receiver: WebhookReceiver, tmp_path: Path, frozen: FrozenClock, secrets: None
) -> None:
    old = add_finding(store, message="早已发现，仍未改正")
    add_finding(store, message="早已改正", resolved_at="2025-09-01T00:00:00+00:00")
    config = make_config(
        tmp_path, webhook_url=receiver.url, subscriptions=[{"name": "s", "webhook": "ngo-hook"}]
    )
    assert deliver(store, config).sent == 1
    assert [r.payload["finding"]["id"] for r in receiver.received] == [old]


def test_unsubscribing_skips_what_was_still_waiting(store: Store, tmp_path: Path) -> None:
    add_finding(store, severity="info")
    loose = make_config(
        tmp_path,
        webhook_url="http://127.0.0.1:9/hook",
        subscriptions=[{"name": "s", "webhook": "ngo-hook", "min_severity": "info"}],
    )
    strict = make_config(
        tmp_path,
        webhook_url="http://127.0.0.1:9/hook",
        subscriptions=[{"name": "s", "webhook": "ngo-hook", "min_severity": "warning"}],
    )
    outbox.enqueue(store.db, loose, START)
    decision = outbox.enqueue(store.db, strict, START)
    assert len(decision.skip) == 1
    (row,) = deliveries(store)
    assert (row["status"], row["last_error"]) == ("skipped", outbox.UNWANTED)
    outbox.enqueue(store.db, loose, START)
    assert deliveries(store)[0]["status"] == "pending"


def test_backoff_doubles_up_to_the_cap() -> None:
    policy = DeliveryConfig(max_attempts=10, backoff_base_seconds=60, backoff_max_seconds=300)
    assert [outbox.backoff_seconds(n, policy) for n in range(1, 7)] == [60, 120, 240, 300, 300, 300]


def test_a_second_runner_does_not_send_what_the_first_has_claimed(
    store: Store, tmp_path: Path
) -> None:
    add_finding(store)
    config = make_config(
        tmp_path,
        webhook_url="http://127.0.0.1:9/hook",
        subscriptions=[{"name": "s", "webhook": "ngo-hook"}],
    )
    outbox.enqueue(store.db, config, START)
    (due,) = outbox.due(store.db, START)
    assert outbox.claim(store.db, [due.row_id or 0], START, 60) == {due.row_id}
    assert outbox.claim(store.db, [due.row_id or 0], START, 60) == set()
    assert outbox.due(store.db, START) == []


def test_deliver_accepts_a_bare_database(
    store: Store, receiver: WebhookReceiver, tmp_path: Path, frozen: FrozenClock, secrets: None
) -> None:
    add_finding(store)
    config = make_config(
        tmp_path, webhook_url=receiver.url, subscriptions=[{"name": "s", "webhook": "ngo-hook"}]
    )
    assert deliver(store.db, config).sent == 1
