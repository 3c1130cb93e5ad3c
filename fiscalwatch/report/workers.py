"""How many store readers (fiscalwatch.store.readers) a report build uses: the region
workbooks and the figure exports are most of a national build's CPU and need nothing of
the pages but a few hundred rows each, so workers write them while this process writes
the pages."""

from __future__ import annotations

import os

# At most this many workers, and none for a report of fewer workbooks than twice that
# (a worker costs about a second to start).
MAX_WORKERS = 4


def worker_count(jobs: int) -> int:
    """Workers for a report of about ``jobs`` heavy outputs: one a core, up to
    ``MAX_WORKERS``; none for a few."""
    if jobs < 2 * MAX_WORKERS:
        return 0
    return max(1, min(MAX_WORKERS, len(os.sched_getaffinity(0))))
