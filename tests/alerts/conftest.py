"""Real receivers on loopback for the alert tests: the package's SMTP sink and webhook
receiver (told how to answer with :func:`answers`), a frozen clock, and helpers to put
findings straight into the store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from fiscalwatch import clock
from fiscalwatch.config import Config, config_from_dict
from fiscalwatch.demo.sinks import MailSink, WebhookReceiver
from fiscalwatch.store import Store
from tests import conftest as shared

WEBHOOK_SECRET = "s3cret-for-tests"
START = datetime(2025, 10, 8, 7, 0, tzinfo=UTC)


# -- SMTP sink and webhook receiver: the package's own (fiscalwatch.demo.sinks) ----------


@pytest.fixture
def smtp_sink() -> Iterator[MailSink]:
    with MailSink() as sink:
        yield sink


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver(WEBHOOK_SECRET) as hook_receiver:
        yield hook_receiver


def answers(*statuses: int | None) -> Callable[[int], int | None]:
    """A receiver's ``respond``: these statuses in turn (None: no answer until the test
    ends), then 200 once they are used up."""
    queue = list(statuses)
    return lambda _count: queue.pop(0) if queue else 200


# -- clock, config, findings -----------------------------------------------------------


class FrozenClock:
    def __init__(self, start: datetime) -> None:
        self.moment = start

    def now(self) -> datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> FrozenClock:
    frozen_clock = FrozenClock(START)
    monkeypatch.setattr(clock, "now", frozen_clock.now)
    return frozen_clock


@pytest.fixture
def secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FW_TEST_WEBHOOK_SECRET", WEBHOOK_SECRET)


def make_config(
    tmp_path: Path,
    *,
    smtp_port: int | None = None,
    webhook_url: str | None = None,
    subscriptions: list[dict[str, Any]] | None = None,
    webhook_timeout: float = 2.0,
    **alerts: Any,
) -> Config:
    data: dict[str, Any] = {
        "alerts": {
            "delivery": {"max_attempts": 5, "backoff_base_seconds": 60, "backoff_max_seconds": 3600}
        },
        "subscriptions": subscriptions or [],
    }
    if smtp_port is not None:
        data["alerts"]["email"] = {
            "smtp_host": "127.0.0.1",
            "smtp_port": smtp_port,
            "sender": "fiscalwatch@example.org",
            "timeout": 5,
        }
    if webhook_url is not None:
        data["alerts"]["webhooks"] = [
            {
                "name": "ngo-hook",
                "url": webhook_url,
                "secret_env": "FW_TEST_WEBHOOK_SECRET",
                "timeout": webhook_timeout,
            }
        ]
    for key, value in alerts.items():
        if isinstance(value, dict) and isinstance(data["alerts"].get(key), dict):
            data["alerts"][key].update(value)
        else:
            data["alerts"][key] = value
    return config_from_dict(shared.config_data(tmp_path, **data))


# The alert tests' finding: 青川市财政局 without its duties section, at its portal's URL.
FINDING: dict[str, Any] = {
    "department": "青川市财政局",
    "message": "青川市财政局 2024 年度部门决算缺少“部门职责及机构设置”。",
    "url": "http://127.0.0.1:8001/zwgk/czyjs/bmjs/2024/caizheng.pdf",
}


def add_finding(store: Store, **overrides: Any) -> int:
    """Inserts a ``findings`` row (see tests/conftest.py) about :data:`FINDING`."""
    return shared.add_finding(store, **{**FINDING, **overrides})


def resolve(store: Store, finding_id: int) -> None:
    store.db.execute(
        "UPDATE findings SET resolved_at = '2025-10-09T07:00:00+00:00' WHERE id = ?", [finding_id]
    )


def reopen(store: Store, finding_id: int) -> None:
    store.db.execute("UPDATE findings SET resolved_at = NULL WHERE id = ?", [finding_id])


def deliveries(store: Store) -> list[dict[str, Any]]:
    return list(store.db.query("SELECT * FROM deliveries ORDER BY id"))
