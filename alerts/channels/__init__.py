"""Alert channels: one small class per channel, its settings in a light module beside it.

To add a channel: describe its settings in ``alerts/channels/<name>_settings.py`` (a
pydantic model and a :class:`~fiscalwatch.alert_settings.ChannelSettings`), write a
:class:`~fiscalwatch.alerts.channels.base.Channel` subclass naming them in
``<name>.py`` (``settings``, ``send``; ``batches`` for digests), and return the two from
the ``fiscalwatch_alert_settings`` and ``fiscalwatch_channels`` hooks (this package's
own are in ``alerts/plugin.py``). The config accepts the new keys from then on, and the
outbox creates rows for every channel :func:`channels` returns.

Only :func:`channels` and the settings modules are imported by a config load; the
channel classes (requests, SMTP, Jinja, Apprise) load when something is sent.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fiscalwatch.alerts.channels.base import Channel, DeliveryError


@functools.cache
def channels() -> dict[str, type[Channel]]:
    """Every installed channel by its ``kind``."""
    from fiscalwatch.alert_settings import ChannelSettings
    from fiscalwatch.plugins import collected, hook

    found: dict[str, type[Channel]] = {}
    for channel in collected(hook().fiscalwatch_channels()):
        if channel.kind in found and found[channel.kind] is not channel:
            raise RuntimeError(f"two alert channels are named {channel.kind!r}")
        found[channel.kind] = channel
    # Settings without a channel would let subscriptions name targets nothing sends to.
    registered = [
        s for s in collected(hook().fiscalwatch_alert_settings()) if isinstance(s, ChannelSettings)
    ]
    for settings in registered:
        if settings.kind not in found:
            raise RuntimeError(f"alert channel settings {settings.kind!r} have no channel class")
    for kind, channel in found.items():
        if channel.settings not in registered:
            raise RuntimeError(f"alert channel {kind!r}: its settings are not registered")
    return found


def __getattr__(name: str) -> Any:
    # Lazy: the settings modules beside the channels are read at every config load.
    if name in ("Channel", "DeliveryError"):
        from fiscalwatch.alerts.channels import base

        return getattr(base, name)
    raise AttributeError(name)


__all__ = ["Channel", "DeliveryError", "channels"]
