"""Fixtures of the report tests: the sample store and a report built from it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import html

from fiscalwatch.report import ReportSummary, build_report
from fiscalwatch.store import Store
from tests.report.sample import build_sample, sample_config


@dataclass
class Site:
    out: Path
    summary: ReportSummary
    store: Store
    ids: dict[str, int]

    def page(self, name: str) -> html.HtmlElement:
        return html.fromstring((self.out / name).read_text(encoding="utf-8"))

    def department_page(self, name: str) -> html.HtmlElement:
        for path in sorted((self.out / "departments").glob("*.html")):
            tree = html.fromstring(path.read_text(encoding="utf-8"))
            if tree.findtext(".//h1") == name:
                return tree
        raise AssertionError(f"no department page for {name}")


@pytest.fixture
def sample(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Store, dict[str, int]]]:
    store, ids = build_sample(tmp_path / "store", monkeypatch)
    yield store, ids
    store.close()


@pytest.fixture
def site(sample: tuple[Store, dict[str, int]], tmp_path: Path) -> Site:
    store, ids = sample
    out = tmp_path / "site"
    summary = build_report(store.db, sample_config(), out, files=store.files)
    return Site(out, summary, store, ids)
