"""``fiscalwatch check [--as-of YYYY-MM-DD] [--only NAME] [--full]``: runs the checks
(over the regions changed since the last cycle, or the whole store), prints counts per
check and what is new or resolved."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from fiscalwatch import clock
from fiscalwatch.app import App, holds_cycle_lock, pass_app
from fiscalwatch.monitor.checks import all_checks
from fiscalwatch.monitor.runner import CheckSummary, run_checks


@click.command()
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Judge deadlines as on this date (default: today in [schedule] timezone).",
)
@click.option(
    "--only",
    multiple=True,
    type=click.Choice(list(all_checks())),
    help="Run only this check (repeatable).",
)
@click.option(
    "--full",
    is_flag=True,
    help="Re-check the whole store, not only the regions whose documents changed.",
)
@pass_app
@holds_cycle_lock
def check(app: App, as_of: datetime | None, only: tuple[str, ...], full: bool) -> None:
    """Run the compliance checks over the store and update the findings."""
    config, store = app.config, app.store
    day = as_of.date() if as_of else clock.today(config.schedule.timezone)
    run_id = store.start_run("check")
    try:
        summary = run_checks(store.db, config, day, list(only) or None, full=full)
    except BaseException as exc:
        store.finish_run(run_id, "failed", error=f"{type(exc).__name__}: {exc}")
        raise
    store.finish_run(
        run_id,
        "failed" if summary.errors else "ok",
        dataclasses.asdict(summary),
        error="; ".join(f"{k}: {v}" for k, v in summary.errors.items()) or None,
    )
    print_summary(summary)


def print_summary(summary: CheckSummary) -> None:
    console = Console()
    table = Table(title=f"checks as of {summary.as_of}")
    for column in ("check", "found", "new", "reopened", "resolved", "open", "seconds"):
        table.add_column(column, justify="left" if column == "check" else "right")
    for name, counts in summary.per_check.items():
        if counts.error:
            table.add_row(name, "[red]error[/red]", "", "", "", str(counts.open), "")
            continue
        table.add_row(
            name,
            str(counts.found),
            str(counts.new),
            str(counts.reopened),
            str(counts.resolved),
            str(counts.open),
            f"{counts.seconds:.2f}",
        )
    console.print(table)
    whole = [name for name, counts in summary.per_check.items() if counts.whole]
    if len(whole) == len(summary.per_check):
        console.print("re-checked: the whole store")
    else:
        console.print(
            f"re-checked: {summary.changed_regions} region(s) with changed documents"
            + (f"; the whole store for {', '.join(whole)}" if whole else "")
        )
    console.print(
        f"new {summary.new}, reopened {summary.reopened}, resolved {summary.resolved}, "
        f"open {summary.open} ({summary.seconds:.2f}s)"
    )
    for name, error in summary.errors.items():
        console.print(f"[red]check {name} failed:[/red] {escape(error)}")
