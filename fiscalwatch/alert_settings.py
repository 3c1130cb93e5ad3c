"""What a component brings to ``[alerts]`` and to ``[[subscriptions]]``.

The core's :class:`~fiscalwatch.config.Config` names no alert channel. Each channel
describes its settings with a :class:`ChannelSettings` (its pydantic model, its table
under ``[alerts]``, one table or many named ones, the subscription key that names its
targets, the keys that name secret environment variables) in a light module of its own,
and the alerts component's other tables (``[alerts.delivery]``) are an
:class:`AlertsTable`. Components return them from the ``fiscalwatch_alert_settings``
hook; :func:`fiscalwatch.config.config_model` assembles the config model from them once
per process, so a key no component registered is an "unknown key" like any other.

Code reads the settings back through the same object, typed by its model:
``WEBHOOKS.entries(config)`` is a ``list[WebhookConfig]``, ``EMAIL.get(config)`` an
``EmailConfig | None``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator

from fiscalwatch.errors import ConfigError

if TYPE_CHECKING:
    from fiscalwatch.config import Config, SubscriptionConfig

M = TypeVar("M", bound=BaseModel)


def secret(env_var: str | None, key: str) -> str | None:
    """Reads a secret named by a ``*_env`` key; a named but unset variable is a config error."""
    if not env_var:
        return None
    value = os.environ.get(env_var)
    if value is None:
        raise ConfigError(f"{key}: environment variable {env_var} is not set")
    return value


def _checked(value: object, model: type[M]) -> M:
    if not isinstance(value, model):  # a config assembled without this table's model
        raise TypeError(f"expected {model.__name__}, found {type(value).__name__}")
    return value


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


@dataclass(frozen=True, kw_only=True)
class AlertsTable(Generic[M]):
    """A table ``[alerts.<key>]`` that always exists: the model's defaults stand in for
    it when the file has none (``[alerts.delivery]``)."""

    key: str
    model: type[M]

    def get(self, config: Config) -> M:
        value = getattr(config.alerts, self.key, None)
        return self.model() if value is None else _checked(value, self.model)

    def alerts_field(self) -> tuple[Any, Any]:
        """The field of the assembled ``[alerts]`` model: (type, default)."""
        from fiscalwatch.config import defaults

        return self.model, defaults()


@dataclass(frozen=True, kw_only=True)
class ChannelSettings(Generic[M]):
    """An alert channel's settings and how subscriptions name its targets."""

    kind: str
    """The channel's name: ``deliveries.channel`` and its ``Channel`` class's ``kind``."""
    key: str
    """Its table: ``[alerts.<key>]``, or ``[[alerts.<key>]]`` when ``many``."""
    model: type[M]
    many: bool = False
    """Many tables, each with a unique ``name``; else one table, absent by default."""
    subscription_key: str
    """The ``[[subscriptions]]`` key that names this channel's targets."""
    target: Literal["name", "address"]
    """``name``: a subscription names one of the tables (``webhook = "ngo-hook"``);
    ``address``: it gives one address or a list, all served by the one table
    (``email = ["watch@example.org"]``)."""
    secrets: tuple[str, ...] = ()
    """Keys of the model naming an environment variable that holds a secret."""

    def __post_init__(self) -> None:
        fields = self.model.model_fields
        if self.target == "name" and not (self.many and "name" in fields):
            raise ValueError(f"{self.kind}: targets named by a subscription need many named tables")
        unknown = [key for key in self.secrets if key not in fields]
        if unknown:
            raise ValueError(f"{self.kind}: secrets name unknown keys {unknown}")

    @property
    def table(self) -> str:
        """How the TOML file writes the table, for messages."""
        return f"[[alerts.{self.key}]]" if self.many else f"[alerts.{self.key}]"

    def where(self, index: int) -> str:
        """The full key of one table, as errors name it."""
        return f"alerts.{self.key}[{index}]" if self.many else f"alerts.{self.key}"

    def entries(self, config: Config) -> list[M]:
        """Every table of this channel in ``config`` (none, one, or many)."""
        value = getattr(config.alerts, self.key, None)
        found = value if isinstance(value, list) else [] if value is None else [value]
        return [_checked(item, self.model) for item in found]

    def get(self, config: Config) -> M | None:
        """The one table of a channel that is not ``many``."""
        entries = self.entries(config)
        return entries[0] if entries else None

    def read_secrets(self, config: Config) -> list[dict[str, str | None]]:
        """Per table, in order, its secrets by key, read from the environment; an unset
        variable is a :class:`ConfigError` naming the full key."""
        return [
            {key: secret(getattr(entry, key), f"{self.where(i)}.{key}") for key in self.secrets}
            for i, entry in enumerate(self.entries(config))
        ]

    def targets(self, subscription: SubscriptionConfig) -> list[str]:
        """The targets ``subscription`` names for this channel (names or addresses)."""
        value = getattr(subscription, self.subscription_key, None)
        if value is None:
            return []
        return [value] if isinstance(value, str) else list(value)

    def check_targets(self, config: Config, subscription: SubscriptionConfig, where: str) -> None:
        """Raises ValueError (one line, naming the key) for a target with no table."""
        targets = self.targets(subscription)
        if not targets:
            return
        key = f"{where}.{self.subscription_key}"
        if self.target == "address":
            if not self.entries(config):
                raise ValueError(f"{key}: needs an {self.table} section")
            return
        names = {getattr(entry, "name", None) for entry in self.entries(config)}
        for target in targets:
            if target not in names:
                raise ValueError(f"{key}: no {self.table} named {target!r}")

    def alerts_field(self) -> tuple[Any, Any]:
        """The field of the assembled ``[alerts]`` model: (type, default)."""
        return (list[self.model], []) if self.many else (self.model | None, None)  # type: ignore[name-defined]

    def subscription_field(self) -> tuple[Any, Any]:
        """The field of the assembled subscription model: (type, default)."""
        if self.target == "name":
            return str | None, None
        return Annotated[list[str], BeforeValidator(_one_or_many)], []


AlertSettings = AlertsTable[Any] | ChannelSettings[Any]
"""What the ``fiscalwatch_alert_settings`` hook returns."""
