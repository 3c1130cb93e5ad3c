"""Config: defaults in code, TOML on top, one clear line naming the key on any problem."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from fiscalwatch.cli import cli
from fiscalwatch.config import check_secrets, load_config
from fiscalwatch.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_storage_only_is_valid_and_paths_are_relative_to_the_file(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[storage]\ndatabase = "x/fw.db"\n'))
    assert config.storage.database == tmp_path / "x/fw.db"
    assert config.crawl.download_delay == 0.5
    assert config.monitor.final_account_deadline == "09-30"
    assert config.sources == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[crawl]\ndownload_dely = 1\n", "crawl.download_dely: unknown key"),
        ('[crawl]\ntimeout = "soon"\n', "crawl.timeout: Input should be a valid number"),
        ('[monitor]\nfinal_account_deadline = "9/30"\n', "monitor.final_account_deadline"),
        ('[schedule]\ncron = "daily"\n', "schedule.cron: expected a five-field"),
        ('[schedule]\ntimezone = "Asia/Beijing"\n', "schedule.timezone: unknown time zone"),
        ('[[sources]]\nname = "qc"\nregion = "青川"\n', "sources[0].start_urls: required key"),
        (
            '[[sources]]\nname = "青川"\nregion = "r"\nstart_urls = ["http://127.0.0.1/"]\n',
            "sources[0].name: must be an ascii id",
        ),
        (
            '[[subscriptions]]\nname = "w"\nwebhook = "nope"\n',
            "subscriptions[0].webhook: no [[alerts.webhooks]] named 'nope'",
        ),
        (
            '[[subscriptions]]\nname = "w"\napprise = "nope"\n',
            "subscriptions[0].apprise: no [[alerts.apprise]] named 'nope'",
        ),
        (
            '[[subscriptions]]\nname = "w"\nemail = "a@example.org"\n',
            "subscriptions[0].email: needs an [alerts.email] section",
        ),
        ('[[subscriptions]]\nname = "w"\n', "subscriptions[0]: names no email, webhook or apprise"),
        ('[[subscriptions]]\nname = "w"\nsms = "x"\n', "subscriptions[0].sms: unknown key"),
        ("[alerts.email]\nsmtp_port = 0\n", "alerts.email.smtp_port: Input should be greater"),
        (
            '[[alerts.webhooks]]\nname = "h"\nurl = "ftp://x"\n',
            "alerts.webhooks[0].url: not an http(s) URL: 'ftp://x'",
        ),
        ('[[alerts.apprise]]\nname = "h"\n', "alerts.apprise[0].url_env: required key is missing"),
        ("[alerts.delivery]\nretries = 3\n", "alerts.delivery.retries: unknown key"),
        ("[alerts.sms]\nkey = 1\n", "alerts.sms: unknown key"),
        ("[storage\n", "not valid TOML"),
    ],
)
def test_problems_are_one_line_naming_the_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (
            '[[alerts.webhooks]]\nname = "h"\nurl = "http://127.0.0.1:9/h"\n'
            'secret_env = "FW_TEST_SECRET"\n',
            "alerts.webhooks[0].secret_env",
        ),
        (
            '[alerts.email]\nstarttls = true\nusername_env = "FW_TEST_SECRET"\n',
            "alerts.email.username_env",
        ),
        (
            '[alerts.email]\nstarttls = true\npassword_env = "FW_TEST_SECRET"\n',
            "alerts.email.password_env",
        ),
        (
            '[[alerts.apprise]]\nname = "a"\nurl_env = "FW_TEST_SECRET"\n',
            "alerts.apprise[0].url_env",
        ),
    ],
)
def test_missing_secret_env_var_names_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, key: str
) -> None:
    monkeypatch.delenv("FW_TEST_SECRET", raising=False)
    config = load_config(write(tmp_path, text))
    with pytest.raises(ConfigError) as caught:
        check_secrets(config)
    assert str(caught.value) == f"{key}: environment variable FW_TEST_SECRET is not set"
    monkeypatch.setenv("FW_TEST_SECRET", "s3cret")
    check_secrets(config)


def test_cli_reports_config_error_in_one_line_with_exit_2(tmp_path: Path) -> None:
    path = write(tmp_path, "[storage]\nbogus = 1\n")
    for args in (["--config", str(path), "status"], ["status", "--config", str(path)]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, result.output
        assert result.output.strip().splitlines() == [
            f"fiscalwatch: {path}: storage.bogus: unknown key"
        ]


def test_named_config_file_must_exist(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--config", str(tmp_path / "nope.toml"), "status"])
    assert result.exit_code == 2
    assert "config file not found" in result.output


def test_a_loaded_config_survives_pickling(tmp_path: Path) -> None:
    """Its model is assembled at run time from the installed channels; a process pool or
    a Dask worker still gets the same values back."""
    config = load_config(
        write(
            tmp_path,
            "[alerts.email]\nsmtp_port = 2525\n[alerts.delivery]\nmax_attempts = 3\n"
            '[[subscriptions]]\nname = "s"\nemail = "a@example.org"\n',
        )
    )
    copy = pickle.loads(pickle.dumps(config))
    assert type(copy) is type(config)
    assert copy == config
    assert copy.subscriptions[0].model_dump()["email"] == ["a@example.org"]


LOAD_EVERY_TABLE = """
import sys
from fiscalwatch.config import Section, config_model, load_config
config = load_config(sys.argv[1])
assert config.subscriptions and type(config) is config_model()
built = sorted(
    cls.__name__
    for cls in [Section, *Section.__subclasses__()]
    if cls.__pydantic_complete__ and cls is not config_model()
)
print(" ".join(sorted(sys.modules)))
print(" ".join(built))
"""


def test_a_config_load_stays_light(tmp_path: Path) -> None:
    """Reading every channel's settings imports no channel code (requests, SMTP, Jinja,
    Apprise) and builds one validator, the assembled model's: the sections are validated
    inside it (bench/config_load.py measures what that saves)."""
    path = write(
        tmp_path,
        '[alerts.email]\nsmtp_port = 2525\n[[alerts.webhooks]]\nname = "h"\n'
        'url = "http://127.0.0.1:9/h"\n[[alerts.apprise]]\nname = "a"\nurl_env = "X"\n'
        '[alerts.delivery]\nmax_attempts = 3\n[[subscriptions]]\nname = "s"\n'
        'email = "a@example.org"\nwebhook = "h"\napprise = "a"\n',
    )
    out = subprocess.run(
        [sys.executable, "-c", LOAD_EVERY_TABLE, str(path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    modules_line, built_line = out.splitlines()
    modules = set(modules_line.split())
    heavy = {"requests", "jinja2", "smtplib", "apprise", "standardwebhooks"}
    assert modules.isdisjoint(heavy), sorted(modules & heavy)
    assert {m for m in modules if m.startswith("fiscalwatch.alerts.channels.")} == {
        "fiscalwatch.alerts.channels.email_settings",
        "fiscalwatch.alerts.channels.webhook_settings",
        "fiscalwatch.alerts.channels.apprise_settings",
    }
    assert built_line.split() == []
