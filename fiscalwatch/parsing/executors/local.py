"""Long-lived parse workers on this machine, one process each.

Each worker is a process forked from a fork server (``multiprocessing``'s
``forkserver``; spawned where there is none) that parses one document at a time, so
engines such as OCR load once per worker. The fork server is a fresh single-threaded
interpreter (PDFium is not thread-safe, and a fork of a threaded process may inherit a
held lock) that imports the parser once: a worker forked from it starts with the parser
imported instead of importing it again (~0.2 s of CPU a worker, and a replaced worker
is ready at once). A worker runs under an address-space limit (``RLIMIT_AS``); the
parent gives every document a wall-clock allowance that grows with its pages. A worker
that crashes (a segfault inside PDFium), overruns its allowance or runs out of memory
is killed and replaced; that document is ``failed`` with the reason and the batch goes
on.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from types import TracebackType
from typing import Any

from fiscalwatch.parsing.executors import DEFAULT_TASK, Limits
from fiscalwatch.parsing.jobs import OUT_OF_MEMORY, PRELOAD, Outcome, ParseJob

STOP_GRACE_S = 5.0  # how long an idle worker gets to exit before it is killed
STARTUP_S = 120.0  # how long a new worker may take to start (imports) on a busy machine
# Jobs a worker holds: the one it parses and the next, waiting in its pipe, so that it
# goes on at once while this process stores a result (a commit waits on the disk).
QUEUED_PER_WORKER = 2


def _worker_main(conn: Connection, max_memory_mb: int, task_name: str) -> None:
    """The worker's loop: a job in, an outcome out, until told to stop."""
    _limit_memory(max_memory_mb)
    from fiscalwatch.parsing import progress
    from fiscalwatch.parsing.jobs import preload

    task = _resolve(task_name)
    preload()
    progress.listen(lambda pages, ocr_pages: conn.send(("budget", pages, ocr_pages)))
    conn.send(("ready",))  # a document's allowance starts now, not while Python starts
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            outcome = task(job)
            conn.send(("done", outcome))
        except MemoryError:  # in the task or while pickling a huge result
            outcome = Outcome(job.document_id, error=OUT_OF_MEMORY, status="failed", retire=True)
            conn.send(("done", outcome))
        if outcome.retire:
            return


def _worker_context() -> Any:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # Read when the fork server starts (once per process, at the first worker); the
    # main module first, as the default has it, then what a worker would import.
    context.set_forkserver_preload(["__main__", __name__, *PRELOAD])
    return context


def _limit_memory(max_memory_mb: int) -> None:
    if max_memory_mb <= 0:
        return
    import resource

    limit = max_memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _resolve(name: str) -> Callable[[ParseJob], Outcome]:
    module, _, attr = name.partition(":")
    task: Callable[[ParseJob], Outcome] = getattr(importlib.import_module(module), attr)
    return task


@dataclass
class _Assignment:
    job: ParseJob
    deadline: float | None  # None while it waits behind the worker's current job
    pages: int = 0
    ocr_pages: int = 0


class _Worker:
    def __init__(self, context: Any, limits: Limits, task: str) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main,
            args=(child, limits.max_memory_mb, task),
            name="fiscalwatch-parse",
            daemon=True,
        )
        self.process.start()
        child.close()
        # The job it parses first, then the one waiting in its pipe.
        self.assignments: deque[_Assignment] = deque()
        self.ready = False
        self.broken = False  # its pipe is closed: it gets no more jobs

    @property
    def assignment(self) -> _Assignment | None:
        """The job it parses now."""
        return self.assignments[0] if self.assignments else None

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(STOP_GRACE_S)
        self.conn.close()

    def tell_to_stop(self) -> None:
        with contextlib.suppress(OSError):  # already gone: nothing to tell it
            self.conn.send(None)

    def stop(self) -> None:
        self.tell_to_stop()
        self.process.join(STOP_GRACE_S)
        self.kill()

    def death(self) -> str:
        self.process.join(1.0)
        code = self.process.exitcode
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            return f"the parser process crashed on this file ({name})"
        return f"the parser process exited on this file (exit code {code})"


class LocalExecutor:
    """``[parse] executor = "local"``: ``workers`` processes, replaced when they fail.

    ``task`` names the function a worker runs (``module:function``); only tests change it.
    """

    def __init__(self, workers: int, limits: Limits, task: str = DEFAULT_TASK) -> None:
        self.size = max(1, workers)
        self.limits = limits
        self.task = task
        self.context = _worker_context()
        self._workers: list[_Worker] = []
        self._starting: threading.Thread | None = None
        self._start_error: BaseException | None = None
        self._queue: deque[ParseJob] = deque()  # the jobs of the current run not sent yet
        self.replaced = 0  # workers killed or lost and started again (for tests and logs)

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        idle = [worker for worker in self.workers if worker.assignment is None]
        for worker in self.workers:
            if worker.assignment is not None:
                worker.kill()  # interrupted mid-document: nothing of it is kept
        for worker in idle:  # all told first, so that they exit side by side
            worker.tell_to_stop()
        for worker in idle:
            worker.process.join(STOP_GRACE_S)
            worker.kill()
        self.workers.clear()

    def start(self) -> None:
        """Starts the workers now, without waiting for them, so they get ready while the
        caller gets its jobs ready (``ingest`` opening the store and storing its files)
        instead of after: a worker forked from the fork server exists only once the
        server has imported the parser, ~0.2 s the caller would otherwise wait."""
        if self._starting is None and len(self._workers) < self.size:
            self._starting = threading.Thread(
                target=self._start_workers, name="parse-workers", daemon=True
            )
            self._starting.start()

    def _start_workers(self) -> None:
        try:
            while len(self._workers) < self.size:
                self._workers.append(_Worker(self.context, self.limits, self.task))
        except BaseException as exc:  # raised in the caller's thread by ``workers``
            self._start_error = exc

    @property
    def workers(self) -> list[_Worker]:
        """The worker processes, once those :meth:`start` began are started."""
        if self._starting is not None:
            self._starting.join()
            self._starting = None
            if self._start_error is not None:
                error, self._start_error = self._start_error, None
                raise error
        return self._workers

    def run(self, jobs: Iterable[ParseJob]) -> Iterator[Outcome]:
        """Jobs are taken from ``jobs`` as they are needed, one ready per worker ahead:
        making a job may cost its caller work (``ingest`` stores the file first), which
        then overlaps the parse of the others instead of delaying the first."""
        source = iter(jobs)
        queue = self._queue = deque()
        exhausted = False
        while True:
            while not exhausted and len(queue) < self.size:
                job = next(source, None)
                if job is None:
                    exhausted = True
                    break
                queue.append(job)
                self._assign(queue)  # an idle worker starts on it at once
            if not queue and not self._busy():
                return
            self._assign(queue)
            done = list(self._collect())
            # The freed workers take their next documents before the caller stores
            # these results: storing then overlaps parsing instead of idling workers.
            self._assign(queue)
            yield from done

    def _busy(self) -> list[_Worker]:
        return [worker for worker in self.workers if worker.assignment is not None]

    def _assign(self, queue: deque[ParseJob]) -> None:
        """Every worker gets a job before any gets a second (to wait in its pipe)."""
        for worker in [w for w in self.workers if w.broken and not w.assignments]:
            self._replace(worker)  # its last document is accounted for: make room
        while queue:
            open_ = [w for w in self.workers if not w.broken]
            held = min((len(w.assignments) for w in open_), default=QUEUED_PER_WORKER)
            if held and len(self.workers) < self.size:
                worker = _Worker(self.context, self.limits, self.task)
                self.workers.append(worker)
            elif held < QUEUED_PER_WORKER:
                worker = next(w for w in open_ if len(w.assignments) == held)
            else:
                return
            job = queue.popleft()
            try:
                worker.conn.send(job)
            except OSError:  # it died: try this job again elsewhere
                queue.appendleft(job)
                if worker.assignments:
                    worker.broken = True  # _collect fails its document with the reason
                else:
                    self._replace(worker)
                continue
            first = not worker.assignments
            worker.assignments.append(_Assignment(job, self._deadline(worker) if first else None))

    def _deadline(self, worker: _Worker) -> float:
        """When the job a worker starts now must be done (a new worker first starts)."""
        return time.monotonic() + self.limits.timeout_s + (0.0 if worker.ready else STARTUP_S)

    def _collect(self) -> Iterator[Outcome]:
        busy = self._busy()
        if not busy:
            return
        soonest = min(w.assignments[0].deadline or 0.0 for w in busy)
        timeout = max(0.0, soonest - time.monotonic())
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout))
        for worker in busy:
            assignment = worker.assignment
            assert assignment is not None
            if worker.conn in ready or worker.process.sentinel in ready:
                outcome = self._read(worker, assignment)
                if outcome is not None:
                    yield outcome
                    continue
            current = worker.assignment
            if current is assignment and time.monotonic() > (assignment.deadline or 0.0):
                yield self._fail(worker, self._timeout_reason(assignment, worker.ready))

    def _read(self, worker: _Worker, assignment: _Assignment) -> Outcome | None:
        """Drains the worker's messages; an outcome when the job ended (or the worker died)."""
        try:
            while worker.conn.poll():
                kind, *payload = worker.conn.recv()
                if kind == "ready":
                    worker.ready = True
                    assignment.deadline = self._deadline(worker)
                elif kind == "budget":
                    pages, ocr_pages = payload
                    assignment.pages += pages
                    assignment.ocr_pages += ocr_pages
                    assignment.deadline = (assignment.deadline or 0.0) + self.limits.allowance(
                        pages, ocr_pages
                    )
                elif kind == "done":
                    (outcome,) = payload
                    worker.assignments.popleft()
                    if worker.assignments:  # it starts on the job waiting in its pipe
                        worker.assignments[0].deadline = self._deadline(worker)
                    if outcome.retire:
                        self._replace(worker)
                    if outcome.error == OUT_OF_MEMORY:
                        return _memory_failure(outcome.document_id, self.limits)
                    return outcome
        except (EOFError, OSError):
            return self._fail(worker, worker.death())
        if not worker.process.is_alive():
            return self._fail(worker, worker.death())
        return None

    def _fail(self, worker: _Worker, reason: str) -> Outcome:
        assert worker.assignment is not None
        document_id = worker.assignments.popleft().job.document_id
        self._replace(worker)
        return Outcome(document_id, error=reason, status="failed")

    def _timeout_reason(self, assignment: _Assignment, started: bool = True) -> str:
        if not started:
            return f"the parser process did not start within {STARTUP_S:g} s"
        allowed = self.limits.timeout_s + self.limits.allowance(
            assignment.pages, assignment.ocr_pages
        )
        what = f"{assignment.pages} pages" if assignment.pages else "the document"
        if assignment.ocr_pages:
            what += f", {assignment.ocr_pages} sent to OCR"
        return (
            f"timed out: the parse took longer than {allowed:g} s allowed for {what}"
            f" ([parse] timeout_s = {self.limits.timeout_s:g})"
        )

    def _replace(self, worker: _Worker) -> None:
        """Kills the worker and forgets it; a new one starts when a job needs it. The
        jobs waiting in its pipe, never started, go back to the front of the queue."""
        worker.kill()
        self.workers.remove(worker)
        self.replaced += 1
        waiting = [assignment.job for assignment in worker.assignments]
        worker.assignments.clear()
        self._queue.extendleft(reversed(waiting))


def _memory_failure(document_id: int, limits: Limits) -> Outcome:
    return Outcome(
        document_id,
        error=(
            "out of memory: the parse needed more than [parse] max_memory_mb = "
            f"{limits.max_memory_mb} MB"
        ),
        status="failed",
    )
