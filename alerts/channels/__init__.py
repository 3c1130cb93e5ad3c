"""Alert channels: one small class per channel.

To add a channel: write a :class:`~fiscalwatch.alerts.channels.base.Channel` subclass in
its own module (``kind``, ``targets``, ``send``; ``batches`` for digests) and return it
from a ``fiscalwatch_channels`` hook (this package's own are in ``alerts/plugin.py``). The
outbox creates rows for every channel :func:`channels` returns.
"""

from __future__ import annotations

import functools

from fiscalwatch.alerts.channels.base import Channel, DeliveryError


@functools.cache
def channels() -> dict[str, type[Channel]]:
    """Every installed channel by its ``kind``."""
    from fiscalwatch.plugins import collected, hook

    found: dict[str, type[Channel]] = {}
    for channel in collected(hook().fiscalwatch_channels()):
        if channel.kind in found and found[channel.kind] is not channel:
            raise RuntimeError(f"two alert channels are named {channel.kind!r}")
        found[channel.kind] = channel
    return found


__all__ = ["Channel", "DeliveryError", "channels"]
