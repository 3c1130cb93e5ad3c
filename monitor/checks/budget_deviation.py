"""``budget_deviation``: what a department spent (its final account) is far from what it
budgeted (its published budget of the same year and level) — 预决算偏离度 (info).

Per headline figure both documents state: deviation = (决算 − 预算) / 预算, flagged
beyond ``[monitor] budget_deviation_pct``, and only when the difference is more than
rounding (``[monitor] tolerance``). Info: execution differs from plans for good reasons
(supplementary appropriations, carry-overs); the number is worth a look, not an alarm.
Example: "青川市司法局 2024年度部门决算：“三公”经费支出决算8.20万元，比2024年度部门预算
10.81万元少24.14%（偏离度超过10%）". Evidence: ``metric``, ``budget_value``,
``final_value``, ``deviation_pct``, ``budget_document_id``, ``budget_page``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft
from fiscalwatch.monitor.checks.common import (
    doc_label,
    document_finding,
    figure_label,
    money,
    where,
)
from fiscalwatch.monitor.checks.corpus import Doc, Fig, corpus

# The headline figures a budget and a final account both state, under the same keys.
COMPARED = (
    "income_total",
    "expenditure_total",
    "fiscal_appropriation_income",
    "general_budget_expenditure",
    "basic_expenditure",
    "project_expenditure",
    "personnel_expenses",
    "public_expenses",
    "gov_fund_expenditure",
    "three_public_total",
    "operating_expenses",
)


@dataclass(frozen=True)
class Deviation:
    metric: str
    final: Fig
    budget: Fig
    budget_doc: Doc

    @property
    def pct(self) -> float:
        return (self.final.value - self.budget.value) / self.budget.value * 100


def deviations(ctx: CheckContext) -> Iterator[tuple[Doc, Deviation]]:
    """Every headline figure of a final account beside its published budget's."""
    documents = corpus(ctx)
    for doc in documents.parsed_final_accounts():
        budget = documents.budget_of(doc, doc.year) if doc.year is not None else None
        if budget is None:
            continue
        for metric in COMPARED:
            final, planned = doc.first(metric), budget.first(metric)
            if final is not None and planned is not None and planned.value > 0:
                yield doc, Deviation(metric, final, planned, budget)


class BudgetDeviation(Check):
    name = "budget_deviation"
    severity = "info"
    description = (
        "A final account's headline figure deviates from the same department's published "
        "budget of that year (same level) by more than [monitor] budget_deviation_pct."
    )

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        settings = ctx.config.monitor
        for doc, found in deviations(ctx):
            difference = found.final.value - found.budget.value
            if abs(difference) <= settings.tolerance:
                continue
            if abs(found.pct) <= settings.budget_deviation_pct:
                continue
            yield self.finding(doc, found, settings.budget_deviation_pct)

    def finding(self, doc: Doc, found: Deviation, threshold: float) -> FindingDraft:
        budget_name = doc_label(found.budget_doc).split(" ", 1)[-1]
        direction = "多" if found.pct > 0 else "少"
        return document_finding(
            self.name,
            self.severity,
            doc,
            f"{doc_label(doc)}：{figure_label(found.metric)}决算{money(found.final.value)}，"
            f"比{budget_name}{money(found.budget.value)}{direction}{abs(found.pct):.2f}%"
            f"（偏离度超过{threshold:g}%）{where(found.final)}",
            {
                "metric": found.metric,
                "budget_value": found.budget.value,
                "final_value": found.final.value,
                "deviation_pct": round(found.pct, 2),
                "budget_document_id": found.budget_doc.id,
                "budget_page": found.budget.page,
            },
            (doc.url, found.metric),
            found.final,
        )
