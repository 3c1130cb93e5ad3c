"""Jobs for store readers in tests (module level: a worker imports them by name)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import sqlite_utils


def tell_pid_then_sleep(db: sqlite_utils.Database, path: str, seconds: float) -> None:
    Path(path).write_text(str(os.getpid()), encoding="ascii")
    time.sleep(seconds)
