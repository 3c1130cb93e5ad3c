"""Where documents are parsed: never in the calling process.

An executor takes :class:`~fiscalwatch.parsing.jobs.ParseJob`s and yields one
:class:`~fiscalwatch.parsing.jobs.Outcome` per job, in any order. It only computes; the
caller stays the single writer of the store. ``[parse] executor`` picks one by the
scheme of its value: ``local`` (worker processes on this machine) is built in; another
executor registers its scheme in :data:`EXECUTORS` (e.g. ``dask`` for
``dask://scheduler:8786``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Protocol

from fiscalwatch.errors import ConfigError
from fiscalwatch.parsing.jobs import Outcome, ParseJob

DEFAULT_TASK = "fiscalwatch.parsing.jobs:work"


@dataclass(frozen=True)
class Limits:
    """What one document may cost. The time allowance grows with what the document
    turns out to be: ``timeout_s`` for any document, plus ``page_s`` per page and
    ``ocr_page_s`` per page sent to OCR (a worker announces both as it learns them)."""

    max_memory_mb: int = 2048
    timeout_s: float = 60.0
    page_s: float = 1.0
    ocr_page_s: float = 30.0

    def allowance(self, pages: int, ocr_pages: int) -> float:
        return pages * self.page_s + ocr_pages * self.ocr_page_s


class ParseExecutor(Protocol):
    """Runs parse jobs away from the caller's process."""

    def start(self) -> None:
        """Begins starting up (processes, a connection) before the jobs are known;
        ``run`` starts whatever is not started yet."""
        ...

    def run(self, jobs: Iterable[ParseJob]) -> Iterator[Outcome]:
        """One outcome per job, as they finish. A job whose worker crashed, timed out
        or ran out of memory yields a ``failed`` outcome saying so; the others go on."""
        ...

    def __enter__(self) -> ParseExecutor: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


Factory = Callable[[str, Any, int], ParseExecutor]  # (executor value, config, jobs)


def _local(value: str, config: Any, jobs: int) -> ParseExecutor:
    from fiscalwatch.parsing.executors.local import LocalExecutor

    return LocalExecutor(workers=local_workers(config, jobs), limits=limits_of(config))


def _dask(value: str, config: Any, jobs: int) -> ParseExecutor:
    import importlib.util

    if importlib.util.find_spec("distributed") is None:
        raise ConfigError(f"parse.executor: {value!r} needs Dask: pip install 'fiscalwatch[dask]'")
    from fiscalwatch.parsing.executors.dask_cluster import DaskExecutor, scheduler_address

    return DaskExecutor(scheduler_address(value), limits=limits_of(config))


EXECUTORS: dict[str, Factory] = {"local": _local, "dask": _dask}


def make_executor(config: Any, jobs: int) -> ParseExecutor:
    value = str(getattr(config.parse, "executor", "local"))
    scheme = value.split("://", 1)[0] if "://" in value else value
    factory = EXECUTORS.get(scheme)
    if factory is None:
        known = ", ".join(sorted(EXECUTORS))
        raise ConfigError(f"parse.executor: no executor for {value!r} (available: {known})")
    return factory(value, config, jobs)


def limits_of(config: Any) -> Limits:
    parse = config.parse
    return Limits(max_memory_mb=parse.max_memory_mb, timeout_s=parse.timeout_s)


def local_workers(config: Any, jobs: int) -> int:
    import os

    wanted = config.parse.workers or os.cpu_count() or 1
    return max(1, min(wanted, jobs))
