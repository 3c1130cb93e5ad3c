"""The parse stage: every pending document parsed by an executor (worker processes by
default; never this process, so a crash, a hang or a memory blow-up inside a reader
costs one document, not the cycle), results written by this process, each document
all or nothing (grouped several to a commit), so a failure leaves nothing half-written."""

from __future__ import annotations

import sys
import time
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

from fiscalwatch.parsing.executors import ParseExecutor, make_executor
from fiscalwatch.parsing.jobs import Outcome, ParseJob, parse_file
from fiscalwatch.parsing.parts import combine_parts
from fiscalwatch.store import transaction

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
    """Parses every document whose status is ``pending``, read a few hundred at a time
    as the workers take them."""
    total = store.count_pending()
    if not total:
        return ParseSummary()
    pending = store.iter_pending_documents()
    return parse_documents(store, config, pending, progress=progress, total=total)


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
        group = _SaveGroup(store)
        try:
            for outcome in running.run(jobs):
                group.add(outcome)
                summary.count(outcome.document_id, outcome.status)
                bar.advance()
        finally:  # a stopped or failing run keeps the results it already has
            group.save()
    combine_parts(store.db)  # a disclosure in several parts is judged as one
    return summary


# A commit waits for the disk (the WAL's fsync); one per document was most of the parse
# stage's time on cheap HTML disclosures (a few ms of parsing each). Results are saved
# in groups, one commit each, every document still all or nothing (a savepoint).
SAVE_GROUP_DOCUMENTS = 50
SAVE_GROUP_PAGES = 2000  # bounds the memory a group of long documents holds
SAVE_GROUP_SECONDS = 1.0  # and how long a result waits when they come slowly (OCR)


class _SaveGroup:
    def __init__(self, store: Any) -> None:
        self.store = store
        self.outcomes: list[Outcome] = []
        self.pages = 0
        self.since = 0.0

    def add(self, outcome: Outcome) -> None:
        if not self.outcomes:
            self.since = time.monotonic()
        self.outcomes.append(outcome)
        self.pages += len(outcome.parsed.pages) if outcome.parsed is not None else 0
        if (
            len(self.outcomes) >= SAVE_GROUP_DOCUMENTS
            or self.pages >= SAVE_GROUP_PAGES
            or time.monotonic() - self.since >= SAVE_GROUP_SECONDS
        ):
            self.save()

    def save(self) -> None:
        """Saves the group in one transaction; a result that cannot be saved is undone
        alone and raised once the others are committed."""
        outcomes, self.outcomes, self.pages = self.outcomes, [], 0
        if not outcomes:
            return
        failure: BaseException | None = None
        with transaction(self.store.db):
            for outcome in outcomes:
                try:
                    with transaction(self.store.db):  # a savepoint: this document alone
                        _save(self.store, outcome)
                except Exception as exc:  # raised below, after the commit
                    failure = failure or exc
        if failure is not None:
            raise failure


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
