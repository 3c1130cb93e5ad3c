"""``fiscalwatch run``: one full cycle, with a summary at the end."""

from __future__ import annotations

from datetime import date

import click
from rich.console import Console

from fiscalwatch.app import App, pass_app
from fiscalwatch.ops import heartbeat
from fiscalwatch.pipeline import CycleSummary, run_cycle


@click.command()
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Judge deadlines as of this date (default today).",
)
@pass_app
def run(app: App, as_of: click.DateTime | None) -> None:
    """One full cycle: crawl every source, parse, check, deliver pending alerts."""
    console = Console(stderr=True)
    day: date | None = as_of.date() if as_of is not None else None  # type: ignore[attr-defined]
    with console.status("starting") as spinner:
        summary = run_cycle(
            app.store,
            app.config,
            as_of=day,
            on_stage=lambda stage: spinner.update(f"{stage}…"),
        )
    heartbeat.ping(app.config, summary.status)
    print_summary(summary)


def print_summary(summary: CycleSummary) -> None:
    click.echo(f"run {summary.run_id}: {summary.status} in {summary.seconds:.1f}s")
    for stage, result in summary.stages.items():
        shown = {k: v for k, v in result.items() if isinstance(v, int | float | str)}
        line = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in shown.items())
        click.echo(f"  {stage:<7} {line}")
    for stage, error in summary.errors.items():
        click.secho(f"  {stage:<7} FAILED: {error}", fg="red")
