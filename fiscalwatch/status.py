"""``fiscalwatch status``: last runs, counts of documents, findings and deliveries."""

from __future__ import annotations

import json
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlite_utils import Database

from fiscalwatch.app import App, pass_app
from fiscalwatch.crawler.health import SourceHealth, all_sources_health
from fiscalwatch.triage.store import precision_by_check


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
    healths = all_sources_health(store.db, app.config)
    for health in healths:
        usual = f"{health.items_usual:g}" if health.items_usual is not None else "–"
        last = str(health.items_last) if health.items_last is not None else "–"
        problems = "; ".join(s.message for s in health.symptoms)
        if problems and health.last_error:
            problems += f" (last error: {health.last_error})"
        if health.limits:
            reached = ", ".join(f"{name} ×{n}" for name, n in health.limits.items())
            problems = f"{problems}; limits reached: {reached}".lstrip("; ")
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
    _print_skipped(console, healths)
    _print_precision(console, store.db)
    _print_failing_channels(console, store.db)


SKIPPED_SHOWN = 15


def _print_skipped(console: Console, healths: list[SourceHealth]) -> None:
    """The last cycle's listing items each source did not fetch, and why."""
    for health in healths:
        if not health.skipped:
            continue
        table = Table(title=f"{health.source}: skipped last cycle ({len(health.skipped)})")
        for column in ("title", "decision", "reason"):
            table.add_column(column)
        for item in health.skipped[:SKIPPED_SHOWN]:
            table.add_row(escape(item.title[:80]), item.decision, escape(item.reason or ""))
        if len(health.skipped) > SKIPPED_SHOWN:
            table.add_row(f"… {len(health.skipped) - SKIPPED_SHOWN} more", "", "")
        console.print(table)


def _print_precision(console: Console, db: Database) -> None:
    """Per check, how analysts judged its findings: the precision users see."""
    precision = Table(title="findings judged by analysts, per check")
    precision.add_column("check", no_wrap=True)
    for column in ("findings", "acked", "dismissed", "suppressed", "not dismissed"):
        precision.add_column(column, justify="right")
    for judged in precision_by_check(db):
        if judged.acknowledged or judged.dismissed or judged.suppressed:
            share = f"{judged.precision:.0%}" if judged.precision is not None else "–"
            numbers = (judged.findings, judged.acknowledged, judged.dismissed, judged.suppressed)
            precision.add_row(escape(judged.check), *map(str, numbers), share)
    if precision.row_count:
        console.print(precision)


def _print_failing_channels(console: Console, db: Any) -> None:
    """Alert channels whose last deliveries failed, and what waits for them."""
    from fiscalwatch.alerts.store import failing_channels

    failing = failing_channels(db)
    if not failing:
        return
    table = Table(title="failing alert channels")
    for column in ("channel", "target", "waiting", "failed", "refused", "oldest"):
        table.add_column(column)
    for backlog in failing:
        table.add_row(
            backlog.channel,
            escape(backlog.target),
            str(backlog.pending),
            str(backlog.failed),
            str(backlog.refused),
            backlog.oldest,
            style="red",
        )
    console.print(table)
    for backlog in failing:
        console.print(
            f"{backlog.channel} → {escape(backlog.target)}: {escape(backlog.last_error)}",
            soft_wrap=True,
        )
    console.print(
        "failed deliveries are queued again when their channel works, or by "
        "`fiscalwatch notify --retry-failed`; refused ones (HTTP 4xx, SMTP 5xx) stay failed"
    )


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
