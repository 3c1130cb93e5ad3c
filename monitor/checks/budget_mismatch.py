"""``budget_mismatch``: the 年初预算数 a final account states differs from what the same
department published in its budget for that year, at the same level (warning).

A final account restates its own budget ("“三公”经费年初预算数为12.00万元"); the budget
the department published said something else. Compared per metric where both documents
state it: total expenditure (all funds), 财政拨款 and 一般公共预算财政拨款 expenditure,
“三公” and its parts, 机关运行经费. Only a final account's amounts it calls 年初预算 (in
its text, or a table column headed so) are held against the budget: a 全年预算数 is the
budget as adjusted during the year and may rightly differ. A 单位 account is held
against the 单位 budget, never the 部门 one. Example: "青川市司法局 2024年度部门决算：写明
“三公”经费年初预算数12.00万元，而2024年度部门预算为10.81万元（决算第9页，预算第22页）".

Evidence: ``metric``, ``budget_value``, ``final_value``, ``budget_document_id``, then
``final_quote``, ``final_page``, ``budget_quote``, ``budget_page``, ``budget_url``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import sqlite_utils

from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft
from fiscalwatch.monitor.checks.common import (
    doc_label,
    document_finding,
    figure_label,
    money,
    snippet,
)
from fiscalwatch.monitor.checks.corpus import Doc, Fig, corpus

# metric -> (the final account's budget keys, the budget's keys), first stated wins.
COMPARED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "expenditure_total": (("expenditure_total_budget",), ("expenditure_total",)),
    "fiscal_expenditure_total": (
        ("fiscal_expenditure_total_budget",),
        ("fiscal_expenditure_total",),
    ),
    "general_budget_expenditure": (
        ("general_budget_expenditure_budget",),
        ("general_budget_expenditure",),
    ),
    **{
        key: ((f"{key}_budget",), (key,))
        for key in (
            "three_public_total",
            "overseas_travel",
            "vehicle_total",
            "vehicle_purchase",
            "vehicle_operation",
            "official_reception",
            "operating_expenses",
        )
    },
}
INITIAL = "年初"  # what a final account calls the budget as first approved
DIFFERENCE = 0.01  # 万元: both sides are rounded to 0.01


@dataclass(frozen=True)
class Pair:
    metric: str
    final: Fig  # the final account's 年初预算数
    budget: Fig  # the published budget's figure
    final_doc: Doc
    budget_doc: Doc


def initial_budget_figure(db: sqlite_utils.Database, doc: Doc, keys: tuple[str, ...]) -> Fig | None:
    """The first figure of ``keys`` the final account calls 年初预算: its text says so,
    or its table column is headed so."""
    for key in keys:
        for figure in doc.figures.get(key, []):
            if figure.origin != "table" and INITIAL in figure.text:
                return figure
            if figure.origin == "table" and INITIAL in _column_label(db, doc, figure):
                return figure
    return None


def _column_label(db: sqlite_utils.Database, doc: Doc, figure: Fig) -> str:
    labels = doc.memo.get("column_labels")
    if labels is None:
        labels = {
            (key, value): label or ""
            for key, value, label in db.execute(
                "SELECT key, value, column_label FROM figures WHERE document_id = ?"
                " AND origin = 'table'",
                [doc.id],
            )
        }
        doc.memo["column_labels"] = labels
    return str(labels.get((figure.key, figure.value), ""))


def pairs(ctx: CheckContext) -> Iterator[Pair]:
    """Each metric stated by a final account as 年初预算 and by its published budget."""
    documents = corpus(ctx)
    for doc in documents.parsed_final_accounts():
        if doc.year is None:
            continue
        budget = documents.budget_of(doc, doc.year)
        if budget is None:
            continue
        for metric, (final_keys, budget_keys) in COMPARED.items():
            final = initial_budget_figure(ctx.db, doc, final_keys)
            stated = next((budget.first(k) for k in budget_keys if budget.first(k)), None)
            if final is not None and stated is not None:
                yield Pair(metric, final, stated, doc, budget)


class BudgetMismatch(Check):
    name = "budget_mismatch"
    severity = "warning"
    description = (
        "The 年初预算数 a final account states differs (by more than 0.01万元) from the "
        "same department's published budget of that year, at the same level."
    )

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        for pair in pairs(ctx):
            if abs(pair.final.value - pair.budget.value) <= DIFFERENCE:
                continue
            yield self.finding(pair)

    def finding(self, pair: Pair) -> FindingDraft:
        doc, account = pair.budget_doc, pair.final_doc
        budget_name = doc_label(doc).split(" ", 1)[-1]
        final, budget = pair.final, pair.budget
        pages = (
            f"（决算第{final.page}页，预算第{budget.page}页）" if final.page and budget.page else ""
        )
        return document_finding(
            self.name,
            self.severity,
            account,
            f"{doc_label(account)}：写明{figure_label(pair.metric)}年初预算数"
            f"{money(final.value)}，而已公开的{budget_name}为{money(budget.value)}{pages}",
            {
                "metric": pair.metric,
                "budget_value": budget.value,
                "final_value": final.value,
                "budget_document_id": doc.id,
                "final_quote": snippet(final.text),
                "final_page": final.page,
                "budget_quote": snippet(budget.text),
                "budget_page": budget.page,
                "budget_url": doc.url,
            },
            (account.url, pair.metric),
            final,
        )
