"""Typed rows the store hands to components: a ``documents`` row, a ``findings`` row and
a ``figures`` row.

Components read documents and findings through :class:`fiscalwatch.store.Store` methods
returning these (never their own ``SELECT ... FROM documents``); a component that needs
more (the report's copy of an original, the alerts' public link) wraps or extends them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Any, Self

from fiscalwatch.models import DEFAULT_LEVEL


class _Row:
    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Self:
        """From a row of any query: columns the class lacks are ignored."""
        names = _field_names(cls)
        return cls(**{k: v for k, v in row.items() if k in names})


_FIELDS: dict[type, frozenset[str]] = {}


def _field_names(cls: type) -> frozenset[str]:
    if cls not in _FIELDS:
        _FIELDS[cls] = frozenset(f.name for f in fields(cls))
    return _FIELDS[cls]


@dataclass
class DocumentRow(_Row):
    """One stored version of a document (``documents``)."""

    id: int
    url: str
    sha256: str
    fetched_at: str
    status: str
    source: str | None = None
    page_url: str | None = None
    title: str | None = None
    department: str | None = None  # the full name as the document or site gives it
    department_key: str | None = None
    department_id: int | None = None  # fiscalwatch.store.departments
    region: str | None = None
    fiscal_year: int | None = None
    doc_type: str | None = None
    level: str | None = None  # department | unit | own_office
    filename: str | None = None
    content_type: str | None = None
    size: int | None = None
    file_path: str | None = None
    last_seen_at: str | None = None
    published_at: str | None = None
    parsed_at: str | None = None
    error: str | None = None
    pages: int | None = None
    ocr_pages: int | None = None
    parser_version: str | None = None
    previous_id: int | None = None
    is_current: int = 1
    removed_at: str | None = None
    removal_reason: str | None = None

    @property
    def level_or_default(self) -> str:
        return self.level or DEFAULT_LEVEL


@dataclass
class FindingRow(_Row):
    """One ``findings`` row, its evidence decoded (malformed JSON kept as ``{"raw": …}``)."""

    id: int
    check: str
    severity: str
    message: str
    evidence: dict[str, Any]
    fingerprint: str
    first_seen: str
    last_seen: str
    department: str | None = None  # full name, as in documents
    department_key: str | None = None
    department_id: int | None = None
    region: str | None = None
    fiscal_year: int | None = None
    document_id: int | None = None
    source: str | None = None
    url: str | None = None
    resolved_at: str | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Self:
        names = _field_names(cls)
        values = {k: v for k, v in row.items() if k in names}
        values["evidence"] = decode_evidence(row.get("evidence"))
        return cls(**values)


@dataclass
class FigureRow(_Row):
    """One ``figures`` row: a value a document states, and where it was read."""

    document_id: int
    key: str
    value: float
    unit: str
    page: int | None = None
    text: str | None = None
    origin: str = "text"  # text | table | ocr
    basis: str | None = None
    table_key: str | None = None


@dataclass
class DocumentFigureRow(FigureRow):
    """A figure with the document it is read from (the exports' row)."""

    region: str | None = None
    department: str | None = None
    department_key: str | None = None
    fiscal_year: int | None = None
    doc_type: str | None = None
    document_url: str | None = None


def decode_evidence(raw: Any) -> dict[str, Any]:
    if isinstance(raw, dict):
        return raw
    try:
        evidence = json.loads(raw or "{}")
    except (TypeError, ValueError):
        return {"raw": raw}
    return evidence if isinstance(evidence, dict) else {"value": evidence}
