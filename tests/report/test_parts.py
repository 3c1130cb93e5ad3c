"""A large report is written part by part (a few regions' documents in memory at a
time); the site is the same, byte for byte, whatever the size of the parts."""

from __future__ import annotations

from pathlib import Path

import pytest

from fiscalwatch.report import build_report, builder, model, pages
from tests.report.sample import build_sample, sample_config


def _site(root: Path, monkeypatch: pytest.MonkeyPatch, part_documents: int) -> dict[str, bytes]:
    store, _ = build_sample(root / "store", monkeypatch)
    monkeypatch.setattr(pages, "INLINE_DEPARTMENTS", 1)
    monkeypatch.setattr(pages, "DEPARTMENTS_PER_PAGE", 2)
    monkeypatch.setattr(pages, "FINDINGS_ON_ONE_PAGE", 1)
    monkeypatch.setattr(pages, "FINDINGS_PER_PAGE", 2)
    monkeypatch.setattr(model, "PART_DOCUMENTS", part_documents)
    out = root / "site"
    build_report(store.db, sample_config(), out, files=store.files)
    store.close()
    return {
        str(path.relative_to(out)): path.read_bytes()
        for path in sorted(out.rglob("*"))
        # Not findings.atom: its entry ids are the findings' fingerprints, which the
        # sample numbers afresh for each store it builds.
        if path.is_file() and path.suffix in (".html", ".csv", ".json")
    }


def test_a_report_written_region_by_region_is_the_one_written_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = _site(tmp_path / "whole", monkeypatch, part_documents=1_000_000)
    by_region = _site(tmp_path / "parts", monkeypatch, part_documents=1)
    store, _ = build_sample(tmp_path / "probe", monkeypatch)
    assert len(model.load_overview(store.db, "now").parts) == 2  # a region each
    store.close()
    assert sorted(by_region) == sorted(whole)
    assert any(name.startswith("departments/") for name in whole)
    assert any(name.startswith("regions/") for name in whole)
    different = [name for name in whole if whole[name] != by_region[name]]
    assert different == []


def test_a_large_report_holds_only_the_findings_it_lists_outside_the_regions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, _ = build_sample(tmp_path / "store", monkeypatch)
    monkeypatch.setattr(pages, "FINDINGS_ON_ONE_PAGE", 1)
    monkeypatch.setattr(pages, "NEWEST_ON_FRONT", 2)
    monkeypatch.setattr(builder, "FEED_ENTRIES", 3)
    everything = list(model.read_findings(store.db))
    overview = builder._overview(store.db)
    seen = overview.findings
    store.close()
    assert seen.total == len(everything) > 4
    assert seen.everything == []  # each region's are read again with its part
    assert [f.id for f in seen.latest_open] == [f.id for f in everything if f.is_open][:2]
    assert [f.id for f in seen.latest] == [f.id for f in everything][:3]
    assert (
        [f.id for f in seen.sources]
        == [f.id for f in everything if f.check == "source_unhealthy"]
        != []
    )
    kept = seen.kept()
    assert len(kept) < len(everything)
    # What is kept is ready to be listed: its page, its department's page, its document.
    assert all(f.list_page.startswith("findings/") for f in kept)
    assert all(f.department_slug for f in kept if f.department)
    assert all(f.document is not None for f in kept if f.document_id)
