"""A channel outage loses nothing: attempts count only real tries, what was given up on
comes back once the channel works again (or on ``notify --retry-failed``), a receiver's
permanent refusal is not repeated, and ``status`` shows the failing channel's backlog."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from fiscalwatch.alerts.delivery import deliver
from fiscalwatch.cli import cli
from fiscalwatch.demo.sinks import MailSink, WebhookReceiver, free_port
from tests import conftest as shared
from tests.alerts.conftest import (
    FrozenClock,
    add_finding,
    answers,
    deliveries,
    make_config,
)

pytestmark = pytest.mark.usefixtures("secrets")

HOOK = [{"name": "ngo", "webhook": "ngo-hook", "min_severity": "info"}]
MAIL = [{"name": "mail", "email": "a@example.org"}]
TWO_TRIES = {"max_attempts": 2, "backoff_base_seconds": 60, "backoff_max_seconds": 60}


def _state(store: object) -> list[tuple[str, int, str | None]]:
    return [(r["status"], r["attempts"], r["failure"]) for r in deliveries(store)]  # type: ignore[arg-type]


def test_a_webhook_outage_is_delivered_once_the_hook_works_again(
    store: object, receiver: WebhookReceiver, tmp_path: Path, frozen: FrozenClock
) -> None:
    add_finding(store)  # type: ignore[arg-type]
    receiver.respond = answers(503, 503)
    config = make_config(tmp_path, webhook_url=receiver.url, subscriptions=HOOK, delivery=TWO_TRIES)
    deliver(store, config)  # type: ignore[arg-type]
    frozen.advance(60)
    assert deliver(store, config).failed == 1  # type: ignore[arg-type]
    assert _state(store) == [("failed", 2, "batch")]
    first_id = deliveries(store)[0]["delivery_id"]  # type: ignore[arg-type]

    add_finding(store, message="后来发现的问题")  # type: ignore[arg-type]
    frozen.advance(3600)
    recovered = deliver(store, config)  # type: ignore[arg-type]
    assert (recovered.sent, recovered.requeued) == (1, 1)
    assert _state(store)[0] == ("pending", 0, None)

    frozen.advance(60)
    assert deliver(store, config).sent == 1  # type: ignore[arg-type]
    assert [r["status"] for r in deliveries(store)] == ["sent", "sent"]  # type: ignore[arg-type]
    ids = [h.headers["X-Fiscalwatch-Delivery"] for h in receiver.accepted]
    assert ids.count(first_id) == 1, "delivered once, with the id it always had"


def test_a_permanent_4xx_fails_at_once_and_is_not_queued_again(
    store: object, receiver: WebhookReceiver, tmp_path: Path, frozen: FrozenClock
) -> None:
    add_finding(store)  # type: ignore[arg-type]
    receiver.respond = answers(410)
    config = make_config(tmp_path, webhook_url=receiver.url, subscriptions=HOOK)
    assert deliver(store, config).failed == 1  # type: ignore[arg-type]
    assert _state(store) == [("failed", 1, "permanent")]

    add_finding(store, message="后来发现的问题")  # type: ignore[arg-type]
    frozen.advance(60)
    later = deliver(store, config)  # type: ignore[arg-type]
    assert (later.sent, later.requeued) == (1, 0)
    frozen.advance(60)
    deliver(store, config, retry_failed=True)  # type: ignore[arg-type]
    assert _state(store)[0] == ("failed", 1, "permanent")
    assert len(receiver.received) == 2


@pytest.mark.parametrize("answer", [500, 429, None])
def test_a_5xx_429_or_timeout_is_retried(
    store: object,
    receiver: WebhookReceiver,
    tmp_path: Path,
    frozen: FrozenClock,
    answer: int | None,
) -> None:
    add_finding(store)  # type: ignore[arg-type]
    receiver.respond = answers(answer)
    config = make_config(
        tmp_path, webhook_url=receiver.url, subscriptions=HOOK, webhook_timeout=0.3
    )
    assert deliver(store, config).pending == 1  # type: ignore[arg-type]
    frozen.advance(60)
    assert deliver(store, config).sent == 1  # type: ignore[arg-type]


def test_an_smtp_outage_is_not_lost(store: object, tmp_path: Path, frozen: FrozenClock) -> None:
    add_finding(store)  # type: ignore[arg-type]
    down = make_config(tmp_path, smtp_port=free_port(), subscriptions=MAIL, delivery=TWO_TRIES)
    for _ in range(3):  # more cycles than attempts: it gives up on the digest
        deliver(store, down)  # type: ignore[arg-type]
        frozen.advance(60)
    assert _state(store) == [("failed", 2, "channel")]

    with MailSink() as sink:
        up = make_config(tmp_path, smtp_port=sink.port, subscriptions=MAIL, delivery=TWO_TRIES)
        add_finding(store, department="青川市教育局")  # type: ignore[arg-type]
        first = deliver(store, up)  # type: ignore[arg-type]
        assert (first.sent, first.requeued) == (1, 1)
        frozen.advance(60)
        assert deliver(store, up).sent == 1  # type: ignore[arg-type]
        assert len(sink.messages) == 2
    assert [r["status"] for r in deliveries(store)] == ["sent", "sent"]  # type: ignore[arg-type]


def _config_file(tmp_path: Path, hook_url: str) -> Path:
    hook = {
        "name": "ngo-hook",
        "url": hook_url,
        "secret_env": "FW_TEST_WEBHOOK_SECRET",
        "timeout": 2,
    }
    return shared.make_config(
        tmp_path,
        alerts={"delivery": {"max_attempts": 1}, "webhooks": [hook]},
        subscriptions=[{"name": "ngo", "webhook": "ngo-hook", "min_severity": "info"}],
    )


def test_status_shows_the_failing_channel_and_retry_failed_resends(
    store: object, receiver: WebhookReceiver, tmp_path: Path
) -> None:
    for i in range(3):
        add_finding(store, message=f"问题 {i}")  # type: ignore[arg-type]
    closed = f"http://127.0.0.1:{free_port()}/hook"
    config = _config_file(tmp_path, closed)
    runner = CliRunner()
    outage = runner.invoke(cli, ["--config", str(config), "notify"])
    assert outage.exit_code == 0, outage.output
    status = runner.invoke(cli, ["--config", str(config), "status"])
    assert status.exit_code == 0, status.output
    assert "failing alert channels" in status.output
    line = next(x for x in status.output.splitlines() if "ngo-hook" in x)
    # 1 tried and given up (max_attempts = 1), 2 not tried and still waiting.
    assert line.split("│")[1:6] == [" webhook ", " ngo-hook ", " 2       ", " 1      ", " 0       "]
    assert "cannot connect" in status.output

    config = _config_file(tmp_path, receiver.url)  # the receiver is back
    again = runner.invoke(cli, ["--config", str(config), "notify", "--retry-failed"])
    assert again.exit_code == 0, again.output
    assert "sent 3" in again.output and "requeued 1" in again.output
    assert len(receiver.accepted) == 3
    status = runner.invoke(cli, ["--config", str(config), "status"])
    assert "failing alert channels" not in status.output
