"""The ``fiscalwatch`` command. Each subcommand lives with the package that owns it and
is imported only when invoked, so ``fiscalwatch status`` does not pay for Scrapy."""

from __future__ import annotations

import gc
import importlib
import sys
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import click

from fiscalwatch.errors import FiscalwatchError
from fiscalwatch.plugins import CommandSpec, collected, hook

# The composition root's own commands; the components add theirs through the
# ``fiscalwatch_commands`` hook. Nothing is imported until a command runs, so
# ``fiscalwatch --help`` and ``status`` do not pay for Scrapy, pdfplumber or pydantic.
COMMANDS = (
    CommandSpec(
        "run",
        "fiscalwatch.pipeline.cli:run",
        "One full cycle: crawl every source, parse, check, deliver pending alerts.",
    ),
    CommandSpec(
        "daemon",
        "fiscalwatch.pipeline.daemon:daemon",
        "Run the cycle on the [schedule] cron until SIGTERM/SIGINT.",
    ),
    CommandSpec(
        "parse",
        "fiscalwatch.pipeline.parse_cli:parse",
        "Parse every stored document that is still pending.",
    ),
    CommandSpec(
        "ingest",
        "fiscalwatch.pipeline.parse_cli:ingest",
        "Store local files (PDF, DOCX, XLSX, HTML) as if crawled, and parse them.",
    ),
    CommandSpec(
        "report",
        "fiscalwatch.report.cli:report",
        "Write the static HTML compliance report (overview, departments, findings, exports).",
    ),
    CommandSpec(
        "export",
        "fiscalwatch.export.cli:export",
        "Write an Excel workbook: figures, findings and documents.",
    ),
    CommandSpec(
        "status",
        "fiscalwatch.status:status",
        "Show the last runs and counts of documents, findings and pending deliveries.",
    ),
    CommandSpec(
        "serve",
        "fiscalwatch.serve:serve",
        "Browse the store in Datasette (read-only): facets, full-text search, canned queries.",
    ),
    CommandSpec(
        "demo",
        "fiscalwatch.demo.cli:demo",
        "Serve the demo site on loopback, run two cycles against it, write report and mailbox.",
    ),
)


# How ``--help`` lists them: the cycle's stages in their order, then the rest by name.
HELP_ORDER = ("run", "daemon", "crawl", "parse", "check", "notify", "ingest", "status")


def all_commands() -> dict[str, CommandSpec]:
    """The root's commands and every component's, by name, in ``--help`` order."""
    commands = {spec.name: spec for spec in COMMANDS}
    for spec in collected(hook().fiscalwatch_commands()):
        if spec.name in commands:
            raise RuntimeError(f"two commands are named {spec.name!r}")
        commands[spec.name] = spec

    def place(name: str) -> tuple[int, str]:
        return (HELP_ORDER.index(name), "") if name in HELP_ORDER else (len(HELP_ORDER), name)

    return {name: commands[name] for name in sorted(commands, key=place)}


@runtime_checkable
class Closable(Protocol):
    def close(self) -> None: ...


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(all_commands())

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = all_commands().get(cmd_name)
        if spec is None:
            return None
        module_name, attr = spec.target.split(":")
        command = getattr(importlib.import_module(module_name), attr)
        assert isinstance(command, click.Command)
        _imports_done()
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Lists the commands from their specs, without importing any of them."""
        rows = [(spec.name, spec.help) for spec in all_commands().values()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FiscalwatchError as exc:
            click.secho(f"fiscalwatch: {exc}", fg="red", err=True)
            ctx.exit(exc.exit_code)
        finally:
            if isinstance(ctx.obj, Closable):
                ctx.obj.close()


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
    from fiscalwatch.app import App  # pydantic and the store load only when a command runs

    ctx.obj = App(config)


def main() -> None:
    # Start-up is mostly imports, which make long-lived objects (modules, classes,
    # validators) and no garbage: the cyclic collector would scan them again and again
    # (~5% of `status`). It is off until the command's module is imported, then the
    # objects made so far are set aside for good (gc.freeze) and it runs as usual.
    gc.disable()
    try:
        sys.exit(cli.main(prog_name="fiscalwatch", standalone_mode=True))
    finally:
        _imports_done()


def _imports_done() -> None:
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
