"""Hostile-file benchmark: seconds and peak RSS of reading each bomb of
``tests/parsing/bombs.py``, each in a fresh process (so the peak is that bomb's own).

    .venv/bin/python bench/bombs.py [--code DIR] [--limit SECONDS]

``--code`` reads with the fiscalwatch found in DIR instead of this checkout (to compare
with an older commit, e.g. a ``git worktree`` of main). A read still running after
``--limit`` seconds is killed and shown as such.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.parsing.bombs import BOMBS  # noqa: E402

CHILD = """
import resource, sys, time
sys.path.insert(0, sys.argv[1])
from fiscalwatch.errors import DocumentError
from fiscalwatch.parsing.document import Hints, parse_bytes
path = sys.argv[2]
data = open(path, "rb").read()
started = time.perf_counter()
try:
    parsed = parse_bytes(data, Hints(filename=path.rsplit("/", 1)[-1], ocr=False))
    result = f"parsed, {len(parsed.tables)} tables"
except DocumentError as exc:
    result = f"{exc.status}: {exc}"[:60]
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{seconds:.2f}\\t{peak:.0f}\\t{result}")
"""


def measure(code: Path, path: Path, limit: float) -> str:
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(code), str(path)],
            capture_output=True,
            text=True,
            timeout=limit,
        )
    except subprocess.TimeoutExpired:
        return f"> {limit:.0f}\t?\tkilled after {time.perf_counter() - started:.0f} s"
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return f"{time.perf_counter() - started:.2f}\t?\tdied ({done.returncode}): {last[:50]}"
    return done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=ROOT)
    parser.add_argument("--limit", type=float, default=120.0)
    args = parser.parse_args()
    print(f"code: {args.code.resolve()}")
    print("bomb\tbytes\tseconds\tpeak RSS MB\tresult")
    with tempfile.TemporaryDirectory() as folder:
        for name, build in BOMBS.items():
            path = Path(folder) / name
            path.write_bytes(build())
            line = measure(args.code, path, args.limit)
            print(f"{name}\t{path.stat().st_size}\t{line}", flush=True)


if __name__ == "__main__":
    main()
