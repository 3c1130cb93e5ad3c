"""The command of the outside plugin in test_plugins.py, imported only when run."""

from __future__ import annotations

import click


@click.command()
def watchlist() -> None:
    """Show it."""
    click.echo("watching")
