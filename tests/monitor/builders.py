"""Stores built through the real Store API (record_document + save_parse), from the
seed case tables in cases/ or from figures given inline."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from fiscalwatch.config import Config, config_from_dict
from fiscalwatch.models import Figure, Page, ParsedDocument, Section, Table
from fiscalwatch.monitor.runner import CheckSummary, run_checks
from fiscalwatch.store import Store
from fiscalwatch.template import ALL_TABLES, SECTIONS, TABLES
from tests import conftest as shared

CASES = Path(__file__).parent / "cases"
AFTER_DEADLINE = date(2025, 10, 15)


@cache
def seeds() -> dict[str, dict[str, Any]]:
    data = tomllib.loads((CASES / "seeds.toml").read_text(encoding="utf-8"))
    pages = tomllib.loads((CASES / "seed_pages.toml").read_text(encoding="utf-8"))
    for name, seed in data.items():
        seed["pages"] = pages[name]["pages"]
    return data


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


HALF_WIDTH = str.maketrans("，：（）；", ",:();")


def sentence_around(pages: Sequence[str], page: int, anchor: str) -> str:
    """The sentence of ``pages[page - 1]`` holding ``anchor`` (spaces and the width of
    punctuation ignored)."""
    text = compact(pages[page - 1])
    at = text.translate(HALF_WIDTH).find(compact(anchor).translate(HALF_WIDTH))
    if at < 0:
        raise AssertionError(f"anchor {anchor!r} not on page {page}")
    start = max(text.rfind("。", 0, at), text.rfind("；", 0, at)) + 1
    end = text.find("。", at + len(compact(anchor)))
    return text[start : end + 1 if end >= 0 else len(text)]


def figure(row: Any, pages: Sequence[str] = ()) -> Figure:
    """A figure from a case row: [key, value, page, anchor(, basis)] or a table."""
    if isinstance(row, dict):
        return Figure(**{"unit": "万元", **row})
    key, value, page, anchor, *basis = row
    text = sentence_around(pages, page, anchor) if pages else anchor
    unit = "%" if key.endswith(("_share", "_change_pct")) else "万元"
    return Figure(key, float(value), unit, page, text, "text", basis[0] if basis else None)


def add_document(
    store: Store,
    *,
    url: str,
    department: str | None,
    year: int | None,
    region: str | None = "青川市",
    doc_type: str = "final_account",
    source: str = "test",
    page_url: str | None = None,
    pages: Sequence[str] = (),
    sections: str | Iterable[str] = "all",
    tables: str | Iterable[str] = "all",
    empty_tables: Iterable[str] = (),
    unparsed_tables: Iterable[str] = (),
    table_notes: dict[str, str] | None = None,
    figures: Iterable[Any] = (),
    published_at: str | None = None,
    data: bytes | None = None,
    level: str | None = None,
) -> int:
    section_keys = list(SECTIONS) if sections == "all" else list(sections)
    table_keys = list(TABLES) if tables == "all" else [] if tables == "none" else list(tables)
    empty = set(empty_tables)
    unparsed = set(unparsed_tables)
    notes = table_notes or {}
    parsed = ParsedDocument(
        doc_type=doc_type,
        department=department,
        fiscal_year=year,
        pages=[Page(i + 1, text) for i, text in enumerate(pages)],
        sections=[Section(key, SECTIONS[key], None) for key in section_keys],
        tables=[
            Table(
                key,
                ALL_TABLES[key],
                7 + i,
                empty=key in empty,
                note=notes.get(key),
                status="unparsed" if key in unparsed else "empty" if key in empty else "parsed",
            )
            for i, key in enumerate(table_keys)
        ],
        figures=[figure(row, pages) for row in figures],
        level=level,
    )
    return shared.add_document(
        store,
        parsed=parsed,
        url=url,
        data=data if data is not None else f"%PDF-1.4 {url} {department} {year}".encode(),
        source=source,
        page_url=page_url,
        department=department,
        region=region,
        fiscal_year=year,
        doc_type=doc_type,
        published_at=published_at,
        title=None,
    )


def add_seed(
    store: Store,
    name: str,
    *,
    year: int = 2024,
    url: str | None = None,
    figures: Iterable[Any] | None = None,
    **overrides: Any,
) -> int:
    seed = seeds()[name]
    arguments: dict[str, Any] = {
        "url": url or f"http://127.0.0.1:8001/{name}/{year}.pdf",
        "department": seed["department"],
        "year": year,
        "region": seed["region"],
        "pages": seed["pages"],
        "sections": seed["sections"],
        "tables": seed["tables"],
        "empty_tables": seed["empty_tables"],
        "figures": seed["figures"] if figures is None else figures,
    }
    arguments.update(overrides)
    return add_document(store, **arguments)


def config(**monitor: Any) -> Config:
    sources = monitor.pop("sources", [])
    return config_from_dict({"monitor": monitor, "sources": sources})


def check(
    store: Store,
    as_of: date = AFTER_DEADLINE,
    only: list[str] | None = None,
    full: bool = False,
    **monitor: Any,
) -> CheckSummary:
    return run_checks(store.db, config(**monitor), as_of, only, full=full)


def open_findings(store: Store, check_name: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT * FROM findings WHERE resolved_at IS NULL"
    params: list[Any] = []
    if check_name:
        sql += ' AND "check" = ?'
        params.append(check_name)
    rows = list(store.db.query(sql + " ORDER BY id", params))
    for row in rows:
        row["evidence"] = json.loads(row["evidence"])
    return rows


def finding_key(row: dict[str, Any]) -> str:
    """ "check:what" — the metric, section, kind or year the finding is about."""
    evidence = row["evidence"]
    what = next(
        (evidence[k] for k in ("metric", "section", "kind") if evidence.get(k) is not None),
        row["fiscal_year"],
    )
    return f"{row['check']}:{what}"


def finding_keys(store: Store, check_name: str | None = None) -> list[str]:
    return sorted(finding_key(row) for row in open_findings(store, check_name))
