"""``unit_mismatch``: a figure off by a factor of 10,000 — 元 written where 万元 is meant,
or the reverse (warning).

Reported where one figure scaled by 10,000 (or 1/10,000) makes a relation of domain.md
hold, or where two appearances of one figure differ by that factor. Example:
"XX局 2024年度部门决算：公用经费481,000.00万元与其他数字相差约一万倍，疑将“元”写作“万元”
（或相反）（第4页）". Evidence: ``metric`` (the figure that looks mis-scaled), ``stated`` and
``computed`` (the disagreement it explains, as in ``inconsistent_figures``), ``relation``
(the total or figure that disagreed).
"""

from __future__ import annotations

from collections.abc import Iterable

from fiscalwatch.monitor.checks.arithmetic import discrepancies
from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft
from fiscalwatch.monitor.checks.common import (
    doc_label,
    document_finding,
    figure_label,
    money,
    where,
)
from fiscalwatch.monitor.checks.corpus import corpus


class UnitMismatch(Check):
    name = "unit_mismatch"
    severity = "warning"
    description = (
        "A figure is off by a factor of 10,000 against the figures it must agree with: "
        "an amount in 元 where 万元 is meant, or the reverse."
    )

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        settings = ctx.config.monitor
        for doc in corpus(ctx).parsed_final_accounts():
            reported: set[str] = set()
            for found in discrepancies(doc, settings.tolerance, settings.share_tolerance_pct):
                suspect = found.unit_slip
                if not suspect or suspect in reported:
                    continue
                reported.add(suspect)
                figure = found.figure if found.kind == "repeat" else doc.first(suspect)
                name = figure_label(suspect)
                if found.kind == "repeat":
                    what = f"{name}两处数值{money(found.stated)}与{money(found.computed)}"
                else:
                    what = f"{name}{money(figure.value if figure else None)}与相关数字"
                yield document_finding(
                    self.name,
                    self.severity,
                    doc,
                    f"{doc_label(doc)}：{what}相差约一万倍，疑将“元”写作“万元”（或相反）"
                    f"{where(figure)}",
                    {
                        "metric": suspect,
                        "stated": found.stated,
                        "computed": found.computed,
                        "relation": found.metric,
                        "kind": found.kind,
                    },
                    (doc.url, suspect),
                    figure,
                )
