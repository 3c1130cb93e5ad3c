"""``performance_shortfall``: an indicator whose actual value misses its target (warning).

A target is a sign, a number and a unit (">=600人", "=4人", "≤37.49万元"); the actual
value must carry the same unit (or none). Under ">=", "=" or no sign the actual must reach
the number; under "<=" it must stay below it; for cost indicators (成本指标) "=" is a
ceiling. A worded actual that admits a miss ("部分达到预期", "未完成") counts too.
The stated 偏差原因 goes into the evidence so the reader sees the department's
explanation next to the numbers. Example (seed 002): "…项目“2024年度乌鲁木齐市公务员考试
招录工作经费”：指标“试卷保密保管（押运）员”目标=4人，实际=2人，未达到目标（得分5/10）；
偏差原因：按照实际需求安排押运人员。…"

Evidence: ``project``, ``indicator``, ``target``, ``actual``, ``reason``, ``weight``,
``score``, ``level1``, ``level2``, then ``document_id``, ``page``, ``snippet``, ``url``.
"""

from __future__ import annotations

from collections.abc import Iterable

from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft
from fiscalwatch.performance.findings import (
    base_evidence,
    finding_fields,
    fmt,
    identity,
    snippet,
    subject,
)
from fiscalwatch.performance.models import Indicator
from fiscalwatch.performance.store import StoredEvaluation, load_current
from fiscalwatch.performance.targets import comparable, meets, parse_value, says_not_met


def is_cost(indicator: Indicator) -> bool:
    return "成本" in f"{indicator.level1 or ''}{indicator.level2 or ''}"


def misses(indicator: Indicator) -> bool:
    target, actual = parse_value(indicator.target), parse_value(indicator.actual)
    if target is not None and actual is not None and comparable(target, actual):
        return not meets(target, actual, cost=is_cost(indicator))
    return says_not_met(indicator.actual)


class PerformanceShortfall(Check):
    name = "performance_shortfall"
    severity = "warning"
    description = (
        "An indicator of a performance self-evaluation missed its target: the 实际完成值 "
        "falls short of the 年度指标值 (or exceeds a ceiling), with the department's stated "
        "偏差原因 in the evidence."
    )

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        for stored in load_current(ctx.db, ctx.regions):
            for indicator in stored.evaluation.indicators:
                if misses(indicator):
                    yield self.finding(stored, indicator)

    def finding(self, stored: StoredEvaluation, indicator: Indicator) -> FindingDraft:
        reason = indicator.deviation_reason
        scored = (
            f"（得分{fmt(indicator.score)}/{fmt(indicator.weight)}）"
            if indicator.score is not None and indicator.weight is not None
            else ""
        )
        if reason:
            stated = reason if reason.startswith("偏差原因") else f"偏差原因：{reason}"
            explained = f"；{snippet(stated)}"
        else:
            explained = "；未说明偏差原因，请核对。"
        message = (
            f"{subject(stored)}：指标“{indicator.level3}”目标{indicator.target}，实际"
            f"{indicator.actual}，未达到目标{scored}{explained}"
        )
        evidence = {
            "project": stored.evaluation.name,
            "indicator": indicator.level3,
            "target": indicator.target,
            "actual": indicator.actual,
            "reason": reason,
            "weight": indicator.weight,
            "score": indicator.score,
            "level1": indicator.level1,
            "level2": indicator.level2,
        }
        row = "\t".join(
            str(cell) for cell in (indicator.level3, indicator.target, indicator.actual) if cell
        )
        for name, value in base_evidence(stored, indicator.page, row).items():
            evidence.setdefault(name, value)
        return FindingDraft(
            check=self.name,
            severity=self.severity,
            message=message,
            evidence=evidence,
            identity=identity(stored, indicator.level3),
            **finding_fields(stored),
        )
