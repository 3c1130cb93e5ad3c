"""Fixtures of the report tests: the sample store and a report built from it.

``site`` is built once per module and must be treated as read-only; a test that changes
the store or the output folder takes ``fresh_site``.
"""

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


def _build(root: Path, monkeypatch: pytest.MonkeyPatch) -> Site:
    store, ids = build_sample(root / "store", monkeypatch)
    summary = build_report(store.db, sample_config(), root / "site", files=store.files)
    return Site(root / "site", summary, store, ids)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        built = _build(tmp_path_factory.mktemp("site"), monkeypatch)
    yield built
    built.store.close()


@pytest.fixture
def fresh_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    built = _build(tmp_path, monkeypatch)
    yield built
    built.store.close()
