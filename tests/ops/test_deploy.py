"""deploy/: the systemd units start real commands with options that exist, and the
container file copies what the package needs."""

from __future__ import annotations

import configparser
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from fiscalwatch.cli import cli
from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"
UNITS = sorted(DEPLOY.glob("*.service"))


def exec_start(unit: Path) -> list[str]:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(unit, encoding="utf-8")
    return shlex.split(parser["Service"]["ExecStart"])


@pytest.mark.parametrize("unit", UNITS, ids=[u.name for u in UNITS])
def test_units_run_fiscalwatch_commands_that_exist(unit: Path) -> None:
    program, *args = exec_start(unit)
    assert program.endswith("/bin/fiscalwatch")
    assert args[:2] == ["--config", "/etc/fiscalwatch/config.toml"]
    # --help is eager: the command and every option must parse, paths need not exist.
    result = CliRunner().invoke(cli, [*args, "--help"])
    assert result.exit_code == 0, result.output


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_units_pass_systemd_analyze() -> None:
    units = [str(p) for p in sorted(DEPLOY.glob("*.service")) + sorted(DEPLOY.glob("*.timer"))]
    found = subprocess.run(
        ["systemd-analyze", "verify", *units], capture_output=True, text=True, timeout=60
    )
    # The program is not installed here; anything else is a mistake in a unit.
    problems = [
        line
        for line in (found.stdout + found.stderr).splitlines()
        if line.strip() and "is not executable" not in line
    ]
    assert problems == []


def test_container_file_copies_every_package_and_runs_the_daemon() -> None:
    text = (DEPLOY / "Containerfile").read_text(encoding="utf-8")
    copied = set(re.findall(r"^COPY (\S+)", text, re.MULTILINE))
    for package in ("fiscalwatch", "crawler", "monitor", "alerts", "pyproject.toml"):
        assert package in copied
        assert (ROOT / package).exists()
    assert 'CMD ["fiscalwatch", "daemon"]' in text and "'.[ocr,serve]'" in text
