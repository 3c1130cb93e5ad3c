"""Machine-readable files next to the pages: findings and figures as CSV and JSON, and an
Atom feed of findings for people who prefer a feed reader to e-mail.

CSV files start with a UTF-8 byte-order mark so Excel opens the Chinese text correctly.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree as ET

import sqlite_utils

from fiscalwatch.figures import label
from fiscalwatch.labels import SEVERITY_LABELS
from fiscalwatch.report.labels import check_label
from fiscalwatch.report.model import Finding, ReportData

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 200

FINDING_COLUMNS = (
    "id",
    "check",
    "check_label",
    "severity",
    "department",
    "department_key",
    "region",
    "fiscal_year",
    "document_id",
    "url",
    "message",
    "evidence",
    "first_seen",
    "last_seen",
    "resolved_at",
    "permalink",
)
FIGURE_COLUMNS = (
    "region",
    "department",
    "department_key",
    "fiscal_year",
    "doc_type",
    "document_id",
    "document_url",
    "key",
    "label",
    "value",
    "unit",
    "page",
    "origin",
    "table_key",
    "basis",
    "text",
)


def finding_permalink(finding: Finding) -> str:
    return f"{finding.list_page}#{finding.anchor}"


def finding_record(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.id,
        "check": finding.check,
        "check_label": check_label(finding.check),
        "severity": finding.severity,
        "department": finding.department,
        "department_key": finding.department_key,
        "region": finding.region,
        "fiscal_year": finding.fiscal_year,
        "document_id": finding.document_id,
        "url": finding.url,
        "message": finding.message,
        "evidence": finding.evidence,
        "first_seen": finding.first_seen,
        "last_seen": finding.last_seen,
        "resolved_at": finding.resolved_at,
        "permalink": finding_permalink(finding),
    }


def figure_records(db: sqlite_utils.Database) -> Iterable[dict[str, Any]]:
    """Every figure of every current document version, with where it was read."""
    query = """
        SELECT d.region, d.department, d.department_key, d.fiscal_year, d.doc_type,
               f.document_id, d.url AS document_url, f.key, f.value, f.unit, f.page,
               f.origin, f.table_key, f.basis, f.text
        FROM figures f JOIN documents d ON d.id = f.document_id
        WHERE d.is_current = 1
        ORDER BY d.region, d.department_key, d.fiscal_year, f.document_id, f.id
    """
    for row in db.query(query):
        yield {**row, "label": label(row["key"])}


def write_csv(path: Path, columns: tuple[str, ...], records: Iterable[dict[str, Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for record in records:
            writer.writerow(
                {
                    k: json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v
                    for k, v in record.items()
                }
            )
            count += 1
    return count


def write_json(path: Path, records: list[dict[str, Any]], generated: str) -> None:
    payload = {"generated": generated, "count": len(records), "items": records}
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")


def write_exports(out_dir: Path, db: sqlite_utils.Database, data: ReportData) -> list[str]:
    """Writes the four data files; returns their names."""
    findings = [finding_record(f) for f in data.findings]
    write_csv(out_dir / "findings.csv", FINDING_COLUMNS, findings)
    write_json(out_dir / "findings.json", findings, data.built_at)
    figures = list(figure_records(db))
    write_csv(out_dir / "figures.csv", FIGURE_COLUMNS, figures)
    write_json(out_dir / "figures.json", figures, data.built_at)
    return ["findings.csv", "findings.json", "figures.csv", "figures.json"]


def rfc3339(text: str) -> str:
    """Store timestamps as RFC 3339; a naive one is UTC (``clock.now_iso`` writes UTC)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat()


def write_atom(
    path: Path, data: ReportData, title: str, base_url: str | None, feed_id: str
) -> None:
    """An Atom 1.0 feed of the newest findings, one entry per finding.

    Entry ids are tag URIs built from the finding's fingerprint, so an entry keeps its id
    across rebuilds and hosts; links are absolute when ``[report] base_url`` is set.
    """
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    base = (base_url or "").rstrip("/") + "/" if base_url else ""
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "title", f"{title}：新发现的问题")
    sub(feed, "id", feed_id)
    entries = data.findings[:FEED_ENTRIES]
    sub(feed, "updated", rfc3339(max((f.first_seen for f in entries), default=data.built_at)))
    sub(feed, "link", rel="self", href=f"{base}findings.atom", type="application/atom+xml")
    sub(feed, "link", rel="alternate", href=f"{base}findings.html", type="text/html")
    author = sub(feed, "author")
    sub(author, "name", "fiscalwatch")
    sub(feed, "generator", "fiscalwatch")
    for finding in entries:
        entry = sub(feed, "entry")
        where = " · ".join(
            part
            for part in (
                finding.department or finding.source or "",
                f"{finding.fiscal_year}年度" if finding.fiscal_year else "",
            )
            if part
        )
        severity = SEVERITY_LABELS.get(finding.severity, finding.severity)
        sub(entry, "title", f"[{severity}] {check_label(finding.check)}：{where}")
        sub(entry, "id", f"{feed_id}/finding/{quote(finding.fingerprint, safe='')}")
        sub(entry, "updated", rfc3339(finding.first_seen))
        sub(entry, "published", rfc3339(finding.first_seen))
        sub(entry, "link", rel="alternate", href=f"{base}{finding_permalink(finding)}")
        if finding.url:
            sub(entry, "link", rel="related", href=finding.url)
        sub(entry, "category", term=finding.check, label=check_label(finding.check))
        sub(entry, "summary", finding.message)
    tree = ET.ElementTree(feed)
    ET.indent(tree, space=" ")
    tree.write(path, encoding="utf-8", xml_declaration=True)
