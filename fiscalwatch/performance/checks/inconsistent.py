"""``performance_inconsistent``: a self-evaluation whose own arithmetic does not hold (warning).

Three relations, each with the tolerance rounding allows:

- 执行率 = 全年执行数 / 全年预算数. A stated rate printed with 2 decimals may be off by
  0.01 points (plus what rounding the amounts can do), one with 1 decimal by 0.05, a
  whole number by 0.5. When the stated rate matches 全年执行数 / 年初预算数 instead, the
  message says so (seed 002, "2024年计划重点举办培训班次": 93.48% stated, 207.07/207.07 =
  100.00%, 207.07/221.51 = 93.48%).
- 得分 = min(执行率, 100%) × 分值 for the funds row, against the stated rate or the
  computed one (either passes), ±0.011; and no indicator scores more than its 分值.
- 总分 = 资金得分 + Σ 指标得分 (±0.01 plus 0.005 per part), and the 总分 row's 分值 =
  资金分值 + Σ 指标分值.

Evidence: ``metric`` (执行率 | 得分 | 指标得分 | 总分 | 总分值), ``stated``, ``computed``,
then ``project``, ``kind``, the numbers behind ``computed``, ``document_id``, ``page``,
``snippet``, ``url``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft
from fiscalwatch.performance.findings import base_evidence, finding_fields, fmt, identity, subject
from fiscalwatch.performance.store import StoredEvaluation, load_current

SCORE_TOLERANCE = 0.011


def rate_tolerance(stated: float, budget: float) -> float:
    """How far a correctly rounded stated rate can sit from the computed one."""
    if stated == round(stated):
        printed = 0.5
    elif stated == round(stated, 1):
        printed = 0.05
    else:
        printed = 0.005
    # Amounts rounded to 0.01 万元 move the quotient by up to 0.01/budget (in %).
    return printed + 0.01 / budget * 100 + 1e-9


class PerformanceInconsistent(Check):
    name = "performance_inconsistent"
    severity = "warning"
    description = (
        "A performance self-evaluation (绩效自评表) contradicts itself: the stated 执行率 is "
        "not 全年执行数 / 全年预算数, a 得分 is not 执行率 × 分值 or exceeds its 分值, or the "
        "总分 is not the sum of the scores."
    )

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        for stored in load_current(ctx.db, ctx.regions):
            yield from self.rate(stored)
            yield from self.funds_score(stored)
            yield from self.indicator_scores(stored)
            yield from self.totals(stored)

    def draft(
        self, stored: StoredEvaluation, metric: str, message: str, evidence: dict[str, Any]
    ) -> FindingDraft:
        evaluation = stored.evaluation
        full = {"metric": metric, **evidence}
        for name, value in base_evidence(stored, evaluation.page, evaluation.snippet).items():
            full.setdefault(name, value)
        return FindingDraft(
            check=self.name,
            severity=self.severity,
            message=message,
            evidence=full,
            identity=identity(stored, metric, evidence.get("indicator")),
            **finding_fields(stored),
        )

    def rate(self, stored: StoredEvaluation) -> Iterator[FindingDraft]:
        e = stored.evaluation
        if e.execution_rate_stated is None or not e.budget_full_year or e.executed is None:
            return
        computed = e.executed / e.budget_full_year * 100
        stated = e.execution_rate_stated
        if abs(stated - computed) <= rate_tolerance(stated, e.budget_full_year):
            return
        against_initial = None
        if e.budget_initial:
            candidate = e.executed / e.budget_initial * 100
            if abs(stated - candidate) <= rate_tolerance(stated, e.budget_initial):
                against_initial = candidate
        hint = (
            f"，与按年初预算数{fmt(e.budget_initial, '万元')}计算的结果一致，疑似用错分母"
            if against_initial is not None
            else ""
        )
        message = (
            f"{subject(stored)}：执行率写作{fmt(stated, '%')}，按全年执行数"
            f"{fmt(e.executed, '万元')}/全年预算数{fmt(e.budget_full_year, '万元')}计算应为"
            f"{fmt(computed, '%')}{hint}，请核对。"
        )
        yield self.draft(
            stored,
            "执行率",
            message,
            {
                "stated": stated,
                "computed": round(computed, 2),
                "executed": e.executed,
                "budget_full_year": e.budget_full_year,
                "budget_initial": e.budget_initial,
                "matches_budget_initial": against_initial is not None,
            },
        )

    def funds_score(self, stored: StoredEvaluation) -> Iterator[FindingDraft]:
        e = stored.evaluation
        if e.weight is None or e.score is None:
            return
        rates = []
        if e.execution_rate_stated is not None:
            rates.append(e.execution_rate_stated)
        if e.budget_full_year and e.executed is not None:
            rates.append(e.executed / e.budget_full_year * 100)
        if not rates:
            return
        expected = [min(rate, 100.0) / 100 * e.weight for rate in rates]
        if any(abs(e.score - value) <= SCORE_TOLERANCE for value in expected):
            return
        message = (
            f"{subject(stored)}：预算执行得分写作{fmt(e.score)}分，按执行率{fmt(rates[0], '%')}"
            f"×分值{fmt(e.weight)}应为{expected[0]:.2f}分，请核对。"
        )
        yield self.draft(
            stored,
            "得分",
            message,
            {
                "stated": e.score,
                "computed": round(expected[0], 2),
                "rate": round(rates[0], 2),
                "weight": e.weight,
            },
        )

    def indicator_scores(self, stored: StoredEvaluation) -> Iterator[FindingDraft]:
        for indicator in stored.evaluation.indicators:
            if indicator.weight is None or indicator.score is None:
                continue
            if indicator.score <= indicator.weight + SCORE_TOLERANCE:
                continue
            message = (
                f"{subject(stored)}：指标“{indicator.level3}”得分{fmt(indicator.score)}分"
                f"超过其分值{fmt(indicator.weight)}分，请核对。"
            )
            evidence = {
                "stated": indicator.score,
                "computed": indicator.weight,
                "indicator": indicator.level3,
                "weight": indicator.weight,
            }
            draft = self.draft(stored, "指标得分", message, evidence)
            draft.evidence["page"] = indicator.page
            yield draft

    def totals(self, stored: StoredEvaluation) -> Iterator[FindingDraft]:
        e = stored.evaluation
        if not e.indicators:
            return
        parts = [e.score, *(i.score for i in e.indicators)]
        known = [part for part in parts if part is not None]
        if e.total_score is not None and known:
            computed = sum(known)
            tolerance = 0.01 + 0.005 * len(known)
            if abs(e.total_score - computed) > tolerance:
                message = (
                    f"{subject(stored)}：总分写作{fmt(e.total_score)}分，资金得分与各指标得分"
                    f"合计为{computed:.2f}分，请核对。"
                )
                yield self.draft(
                    stored,
                    "总分",
                    message,
                    {"stated": e.total_score, "computed": round(computed, 2), "parts": len(known)},
                )
        weights = [e.weight, *(i.weight for i in e.indicators)]
        if e.total_weight is not None and all(w is not None for w in weights):
            computed = sum(w for w in weights if w is not None)
            if abs(e.total_weight - computed) > 0.011:
                message = (
                    f"{subject(stored)}：总分值写作{fmt(e.total_weight)}分，资金分值与各指标分值"
                    f"合计为{computed:g}分，请核对。"
                )
                yield self.draft(
                    stored,
                    "总分值",
                    message,
                    {"stated": e.total_weight, "computed": computed, "parts": len(weights)},
                )
