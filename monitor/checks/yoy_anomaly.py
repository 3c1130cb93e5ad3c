"""``yoy_anomaly``: a headline figure moved more than the thresholds against the same
department's stored prior-year final account (warning).

Both thresholds must be passed: ``[monitor] yoy_threshold_pct`` (percent of the prior
year) and ``yoy_min_change`` (万元); a figure rising from 0 by at least ``yoy_min_change``
counts. The document's own reason for the change is quoted when it gives one. Example:
"乌鲁木齐市某局 2024年度部门决算：财政拨款“三公”经费支出102.36万元，上年（2023年度决算）
8.00万元，增加94.36万元（+1179.50%）；文中说明的原因：“本年因业务需求…”". Evidence:
``metric``, ``previous``, ``current``, ``change_pct``, then ``change``, ``reason``,
``previous_document_id``, ``previous_url``.
"""

from __future__ import annotations

from collections.abc import Iterable

from fiscalwatch.figures import HEADLINE_FIGURES
from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft
from fiscalwatch.monitor.checks.changes import reason_for, stated_changes
from fiscalwatch.monitor.checks.common import (
    doc_label,
    document_finding,
    figure_label,
    money,
    where,
)
from fiscalwatch.monitor.checks.corpus import Doc, Fig, corpus
from fiscalwatch.monitor.checks.reasons import Reason


class YoyAnomaly(Check):
    name = "yoy_anomaly"
    severity = "warning"
    description = (
        "A headline figure changed against the department's stored prior-year final "
        "account by more than [monitor] yoy_threshold_pct percent and yoy_min_change 万元."
    )

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        settings = ctx.config.monitor
        found = corpus(ctx)
        for doc in found.parsed_final_accounts():
            prior = found.prior_year(doc)
            if prior is None:
                continue
            for key in HEADLINE_FIGURES:
                current, previous = doc.first(key), prior.first(key)
                if current is None or previous is None:
                    continue
                change = current.value - previous.value
                if abs(change) < settings.yoy_min_change or abs(change) < 0.005:
                    continue
                change_pct = change / previous.value * 100 if previous.value > 0 else None
                if change_pct is not None and abs(change_pct) <= settings.yoy_threshold_pct:
                    continue
                reason = self._reason(ctx, doc, key, current)
                yield self.finding(doc, prior, key, current, previous.value, change_pct, reason)

    @staticmethod
    def _reason(ctx: CheckContext, doc: Doc, key: str, current: Fig) -> Reason | None:
        for stated in stated_changes(doc):
            if stated.key == key:
                reason = reason_for(ctx, doc, stated.figure)
                if reason:
                    return reason
        return None

    def finding(
        self,
        doc: Doc,
        prior: Doc,
        key: str,
        current: Fig,
        previous: float,
        change_pct: float | None,
        reason: Reason | None,
    ) -> FindingDraft:
        change = round(current.value - previous, 2)
        direction = "增加" if change > 0 else "减少"
        rate = f"{change_pct:+.2f}%" if change_pct is not None else "上年为0"
        because = f"文中说明的原因：“{reason.text}”" if reason else "文中未说明原因"
        message = (
            f"{doc_label(doc)}：{figure_label(key)}{money(current.value)}，上年（{prior.year}"
            f"年度决算）{money(previous)}，{direction}{money(abs(change))}（{rate}）；"
            f"{because}{where(current)}"
        )
        evidence = {
            "metric": key,
            "previous": previous,
            "current": current.value,
            "change_pct": round(change_pct, 2) if change_pct is not None else None,
            "change": change,
            "reason": reason.text if reason else None,
            "previous_document_id": prior.id,
            "previous_url": prior.url,
        }
        return document_finding(
            self.name, self.severity, doc, message, evidence, (doc.url, key), current
        )
