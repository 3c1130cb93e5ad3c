"""Real receivers on loopback for the alert tests: the package's SMTP sink and webhook
receiver (told how to answer with :func:`answers`), a frozen clock, and helpers to put
findings straight into the store."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from itertools import count
from pathlib import Path
from typing import Any

import pytest

from fiscalwatch import clock
from fiscalwatch.config import Config, config_from_dict
from fiscalwatch.demo.sinks import MailSink, WebhookReceiver
from fiscalwatch.store import Store

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
        "storage": {"database": str(tmp_path / "fw.db"), "files": str(tmp_path / "files")},
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
    return config_from_dict(data)


_fingerprints = count(1)


def add_finding(
    store: Store,
    *,
    check: str = "missing_section",
    severity: str = "warning",
    region: str | None = "青川市",
    department: str | None = "青川市财政局",
    fiscal_year: int | None = 2024,
    message: str = "青川市财政局 2024 年度部门决算缺少“部门职责及机构设置”。",
    evidence: dict[str, Any] | None = None,
    url: str | None = "http://127.0.0.1:8001/zwgk/czyjs/bmjs/2024/caizheng.pdf",
    resolved_at: str | None = None,
) -> int:
    """Inserts a ``findings`` row with the contract's columns; returns its id."""
    row = {
        "check": check,
        "severity": severity,
        "department": department,
        "region": region,
        "fiscal_year": fiscal_year,
        "document_id": None,
        "url": url,
        "message": message,
        "evidence": json.dumps(evidence or {"section": "duties"}, ensure_ascii=False),
        "fingerprint": f"test-{next(_fingerprints)}",
        "first_seen": "2025-10-01T07:00:00+00:00",
        "last_seen": "2025-10-01T07:00:00+00:00",
        "resolved_at": resolved_at,
    }
    finding_id = store.db.table("findings").insert(row).last_pk
    assert finding_id is not None
    return int(finding_id)


def resolve(store: Store, finding_id: int) -> None:
    store.db.execute(
        "UPDATE findings SET resolved_at = '2025-10-09T07:00:00+00:00' WHERE id = ?", [finding_id]
    )


def reopen(store: Store, finding_id: int) -> None:
    store.db.execute("UPDATE findings SET resolved_at = NULL WHERE id = ?", [finding_id])


def deliveries(store: Store) -> list[dict[str, Any]]:
    return list(store.db.query("SELECT * FROM deliveries ORDER BY id"))
