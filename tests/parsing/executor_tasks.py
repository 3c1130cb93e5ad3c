"""Parse tasks that report where and how a job ran, for the executor tests. Imported by
the parse processes that Dask workers start, so it must stay importable as
``tests.parsing.executor_tasks``."""

from __future__ import annotations

import os
from dataclasses import replace

from fiscalwatch.parsing import ocr
from fiscalwatch.parsing.jobs import Outcome, ParseJob, work

TASK = "tests.parsing.executor_tasks:report"


def report(job: ParseJob) -> Outcome:
    """Parses for real, then says in ``error`` which process parsed it, how many times
    that process has built the OCR engine, and what the job carried."""
    outcome = work(job)
    carried = f"path={job.path} bytes={len(job.data) if job.data is not None else 'none'}"
    loads = ocr.engine.cache_info().misses
    return replace(outcome, error=f"pid={os.getpid()} engine_loads={loads} {carried}")
