"""``operating_expenses_mismatch``: 机关运行经费 differs from 公用经费 (info).

For administrative units both are usually the 公用经费 of the general-budget basic
expenditure, so a difference is worth a look; it is legitimate for units with 事业
units, hence info. Example: "乌鲁木齐市某局 2024年度部门决算：机关运行经费48.09万元与公用经费
50.00万元不一致（第5页）". Evidence: ``metric``, ``stated`` (机关运行经费), ``computed``
(公用经费).
"""

from __future__ import annotations

from collections.abc import Iterable

from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft
from fiscalwatch.monitor.checks.common import doc_label, document_finding, money, where
from fiscalwatch.monitor.checks.corpus import corpus


class OperatingExpensesMismatch(Check):
    name = "operating_expenses_mismatch"
    severity = "info"
    description = "机关运行经费 is not equal to 公用经费 (usually the same amount)."

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        tolerance = ctx.config.monitor.tolerance
        for doc in corpus(ctx).parsed_final_accounts():
            operating, public = doc.first("operating_expenses"), doc.first("public_expenses")
            if operating is None or public is None:
                continue
            if abs(operating.value - public.value) <= tolerance:
                continue
            yield document_finding(
                self.name,
                self.severity,
                doc,
                f"{doc_label(doc)}：机关运行经费{money(operating.value)}与公用经费"
                f"{money(public.value)}不一致{where(operating)}",
                {
                    "metric": "operating_expenses",
                    "stated": operating.value,
                    "computed": public.value,
                },
                (doc.url,),
                operating,
            )
