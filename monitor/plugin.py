"""The monitor's contributions: its bookkeeping tables and ``check``. Its own checks are
listed in :mod:`fiscalwatch.monitor.checks`, which also collects other components'."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from fiscalwatch.plugins import CommandSpec, hookimpl

if TYPE_CHECKING:
    from fiscalwatch.store.schema import Migration


@hookimpl
def fiscalwatch_migrations() -> Sequence[Migration]:
    from fiscalwatch.monitor.schema import MIGRATIONS

    return MIGRATIONS


@hookimpl
def fiscalwatch_commands() -> Sequence[CommandSpec]:
    return [
        CommandSpec(
            "check",
            "fiscalwatch.monitor.cli:check",
            "Run the compliance checks over the store and update the findings.",
        )
    ]
