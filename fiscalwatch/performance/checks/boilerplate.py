"""``performance_boilerplate``: a self-evaluation that reads as filled in by rote (info).

Worth a look, not an alarm:

- ``all_met_exactly``: every indicator of an evaluation got full marks and every
  numeric one landed exactly on its target (">=260家" → "=260家"), with at least
  ``MIN_NUMERIC`` numeric indicators. Real work rarely hits every number exactly.
- ``copied_reason``: the same 偏差原因 text, word for word, under indicators of two or
  more evaluations of one document.
- ``copied_outcome``: the same 实际完成情况 text in two or more evaluations of one
  document (seed 000: the 部门整体 table and the project table).

Evidence: ``metric``, ``project`` (or ``projects``), ``indicators`` (count) or ``text``,
then ``document_id``, ``page``, ``snippet``, ``url``.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator

from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft
from fiscalwatch.performance.findings import (
    base_evidence,
    finding_fields,
    identity,
    snippet,
    subject,
)
from fiscalwatch.performance.store import StoredEvaluation, load_current
from fiscalwatch.performance.targets import exactly, parse_value
from fiscalwatch.performance.text import key

MIN_NUMERIC = 3
MIN_REASON_CHARS = 10
MIN_OUTCOME_CHARS = 20


def all_met_exactly(stored: StoredEvaluation) -> int:
    """The number of numeric indicators hit exactly, or 0 when any indicator was not."""
    numeric = 0
    for indicator in stored.evaluation.indicators:
        if indicator.weight is None or indicator.score is None:
            return 0
        if abs(indicator.score - indicator.weight) > 1e-6:
            return 0
        target, actual = parse_value(indicator.target), parse_value(indicator.actual)
        if target is None or actual is None:
            continue  # worded ("有效提高" / "完全达到预期"): full marks is all we can see
        if not exactly(target, actual):
            return 0
        numeric += 1
    return numeric if numeric >= MIN_NUMERIC else 0


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class PerformanceBoilerplate(Check):
    name = "performance_boilerplate"
    severity = "info"
    description = (
        "A performance self-evaluation that looks filled in by rote: every indicator met "
        "exactly at its target with full marks, or the same deviation reason or outcome "
        "text copied word for word across projects."
    )

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        by_document: dict[int, list[StoredEvaluation]] = defaultdict(list)
        for stored in load_current(ctx.db, ctx.regions):
            by_document[stored.document_id].append(stored)
            count = all_met_exactly(stored)
            if count:
                yield self.exact(stored, count)
        for evaluations in by_document.values():
            yield from self.copied(evaluations)

    def draft(
        self, stored: StoredEvaluation, message: str, evidence: dict[str, object], *parts: object
    ) -> FindingDraft:
        return FindingDraft(
            check=self.name,
            severity=self.severity,
            message=message,
            evidence=evidence,
            identity=identity(stored, *parts),
            **finding_fields(stored),
        )

    def exact(self, stored: StoredEvaluation, numeric: int) -> FindingDraft:
        total = len(stored.evaluation.indicators)
        message = (
            f"{subject(stored)}：全部{total}个指标均满分，{numeric}个量化指标的实际完成值与"
            "目标值完全相同，自评可能流于形式，值得查看。"
        )
        evidence: dict[str, object] = {
            "metric": "all_met_exactly",
            "indicators": total,
            "numeric_indicators": numeric,
        }
        evidence.update(base_evidence(stored, stored.evaluation.page, stored.evaluation.snippet))
        return self.draft(stored, message, evidence, "all_met_exactly")

    def copied(self, evaluations: list[StoredEvaluation]) -> Iterator[FindingDraft]:
        reasons: dict[str, list[tuple[StoredEvaluation, str, int | None]]] = defaultdict(list)
        outcomes: dict[str, list[StoredEvaluation]] = defaultdict(list)
        for stored in evaluations:
            seen: set[str] = set()
            for indicator in stored.evaluation.indicators:
                text = key(indicator.deviation_reason)
                if len(text) >= MIN_REASON_CHARS and text not in seen:
                    seen.add(text)
                    reasons[text].append((stored, indicator.deviation_reason or "", indicator.page))
            outcome = key(stored.evaluation.raw.get("goal_actual"))
            if len(outcome) >= MIN_OUTCOME_CHARS:
                outcomes[outcome].append(stored)
        for text, uses in reasons.items():
            if len(uses) < 2:
                continue
            first, original, page = uses[0]
            names = [stored.evaluation.name for stored, _, _ in uses]
            message = (
                f"{subject(first)}等{len(uses)}个自评表使用了完全相同的偏差原因"
                f"“{snippet(original)}”，值得查看是否照抄。"
            )
            evidence: dict[str, object] = {
                "metric": "copied_reason",
                "projects": names,
                "text": original,
            }
            evidence.update(base_evidence(first, page, original))
            yield self.draft(first, message, evidence, "copied_reason", _digest(text))
        for text, same in outcomes.items():
            if len(same) < 2:
                continue
            first = same[0]
            original = first.evaluation.raw.get("goal_actual") or ""
            names = [stored.evaluation.name for stored in same]
            message = (
                f"{subject(first)}等{len(same)}个自评表的“实际完成情况”文字完全相同，"
                "值得查看是否照抄。"
            )
            evidence = {"metric": "copied_outcome", "projects": names, "text": snippet(original)}
            evidence.update(base_evidence(first, first.evaluation.page, original))
            yield self.draft(first, message, evidence, "copied_outcome", _digest(text))
