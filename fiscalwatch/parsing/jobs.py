"""One document's parse as a job a worker runs, and the outcome it sends back.

``work`` is the task every executor runs: it never raises for a bad document (the
outcome carries the status and reason), so one file cannot stop a batch. The parser
itself is imported by the workers, not by the coordinator that only hands out jobs and
stores outcomes (``preload`` is what a worker imports while it starts).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fiscalwatch.errors import DocumentError
from fiscalwatch.models import ParsedDocument


@dataclass(frozen=True)
class ParseJob:
    """A document to parse: the stored file at ``path``, or ``data`` when the bytes
    travel with the job (to a worker on another host, which cannot read ``path``)."""

    document_id: int
    path: str
    hints: dict[str, Any] = field(default_factory=dict)
    data: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Outcome:
    """What a worker sends back: the parse, or the error and the status it gives.
    ``retire`` asks the executor to replace the worker (after running out of memory a
    process is best not trusted with the next document)."""

    document_id: int
    parsed: ParsedDocument | None = None
    error: str | None = None
    status: str = "parsed"
    retire: bool = False


def parse_file(
    path: str | Path, hints: dict[str, Any] | None = None, data: bytes | None = None
) -> ParsedDocument:
    """Parses one file (``data``: its bytes, already read). Without a ``filename`` hint
    the file's own name is the one it goes by (a local "x.pdf" holding an HTML page
    fails as it does through ``ingest``)."""
    from fiscalwatch.parsing.document import Hints, parse_bytes

    hints = dict(hints or {})
    if not hints.get("filename"):
        hints["filename"] = Path(path).name
    if data is None:
        data = Path(path).read_bytes()
    return parse_bytes(data, Hints.from_dict(hints))


# The parser and the PDF reader: what a worker imports before it says it is ready.
PRELOAD = ("fiscalwatch.parsing.document", "fiscalwatch.parsing.readers.pdf")


def preload() -> None:
    """Imports the parser and the PDF reader (a second or more on a busy machine), so
    a new worker does it before it says it is ready rather than on its first document.
    The OCR engine is not loaded here: most documents never need it, and it loads once
    per worker on the first scanned page (``ocr.engine`` is cached per process)."""
    for module in PRELOAD:
        importlib.import_module(module)


def work(job: ParseJob) -> Outcome:
    document_id = job.document_id
    try:
        return Outcome(document_id, parsed=parse_file(job.path, job.hints, job.data))
    except DocumentError as exc:
        return Outcome(document_id, error=str(exc), status=exc.status)
    except OSError as exc:
        # The reason, not the path: the error becomes a finding, and findings are published.
        reason = exc.strerror or type(exc).__name__
        return Outcome(document_id, error=f"cannot read the stored file: {reason}", status="failed")
    except MemoryError:
        return Outcome(document_id, error=OUT_OF_MEMORY, status="failed", retire=True)
    except Exception as exc:  # a parser bug must not stop the batch; the row says what
        if "bad_alloc" in str(exc):  # C++ code (onnxruntime) out of memory, as MemoryError
            return Outcome(document_id, error=OUT_OF_MEMORY, status="failed", retire=True)
        return Outcome(
            document_id, error=f"parser error: {type(exc).__name__}: {exc}", status="failed"
        )


OUT_OF_MEMORY = "out of memory: the parse needed more than the worker's memory limit"
