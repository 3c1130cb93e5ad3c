"""Full-text search's contributions: the trigram index over stored pages and ``search``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from fiscalwatch.plugins import CommandSpec, hookimpl

if TYPE_CHECKING:
    from fiscalwatch.store.schema import Migration


@hookimpl
def fiscalwatch_migrations() -> Sequence[Migration]:
    from fiscalwatch.search.schema import MIGRATIONS

    return MIGRATIONS


@hookimpl
def fiscalwatch_commands() -> Sequence[CommandSpec]:
    return [
        CommandSpec(
            "search",
            "fiscalwatch.search.cli:search_command",
            "Full-text search over every stored page; every space-separated term must occur.",
        )
    ]
