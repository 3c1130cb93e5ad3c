"""Store readers end with the process that started them: a killed caller does not leave
them computing its queued jobs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CALLER = """
import sys
from fiscalwatch.store import Store
from fiscalwatch.store.readers import StoreReaders
from tests.core.reader_jobs import tell_pid_then_sleep

store = Store(sys.argv[1], sys.argv[2])
with StoreReaders(store.db, 1) as readers:
    readers.run(tell_pid_then_sleep, sys.argv[3], 120.0)
    readers.finish()
"""


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has ended; only its exit status is left


def wait_for(condition: Callable[[], object], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_readers_end_when_their_caller_is_killed(tmp_path: Path) -> None:
    told = tmp_path / "worker.pid"
    store = [str(tmp_path / "fw.db"), str(tmp_path / "files")]
    caller = subprocess.Popen(
        [sys.executable, "-c", CALLER, *store, str(told)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert wait_for(lambda: told.exists() and told.read_text(), 60), "no worker started"
        worker = int(told.read_text())
        assert running(worker)
        caller.send_signal(signal.SIGKILL)
        caller.wait(timeout=10)
        assert wait_for(lambda: not running(worker), 10), "the worker outlived its caller"
    finally:
        caller.kill()
        caller.wait(timeout=10)
