"""What the alerts package passes around: a finding as subscribers see it, and one
outbox row (a delivery of one finding to one target) together with its finding."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fiscalwatch.config import SEVERITY_RANK
from fiscalwatch.public import public_url
from fiscalwatch.store.departments import DepartmentRow
from fiscalwatch.store.rows import DocumentRow, FindingRow


@dataclass(frozen=True)
class Finding:
    """A stored finding (fiscalwatch.store.rows.FindingRow) as subscribers see it: the
    source link falls back to the document's own URL, and only http(s) goes out."""

    id: int
    check: str
    severity: str
    department: str | None
    region: str | None
    fiscal_year: int | None
    message: str
    evidence: Any
    url: str | None
    first_seen: str
    resolved_at: str | None = None
    document_id: int | None = None
    # The document the finding is about (or the evidence's doc_type/level when it is
    # about a missing one): digests name it ("2026年度单位预算").
    doc_type: str | None = None
    level: str | None = None
    # The stored department (fiscalwatch.store.departments) and the name it goes by
    # today: a digest lists the findings of one department together, whatever name each
    # document used.
    department_id: int | None = None
    department_name: str | None = None

    @classmethod
    def of(
        cls,
        row: FindingRow,
        document: DocumentRow | None = None,
        department: DepartmentRow | None = None,
    ) -> Finding:
        return cls(
            id=row.id,
            check=row.check,
            severity=row.severity,
            department=row.department,
            region=row.region,
            fiscal_year=row.fiscal_year,
            message=row.message,
            evidence=row.evidence,
            # Only http(s): an ingested file's file:// path must not reach a subscriber.
            url=public_url(row.url or (document.url if document else None)),
            first_seen=row.first_seen,
            resolved_at=row.resolved_at,
            document_id=row.document_id,
            doc_type=document.doc_type if document else None,
            level=document.level if document else None,
            department_id=row.department_id,
            department_name=department.name if department else None,
        )

    @property
    def severity_rank(self) -> int:
        return SEVERITY_RANK.get(self.severity, 0)

    def payload(self) -> dict[str, Any]:
        """The ``finding`` object of the contract's webhook payload, in its key order."""
        return {
            "id": self.id,
            "check": self.check,
            "severity": self.severity,
            "department": self.department,
            "region": self.region,
            "fiscal_year": self.fiscal_year,
            "message": self.message,
            "evidence": self.evidence,
            "url": self.url,
            "first_seen": self.first_seen,
        }


@dataclass(frozen=True)
class Delivery:
    """One ``deliveries`` row. ``row_id`` is None for a delivery a dry run only plans."""

    row_id: int | None
    delivery_id: str | None
    channel: str
    target: str
    subscription: str | None
    attempts: int
    finding: Finding
    last_error: str | None = field(default=None, compare=False)
