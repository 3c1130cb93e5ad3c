"""The performance reader's contributions: its tables, the self-evaluations it reads out
of every parsed document (in the parse worker) and stores beside the parse, and its
three checks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from fiscalwatch.plugins import hookimpl, migrations_of

if TYPE_CHECKING:
    import sqlite_utils

    from fiscalwatch.models import ParsedDocument


fiscalwatch_migrations = migrations_of("fiscalwatch.performance.schema")


@hookimpl
def fiscalwatch_read_extras(parsed: ParsedDocument) -> None:
    from fiscalwatch.performance.extract import extract

    extract(parsed)


@hookimpl
def fiscalwatch_save_extras(
    db: sqlite_utils.Database, document_id: int, parsed: ParsedDocument
) -> None:
    from fiscalwatch.performance import store
    from fiscalwatch.performance.extract import EXTRA_KEY

    store.save(db, document_id, parsed.extras.get(EXTRA_KEY, []))


@hookimpl
def fiscalwatch_clear_extras(db: sqlite_utils.Database, document_id: int) -> None:
    from fiscalwatch.performance import store

    store.clear(db, document_id)


@hookimpl
def fiscalwatch_checks() -> Sequence[type]:
    from fiscalwatch.performance.checks.boilerplate import PerformanceBoilerplate
    from fiscalwatch.performance.checks.inconsistent import PerformanceInconsistent
    from fiscalwatch.performance.checks.shortfall import PerformanceShortfall

    return [PerformanceInconsistent, PerformanceShortfall, PerformanceBoilerplate]
