"""Builders for the analyst-facing tests (search, export, serve, triage): documents with
pages and figures stored through the real Store API, and findings rows."""

from __future__ import annotations

import json
from pathlib import Path

from fiscalwatch.models import Figure, Page, ParsedDocument
from fiscalwatch.store import Store


def add_document(
    store: Store,
    url: str,
    *,
    pages: list[str] | None = None,
    figures: dict[str, float] | None = None,
    department: str = "青川市统计局",
    region: str = "青川市",
    year: int = 2024,
    doc_type: str = "final_account",
    published_at: str | None = None,
    data: bytes | None = None,
) -> int:
    stored = store.record_document(
        url=url,
        data=data or url.encode(),
        source="s",
        department=department,
        region=region,
        fiscal_year=year,
        published_at=published_at,
        title=f"{department}{year}年度部门决算",
    )
    parsed = ParsedDocument(
        doc_type=doc_type,
        pages=[Page(i + 1, text) for i, text in enumerate(pages or [])],
        figures=[
            Figure(key, value, page=3, origin="table") for key, value in (figures or {}).items()
        ],
    )
    store.save_parse(stored.document_id, parsed)
    return stored.document_id


def add_finding(store: Store, number: int, **values: object) -> None:
    row: dict[str, object] = {
        "check": "yoy_anomaly",
        "severity": "warning",
        "department": "青川市统计局",
        "department_key": "青川市统计局",
        "region": "青川市",
        "fiscal_year": 2024,
        "message": "支出总计比上年增加 50%",
        "evidence": json.dumps({"metric": "expenditure_total"}),
        "fingerprint": f"fp-{number}",
        "first_seen": "2025-10-01T07:00:00+00:00",
        "last_seen": "2025-10-02T07:00:00+00:00",
    }
    row.update(values)
    store.db.table("findings").insert({"id": number, **row})


def write_config(tmp_path: Path, extra: str = "") -> Path:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[storage]\ndatabase = "{tmp_path / "fw.db"}"\nfiles = "{tmp_path / "files"}"\n{extra}',
        encoding="utf-8",
    )
    return config
