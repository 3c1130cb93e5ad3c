"""One full cycle: crawl -> parse -> check -> notify, with a row in ``runs``.

A stage that fails is recorded in the summary and the cycle goes on with the next one
(a crawl that fails still lets findings already due be delivered). A stop request
(SIGTERM in the daemon) is honoured between stages: every stage writes in transactions,
so stopping there leaves nothing half-written.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fiscalwatch import clock
from fiscalwatch.config import Config, check_secrets
from fiscalwatch.locking import cycle_lock
from fiscalwatch.store import Store

log = logging.getLogger("fiscalwatch.pipeline")

STAGES = ("crawl", "parse", "check", "notify")


@dataclass
class CycleSummary:
    run_id: int
    status: str = "ok"  # ok | failed (a stage failed) | interrupted
    stages: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


def as_dict(result: Any) -> dict[str, Any]:
    """A stage's summary as plain data for ``runs.summary``: its own ``to_dict()`` or
    ``counts()`` when it has one (the short form), else its dataclass fields."""
    for method in ("to_dict", "counts"):
        if callable(getattr(result, method, None)):
            plain: dict[str, Any] = getattr(result, method)()
            return plain
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return dataclasses.asdict(result)
    if isinstance(result, dict):
        return result
    return {"result": repr(result)}


@dataclass
class Stage:
    """What a stage gets: the store and config, the run, the day to judge by, and the
    stop request (set by SIGTERM in the daemon; the crawl passes it to its child)."""

    store: Store
    config: Config
    run_id: int
    as_of: date | None
    stop: threading.Event | None


def _crawl(stage: Stage) -> Any:
    if not stage.config.sources:
        return {"skipped": "no [[sources]] configured"}
    from fiscalwatch.crawler.runner import crawl_sources

    return crawl_sources(stage.store, stage.config, run_id=stage.run_id, stop=stage.stop)


def _parse(stage: Stage) -> Any:
    from fiscalwatch.parsing.reparse import reparse_stale
    from fiscalwatch.parsing.stage import parse_pending

    summary = as_dict(parse_pending(stage.store, stage.config, progress=False))
    summary["reparsed"] = reparse_stale(stage.store, stage.config).parsed  # after an upgrade
    return summary


def _check(stage: Stage) -> Any:
    from fiscalwatch.alerts.reparse_summary import summarize_reparses
    from fiscalwatch.monitor.runner import run_checks

    as_of = stage.as_of or clock.today(stage.config.schedule.timezone)
    summary = run_checks(stage.store.db, stage.config, as_of)
    summarize_reparses(stage.store.db)  # what re-parses alone changed: one alert
    return summary


def _notify(stage: Stage) -> Any:
    if not stage.config.subscriptions:
        return {"skipped": "no [[subscriptions]] configured"}
    from fiscalwatch.alerts.delivery import deliver

    return deliver(stage.store, stage.config)


STAGE_FUNCTIONS: dict[str, Callable[[Stage], Any]] = {
    "crawl": _crawl,
    "parse": _parse,
    "check": _check,
    "notify": _notify,
}


def run_cycle(
    store: Store,
    config: Config,
    *,
    as_of: date | None = None,
    stop: threading.Event | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> CycleSummary:
    """Runs every stage once under the store's cycle lock (AlreadyRunning if held)."""
    check_secrets(config)
    with cycle_lock(store.path):
        leftovers = store.files.remove_temporaries()  # interrupted writes; no writer now
        if leftovers:
            log.info("removed %d temporary file(s) left by an interrupted write", leftovers)
        run_id = store.start_run("run")
        summary = CycleSummary(run_id)
        started = time.monotonic()
        try:
            for stage in STAGES:
                if stop is not None and stop.is_set():
                    summary.status = "interrupted"
                    log.info("stop requested; skipping %s and later stages", stage)
                    break
                if on_stage:
                    on_stage(stage)
                stage_started = time.monotonic()
                try:
                    result = STAGE_FUNCTIONS[stage](Stage(store, config, run_id, as_of, stop))
                    summary.stages[stage] = as_dict(result)
                except Exception as exc:  # a failing stage must not stop the others
                    log.exception("stage %s failed", stage)
                    summary.errors[stage] = f"{type(exc).__name__}: {exc}"
                    summary.status = "failed"
                log.info(
                    "stage %s done in %.1fs",
                    stage,
                    time.monotonic() - stage_started,
                    extra={"stage": stage, "run_id": run_id},
                )
        except BaseException:
            summary.status = "interrupted"
            raise
        finally:
            summary.seconds = round(time.monotonic() - started, 2)
            store.finish_run(
                run_id,
                summary.status,
                {"stages": summary.stages, "errors": summary.errors, "seconds": summary.seconds},
                error="; ".join(f"{k}: {v}" for k, v in summary.errors.items()) or None,
            )
        return summary
