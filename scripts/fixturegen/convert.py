"""LibreOffice conversion and the byte-level tools for the bad-file fixtures."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

FIXED_PDF_DATE = b"20250630090000"


class ToolMissing(RuntimeError):
    def __init__(self, tool: str) -> None:
        super().__init__(f"{tool} is not installed (see docs/fixtures.md)")


def need(tool: str) -> str:
    found = shutil.which(tool)
    if not found:
        raise ToolMissing(tool)
    return found


def docx_to_pdf(sources: list[Path], outdir: Path) -> list[Path]:
    """Convert DOCX files in one LibreOffice run (private profile: parallel runs don't collide)."""
    soffice = need("soffice")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        env = {**os.environ, "SAL_USE_VCLPLUGIN": "svp", "TZ": "Asia/Shanghai"}
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf:writer_pdf_Export",
                "--outdir",
                str(outdir),
                *map(str, sources),
            ],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=600,
        )
    produced = [outdir / (src.stem + ".pdf") for src in sources]
    for pdf in produced:
        if not pdf.exists():
            raise RuntimeError(f"LibreOffice did not produce {pdf.name}")
        make_deterministic(pdf)
    return produced


def make_deterministic(pdf: Path) -> None:
    """Fix the creation dates and let qpdf derive the /ID from the content."""
    data = pdf.read_bytes()
    data = re.sub(rb"(/(?:CreationDate|ModDate)\s*\(D:)\d{14}", rb"\g<1>" + FIXED_PDF_DATE, data)
    data = re.sub(
        rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)[^<]*",
        rb"\g<1>2025-06-30T09:00:00+08:00",
        data,
    )
    data = re.sub(rb"/ID\s*\[\s*<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>\s*\]", _zero_id, data)
    data = re.sub(rb"(/DocChecksum\s*/)[0-9A-F]{32}", rb"\g<1>" + b"0" * 32, data)
    pdf.write_bytes(data)
    qpdf = shutil.which("qpdf")
    if qpdf:
        tmp = pdf.with_suffix(".tmp.pdf")
        subprocess.run([qpdf, "--deterministic-id", str(pdf), str(tmp)], check=True)
        tmp.replace(pdf)


def _zero_id(match: re.Match[bytes]) -> bytes:
    return re.sub(rb"[0-9A-Fa-f]", b"0", match.group(0).replace(b"/ID", b"/@@")).replace(
        b"/@@", b"/ID"
    )


def rasterise(pdf: Path, pages: tuple[int, int], out: Path, dpi: int = 150) -> Path:
    """Pages ``first..last`` of ``pdf`` as images wrapped into a PDF with no text layer."""
    pdftoppm = need("pdftoppm")
    img2pdf = need("img2pdf")
    with tempfile.TemporaryDirectory(prefix="fw-scan-") as tmp:
        prefix = Path(tmp) / "page"
        subprocess.run(
            [
                pdftoppm,
                "-r",
                str(dpi),
                "-gray",
                "-jpeg",
                "-jpegopt",
                "quality=40",
                "-f",
                str(pages[0]),
                "-l",
                str(pages[1]),
                str(pdf),
                str(prefix),
            ],
            check=True,
        )
        images = sorted(Path(tmp).glob("page*.jpg"))
        subprocess.run([img2pdf, "--nodate", "-o", str(out), *map(str, images)], check=True)
    make_deterministic(out)
    return out


def encrypt(pdf: Path, out: Path, user_password: str = "fw-secret") -> Path:
    qpdf = need("qpdf")
    subprocess.run(
        [
            qpdf,
            "--static-id",  # qpdf's testing flags: the same bytes on every rebuild
            "--static-aes-iv",
            "--encrypt",
            user_password,
            user_password + "-owner",
            "128",  # AES-128 (R4): the key derives from password and /ID, so it is stable
            "--use-aes=y",
            "--",
            str(pdf),
            str(out),
        ],
        check=True,
    )
    return out
