"""``fiscalwatch demo``: run the whole pipeline against the bundled demo site."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from fiscalwatch.demo.runner import DemoResult, run_demo
from fiscalwatch.logs import setup_logging
from fiscalwatch.pipeline.cli import print_summary


@click.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("demo-output"),
    show_default=True,
    help="Folder for the demo's store, mailbox, webhooks and report (emptied first).",
)
def demo(out: Path) -> None:
    """Serve the demo site on loopback, run two cycles against it, write report and mailbox."""
    setup_logging(level=logging.WARNING)
    click.echo("fiscalwatch demo: serving the simulated 青川市 portal on 127.0.0.1 …")
    result = run_demo(out)
    print_result(result)


def print_result(result: DemoResult) -> None:
    for state, as_of, summary in result.cycles:
        click.secho(f"\ncycle “{state} publication day” (as of {as_of})", bold=True)
        print_summary(summary)
    click.secho("\nopen findings", bold=True)
    for check, count in sorted(result.findings_by_check.items()):
        click.echo(f"  {check:<28} {count}")
    click.echo(
        f"planted problems found: {len(result.planted_found)} of {len(result.planted)}"
        + "".join(f"\n  missed: {p}" for p in result.planted if p not in result.planted_found)
    )
    docs = result.documents
    click.secho("\nwhere everything is", bold=True)
    click.echo(
        f"  store     {result.out / 'fiscalwatch.db'}  ({docs.get('documents', 0)} documents, "
        f"{docs.get('document_versions', 0)} versions)"
    )
    click.echo(f"  mailbox   {result.out / 'mailbox'}  ({result.mails} digests)")
    click.echo(
        f"  webhooks  {result.out / 'webhooks'}  ({result.webhooks} received, "
        f"{result.webhooks_verified} with a valid signature)"
    )
    click.echo(f"  report    {result.report_index}")
    click.echo(f"  browse    datasette {result.out / 'fiscalwatch.db'} -m metadata.yml")
