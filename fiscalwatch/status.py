"""``fiscalwatch status``: last runs, counts of documents, findings and deliveries."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from fiscalwatch.app import App, pass_app
from monitor.health import all_sources_health


@click.command()
@pass_app
def status(app: App) -> None:
    """Show the last runs and counts of documents, findings and pending deliveries."""
    store = app.store
    console = Console()
    counts = store.counts()
    console.print(f"[bold]store[/bold] {escape(str(store.path))}")
    totals = Table(show_header=False, box=None)
    for name, value in counts.items():
        totals.add_row(name.replace("_", " "), str(value))
    console.print(totals)

    uncertain = store.unparsed_tables()
    if uncertain:
        unsure = Table(title="parser uncertainties: tables whose grid was not found (no finding)")
        for column in ("document", "department", "year", "tables"):
            unsure.add_column(column)
        for row in uncertain:
            unsure.add_row(
                str(row["id"]),
                escape(row["department"] or ""),
                str(row["fiscal_year"] or ""),
                escape((row["titles"] or "")[:200]),
            )
        console.print(unsure)

    daemon = store.db.execute(
        "SELECT pid, host, started_at, heartbeat_at, next_run_at, stopped_at FROM daemon"
    ).fetchone()
    if daemon is None:
        console.print("daemon: never started on this store")
    elif daemon[5]:
        console.print(f"daemon: stopped at {daemon[5]} (started {daemon[2]})")
    else:
        console.print(
            f"daemon: pid {daemon[0]} on {daemon[1]}, heartbeat {daemon[3]}, "
            f"next run {daemon[4] or 'not scheduled'}"
        )

    runs = Table(title="last runs")
    for column in ("id", "kind", "started", "finished", "status", "summary"):
        runs.add_column(column)
    for row in store.db.query("SELECT * FROM runs ORDER BY id DESC LIMIT 10"):
        brief = _brief(json.loads(row["summary"] or "{}"))
        runs.add_row(
            str(row["id"]),
            row["kind"],
            row["started_at"],
            row["finished_at"] or "",
            row["status"],
            escape(brief),
        )
    console.print(runs)

    sources = Table(title="sources")
    for column in (
        "source",
        "last cycle",
        "last success",
        "found last / usual",
        "failures",
        "health",
    ):
        sources.add_column(column)
    for health in all_sources_health(store.db, app.config):
        usual = f"{health.items_usual:g}" if health.items_usual is not None else "–"
        last = str(health.items_last) if health.items_last is not None else "–"
        problems = "; ".join(s.message for s in health.symptoms)
        if problems and health.last_error:
            problems += f" (last error: {health.last_error})"
        verdict = escape(problems) or ("ok" if health.cycles else "never crawled")
        sources.add_row(
            escape(health.source),
            f"{health.last_cycle_at or '–'} {health.last_status or ''}".strip(),
            health.last_success_at or "–",
            f"{last} / {usual}",
            str(health.consecutive_failures),
            verdict,
            style="red" if health.symptoms else None,
        )
    if sources.row_count:
        console.print(sources)


# The counts worth a glance per stage, in the order a cycle runs them.
BRIEF_COUNTS: dict[str, tuple[str, ...]] = {
    "crawl": ("found", "new", "changed", "removed", "failed"),
    "parse": ("parsed", "failed", "unreadable"),
    "check": ("new", "resolved", "open"),
    "notify": ("sent", "failed", "pending"),
}


def _brief(summary: dict[str, object]) -> str:
    """A one-line digest of a run summary: per stage its main counts, then errors."""
    stages = summary.get("stages")
    if not isinstance(stages, dict):
        stages = {"": summary}
    parts: list[str] = []
    for stage, counts in stages.items():
        if not isinstance(counts, dict):
            continue
        if isinstance(counts.get("skipped"), str):  # the stage's reason for not running
            parts.append(f"{stage} skipped")
            continue
        names = BRIEF_COUNTS.get(stage) or tuple(
            k for k, v in counts.items() if isinstance(v, int | float)
        )
        shown = " ".join(f"{name} {counts[name]}" for name in names if name in counts)
        if shown:
            parts.append(f"{stage}: {shown}".strip(": "))
    errors = summary.get("errors")
    if isinstance(errors, dict) and errors:
        parts.append("failed: " + ", ".join(errors))
    return "; ".join(parts)
