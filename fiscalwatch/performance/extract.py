"""Entry point: finds every self-evaluation in a parsed document.

Tables come from two places that may both hold the same grid (a Word file gives text
*and* tables): ``parsed.tables`` (pdfplumber-style rows; the parser hands a PDF's
绩效自评表 grids over as ``key="other"``) and the page text (tab-separated or
cell-per-line). Both are read; an evaluation found twice is kept once, in the reading
with more indicators. When neither holds a grid (a PDF whose tables are not ruled),
the flowed text gives the funds rows at least; it also fills the funds of an
evaluation whose first grid never arrived (see :func:`_fill_funds`). When no 部门整体 table
turns up, the prose of a standalone 自评报告 is read instead.
"""

from __future__ import annotations

import logging

from fiscalwatch.models import ParsedDocument
from fiscalwatch.performance.flow import read_flowed
from fiscalwatch.performance.models import Evaluation
from fiscalwatch.performance.prose import read_report
from fiscalwatch.performance.reader import Reader
from fiscalwatch.performance.rows import table_rows, text_rows
from fiscalwatch.performance.text import key

log = logging.getLogger(__name__)
EXTRA_KEY = "performance"


def extract(parsed: ParsedDocument) -> None:
    """Fills ``parsed.extras["performance"]`` with a list of :class:`Evaluation`."""
    try:
        evaluations = find_evaluations(parsed)
    except Exception as exc:  # a reading bug must not fail the document's whole parse
        log.exception("performance extraction failed")
        parsed.warnings.append(f"绩效自评表读取失败: {exc}")
        evaluations = []
    parsed.extras[EXTRA_KEY] = evaluations


def find_evaluations(parsed: ParsedDocument) -> list[Evaluation]:
    year = parsed.fiscal_year
    from_tables = Reader("table", year).read(table_rows(parsed.tables))
    from_text = Reader("text", year).read(text_rows(parsed.pages))
    evaluations = _merge(from_tables, from_text)
    if not evaluations:
        evaluations = read_flowed(parsed.pages, year)
    elif any(_lacks_funds(e) for e in evaluations):
        _fill_funds(evaluations, read_flowed(parsed.pages, year))
    if not any(e.kind == "部门整体" for e in evaluations):
        report = read_report(parsed.pages, year, parsed.department)
        if report is not None:
            evaluations.insert(0, report)
    for evaluation in evaluations:
        if not evaluation.department:
            evaluation.department = parsed.department
        if evaluation.fiscal_year is None:
            evaluation.fiscal_year = year
    return evaluations


def _lacks_funds(evaluation: Evaluation) -> bool:
    return evaluation.budget_full_year is None and evaluation.executed is None


# What a flowed reading can give an evaluation whose grid lost its funds row.
_FLOWED_FIELDS = (
    "budget_initial",
    "budget_full_year",
    "executed",
    "execution_rate_stated",
    "weight",
    "score",
    "snippet",
    "page",
)


def _fill_funds(evaluations: list[Evaluation], flowed: list[Evaluation]) -> None:
    """The grid holding an evaluation's funds row may never reach the reader: the parser
    hands over the grids of pages that name a 绩效自评表, so a title left alone at the foot
    of one page hides the next page's grid, and the reader only meets the table at the
    repeated 部门名称/项目名称 header on the page after. The flowed page text still has the
    funds row; it fills the gap (same kind and name)."""
    by_identity = {(e.kind, key(e.name)): e for e in flowed}
    for evaluation in evaluations:
        twin = by_identity.get((evaluation.kind, key(evaluation.name)))
        if twin is None or not _lacks_funds(evaluation):
            continue
        for name in _FLOWED_FIELDS:
            setattr(evaluation, name, getattr(twin, name))
        evaluation.implementing_unit = evaluation.implementing_unit or twin.implementing_unit
        if evaluation.total_score is None:
            evaluation.total_weight, evaluation.total_score = twin.total_weight, twin.total_score


def _identity(evaluation: Evaluation) -> tuple[str, str, float | None]:
    return (evaluation.kind, key(evaluation.name), evaluation.executed)


def _merge(first: list[Evaluation], second: list[Evaluation]) -> list[Evaluation]:
    """One list in document order; a grid read from both sources appears once."""
    if not first or not second:
        return list(first or second)
    base, other = (first, second) if len(first) >= len(second) else (second, first)
    others = {_identity(e): e for e in other}
    merged: list[Evaluation] = []
    for evaluation in base:
        twin = others.pop(_identity(evaluation), None)
        if twin is not None and len(twin.indicators) > len(evaluation.indicators):
            evaluation = twin
        merged.append(evaluation)
    merged.extend(others.values())
    return merged
