"""``fiscalwatch report [--out DIR]``: writes the static report."""

from __future__ import annotations

from pathlib import Path

import click

from fiscalwatch.app import App, pass_app
from fiscalwatch.report.builder import build_report


@click.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Output folder (default: [report] out, ./report).",
)
@pass_app
def report(app: App, out_dir: Path | None) -> None:
    """Write the static HTML compliance report (overview, departments, findings, exports)."""
    target = out_dir or app.config.report.out
    summary = build_report(app.store.db, app.config, target, files=app.store.files)
    skipped = f", {summary.files_skipped} originals not copied" if summary.files_skipped else ""
    click.echo(
        f"report: {summary.pages} pages, {summary.departments} departments, "
        f"{summary.findings} findings, {summary.files_copied} originals "
        f"({summary.bytes_copied / 1024 / 1024:.1f} MB){skipped}"
    )
    click.echo(f"open {summary.index.resolve().as_uri()}")
