"""Fixtures and builders shared by every test package. Component fixtures live in
tests/<component>/.

The builders store through the real Store API with defaults a reader can rely on, so a
test names only what it is about: ``add_document(store, fiscal_year=2023)``,
``add_finding(store, check="yoy_anomaly")``, ``make_config(tmp_path, monitor={...})``."""

from __future__ import annotations

import importlib.abc
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from itertools import count
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import tomlkit

from fiscalwatch.departments import department_key
from fiscalwatch.models import Figure, Page, ParsedDocument, Section, Table
from fiscalwatch.store import Store

if TYPE_CHECKING:
    from fiscalwatch.config import Config
    from fiscalwatch.crawler.runner import CrawlSummary


class _ComponentsOnlyUnderTheirPackageName(importlib.abc.MetaPathFinder):
    """The repository root is on sys.path while the tests run, so ``import alerts`` would
    find the folder there although an installed fiscalwatch has no such module. Refuse
    it, as a user's interpreter would: components are ``fiscalwatch.alerts`` and so on."""

    def find_spec(self, fullname: str, path: object, target: object = None) -> None:
        if fullname.partition(".")[0] in ("crawler", "monitor", "alerts"):
            raise ModuleNotFoundError(
                f"No module named {fullname!r} (import fiscalwatch.{fullname})"
            )


sys.meta_path.insert(0, _ComponentsOnlyUnderTheirPackageName())

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = ROOT / "fixtures"

DEPARTMENT = "青川市统计局"
REGION = "青川市"
YEAR = 2024


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "fw.db", tmp_path / "files")
    yield opened
    opened.close()


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the checkout")
    return SHARED


def add_document(
    store: Store,
    *,
    pages: Iterable[str] = (),
    figures: Mapping[str, float] | Iterable[Figure] = (),
    sections: Iterable[Section] = (),
    tables: Iterable[Table] = (),
    level: str | None = None,
    parsed: ParsedDocument | None = None,
    parse: bool = True,
    parser_version: str | None = None,
    **overrides: Any,
) -> int:
    """Records a document (``overrides``: any ``Store.record_document`` argument) and,
    unless ``parse=False``, saves its parse: ``parsed`` as given, or one made of
    ``pages``, ``figures`` (a ``{key: value}`` map reads as table figures on page 3),
    ``sections``, ``tables`` and ``level``. Returns the document's id."""
    record: dict[str, Any] = {
        "source": "test",
        "department": DEPARTMENT,
        "region": REGION,
        "fiscal_year": YEAR,
        "doc_type": "final_account",
        **overrides,
    }
    year, department = record["fiscal_year"], record["department"]
    record.setdefault("url", f"http://127.0.0.1:8001/{record['source']}/{year}/{department}.pdf")
    record.setdefault("title", f"{department or ''}{year or ''}年度部门决算")
    record.setdefault("data", f"%PDF-1.4\n% {record['url']}\n".encode())
    stored = store.record_document(**record)
    if parse:
        if parsed is None:
            parsed = ParsedDocument(
                doc_type=record["doc_type"] or "final_account",
                pages=[Page(number, text) for number, text in enumerate(pages, start=1)],
                figures=list(as_figures(figures)),
                sections=list(sections),
                tables=list(tables),
                level=level,
            )
        store.save_parse(stored.document_id, parsed, parser_version)
    return stored.document_id


def as_figures(figures: Mapping[str, float] | Iterable[Figure]) -> Iterable[Figure]:
    if isinstance(figures, Mapping):
        return [Figure(key, value, page=3, origin="table") for key, value in figures.items()]
    return figures


_fingerprints = count(1)


def add_finding(store: Store, **overrides: Any) -> int:
    """Inserts a ``findings`` row with the contract's columns (``overrides`` replace any;
    ``evidence`` may be a dict); returns its id."""
    row: dict[str, Any] = {
        "check": "missing_section",
        "severity": "warning",
        "department": DEPARTMENT,
        "region": REGION,
        "fiscal_year": YEAR,
        "document_id": None,
        "source": None,
        "url": None,
        "message": f"{DEPARTMENT} {YEAR} 年度部门决算缺少“部门职责及机构设置”。",
        "evidence": {"section": "duties"},
        "fingerprint": f"test-{next(_fingerprints)}",
        "first_seen": "2025-10-01T07:00:00+00:00",
        "resolved_at": None,
        **overrides,
    }
    row.setdefault("department_key", department_key(row["department"]) or None)
    row.setdefault("last_seen", row["first_seen"])
    if not isinstance(row["evidence"], str):
        row["evidence"] = json.dumps(row["evidence"], ensure_ascii=False)
    finding_id = store.db.table("findings").insert(row).last_pk
    assert finding_id is not None
    return int(finding_id)


def config_data(tmp_path: Path, **sections: Any) -> dict[str, Any]:
    """A config as data: storage in ``tmp_path`` (``fw.db``, ``files/``) and each keyword
    as a section (a dict is a table, a list of dicts an array of tables, e.g.
    ``sources=[{...}]``); a ``storage`` keyword adds to the default one."""
    storage = {"database": str(tmp_path / "fw.db"), "files": str(tmp_path / "files")}
    return {"storage": {**storage, **sections.pop("storage", {})}, **sections}


def make_config(tmp_path: Path, **sections: Any) -> Path:
    """Writes :func:`config_data` to ``tmp_path/config.toml`` and returns its path."""
    path = tmp_path / "config.toml"
    path.write_text(tomlkit.dumps(config_data(tmp_path, **sections)), encoding="utf-8")
    return path


def crawl(config: Config, **options: Any) -> CrawlSummary:
    """One crawl of ``config``'s sources into its store, as ``fiscalwatch crawl`` runs it."""
    from fiscalwatch.crawler.runner import crawl_sources

    with Store.from_config(config) as store:
        return crawl_sources(store, config, run_id=options.pop("run_id", None), **options)
