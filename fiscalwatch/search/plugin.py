"""Full-text search's contributions: the trigram index over stored pages and ``search``."""

from __future__ import annotations

from collections.abc import Sequence

from fiscalwatch.plugins import CommandSpec, hookimpl, migrations_of

fiscalwatch_migrations = migrations_of("fiscalwatch.search.schema")


@hookimpl
def fiscalwatch_commands() -> Sequence[CommandSpec]:
    return [
        CommandSpec(
            "search",
            "fiscalwatch.search.cli:search_command",
            "Full-text search over every stored page; every space-separated term must occur.",
        )
    ]
