"""The analyst's triage: decisions on findings and suppressions, and their commands."""

from __future__ import annotations

from collections.abc import Sequence

from fiscalwatch.plugins import CommandSpec, hookimpl, migrations_of

fiscalwatch_migrations = migrations_of("fiscalwatch.triage.schema")


@hookimpl
def fiscalwatch_commands() -> Sequence[CommandSpec]:
    return [
        CommandSpec(
            "dismiss",
            "fiscalwatch.triage.cli:dismiss",
            "Mark a finding as a false alarm: never alerted again.",
        ),
        CommandSpec(
            "ack",
            "fiscalwatch.triage.cli:ack",
            "Acknowledge a finding: a real problem someone has seen.",
        ),
        CommandSpec(
            "suppress",
            "fiscalwatch.triage.cli:suppress",
            "Silence every finding, present and future, of a department and/or a check.",
        ),
    ]
