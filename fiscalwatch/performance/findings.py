"""What the three performance checks share: who a finding is about, how to name it.

Kept free of ``monitor`` imports so the checks stay thin: each check builds its
``FindingDraft`` from :func:`finding_fields` plus its own message and evidence.
"""

from __future__ import annotations

from typing import Any

from fiscalwatch.departments import department_key
from fiscalwatch.performance.models import Evaluation
from fiscalwatch.performance.store import StoredEvaluation

SNIPPET_CHARS = 160


def finding_fields(stored: StoredEvaluation) -> dict[str, Any]:
    """The FindingDraft fields locating the problem: department, year, document."""
    document = stored.document
    evaluation = stored.evaluation
    department = document.get("department") or evaluation.department
    return {
        "department": department,
        "department_key": document.get("department_key") or department_key(department or ""),
        # The stored department: its findings land where its accounts' do, whatever name
        # this document uses.
        "department_id": document.get("department_id"),
        "region": document.get("region"),
        "fiscal_year": evaluation.fiscal_year or document.get("fiscal_year"),
        "document_id": stored.document_id,
        "source": document.get("source"),
        "url": document.get("url"),
    }


def subject(stored: StoredEvaluation) -> str:
    """'中共乌鲁木齐市委员会组织部2024年度项目“组织部工作经费”' (部门整体: '…部门整体支出')."""
    evaluation = stored.evaluation
    department = stored.document.get("department") or evaluation.department or ""
    year = evaluation.fiscal_year or stored.document.get("fiscal_year")
    when = f"{year}年度" if year else ""
    if evaluation.kind == "部门整体":
        return f"{department}{when}部门整体支出绩效自评"
    return f"{department}{when}项目“{evaluation.name}”"


def identity(stored: StoredEvaluation, *parts: Any) -> tuple[Any, ...]:
    """Stable across re-parses and new versions of the same URL: no ids, no values."""
    evaluation = stored.evaluation
    return (stored.document.get("url"), evaluation.kind, evaluation.name, *parts)


def snippet(text: str | None) -> str | None:
    if not text:
        return None
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…"


def base_evidence(stored: StoredEvaluation, page: int | None, text: str | None) -> dict[str, Any]:
    evaluation: Evaluation = stored.evaluation
    return {
        "project": evaluation.name,
        "kind": evaluation.kind,
        "document_id": stored.document_id,
        "page": page,
        "snippet": snippet(text),
        "url": stored.document.get("url"),
    }


def fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    return f"{value:,.2f}{unit}" if unit in ("万元", "%") else f"{value:g}{unit}"
