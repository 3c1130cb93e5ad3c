"""``[[alerts.apprise]]``: named chat and push targets reached through Apprise; a
subscription names one (``apprise = "wecom-group"``). Light to import: the sending code,
and Apprise itself, are in ``apprise.py``."""

from __future__ import annotations

from fiscalwatch.alert_settings import ChannelSettings
from fiscalwatch.config import Section


class AppriseConfig(Section):
    name: str
    url_env: str
    """Env var holding the Apprise URL (it carries tokens, so never the file)."""


APPRISE = ChannelSettings(
    kind="apprise",
    key="apprise",
    model=AppriseConfig,
    many=True,
    subscription_key="apprise",
    target="name",
    secrets=("url_env",),
)
