#!/usr/bin/env python3
"""Write what the parser reads from each fixture document to
fixtures/documents/<name>.expected.json (the data tests/parsing/test_fixtures.py compares
whole), or with --check report the files that are stale and write nothing.

After writing, every file is held against the hand-written expectation
(fixtures/documents/expected/<name>.toml) and each disagreement is printed: review them,
and the `git diff` of the JSON, before committing. Exit status: 1 when --check finds a
stale or missing file, or when a written file disagrees with its hand-written expectation.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.parsing.expected import all_expected, parsed  # noqa: E402
from tests.parsing.snapshot import (  # noqa: E402
    differences,
    disagreements,
    dump_snapshot,
    load_snapshot,
    snapshot,
    snapshot_path,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="fixture names (default: all), e.g. seed_000")
    parser.add_argument("--check", action="store_true", help="compare only; write nothing")
    args = parser.parse_args(argv)
    expected = [e for e in all_expected() if not args.names or e.name in args.names]
    unknown = set(args.names) - {e.name for e in expected}
    if unknown:
        parser.error(f"no such fixture: {', '.join(sorted(unknown))}")
    failed = 0
    for hand in expected:
        fresh = snapshot(parsed(hand.name))
        committed = load_snapshot(hand.name)
        path = shown(snapshot_path(hand.name))
        if args.check:
            if committed is None:
                print(f"{path}: missing")
                failed += 1
            elif committed != fresh:
                lines = differences(committed, fresh)
                print(f"{path}: stale in {len(lines)} place(s)")
                print("\n".join(f"  {line}" for line in lines))
                failed += 1
            continue
        snapshot_path(hand.name).write_text(dump_snapshot(fresh), encoding="utf-8")
        status = "unchanged" if committed == fresh else "written"
        print(f"{path}: {status}")
        for line in disagreements(hand, fresh):
            print(f"  disagrees with the hand-written expectation: {line}")
            failed += 1
    if args.check and not failed:
        print(f"{len(expected)} expectation files match the parser")
    return 1 if failed else 0


def shown(path: Path) -> Path:
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


if __name__ == "__main__":
    sys.exit(main())
