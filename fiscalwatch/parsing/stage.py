"""The parse stage: every pending document parsed by an executor (worker processes by
default; never this process, so a crash, a hang or a memory blow-up inside a reader
costs one document, not the cycle), results written by this process, each document in
its own transaction, so a failure leaves nothing half-written."""

from __future__ import annotations

import sys
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

from fiscalwatch.parsing.executors import ParseExecutor, make_executor
from fiscalwatch.parsing.jobs import Outcome, ParseJob, parse_file
from fiscalwatch.parsing.parts import combine_parts

__all__ = ["PARSER_VERSION", "ParseSummary", "parse_documents", "parse_file", "parse_pending"]

# 1.1: self-evaluation grids handed on as key "other"; 1.2: tables by content and
# position, table status, figure cells, template families (stored parses re-parsed).
PARSER_VERSION = "1.2"


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
        "max_ocr_pages": config.parse.max_ocr_pages,
        "ocr": config.parse.ocr,
    }


def parse_pending(store: Any, config: Any, progress: bool = True) -> ParseSummary:
    """Parses every document whose status is ``pending``."""
    return parse_documents(store, config, store.pending_documents(), progress=progress)


def parse_documents(
    store: Any,
    config: Any,
    documents: Iterable[dict[str, Any]],
    progress: bool = True,
    executor: ParseExecutor | None = None,
    total: int | None = None,
) -> ParseSummary:
    """Parses ``documents`` with ``executor`` (default: the one ``[parse] executor``
    names) and stores each result as it arrives. ``documents`` may be produced lazily
    (``total``: how many, for the progress bar): an executor takes the next one when a
    worker is about to need it, so making it (``ingest`` storing the file) overlaps the
    parse of the others."""
    summary = ParseSummary()
    if isinstance(documents, Collection):
        if not documents:
            return summary
        total = len(documents)
    total = total or 0
    jobs = (ParseJob(d["id"], str(store.document_file(d)), hints_for(d, config)) for d in documents)
    with (
        executor or make_executor(config, total) as running,
        _Progress(total, enabled=progress) as bar,
    ):
        for outcome in running.run(jobs):
            _save(store, outcome)
            summary.count(outcome.document_id, outcome.status)
            bar.advance()
    combine_parts(store.db)  # a disclosure in several parts is judged as one
    return summary


def _save(store: Any, outcome: Outcome) -> None:
    if outcome.parsed is not None:
        store.save_parse(outcome.document_id, outcome.parsed, PARSER_VERSION)
    else:
        store.mark_failed(outcome.document_id, outcome.error or "unknown error", outcome.status)


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
