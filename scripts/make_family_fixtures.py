"""Regenerates ``fixtures/families/``: one generated final account per template family
and per page-break case, with its ground truth (see ``bench/layoutgen/fixtures.py``).

    .venv/bin/python scripts/make_family_fixtures.py [--out fixtures/families]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.layoutgen.fixtures import make  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "fixtures" / "families")
    args = parser.parse_args()
    started = time.monotonic()
    written = make(args.out)
    print(f"{len(written)} files in {args.out} in {time.monotonic() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
