"""How long the command line takes to start: the median of 10 runs of each.

- ``fiscalwatch --help``;
- ``fiscalwatch status`` on a store holding the demo's documents;
- ``fiscalwatch ingest`` of one fixture PDF, until the parse begins (the moment
  ``parse_documents`` is called, marked by a wrapper that patches it in the same process;
  the wrapper imports exactly what the command imports before parsing).

Each is a fresh process, as a user starts it. Target: under 0.3 s each. The project's
modules are byte-compiled first, as ``pip install`` does: with ``PYTHONDONTWRITEBYTECODE``
set (as in many containers) an editable checkout would otherwise recompile every changed
module from source on each run, which no installed copy does.

    python bench/startup.py [--runs 10]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "documents" / "seed_001.pdf"
TARGET_SECONDS = 0.3

# Runs ``fiscalwatch ingest`` and writes the seconds from the process's start (given by
# the parent) to the first call of parse_documents on the pipe MARK_FD.
UNTIL_PARSE = """
import os, sys, time
started = float(os.environ["STARTED_AT"])
import fiscalwatch.pipeline.parse_cli as parse_cli
real = parse_cli.parse_documents
def marked(*args, **kwargs):
    os.write(int(os.environ["MARK_FD"]), f"{time.time() - started:.6f}".encode())
    return real(*args, **kwargs)
parse_cli.parse_documents = marked
from fiscalwatch.cli import main
sys.argv = ["fiscalwatch", *sys.argv[1:]]
main()
"""


def fiscalwatch_command() -> list[str]:
    return [sys.executable, "-c", "from fiscalwatch.cli import main; main()"]


def wall(command: list[str], cwd: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def until_parse(cwd: Path, runs: int) -> float:
    times = []
    for run in range(runs):
        read, write = os.pipe()
        env = {**os.environ, "STARTED_AT": repr(time.time()), "MARK_FD": str(write)}
        args = ["ingest", str(FIXTURE), "--department", f"测试局{run}", "--year", "2024"]
        subprocess.run(
            [sys.executable, "-c", UNTIL_PARSE, *args],
            cwd=cwd,
            env=env,
            pass_fds=(write,),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        os.close(write)
        with os.fdopen(read) as mark:
            text = mark.read()
        if not text:
            raise SystemExit("ingest never reached the parse")
        times.append(float(text))
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "fiscalwatch")],
        check=True,  # follows the crawler/monitor/alerts links inside the package
    )
    with tempfile.TemporaryDirectory(prefix="fw-startup-") as tmp:
        home = Path(tmp)
        (home / "config.toml").write_text(
            '[storage]\ndatabase = "fw.db"\nfiles = "files"\n', encoding="utf-8"
        )
        fw = fiscalwatch_command()
        subprocess.run(
            [*fw, "ingest", str(FIXTURE), "--year", "2024"],
            cwd=home,
            check=True,
            capture_output=True,
        )  # a store with a parsed document in it
        results = {
            "python -c pass (the interpreter alone)": wall(
                [sys.executable, "-c", "pass"], home, args.runs
            ),
            "fiscalwatch --help": wall([*fw, "--help"], home, args.runs),
            "fiscalwatch status": wall([*fw, "status"], home, args.runs),
            "fiscalwatch ingest (one PDF) until the parse begins": until_parse(home, args.runs),
        }
    load = os.getloadavg()[0]
    print(f"median of {args.runs} runs each, load average {load:.2f}")
    for name, seconds in results.items():
        verdict = (
            ""
            if name.startswith("python")
            else ("  ok" if seconds < TARGET_SECONDS else f"  over {TARGET_SECONDS} s")
        )
        print(f"  {name:55s} {seconds:6.3f} s{verdict}")


if __name__ == "__main__":
    main()
