"""What every command needs: the config and the store, loaded once, lazily."""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from pathlib import Path
from typing import Any, TypeVar

import click

from fiscalwatch.config import Config, load_config
from fiscalwatch.store import Store

F = TypeVar("F", bound=Callable[..., Any])


class App:
    def __init__(self, config_path: Path | None = None) -> None:
        self.config_path = config_path
        self._config: Config | None = None
        self._store: Store | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.config_path)
        return self._config

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store.from_config(self.config)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def _remember_config(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        app = ctx.find_object(App)
        if app is not None:
            app.config_path = value


config_option = click.option(
    "--config",
    type=click.Path(path_type=Path, dir_okay=False),
    expose_value=False,
    is_eager=True,
    callback=_remember_config,
    help="Config file (default ./config.toml or $FISCALWATCH_CONFIG).",
)


def pass_app(command: F) -> F:
    """Passes the App as first argument and accepts ``--config`` after the command too."""

    @click.pass_context
    def wrapper(ctx: click.Context, *args: Any, **kwargs: Any) -> Any:
        return ctx.invoke(command, ctx.ensure_object(App), *args, **kwargs)

    return config_option(update_wrapper(wrapper, command))  # type: ignore[return-value]


def holds_cycle_lock(command: F) -> F:
    """Runs a stage command under the store's cycle lock, as ``run`` and the daemon do,
    so a stage started by hand never overlaps a cycle (``AlreadyRunning`` if one is on).
    Goes between ``@pass_app`` and the function."""
    from fiscalwatch.locking import cycle_lock
    from fiscalwatch.store.files import FileStore

    def wrapper(app: App, *args: Any, **kwargs: Any) -> Any:
        storage = app.config.storage  # the store itself is opened only if the command needs it
        with cycle_lock(storage.database):
            FileStore(storage.files).remove_temporaries()  # no writer can be running now
            return command(app, *args, **kwargs)

    return update_wrapper(wrapper, command)  # type: ignore[return-value]
