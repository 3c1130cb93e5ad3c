"""``[[alerts.webhooks]]``: named receivers of signed JSON POSTs; a subscription names
one (``webhook = "ngo-hook"``). Light to import: the sending code is in ``webhook.py``."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import Field, field_validator

from fiscalwatch.alert_settings import ChannelSettings
from fiscalwatch.config import Section


class WebhookConfig(Section):
    name: str
    url: str
    secret_env: str | None = None
    timeout: Annotated[float, Field(gt=0)] = 10

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not re.match(r"https?://", value):
            raise ValueError(f"not an http(s) URL: {value!r}")
        return value


WEBHOOKS = ChannelSettings(
    kind="webhook",
    key="webhooks",
    model=WebhookConfig,
    many=True,
    subscription_key="webhook",
    target="name",
    secrets=("secret_env",),
)
