"""``fiscalwatch export --format xlsx [--region R] [--year N] --out FILE``."""

from __future__ import annotations

from pathlib import Path

import click

from fiscalwatch import clock
from fiscalwatch.app import App, pass_app
from fiscalwatch.links import report_base_url
from fiscalwatch.report.model import load
from fiscalwatch.report.workbook import Scope, write_workbook


@click.command()
@click.option("--format", "fmt", type=click.Choice(["xlsx"]), default="xlsx", show_default=True)
@click.option("--region", help="Only this region (as in documents.region).")
@click.option(
    "--year",
    type=int,
    help="Only this fiscal year (the year-on-year change still uses the year before).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="The workbook to write.",
)
@pass_app
def export(app: App, fmt: str, region: str | None, year: int | None, out: Path) -> None:
    """Write an Excel workbook: figures (department x year, with year-on-year change),
    findings with links to the originals, and documents with publication dates."""
    config = app.config
    data = load(app.store.db, config, clock.today(config.schedule.timezone), clock.now_iso())
    summary = write_workbook(app.store.db, data, out, Scope(region, year), report_base_url(config))
    click.echo(
        f"export: {summary.path} — 数字 {summary.figure_rows} rows, "
        f"问题 {summary.finding_rows} rows, 文件 {summary.document_rows} rows, "
        f"数字明细 {summary.detail_rows} rows"
    )
