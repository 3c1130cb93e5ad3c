"""Parse tasks that misbehave the way a hostile file makes a reader misbehave, picked by
the document's file name; anything else is parsed for real. Imported by spawned parse
workers, so it must stay importable as ``tests.parsing.hostile_tasks``."""

from __future__ import annotations

import ctypes
import os
import time

from fiscalwatch.parsing import progress
from fiscalwatch.parsing.jobs import Outcome, ParseJob, work

TASK = "tests.parsing.hostile_tasks:misbehave"


def misbehave(job: ParseJob) -> Outcome:
    name = str(job.hints.get("filename") or "")
    if name.startswith("segfault"):
        ctypes.string_at(0)  # a read of address 0, as a bug inside PDFium would do
    if name.startswith("abort"):
        os.abort()
    if name.startswith("hang"):
        time.sleep(3600)
    if name.startswith("hog"):
        hoard = [bytearray(256 * 1024 * 1024) for _ in range(64)]  # 16 GB
        del hoard
    if name.startswith("pages"):  # a long scan: the allowance grows as pages are announced
        progress.announce(pages=int(name.split("-")[1]))
        time.sleep(float(name.split("-")[2]))
    if name.startswith("pid"):
        return Outcome(job.document_id, error=f"pid {os.getpid()}", status="failed")
    return work(job)
