#!/usr/bin/env python3
"""Build the committed fixture documents: `make fixtures` (or `python scripts/make_fixtures.py`).

Stages (all by default, or name some): seeds, variants, priors, demo, bad.
Needs LibreOffice (soffice), Noto CJK fonts, poppler-utils, qpdf and img2pdf.
Reads the seed texts from ../shared/seeds (beside the checkout); without them the seed
stage is skipped with a message and the model-built stages still run.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fixturegen import stages

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage", nargs="*", choices=[*stages.STAGES, []], help="stages to run")
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    args = parser.parse_args(argv)
    ctx = stages.Context(root=ROOT, seeds=args.seeds)
    for name in args.stage or list(stages.STAGES):
        started = time.monotonic()
        written = stages.STAGES[name](ctx)
        print(f"{name}: {len(written)} files in {time.monotonic() - started:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
