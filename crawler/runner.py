"""``crawl_sources``: the crawler's entry point for the rest of fiscalwatch.

Scrapy runs in a spawned child process, so the Twisted reactor is fresh on every call
(the daemon crawls once a day in one long-lived process) and a wedged crawl can be
killed: the child gets ``crawl.max_duration`` plus a grace period, then is stopped,
and the sources it did not finish are recorded as failed. Past
``crawl.sources_per_process`` sources the crawl runs in waves, one child each (at most
``crawl.processes`` at a time), so its memory stays bounded however many sources there
are.
"""

from __future__ import annotations

import json
import queue as queue_module
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fiscalwatch import clock
from fiscalwatch.config import Config
from fiscalwatch.crawler.adapters import ADAPTERS
from fiscalwatch.crawler.extensions import SourceStats
from fiscalwatch.errors import ConfigError
from fiscalwatch.store import Store

GRACE_SECONDS = 60.0
# After a stop request: how long Scrapy's graceful shutdown may take before the kill.
STOP_GRACE_SECONDS = 10.0


@dataclass
class CrawlSummary:
    run_id: int | None
    sources: list[SourceStats] = field(default_factory=list)

    def _total(self, name: str) -> int:
        return sum(int(getattr(s, name)) for s in self.sources)

    @property
    def pages(self) -> int:
        return self._total("pages")

    @property
    def found(self) -> int:
        """Disclosure documents stored or confirmed this cycle."""
        return self._total("documents")

    @property
    def new(self) -> int:
        return self._total("new")

    @property
    def changed(self) -> int:
        return self._total("changed")

    @property
    def removed(self) -> int:
        return self._total("removed")

    @property
    def failed(self) -> int:
        return self._total("failed")

    @property
    def requests(self) -> int:
        return self._total("requests")

    def source(self, name: str) -> SourceStats:
        return next(s for s in self.sources if s.source == name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "sources": len(self.sources),
            "pages": self.pages,
            "found": self.found,
            "new": self.new,
            "changed": self.changed,
            "removed": self.removed,
            "failed": self.failed,
            "requests": self.requests,
            "per_source": {s.source: s.to_dict() for s in self.sources},
        }


ProgressCallback = Callable[[dict[str, SourceStats]], None]


def crawl_sources(
    store: Store,
    config: Config,
    *,
    run_id: int | None,
    sources: list[str] | None = None,
    progress: bool = False,
    on_progress: ProgressCallback | None = None,
    stop: threading.Event | None = None,
) -> CrawlSummary:
    """Crawls the configured sources (or the named ones) into the store.

    The crawl processes write to ``store``'s database and file store. ``progress`` shows a
    live table on the terminal; ``on_progress`` receives the per-source stats as they
    change. When ``stop`` is set, the child gets SIGTERM (Scrapy's graceful shutdown:
    spiders close, their stats are written with status ``interrupted``) and is killed if
    it is not done within ``STOP_GRACE_SECONDS``.
    Raises ConfigError for unknown source or adapter names, StoreError when the
    store cannot be opened; everything that happens on the network ends up in the
    summary and the ``crawl_stats``/``crawl_errors`` tables instead.
    """
    database, files = store.path, store.files.root
    chosen = _select(config, sources)
    summary = CrawlSummary(run_id)
    if not chosen:
        return summary
    Store(database, files).close()  # creates the tables, or fails loudly before any traffic

    display = _live_display(chosen) if progress else None
    live: dict[str, SourceStats] = {name: SourceStats(source=name) for name in chosen}

    def changed() -> None:
        if display is not None:
            display.update(live)
        if on_progress is not None:
            on_progress(dict(live))

    payload: dict[str, Any] = {
        "config": config.model_dump(mode="json"),
        "sources": chosen,
        "database": str(database),
        "files": str(files),
        "run_id": run_id,
    }
    results: dict[str, SourceStats] = {}
    lock = threading.Lock()  # waves run side by side report from their own threads

    def on_stats(stats: SourceStats, final: bool) -> None:
        with lock:
            live[stats.source] = stats
            if final:
                results[stats.source] = stats
            changed()

    def crawl_wave(wave: list[str]) -> None:
        if stop is not None and stop.is_set():
            return
        started = time.monotonic()
        outcome = _run_child(
            {**payload, "sources": wave},
            started + config.crawl.max_duration + GRACE_SECONDS,
            stop,
            on_stats,
        )
        with lock:
            missing = [name for name in wave if name not in results]
            if missing:
                reason = f"crawl process ended early ({outcome.ended_by or 'no result'})"
                status = "interrupted" if outcome.stopped else "failed"
                results.update(
                    _record_failures(
                        database, files, run_id, missing, reason, started, live, status
                    )
                )

    if display is not None:
        display.start()
    try:
        turns = waves(chosen, config.crawl.sources_per_process)
        if len(turns) == 1 or config.crawl.processes == 1:
            for wave in turns:
                crawl_wave(wave)
        else:
            with ThreadPoolExecutor(config.crawl.processes, "crawl-wave") as pool:
                for done in [pool.submit(crawl_wave, wave) for wave in turns]:
                    done.result()
    finally:
        if display is not None:
            display.stop()
    unstarted = [name for name in chosen if name not in results]
    if unstarted:  # a stop request came between two waves
        reason = "crawl stopped before this source's turn"
        results.update(
            _record_failures(
                database, files, run_id, unstarted, reason, time.monotonic(), live, "interrupted"
            )
        )
    summary.sources = [results[name] for name in chosen]
    return summary


def waves(names: list[str], size: int) -> list[list[str]]:
    """The sources in turns of at most ``size``: each turn is one crawl process, which
    exits (and gives back its memory) before the next starts. The child's memory grows
    with the sources it holds (a Scrapy crawler, a store connection and the crawl memory
    each), so this bounds it whatever the number of sources."""
    return [names[i : i + size] for i in range(0, len(names), size)]


@dataclass
class _ChildOutcome:
    ended_by: str | None  # why the child ended without reporting: timed out, stopped, exit …
    stopped: bool  # a stop request was passed on


def _run_child(
    payload: dict[str, Any],
    deadline: float,
    stop: threading.Event | None,
    on_stats: Callable[[SourceStats, bool], None],
) -> _ChildOutcome:
    """Runs ``python -m crawler.process`` with ``payload`` and relays its per-source stats
    (``final`` once a source is done) until it says it is done, fails, or runs past
    ``deadline``; a stop request becomes SIGTERM, then a kill after STOP_GRACE_SECONDS."""
    ended_by: str | None = None
    stop_sent: float | None = None
    with tempfile.TemporaryFile() as log:
        child = subprocess.Popen(
            [sys.executable, "-m", "fiscalwatch.crawler.process"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
        )
        messages: queue_module.Queue[dict[str, Any] | None] = queue_module.Queue()
        reader = threading.Thread(target=_read_lines, args=(child, messages), daemon=True)
        try:
            assert child.stdin is not None
            child.stdin.write(json.dumps(payload).encode())
            child.stdin.close()
            reader.start()
            while True:
                if stop is not None and stop.is_set() and stop_sent is None:
                    child.send_signal(signal.SIGTERM)
                    stop_sent = time.monotonic()
                    deadline = min(deadline, stop_sent + STOP_GRACE_SECONDS)
                try:
                    message = messages.get(timeout=0.2)
                except queue_module.Empty:
                    if time.monotonic() > deadline:
                        ended_by = "timed out" if stop_sent is None else "stopped"
                        break
                    continue
                if message is None or message["kind"] == "done":
                    if message is None and child.wait() != 0:
                        ended_by = f"exit code {child.returncode}: {_tail(log)}"
                    break
                on_stats(SourceStats(**message["data"]), message["kind"] == "result")
        finally:
            if child.poll() is None:
                try:
                    child.wait(timeout=10 if ended_by is None else 0.1)
                except subprocess.TimeoutExpired:
                    child.kill()
                    child.wait(timeout=10)
    return _ChildOutcome(ended_by, stop_sent is not None)


def _select(config: Config, names: list[str] | None) -> list[str]:
    if names:
        for name in names:
            config.source(name)  # ConfigError naming the known sources
    selected = [s for s in config.sources if not names or s.name in names]
    for index, source in enumerate(config.sources):
        if source.adapter and source.adapter not in ADAPTERS:
            known = ", ".join(ADAPTERS)
            raise ConfigError(
                f"sources[{index}].adapter: unknown adapter {source.adapter!r} (known: {known})"
            )
    return [s.name for s in selected]


def _record_failures(
    database: Path,
    files: Path,
    run_id: int | None,
    names: list[str],
    reason: str,
    started: float,
    live: dict[str, SourceStats],
    status: str = "failed",
) -> dict[str, SourceStats]:
    """Rows for sources the child did not report on (killed, crashed, or stopped)."""
    store = Store(database, files)
    failed: dict[str, SourceStats] = {}
    try:
        for name in names:
            stats = live.get(name) or SourceStats(source=name)
            stats.status = status
            stats.last_error = reason
            stats.duration = round(time.monotonic() - started, 3)
            row = stats.to_dict()
            row.pop("listing_complete")
            store.db.table("crawl_stats").insert(
                {
                    **row,
                    "run_id": run_id,
                    "started_at": clock.now_iso(),
                    "finished_at": clock.now_iso(),
                }
            )
            store.db.table("crawl_errors").insert(
                {
                    "run_id": run_id,
                    "source": name,
                    "url": None,
                    "error": reason,
                    "at": clock.now_iso(),
                }
            )
            failed[name] = stats
    finally:
        store.close()
    return failed


def _read_lines(child: subprocess.Popen[bytes], messages: queue_module.Queue[Any]) -> None:
    assert child.stdout is not None
    for line in child.stdout:
        if line.strip():
            messages.put(json.loads(line))
    messages.put(None)


def _tail(log: Any, limit: int = 300) -> str:
    log.seek(0)
    text = log.read().decode("utf-8", "replace").strip()
    return text[-limit:] or "no output"


def _live_display(names: list[str]) -> Any:
    from fiscalwatch.crawler.progress import ProgressTable

    return ProgressTable(names)
