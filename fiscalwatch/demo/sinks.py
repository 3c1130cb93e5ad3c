"""Local catchers for what fiscalwatch sends: an SMTP sink and a webhook receiver.

Both listen on 127.0.0.1 with an ephemeral port, run in a background thread, keep what
they receive in memory and (optionally) on disk, and stop when their ``with`` ends. The
demo uses them to show the alerts; the tests use them as the real peers.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import hmac
import json
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


@dataclass
class ReceivedMail:
    sender: str
    recipients: list[str]
    message: EmailMessage


class _Mailbox:
    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.messages: list[ReceivedMail] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        with self.lock:
            self.messages.append(
                ReceivedMail(str(envelope.mail_from), list(envelope.rcpt_tos), message)
            )
            if self.folder is not None:
                self.folder.mkdir(parents=True, exist_ok=True)
                (self.folder / f"{len(self.messages):03d}.eml").write_bytes(raw)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class MailSink:
    """A real SMTP server (aiosmtpd) that keeps every message; ``.port`` once started.

    ``options`` go to aiosmtpd's ``Controller`` as they are: ``tls_context`` and
    ``require_starttls`` for STARTTLS, ``ssl_context`` for implicit TLS, ``authenticator``
    and ``auth_required`` for AUTH.
    """

    def __init__(self, folder: Path | None = None, **options: Any) -> None:
        self.mailbox = _Mailbox(folder)
        # aiosmtpd's start() connects to its own port to check it is up, so port 0 won't do.
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port, **options)

    @property
    def messages(self) -> list[ReceivedMail]:
        with self.mailbox.lock:
            return list(self.mailbox.messages)

    def to(self, address: str) -> list[EmailMessage]:
        """The messages whose envelope names ``address`` among the recipients."""
        return [mail.message for mail in self.messages if address in mail.recipients]

    def __enter__(self) -> MailSink:
        self.controller.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.controller.stop()


@dataclass
class ReceivedHook:
    headers: dict[str, str]
    body: bytes
    signature_ok: bool
    path: str = "/hook"
    status: int | None = None
    """The status it was answered with; None while held, or when never answered."""

    @property
    def payload(self) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(self.body)
        return result


@dataclass
class WebhookReceiver:
    """A real HTTP server that verifies ``X-Fiscalwatch-Signature`` and keeps each POST.

    ``respond`` decides the status code from the request's number (1, 2, ...; default
    200), so tests can make it fail first and succeed later; None holds the request
    unanswered until the receiver stops, as a server that hangs (the sender's timeout).
    """

    secret: str
    folder: Path | None = None
    respond: Callable[[int], int | None] = field(default=lambda _n: 200)
    received: list[ReceivedHook] = field(default_factory=list)

    def __post_init__(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                expected = hmac.new(receiver.secret.encode(), body, hashlib.sha256).hexdigest()
                signature = self.headers.get("X-Fiscalwatch-Signature", "")
                hook = ReceivedHook(
                    dict(self.headers.items()),
                    body,
                    hmac.compare_digest(signature, f"sha256={expected}"),
                    self.path,
                )
                with receiver.lock:
                    receiver.received.append(hook)
                    count = len(receiver.received)
                    if receiver.folder is not None:
                        receiver.folder.mkdir(parents=True, exist_ok=True)
                        (receiver.folder / f"{count:03d}.json").write_bytes(body)
                status = receiver.respond(count)
                if status is None:
                    receiver.stopping.wait()
                    return
                hook.status = status
                self.send_response(status)
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        # A short poll interval: shutdown() waits for the loop to notice.
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    @property
    def accepted(self) -> list[ReceivedHook]:
        """The requests answered with a 2xx status."""
        with self.lock:
            return [h for h in self.received if h.status is not None and 200 <= h.status < 300]

    def __enter__(self) -> WebhookReceiver:
        self.thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()
