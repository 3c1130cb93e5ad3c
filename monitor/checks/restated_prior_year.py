"""``restated_prior_year``: the prior-year figure a document's own comparison implies
("比上年减少37.98万元" on 157.60 implies 195.58) differs from the same department's
stored prior-year final account (warning).

Compared with every appearance of the figure in the prior-year document, within
``[monitor] tolerance``; one finding per figure. Example: "中共乌鲁木齐市委员会组织部 2024
年度部门决算：收入总计比上年减少276.13万元，意味着上年为2,858.85万元，但2023年度决算公开
的是2,901.00万元（第2页）". Evidence: ``metric``, ``implied_previous``,
``stored_previous``, then ``previous_document_id``, ``previous_url``.
"""

from __future__ import annotations

from collections.abc import Iterable

from fiscalwatch.figures import FIGURES
from monitor.checks.base import Check, CheckContext, FindingDraft
from monitor.checks.changes import stated_changes
from monitor.checks.common import doc_label, document_finding, figure_label, money, where
from monitor.checks.corpus import corpus, representative


class RestatedPriorYear(Check):
    name = "restated_prior_year"
    severity = "warning"
    description = (
        "The prior-year figure implied by the document's own comparison (比上年增加/减少) "
        "differs from the department's stored prior-year final account."
    )

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        tolerance = max(ctx.config.monitor.tolerance, 0.011)
        found = corpus(ctx)
        for doc in found.parsed_final_accounts():
            prior = found.prior_year(doc)
            if prior is None:
                continue
            reported: set[str] = set()
            for stated in stated_changes(doc):
                if stated.previous is None or stated.key in reported or stated.key not in FIGURES:
                    continue
                stored = prior.figures.get(stated.key)
                if not stored:
                    continue
                if any(abs(f.value - stated.previous) <= tolerance for f in stored):
                    continue
                reported.add(stated.key)
                kept = representative(stored)
                direction = "增加" if stated.change >= 0 else "减少"
                said = f"比上年{direction}{abs(stated.change):,.2f}万元"
                message = (
                    f"{doc_label(doc)}：{figure_label(stated.key)}{said}，意味着上年为"
                    f"{money(stated.previous)}，但{prior.year}年度决算公开的是"
                    f"{money(kept.value)}{where(stated.figure)}"
                )
                yield document_finding(
                    self.name,
                    self.severity,
                    doc,
                    message,
                    {
                        "metric": stated.key,
                        "implied_previous": stated.previous,
                        "stored_previous": kept.value,
                        "previous_document_id": prior.id,
                        "previous_url": prior.url,
                        "previous_page": kept.page,
                    },
                    (doc.url, stated.key),
                    stated.figure,
                )
