"""Signed JSON webhooks: one POST per finding (the contract's "Webhook delivery").

The body is the exact bytes that are signed: ``X-Fiscalwatch-Signature`` is
``sha256=<hex HMAC-SHA256 of the body>`` keyed with the secret from ``secret_env``, and
``X-Fiscalwatch-Delivery`` is the outbox row's delivery id, the same on every retry, so
a receiver can drop a repeat. Redirects are not followed (a signed payload goes only
where it was configured to go).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Sequence
from datetime import datetime

import requests

from alerts.channels.base import Channel, DeliveryError
from alerts.models import Delivery, Finding
from fiscalwatch.config import Config, SubscriptionConfig, WebhookConfig, secret
from fiscalwatch.links import finding_report_url, report_base_url

SIGNATURE_HEADER = "X-Fiscalwatch-Signature"
DELIVERY_HEADER = "X-Fiscalwatch-Delivery"


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


class WebhookChannel(Channel):
    kind = "webhook"

    def __init__(self, config: Config, *, now: datetime) -> None:
        super().__init__(config, now=now)
        self.hooks: dict[str, WebhookConfig] = {h.name: h for h in config.alerts.webhooks}
        self.secrets = {
            hook.name: secret(hook.secret_env, f"alerts.webhooks[{i}].secret_env")
            for i, hook in enumerate(config.alerts.webhooks)
        }
        self.session = requests.Session()
        self.session.headers["User-Agent"] = config.crawl.user_agent

    @classmethod
    def targets(cls, subscription: SubscriptionConfig) -> list[str]:
        return [subscription.webhook] if subscription.webhook else []

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
        if not 200 <= response.status_code < 300:
            excerpt = " ".join(response.text.split())[:200]
            raise DeliveryError(f"{hook.name}: HTTP {response.status_code} {excerpt}".rstrip())

    def close(self) -> None:
        self.session.close()


def _reason(exc: Exception) -> str:
    """The OS-level cause (``[Errno 111] Connection refused``), not urllib3's wrapping."""
    found = re.search(r"\[Errno -?\d+\] [^'\"()]+", str(exc))
    return found.group(0).strip() if found else str(exc)[:300]
