"""Operations: backups and bulk management of the config's sources."""

from __future__ import annotations

from collections.abc import Sequence

from fiscalwatch.plugins import CommandSpec, hookimpl


@hookimpl
def fiscalwatch_commands() -> Sequence[CommandSpec]:
    return [
        CommandSpec(
            "backup",
            "fiscalwatch.ops.cli:backup",
            "Copy the store (online backup), the originals and the config into DEST.",
        ),
        CommandSpec(
            "sources", "fiscalwatch.ops.cli:sources", "Manage the config's [[sources]] in bulk."
        ),
    ]
