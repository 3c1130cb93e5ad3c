"""Configuration: defaults in code, the user's TOML merged on top, validated at once.

Every section has defaults, so a file holding only ``[storage]`` is a valid config.
A problem (unknown key, wrong type, missing secret env var) becomes one
:class:`ConfigError` whose message names the key, before any network traffic.
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)

from fiscalwatch.alert_settings import AlertSettings, ChannelSettings
from fiscalwatch.errors import ConfigError

DEFAULT_CONFIG_PATH = Path("config.toml")
CONFIG_ENV_VAR = "FISCALWATCH_CONFIG"

# Pydantic looks for its own plugins (a scan of every installed distribution's entry
# points) before it builds the first validator: a tenth of a light command's start-up,
# for plugins fiscalwatch does not use. Set PYDANTIC_DISABLE_PLUGINS= (empty) to allow them.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

Severity = Literal["info", "warning", "critical"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "critical": 2}


class Section(BaseModel):
    """Base of every section: unknown keys are errors, values are checked on assignment.

    Validators are built when first used, not when the class is defined
    (``defer_build``): a config load builds only the assembled :func:`config_model`,
    which validates the nested sections itself (bench/config_load.py)."""

    model_config = ConfigDict(
        extra="forbid", validate_assignment=True, frozen=False, defer_build=True
    )


def defaults() -> Any:
    """A nested section's default: its own defaults, validated by the enclosing model,
    so that the section needs no validator of its own at start-up."""
    return Field(default_factory=dict, validate_default=True)


class StorageConfig(Section):
    database: Path = Path("data/fiscalwatch.db")
    files: Path = Path("data/files")


class CrawlConfig(Section):
    user_agent: str = "fiscalwatch (+https://example.org/contact)"
    download_delay: Annotated[float, Field(ge=0)] = 0.5
    concurrency_per_host: Annotated[int, Field(ge=1, le=16)] = 2
    obey_robots: bool = True
    timeout: Annotated[float, Field(gt=0)] = 30
    retry_times: Annotated[int, Field(ge=0, le=10)] = 3
    max_retry_after: Annotated[float, Field(ge=0)] = 120
    """Longest Retry-After (seconds) honoured on a 503; longer waits give up for this cycle."""
    max_file_mb: Annotated[float, Field(gt=0)] = 100
    verify_tls: bool = True
    retry_backoff: Annotated[float, Field(ge=0)] = 2.0
    """First wait (seconds) before retrying a 5xx or a timeout; doubles on each retry."""
    revalidate_days: Annotated[float, Field(ge=0)] = 7.0
    """Known, unchanged files get a conditional GET about this often (0 = every cycle)."""
    max_duration: Annotated[float, Field(gt=0)] = 3600
    """Seconds a source may crawl before it is stopped (the run goes on with the rest)."""
    max_detail_pages: Annotated[int, Field(ge=1)] = 2000
    """Detail pages one source may fetch per cycle; the rest waits for the next cycle."""
    max_attachments: Annotated[int, Field(ge=1)] = 4000
    """Files one source may download per cycle; the rest waits for the next cycle."""
    sources_per_process: Annotated[int, Field(ge=1)] = 100
    """Sources one crawl process takes on at a time; more are crawled in waves, each in a
    fresh process, so the crawl's memory does not grow with the number of sources."""
    processes: Annotated[int, Field(ge=1, le=16)] = 1
    """Crawl processes (waves) running side by side: the crawl is CPU-bound in one
    process, so up to one per core speeds a large first crawl."""


class ScheduleConfig(Section):
    cron: str = "0 7 * * *"
    timezone: str = "Asia/Shanghai"
    misfire_grace_seconds: Annotated[int, Field(ge=1)] = 3600
    heartbeat_url: str | None = None
    """Pinged (GET) after each cycle, ``<url>/fail`` after a failed one (healthchecks.io)."""

    @field_validator("heartbeat_url")
    @classmethod
    def _http_heartbeat(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"https?://\S+$", value):
            raise ValueError(f"not an http(s) URL: {value!r}")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (e.g. 'Asia/Shanghai')") from None
        return value

    @field_validator("cron")
    @classmethod
    def _five_fields(cls, value: str) -> str:
        if len(value.split()) != 5:
            raise ValueError("expected a five-field crontab expression like '0 7 * * *'")
        return value


class HealthConfig(Section):
    consecutive_failures: Annotated[int, Field(ge=1)] = 3
    history_cycles: Annotated[int, Field(ge=1)] = 5
    min_share_of_median: Annotated[float, Field(gt=0, le=1)] = 0.5
    min_parse_share: Annotated[float, Field(ge=0, le=1)] = 0.5


class MonitorConfig(Section):
    final_account_deadline: str = "09-30"
    budget_deadline: str = "04-30"
    yoy_threshold_pct: Annotated[float, Field(ge=0)] = 30
    yoy_min_change: Annotated[float, Field(ge=0)] = 5.0
    tolerance: Annotated[float, Field(ge=0)] = 0.05
    """Rounding tolerance in 万元 for sums of figures rounded to 0.01."""
    share_tolerance_pct: Annotated[float, Field(ge=0)] = 0.1
    budget_deviation_pct: Annotated[float, Field(ge=0)] = 10.0
    """budget_deviation: a final account's figure off its own budget by more than this."""
    workers: Annotated[int, Field(ge=0)] = 0
    """Processes computing a whole pass of several region batches; 0 means one per CPU
    core, 1 the checks' own process only. Not part of what the checks see."""
    health: HealthConfig = defaults()

    @field_validator("final_account_deadline", "budget_deadline")
    @classmethod
    def _month_day(cls, value: str) -> str:
        match = re.fullmatch(r"(\d{2})-(\d{2})", value)
        if not match or not (1 <= int(match[1]) <= 12 and 1 <= int(match[2]) <= 31):
            raise ValueError("expected a month-day like '09-30'")
        return value


class ParseConfig(Section):
    workers: Annotated[int, Field(ge=0)] = 0
    """Process-pool size for parsing; 0 means one per CPU core."""
    ocr: bool = True
    max_pages: Annotated[int, Field(ge=1)] = 400
    executor: str = "local"
    """Where documents are parsed: "local" (worker processes here) or an executor URL."""
    max_memory_mb: Annotated[int, Field(ge=0)] = 2048
    """Address-space limit of each parse worker (RLIMIT_AS); 0 = none."""
    timeout_s: Annotated[float, Field(gt=0)] = 60
    """Wall-clock seconds a document may take, plus 1 s a page and 30 s an OCR page."""
    max_ocr_pages: Annotated[int, Field(ge=0)] = 50
    """Scanned pages sent to OCR per document; the rest are noted as not read."""

    @field_validator("executor")
    @classmethod
    def _executor_form(cls, value: str) -> str:
        if value != "local" and not re.fullmatch(r"[a-z][a-z0-9+.-]*://\S+", value):
            raise ValueError('expected "local" or an executor URL like "dask://host:8786"')
        return value


class SourceConfig(Section):
    name: str
    region: str
    start_urls: list[str]
    allowed_domains: list[str] = []
    departments: list[str] = []
    """Roster: departments expected to publish, for ``missing_document``."""
    department: str | None = None
    """For a department's own site: every disclosure found belongs to this department."""
    adapter: str | None = None
    """CMS adapter name; detected from the start page when absent."""
    verify_tls: bool | None = None
    download_delay: Annotated[float, Field(ge=0)] | None = None
    concurrency_per_host: Annotated[int, Field(ge=1, le=16)] | None = None
    link_patterns: list[str] = []
    """Extra regexes: links whose URL or text matches are followed as disclosures."""
    list_selectors: list[str] = []
    """Extra CSS selectors for list items on the column pages."""
    max_pages: Annotated[int, Field(ge=1)] = 200
    max_detail_pages: Annotated[int, Field(ge=1)] | None = None
    """Overrides ``crawl.max_detail_pages`` for this source."""
    max_attachments: Annotated[int, Field(ge=1)] | None = None
    """Overrides ``crawl.max_attachments`` for this source."""

    @field_validator("name")
    @classmethod
    def _ascii_id(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9_.-]+", value):
            raise ValueError("must be an ascii id (letters, digits, _ . -)")
        return value

    @field_validator("start_urls")
    @classmethod
    def _http_urls(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("needs at least one URL")
        for url in value:
            if not re.match(r"https?://", url):
                raise ValueError(f"not an http(s) URL: {url!r}")
        return value


class AlertsConfig(Section):
    """``[alerts]``: its tables are those the components register (``[alerts.email]``,
    ``[[alerts.webhooks]]``, ``[alerts.delivery]`` ...), see :mod:`fiscalwatch.alert_settings`;
    :func:`config_model` adds them as fields. Read them through their registration
    (``WEBHOOKS.entries(config)``), which knows their types."""

    def tables(self) -> list[BaseModel]:
        """Every table present, the many-table keys flattened."""
        found: list[BaseModel] = []
        for name in type(self).model_fields:
            value = getattr(self, name)
            found.extend(value if isinstance(value, list) else [] if value is None else [value])
        return found


class SubscriptionConfig(Section):
    """One ``[[subscriptions]]``: what it wants here; the keys naming its targets
    (``email``, ``webhook`` ...) come from the channels (``ChannelSettings.targets``)."""

    name: str
    regions: list[str] = []
    checks: list[str] = []
    min_severity: Severity = "warning"


class ReportConfig(Section):
    out: Path = Path("report")
    title: str = "fiscalwatch 部门决算公开监测"
    base_url: str | None = None
    """Where the report is published: digests, webhooks and the feed link to it."""
    max_originals_mb: Annotated[float, Field(ge=0)] = 500
    """Total size of the originals copied into the report; the rest is linked only."""
    max_original_mb: Annotated[float, Field(ge=0)] = 50
    """Largest single original copied into the report."""


class Config(Section):
    storage: StorageConfig = defaults()
    crawl: CrawlConfig = defaults()
    schedule: ScheduleConfig = defaults()
    monitor: MonitorConfig = defaults()
    parse: ParseConfig = defaults()
    sources: list[SourceConfig] = []
    alerts: AlertsConfig = defaults()
    subscriptions: list[SubscriptionConfig] = []
    report: ReportConfig = defaults()

    alert_settings: ClassVar[tuple[AlertSettings, ...]] = ()
    """What the components registered; set on the model :func:`config_model` assembles."""

    @model_validator(mode="after")
    def _cross_references(self) -> Config:
        _unique([s.name for s in self.sources], "sources")
        channels = self.channel_settings()
        for channel in channels:
            if channel.many:
                names = [getattr(entry, "name", "") for entry in channel.entries(self)]
                _unique(names, f"alerts.{channel.key}")
        _unique([s.name for s in self.subscriptions], "subscriptions")
        for i, sub in enumerate(self.subscriptions):
            where = f"subscriptions[{i}]"
            for channel in channels:
                channel.check_targets(self, sub, where)
            if not any(channel.targets(sub) for channel in channels):
                keys = [channel.subscription_key for channel in channels]
                raise ValueError(f"{where}: names no {_either(keys)} target")
        return self

    def channel_settings(self) -> list[ChannelSettings[Any]]:
        return [s for s in self.alert_settings if isinstance(s, ChannelSettings)]

    def __reduce_ex__(self, protocol: Any) -> Any:
        if type(self) is Config:
            return super().__reduce_ex__(protocol)
        # An assembled model is made at run time, so pickle cannot find it by name: the
        # values travel, and the receiving process's own assembled model validates them.
        return _unpickled, (self.model_dump(),)

    def source(self, name: str) -> SourceConfig:
        for source in self.sources:
            if source.name == name:
                return source
        known = ", ".join(s.name for s in self.sources) or "none configured"
        raise ConfigError(f"sources: no source named {name!r} (known: {known})")

    def resolve_paths(self, base: Path) -> Config:
        """Makes relative storage paths relative to the config file's folder."""
        storage = self.storage
        # A copy, not an assignment to storage's fields: that would build its validator.
        self.storage = storage.model_copy(
            update={
                "database": storage.database
                if storage.database.is_absolute()
                else base / storage.database,
                "files": storage.files if storage.files.is_absolute() else base / storage.files,
            }
        )
        return self


def _unique(names: list[str], where: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ValueError(f"{where}: the name {name!r} is used twice")
        seen.add(name)


def _either(keys: list[str]) -> str:
    if not keys:
        return "alert channel's"  # no channel is installed: nothing can be named
    return keys[0] if len(keys) == 1 else f"{', '.join(keys[:-1])} or {keys[-1]}"


def check_secrets(config: Config) -> None:
    """Fails early, naming the key, when an env var that holds a secret is missing."""
    for channel in config.channel_settings():
        channel.read_secrets(config)


def config_model() -> type[Config]:
    """The config model with the ``[alerts]`` tables and subscription keys that the
    installed components register (``fiscalwatch_alert_settings``); built once for each
    set of registrations."""
    from fiscalwatch.plugins import collected, hook

    return _assembled(tuple(collected(hook().fiscalwatch_alert_settings())))


@functools.cache
def _assembled(settings: tuple[AlertSettings, ...]) -> type[Config]:
    for what in ("key", "subscription_key", "kind"):
        _unique_registration([getattr(s, what) for s in settings if hasattr(s, what)], what)
    alerts = create_model(  # type: ignore[call-overload]
        "AlertsConfig", __base__=AlertsConfig, **{s.key: s.alerts_field() for s in settings}
    )
    channels = [s for s in settings if isinstance(s, ChannelSettings)]
    subscription = create_model(  # type: ignore[call-overload]
        "SubscriptionConfig",
        __base__=SubscriptionConfig,
        **{c.subscription_key: c.subscription_field() for c in channels},
    )
    model: type[Config] = create_model(
        "Config",
        __base__=Config,
        alerts=(alerts, defaults()),
        subscriptions=(list[subscription], []),  # type: ignore[valid-type]
    )
    model.alert_settings = settings
    return model


def _unique_registration(values: list[str], what: str) -> None:
    for value in set(values):
        if values.count(value) > 1:
            raise RuntimeError(f"two alert settings registrations use the {what} {value!r}")


def _unpickled(data: dict[str, Any]) -> Config:
    return config_model().model_validate(data)


def config_from_dict(data: dict[str, Any], origin: str = "config") -> Config:
    try:
        return config_model().model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{origin}: {_first_error(exc)}") from None


def load_config(path: Path | str | None = None, *, require_file: bool = False) -> Config:
    """Loads ``path`` (or $FISCALWATCH_CONFIG, or ./config.toml) over the defaults.

    A missing default file gives the defaults; a missing file the user named is an error.
    """
    named = path is not None or CONFIG_ENV_VAR in os.environ
    config_path = Path(path or os.environ.get(CONFIG_ENV_VAR) or DEFAULT_CONFIG_PATH)
    if not config_path.exists():
        if named or require_file:
            raise ConfigError(f"{config_path}: config file not found")
        return config_model()().resolve_paths(Path.cwd())
    try:
        data = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{config_path}: not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{config_path}: not UTF-8 text") from None
    config = config_from_dict(data, str(config_path))
    return config.resolve_paths(config_path.resolve().parent)


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    key = ".".join(
        f"[{part}]" if isinstance(part, int) else str(part) for part in error["loc"]
    ).replace(".[", "[")
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        message = "unknown key"
    elif error["type"] == "missing":
        message = "required key is missing"
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{key}: {message}{more}" if key else f"{message}{more}"
