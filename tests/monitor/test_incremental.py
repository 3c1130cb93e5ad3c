"""An incremental cycle leaves the findings exactly as a full one would: two stores take
the same random sequence of changes (new, changed, re-parsed and removed documents,
aliases of one department, budgets beside final accounts, a deadline passing, a change of
[monitor] settings); one is checked incrementally (in small batches of regions) after
each step, the other whole in one pass."""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fiscalwatch import clock
from fiscalwatch.models import Figure, Page, ParsedDocument, Section
from fiscalwatch.monitor import runner
from fiscalwatch.monitor.runner import run_checks
from fiscalwatch.store import Store
from fiscalwatch.template import SECTIONS
from tests.monitor.builders import add_document, config

REGIONS = ("青川市", "白水县")
# Two names of one department (the short one merges into the long one inside a region),
# and a second department.
NAMES = ("青川市西区卫生健康委员会", "区卫健委", "青川市西区财政局")
YEARS = (2022, 2023, 2024)
DOC_TYPES = ("final_account", "final_account", "budget")
# Figure sets: consistent, a share above 100% of its basis, a 三公 jump, a total off
# by a factor, and none at all.
VARIANTS = 5
COLUMNS = (
    '"check", severity, department, department_key, region, fiscal_year, document_id,'
    " source, url, message, evidence, fingerprint, first_seen, resolved_at"
)


def figures(variant: int, year: int) -> list[dict[str, Any]]:
    if variant == 4:
        return []
    spend = 500.0 + 10 * (year - 2022)
    three = 20.0 if variant != 2 else 60.0
    rows: list[dict[str, Any]] = [
        {"key": "income_total", "value": spend, "page": 2, "text": f"收入总计{spend}万元"},
        {"key": "expenditure_total", "value": spend, "page": 2, "text": f"支出总计{spend}万元"},
        {"key": "expenditure_current_year", "value": spend, "page": 2, "text": "本年支出"},
        {"key": "three_public_total", "value": three, "page": 3, "text": f"三公{three}万元"},
        {"key": "vehicle_total", "value": three, "page": 3, "text": "公务用车"},
        {"key": "overseas_travel", "value": 0.0, "page": 3, "text": "出国"},
        {"key": "official_reception", "value": 0.0, "page": 3, "text": "接待"},
    ]
    if variant == 1:
        general = {"key": "general_budget_expenditure", "value": spend * 0.9, "page": 3}
        rows.append({**general, "text": "一般公共预算财政拨款支出"})
        rows.append(
            {
                "key": "general_budget_expenditure_share",
                "value": 130.0,
                "unit": "%",
                "page": 3,
                "text": "占130%",
                "basis": "expenditure_current_year",
            }
        )
    if variant == 3:
        rows[0] = {**rows[0], "value": spend * 10_000}
    return rows


publish = st.tuples(
    st.just("publish"),
    st.sampled_from(REGIONS),
    st.sampled_from(NAMES),
    st.sampled_from(YEARS),
    st.sampled_from(DOC_TYPES),
    st.integers(0, VARIANTS - 1),
)
remove = st.tuples(
    st.just("remove"), st.sampled_from(REGIONS), st.sampled_from(NAMES), st.sampled_from(YEARS)
)
reparse = st.tuples(
    st.just("reparse"),
    st.sampled_from(REGIONS),
    st.sampled_from(NAMES),
    st.sampled_from(YEARS),
    st.integers(0, VARIANTS - 1),
)
other = st.sampled_from([("deadline",), ("settings",), ("nothing",)])
steps = st.lists(st.one_of(publish, publish, remove, reparse, other), min_size=3, max_size=9)


def url(region: str, name: str, year: int, doc_type: str = "final_account") -> str:
    return f"http://127.0.0.1:8001/{region}/{name}/{year}/{doc_type}.pdf"


def apply(store: Store, step: tuple[Any, ...]) -> None:
    kind = step[0]
    if kind == "publish":
        _, region, name, year, doc_type, variant = step
        add_document(
            store,
            url=url(region, name, year, doc_type),
            department=name,
            year=year,
            region=region,
            doc_type=doc_type,
            pages=["", f"{name}{year}年度", "三公经费"],
            figures=figures(variant, year),
            data=f"{region}{name}{year}{doc_type}{variant}".encode(),
        )
    elif kind in ("remove", "reparse"):
        region, name, year = step[1:4]
        current = store.current_document(url(region, name, year))
        if current is None:
            return
        if kind == "remove":
            store.mark_removed(current["id"], "gone")
            return
        parsed = ParsedDocument(
            doc_type="final_account",
            department=name,
            fiscal_year=year,
            pages=[Page(1, ""), Page(2, name), Page(3, "三公经费")],
            sections=[Section(key, title, 1) for key, title in SECTIONS.items()],
            figures=[Figure(**{"unit": "万元", **row}) for row in figures(step[4], year)],
        )
        store.save_parse(current["id"], parsed)


def findings(store: Store) -> list[tuple[Any, ...]]:
    # last_seen differs by design: a full pass touches findings it merely re-confirms.
    return sorted(store.db.execute(f"SELECT {COLUMNS} FROM findings").fetchall(), key=str)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps)
def test_incremental_cycles_keep_the_same_findings_as_full_ones(
    monkeypatch: pytest.MonkeyPatch, sequence: list[tuple[Any, ...]]
) -> None:
    now = [datetime(2025, 9, 1, tzinfo=UTC)]
    monkeypatch.setattr(clock, "now", lambda: now[-1])
    as_of, threshold = date(2025, 9, 20), 30.0
    with tempfile.TemporaryDirectory() as scratch:
        incremental = Store(Path(scratch) / "a.db", Path(scratch) / "files")
        full = Store(Path(scratch) / "b.db", Path(scratch) / "files")
        for step in sequence:
            now.append(now[-1] + timedelta(hours=1))
            if step[0] == "deadline":
                as_of = date(2025, 10, 15)  # the 2024 accounts become overdue
            if step[0] == "settings":
                threshold = 10.0
            # The incremental store is also checked in batches of a region or two, the
            # full one in a single pass.
            for store, whole, batch in ((incremental, False, 2), (full, True, 10**6)):
                monkeypatch.setattr(runner, "BATCH_DOCUMENTS", batch)
                apply(store, step)
                summary = run_checks(
                    store.db, config(yoy_threshold_pct=threshold, workers=1), as_of, full=whole
                )
                assert summary.errors == {}
            assert findings(incremental) == findings(full), step
        incremental.close()
        full.close()


def test_an_unchanged_region_is_not_rechecked(store: Store) -> None:
    for region in REGIONS:
        apply(store, ("publish", region, NAMES[0], 2023, "final_account", 3))
    run_checks(store.db, config(), date(2025, 10, 15))
    apply(store, ("publish", REGIONS[0], NAMES[0], 2024, "final_account", 0))
    summary = run_checks(store.db, config(), date(2025, 10, 15))
    assert summary.changed_regions == 1
    assert not summary.per_check["unit_mismatch"].whole
    # The other region's open finding was neither re-found nor resolved.
    assert summary.per_check["unit_mismatch"].found == 1
    assert summary.per_check["unit_mismatch"].open == 2


def test_a_settings_change_rechecks_everything(store: Store) -> None:
    apply(store, ("publish", REGIONS[0], NAMES[0], 2023, "final_account", 0))
    run_checks(store.db, config(), date(2025, 10, 15))
    summary = run_checks(store.db, config(yoy_threshold_pct=10), date(2025, 10, 15))
    assert summary.changed_regions == 0
    assert all(counts.whole for counts in summary.per_check.values())
    summary = run_checks(store.db, config(yoy_threshold_pct=10), date(2025, 10, 15))
    assert not summary.per_check["yoy_anomaly"].whole


def test_a_passing_deadline_rechecks_missing_documents_only(store: Store) -> None:
    apply(store, ("publish", REGIONS[0], NAMES[0], 2023, "final_account", 0))
    run_checks(store.db, config(), date(2025, 9, 20))
    summary = run_checks(store.db, config(), date(2025, 10, 15))
    assert summary.per_check["missing_document"].whole
    assert summary.per_check["missing_document"].new == 1
    assert not summary.per_check["yoy_anomaly"].whole


def test_lost_triggers_make_the_next_cycle_whole(store: Store) -> None:
    run_checks(store.db, config(), date(2025, 10, 15))
    store.db.execute("DROP TRIGGER check_dirty_documents_insert")
    summary = run_checks(store.db, config(), date(2025, 10, 15))
    assert all(counts.whole for counts in summary.per_check.values())


def test_a_whole_pass_in_reader_processes_finds_what_one_process_finds(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Several region batches: two reader processes compute them, this process stores
    them; the findings and every count are those of the same pass in one process."""
    monkeypatch.setattr(runner, "BATCH_DOCUMENTS", 2)
    monkeypatch.setattr(clock, "now", lambda: datetime(2025, 10, 1, tzinfo=UTC))
    regions = [f"{name}县" for name in ("甲", "乙", "丙", "丁", "戊")]
    stores = {}
    for workers in (1, 2):
        store = stores[workers] = Store(tmp_path / f"{workers}.db", tmp_path / "files")
        for index, region in enumerate(regions):
            for name in NAMES:
                for year in YEARS[1:]:
                    apply(store, ("publish", region, name, year, "final_account", index % 4))
            apply(store, ("remove", region, NAMES[2], 2024))
    summaries = {
        workers: run_checks(store.db, config(workers=workers), date(2025, 10, 15), full=True)
        for workers, store in stores.items()
    }
    assert (summaries[1].readers, summaries[2].readers) == (0, 2)
    assert findings(stores[2]) == findings(stores[1])
    assert len(findings(stores[1])) >= 10
    for summary in summaries.values():
        assert summary.errors == {}
        for counts in summary.per_check.values():
            counts.seconds = 0.0
        summary.seconds = 0.0
        summary.readers = 0
    assert summaries[2] == summaries[1]


def reader_that_dies(*_args: Any) -> Any:
    """A check reader's job that kills its process (as the kernel's OOM killer would)."""
    os._exit(9)


def test_a_pass_whose_readers_die_finishes_in_the_checking_process(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(runner, "BATCH_DOCUMENTS", 2)
    monkeypatch.setattr(runner, "check_batch", reader_that_dies)
    store = Store(tmp_path / "fw.db", tmp_path / "files")
    for index, region in enumerate(("甲县", "乙县", "丙县")):
        apply(store, ("publish", region, NAMES[0], 2023, "final_account", index))
    summary = run_checks(store.db, config(workers=2), date(2025, 10, 15), full=True)
    assert summary.errors == {} and summary.readers == 0  # the pass finished here
    alone = Store(tmp_path / "alone.db", tmp_path / "files")
    for index, region in enumerate(("甲县", "乙县", "丙县")):
        apply(alone, ("publish", region, NAMES[0], 2023, "final_account", index))
    run_checks(alone.db, config(workers=1), date(2025, 10, 15), full=True)
    assert [row[:-2] for row in findings(store)] == [row[:-2] for row in findings(alone)]
