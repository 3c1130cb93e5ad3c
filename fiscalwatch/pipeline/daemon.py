"""``fiscalwatch daemon``: runs the cycle on the ``[schedule]`` cron with APScheduler.

- One daemon per store (a lock file beside the database); a second one refuses at once.
- One cycle at a time (``max_instances=1``, ``coalesce``: missed runs collapse into one),
  with a misfire grace from ``[schedule] misfire_grace_seconds``.
- SIGTERM/SIGINT: the running cycle finishes its current stage and skips the rest (every
  stage writes in transactions, so nothing is half-written), then the daemon exits 0.
- Its state (pid, heartbeat, next run) sits in the ``daemon`` table for ``status``.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
from datetime import datetime
from types import FrameType
from typing import Any

import click
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from fiscalwatch import clock
from fiscalwatch.app import App, pass_app
from fiscalwatch.config import Config, check_secrets
from fiscalwatch.errors import AlreadyRunning, ConfigError
from fiscalwatch.locking import daemon_lock
from fiscalwatch.logs import setup_logging
from fiscalwatch.ops import heartbeat
from fiscalwatch.pipeline import run_cycle
from fiscalwatch.store import Store

log = logging.getLogger("fiscalwatch.daemon")

JOB_ID = "cycle"


def build_trigger(config: Config) -> CronTrigger:
    try:
        return CronTrigger.from_crontab(config.schedule.cron, timezone=config.schedule.timezone)
    except (ValueError, LookupError) as exc:
        raise ConfigError(f"schedule: {exc}") from None


class Daemon:
    def __init__(self, config: Config, *, run_now: bool = False) -> None:
        self.config = config
        self.run_now = run_now
        self.stop = threading.Event()
        self.trigger = build_trigger(config)
        self.scheduler = BackgroundScheduler(
            timezone=config.schedule.timezone,
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": config.schedule.misfire_grace_seconds,
            },
        )

    def cycle(self) -> None:
        store = Store.from_config(self.config)
        try:
            summary = run_cycle(store, self.config, stop=self.stop)
            log.info(
                "cycle finished",
                extra={"run_id": summary.run_id, "status": summary.status, "secs": summary.seconds},
            )
            heartbeat.ping(self.config, summary.status)
        except AlreadyRunning as exc:
            log.warning("cycle skipped: %s", exc)
        finally:
            self._record_state(store, heartbeat=True)
            store.close()

    def _next_run(self) -> datetime | None:
        # From the trigger, not scheduler.get_job(): shutdown(wait=True) holds the job
        # stores' lock while it waits for a running cycle, and that cycle records its state
        # on the way out: asking the scheduler there would deadlock.
        if self.stop.is_set():
            return None
        now = datetime.now(self.trigger.timezone)
        next_run: datetime | None = self.trigger.get_next_fire_time(None, now)
        return next_run

    def _record_state(self, store: Store, *, heartbeat: bool = False, **fields: Any) -> None:
        next_run = self._next_run()
        row: dict[str, Any] = {
            "id": 1,
            "next_run_at": next_run.isoformat() if next_run else None,
            **fields,
        }
        if heartbeat:
            row["heartbeat_at"] = clock.now_iso()
        store.db.table("daemon").upsert(row, pk="id")

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        log.info("received %s: stopping after the current stage", signal.Signals(signum).name)
        self.stop.set()

    def _on_job_event(self, event: JobExecutionEvent) -> None:
        if event.exception is not None:
            log.error("cycle crashed: %s", event.exception)

    def serve(self) -> None:
        """Blocks until SIGTERM/SIGINT; returns after the running cycle has stopped."""
        check_secrets(self.config)
        database = self.config.storage.database
        with daemon_lock(database):
            store = Store.from_config(self.config)
            signal.signal(signal.SIGTERM, self._on_signal)
            signal.signal(signal.SIGINT, self._on_signal)
            self.scheduler.add_listener(self._on_job_event, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
            self.scheduler.add_job(self.cycle, self.trigger, id=JOB_ID, name="fiscalwatch cycle")
            if self.run_now:
                self.scheduler.add_job(self.cycle, id="first-cycle", name="first cycle")
            self.scheduler.start()
            self._record_state(
                store,
                heartbeat=True,
                pid=os.getpid(),
                host=socket.gethostname(),
                started_at=clock.now_iso(),
                stopped_at=None,
                cron=self.config.schedule.cron,
                timezone=self.config.schedule.timezone,
            )
            log.info(
                "daemon started",
                extra={"cron": self.config.schedule.cron, "next_run": str(self._next_run())},
            )
            while not self.stop.wait(timeout=60):
                self._record_state(store, heartbeat=True)
            self.scheduler.shutdown(wait=True)  # waits for a running cycle to stop cleanly
            store.db.table("daemon").upsert(
                {"id": 1, "stopped_at": clock.now_iso(), "next_run_at": None}, pk="id"
            )
            store.close()
            log.info("daemon stopped")


@click.command()
@click.option("--run-now", is_flag=True, help="Run a cycle at start, then follow the schedule.")
@click.option("--json-logs/--text-logs", default=True, help="Log format (default JSON lines).")
@pass_app
def daemon(app: App, run_now: bool, json_logs: bool) -> None:
    """Run the cycle on the [schedule] cron until SIGTERM/SIGINT."""
    setup_logging(json_lines=json_logs)
    Daemon(app.config, run_now=run_now).serve()
