"""``fiscalwatch status``: last runs, counts of documents, findings and deliveries."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table

from fiscalwatch.app import App, pass_app


@click.command()
@pass_app
def status(app: App) -> None:
    """Show the last runs and counts of documents, findings and pending deliveries."""
    store = app.store
    console = Console()
    counts = store.counts()
    console.print(f"[bold]store[/bold] {store.path}")
    totals = Table(show_header=False, box=None)
    for name, value in counts.items():
        totals.add_row(name.replace("_", " "), str(value))
    console.print(totals)

    runs = Table(title="last runs")
    for column in ("id", "kind", "started", "finished", "status", "summary"):
        runs.add_column(column)
    for row in store.db.query("SELECT * FROM runs ORDER BY id DESC LIMIT 10"):
        summary = json.loads(row["summary"] or "{}")
        brief = ", ".join(f"{k}={v}" for k, v in summary.items() if not isinstance(v, dict))
        runs.add_row(
            str(row["id"]),
            row["kind"],
            row["started_at"],
            row["finished_at"] or "",
            row["status"],
            brief[:80],
        )
    console.print(runs)
