"""Alert channels: one small class per channel, registered here.

To add a channel: write a :class:`~alerts.channels.base.Channel` subclass in its own
module (``kind``, ``targets``, ``send``; ``batches`` for digests), add its config to
``fiscalwatch.config`` (``AlertsConfig`` and a key in ``SubscriptionConfig``) and list it
below. The outbox creates rows for every channel named here.
"""

from __future__ import annotations

from fiscalwatch.alerts.channels.apprise import AppriseChannel
from fiscalwatch.alerts.channels.base import Channel, DeliveryError
from fiscalwatch.alerts.channels.email import EmailChannel
from fiscalwatch.alerts.channels.webhook import WebhookChannel

CHANNELS: dict[str, type[Channel]] = {
    WebhookChannel.kind: WebhookChannel,
    EmailChannel.kind: EmailChannel,
    AppriseChannel.kind: AppriseChannel,
}

__all__ = ["CHANNELS", "Channel", "DeliveryError"]
