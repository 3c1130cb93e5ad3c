"""A channel from outside this repository plugs in the way the built-in ones do: its
settings module and its class, registered through the hooks, with no edit to the core.
Its keys are then validated with the same one-line errors, its secrets checked before
any traffic, and without the plugin the same keys are unknown."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from pydantic import field_validator

from fiscalwatch.alert_settings import AlertSettings, ChannelSettings
from fiscalwatch.alerts.channels import channels
from fiscalwatch.alerts.channels.base import Channel
from fiscalwatch.alerts.delivery import deliver
from fiscalwatch.alerts.models import Delivery
from fiscalwatch.config import Config, Section, check_secrets, config_from_dict
from fiscalwatch.errors import ConfigError
from fiscalwatch.plugins import hookimpl, plugin_manager
from fiscalwatch.store import Store
from tests.alerts.conftest import FrozenClock, add_finding, deliveries


class PagerConfig(Section):
    name: str
    url: str
    token_env: str | None = None

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not re.match(r"https?://", value):
            raise ValueError(f"not an http(s) URL: {value!r}")
        return value


PAGERS = ChannelSettings(
    kind="pager",
    key="pagers",
    model=PagerConfig,
    many=True,
    subscription_key="pager",
    target="name",
    secrets=("token_env",),
)

SENT: list[tuple[str, str | None, list[int]]] = []


class PagerChannel(Channel):
    settings = PAGERS

    def __init__(self, config: Config, *, now: Any) -> None:
        super().__init__(config, now=now)
        pagers = PAGERS.entries(config)
        self.tokens = {
            pager.name: secrets["token_env"]
            for pager, secrets in zip(pagers, PAGERS.read_secrets(config), strict=True)
        }

    def send(self, batch: Sequence[Delivery]) -> None:
        target = batch[0].target
        SENT.append((target, self.tokens[target], [d.finding.id for d in batch]))


class PagerPlugin:
    @hookimpl
    def fiscalwatch_alert_settings(self) -> Sequence[AlertSettings]:
        return [PAGERS]

    @hookimpl
    def fiscalwatch_channels(self) -> Sequence[type]:
        return [PagerChannel]


def _reset() -> None:
    channels.cache_clear()
    SENT.clear()


@pytest.fixture
def pager_plugin() -> Iterator[None]:
    plugin_manager().register(PagerPlugin(), name="pager")
    _reset()
    try:
        yield
    finally:
        plugin_manager().unregister(name="pager")
        _reset()


PAGER = {"name": "duty", "url": "http://127.0.0.1:9/page", "token_env": "FW_TEST_PAGER_TOKEN"}


def test_its_keys_are_read_typed_and_its_channel_delivers(
    pager_plugin: None,
    store: Store,
    tmp_path: Path,
    frozen: FrozenClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FW_TEST_PAGER_TOKEN", "t0ken")
    config = config_from_dict(
        {
            "storage": {"database": str(store.path), "files": str(tmp_path / "files")},
            "alerts": {"pagers": [PAGER]},
            "subscriptions": [{"name": "on-call", "pager": "duty", "min_severity": "info"}],
        }
    )
    assert PAGERS.entries(config) == [PagerConfig(**PAGER)]
    finding = add_finding(store)

    summary = deliver(store, config)

    assert summary.sent == 1
    assert [("duty", "t0ken", [finding])] == SENT
    assert [(r["channel"], r["target"], r["status"]) for r in deliveries(store)] == [
        ("pager", "duty", "sent")
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"alerts": {"pagers": [{**PAGER, "url": "ftp://x"}]}},
            "alerts.pagers[0].url: not an http(s) URL: 'ftp://x'",
        ),
        ({"alerts": {"pagers": [{**PAGER, "colour": 1}]}}, "alerts.pagers[0].colour: unknown key"),
        (
            {"alerts": {"pagers": [{"url": "http://x/"}]}},
            "alerts.pagers[0].name: required key is missing",
        ),
        ({"alerts": {"pagers": [PAGER, PAGER]}}, "alerts.pagers: the name 'duty' is used twice"),
        (
            {"subscriptions": [{"name": "s", "pager": "nope"}]},
            "subscriptions[0].pager: no [[alerts.pagers]] named 'nope'",
        ),
        (
            {"subscriptions": [{"name": "s"}]},
            "subscriptions[0]: names no email, webhook, apprise or pager target",
        ),
    ],
)
def test_its_problems_are_one_line_naming_the_key(
    pager_plugin: None, data: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        config_from_dict(data)
    assert str(caught.value) == f"config: {message}"


def test_its_unset_secret_stops_delivery_before_any_traffic(
    pager_plugin: None, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FW_TEST_PAGER_TOKEN", raising=False)
    config = config_from_dict(
        {
            "storage": {"database": str(store.path), "files": str(tmp_path / "files")},
            "alerts": {"pagers": [PAGER]},
            "subscriptions": [{"name": "on-call", "pager": "duty"}],
        }
    )
    add_finding(store)
    expected = "alerts.pagers[0].token_env: environment variable FW_TEST_PAGER_TOKEN is not set"
    with pytest.raises(ConfigError) as caught:
        check_secrets(config)
    assert str(caught.value) == expected
    with pytest.raises(ConfigError, match=re.escape(expected)):
        deliver(store, config)
    assert SENT == [] and deliveries(store) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"alerts": {"pagers": [PAGER]}}, "alerts.pagers: unknown key"),
        (
            {
                "alerts": {"webhooks": [{"name": "h", "url": "http://127.0.0.1:9/"}]},
                "subscriptions": [{"name": "s", "webhook": "h", "pager": "duty"}],
            },
            "subscriptions[0].pager: unknown key",
        ),
    ],
)
def test_without_the_plugin_its_keys_are_unknown(data: dict[str, Any], message: str) -> None:
    assert "pager" not in channels()
    with pytest.raises(ConfigError) as caught:
        config_from_dict(data)
    assert str(caught.value) == f"config: {message}"


def test_two_registrations_of_one_key_are_refused(pager_plugin: None) -> None:
    class Impostor:
        @hookimpl
        def fiscalwatch_alert_settings(self) -> Sequence[AlertSettings]:
            return [dataclasses.replace(PAGERS, kind="beeper")]

    plugin_manager().register(Impostor(), name="impostor")
    try:
        with pytest.raises(RuntimeError, match="two alert settings registrations use the key"):
            config_from_dict({})
    finally:
        plugin_manager().unregister(name="impostor")


class SettingsOnly:
    @hookimpl
    def fiscalwatch_alert_settings(self) -> Sequence[AlertSettings]:
        return [PAGERS]


class ChannelOnly:
    @hookimpl
    def fiscalwatch_channels(self) -> Sequence[type]:
        return [PagerChannel]


@pytest.mark.parametrize(
    ("half", "message"),
    [
        (SettingsOnly, "alert channel settings 'pager' have no channel class"),
        (ChannelOnly, "alert channel 'pager': its settings are not registered"),
    ],
)
def test_half_a_channel_is_refused(half: type, message: str) -> None:
    """Settings without a sender would let subscriptions name targets nothing sends to."""
    plugin_manager().register(half(), name="half")
    _reset()
    try:
        with pytest.raises(RuntimeError, match=re.escape(message)):
            channels()
    finally:
        plugin_manager().unregister(name="half")
        _reset()
