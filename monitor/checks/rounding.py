"""How far a sum of rounded numbers may be from its stated total: the one rule every
arithmetic check uses.

A document prints each amount rounded to its precision (0.01万元 in most, 0.1 or whole
万元 in coarser ones). Each printed term may be off by half a step, so a total and its n
parts, all printed, may disagree by up to (n + 1) × half a step. The allowance per term
is that half step, but never below 0.01 (PDF text, OCR and 元→万元 conversions add their
own last-digit noise) and never above ``[monitor] tolerance`` (0.05 by default: the upper
bound per term for documents that round coarsely, in 万元). The half step and the 0.01
are in the unit the numbers are printed in: a table in 元 printed to the cent adds up to
the cent, an integer in it may hide 0.5元. Cases from the seeds
and the real files are in tests/monitor/test_rounding.py.
"""

from __future__ import annotations

MIN_PER_TERM = 0.01


def per_term(step: float, upper: float, factor: float = 1.0) -> float:
    """Allowance per rounded term, in 万元, for numbers printed to ``step`` in a unit
    worth ``factor`` 万元 (1 for 万元, 0.0001 for 元: a 元 table adds up to the cent)."""
    return min(max(step / 2, MIN_PER_TERM) * factor, max(upper, MIN_PER_TERM))


def allowance(terms: int, upper: float, step: float = 0.01, factor: float = 1.0) -> float:
    """How far ``terms`` rounded numbers (the total counted) may disagree, in 万元."""
    return max(terms, 1) * per_term(step, upper, factor)


def printed_step(cells: list[str]) -> float:
    """The precision the cells are printed to: 0.01 when any has two decimals."""
    decimals = 0
    for cell in cells:
        text = cell.strip().replace(",", "")
        if "." in text:
            decimals = max(decimals, len(text.rsplit(".", 1)[1]))
    return 10.0 ** -min(decimals, 2) if decimals else 1.0
