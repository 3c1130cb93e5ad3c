"""``late_publication``: a final account or budget published after its deadline (info):
``[monitor] final_account_deadline`` of the year after for a final account,
``budget_deadline`` of the year itself for a budget.

Judged from the publication date the site shows (``documents.published_at``), never
from when fiscalwatch first fetched the file (a new source finds old files). Info: the
document is there now, the delay is a record worth a look. Example: "青川市卫生健康委员会
2024年度部门决算：2025-11-20才公开，晚于期限2025-09-30共51天". Evidence: ``doc_type``,
``deadline``, ``published_at``, ``days_late``.
"""

from __future__ import annotations

from collections.abc import Iterable

from fiscalwatch.deadlines import document_deadline, parse_date
from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft
from fiscalwatch.monitor.checks.common import doc_label, document_finding
from fiscalwatch.monitor.checks.corpus import corpus


class LatePublication(Check):
    name = "late_publication"
    severity = "info"
    description = (
        "A final account (budget) was published, by the date the site shows, after "
        "[monitor] final_account_deadline of the following year (budget_deadline of its year)."
    )

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        found = corpus(ctx)
        for doc in found.final_accounts + found.budgets:
            published = parse_date(doc.row["published_at"])
            if published is None or doc.year is None:
                continue
            doc_type = str(doc.row["doc_type"])
            deadline = document_deadline(doc_type, doc.year, ctx.config.monitor)
            late = (published - deadline).days
            if late <= 0:
                continue
            yield document_finding(
                self.name,
                self.severity,
                doc,
                f"{doc_label(doc)}：{published.isoformat()}才公开，晚于期限"
                f"{deadline.isoformat()}共{late}天",
                {
                    "doc_type": doc_type,
                    "deadline": deadline.isoformat(),
                    "level": doc.level,
                    "published_at": published.isoformat(),
                    "days_late": late,
                },
                (doc.url,),
            )
