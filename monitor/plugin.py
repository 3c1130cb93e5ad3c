"""The monitor's contributions: its bookkeeping tables and ``check``. Its own checks are
listed in :mod:`fiscalwatch.monitor.checks`, which also collects other components'."""

from __future__ import annotations

from collections.abc import Sequence

from fiscalwatch.plugins import CommandSpec, hookimpl, migrations_of

fiscalwatch_migrations = migrations_of("fiscalwatch.monitor.schema")


@hookimpl
def fiscalwatch_commands() -> Sequence[CommandSpec]:
    return [
        CommandSpec(
            "check",
            "fiscalwatch.monitor.cli:check",
            "Run the compliance checks over the store and update the findings.",
        )
    ]
