"""``[parse] executor = "dask://scheduler:8786"``: documents fanned out to a Dask
distributed cluster, for parsing (OCR above all) on more machines than this one.

Workers only compute. The coordinator (this process) reads each original from its own
file store and sends the bytes with the job, since the workers on other hosts cannot
read its paths, and it stays the single writer of SQLite: outcomes come back and the
caller stores them, as with the local executor.

Inside a Dask worker a task does not parse in the worker's own process: it hands the
job to a :class:`~fiscalwatch.parsing.executors.local.LocalExecutor` of one process,
long-lived and kept per worker thread. So a document that crashes PDFium, hangs or
blows its memory costs that document (``failed``, with the same reasons as locally)
and never the Dask worker, and the OCR engine loads once per such process, not per
page or document. A worker plugin starts those processes when the worker joins, so
they have imported the parser before the first document arrives.

The coordinator keeps at most two jobs per worker thread in flight and submits the
next as a result comes back, so neither it nor the scheduler holds a burst's backlog.
"""

from __future__ import annotations

import queue
import threading
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from fiscalwatch.errors import FiscalwatchError
from fiscalwatch.parsing.executors import DEFAULT_TASK, Limits
from fiscalwatch.parsing.jobs import Outcome, ParseJob

CONNECT_TIMEOUT_S = 30.0
IN_FLIGHT_PER_THREAD = 2
PLUGIN_NAME = "fiscalwatch-parse"


class ClusterUnavailable(FiscalwatchError):
    """The scheduler cannot be reached, or the connection was lost mid-batch. The
    documents not parsed yet stay pending for the next cycle."""


def scheduler_address(value: str) -> str:
    """``dask://host:8786`` -> ``tcp://host:8786`` (Dask's own address form)."""
    scheme, _, rest = value.partition("://")
    if scheme != "dask" or not rest:
        raise ValueError(f"not a dask:// address: {value!r}")
    return rest if "://" in rest else f"tcp://{rest}"


class DaskExecutor:
    """Runs parse jobs on the Dask cluster whose scheduler is at ``address``.

    ``task`` names the function the worker-side process runs (``module:function``);
    only tests change it. ``client``: an open ``distributed.Client`` to use instead of
    connecting (it is then not closed here).
    """

    def __init__(
        self,
        address: str,
        limits: Limits,
        task: str = DEFAULT_TASK,
        client: Any = None,
        connect_timeout_s: float = CONNECT_TIMEOUT_S,
    ) -> None:
        self.address = address
        self.limits = limits
        self.task = task
        self.connect_timeout_s = connect_timeout_s
        self._client = client
        self._own_client = client is None
        self._started = False

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None and self._own_client:
            self._client.close()
            self._client = None

    def start(self) -> None:
        """Connects to the scheduler and has every worker start its parse processes."""
        if self._started:
            return
        if self._client is None:
            from distributed import Client

            try:
                self._client = Client(
                    self.address, timeout=self.connect_timeout_s, set_as_default=False
                )
            except (OSError, TimeoutError) as exc:
                raise ClusterUnavailable(
                    f"parse.executor: cannot reach the Dask scheduler at {self.address}: {exc}"
                ) from exc
        self._client.register_plugin(WarmParseProcesses(self.limits, self.task), name=PLUGIN_NAME)
        self._started = True

    def run(self, jobs: Iterable[ParseJob]) -> Iterator[Outcome]:
        from distributed import as_completed

        self.start()
        client = self._client
        waiting = deque(jobs)
        threads = sum(client.nthreads().values()) or 1
        in_flight: dict[Any, int] = {}  # future -> document id
        completed = as_completed(loop=client.loop)
        batch = uuid.uuid4().hex[:8]

        def submit() -> None:
            while waiting and len(in_flight) < threads * IN_FLIGHT_PER_THREAD:
                job = waiting.popleft()
                try:
                    data = job.data if job.data is not None else Path(job.path).read_bytes()
                except OSError as exc:
                    failures.append(_unreadable(job, exc))
                    continue
                remote = ParseJob(job.document_id, Path(job.path).name, job.hints, data)
                future = client.submit(
                    parse_remotely,
                    remote,
                    self.limits,
                    self.task,
                    key=f"fiscalwatch-parse-{batch}-{job.document_id}",
                    pure=False,
                )
                in_flight[future] = job.document_id
                completed.add(future)

        failures: list[Outcome] = []
        submit()
        while failures or in_flight:
            yield from _drain(failures)
            if not in_flight:
                break
            future = next(completed)
            document_id = in_flight.pop(future)
            outcome = self._outcome(future, document_id)
            submit()  # the next document is on its way before this one is stored
            yield outcome
            yield from _drain(failures)

    def _outcome(self, future: Any, document_id: int) -> Outcome:
        from distributed import KilledWorker

        try:
            outcome: Outcome = future.result()
            return outcome
        except KilledWorker:
            # The worker processes themselves died on it (the nested process should
            # have caught a parser crash): the document, not the cluster, is at fault.
            return Outcome(
                document_id,
                error="the Dask workers died on this file repeatedly",
                status="failed",
            )
        except Exception as exc:  # lost connection, scheduler gone: not the document's fault
            raise ClusterUnavailable(
                f"parse.executor: the Dask cluster at {self.address} failed mid-batch: "
                f"{type(exc).__name__}: {exc}"
            ) from exc


def _drain(failures: list[Outcome]) -> Iterator[Outcome]:
    while failures:
        yield failures.pop(0)


def _unreadable(job: ParseJob, exc: OSError) -> Outcome:
    # As the local worker says it: the reason, never the coordinator's path.
    reason = exc.strerror or type(exc).__name__
    return Outcome(job.document_id, error=f"cannot read the stored file: {reason}", status="failed")


# -- on the Dask worker ------------------------------------------------------------------

_idle: queue.SimpleQueue[Any] = queue.SimpleQueue()  # LocalExecutors not in use
_all: list[Any] = []
_lock = threading.Lock()


def parse_remotely(job: ParseJob, limits: Limits, task: str = DEFAULT_TASK) -> Outcome:
    """The Dask task: one document parsed by a local worker process of this Dask
    worker (one per worker thread, reused from task to task)."""
    executor = _borrow(limits, task)
    try:
        return next(iter(executor.run([job])))
    finally:
        _idle.put(executor)


def _borrow(limits: Limits, task: str) -> Any:
    from fiscalwatch.parsing.executors.local import LocalExecutor

    _allow_children()
    try:
        executor = _idle.get_nowait()
    except queue.Empty:
        executor = None
    if executor is not None and (executor.limits != limits or executor.task != task):
        executor.close()
        with _lock:
            _all.remove(executor)
        executor = None
    if executor is None:
        executor = LocalExecutor(workers=1, limits=limits, task=task)
        with _lock:
            _all.append(executor)
    return executor


def _allow_children() -> None:
    """A worker started by a Nanny is a daemonic process (``distributed.worker.daemon``),
    and multiprocessing refuses children to those. The parse processes are daemonic
    children of the worker, stopped with it, so nothing is left behind when it goes."""
    import multiprocessing

    process = multiprocessing.current_process()
    if process.daemon:
        process.daemon = False


def _plugin_base() -> type:
    try:
        from distributed import WorkerPlugin
    except ImportError:  # the coordinator without the extra: the factory says so first
        return object
    return WorkerPlugin


class WarmParseProcesses(_plugin_base()):  # type: ignore[misc]
    """Starts one parse process per worker thread when a worker joins (they import
    the parser while nothing waits on them); they live as long as the worker."""

    def __init__(self, limits: Limits, task: str = DEFAULT_TASK) -> None:
        self.limits = limits
        self.task = task

    def setup(self, worker: Any) -> None:
        _allow_children()
        from fiscalwatch.parsing.executors.local import LocalExecutor

        with _lock:
            missing = worker.state.nthreads - len(_all)
        for _ in range(max(0, missing)):
            executor = LocalExecutor(workers=1, limits=self.limits, task=self.task)
            executor.start()
            with _lock:
                _all.append(executor)
            _idle.put(executor)

    def teardown(self, worker: Any) -> None:
        # Not when the plugin is registered again (every cycle's coordinator does):
        # the parse processes, their imports and OCR engines, are kept for the next
        # documents (those with other limits are replaced as they are borrowed). When
        # the worker itself exits, its daemonic parse processes go with it.
        return
