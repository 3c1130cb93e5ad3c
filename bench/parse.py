"""Parse benchmark: for the same PDFs, in one run, side by side —

* **end to end**: ``fiscalwatch ingest`` of all the files in one CLI call (a fresh
  store; start-up, storing and the worker processes' start-up included), against raw
  pypdfium2 text extraction of the same files, in this process and as a process of its
  own (its start-up included);
* **in process**: raw PDFium text, this parser (``parse_bytes``), and pdfplumber doing
  everything (``extract_text`` + ``extract_tables`` on every page);
* how many pages still needed pdfplumber (pdfminer's parse), and why.

    .venv/bin/python bench/parse.py [--repeat N] [--baseline DIR] [--real] [PDF ...]

Without arguments: the committed text fixture PDFs (``fixtures/**/*.pdf`` but the scan
and the bad files). ``--real`` adds ../shared/real/**/*.pdf when it is there.
``--baseline DIR`` also runs ``ingest`` with the fiscalwatch of another checkout (e.g.
a ``git worktree`` of main), interleaved with this one, for a before/after in one run.
Times are the best of ``--repeat`` runs (the least disturbed by other processes on a
shared machine); CPU seconds (user + system, the workers included) are printed beside
wall seconds because they depend much less on the machine's load. The parser memoises
some per-line and per-cell work (labels recur across documents); each in-process run
starts with those caches empty, as a new worker does, so a repeat is not flattered by
the one before.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fiscalwatch.errors import DocumentError  # noqa: E402
from fiscalwatch.parsing.document import Hints, parse_bytes  # noqa: E402
from fiscalwatch.parsing.readers import pdf as pdf_reader  # noqa: E402

PR_SET_CHILD_SUBREAPER = 36  # prctl option, <linux/prctl.h>

# Raw extraction as a process of its own: what a script doing only that would cost.
RAW_CHILD = """
import sys
import pypdfium2 as pdfium
for name in sys.argv[1:]:
    with open(name, "rb") as f:
        pdf = pdfium.PdfDocument(f.read())
    for index in range(len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    pdf.close()
"""


def default_files(real: bool = False) -> list[Path]:
    files = [
        path
        for path in sorted((ROOT / "fixtures").rglob("*.pdf"))
        if not path.name.startswith(("bad_", "scan_"))
    ]
    if real:
        files += sorted((ROOT.parent / "shared" / "real").rglob("*.pdf"))
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
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()


def forget_memos() -> None:
    """Empties the parser's memo caches (``functools.lru_cache`` of fiscalwatch modules;
    the one-entry ones hold tables built once per process, as a worker keeps them)."""
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] != "fiscalwatch":
            continue
        for value in list(vars(module).values()):
            parameters = getattr(value, "cache_parameters", None)
            if callable(parameters) and parameters().get("maxsize") not in (None, 1):
                value.cache_clear()


def measure(function: Callable[[bytes], None], blobs: list[bytes], repeat: int) -> float:
    """Best of ``repeat`` runs over all files (the least disturbed by other processes)."""
    times = []
    for _ in range(repeat):
        forget_memos()
        start = time.perf_counter()
        for data in blobs:
            function(data)
        times.append(time.perf_counter() - start)
    return min(times)


@dataclass
class Run:
    wall: float
    cpu: float  # user + system of the process and every child it waited for


def adopt_orphans() -> None:
    """Makes this process the reaper of its descendants' orphans (Linux), so that the
    parse workers' CPU is counted: they are children of ``multiprocessing``'s fork
    server, which outlives the CLI call by a moment and is waited for by nobody."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def reap_orphans() -> None:
    """Waits for every adopted orphan: their CPU (and their own children's, which
    they waited for) then counts in ``RUSAGE_CHILDREN``."""
    with contextlib.suppress(ChildProcessError):
        while True:
            os.waitpid(-1, 0)


def run_process(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    reap_orphans()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-5:]
        raise SystemExit(f"{command[:4]} failed ({done.returncode}):\n" + "\n".join(tail))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(wall, cpu)


def ingest(files: list[Path], code: Path | None) -> Run:
    """One ``fiscalwatch ingest`` of every file into a fresh store. ``code``: run the
    fiscalwatch of that checkout (put first on the path) instead of this one."""
    env = dict(os.environ)
    if code is not None:
        env["PYTHONPATH"] = str(code.resolve())
    with tempfile.TemporaryDirectory(prefix="fw-bench-parse-") as tmp:
        workdir = Path(tmp)
        (workdir / "config.toml").write_text(
            '[storage]\ndatabase = "fw.db"\nfiles = "files"\n', encoding="utf-8"
        )
        command = [sys.executable, "-m", "fiscalwatch", "ingest", *map(str, files)]
        return run_process(command, workdir, env)


def best(runs: list[Run]) -> Run:
    return Run(min(r.wall for r in runs), min(r.cpu for r in runs))


def pdfplumber_pages(blobs: list[bytes]) -> tuple[int, int]:
    """(pages pdfplumber parsed, documents with any) over one in-process parse."""
    seen: list[set[int]] = []
    close = pdf_reader.PdfSource.close

    def recording_close(source: pdf_reader.PdfSource) -> None:
        seen.append(set(source.pdfplumber_pages))
        close(source)

    pdf_reader.PdfSource.close = recording_close  # type: ignore[method-assign, assignment]
    try:
        for data in blobs:
            this_parser(data)
    finally:
        pdf_reader.PdfSource.close = close  # type: ignore[method-assign]
    return sum(map(len, seen)), sum(1 for pages in seen if pages)


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--real", action="store_true", help="add ../shared/real PDFs")
    parser.add_argument("--baseline", type=Path, help="another checkout's fiscalwatch, too")
    parser.add_argument("--per-file", action="store_true", help="also print each file's ratio")
    parser.add_argument("--no-plumber", action="store_true", help="skip pdfplumber everything")
    args = parser.parse_args(argv)
    adopt_orphans()
    files = [path.resolve() for path in (args.files or default_files(args.real))]
    readable = []
    for path in files:
        data = path.read_bytes()
        try:
            pdfium.PdfDocument(data).close()
            readable.append((path, data))
        except pdfium.PdfiumError:
            continue  # encrypted or corrupt: nothing to compare
    if not readable:
        print("no PDFs to measure", file=sys.stderr)
        return 1
    paths = [path for path, _ in readable]
    blobs = [data for _, data in readable]
    pages = sum(len(pdfium.PdfDocument(data)) for data in blobs)
    print(f"{len(blobs)} PDFs, {pages} pages; load average before: {load()}")

    # End to end, interleaved so that each sees the same load.
    ours: list[Run] = []
    theirs: list[Run] = []
    raw_runs: list[Run] = []
    for _ in range(args.repeat):
        raw_runs.append(run_process([sys.executable, "-c", RAW_CHILD, *map(str, paths)], ROOT))
        ours.append(ingest(paths, None))
        if args.baseline:
            theirs.append(ingest(paths, args.baseline))
    raw_e2e, ingest_now = best(raw_runs), best(ours)

    this_parser(blobs[0])  # warm the imports
    raw = measure(raw_pdfium, blobs, args.repeat)
    parsed = measure(this_parser, blobs, args.repeat)

    print("\nend to end (one CLI call, start-up included)  wall s   ×raw    CPU s  ×raw CPU")
    print(f"  raw pypdfium2 text, in process          {raw:8.3f}   1.0x")
    print(
        f"  raw pypdfium2 text, own process         {raw_e2e.wall:8.3f} {raw_e2e.wall / raw:5.1f}x"
        f" {raw_e2e.cpu:8.3f}   1.0x"
    )
    rows = [("fiscalwatch ingest (this checkout)", ingest_now)]
    if theirs:
        rows.append((f"fiscalwatch ingest ({args.baseline})", best(theirs)))
    for name, result in rows:
        print(
            f"  {name[:38]:38s}  {result.wall:8.3f} {result.wall / raw:5.1f}x"
            f" {result.cpu:8.3f} {result.cpu / raw_e2e.cpu:5.1f}x"
        )

    print("\nin process")
    print(f"  raw pypdfium2 text      {raw:8.3f} s   1.0x")
    print(f"  fiscalwatch parser      {parsed:8.3f} s  {parsed / raw:5.1f}x")
    if not args.no_plumber:
        plumber = measure(pdfplumber_everything, blobs, 1)
        print(f"  pdfplumber everything   {plumber:8.3f} s  {plumber / raw:5.1f}x")
    ratios = [measure(this_parser, [d], 1) / measure(raw_pdfium, [d], 1) for d in blobs]
    print(f"  median per-file ratio   {statistics.median(ratios):5.1f}x")
    if args.per_file:
        for path, data in readable:
            r = measure(raw_pdfium, [data], args.repeat)
            o = measure(this_parser, [data], args.repeat)
            print(
                f"    {path.name[:40]:40s} raw {r * 1000:7.1f} ms"
                f"  parser {o * 1000:7.1f} ms  {o / r:5.1f}x"
            )
    plumbed, documents = pdfplumber_pages(blobs)
    print(
        f"\npages read by pdfplumber (doubled glyphs, compound-path rulings): {plumbed} of "
        f"{pages}, in {documents} document(s)"
    )
    print(f"load average after: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
