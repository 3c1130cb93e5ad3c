"""Running the checks over one batch of regions, here or in a store reader process.

A whole pass (the first cycle, a check's configuration changed, ``check --full``)
re-checks every region, and at national size that is most of a cycle's CPU. The batches
are independent (a region holds everything its department-years' findings depend on),
so a whole pass of several batches computes them in worker processes
(fiscalwatch.store.readers: each its own read-only connection) while the runner, the
store's only writer, stores each batch's findings in batch order, exactly as a pass in
one process does."""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlite_utils

from fiscalwatch.config import Config, config_from_dict
from fiscalwatch.monitor.checks import all_checks
from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft

log = logging.getLogger(__name__)

SEVERITIES = ("info", "warning", "critical")


@dataclass
class Outcome:
    """What one check found over one batch: its drafts, or the error it raised, or
    ``absent`` when the worker has no check of that name (one registered in the
    runner's process only), which the runner then runs itself."""

    name: str
    drafts: list[FindingDraft] | None = None
    error: str | None = None
    seconds: float = 0.0
    absent: bool = False


def validated(name: str, drafts: Any) -> list[FindingDraft]:
    """The check's drafts, one per fingerprint (the first wins)."""
    unique: dict[str, FindingDraft] = {}
    for draft in drafts:
        if draft.check != name:
            raise ValueError(f"check {name} yielded a finding of check {draft.check!r}")
        if draft.severity not in SEVERITIES:
            raise ValueError(f"check {name} yielded severity {draft.severity!r}")
        unique.setdefault(draft.fingerprint, draft)
    return list(unique.values())


def run_check(name: str, check: Check, ctx: CheckContext) -> Outcome:
    """Runs one check over ``ctx``'s regions; an error is caught and reported (one
    broken check must not stop the others)."""
    started = time.monotonic()
    try:
        outcome = Outcome(name, drafts=validated(name, check.run(ctx)))
    except Exception as exc:
        log.exception("check %s failed", name)
        outcome = Outcome(name, error=f"{type(exc).__name__}: {exc}")
    outcome.seconds = time.monotonic() - started
    return outcome


def batch_contexts(
    db: sqlite_utils.Database,
    config: Config,
    as_of: date,
    batch: frozenset[str],
    changed: frozenset[str],
) -> dict[bool, CheckContext]:
    """The batch's contexts: the whole batch (for a check re-checking everything) and
    its changed regions (for the others), each shared by the checks that use it."""
    return {
        whole: CheckContext(db, config, as_of, regions=regions)
        for whole, regions in ((True, batch), (False, batch & changed))
        if regions
    }


def check_batch(
    db: sqlite_utils.Database,
    config_data: dict[str, Any],
    as_of: date,
    batch: frozenset[str],
    changed: frozenset[str],
    planned: list[tuple[str, bool]],
) -> list[Outcome]:
    """A store reader's job: every planned ``(check name, whole)`` over ``batch``."""
    config = config_from_dict(config_data)
    contexts = batch_contexts(db, config, as_of, batch, changed)
    known = all_checks()
    outcomes = []
    for name, whole in planned:
        ctx = contexts.get(whole)
        if ctx is None:
            continue
        if name not in known:
            outcomes.append(Outcome(name, absent=True))
            continue
        outcomes.append(run_check(name, known[name](), ctx))
    return outcomes


def reader_count(config: Config, batches: int) -> int:
    """Reader processes for a pass of ``batches``: none for one batch (a process costs
    about a second to start), else ``[monitor] workers`` (0: one a core)."""
    wanted = config.monitor.workers or len(os.sched_getaffinity(0))
    return 0 if batches < 2 or wanted < 2 else min(wanted, batches)
