"""The ``fiscalwatch`` command. Each subcommand lives with the package that owns it and
is imported only when invoked, so ``fiscalwatch status`` does not pay for Scrapy."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import click

from fiscalwatch.app import App
from fiscalwatch.errors import FiscalwatchError

COMMANDS: dict[str, str] = {
    "run": "fiscalwatch.pipeline.cli:run",
    "daemon": "fiscalwatch.monitor.daemon:daemon",
    "crawl": "fiscalwatch.crawler.cli:crawl",
    "probe": "fiscalwatch.crawler.probe:probe",
    "parse": "fiscalwatch.parsing.cli:parse",
    "check": "fiscalwatch.monitor.cli:check",
    "notify": "fiscalwatch.alerts.cli:notify",
    "ingest": "fiscalwatch.parsing.cli:ingest",
    "report": "fiscalwatch.report.cli:report",
    "demo": "fiscalwatch.demo.cli:demo",
    "status": "fiscalwatch.status:status",
    "search": "fiscalwatch.search.cli:search_command",
    "export": "fiscalwatch.export.cli:export",
    "serve": "fiscalwatch.serve:serve",
    "dismiss": "fiscalwatch.triage.cli:dismiss",
    "ack": "fiscalwatch.triage.cli:ack",
    "suppress": "fiscalwatch.triage.cli:suppress",
    "backup": "fiscalwatch.ops.cli:backup",
    "sources": "fiscalwatch.ops.cli:sources",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        command = getattr(importlib.import_module(module_name), attr)
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FiscalwatchError as exc:
            click.secho(f"fiscalwatch: {exc}", fg="red", err=True)
            ctx.exit(exc.exit_code)
        finally:
            app = ctx.find_object(App)
            if app is not None:
                app.close()


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    type=click.Path(path_type=Path, dir_okay=False),
    envvar="FISCALWATCH_CONFIG",
    help="Config file (default ./config.toml, or $FISCALWATCH_CONFIG).",
)
@click.version_option(package_name="fiscalwatch")
@click.pass_context
def cli(ctx: click.Context, config: Path | None) -> None:
    """Watches government departments' final-account disclosures."""
    ctx.obj = App(config)


def main() -> None:
    sys.exit(cli.main(prog_name="fiscalwatch", standalone_mode=True))
