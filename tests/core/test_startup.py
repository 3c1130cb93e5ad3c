"""What the command line imports before it does anything: start-up is mostly imports
(bench/startup.py measures it), so the heavy libraries stay out of the light commands."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("scrapy", "twisted", "pdfplumber", "pypdfium2", "numpy", "pandas", "rapidocr", "lxml")

LOADED = """
import sys
from click.testing import CliRunner
from fiscalwatch.cli import cli
result = CliRunner().invoke(cli, {args!r}, catch_exceptions=False)
assert result.exit_code == 0, result.output
print(" ".join(sorted(name for name in sys.modules if "." not in name)))
"""


def python(code: str, cwd: object) -> subprocess.CompletedProcess[str]:
    """``code`` run by a fresh interpreter in ``cwd`` (start-up is what is tested)."""
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=60
    )


def loaded_by(args: list[str], cwd: str) -> set[str]:
    result = python(LOADED.format(args=args), cwd)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


@pytest.mark.parametrize("args", [["--help"], ["status"]])
def test_light_commands_import_no_heavy_library(args: list[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "config.toml").write_text('[storage]\ndatabase = "fw.db"\n', encoding="utf-8")
    loaded = loaded_by(args, str(tmp_path))
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_help_imports_no_command(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``--help`` lists the commands from their specs: only the components' (empty)
    packages and their plugin modules load, never a command, the config or the store."""
    code = (
        "import sys; from click.testing import CliRunner; from fiscalwatch.cli import cli;"
        "CliRunner().invoke(cli, ['--help']);"
        "print(' '.join(m for m in sys.modules if m.startswith('fiscalwatch.')))"
    )
    loaded = set(python(code, tmp_path).stdout.split())
    plugins = {name for name in loaded if name.endswith(".plugin")}
    packages = {name.removesuffix(".plugin") for name in plugins}
    assert {"fiscalwatch.crawler.plugin", "fiscalwatch.alerts.plugin"} <= plugins
    assert loaded - plugins - packages == {
        "fiscalwatch.cli",
        "fiscalwatch.plugins",
        "fiscalwatch.errors",
    }


def test_date_parser_is_loaded_only_when_used(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """sqlite-utils imports dateutil's parser for recipes fiscalwatch does not call: it is
    bound lazily, so ``status`` never executes it, and a recipe that needs it still works."""
    (tmp_path / "config.toml").write_text('[storage]\ndatabase = "fw.db"\n', encoding="utf-8")
    code = LOADED.format(args=["status"]).replace(
        'print(" ".join(sorted(name for name in sys.modules if "." not in name)))',
        "print('dateutil.parser._parser' in sys.modules)\n"
        "from sqlite_utils.recipes import parsedate\n"
        "from dateutil import parser\n"
        "print(parsedate('2024-03-05 10:00'), parser.parse('5 March 2024').date())",
    )
    result = python(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "2024-03-05", "2024-03-05"]


def test_the_collector_is_back_on_when_a_command_runs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``main`` turns the cyclic garbage collector off while the command line imports
    (start-up makes no garbage) and on again, with the start-up objects frozen, before
    the command runs: a long command (``run``, ``daemon``) collects as usual."""
    (tmp_path / "config.toml").write_text('[storage]\ndatabase = "fw.db"\n', encoding="utf-8")
    code = (
        "import gc, sys\n"
        "import fiscalwatch.status as status\n"
        "body = status.status.callback\n"
        "def checked(*args, **kwargs):\n"
        "    print('during', gc.isenabled(), gc.get_freeze_count() > 0, file=sys.stderr)\n"
        "    return body(*args, **kwargs)\n"
        "status.status.callback = checked\n"
        "sys.argv = ['fiscalwatch', 'status']\n"
        "from fiscalwatch.cli import main\n"
        "main()\n"
    )
    result = python(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "during True True" in result.stderr
