"""Regenerates ``fixtures/families/``: one generated final account per template family
and per page-break case, with its ground truth (see ``bench/layoutgen/fixtures.py``).

    .venv/bin/python scripts/make_family_fixtures.py [--out fixtures/families] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.layoutgen.fixtures import SPECS, make  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "fixtures" / "families")
    parser.add_argument(
        "--only", action="append", metavar="NAME", help="make only this fixture (repeatable)"
    )
    args = parser.parse_args()
    started = time.monotonic()
    specs = tuple(s for s in SPECS if not args.only or s.name in args.only)
    written = make(args.out, specs)
    print(f"{len(written)} files in {args.out} in {time.monotonic() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
