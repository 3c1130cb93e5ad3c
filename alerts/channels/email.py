"""E-mail digests over SMTP: one message per subscriber address per cycle.

Plain SMTP, STARTTLS (``starttls = true``) or implicit TLS (``ssl = true``), with a
login when ``username_env``/``password_env`` name environment variables. A login goes
only over TLS (the config refuses a login without it unless ``allow_plaintext_auth``);
STARTTLS that the server does not offer fails the channel rather than fall back. One connection
serves every digest of the cycle. A server that cannot be reached or refuses the login
fails the whole channel for this cycle (every digest stays ``pending`` with the error);
a refused recipient fails only that digest.

The Message-ID is derived from the digest's delivery ids, so if a crash makes us send
the same digest again, the copy carries the same Message-ID as the first.
"""

from __future__ import annotations

import hashlib
import smtplib
import ssl
from collections.abc import Sequence
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import quote

from fiscalwatch.alerts.channels.base import Channel, DeliveryError, digest_batches
from fiscalwatch.alerts.channels.email_settings import EMAIL, EmailConfig
from fiscalwatch.alerts.digest import Digest, one_line, render_digest
from fiscalwatch.alerts.models import Delivery
from fiscalwatch.config import Config
from fiscalwatch.errors import ConfigError
from fiscalwatch.links import report_base_url


def list_unsubscribe(operator: str, subscriptions: Sequence[str]) -> str:
    """RFC 2369 ``List-Unsubscribe``: a mail to the operator naming the subscriptions
    (unsubscribing is an edit of the operator's config, not something a link can do)."""
    subject = quote("unsubscribe " + ",".join(one_line(s) for s in subscriptions), safe="")
    return f"<mailto:{quote(operator, safe='@')}?subject={subject}>"


def build_message(
    digest: Digest,
    *,
    sender: str,
    recipient: str,
    date: datetime,
    delivery_ids: Sequence[str],
    unsubscribe: str | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = digest.subject
    message["From"] = sender
    message["To"] = recipient
    message["Date"] = format_datetime(date)
    stable = hashlib.sha256("\n".join(sorted(delivery_ids)).encode()).hexdigest()[:32]
    domain = sender.rpartition("@")[2] or "fiscalwatch.invalid"
    message["Message-ID"] = f"<digest.{stable}@{domain}>"
    if unsubscribe:
        message["List-Unsubscribe"] = unsubscribe
    message.set_content(digest.text, subtype="plain", charset="utf-8")
    message.add_alternative(digest.html, subtype="html", charset="utf-8")
    return message


class EmailChannel(Channel):
    settings = EMAIL
    digest = True

    def __init__(self, config: Config, *, now: datetime) -> None:
        super().__init__(config, now=now)
        server = EMAIL.get(config)
        if server is None:
            raise ConfigError("alerts.email: e-mail subscriptions need an [alerts.email] section")
        self.server: EmailConfig = server
        (secrets,) = EMAIL.read_secrets(config)
        self.username = secrets["username_env"]
        self.password = secrets["password_env"]
        self._smtp: smtplib.SMTP | None = None

    @classmethod
    def batches(cls, deliveries: Sequence[Delivery]) -> list[list[Delivery]]:
        return digest_batches(deliveries)

    def lease_seconds(self) -> float:
        return 3 * self.server.timeout + 60

    def send(self, batch: Sequence[Delivery]) -> None:
        recipient = batch[0].target
        subscriptions = sorted({d.subscription for d in batch if d.subscription})
        operator = self.server.operator or self.server.sender
        digest = render_digest(
            [d.finding for d in batch],
            generated_at=self.now.strftime("%Y-%m-%d %H:%M UTC"),
            report_url=report_base_url(self.config),
            left_out=self.left_out.get(recipient, 0),
            subscriptions=subscriptions,
            operator=operator,
        )
        message = build_message(
            digest,
            sender=self.server.sender,
            recipient=recipient,
            date=self.now,
            delivery_ids=[str(d.delivery_id) for d in batch],
            unsubscribe=list_unsubscribe(operator, subscriptions),
        )
        smtp = self._connection()
        try:
            smtp.send_message(message, from_addr=self.server.sender, to_addrs=[recipient])
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = exc.recipients.get(recipient, (0, b""))
            raise DeliveryError(
                f"{recipient}: refused by the server: {code} {_text(reply)}",
                permanent=_permanent(code),
            ) from None
        except smtplib.SMTPResponseException as exc:
            raise DeliveryError(
                f"{recipient}: {exc.smtp_code} {_text(exc.smtp_error)}",
                permanent=_permanent(exc.smtp_code),
            ) from None
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            raise DeliveryError(f"{recipient}: connection lost: {exc}", scope="channel") from None

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is not None:
            return self._smtp
        server = self.server
        host, port, timeout = server.smtp_host, server.smtp_port, server.timeout
        where = f"SMTP {host}:{port}"
        if self.username is not None and not (
            server.ssl or server.starttls or server.allow_plaintext_auth
        ):  # the config refuses this too; a config built in code must not slip past
            raise DeliveryError(f"{where}: will not log in without TLS", scope="channel")
        smtp: smtplib.SMTP | None = None
        step = "unreachable"
        try:
            if server.ssl:
                context = ssl.create_default_context()
                smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
            else:
                smtp = smtplib.SMTP(host, port, timeout=timeout)
                if server.starttls:
                    step = "STARTTLS failed"
                    smtp.starttls(context=ssl.create_default_context())
            if self.username is not None:
                step = "login failed"
                smtp.login(self.username, self.password or "")
        except smtplib.SMTPAuthenticationError as exc:
            _quit(smtp)
            reason = f"login refused: {exc.smtp_code} {_text(exc.smtp_error)}"
            raise DeliveryError(f"{where}: {reason}", scope="channel") from None
        except (smtplib.SMTPException, OSError) as exc:
            _quit(smtp)
            raise DeliveryError(f"{where}: {step}: {exc}", scope="channel") from None
        self._smtp = smtp
        return smtp

    def _drop(self) -> None:
        _quit(self._smtp)
        self._smtp = None

    def close(self) -> None:
        self._drop()


def _quit(smtp: smtplib.SMTP | None) -> None:
    if smtp is None:
        return
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


def _permanent(code: int) -> bool:
    """SMTP 5xx is a permanent refusal (no such mailbox, message refused); 4xx is not."""
    return 500 <= code < 600


def _text(reply: bytes | str) -> str:
    return (reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply).strip()
