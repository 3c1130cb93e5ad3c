"""Signed JSON webhooks: one POST per finding (the contract's "Webhook delivery").

The body is the exact bytes that are signed, twice:

- Standard Webhooks (https://www.standardwebhooks.com): ``webhook-id`` (the outbox
  row's delivery id, the same on every retry), ``webhook-timestamp`` (Unix seconds of
  this attempt) and ``webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">``,
  so a receiver can reject a replayed or stale request and drop a repeat by id. Signed by
  the ``standardwebhooks`` package itself. The key is the secret's UTF-8 bytes, or, for
  a ``whsec_<base64>`` secret, the decoded bytes, as the standard's libraries take it.
- The original scheme, kept for existing receivers: ``X-Fiscalwatch-Signature`` is
  ``sha256=<hex HMAC-SHA256 of the body>`` and ``X-Fiscalwatch-Delivery`` the delivery id.

Redirects are not followed (a signed payload goes only where it was configured to go).
A 4xx answer (other than 408 and 429) is permanent: the receiver refuses this payload,
and repeating it would not change that. A 5xx, a timeout or no connection is retried.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime

import requests

from fiscalwatch import clock
from fiscalwatch.alerts.channels.base import Channel, DeliveryError
from fiscalwatch.alerts.channels.webhook_settings import WEBHOOKS, WebhookConfig
from fiscalwatch.alerts.models import Delivery, Finding
from fiscalwatch.config import Config
from fiscalwatch.links import finding_report_url, report_base_url

SIGNATURE_HEADER = "X-Fiscalwatch-Signature"
DELIVERY_HEADER = "X-Fiscalwatch-Delivery"
TEMPORARY_4XX = {408, 425, 429}  # timeout, too early, too many requests: try again later


def webhook_body(finding: Finding, report_base: str | None = None) -> bytes:
    """The contract's payload; ``finding.report_url`` is added when the report is
    published (``[report] base_url``): the finding's own page there."""
    body = finding.payload()
    report_url = finding_report_url(report_base, finding.id)
    if report_url:
        body["report_url"] = report_url
    payload = {"event": "finding", "finding": body}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def signature(body: bytes, key: str) -> str:
    return "sha256=" + hmac.new(key.encode("utf-8"), body, hashlib.sha256).hexdigest()


def standard_key(secret_value: str) -> str | bytes:
    """The Standard Webhooks key for a secret: a ``whsec_`` secret is base64 by the
    standard; any other secret is used as its UTF-8 bytes (as for the sha256 header)."""
    return secret_value if secret_value.startswith("whsec_") else secret_value.encode("utf-8")


def standard_headers(body: bytes, key: str, message_id: str, moment: datetime) -> dict[str, str]:
    """``webhook-id``, ``webhook-timestamp`` and ``webhook-signature`` for one attempt."""
    from standardwebhooks import Webhook

    stamp = datetime.fromtimestamp(int(moment.timestamp()), tz=UTC)
    signed = Webhook(standard_key(key)).sign(message_id, stamp, body.decode("utf-8"))
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(stamp.timestamp())),
        "webhook-signature": signed,
    }


class WebhookChannel(Channel):
    settings = WEBHOOKS

    def __init__(self, config: Config, *, now: datetime) -> None:
        super().__init__(config, now=now)
        hooks = WEBHOOKS.entries(config)
        self.hooks: dict[str, WebhookConfig] = {h.name: h for h in hooks}
        self.secrets = {
            hook.name: secrets["secret_env"]
            for hook, secrets in zip(hooks, WEBHOOKS.read_secrets(config), strict=True)
        }
        self.session = requests.Session()
        self.session.headers["User-Agent"] = config.crawl.user_agent

    def lease_seconds(self) -> float:
        longest = max((h.timeout for h in self.hooks.values()), default=10.0)
        return 2 * longest + 60

    def send(self, batch: Sequence[Delivery]) -> None:
        (delivery,) = batch
        hook = self.hooks.get(delivery.target)
        if hook is None:
            raise DeliveryError(f"no [[alerts.webhooks]] named {delivery.target!r}", scope="target")
        body = webhook_body(delivery.finding, report_base_url(self.config))
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            DELIVERY_HEADER: str(delivery.delivery_id),
        }
        key = self.secrets.get(hook.name)
        if key is not None:
            headers[SIGNATURE_HEADER] = signature(body, key)
            headers.update(standard_headers(body, key, str(delivery.delivery_id), clock.now()))
        else:  # unsigned hooks still get the id and time of the standard's envelope
            headers["webhook-id"] = str(delivery.delivery_id)
            headers["webhook-timestamp"] = str(int(clock.now().timestamp()))
        try:
            response = self.session.post(
                hook.url, data=body, headers=headers, timeout=hook.timeout, allow_redirects=False
            )
        except requests.ReadTimeout:
            raise DeliveryError(f"{hook.name}: no answer within {hook.timeout:g} s") from None
        except requests.ConnectionError as exc:
            # Unreachable: the other findings for this hook would only wait the same.
            reason = _reason(exc)
            raise DeliveryError(f"{hook.name}: cannot connect: {reason}", scope="target") from None
        except requests.RequestException as exc:
            raise DeliveryError(f"{hook.name}: {_reason(exc)}") from None
        code = response.status_code
        if not 200 <= code < 300:
            excerpt = " ".join(response.text.split())[:200]
            permanent = 400 <= code < 500 and code not in TEMPORARY_4XX
            raise DeliveryError(f"{hook.name}: HTTP {code} {excerpt}".rstrip(), permanent=permanent)

    def close(self) -> None:
        self.session.close()


def _reason(exc: Exception) -> str:
    """The OS-level cause (``[Errno 111] Connection refused``), not urllib3's wrapping."""
    found = re.search(r"\[Errno -?\d+\] [^'\"()]+", str(exc))
    return found.group(0).strip() if found else str(exc)[:300]
