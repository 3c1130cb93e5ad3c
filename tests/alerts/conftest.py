"""Real receivers on loopback for the alert tests: an aiosmtpd SMTP sink, an
``http.server`` webhook receiver that can be told how to answer, a frozen clock, and
helpers to put findings straight into the store."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from fiscalwatch import clock
from fiscalwatch.config import Config, config_from_dict
from fiscalwatch.store import Store

WEBHOOK_SECRET = "s3cret-for-tests"
START = datetime(2025, 10, 8, 7, 0, tzinfo=UTC)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# -- SMTP ------------------------------------------------------------------------------


class SinkHandler:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.original_content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 OK"


@dataclass
class SmtpSink:
    port: int
    handler: SinkHandler

    @property
    def messages(self) -> list[tuple[list[str], EmailMessage]]:
        return self.handler.messages

    def to(self, address: str) -> list[EmailMessage]:
        return [m for rcpt, m in self.messages if address in rcpt]


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    handler = SinkHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield SmtpSink(controller.port, handler)
    finally:
        controller.stop()


# -- webhook receiver ------------------------------------------------------------------


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    path: str

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Answers each request with the next scripted behaviour: an HTTP status, or
    ``"hang"`` (no answer until the test ends); 200 once the script is used up."""

    url: str
    script: list[int | str] = field(default_factory=list)
    requests: list[Received] = field(default_factory=list)
    accepted: list[Received] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_behaviour(self) -> int | str:
        with self.lock:
            return self.script.pop(0) if self.script else 200

    def accepted_ids(self) -> set[str]:
        return {r.headers["X-Fiscalwatch-Delivery"] for r in self.accepted}


def _handler_for(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            received = Received(dict(self.headers.items()), body, self.path)
            behaviour = receiver.next_behaviour()
            with receiver.lock:
                receiver.requests.append(received)
            if behaviour == "hang":
                receiver.release.wait(10)
                return
            assert isinstance(behaviour, int)
            if 200 <= behaviour < 300:
                with receiver.lock:
                    receiver.accepted.append(received)
            answer = b'{"ok": true}' if behaviour < 300 else b"receiver error"
            try:
                self.send_response(behaviour)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
            except OSError:
                pass  # the client gave up

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(state))
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()


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
