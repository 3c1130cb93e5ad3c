"""The contract every alert channel follows (one small class per channel).

A channel names its settings (``settings``, a ``ChannelSettings`` kept in a light module
of its own, which also says which targets a subscription gives it), how due
deliveries are grouped into messages (``batches``: one per finding by default, one
digest per target for e-mail and chat) and how one message is sent (``send``). It
raises :class:`DeliveryError` when a message did not land; the caller records that in
the outbox and retries later. A channel never touches the store.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, ClassVar, Literal

from fiscalwatch.alert_settings import ChannelSettings
from fiscalwatch.alerts.models import Delivery
from fiscalwatch.config import Config, SubscriptionConfig
from fiscalwatch.errors import FiscalwatchError

Scope = Literal["batch", "target", "channel"]


class DeliveryError(FiscalwatchError):
    """A message did not land. ``scope`` says how far the failure reaches: only this
    message (``batch``), every message to the same target this cycle (``target``: the
    receiver is unreachable) or the whole channel (``channel``: the SMTP server is down).
    """

    def __init__(self, message: str, *, scope: Scope = "batch", permanent: bool = False) -> None:
        super().__init__(message)
        self.scope: Scope = scope
        self.permanent = permanent


class Channel(ABC):
    settings: ClassVar[ChannelSettings[Any]]
    """Its settings: model, ``[alerts]`` table, subscription key, secrets."""
    kind: ClassVar[str]
    """The ``deliveries.channel`` value, and the channel's key among all channels: the
    settings' ``kind``."""
    digest: ClassVar[bool] = False
    """One message per target carrying many findings, under ``digest_max_findings``."""

    def __init__(self, config: Config, *, now: datetime) -> None:
        self.config = config
        self.now = now  # the cycle's time: digests are dated with it
        self.left_out: dict[str, int] = {}
        """Per target, the findings the digest cap kept out of this cycle's digest."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "settings" in cls.__dict__:
            cls.kind = cls.settings.kind

    @classmethod
    def targets(cls, subscription: SubscriptionConfig) -> list[str]:
        """The ``deliveries.target`` values this subscription asks of this channel."""
        return cls.settings.targets(subscription)

    @classmethod
    def batches(cls, deliveries: Sequence[Delivery]) -> list[list[Delivery]]:
        """Groups due deliveries into messages: one message per finding by default."""
        return [[delivery] for delivery in deliveries]

    @abstractmethod
    def send(self, batch: Sequence[Delivery]) -> None:
        """Sends one message carrying ``batch``; raises :class:`DeliveryError` on failure."""

    def lease_seconds(self) -> float:
        """How long a started send may take before another run may retry it."""
        return 300.0

    def close(self) -> None:  # noqa: B027 - most channels hold nothing to release
        """Releases connections; called once at the end of a cycle."""

    def __enter__(self) -> Channel:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def digest_batches(deliveries: Sequence[Delivery]) -> list[list[Delivery]]:
    """One batch per target, in the order targets first appear: the digest channels."""
    by_target: dict[str, list[Delivery]] = {}
    for delivery in deliveries:
        by_target.setdefault(delivery.target, []).append(delivery)
    return list(by_target.values())
