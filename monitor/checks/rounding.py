"""How far a sum of rounded numbers may be from its stated total: the one rule every
arithmetic check uses.

A document prints each amount rounded to its precision (0.01万元 in most, 0.1 or whole
万元 in coarser ones). Each printed term may be off by half a step, so a total and its n
parts, all printed, may disagree by up to (n + 1) × half a step. The allowance per term
is that half step, but never below 0.01 (PDF text, OCR and 元→万元 conversions add their
own last-digit noise) and never above ``[monitor] tolerance`` (0.05 by default: the upper
bound per term for documents that round coarsely). Real cases from the seeds: seed 004's
基本支出 133.87 = 人员经费 122.23 + 公用经费 11.64 exactly; 三公 parts 0.35 + 0.42 printed
against a 0.78 total (three terms: allowed 0.03) — see tests/monitor/test_rounding.py.
"""

from __future__ import annotations

MIN_PER_TERM = 0.01


def per_term(step: float, upper: float) -> float:
    """Allowance per rounded term for numbers printed to ``step`` (in 万元)."""
    return min(max(step / 2, MIN_PER_TERM), max(upper, MIN_PER_TERM))


def allowance(terms: int, upper: float, step: float = 0.01) -> float:
    """How far ``terms`` rounded numbers (the total counted) may disagree."""
    return max(terms, 1) * per_term(step, upper)


def printed_step(cells: list[str]) -> float:
    """The precision the cells are printed to: 0.01 when any has two decimals."""
    decimals = 0
    for cell in cells:
        text = cell.strip().replace(",", "")
        if "." in text:
            decimals = max(decimals, len(text.rsplit(".", 1)[1]))
    return 10.0 ** -min(decimals, 2) if decimals else 1.0
