#!/usr/bin/env python3
"""Build the legacy-format fixture: `python scripts/legacy_formats.py` (needs LibreOffice).

``fixtures/documents/v_split_tables.xls`` is the committed ``v_split_tables.xlsx`` saved
by LibreOffice as Excel 97-2003 (BIFF8): the parser must read the same tables from both.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "fixtures" / "documents" / "v_split_tables.xlsx"


def main() -> int:
    soffice = shutil.which("soffice")
    if not soffice:
        raise SystemExit("LibreOffice (soffice) is needed")
    with tempfile.TemporaryDirectory(prefix="fw-legacy-") as tmp:
        env = {**os.environ, "SAL_USE_VCLPLUGIN": "svp", "TZ": "Asia/Shanghai"}
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--convert-to",
                "xls:MS Excel 97",
                "--outdir",
                tmp,
                str(SOURCE),
            ],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=300,
        )
        target = SOURCE.with_suffix(".xls")
        shutil.copyfile(Path(tmp) / "v_split_tables.xls", target)
        print(target.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
