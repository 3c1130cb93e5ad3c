"""The alerts' contributions: the outbox's columns, ``notify``, the delivery channels and
their settings, ``[alerts.delivery]``, and the delivery counts in ``status``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from fiscalwatch.plugins import CommandSpec, hookimpl, migrations_of

if TYPE_CHECKING:
    import sqlite_utils

    from fiscalwatch.alert_settings import AlertSettings


fiscalwatch_migrations = migrations_of("fiscalwatch.alerts.schema")


@hookimpl
def fiscalwatch_commands() -> Sequence[CommandSpec]:
    return [
        CommandSpec(
            "notify",
            "fiscalwatch.alerts.cli:notify",
            "Deliver pending alerts: e-mail digests, signed webhooks, chat messages.",
        )
    ]


@hookimpl
def fiscalwatch_alert_settings() -> Sequence[AlertSettings]:
    from fiscalwatch.alerts.channels.apprise_settings import APPRISE
    from fiscalwatch.alerts.channels.email_settings import EMAIL
    from fiscalwatch.alerts.channels.webhook_settings import WEBHOOKS
    from fiscalwatch.alerts.settings import DELIVERY

    return [EMAIL, WEBHOOKS, APPRISE, DELIVERY]


@hookimpl
def fiscalwatch_channels() -> Sequence[type]:
    from fiscalwatch.alerts.channels.apprise import AppriseChannel
    from fiscalwatch.alerts.channels.email import EmailChannel
    from fiscalwatch.alerts.channels.webhook import WebhookChannel

    return [WebhookChannel, EmailChannel, AppriseChannel]


@hookimpl
def fiscalwatch_status_counts(db: sqlite_utils.Database) -> Mapping[str, int]:
    from fiscalwatch.alerts.store import delivery_counts

    return delivery_counts(db)
