"""``fiscalwatch crawl [--source NAME]``: crawl the configured sources into the store."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from fiscalwatch.app import App, holds_cycle_lock, pass_app
from fiscalwatch.crawler.runner import CrawlSummary, crawl_sources


@click.command()
@click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="NAME",
    help="Crawl only this source (repeatable). Default: every [[sources]] entry.",
)
@click.option("--quiet", is_flag=True, help="No live progress display.")
@pass_app
@holds_cycle_lock
def crawl(app: App, sources: tuple[str, ...], quiet: bool) -> None:
    """Find new, changed and removed disclosures on every source's site."""
    config = app.config
    console = Console()
    if not config.sources:
        console.print(
            "no sources configured: add a [[sources]] entry to the config (nothing to do)",
            markup=False,
        )
        return
    store = app.store
    run_id = store.start_run("crawl")
    try:
        summary = crawl_sources(
            store, config, run_id=run_id, sources=list(sources) or None, progress=not quiet
        )
    except BaseException as exc:
        store.finish_run(run_id, "failed", error=str(exc) or type(exc).__name__)
        raise
    status = "ok" if all(s.status == "ok" for s in summary.sources) else "failed"
    store.finish_run(run_id, status, summary.to_dict())
    if quiet:
        console.print(summary_table(summary))
    console.print(
        f"crawled {len(summary.sources)} source(s): {summary.pages} pages, "
        f"{summary.found} documents found, {summary.new} new, {summary.changed} changed, "
        f"{summary.removed} removed, {summary.failed} failed"
    )


def summary_table(summary: CrawlSummary) -> Table:
    table = Table(title="crawl")
    for column in ("source", "status", "pages", "found", "new", "changed", "removed", "failed"):
        table.add_column(column)
    for s in summary.sources:
        table.add_row(
            s.source,
            s.status,
            *map(str, (s.pages, s.documents, s.new, s.changed, s.removed, s.failed)),
        )
    return table
