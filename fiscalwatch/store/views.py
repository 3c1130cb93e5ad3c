"""Views holding the store's rules, so that the checks, the report and Datasette's canned
queries (metadata.yml) read one definition each.

- ``current_documents``: the current version (``is_current``) of each document that is
  not a part of another document's disclosure (``document_parts``). ``kind`` is the
  document type, or for a document not typed yet a title naming 决算 and not 预算 (a file
  waiting for its parse still counts as published). ``awaiting_parts`` is 1 while parts
  of its disclosure have not joined it; ``replaced`` is 1 for a removed file that another
  live current document of the same department, level, year and kind replaced.
- ``current_final_accounts``: those of kind ``final_account`` not replaced: "the current
  final account of a department-year" (more than one for a year when a PDF and its
  workbook are two documents).
- ``department_years``: one row per department, type, level and year with its documents
  and its deadline from ``deadlines``.
- ``deadlines``: a table, not a view: the due date of each type and year, written from
  ``[monitor]`` by :func:`sync_deadlines` with :func:`fiscalwatch.deadlines.document_deadline`,
  so the rule is computed in Python only.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from fiscalwatch.deadlines import DUE_YEAR_OFFSET, document_deadline
from fiscalwatch.models import DEFAULT_LEVEL
from fiscalwatch.store.schema import run_script

# Fiscal years the deadlines table covers.
FIRST_YEAR, LAST_YEAR = 1990, 2100

KIND_SQL = (
    "CASE WHEN {t}.doc_type IS NOT NULL THEN {t}.doc_type"
    " WHEN {t}.title LIKE '%决算%' AND {t}.title NOT LIKE '%预算%' THEN 'final_account' END"
)
LEVEL_SQL = f"COALESCE({{t}}.level, '{DEFAULT_LEVEL}')"

VIEWS = f"""
CREATE TABLE deadlines (
    doc_type TEXT NOT NULL,       -- final_account | budget
    fiscal_year INTEGER NOT NULL,
    due_on TEXT NOT NULL,         -- YYYY-MM-DD, from [monitor] (fiscalwatch.deadlines)
    PRIMARY KEY (doc_type, fiscal_year)
);

CREATE VIEW current_documents AS
SELECT d.*, {KIND_SQL.format(t="d")} AS kind,
       EXISTS (SELECT 1 FROM document_parts w WHERE w.document_id = d.id
               AND w.combined_at IS NULL) AS awaiting_parts,
       (d.removed_at IS NOT NULL AND EXISTS (
         SELECT 1 FROM documents o
         WHERE o.is_current = 1 AND o.removed_at IS NULL AND o.id != d.id
           AND o.department_id IS d.department_id
           AND COALESCE(o.region, '') = COALESCE(d.region, '')
           AND o.fiscal_year IS d.fiscal_year
           AND {KIND_SQL.format(t="o")} IS {KIND_SQL.format(t="d")}
           AND {LEVEL_SQL.format(t="o")} = {LEVEL_SQL.format(t="d")}
           AND o.id NOT IN (SELECT part_id FROM document_parts))) AS replaced
FROM documents d
WHERE d.is_current = 1 AND d.id NOT IN (SELECT part_id FROM document_parts);

CREATE VIEW current_final_accounts AS
SELECT * FROM current_documents WHERE kind = 'final_account' AND replaced = 0;

CREATE VIEW department_years AS
SELECT c.department_id, dep.region, dep.name AS department, c.kind AS doc_type,
       {LEVEL_SQL.format(t="c")} AS level, c.fiscal_year, due.due_on AS deadline,
       count(*) AS documents, sum(c.removed_at IS NULL) AS live_documents,
       min(c.id) AS first_document_id
FROM current_documents c
JOIN departments dep ON dep.id = c.department_id
LEFT JOIN deadlines due ON due.doc_type = c.kind AND due.fiscal_year = c.fiscal_year
WHERE c.kind IN ('final_account', 'budget') AND c.fiscal_year IS NOT NULL AND c.replaced = 0
GROUP BY c.department_id, c.kind, {LEVEL_SQL.format(t="c")}, c.fiscal_year;
"""


def create_views(db: sqlite_utils.Database) -> None:
    from fiscalwatch.config import MonitorConfig

    run_script(db, VIEWS)
    sync_deadlines(db, MonitorConfig())


def _deadlines(monitor: Any) -> set[tuple[str, int, str]]:
    return {
        (doc_type, year, document_deadline(doc_type, year, monitor).isoformat())
        for doc_type in DUE_YEAR_OFFSET
        for year in range(FIRST_YEAR, LAST_YEAR + 1)
    }


def deadlines_stale(db: sqlite_utils.Database, monitor: Any) -> bool:
    """True when the stored deadlines are not those of the ``[monitor]`` settings."""
    stored = {
        tuple(row) for row in db.execute("SELECT doc_type, fiscal_year, due_on FROM deadlines")
    }
    return stored != _deadlines(monitor)


def sync_deadlines(db: sqlite_utils.Database, monitor: Any) -> bool:
    """Writes the due date of every type and year from the ``[monitor]`` settings when
    they differ from the stored ones (callers hold the transaction); True when it wrote."""
    if not deadlines_stale(db, monitor):
        return False
    db.execute("DELETE FROM deadlines")
    db.conn.executemany(
        "INSERT INTO deadlines (doc_type, fiscal_year, due_on) VALUES (?, ?, ?)",
        sorted(_deadlines(monitor)),
    )
    return True
