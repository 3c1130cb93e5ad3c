"""Alerts: subscriptions, the delivery outbox and the channels (e-mail, webhook, Apprise).

``deliver(store, config)`` is what the pipeline calls; ``fiscalwatch notify`` is the
command. See docs/alerts.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fiscalwatch.alerts.delivery import DeliverySummary, deliver

__all__ = ["DeliverySummary", "deliver"]


def __getattr__(name: str) -> Any:
    # Lazy, so that ``import alerts.schema`` (run by every Store) stays cheap.
    if name in __all__:
        from fiscalwatch.alerts import delivery

        return getattr(delivery, name)
    raise AttributeError(name)
