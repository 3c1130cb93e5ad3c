"""``[alerts.email]``: the SMTP server the e-mail digests go through; subscriptions give
addresses (``email = ["watch@example.org"]``). Light to import: the sending code is in
``email.py``."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from fiscalwatch.alert_settings import ChannelSettings
from fiscalwatch.config import Section


class EmailConfig(Section):
    smtp_host: str = "127.0.0.1"
    smtp_port: Annotated[int, Field(ge=1, le=65535)] = 25
    sender: str = "fiscalwatch@example.org"
    starttls: bool = False
    ssl: bool = False
    username_env: str | None = None
    password_env: str | None = None
    timeout: Annotated[float, Field(gt=0)] = 30
    report_url: str | None = None
    """Base URL where the published report lives; ``[report] base_url`` is read first."""
    operator: str | None = None
    """Who runs fiscalwatch: the digests' List-Unsubscribe mails go here (default: sender)."""
    allow_plaintext_auth: bool = False
    """Log in over plain SMTP (no STARTTLS, no SSL): the password then crosses in clear."""

    @model_validator(mode="after")
    def _login_over_tls(self) -> EmailConfig:
        if self.username_env and not (self.starttls or self.ssl or self.allow_plaintext_auth):
            raise ValueError(
                "username_env: a login needs starttls = true or ssl = true (the password "
                "would cross the network in clear); set allow_plaintext_auth = true to allow it"
            )
        return self


EMAIL = ChannelSettings(
    kind="email",
    key="email",
    model=EmailConfig,
    subscription_key="email",
    target="address",
    secrets=("username_env", "password_env"),
)
