"""Webhooks carry the Standard Webhooks headers, checked with the standard's own
verifier: the id and time are signed with the body, so a replay or a stale request is
rejected, and a repeat is recognised by ``webhook-id``."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from standardwebhooks import Webhook, WebhookVerificationError

from fiscalwatch.alerts.delivery import deliver
from fiscalwatch.demo.sinks import WebhookReceiver
from fiscalwatch.store import Store
from tests.alerts.conftest import WEBHOOK_SECRET, add_finding, answers, make_config

HOOK = [{"name": "ngo", "webhook": "ngo-hook", "min_severity": "info"}]


def _received(store: Store, receiver: WebhookReceiver, tmp_path: Path) -> list:  # type: ignore[type-arg]
    add_finding(store)
    config = make_config(tmp_path, webhook_url=receiver.url, subscriptions=HOOK)
    deliver(store, config)
    return receiver.received


@pytest.mark.usefixtures("secrets")
def test_the_standard_verifier_accepts_a_delivery(
    store: Store, receiver: WebhookReceiver, tmp_path: Path
) -> None:
    (request,) = _received(store, receiver, tmp_path)
    payload = Webhook(WEBHOOK_SECRET.encode()).verify(request.body, request.headers)
    assert payload["finding"]["check"] == "missing_section"
    assert request.headers["webhook-id"] == request.headers["X-Fiscalwatch-Delivery"]
    assert request.headers["webhook-signature"].startswith("v1,")
    assert request.signature_ok  # the original X-Fiscalwatch-Signature is still there


@pytest.mark.usefixtures("secrets")
def test_a_replayed_or_altered_delivery_is_rejected(
    store: Store, receiver: WebhookReceiver, tmp_path: Path
) -> None:
    (request,) = _received(store, receiver, tmp_path)
    verifier = Webhook(WEBHOOK_SECRET.encode())
    stale = {
        **request.headers,
        "webhook-timestamp": str(int(request.headers["webhook-timestamp"]) - 600),
    }
    with pytest.raises(WebhookVerificationError, match="too old"):
        verifier.verify(request.body, stale)
    other_id = {**request.headers, "webhook-id": "another-id"}
    with pytest.raises(WebhookVerificationError, match="No matching signature"):
        verifier.verify(request.body, other_id)
    with pytest.raises(WebhookVerificationError, match="No matching signature"):
        verifier.verify(request.body.replace(b"warning", b"info"), request.headers)


def test_a_whsec_secret_is_used_as_the_standard_says(
    store: Store, receiver: WebhookReceiver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    standard_secret = "whsec_" + base64.b64encode(b"sixteen byte key").decode()
    monkeypatch.setenv("FW_TEST_WEBHOOK_SECRET", standard_secret)
    receiver.secret = standard_secret
    (request,) = _received(store, receiver, tmp_path)
    Webhook(standard_secret).verify(request.body, request.headers)


@pytest.mark.usefixtures("secrets")
def test_a_retry_keeps_its_id_and_is_signed_with_its_own_time(
    store: Store, receiver: WebhookReceiver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from fiscalwatch import clock

    real_now = clock.now
    receiver.respond = answers(500)
    add_finding(store)
    config = make_config(tmp_path, webhook_url=receiver.url, subscriptions=HOOK)
    deliver(store, config)
    monkeypatch.setattr(clock, "now", lambda: real_now() + timedelta(seconds=120))
    deliver(store, config)
    first, second = receiver.received
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    assert int(second.headers["webhook-timestamp"]) - int(first.headers["webhook-timestamp"]) >= 119
    Webhook(WEBHOOK_SECRET.encode()).verify(first.body, first.headers)


@pytest.mark.usefixtures("secrets")
def test_a_local_path_never_reaches_a_webhook_body(
    store: Store, receiver: WebhookReceiver, tmp_path: Path
) -> None:
    add_finding(store, url="file:///home/watcher/in/2024年度部门决算.pdf")
    config = make_config(tmp_path, webhook_url=receiver.url, subscriptions=HOOK)
    deliver(store, config)
    (request,) = receiver.received
    assert b"file:" not in request.body and b"/home/watcher" not in request.body
    assert request.payload["finding"]["url"] is None
