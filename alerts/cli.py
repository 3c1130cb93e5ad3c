"""``fiscalwatch notify [--dry-run]``: deliver what the subscriptions want."""

from __future__ import annotations

import click

from fiscalwatch.alerts.delivery import BatchReport, DeliverySummary, deliver
from fiscalwatch.alerts.digest import subject
from fiscalwatch.alerts.models import Finding
from fiscalwatch.alerts.outbox import findings_by_id
from fiscalwatch.app import App, pass_app
from fiscalwatch.config import check_secrets
from fiscalwatch.locking import cycle_lock


@click.command()
@click.option("--dry-run", is_flag=True, help="Print what would be sent; send and write nothing.")
@click.option(
    "--retry-failed",
    is_flag=True,
    help="Queue failed deliveries again first (not those a receiver refused for good).",
)
@pass_app
def notify(app: App, dry_run: bool, retry_failed: bool) -> None:
    """Deliver pending alerts: e-mail digests, signed webhooks, chat messages."""
    config = app.config
    if not config.subscriptions:
        click.echo("notify: no [[subscriptions]] in the config, nothing to deliver.")
        return
    check_secrets(config)
    store = app.store
    if dry_run:
        summary = deliver(store, config, dry_run=True)
        ids = [i for batch in summary.batches for i in batch.finding_ids]
        _print_preview(summary, findings_by_id(store.db, ids))
        return
    with cycle_lock(store.path):  # a notify by hand during a cycle could send twice
        run_id = store.start_run("notify")
        try:
            summary = deliver(store, config, retry_failed=retry_failed)
        except BaseException as exc:
            store.finish_run(run_id, "failed", error=f"{type(exc).__name__}: {exc}")
            raise
        store.finish_run(run_id, "ok", summary.counts())
    for batch in summary.batches:
        click.echo(_outcome_line(batch))
    click.echo("notify: " + _counts(summary))


def _print_preview(summary: DeliverySummary, known: dict[int, Finding]) -> None:
    if not summary.batches:
        click.echo("notify --dry-run: nothing is due.")
    for batch in summary.batches:
        findings = [known[i] for i in batch.finding_ids if i in known]
        what = f"{len(findings)} finding" + ("s" if len(findings) != 1 else "")
        if len(findings) > 1 or batch.channel != "webhook":
            what += f", one message «{subject(findings)}»"
        click.echo(f"{batch.channel} → {batch.target}: {what}")
        for finding in findings:
            where = " / ".join(
                str(part)
                for part in (finding.region, finding.department, finding.fiscal_year)
                if part
            )
            click.echo(
                f"  #{finding.id} [{finding.severity}] {where} · {finding.check}: {finding.message}"
            )
    click.echo("notify --dry-run (nothing sent or written): " + _counts(summary))


def _outcome_line(batch: BatchReport) -> str:
    count = len(batch.finding_ids)
    plural = "s" if count != 1 else ""
    line = f"{batch.outcome:<7} {batch.channel} → {batch.target} ({count} finding{plural})"
    return f"{line}: {batch.error}" if batch.error else line


def _counts(summary: DeliverySummary) -> str:
    return ", ".join(f"{key} {value}" for key, value in summary.counts().items())
