"""Small helpers the checks share: number formatting and findings about one document."""

from __future__ import annotations

from typing import Any

from fiscalwatch.budget_template import document_kind
from fiscalwatch.figures import label
from fiscalwatch.monitor.checks.base import FindingDraft
from fiscalwatch.monitor.checks.corpus import Doc, Fig

DOC_TYPE_LABELS = {
    "final_account": "部门决算",
    "budget": "部门预算",
    "performance": "绩效自评",
    "other": "公开文件",
}
SNIPPET_CHARS = 160


def money(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f}万元"


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}%"


def number(value: float | None, unit: str) -> str:
    if unit == "%":
        return pct(value)
    if unit == "万元":
        return money(value)
    return "—" if value is None else f"{value:g}{unit}"


def figure_label(key: str) -> str:
    return label(key)


def doc_label(doc: Doc) -> str:
    """ "中共乌鲁木齐市委员会组织部 2024年度部门决算"."""
    kind = document_kind(doc.row["doc_type"], doc.level) or DOC_TYPE_LABELS.get(
        doc.row["doc_type"] or "", "公开文件"
    )
    year = f"{doc.year}年度" if doc.year else ""
    return f"{doc.name} {year}{kind}"


def where(figure: Fig | None) -> str:
    return f"（第{figure.page}页）" if figure is not None and figure.page else ""


def snippet(text: str | None) -> str | None:
    if not text:
        return None
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…"


def document_finding(
    check: str,
    severity: str,
    doc: Doc,
    message: str,
    evidence: dict[str, Any],
    identity: tuple[Any, ...],
    figure: Fig | None = None,
) -> FindingDraft:
    """A finding about one document: the contract's evidence keys come first (the
    caller's dict), then where to look: document_id, page, snippet, url."""
    evidence = dict(evidence)
    evidence.setdefault("document_id", doc.id)
    evidence.setdefault("page", figure.page if figure else None)
    evidence.setdefault("snippet", snippet(figure.text) if figure else None)
    evidence.setdefault("url", doc.url)
    return FindingDraft(
        check=check,
        severity=severity,
        message=message,
        evidence=evidence,
        identity=identity,
        department=doc.row["department"],
        department_key=doc.dept,
        region=doc.row["region"],
        fiscal_year=doc.year,
        document_id=doc.id,
        source=doc.row["source"],
        url=doc.url,
    )
