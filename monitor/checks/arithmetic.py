"""The relations a final account's figures must satisfy (domain.md, "Relations that must
hold"), and the search for the places where one document's numbers disagree.

Used by ``inconsistent_figures`` and ``unit_mismatch``: a disagreement that a factor of
10,000 on one figure explains (元 written where 万元 is meant, or the reverse) is a unit
slip; every other disagreement is an inconsistency.

Amounts are non-negative, so a total with some parts not stated can still be judged
one way: parts that are stated and already exceed the total are a disagreement; a total
larger than the stated parts may be made up by the parts not stated, and is left alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from fiscalwatch.figures import FIGURES
from fiscalwatch.monitor.checks.corpus import Doc, Fig, representative
from fiscalwatch.monitor.checks.rounding import per_term

UNIT_FACTOR = 10_000.0  # 元 per 万元
ROUNDING = 0.005  # amounts and percentages are rounded to 0.01


@dataclass(frozen=True)
class Relation:
    total: str
    parts: tuple[str, ...]
    # Skip when this key is stated: another relation covers the document.
    unless: str | None = None


# 本年支出 by kind, and 本年收入 by origin (财政拨款 as one part, or split by fund): the
# parts of the sums below and the partitions of the stated shares.
EXPENDITURE_BY_KIND = (
    "basic_expenditure",
    "project_expenditure",
    "superior_remittance_expenditure",
    "operating_expenditure",
    "affiliated_subsidy_expenditure",
)
INCOME_BY_ORIGIN = (
    "fiscal_appropriation_income",
    "superior_subsidy_income",
    "business_income",
    "operating_income",
    "affiliated_income",
    "other_income",
)
INCOME_BY_FUND = (
    "general_budget_income",
    "gov_fund_income",
    "state_capital_income",
    *INCOME_BY_ORIGIN[1:],
)
THREE_PUBLIC_PARTS = ("overseas_travel", "vehicle_total", "official_reception")


RELATIONS: tuple[Relation, ...] = (
    Relation("income_total", ("income_current_year", "non_fiscal_balance_used", "carryover_begin")),
    Relation(
        "expenditure_total", ("expenditure_current_year", "balance_distribution", "carryover_end")
    ),
    Relation("expenditure_total", ("income_total",)),
    Relation(
        "expenditure_current_year",
        EXPENDITURE_BY_KIND,
    ),
    Relation(
        "income_current_year",
        INCOME_BY_ORIGIN,
    ),
    Relation(
        "income_current_year",
        INCOME_BY_FUND,
        unless="fiscal_appropriation_income",
    ),
    Relation(
        "fiscal_appropriation_income",
        ("general_budget_income", "gov_fund_income", "state_capital_income"),
    ),
    Relation("fiscal_expenditure_total", ("fiscal_income_total",)),
    Relation("general_budget_basic_expenditure", ("personnel_expenses", "public_expenses")),
    Relation("three_public_total", THREE_PUBLIC_PARTS),
    Relation("vehicle_total", ("vehicle_purchase", "vehicle_operation")),
    Relation(
        "procurement_total", ("procurement_goods", "procurement_works", "procurement_services")
    ),
)

# Shares of one whole that together make 100% ("占97.87%" ... "占2.13%").
SHARE_PARTITIONS: dict[str, tuple[tuple[str, ...], ...]] = {
    "expenditure_current_year": (EXPENDITURE_BY_KIND,),
    "income_current_year": (
        INCOME_BY_ORIGIN,
        INCOME_BY_FUND,
    ),
    "three_public_total": (THREE_PUBLIC_PARTS,),
}

# Figures whose label legitimately names different amounts in one document (年初预算数
# of the whole account and of one fund), or counts that are not money.
NOT_REPEATABLE = frozenset({"budget_initial"})
MONEY_KEYS = frozenset(k for k, (unit, _) in FIGURES.items() if unit == "万元") - NOT_REPEATABLE


@dataclass
class Discrepancy:
    kind: str  # sum | share | shares_sum | repeat | change_pct
    metric: str
    stated: float
    computed: float
    figure: Fig | None
    detail: dict[str, Any] = field(default_factory=dict)
    # Set when scaling this figure by 10,000 (or 1/10,000) makes the numbers agree.
    unit_slip: str | None = None


def discrepancies(doc: Doc, tolerance: float, share_tolerance: float) -> list[Discrepancy]:
    """Every disagreement in ``doc``; computed once per run and tolerance pair."""
    memo_key = f"discrepancies:{tolerance}:{share_tolerance}"
    if memo_key not in doc.memo:
        doc.memo[memo_key] = list(_discrepancies(doc, tolerance, share_tolerance))
    return doc.memo[memo_key]


def _discrepancies(doc: Doc, tolerance: float, share_tolerance: float) -> Iterator[Discrepancy]:
    yield from _sums(doc, tolerance)
    yield from _shares(doc, share_tolerance)
    yield from _share_sums(doc, share_tolerance)
    yield from _repeats(doc, tolerance)
    yield from _change_pcts(doc, share_tolerance)


def _agrees(total: float, parts: list[float], complete: bool, tolerance: float) -> bool:
    # 0.01 per rounded term (rounding.py); a whole number may have been printed without
    # decimals ("116万元"), so it brings up to ``tolerance``.
    allowed = sum(
        per_term(1.0 if value and value == round(value) else 0.01, tolerance)
        for value in (total, *parts)
    )
    difference = sum(parts) - total
    if complete:
        return abs(difference) <= allowed
    return difference <= allowed  # parts not stated can only add to the sum


def _sums(doc: Doc, tolerance: float) -> Iterator[Discrepancy]:
    for relation in RELATIONS:
        if relation.unless and relation.unless in doc.figures:
            continue
        total = doc.first(relation.total)
        stated_parts = [(key, doc.first(key)) for key in relation.parts if key in doc.figures]
        if total is None or not stated_parts:
            continue
        values = {key: fig.value for key, fig in stated_parts if fig is not None}
        complete = len(values) == len(relation.parts)
        if _agrees(total.value, list(values.values()), complete, tolerance):
            continue
        slip = _slipped_term(relation.total, total.value, values, tolerance)
        yield Discrepancy(
            kind="sum",
            metric=relation.total,
            stated=total.value,
            computed=round(sum(values.values()), 2),
            figure=total,
            detail={
                "parts": {key: values.get(key) for key in relation.parts},
                "complete": complete,
            },
            unit_slip=slip,
        )


def _slipped_term(
    total_key: str, total: float, parts: dict[str, float], tolerance: float
) -> str | None:
    # Only an exact fit after scaling counts: "parts may be missing" would explain anything.
    # And only between two non-zero amounts: a total of 4.00 over parts of 0.00 "fits"
    # 4.00 元 written as 万元 as well as any other number; it is an inconsistency.
    if not total or not any(parts.values()):
        return None
    for factor in (UNIT_FACTOR, 1 / UNIT_FACTOR):
        if _agrees(total * factor, list(parts.values()), True, tolerance):
            return total_key
        for key, value in parts.items():
            if not value:
                continue
            scaled = [v * factor if k == key else v for k, v in parts.items()]
            if _agrees(total, scaled, True, tolerance):
                return key
    return None


def share_allowance(part: float, whole: float, share_tolerance: float) -> float:
    """How far a stated share may be from part/whole when both were rounded to 0.01."""
    return share_tolerance + ROUNDING + 100 * (ROUNDING / whole + abs(part) * ROUNDING / whole**2)


def _shares(doc: Doc, share_tolerance: float) -> Iterator[Discrepancy]:
    for key, figures in doc.figures.items():
        if not key.endswith("_share"):
            continue
        base = key.removesuffix("_share")
        part = doc.first(base)
        seen: set[tuple[str, float]] = set()
        for figure in figures:
            if part is None or not figure.basis or (figure.basis, figure.value) in seen:
                continue
            seen.add((figure.basis, figure.value))
            whole = doc.value(figure.basis)
            if not whole or whole <= 0:
                continue
            computed = part.value / whole * 100
            if abs(figure.value - computed) <= share_allowance(part.value, whole, share_tolerance):
                continue
            yield Discrepancy(
                kind="share",
                metric=key,
                stated=figure.value,
                computed=round(computed, 2),
                figure=figure,
                detail={
                    "basis": figure.basis,
                    "part": part.value,
                    "whole": whole,
                },
            )
            break  # one finding per share; the stated value is in the evidence


def _share_sums(doc: Doc, share_tolerance: float) -> Iterator[Discrepancy]:
    for whole_key, partitions in SHARE_PARTITIONS.items():
        if not doc.value(whole_key):
            continue
        for partition in partitions:
            shares: dict[str, Fig] = {}
            for key in partition:
                stated = [f for f in doc.figures.get(f"{key}_share", []) if f.basis == whole_key]
                if stated:
                    shares[key] = representative(stated)
            if len(shares) != len(partition):
                continue
            total = sum(f.value for f in shares.values())
            if abs(total - 100) <= share_tolerance + 0.01 * len(partition):
                break
            yield Discrepancy(
                kind="shares_sum",
                metric=f"{whole_key}_share",
                stated=round(total, 2),
                computed=100.0,
                figure=next(iter(shares.values())),
                detail={"shares": {k: f.value for k, f in shares.items()}},
            )
            break


def _repeats(doc: Doc, tolerance: float) -> Iterator[Discrepancy]:
    for key, figures in doc.figures.items():
        if key not in MONEY_KEYS or len(figures) < 2:
            continue
        main = representative(figures)
        odd = max(figures, key=lambda f: abs(f.value - main.value))
        if abs(odd.value - main.value) <= tolerance:
            continue
        slip = None
        if main.value and odd.value:
            ratio = max(main.value, odd.value) / min(main.value, odd.value)
            if abs(ratio / UNIT_FACTOR - 1) < 0.01:
                slip = key
        yield Discrepancy(
            kind="repeat",
            metric=key,
            stated=main.value,
            computed=odd.value,
            figure=main,
            detail={
                "other": _appearance(odd),
                "appearances": [_appearance(f) for f in figures[:12]],
            },
            unit_slip=slip,
        )


def _appearance(figure: Fig) -> dict[str, Any]:
    return {
        "value": figure.value,
        "page": figure.page,
        "origin": figure.origin,
        "table_key": figure.table_key,
        "snippet": " ".join(figure.text.split())[:120],
    }


def _change_pcts(doc: Doc, share_tolerance: float) -> Iterator[Discrepancy]:
    for key, pct_figures in doc.figures.items():
        if not key.endswith("_change_pct"):
            continue
        base = key.removesuffix("_change_pct")
        changes = doc.figures.get(f"{base}_change", [])
        for pct_figure in pct_figures:
            change = _paired(pct_figure, changes, pct_figures)
            if change is None:
                continue
            previous = _previous(doc, base, change)
            if previous is None or abs(previous) < 0.01:
                continue  # "增长100%" from nothing has no base to check against
            computed = change.value / previous * 100
            allowed = share_allowance(change.value, abs(previous), share_tolerance)
            if abs(pct_figure.value - computed) <= allowed:
                continue
            yield Discrepancy(
                kind="change_pct",
                metric=key,
                stated=pct_figure.value,
                computed=round(computed, 2),
                figure=pct_figure,
                detail={"change": change.value, "previous": round(previous, 2)},
            )
            break


def _paired(pct_figure: Fig, changes: list[Fig], pct_figures: list[Fig]) -> Fig | None:
    """The stated change a stated percentage belongs to: same snippet, else same page,
    else the one at the same position."""
    for change in changes:
        if change.text and change.text == pct_figure.text:
            return change
    on_page = [c for c in changes if c.page == pct_figure.page]
    if len(on_page) == 1:
        return on_page[0]
    if len(changes) == len(pct_figures):
        return changes[pct_figures.index(pct_figure)]
    return None


def _previous(doc: Doc, base: str, change: Fig) -> float | None:
    for implied in doc.figures.get(f"{base}_prev_implied", []):
        if implied.text == change.text or implied.page == change.page:
            return implied.value
    current = doc.value(base)
    return None if current is None else current - change.value
