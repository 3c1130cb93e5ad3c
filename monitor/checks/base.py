"""The contract every check follows. A check is a small class with a ``name``; the
runner (monitor.runner) gives it a :class:`CheckContext` and stores what it yields.

A check yields the *complete* set of problems it sees now. The runner turns each
:class:`FindingDraft` into a ``findings`` row keyed by its fingerprint (check name +
``identity``): a problem found again updates ``last_seen``; an open finding of this
check that is not yielded any more gets ``resolved_at``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar, TypeVar, cast

import sqlite_utils

from fiscalwatch.config import Config
from fiscalwatch.store.regions import region_condition

T = TypeVar("T")


@dataclass
class CheckContext:
    db: sqlite_utils.Database
    config: Config
    as_of: date
    # Shared, read-only loads of one run (e.g. the corpus of current documents and their
    # figures), so that twelve checks do not read the same rows twelve times.
    cache: dict[str, Any] = field(default_factory=dict)
    # The regions whose department-years this run re-checks ("" for documents without a
    # region); None re-checks the whole store. Department identities merge only inside a
    # region, so a region holds everything a department-year's findings depend on.
    regions: frozenset[str] | None = None

    def cached(self, name: str, load: Callable[[], T]) -> T:
        if name not in self.cache:
            self.cache[name] = load()
        return cast(T, self.cache[name])

    def region_filter(self, column: str = "region") -> tuple[str, list[str]]:
        """An SQL condition, with its parameters, keeping the rows of the regions in
        scope (``column`` may be qualified, "d.region")."""
        return region_condition(self.regions, column)


@dataclass
class FindingDraft:
    check: str
    severity: str  # info | warning | critical
    message: str  # Chinese, one line a person can act on: who, which year, what, numbers
    evidence: dict[str, Any]  # the contract's keys first, then document_id, page, snippet
    # What makes this problem the same problem next time (e.g. department key, year,
    # metric); never volatile values like ids of newer versions or timestamps.
    identity: tuple[Any, ...]
    department: str | None = None
    department_key: str | None = None
    # fiscalwatch.store.departments; the runner resolves it from department and region
    # when the check leaves it out.
    department_id: int | None = None
    region: str | None = None
    fiscal_year: int | None = None
    document_id: int | None = None
    source: str | None = None
    url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        raw = json.dumps([self.check, *self.identity], ensure_ascii=False, default=str)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


class Check:
    """Base class: subclasses set ``name``, ``severity`` and ``description``."""

    name: ClassVar[str]
    severity: ClassVar[str] = "warning"
    description: ClassVar[str]  # one paragraph, shown in the docs and the report
    # Raise when what the check finds changes, so the next cycle re-checks the whole
    # store with it instead of only the regions whose documents changed.
    version: ClassVar[int] = 1
    # False for a check that looks past documents (crawl health): it runs whole every cycle.
    scoped: ClassVar[bool] = True

    def state(self, ctx: CheckContext) -> Any:
        """What besides the documents and the [monitor] section its findings depend on
        (the year whose deadline has passed, say); a change re-checks the whole store."""
        return None

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        raise NotImplementedError
