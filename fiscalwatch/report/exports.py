"""Machine-readable files next to the pages: findings and figures as CSV and JSON, and an
Atom feed of findings for people who prefer a feed reader to e-mail.

CSV files start with a UTF-8 byte-order mark so Excel opens the Chinese text correctly,
and every text cell that a spreadsheet would take for a formula is written as text.
Only http(s) URLs are published: an ingested file's ``file://`` path stays private.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

import sqlite_utils

from fiscalwatch.figures import label
from fiscalwatch.labels import SEVERITY_LABELS
from fiscalwatch.links import finding_path
from fiscalwatch.public import formula_safe, public_url, xml_text
from fiscalwatch.report.labels import check_label
from fiscalwatch.report.model import Finding, ReportData, read_findings
from fiscalwatch.report.pages import FindingPager
from fiscalwatch.store import reads
from fiscalwatch.store.figure_reads import count_current_figures, current_figures

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
    "triage",
    "triage_reason",
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
    return finding_path(finding.id, finding.list_page)


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
        "url": public_url(finding.url),
        "message": finding.message,
        "evidence": finding.evidence,
        "first_seen": finding.first_seen,
        "last_seen": finding.last_seen,
        "resolved_at": finding.resolved_at,
        "triage": finding.triage,
        "triage_reason": finding.triage_reason,
        "permalink": finding_permalink(finding),
    }


def figure_records(
    db: sqlite_utils.Database, region: str | None = None, year: int | None = None
) -> Iterator[dict[str, Any]]:
    """Every figure of every current document version (of ``region``, ``year`` when
    given) as an export's record, with where it was read; one row at a time."""
    for row in current_figures(db, region, year):
        record = {column: getattr(row, column, None) for column in FIGURE_COLUMNS}
        yield {**record, "document_url": public_url(row.document_url), "label": label(row.key)}


def _csv_row(record: dict[str, Any]) -> dict[str, Any]:
    return {
        k: formula_safe(json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v)
        for k, v in record.items()
    }


class _JsonItems:
    """Writes ``{"generated": …, "count": n, "items": [...]}`` one item at a time, byte for
    byte what ``json.dumps`` of the whole payload gives, without holding the items."""

    def __init__(self, handle: TextIO, generated: str, count: int) -> None:
        self.handle = handle
        self.written = 0
        head = json.dumps({"generated": generated, "count": count}, ensure_ascii=False)
        handle.write(head[:-1] + ', "items": [')

    def add(self, record: dict[str, Any]) -> None:
        if self.written:
            self.handle.write(", ")
        self.handle.write(json.dumps(record, ensure_ascii=False))
        self.written += 1

    def close(self) -> None:
        self.handle.write("]}")


@contextmanager
def _csv_and_json(
    csv_path: Path, json_path: Path, columns: tuple[str, ...], generated: str, count: int
) -> Iterator[Callable[[dict[str, Any]], None]]:
    """Yields ``add(record)``, which writes a record as a row of ``csv_path`` and an item
    of ``json_path`` (``count`` of them heads the JSON): both files in one pass,
    streamed to disk."""
    with (
        csv_path.open("w", encoding="utf-8-sig", newline="") as table,
        json_path.open("w", encoding="utf-8") as document,
    ):
        writer = csv.DictWriter(table, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        items = _JsonItems(document, generated, count)

        def add(record: dict[str, Any]) -> None:
            writer.writerow(_csv_row(record))
            items.add(record)

        yield add
        items.close()


def write_figure_exports(
    csv_path: Path, json_path: Path, db: sqlite_utils.Database, generated: str
) -> int:
    """figures.csv and figures.json in one pass over the rows, streamed to disk: a
    national store has tens of millions of figures. Read in one snapshot, so the count
    at the top of the JSON is the number of items below it even while a crawl writes."""
    written = 0
    with reads.read_snapshot(db):
        count = count_current_figures(db)
        with _csv_and_json(csv_path, json_path, FIGURE_COLUMNS, generated, count) as add:
            for record in figure_records(db):
                add(record)
                written += 1
    return written


FIGURE_EXPORTS = ["figures.csv", "figures.json"]
FINDING_EXPORTS = ["findings.csv", "findings.json"]


def write_finding_exports(
    out_dir: Path, findings: Iterable[Finding], count: int, generated: str
) -> list[str]:
    """findings.csv and findings.json of ``findings`` (``count`` of them, newest first,
    each placed on its page for its permalink); returns their names."""
    csv_path, json_path = (out_dir / name for name in FINDING_EXPORTS)
    with _csv_and_json(csv_path, json_path, FINDING_COLUMNS, generated, count) as add:
        for finding in findings:
            add(finding_record(finding))
    return FINDING_EXPORTS


def write_store_finding_exports(
    db: sqlite_utils.Database, out_dir: Path, generated: str
) -> list[str]:
    """findings.csv and findings.json of every finding in the store, read one at a time
    in one snapshot (a ``StoreReaders`` job: a national store holds hundreds of
    thousands)."""
    with reads.read_snapshot(db):
        count = reads.count_findings(db)
        findings = FindingPager(count).placed_all(read_findings(db))
        return write_finding_exports(out_dir, findings, count, generated)


def write_figure_exports_into(db: sqlite_utils.Database, out_dir: Path, generated: str) -> int:
    """figures.csv and figures.json in ``out_dir`` (a ``StoreReaders`` job)."""
    return write_figure_exports(out_dir / "figures.csv", out_dir / "figures.json", db, generated)


def rfc3339(text: str) -> str:
    """Store timestamps as RFC 3339; a naive one is UTC (``clock.now_iso`` writes UTC)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat()


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(rfc3339(text))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def write_atom(
    path: Path, data: ReportData, title: str, base_url: str | None, feed_id: str
) -> None:
    """An Atom 1.0 feed of the newest findings, one entry per finding (feedgen).

    Entry ids are tag URIs built from the finding's fingerprint, so an entry keeps its id
    across rebuilds and hosts; links are absolute when ``[report] base_url`` is set.
    Crawled text loses the characters XML cannot carry; only http(s) sources are linked.
    """
    from feedgen.feed import FeedGenerator

    base = (base_url or "").rstrip("/") + "/" if base_url else ""
    entries = data.findings[:FEED_ENTRIES]
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(xml_text(f"{title}：新发现的问题"))
    feed.updated(_moment(max((f.first_seen for f in entries), default=data.built_at)))
    feed.link(href=f"{base}findings.atom", rel="self", type="application/atom+xml")
    feed.link(href=f"{base}findings.html", rel="alternate", type="text/html")
    feed.author(name="fiscalwatch")
    feed.generator("fiscalwatch")
    rels: list[list[str]] = []  # per entry, the rel of each link in order
    for finding in entries:
        where = " · ".join(
            part
            for part in (
                finding.department or finding.source or "",
                f"{finding.fiscal_year}年度" if finding.fiscal_year else "",
            )
            if part
        )
        severity = SEVERITY_LABELS.get(finding.severity, finding.severity)
        entry = feed.add_entry(order="append")
        entry.id(f"{feed_id}/finding/{quote(finding.fingerprint, safe='')}")
        entry.title(xml_text(f"[{severity}] {check_label(finding.check)}：{where}"))
        entry.updated(_moment(finding.first_seen))
        entry.published(_moment(finding.first_seen))
        entry.link(href=f"{base}{finding_permalink(finding)}", rel="alternate")
        rels.append(["alternate"])
        source = public_url(finding.url)
        if source:
            entry.link(href=xml_text(source), rel="related")
            rels[-1].append("related")
        entry.category(term=finding.check, label=xml_text(check_label(finding.check)))
        entry.summary(xml_text(finding.message))
    path.write_bytes(_with_link_rels(feed.atom_str(pretty=True), rels))


def _with_link_rels(xml: bytes, rels: list[list[str]]) -> bytes:
    """feedgen 1.0 writes an entry's links without their ``rel`` (its loop variable
    shadows the link's data), so a related source link would read as the alternate.
    Puts them back, in the order the links were added."""
    from lxml import etree

    atom = "{http://www.w3.org/2005/Atom}"
    root = etree.fromstring(xml)
    for entry, entry_rels in zip(root.iter(f"{atom}entry"), rels, strict=True):
        for link, rel in zip(entry.iter(f"{atom}link"), entry_rels, strict=True):
            link.set("rel", rel)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
