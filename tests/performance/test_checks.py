"""The three performance checks on a real Store holding the five seeds."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from fiscalwatch.config import config_from_dict
from fiscalwatch.models import ParsedDocument
from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft
from fiscalwatch.performance.checks.boilerplate import PerformanceBoilerplate
from fiscalwatch.performance.checks.inconsistent import PerformanceInconsistent
from fiscalwatch.performance.checks.shortfall import PerformanceShortfall
from fiscalwatch.performance.extract import extract
from fiscalwatch.performance.models import Evaluation, Indicator
from fiscalwatch.store import Store
from tests.conftest import ROOT
from tests.performance.conftest import SEEDS, seed_document, seed_path

DEPARTMENTS = {
    "000": "中共乌鲁木齐市委员会机构编制委员会办公室",
    "001": "中共乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）委员会机构编制委员会办公室",
    "002": "中共乌鲁木齐市委员会组织部",
    "003": "乌鲁木齐市人民政府办公室",
    "004": "中共攀枝花市西区区委机构编制委员会办公室",
}


def url(seed: str) -> str:
    return f"http://127.0.0.1:8001/seed_{seed}.pdf"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    for seed in SEEDS:
        seed_path(seed)
    root: Path = tmp_path_factory.mktemp("perf")
    store = Store(root / "fw.db", root / "files")
    for seed, (_, doc_type, year) in SEEDS.items():
        version = store.record_document(
            url=url(seed),
            data=seed_path(seed).read_bytes(),
            source="seeds",
            department=DEPARTMENTS[seed],
            region="乌鲁木齐市",
            fiscal_year=year,
            doc_type=doc_type,
        )
        parsed = seed_document(seed)
        parsed.department = DEPARTMENTS[seed]
        extract(parsed)
        store.save_parse(version.document_id, parsed)
    yield store
    store.close()


def run(check: Check, store: Store) -> list[FindingDraft]:
    return list(check.run(CheckContext(store.db, config_from_dict({}), date(2025, 10, 1))))


def seed_of(draft: FindingDraft) -> str:
    return next(seed for seed in SEEDS if draft.url == url(seed))


def test_stored_counts(seeded: Store) -> None:
    rows = seeded.db.query(
        "SELECT d.url, count(DISTINCT e.id) AS evaluations, count(i.id) AS indicators"
        " FROM documents d JOIN perf_evaluations e ON e.document_id = d.id"
        " LEFT JOIN perf_indicators i ON i.evaluation_id = e.id GROUP BY d.url ORDER BY d.url"
    )
    got = {row["url"][-7:-4]: (row["evaluations"], row["indicators"]) for row in rows}
    assert got == {"000": (2, 13), "001": (1, 7), "002": (8, 53), "003": (9, 63), "004": (1, 0)}


def test_inconsistent_fires_on_rates_computed_against_the_initial_budget(seeded: Store) -> None:
    drafts = run(PerformanceInconsistent(), seeded)
    got = {(seed_of(d), d.evidence["project"], d.evidence["metric"]) for d in drafts}
    assert got == {
        ("002", "2024年计划重点举办培训班次", "执行率"),
        ("002", "提前下达2024援疆干部医疗费", "执行率"),
    }
    training = next(d for d in drafts if d.evidence["project"] == "2024年计划重点举办培训班次")
    assert (training.evidence["stated"], training.evidence["computed"]) == (93.48, 100.0)
    assert training.evidence["matches_budget_initial"] is True
    assert (training.severity, training.fiscal_year, training.department) == (
        "warning",
        2024,
        DEPARTMENTS["002"],
    )
    assert training.message == (
        "中共乌鲁木齐市委员会组织部2024年度项目“2024年计划重点举办培训班次”：执行率写作93.48%，"
        "按全年执行数207.07万元/全年预算数207.07万元计算应为100.00%，与按年初预算数221.51万元"
        "计算的结果一致，疑似用错分母，请核对。"
    )


def test_shortfall_fires_on_the_missing_escorts(seeded: Store) -> None:
    (draft,) = run(PerformanceShortfall(), seeded)
    evidence = draft.evidence
    assert (seed_of(draft), evidence["project"], evidence["indicator"]) == (
        "002",
        "2024年度乌鲁木齐市公务员考试招录工作经费",
        "试卷保密保管（押运）员",
    )
    assert (evidence["target"], evidence["actual"], evidence["weight"], evidence["score"]) == (
        "=4人",
        "=2人",
        10,
        5,
    )
    assert evidence["reason"].startswith("偏差原因：按照实际需求安排押运人员。")
    assert "目标=4人，实际=2人，未达到目标（得分5/10）；偏差原因：按照实际需求" in draft.message


def test_boilerplate_points_at_rote_tables(seeded: Store) -> None:
    drafts = run(PerformanceBoilerplate(), seeded)
    got = {(seed_of(d), d.evidence["metric"], d.evidence["project"]) for d in drafts}
    assert got == {
        ("000", "all_met_exactly", DEPARTMENTS["000"]),
        ("000", "copied_outcome", DEPARTMENTS["000"]),
        ("002", "all_met_exactly", "中共乌鲁木齐市委委员会组织部"),
        ("002", "all_met_exactly", "2024年党员干部现代远程教育及管理经费"),
        ("002", "all_met_exactly", "党纪学习教育工作经费"),
        ("002", "all_met_exactly", "社区（村）“两委”任职培训及专题片拍摄经费"),
        ("002", "all_met_exactly", "组织部工作经费"),
    }
    assert {d.severity for d in drafts} == {"info"}
    copied = next(d for d in drafts if d.evidence["metric"] == "copied_outcome")
    assert copied.evidence["projects"] == [DEPARTMENTS["000"], "机构编制管理工作经费"]


def test_fingerprints_survive_a_new_version(seeded: Store, tmp_path: Path) -> None:
    store = Store(tmp_path / "fw.db", tmp_path / "files")
    prints = []
    for data in (b"v1", b"v2"):
        version = store.record_document(url=url("002"), data=data, source="seeds", fiscal_year=2024)
        parsed = seed_document("002")
        extract(parsed)
        store.save_parse(version.document_id, parsed)
        prints.append({d.fingerprint for d in run(PerformanceShortfall(), store)})
    store.close()
    assert len(prints[0]) == 1 and prints[0] == prints[1]


def evaluation(**changes: object) -> Evaluation:
    base = Evaluation(
        kind="项目",
        name="样例项目",
        department="某局",
        fiscal_year=2024,
        budget_initial=100.0,
        budget_full_year=80.0,
        executed=80.0,
        execution_rate_stated=100.0,
        weight=10,
        score=10,
        total_weight=100,
        total_score=100,
        indicators=[
            Indicator(
                level3="甲", level1="产出指标", target=">=5次", actual="=6次", weight=50, score=50
            ),
            Indicator(
                level3="乙", level1="产出指标", target="有效", actual="达到", weight=40, score=40
            ),
        ],
    )
    for name, value in changes.items():
        setattr(base, name, value)
    return base


def findings_for(store: Store, check: Check, *evaluations: Evaluation) -> list[FindingDraft]:
    version = store.record_document(url="http://127.0.0.1/x.pdf", data=b"x", source="t")
    store.save_parse(
        version.document_id,
        ParsedDocument("final_account", extras={"performance": list(evaluations)}),
    )
    return run(check, store)


def test_inconsistent_scores_and_totals(store: Store) -> None:
    drafts = findings_for(
        store,
        PerformanceInconsistent(),
        evaluation(score=8.0, total_score=98.0),
        evaluation(
            name="超分项目",
            total_score=110.0,
            total_weight=110.0,
            indicators=[
                Indicator(level3="丙", target=">=1次", actual="=1次", weight=40, score=50),
                Indicator(level3="丁", target=">=1次", actual="=1次", weight=50, score=50),
            ],
        ),
    )
    got = {
        (d.evidence["project"], d.evidence["metric"], d.evidence["stated"], d.evidence["computed"])
        for d in drafts
    }
    assert got == {
        ("样例项目", "得分", 8.0, 10.0),
        ("超分项目", "指标得分", 50, 40),
        ("超分项目", "总分值", 110.0, 100.0),
    }


def test_rates_within_rounding_pass(store: Store) -> None:
    drafts = findings_for(
        store,
        PerformanceInconsistent(),
        evaluation(
            budget_full_year=2590.54,
            executed=2582.72,
            execution_rate_stated=99.7,
            score=9.97,
            total_score=99.97,
        ),
        evaluation(
            name="整数执行率",
            budget_full_year=3,
            executed=2.99,
            execution_rate_stated=100.0,
            score=9.97,
            total_score=99.97,
        ),
    )
    assert drafts == []


def test_shortfall_ceilings_and_worded_misses(store: Store) -> None:
    drafts = findings_for(
        store,
        PerformanceShortfall(),
        evaluation(
            indicators=[
                Indicator(level3="时限", target="<=7天", actual="=9天", weight=10, score=8),
                Indicator(
                    level3="经费",
                    level1="成本指标",
                    target="=30万元",
                    actual="=31万元",
                    weight=10,
                    score=9,
                ),
                Indicator(
                    level3="效果", target="有效提升", actual="部分达到预期", weight=10, score=6
                ),
                Indicator(level3="不同单位", target=">=5万人", actual="=3人", weight=10, score=10),
                Indicator(level3="超额", target="=10个", actual="=20个", weight=10, score=10),
            ]
        ),
    )
    assert [d.evidence["indicator"] for d in drafts] == ["时限", "经费", "效果"]
    assert drafts[0].message.endswith("未说明偏差原因，请核对。")


def test_copied_reasons_across_projects(store: Store) -> None:
    reason = "受疫情影响部分工作延期开展，明年加强管理。"
    missed = Indicator(
        level3="甲", target=">=5次", actual="=4次", weight=50, score=40, deviation_reason=reason
    )
    drafts = findings_for(
        store,
        PerformanceBoilerplate(),
        evaluation(name="项目一", indicators=[missed]),
        evaluation(name="项目二", indicators=[missed]),
        evaluation(name="项目三"),
    )
    (draft,) = drafts
    assert draft.evidence["metric"] == "copied_reason"
    assert draft.evidence["projects"] == ["项目一", "项目二"]
    assert draft.evidence["text"] == reason


def test_fixture_pdf_through_the_parser_fires_like_the_seed_text(
    store: Store, seeded: Store
) -> None:
    """seed_002.pdf stored and parsed by the real parse stage: its grids reach the
    performance reader, so shortfall and boilerplate fire on the PDF as on the text."""
    from fiscalwatch.parsing.stage import parse_pending

    path = ROOT / "fixtures" / "documents" / "seed_002.pdf"
    if not path.is_file():
        pytest.skip("fixtures/documents/seed_002.pdf not generated (make fixtures)")
    store.record_document(
        url=url("002"),
        data=path.read_bytes(),
        source="fixtures",
        department=DEPARTMENTS["002"],
        region="乌鲁木齐市",
        fiscal_year=2024,
        doc_type="final_account",
        filename=path.name,
    )
    assert parse_pending(store, config_from_dict({}), progress=False).parsed == 1
    (draft,) = run(PerformanceShortfall(), store)
    evidence = draft.evidence
    assert (evidence["project"], evidence["indicator"], evidence["target"]) == (
        "2024年度乌鲁木齐市公务员考试招录工作经费",
        "试卷保密保管（押运）员",
        "=4人",
    )
    assert (evidence["actual"], evidence["weight"], evidence["score"]) == ("=2人", 10, 5)
    assert evidence["reason"].startswith("偏差原因：按照实际需求安排押运人员。")
    assert "目标=4人，实际=2人，未达到目标（得分5/10）" in draft.message
    for check in (PerformanceShortfall(), PerformanceBoilerplate(), PerformanceInconsistent()):
        from_text = {d.fingerprint for d in run(check, seeded) if seed_of(d) == "002"}
        assert {d.fingerprint for d in run(check, store)} == from_text, check.name
