"""The findings lifecycle: idempotent reruns, resolution, reopening under the same id,
and a failing check that neither stops the others nor resolves its own findings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

import pytest

from fiscalwatch import clock
from fiscalwatch.monitor.checks import all_checks
from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft
from fiscalwatch.monitor.runner import UnknownCheck
from fiscalwatch.store import Store
from tests.monitor.builders import add_document, add_seed, check, open_findings

SHARE_FIGURES = [
    ["general_budget_expenditure", 154.25, 3, "支出154.25万元"],
    ["expenditure_current_year", 157.60, 2, "本年支出合计157.60万元"],
]


def bad_share(value: float) -> list[list[object]]:
    row = [
        "general_budget_expenditure_share",
        value,
        3,
        "占本年支出合计的比例",
        "expenditure_current_year",
    ]
    return [*SHARE_FIGURES, row]


def publish(store: Store, share: float) -> int:
    """The same URL with new bytes each time the share changes: a new current version."""
    return add_document(
        store,
        url="http://127.0.0.1:8001/xq/2024.pdf",
        department="攀枝花市西区财政局",
        year=2024,
        figures=bad_share(share),
        data=f"%PDF share {share}".encode(),
    )


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """clock.now() returns the last time in the list; tests append to move it."""
    times = [datetime(2025, 10, 15, 8, 0, tzinfo=UTC)]
    monkeypatch.setattr(clock, "now", lambda: times[-1])
    return times


def test_rerun_creates_nothing_new_and_moves_last_seen(
    store: Store, frozen: list[datetime]
) -> None:
    add_seed(store, "seed_004")
    first = check(store)
    rows = open_findings(store)
    assert first.new == len(rows) > 0 and first.resolved == 0
    frozen.append(datetime(2025, 10, 16, 8, 0, tzinfo=UTC))
    second = check(store, full=True)
    assert (second.new, second.resolved, second.reopened) == (0, 0, 0)
    assert second.still_open == len(rows)
    again = open_findings(store)
    assert [r["id"] for r in again] == [r["id"] for r in rows]
    assert {r["first_seen"] for r in again} == {"2025-10-15T08:00:00+00:00"}
    assert {r["last_seen"] for r in again} == {"2025-10-16T08:00:00+00:00"}


def test_unchanged_cycle_looks_at_nothing_and_keeps_the_findings(
    store: Store, frozen: list[datetime]
) -> None:
    add_seed(store, "seed_004")
    check(store)
    rows = open_findings(store)
    frozen.append(datetime(2025, 10, 16, 8, 0, tzinfo=UTC))
    [document] = store.db.query("SELECT url, sha256 FROM documents")
    again = store.record_document(  # the same bytes fetched again: only last_seen_at moves
        url=document["url"], data=store.files.read(document["sha256"]), source="test"
    )
    assert again.change == "unchanged"
    second = check(store)
    assert second.changed_regions == 0
    assert not any(c.whole for name, c in second.per_check.items() if all_checks()[name].scoped)
    assert (second.new, second.resolved, second.still_open) == (0, 0, 0)
    assert second.open == len(rows)
    assert open_findings(store) == rows  # last_seen included: nothing was re-checked


def test_fixed_problem_is_resolved_and_reopened_under_the_same_id(
    store: Store, frozen: list[datetime]
) -> None:
    publish(store, 99.35)
    check(store, only=["inconsistent_figures"])
    [finding] = open_findings(store)

    publish(store, 97.87)  # the department fixes the share
    frozen.append(datetime(2025, 10, 16, tzinfo=UTC))
    summary = check(store, only=["inconsistent_figures"])
    assert (summary.new, summary.resolved) == (0, 1)
    resolved = store.db.table("findings").get(finding["id"])
    assert resolved["resolved_at"] == "2025-10-16T00:00:00+00:00"

    new_id = publish(store, 99.35)  # and puts the wrong one back
    frozen.append(datetime(2025, 10, 17, tzinfo=UTC))
    summary = check(store, only=["inconsistent_figures"])
    assert (summary.new, summary.reopened) == (0, 1)
    [reopened] = open_findings(store)
    assert reopened["id"] == finding["id"]
    assert reopened["first_seen"] == finding["first_seen"]
    assert reopened["document_id"] == new_id  # evidence follows the current version
    assert store.db.execute("SELECT count(*) FROM findings").fetchone()[0] == 1


class Exploding(Check):
    name = "exploding"
    description = "always fails"

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        yield FindingDraft(self.name, "warning", "第一条", {}, ("a",))
        raise RuntimeError("parser output not understood")


class Flaky(Check):
    name = "flaky"
    description = "finds one problem, then fails"
    fail = False

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        if Flaky.fail:
            raise RuntimeError("database is locked")
        yield FindingDraft(self.name, "warning", "有一个问题", {"metric": "x"}, ("x",))


def test_failing_check_is_recorded_and_the_others_run(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(all_checks(), "exploding", Exploding)
    add_seed(store, "seed_004")
    summary = check(store, only=["exploding", "inconsistent_figures"])
    assert summary.errors == {"exploding": "RuntimeError: parser output not understood"}
    assert summary.per_check["exploding"].error is not None
    assert summary.per_check["inconsistent_figures"].new == 1
    # Nothing of the failed run was stored.
    assert open_findings(store, "exploding") == []


def test_failing_check_does_not_resolve_its_findings(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(all_checks(), "flaky", Flaky)
    monkeypatch.setattr(Flaky, "fail", False)
    check(store, only=["flaky"])
    monkeypatch.setattr(Flaky, "fail", True)
    summary = check(store, only=["flaky"], full=True)
    assert summary.resolved == 0 and "flaky" in summary.errors
    assert len(open_findings(store, "flaky")) == 1
    assert summary.per_check["flaky"].open == 1


def test_unknown_check_names_the_known_ones(store: Store) -> None:
    with pytest.raises(UnknownCheck, match=r"no check named nope .*missing_section"):
        check(store, only=["nope"])


def test_every_registered_check_runs_on_an_empty_store(store: Store) -> None:
    summary = check(store)
    assert summary.errors == {}
    assert set(summary.per_check) == set(all_checks())


def test_department_keys_are_refreshed(store: Store) -> None:
    document_id = add_seed(store, "seed_002")
    store.db.execute("UPDATE documents SET department_key = 'stale' WHERE id = ?", [document_id])
    check(store, only=["missing_section"])
    assert store.db.table("documents").get(document_id)["department_key"] == "乌鲁木齐市委组织部"
