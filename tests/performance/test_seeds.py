"""Every self-evaluation table of the seeds, read from their text exactly."""

from __future__ import annotations

import pickle
import re
import unicodedata

import pytest

from fiscalwatch.performance.extract import extract, find_evaluations
from fiscalwatch.performance.models import Evaluation
from fiscalwatch.performance.text import key
from tests.performance.conftest import seed_document, seed_text
from tests.performance.expected import COUNTS, INDICATORS, REPORT_001, ROWS


def as_row(evaluation: Evaluation) -> tuple[object, ...]:
    e = evaluation
    return (
        e.kind,
        e.name,
        e.department,
        e.budget_initial,
        e.budget_full_year,
        e.executed,
        e.execution_rate_stated,
        e.weight,
        e.score,
        e.total_weight,
        e.total_score,
        len(e.indicators),
    )


@pytest.mark.parametrize("seed", sorted(COUNTS))
def test_counts_per_seed(seed: str, seed_evaluations: dict[str, list[Evaluation]]) -> None:
    evaluations = seed_evaluations[seed]
    indicators = sum(len(e.indicators) for e in evaluations)
    assert (len(evaluations), indicators) == COUNTS[seed]


@pytest.mark.parametrize("seed", sorted(ROWS))
def test_every_table_exactly(seed: str, seed_evaluations: dict[str, list[Evaluation]]) -> None:
    assert [as_row(e) for e in seed_evaluations[seed]] == ROWS[seed]
    assert {e.fiscal_year for e in seed_evaluations[seed]} == {2024}


@pytest.mark.parametrize("case", INDICATORS, ids=lambda case: f"{case[0]}-{case[2]}")
def test_indicator_values(case: tuple, seed_evaluations: dict[str, list[Evaluation]]) -> None:
    seed, project, name, level1, level2, target, actual, weight, score, reason = case
    evaluation = next(e for e in seed_evaluations[seed] if e.name == project)
    indicator = next(i for i in evaluation.indicators if i.level3 == name)
    assert (indicator.level1, indicator.level2, indicator.target, indicator.actual) == (
        level1,
        level2,
        target,
        actual,
    )
    assert (indicator.weight, indicator.score, indicator.deviation_reason) == (
        weight,
        score,
        reason,
    )


def test_funds_sub_rows_and_goals_are_kept(seed_evaluations: dict[str, list[Evaluation]]) -> None:
    department = seed_evaluations["002"][0]
    assert [f["label"] for f in department.raw["funds"]] == [
        "上级资金(万元)",
        "本级资金(万元)",
        "其他资金(万元)",
    ]
    assert department.raw["funds"][1]["budget_initial"] == 3163.77
    assert department.indicators[0].basis == "2024年工作计划"
    project = seed_evaluations["003"][7]  # 驻京联工作运行经费: all of it 其他资金
    assert project.raw["funds"][1] == {
        "label": "其他资金",
        "budget_initial": 453.29,
        "budget_full_year": 59.65,
        "executed": 59.65,
    }
    assert project.raw["goal_actual"].startswith("2024年，驻京联络处")
    assert "<p>" not in department.raw["goal_expected"]


def test_seed_001_standalone_report(seed_evaluations: dict[str, list[Evaluation]]) -> None:
    (report,) = seed_evaluations["001"]
    assert (report.kind, report.origin, report.fiscal_year) == ("部门整体", "prose", 2023)
    assert (report.budget_initial, report.budget_full_year, report.executed) == (
        213.57,
        195.55,
        193.11,
    )
    assert (report.execution_rate_stated, report.score, report.total_score) == (98.75, 9.88, 99.73)
    got = [(i.level3, i.target, i.actual, i.weight, i.score) for i in report.indicators]
    assert got == REPORT_001
    reasons = [i.deviation_reason for i in report.indicators]
    assert reasons[0] == (
        "由于2022年度疫情原因无法支付培训费，2023年度按实际正常付款。改进措施：继续强化年度"
        "预算工作，提升财政资金使用效益，提高预算绩效管理工作的质量和水平。"
    )
    assert reasons[2] is None


def test_seed_004_quotes_only_the_department_score(
    seed_evaluations: dict[str, list[Evaluation]],
) -> None:
    (evaluation,) = seed_evaluations["004"]
    assert (evaluation.kind, evaluation.total_score, evaluation.indicators) == ("部门整体", 97, [])
    assert evaluation.fiscal_year == 2024


def test_pages_follow_the_form_feeds() -> None:
    """Seed 002 cut into pages: one before the tables, one per table, and one page break
    inside the first project's indicator rows."""
    text = seed_text("002")
    parts = re.split(r"(?m)^(?=部门整体支出绩效自评表|项目支出绩效自评表)", text)
    assert len(parts) == 9
    first_project = parts[2]
    cut = first_project.index("\t\t\t全年拟举办")
    pages = [*parts[:2], first_project[:cut], first_project[cut:], *parts[3:]]
    evaluations = find_evaluations(seed_document("002", pages))
    assert [e.page for e in evaluations] == [2, 3, 5, 6, 7, 8, 9, 10]
    assert [i.page for i in evaluations[1].indicators] == [3, 3, 4, 4, 4, 4, 4]
    assert sum(len(e.indicators) for e in evaluations) == 53


def test_parser_normalised_text_reads_the_same() -> None:
    """The parser applies NFKC (full-width brackets and colons become ASCII)."""
    text = unicodedata.normalize("NFKC", seed_text("003"))
    evaluations = find_evaluations(seed_document("003", [text]))
    assert [(key(e.name), e.executed, len(e.indicators)) for e in evaluations] == [
        (key(row[1]), row[5], row[11]) for row in ROWS["003"]
    ]


def test_extract_fills_extras_and_pickles() -> None:
    parsed = seed_document("000")
    extract(parsed)
    evaluations = parsed.extras["performance"]
    assert pickle.loads(pickle.dumps(evaluations)) == evaluations
    assert not parsed.warnings
