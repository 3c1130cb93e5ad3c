"""``late_publication``: a final account or budget published after its deadline (info):
``[monitor] final_account_deadline`` of the year after for a final account,
``budget_deadline`` of the year itself for a budget.

Judged by :func:`fiscalwatch.deadlines.publication_timing`, the rule the report's
overview applies too: the first appearance of the department-year's document, by the
publication date the site shows, or where it shows none by the day fiscalwatch first
stored it, but only after the source's first crawl (a new source finds old files).
Info: the document is there now, the delay is a record worth a look. Example:
"青川市卫生健康委员会 2024年度部门决算：2025-11-20才公开，晚于期限2025-09-30共51天".
Evidence: ``doc_type``, ``deadline``, ``published_at`` (the date judged), ``days_late``,
then ``date_basis`` (published | fetched).
"""

from __future__ import annotations

from collections.abc import Iterable

from fiscalwatch.deadlines import document_deadline, publication_timing
from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft
from fiscalwatch.monitor.checks.common import doc_label, document_finding
from fiscalwatch.monitor.checks.corpus import Doc, corpus
from fiscalwatch.store import reads


class LatePublication(Check):
    name = "late_publication"
    severity = "info"
    version = 2  # the report's rule: a date first seen after the first crawl counts too
    description = (
        "A final account (budget) first appeared, by the date the site shows or else "
        "the day it was first fetched after the source's first crawl, after "
        "[monitor] final_account_deadline of the following year (budget_deadline of its year)."
    )

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        found = corpus(ctx)
        versions = reads.department_year_versions(ctx.db, ctx.regions)
        first_fetch = reads.first_fetch_days(ctx.db)
        # One finding per department-year, about its first live current document.
        seen: set[tuple[int, str, str, int]] = set()
        budgets = {doc.id for doc in found.budgets}
        for doc in found.final_accounts + found.budgets:
            if doc.year is None or doc.department_id is None or doc.row["removed_at"]:
                continue
            doc_type = "budget" if doc.id in budgets else "final_account"
            slot = (doc.department_id, doc_type, doc.level, doc.year)
            if slot in seen:
                continue
            seen.add(slot)
            deadline = document_deadline(doc_type, doc.year, ctx.config.monitor)
            timing = publication_timing(versions.get(slot, []), deadline, first_fetch)
            if timing.state != "late" or timing.when is None:
                continue
            yield self._finding(
                doc, doc_type, timing.when, timing.basis, timing.days_late, deadline.isoformat()
            )

    def _finding(
        self, doc: Doc, doc_type: str, when: object, basis: str | None, late: int, deadline: str
    ) -> FindingDraft:
        seen = "才公开" if basis == "published" else "才首次出现（网站未标注发布日期）"
        return document_finding(
            self.name,
            self.severity,
            doc,
            f"{doc_label(doc)}：{when}{seen}，晚于期限{deadline}共{late}天",
            {
                "doc_type": doc_type,
                "deadline": deadline,
                "level": doc.level,
                "published_at": str(when),
                "days_late": late,
                "date_basis": basis,
            },
            (doc.url,),
        )
