"""What a component brings to the core, registered through pluggy hooks.

The core (config, store, parsing) knows no component by name. The crawler, the monitor,
the alerts and the other components each have a ``plugin`` module of hook
implementations, listed as an entry point of the ``fiscalwatch`` group in
``pyproject.toml``; another distribution adds its own the same way, as datasette and
pytest plugins do. Plugin modules stay import-light (their hooks import lazily), so
loading them costs the command line almost nothing.
"""

from __future__ import annotations

import functools
import importlib
import importlib.metadata
import os
import pathlib
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    import sqlite_utils

    from fiscalwatch.alert_settings import AlertSettings
    from fiscalwatch.models import ParsedDocument
    from fiscalwatch.store.schema import Migration

PROJECT = "fiscalwatch"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@dataclass(frozen=True)
class CommandSpec:
    """A subcommand, imported only when it is run: ``target`` is ``"module:attribute"``
    of a click command; ``help`` is its one line in ``fiscalwatch --help``."""

    name: str
    target: str
    help: str


class Hooks:
    """The hook specifications; each returns what one component contributes."""

    @hookspec
    def fiscalwatch_migrations(self) -> Sequence[Migration]:  # type: ignore[empty-body]
        """Schema migrations for the tables the component owns, in the order they apply.
        They run after the core's and may rely only on the core's tables."""

    @hookspec
    def fiscalwatch_commands(self) -> Sequence[CommandSpec]:  # type: ignore[empty-body]
        """Subcommands of ``fiscalwatch``."""

    @hookspec
    def fiscalwatch_checks(self) -> Sequence[type]:  # type: ignore[empty-body]
        """Check classes (``fiscalwatch.monitor.checks.base.Check`` subclasses), run after
        the monitor's own in the order given."""

    @hookspec
    def fiscalwatch_channels(self) -> Sequence[type]:  # type: ignore[empty-body]
        """Alert channel classes (``fiscalwatch.alerts.channels.base.Channel``)."""

    @hookspec
    def fiscalwatch_alert_settings(self) -> Sequence[AlertSettings]:  # type: ignore[empty-body]
        """Tables under ``[alerts]`` and subscription keys (``fiscalwatch.alert_settings``):
        a ``ChannelSettings`` per channel, an ``AlertsTable`` for any other table.
        Called at every config load: it imports settings modules only, no channel code."""

    @hookspec
    def fiscalwatch_read_extras(self, parsed: ParsedDocument) -> None:
        """Adds the component's own readings of a parsed document to ``parsed.extras``.
        Runs in the parse worker, so it must not touch the store."""

    @hookspec
    def fiscalwatch_save_extras(
        self, db: sqlite_utils.Database, document_id: int, parsed: ParsedDocument
    ) -> None:
        """Stores ``parsed.extras`` inside the transaction that stores the parse."""

    @hookspec
    def fiscalwatch_clear_extras(self, db: sqlite_utils.Database, document_id: int) -> None:
        """Forgets what ``fiscalwatch_save_extras`` stored for a document being re-parsed."""

    @hookspec
    def fiscalwatch_status_counts(  # type: ignore[empty-body]
        self, db: sqlite_utils.Database
    ) -> Mapping[str, int]:
        """Counts for ``fiscalwatch status`` from the component's own tables."""


@functools.cache
def plugin_manager() -> pluggy.PluginManager:
    """Every installed component's hooks, loaded once per process."""
    manager = pluggy.PluginManager(PROJECT)
    manager.add_hookspecs(Hooks)
    load_entry_points(manager, PROJECT)
    return manager


def load_entry_points(manager: pluggy.PluginManager, group: str) -> None:
    """Registers every installed entry point of ``group``, as pluggy's
    ``load_setuptools_entrypoints`` does, parsing the metadata of only the distributions
    whose ``entry_points.txt`` declares the group: pluggy has importlib.metadata parse
    every installed distribution's (~40 ms for the 250 of a test environment)."""
    for distribution in _distributions_declaring(group):
        for entry_point in distribution.entry_points.select(group=group):
            if manager.get_plugin(entry_point.name) or manager.is_blocked(entry_point.name):
                continue
            manager.register(entry_point.load(), name=entry_point.name)


def _distributions_declaring(group: str) -> Iterator[importlib.metadata.Distribution]:
    header = f"[{group}]"
    for entry in sys.path:
        folder = entry or os.curdir
        if not os.path.exists(folder):  # sys.path names e.g. python311.zip, often absent
            continue
        if not os.path.isdir(folder):  # a zip: ask importlib
            for distribution in importlib.metadata.distributions(path=[entry]):
                if distribution.entry_points.select(group=group):
                    yield distribution
            continue
        with os.scandir(folder) as names:
            found = [item.path for item in names if item.name.endswith(_METADATA_FOLDERS)]
        for metadata in found:
            try:
                with open(os.path.join(metadata, "entry_points.txt"), encoding="utf-8") as f:
                    declared = header in f.read()
            except OSError:  # no entry points, or an egg-info that is a file
                continue
            if declared:
                yield importlib.metadata.PathDistribution(pathlib.Path(metadata))


_METADATA_FOLDERS = (".dist-info", ".egg-info")


def hook() -> Any:
    """The hook relay: ``hook().fiscalwatch_checks()`` calls every implementation."""
    return plugin_manager().hook


def migrations_of(module_name: str) -> Callable[[], Sequence[Migration]]:
    """A ``fiscalwatch_migrations`` implementation returning the ``MIGRATIONS`` list of a
    component's schema module, imported when the store first migrates."""

    @hookimpl(specname="fiscalwatch_migrations")
    def migrations() -> Sequence[Migration]:
        found: Sequence[Migration] = importlib.import_module(module_name).MIGRATIONS
        return found

    return migrations


def collected(results: Sequence[Sequence[Any]]) -> list[Any]:
    """One list from the per-plugin lists a hook returns, first-registered plugin first
    (pluggy calls the newest registration first)."""
    return [item for result in reversed(results) for item in result]
