"""Chat and push services through Apprise (企业微信 ``wecombot://``, 钉钉 ``dingtalk://``,
飞书 ``feishu://``, Slack, Telegram, generic ``json://``/``form://`` ...).

One message per target per cycle, like an e-mail digest: the digest's subject as the
title and its plain-text body. The Apprise URL carries tokens, so it comes from the
environment variable named by ``url_env`` and never appears in an error message.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from datetime import datetime

from fiscalwatch.alerts.channels.apprise_settings import APPRISE
from fiscalwatch.alerts.channels.base import Channel, DeliveryError, digest_batches
from fiscalwatch.alerts.digest import render_digest
from fiscalwatch.alerts.models import Delivery
from fiscalwatch.config import Config
from fiscalwatch.links import report_base_url


class AppriseChannel(Channel):
    settings = APPRISE
    digest = True

    def __init__(self, config: Config, *, now: datetime) -> None:
        super().__init__(config, now=now)
        targets = APPRISE.entries(config)
        self.urls = {
            target.name: secrets["url_env"]
            for target, secrets in zip(targets, APPRISE.read_secrets(config), strict=True)
        }

    @classmethod
    def batches(cls, deliveries: Sequence[Delivery]) -> list[list[Delivery]]:
        return digest_batches(deliveries)

    def send(self, batch: Sequence[Delivery]) -> None:
        name = batch[0].target
        url = self.urls.get(name)
        if not url:
            raise DeliveryError(f"no [[alerts.apprise]] named {name!r}", scope="target")
        digest = render_digest(
            [d.finding for d in batch],
            generated_at=self.now.strftime("%Y-%m-%d %H:%M UTC"),
            report_url=report_base_url(self.config),
            left_out=self.left_out.get(name, 0),
            subscriptions=sorted({d.subscription for d in batch if d.subscription}),
        )
        with warnings.catch_warnings():  # its plugins import deprecated stdlib modules
            warnings.simplefilter("ignore", DeprecationWarning)
            delivered, messages = _notify(url, digest.subject, digest.text)
        if delivered is None:
            raise DeliveryError(f"{name}: Apprise does not understand the URL", scope="target")
        if not delivered:
            reason = messages[-1].split(" - ")[-1] if messages else "the service refused it"
            raise DeliveryError(f"{name}: {reason[:300]}")


def _notify(url: str, title: str, body: str) -> tuple[bool | None, list[str]]:
    """Sends one message; None when the URL is not one Apprise knows. Also returns the
    warnings Apprise logged, the only place it says why a message did not land."""
    import apprise  # imported here: it loads every service plugin, notify alone needs it

    notifier = apprise.Apprise()
    if not notifier.add(url):
        return None, []
    with apprise.LogCapture(level=logging.WARNING) as log:
        delivered = bool(
            notifier.notify(body=body, title=title, body_format=apprise.NotifyFormat.TEXT)
        )
        messages = [line for line in log.getvalue().splitlines() if line.strip()]
    return delivered, messages
