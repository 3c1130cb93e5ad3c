"""The SMTP password never crosses the network in clear unless the config says so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword

from fiscalwatch.alerts.channels.email_settings import EMAIL
from fiscalwatch.alerts.delivery import deliver
from fiscalwatch.demo.sinks import MailSink
from fiscalwatch.errors import ConfigError
from fiscalwatch.store import Store
from tests.alerts.conftest import FrozenClock, add_finding, make_config

LOGIN = {"username_env": "FW_TEST_SMTP_USER", "password_env": "FW_TEST_SMTP_PASSWORD"}


@pytest.fixture(autouse=True)
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FW_TEST_SMTP_USER", "watcher")
    monkeypatch.setenv("FW_TEST_SMTP_PASSWORD", "pa55")


def test_a_login_without_tls_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as error:
        make_config(tmp_path, smtp_port=2525, email=dict(LOGIN))
    assert str(error.value) == (
        "config: alerts.email: username_env: a login needs starttls = true or ssl = true "
        "(the password would cross the network in clear); set allow_plaintext_auth = true "
        "to allow it"
    )


def test_a_login_over_plain_smtp_only_when_allowed_explicitly(
    store: Store, tmp_path: Path, frozen: FrozenClock
) -> None:
    logins: list[str] = []

    def authenticator(*args: Any) -> AuthResult:
        data = args[-1]
        assert isinstance(data, LoginPassword)
        logins.append(data.password.decode())
        return AuthResult(success=True)

    with MailSink(authenticator=authenticator, auth_require_tls=False) as sink:
        config = make_config(
            tmp_path,
            smtp_port=sink.port,
            subscriptions=[{"name": "s", "email": "a@example.org"}],
            email={**LOGIN, "allow_plaintext_auth": True},
        )
        add_finding(store)
        assert deliver(store, config).sent == 1
    assert logins == ["pa55"]


def test_a_config_built_in_code_cannot_slip_a_plain_login_through(
    store: Store, tmp_path: Path, frozen: FrozenClock
) -> None:
    with MailSink(auth_require_tls=False) as sink:
        config = make_config(
            tmp_path,
            smtp_port=sink.port,
            subscriptions=[{"name": "s", "email": "a@example.org"}],
            email={**LOGIN, "allow_plaintext_auth": True},
        )
        server = EMAIL.get(config)
        assert server is not None
        object.__setattr__(server, "allow_plaintext_auth", False)  # no validation
        add_finding(store)
        summary = deliver(store, config)
    assert summary.pending == 1
    assert "will not log in without TLS" in str(summary.batches[0].error)
    assert sink.messages == []
