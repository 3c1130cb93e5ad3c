"""``fiscalwatch serve``: Datasette on the store, read-only, with the project's metadata.

Datasette comes from the optional ``[serve]`` extra (``pip install 'fiscalwatch[serve]'``).
It reads the store through ``mode=ro`` connections, refuses any statement but a SELECT,
and this command loads no plugin that writes, so the daemon can keep writing (WAL) while
analysts browse. ``metadata.yml`` names the database ``fiscalwatch``; a store file named
otherwise gets a copy of the metadata under its own name, so titles, descriptions and
canned queries apply whatever the file is called.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import click

from fiscalwatch.app import App, pass_app
from fiscalwatch.errors import ConfigError, FiscalwatchError
from fiscalwatch.store import Store

METADATA_NAME = "metadata.yml"
METADATA_DATABASE = "fiscalwatch"
SQL_TIME_LIMIT_MS = 5000


class ServeError(FiscalwatchError):
    exit_code = 2


def default_metadata(config_path: Path | None) -> Path | None:
    """metadata.yml beside the config file, else the checkout's (an editable install)."""
    candidates = [Path(__file__).resolve().parents[1] / METADATA_NAME]
    if config_path is not None:
        candidates.insert(0, config_path.resolve().parent / METADATA_NAME)
    return next((path for path in candidates if path.is_file()), None)


def metadata_for(database: Path, metadata: Path) -> Path:
    """The metadata file to give Datasette for ``database`` (renamed copy when needed)."""
    import yaml  # Datasette's own dependency

    name = database.stem
    if name == METADATA_DATABASE:
        return metadata
    loaded: dict[str, Any] = yaml.safe_load(metadata.read_text(encoding="utf-8")) or {}
    databases = loaded.get("databases") or {}
    if METADATA_DATABASE in databases:
        databases[name] = databases.pop(METADATA_DATABASE)
    digest = hashlib.sha256(str(database.resolve()).encode()).hexdigest()[:12]
    copy = Path(tempfile.gettempdir()) / f"fiscalwatch-serve-{digest}.yml"
    copy.write_text(yaml.safe_dump(loaded, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return copy


def datasette_command(database: Path, metadata: Path | None, host: str, port: int) -> list[str]:
    command = [sys.executable, "-m", "datasette", "serve", str(database)]
    if metadata is not None:
        command += ["--metadata", str(metadata_for(database, metadata))]
    command += ["--host", host, "--port", str(port)]
    command += ["--setting", "sql_time_limit_ms", str(SQL_TIME_LIMIT_MS)]
    return command


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8001, show_default=True)
@click.option(
    "--metadata",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Datasette metadata (default: metadata.yml beside the config, or the checkout's).",
)
@pass_app
def serve(app: App, host: str, port: int, metadata: Path | None) -> None:
    """Browse the store in Datasette (read-only): facets, full-text search, canned queries."""
    if importlib.util.find_spec("datasette") is None:
        raise ServeError("serve needs Datasette: pip install 'fiscalwatch[serve]'")
    database = app.config.storage.database
    if not database.is_file():
        raise ConfigError(f"storage.database: {database} does not exist yet (run a cycle first)")
    # Opening the store applies pending migrations (the search index) before Datasette
    # reads it through read-only connections, which could not.
    Store.from_config(app.config).close()
    chosen = metadata or default_metadata(app.config_path)
    if chosen is None:
        click.echo("serve: no metadata.yml found; Datasette shows the bare tables.", err=True)
    command = datasette_command(database, chosen, host, port)
    click.echo(f"serve: Datasette on http://{host}:{port}/ (read-only; Ctrl-C stops it)")
    sys.stdout.flush()
    os.execv(command[0], command)
