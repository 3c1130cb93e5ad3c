"""``unexplained_change``: a change against the prior year stated without a reason, with
a boilerplate reason, or with a reason that points the other way.

Severity: ``warning`` when the reason contradicts the direction (the document says
something that cannot be true: seed 004 writes "减少37.98万元…主要变动原因是人员经费增加");
``info`` when a change of at least ``[monitor] yoy_min_change`` 万元 has no reason or only
boilerplate ("无", "工作需要"): worth a look, not an alert. A contradiction is judged on
every non-zero change. One statement read into several figures (收、支总计各减少…) is
reported once. Evidence: ``metric``, ``change``, ``change_pct``, ``reason``,
``problem`` (no_reason | boilerplate | contradicts_direction).
"""

from __future__ import annotations

from collections.abc import Iterable

from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft
from fiscalwatch.monitor.checks.changes import reason_for, stated_changes
from fiscalwatch.monitor.checks.common import (
    doc_label,
    document_finding,
    figure_label,
    money,
    where,
)
from fiscalwatch.monitor.checks.corpus import corpus


class UnexplainedChange(Check):
    name = "unexplained_change"
    severity = "info"
    description = (
        "A change against the prior year is stated without a reason, with a boilerplate "
        "reason (info), or with a reason that contradicts its direction (warning)."
    )

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        min_change = ctx.config.monitor.yoy_min_change
        for doc in corpus(ctx).parsed_final_accounts():
            reported: set[tuple[float, str, str]] = set()
            for stated in stated_changes(doc):
                if abs(stated.change) < 0.005:
                    continue
                reason = reason_for(ctx, doc, stated.figure)
                if reason and reason.contradicts(stated.change):
                    problem, severity = "contradicts_direction", "warning"
                    what = f"文中说明的原因“{reason.text}”与变动方向不符"
                elif abs(stated.change) < min_change:
                    continue
                elif reason is None:
                    problem, severity, what = "no_reason", "info", "文中未说明变动原因"
                elif reason.is_boilerplate:
                    problem, severity = "boilerplate", "info"
                    what = f"变动原因仅写作“{reason.text}”"
                else:
                    continue
                seen = (round(stated.change, 2), reason.text if reason else "", stated.figure.text)
                if seen in reported:
                    continue
                reported.add(seen)
                direction = "增加" if stated.change > 0 else "减少"
                rate = f"（{stated.change_pct:+.2f}%）" if stated.change_pct is not None else ""
                message = (
                    f"{doc_label(doc)}：{figure_label(stated.key)}比上年{direction}"
                    f"{money(abs(stated.change))}{rate}，{what}{where(stated.figure)}"
                )
                yield document_finding(
                    self.name,
                    severity,
                    doc,
                    message,
                    {
                        "metric": stated.key,
                        "change": stated.change,
                        "change_pct": stated.change_pct,
                        "reason": reason.text if reason else None,
                        "problem": problem,
                    },
                    (doc.url, stated.key, problem),
                    stated.figure,
                )
