"""Persisting evaluations next to the other parse results, and reading them back.

``save`` and ``clear`` run inside the caller's transaction (``Store.save_parse`` and
``Store._clear_parse_results``): they never open one of their own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from fiscalwatch.performance.models import Evaluation, Indicator
from fiscalwatch.store.regions import region_condition

_EVALUATION_COLUMNS = (
    "kind",
    "name",
    "department",
    "implementing_unit",
    "fiscal_year",
    "budget_initial",
    "budget_full_year",
    "executed",
    "execution_rate_stated",
    "weight",
    "score",
    "total_weight",
    "total_score",
    "page",
    "origin",
    "snippet",
)
_INDICATOR_COLUMNS = (
    "level1",
    "level2",
    "level3",
    "target",
    "basis",
    "actual",
    "weight",
    "score",
    "deviation_reason",
    "page",
)


def save(db: sqlite_utils.Database, document_id: int, evaluations: Iterable[Evaluation]) -> int:
    """Inserts the document's evaluations and their indicators; returns how many."""
    count = 0
    for seq, evaluation in enumerate(evaluations, start=1):
        row: dict[str, Any] = {name: getattr(evaluation, name) for name in _EVALUATION_COLUMNS}
        row.update(
            document_id=document_id,
            seq=seq,
            raw=json.dumps(evaluation.raw, ensure_ascii=False),
        )
        evaluation_id = db.table("perf_evaluations").insert(row).last_pk
        db.table("perf_indicators").insert_all(
            {
                "evaluation_id": evaluation_id,
                "document_id": document_id,
                "seq": index,
                **{name: getattr(indicator, name) for name in _INDICATOR_COLUMNS},
            }
            for index, indicator in enumerate(evaluation.indicators, start=1)
        )
        count += 1
    return count


def clear(db: sqlite_utils.Database, document_id: int) -> None:
    db.execute("DELETE FROM perf_indicators WHERE document_id = ?", [document_id])
    db.execute("DELETE FROM perf_evaluations WHERE document_id = ?", [document_id])


@dataclass
class StoredEvaluation:
    """An evaluation as stored, with the document it came from (for findings)."""

    id: int
    document_id: int
    evaluation: Evaluation
    document: dict[str, Any] = field(default_factory=dict)


def load_current(
    db: sqlite_utils.Database, regions: frozenset[str] | None = None
) -> list[StoredEvaluation]:
    """Evaluations of every current, parsed document (of ``regions``, "" for documents
    without one, when given), in document order."""
    in_scope, params = region_condition(regions, "region")
    documents = {
        row["id"]: row
        for row in db.query(
            "SELECT id, source, url, title, department, department_key, department_id, region,"
            " fiscal_year, doc_type FROM documents WHERE is_current = 1 AND status = 'parsed'"
            f" AND {in_scope}",
            params,
        )
    }
    if not documents:
        return []
    # A few documents (an incremental check): look them up rather than scan every row.
    few = len(documents) <= 500
    of_documents = f" WHERE document_id IN ({','.join('?' * len(documents))})" if few else ""
    ids = sorted(documents) if few else []
    indicators: dict[int, list[Indicator]] = {}
    for row in db.query(
        f"SELECT * FROM perf_indicators{of_documents} ORDER BY evaluation_id, seq", ids
    ):
        if row["document_id"] in documents:
            indicators.setdefault(row["evaluation_id"], []).append(
                Indicator(**{name: row[name] for name in _INDICATOR_COLUMNS})
            )
    found: list[StoredEvaluation] = []
    for row in db.query(
        f"SELECT * FROM perf_evaluations{of_documents} ORDER BY document_id, seq", ids
    ):
        document = documents.get(row["document_id"])
        if document is None:
            continue
        evaluation = Evaluation(**{name: row[name] for name in _EVALUATION_COLUMNS})
        evaluation.raw = json.loads(row["raw"] or "{}")
        evaluation.indicators = indicators.get(row["id"], [])
        found.append(StoredEvaluation(row["id"], row["document_id"], evaluation, document))
    return found
