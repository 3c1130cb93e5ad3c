"""The parse stage: every pending document parsed in a process pool (PDFium is not
thread-safe, and parsing is CPU-bound), results written by the main process, each
document in its own transaction, so a failure or a crash leaves nothing half-written."""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fiscalwatch.errors import DocumentError
from fiscalwatch.models import ParsedDocument
from fiscalwatch.parsing.document import Hints, parse_bytes

# 1.1: self-evaluation grids handed on as key "other"; 1.2: tables by content and
# position, table status, figure cells, template families (stored parses re-parsed).
PARSER_VERSION = "1.2"
SMALL_BATCH = 2  # fewer documents than this are parsed in-process: no pool start-up


@dataclass
class ParseSummary:
    parsed: int = 0
    failed: int = 0
    unreadable: int = 0
    results: dict[int, str] = field(default_factory=dict)  # document id -> status

    def count(self, document_id: int, status: str) -> None:
        self.results[document_id] = status
        if status == "parsed":
            self.parsed += 1
        elif status == "unreadable":
            self.unreadable += 1
        else:
            self.failed += 1

    def as_dict(self) -> dict[str, int]:
        data = asdict(self)
        data.pop("results")
        return data


@dataclass(frozen=True)
class Outcome:
    """What a worker sends back: the parse, or the error and the status it gives."""

    document_id: int
    parsed: ParsedDocument | None = None
    error: str | None = None
    status: str = "parsed"


def parse_file(path: str | Path, hints: dict[str, Any] | None = None) -> ParsedDocument:
    """Parses one file. Top-level so a spawned worker can import it. Without a
    ``filename`` hint the file's own name is the one it goes by (a local "x.pdf" holding
    an HTML page fails as it does through ``ingest``)."""
    hints = dict(hints or {})
    if not hints.get("filename"):
        hints["filename"] = Path(path).name
    data = Path(path).read_bytes()
    return parse_bytes(data, Hints.from_dict(hints))


def _work(document_id: int, path: str, hints: dict[str, Any]) -> Outcome:
    try:
        return Outcome(document_id, parsed=parse_file(path, hints))
    except DocumentError as exc:
        return Outcome(document_id, error=str(exc), status=exc.status)
    except OSError as exc:
        return Outcome(document_id, error=f"cannot read the stored file: {exc}", status="failed")
    except Exception as exc:  # a parser bug must not stop the batch; the row says what
        return Outcome(
            document_id, error=f"parser error: {type(exc).__name__}: {exc}", status="failed"
        )


def hints_for(document: dict[str, Any], config: Any) -> dict[str, Any]:
    # The address's last path segment, without the query ("Download.ashx?id=3").
    address = urlsplit(str(document.get("url") or "")).path
    filename = document.get("filename") or address.rsplit("/", 1)[-1]
    return {
        "department": document.get("department"),
        "fiscal_year": document.get("fiscal_year"),
        "doc_type": document.get("doc_type"),
        "title": document.get("title"),
        "filename": filename or None,
        "content_type": document.get("content_type"),
        "max_pages": config.parse.max_pages,
        "ocr": config.parse.ocr,
    }


def parse_pending(store: Any, config: Any, progress: bool = True) -> ParseSummary:
    """Parses every document whose status is ``pending``."""
    return parse_documents(store, config, store.pending_documents(), progress=progress)


def parse_documents(
    store: Any, config: Any, documents: list[dict[str, Any]], progress: bool = True
) -> ParseSummary:
    summary = ParseSummary()
    jobs = [(d["id"], str(store.document_file(d)), hints_for(d, config)) for d in documents]
    if not jobs:
        return summary
    with _Progress(len(jobs), enabled=progress) as bar:
        for outcome in _run(jobs, _workers(config, len(jobs))):
            _save(store, outcome)
            summary.count(outcome.document_id, outcome.status)
            bar.advance()
    return summary


def _save(store: Any, outcome: Outcome) -> None:
    if outcome.parsed is not None:
        store.save_parse(outcome.document_id, outcome.parsed, PARSER_VERSION)
    else:
        store.mark_failed(outcome.document_id, outcome.error or "unknown error", outcome.status)


def _workers(config: Any, jobs: int) -> int:
    wanted = config.parse.workers or os.cpu_count() or 1
    return max(1, min(wanted, jobs))


def _run(jobs: list[tuple[int, str, dict[str, Any]]], workers: int) -> Iterator[Outcome]:
    if len(jobs) <= SMALL_BATCH:
        for job in jobs:
            yield _work(*job)
        return
    context = multiprocessing.get_context("spawn")  # no inherited locks, same on every OS
    pending = list(jobs)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures: dict[Future[Outcome], tuple[int, str, dict[str, Any]]] = {
            pool.submit(_work, *job): job for job in pending
        }
        crashed: list[tuple[int, str, dict[str, Any]]] = []
        for future in as_completed(futures):
            try:
                yield future.result()
            except BrokenProcessPool:
                crashed.append(futures[future])
    # A worker died (a crash inside PDFium): retry those alone, so only the culprit fails.
    for job in crashed:
        yield _isolated(job, context)


def _isolated(job: tuple[int, str, dict[str, Any]], context: Any) -> Outcome:
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        try:
            return pool.submit(_work, *job).result()
        except BrokenProcessPool:
            return Outcome(job[0], error="the parser process crashed on this file", status="failed")


class _Progress:
    """A Rich progress bar on a terminal; silent otherwise (cron, tests, pipes)."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled and sys.stderr.isatty()
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

            self._progress = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("parsing", total=self.total)
        return self

    def advance(self) -> None:
        if self._progress is not None:
            self._progress.advance(self._task)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
