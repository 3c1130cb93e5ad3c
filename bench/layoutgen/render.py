"""FODT → PDF through LibreOffice, many files per ``soffice`` run, with the dates and
the document id fixed so that the same input gives the same bytes."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

FIXED_DATE = b"20250701080000"


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise RuntimeError("LibreOffice (soffice) is needed to render the layout benchmark")
    return found


def convert(
    sources: list[Path], outdir: Path, profile: str = "lo-i12-bench", batch: int = 40
) -> None:
    """PDFs of ``sources`` in ``outdir``, ``batch`` files per LibreOffice start."""
    outdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SAL_USE_VCLPLUGIN": "svp", "TZ": "Asia/Shanghai"}
    with tempfile.TemporaryDirectory(prefix=f"{profile}-") as home:
        for start in range(0, len(sources), batch):
            chunk = sources[start : start + batch]
            subprocess.run(
                [
                    soffice(),
                    f"-env:UserInstallation=file://{home}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf:writer_pdf_Export",
                    "--outdir",
                    str(outdir),
                    *map(str, chunk),
                ],
                check=True,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=120 + 20 * len(chunk),
            )
    for src in sources:
        pdf = outdir / (src.stem + ".pdf")
        if not pdf.exists():
            raise RuntimeError(f"LibreOffice did not produce {pdf.name}")
        settle(pdf)


def settle(pdf: Path) -> None:
    """Creation dates fixed and the /ID derived from the content (no qpdf needed)."""
    data = pdf.read_bytes()
    data = re.sub(rb"(/(?:CreationDate|ModDate)\s*\(D:)\d{14}", rb"\g<1>" + FIXED_DATE, data)
    data = re.sub(
        rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)[^<]*",
        rb"\g<1>2025-07-01T08:00:00+08:00",
        data,
    )
    # the checksum covers the original dates: zeroed before the /ID is derived
    data = re.sub(rb"(/DocChecksum\s*/)[0-9A-F]{32}", rb"\g<1>" + b"0" * 32, data)
    ident = re.search(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]", data)
    if ident:
        blanked = data[: ident.start()] + data[ident.end() :]
        digest = hashlib.md5(blanked, usedforsecurity=False).hexdigest().upper().encode()
        same_length = digest[: len(ident.group(1))].ljust(len(ident.group(1)), b"0")
        data = (
            data[: ident.start(1)]
            + same_length
            + data[ident.end(1) : ident.start(2)]
            + same_length
            + data[ident.end(2) :]
        )
    pdf.write_bytes(data)
