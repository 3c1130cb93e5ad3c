"""``document_removed``: a known document's URL now answers 404/410 or left the listing
(critical). Disclosures must stay online. Resolves when the URL serves it again (the
store clears ``removed_at``). Example: "青川市财政局 2024年度部门决算：已从网站撤下
（404），地址 http://…". Evidence: ``url``, then ``removed_at``, ``reason``.
"""

from __future__ import annotations

from collections.abc import Iterable

from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft
from fiscalwatch.monitor.checks.common import doc_label, document_finding
from fiscalwatch.monitor.checks.corpus import corpus


class DocumentRemoved(Check):
    name = "document_removed"
    severity = "critical"
    description = "A published document's URL answers 404/410 or it left the site's listing."

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        for doc in corpus(ctx).documents:
            row = doc.row
            if not row["removed_at"]:
                continue
            reason = row["removal_reason"] or "地址已失效"
            yield document_finding(
                self.name,
                self.severity,
                doc,
                f"{doc_label(doc)}：已从网站撤下（{reason}），地址 {doc.url}",
                {"url": doc.url, "removed_at": row["removed_at"], "reason": reason},
                (doc.url,),
            )
