"""Parse benchmark: for the same PDFs, in one run, raw PDFium text extraction, this
parser, and pdfplumber doing everything (extract_text + extract_tables on every page).

    .venv/bin/python bench/parse.py [--repeat N] [PDF ...]

Without arguments: every PDF under fixtures/documents/ plus the two real PDFs in
../shared/real/ when they are there. Prints seconds and ratios to raw PDFium.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fiscalwatch.errors import DocumentError  # noqa: E402
from fiscalwatch.parsing.document import Hints, parse_bytes  # noqa: E402


def default_files() -> list[Path]:
    files = sorted((ROOT / "fixtures" / "documents").glob("*.pdf"))
    files += sorted((ROOT.parent / "shared" / "real").glob("*.pdf"))
    return files


def raw_pdfium(data: bytes) -> None:
    pdf = pdfium.PdfDocument(data)
    for index in range(len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    pdf.close()


def this_parser(data: bytes) -> None:
    with contextlib.suppress(DocumentError):  # bad fixtures fail fast; they still count
        parse_bytes(data, Hints(ocr=False))


def pdfplumber_everything(data: bytes) -> None:
    import io

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()


def measure(function: Callable[[bytes], None], blobs: list[bytes], repeat: int) -> float:
    """Best of ``repeat`` runs over all files (the least disturbed by other processes)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for data in blobs:
            function(data)
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--per-file", action="store_true", help="also print each file's ratio")
    args = parser.parse_args(argv)
    files = args.files or default_files()
    readable = []
    for path in files:
        data = path.read_bytes()
        try:
            pdfium.PdfDocument(data).close()
            readable.append((path, data))
        except pdfium.PdfiumError:
            continue  # encrypted or corrupt fixtures: nothing to compare
    if not readable:
        print("no PDFs to measure", file=sys.stderr)
        return 1
    blobs = [data for _, data in readable]
    pages = sum(len(pdfium.PdfDocument(data)) for data in blobs)
    this_parser(blobs[0])  # warm the imports
    raw = measure(raw_pdfium, blobs, args.repeat)
    ours = measure(this_parser, blobs, args.repeat)
    plumber = measure(pdfplumber_everything, blobs, 1)
    print(f"{len(blobs)} PDFs, {pages} pages")
    print(f"raw pypdfium2 text      {raw:8.3f} s   1.0x")
    print(f"fiscalwatch parser      {ours:8.3f} s  {ours / raw:5.1f}x")
    print(f"pdfplumber everything   {plumber:8.3f} s  {plumber / raw:5.1f}x")
    if args.per_file:
        for path, data in readable:
            r = measure(raw_pdfium, [data], args.repeat)
            o = measure(this_parser, [data], args.repeat)
            print(
                f"  {path.name[:40]:40s} raw {r * 1000:7.1f} ms"
                f"  parser {o * 1000:7.1f} ms  {o / r:5.1f}x"
            )
    ratios = [measure(this_parser, [d], 1) / measure(raw_pdfium, [d], 1) for d in blobs]
    print(f"median per-file ratio   {statistics.median(ratios):5.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
