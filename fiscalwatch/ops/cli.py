"""``fiscalwatch backup DEST`` and ``fiscalwatch sources import FILE.csv``."""

from __future__ import annotations

import os
from pathlib import Path

import click

from fiscalwatch.app import App, pass_app
from fiscalwatch.config import CONFIG_ENV_VAR, DEFAULT_CONFIG_PATH
from fiscalwatch.ops.backup import backup as make_backup
from fiscalwatch.ops.sources_import import import_sources


def config_file(app: App) -> Path:
    """The config file this command reads (it may not exist: defaults)."""
    return Path(app.config_path or os.environ.get(CONFIG_ENV_VAR) or DEFAULT_CONFIG_PATH)


@click.command()
@click.argument("dest", type=click.Path(path_type=Path, file_okay=False))
@pass_app
def backup(app: App, dest: Path) -> None:
    """Copy the store (SQLite online backup: safe while the daemon runs), the originals
    and the config into DEST. Run again into the same DEST: only new originals are copied."""
    summary = make_backup(app.config, dest, config_file(app))
    click.echo(
        f"backup: {summary.database} ({summary.database_bytes / 1e6:.1f} MB, "
        f"{summary.documents} documents), originals: {summary.files_copied} copied "
        f"({summary.bytes_copied / 1e6:.1f} MB), {summary.files_kept} already there"
    )
    if summary.missing_originals:
        click.secho(
            f"backup: {len(summary.missing_originals)} originals named in the database are "
            f"missing from the store (listed in {dest / 'backup.json'})",
            fg="yellow",
        )


@click.group()
def sources() -> None:
    """Manage the config's [[sources]] in bulk."""


@sources.command(name="import")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False, exists=True)
)
@click.option("--dry-run", is_flag=True, help="Validate and show the changes; write nothing.")
@pass_app
def import_command(app: App, files: tuple[Path, ...], dry_run: bool) -> None:
    """Add or update sources from CSV files (portals: name, region, start_urls, ...;
    rosters: source, department). Validated first; the config is rewritten in place,
    comments kept, the old file saved as .bak. Restart the daemon afterwards."""
    path = config_file(app)
    result = import_sources(path, list(files), dry_run=dry_run)
    for change in result.changes:
        detail = ", ".join(change.fields)
        roster = f" (+{change.roster_added} on the roster)" if change.roster_added else ""
        click.echo(f"{change.action:<9} {change.name}" + (f": {detail}" if detail else "") + roster)
    counts = {a: sum(c.action == a for c in result.changes) for a in ("added", "updated")}
    if result.written:
        click.echo(
            f"sources import: {counts['added']} added, {counts['updated']} updated in {path}"
        )
    else:
        what = "dry run, nothing written" if dry_run else "nothing to change"
        click.echo(f"sources import: {what}")
