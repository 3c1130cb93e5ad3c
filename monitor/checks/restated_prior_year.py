"""``restated_prior_year``: the prior-year figure a document's own comparison implies
("比上年减少37.98万元" on 157.60 implies 195.58) differs from the same department's
stored prior-year final account (warning). For a budget, the prior year its sentence
names: "比2025年预算" the 2025 budget, "比2025年预算执行数" the 2025 final account (once
stored; skipped otherwise), both at the budget's level.

Compared with every appearance of the figure in the prior-year document, within
``[monitor] tolerance``; one finding per figure. Example: "中共乌鲁木齐市委员会组织部 2024
年度部门决算：收入总计比上年减少276.13万元，意味着上年为2,858.85万元，但2023年度决算公开
的是2,901.00万元（第2页）". Evidence: ``metric``, ``implied_previous``,
``stored_previous``, then ``previous_document_id``, ``previous_url``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from fiscalwatch.figures import FIGURES
from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft
from fiscalwatch.monitor.checks.changes import StatedChange, stated_changes
from fiscalwatch.monitor.checks.common import (
    doc_label,
    document_finding,
    figure_label,
    money,
    where,
)
from fiscalwatch.monitor.checks.corpus import Doc, corpus, representative


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
            if prior is not None:
                yield from self.restated(doc, stated_changes(doc), prior, tolerance)
        for doc in found.parsed_budgets():
            if doc.year is None:
                continue
            # The basis the sentence names decides: "比2025年预算" the prior budget,
            # "比2025年预算执行数" the prior final account (skipped until it is stored).
            by_basis: dict[str, list[StatedChange]] = {}
            for stated in stated_changes(doc):
                basis = budget_change_basis(stated.figure.text, doc.year)
                if basis is not None:
                    by_basis.setdefault(basis, []).append(stated)
            for basis, changes in by_basis.items():
                prior = (
                    found.final_account_of(doc, doc.year - 1)
                    if basis == "final_account"
                    else found.budget_of(doc, doc.year - 1)
                )
                if prior is not None:
                    yield from self.restated(doc, changes, prior, tolerance)

    def restated(
        self, doc: Doc, changes: list[StatedChange], prior: Doc, tolerance: float
    ) -> Iterator[FindingDraft]:
        reported: set[str] = set()
        for stated in changes:
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
                f"{money(stated.previous)}，但{doc_label(prior).split(' ', 1)[-1]}公开的是"
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
                    "previous_doc_type": prior.row["doc_type"],
                },
                (doc.url, stated.key),
                stated.figure,
            )


_NAMED_YEAR = re.compile(r"(?:比|较|与)(?P<year>\d{4}|上)年度?")


def budget_change_basis(statement: str, fiscal_year: int) -> str | None:
    """What a budget's "比…增加X万元" compares with: ``final_account`` ("比上年预算执行数",
    "比2025年决算"), ``budget`` ("比2025年预算", "比上年"), or None when it names a year
    other than the prior one (a wrong year is another check's business)."""
    named = _NAMED_YEAR.search(statement)
    if named is None:
        return None
    if named.group("year") != "上" and int(named.group("year")) != fiscal_year - 1:
        return None
    after = statement[named.end() : named.end() + 12]
    if "执行" in after or "决算" in after:
        return "final_account"
    return "budget"
