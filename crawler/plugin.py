"""The crawler's contributions: its tables, ``crawl`` and ``probe``, and the source-health
check (it judges the crawler's own history)."""

from __future__ import annotations

from collections.abc import Sequence

from fiscalwatch.plugins import CommandSpec, hookimpl, migrations_of

fiscalwatch_migrations = migrations_of("fiscalwatch.crawler.schema")


@hookimpl
def fiscalwatch_commands() -> Sequence[CommandSpec]:
    return [
        CommandSpec(
            "crawl",
            "fiscalwatch.crawler.cli:crawl",
            "Find new, changed and removed disclosures on every source's site.",
        ),
        CommandSpec(
            "probe",
            "fiscalwatch.crawler.probe:probe",
            "Dry run against one start URL: adapter, paging, items and a [[sources]] block.",
        ),
    ]


@hookimpl
def fiscalwatch_checks() -> Sequence[type]:
    from fiscalwatch.crawler.source_unhealthy import SourceUnhealthy

    return [SourceUnhealthy]
