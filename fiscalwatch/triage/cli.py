"""``fiscalwatch dismiss ID --reason …``, ``ack ID``, ``suppress --department/--check``."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from fiscalwatch.app import App, pass_app
from fiscalwatch.search.query import printable
from fiscalwatch.store import Store, reads
from fiscalwatch.triage import rules
from fiscalwatch.triage import store as triage_store
from fiscalwatch.triage.states import ACKNOWLEDGED, DISMISSED


def _done(store: Store, triaged: rules.Triaged) -> None:
    finding = reads.finding(store.db, triaged.finding_id)
    message = finding.message if finding else ""
    was = f" (was {triaged.previous})" if triaged.previous else ""
    click.echo(f"#{triaged.finding_id} {triaged.decision}{was}: {printable(message)[:120]}")


@click.command()
@click.argument("finding_id", type=int)
@click.option("--reason", help="Why it is a false alarm (required unless --undo).")
@click.option("--undo", is_flag=True, help="Take the decision back.")
@pass_app
def dismiss(app: App, finding_id: int, reason: str | None, undo: bool) -> None:
    """Mark a finding as a false alarm: it is never alerted again, also when a later
    cycle finds it again, and counts against its check's precision."""
    if undo:
        _undo(app.store, finding_id)
        return
    if not reason or not reason.strip():
        raise click.UsageError("dismiss needs --reason: say why it is a false alarm")
    _done(app.store, rules.decide(app.store.db, finding_id, DISMISSED, reason.strip()))


@click.command()
@click.argument("finding_id", type=int)
@click.option("--reason", help="A note (optional).")
@click.option("--undo", is_flag=True, help="Take the decision back.")
@pass_app
def ack(app: App, finding_id: int, reason: str | None, undo: bool) -> None:
    """Acknowledge a finding: a real problem someone has seen (shown in report and exports)."""
    if undo:
        _undo(app.store, finding_id)
        return
    _done(app.store, rules.decide(app.store.db, finding_id, ACKNOWLEDGED, reason))


def _undo(store: Store, finding_id: int) -> None:
    was = rules.undo(store.db, finding_id)
    click.echo(f"#{finding_id}: {'no decision to undo' if was is None else f'{was} undone'}")


@click.command()
@click.option("--department", help="A department's name (matched on its normalised key).")
@click.option("--check", "check_name", help="A check's name, e.g. yoy_anomaly.")
@click.option("--region", help="Only in this region.")
@click.option("--reason", help="Why (shown in the report).")
@click.option("--list", "show", is_flag=True, help="List the suppressions.")
@click.option("--lift", type=int, metavar="ID", help="Lift suppression ID (it is kept, dated).")
@pass_app
def suppress(
    app: App,
    department: str | None,
    check_name: str | None,
    region: str | None,
    reason: str | None,
    show: bool,
    lift: int | None,
) -> None:
    """Silence every finding, present and future, of a department and/or a check: no
    alerts, shown as suppressed in the report and exports."""
    db = app.store.db
    if lift is not None:
        rules.lift(db, lift)
        click.echo(f"suppression {lift} lifted")
    elif show:
        table = Table(
            "id", "department", "region", "check", "reason", "since", "lifted", "findings"
        )
        for row in triage_store.suppressions(db):
            # Text cells: what an analyst typed is shown as typed, never as markup.
            typed = (row.department, row.region, row.check, row.reason)
            cells = [
                str(row.id),
                *(printable(text or "") for text in typed),
                row.created_at,
                row.lifted_at or "",
                str(triage_store.matching_count(db, row.id)),
            ]
            table.add_row(*(Text(cell) for cell in cells))
        Console(highlight=False).print(table)
    else:
        suppression_id = rules.suppress(
            db, department=department, check=check_name, region=region, reason=reason
        )
        count = triage_store.matching_count(db, suppression_id)
        click.echo(f"suppression {suppression_id}: {count} findings so far")
