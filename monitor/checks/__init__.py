"""The checks, registered by name. To add one: write a module with a :class:`Check`
subclass (see ``base.py``) and add one line to ``CHECKS``; a component that brings its
own checks (the crawler's source health, the performance reader's) returns them from the
``fiscalwatch_checks`` hook instead. The runner runs them in the order of
:func:`all_checks`; docs/monitor.md lists what each finds, its severity and its evidence
keys."""

from __future__ import annotations

import functools

from fiscalwatch.monitor.checks.base import Check
from fiscalwatch.monitor.checks.budget_deviation import BudgetDeviation
from fiscalwatch.monitor.checks.budget_mismatch import BudgetMismatch
from fiscalwatch.monitor.checks.completion_of_zero_budget import CompletionOfZeroBudget
from fiscalwatch.monitor.checks.copied_prior_text import CopiedPriorText
from fiscalwatch.monitor.checks.department_name_mismatch import DepartmentNameMismatch
from fiscalwatch.monitor.checks.direction_contradiction import DirectionContradiction
from fiscalwatch.monitor.checks.document_changed import DocumentChanged
from fiscalwatch.monitor.checks.document_removed import DocumentRemoved
from fiscalwatch.monitor.checks.inconsistent_figures import InconsistentFigures
from fiscalwatch.monitor.checks.late_publication import LatePublication
from fiscalwatch.monitor.checks.missing_document import MissingDocument
from fiscalwatch.monitor.checks.missing_section import MissingSection
from fiscalwatch.monitor.checks.operating_expenses_mismatch import OperatingExpensesMismatch
from fiscalwatch.monitor.checks.restated_prior_year import RestatedPriorYear
from fiscalwatch.monitor.checks.template_placeholder import TemplatePlaceholder
from fiscalwatch.monitor.checks.unexplained_change import UnexplainedChange
from fiscalwatch.monitor.checks.unfinished_text import UnfinishedText
from fiscalwatch.monitor.checks.unit_mismatch import UnitMismatch
from fiscalwatch.monitor.checks.unreadable_document import UnreadableDocument
from fiscalwatch.monitor.checks.wrong_year import WrongYear
from fiscalwatch.monitor.checks.yoy_anomaly import YoyAnomaly

CHECKS: dict[str, type[Check]] = {
    "missing_document": MissingDocument,
    "document_removed": DocumentRemoved,
    "unreadable_document": UnreadableDocument,
    "document_changed": DocumentChanged,
    "missing_section": MissingSection,
    "inconsistent_figures": InconsistentFigures,
    "unit_mismatch": UnitMismatch,
    "yoy_anomaly": YoyAnomaly,
    "unexplained_change": UnexplainedChange,
    "restated_prior_year": RestatedPriorYear,
    "late_publication": LatePublication,
    "template_placeholder": TemplatePlaceholder,
    "operating_expenses_mismatch": OperatingExpensesMismatch,
    "completion_of_zero_budget": CompletionOfZeroBudget,
    "department_name_mismatch": DepartmentNameMismatch,
    "budget_mismatch": BudgetMismatch,
    "budget_deviation": BudgetDeviation,
    "wrong_year": WrongYear,
    "direction_contradiction": DirectionContradiction,
    "unfinished_text": UnfinishedText,
    "copied_prior_text": CopiedPriorText,
}


@functools.cache
def all_checks() -> dict[str, type[Check]]:
    """The monitor's checks, then those the installed components bring, by name."""
    from fiscalwatch.plugins import collected, hook

    checks = dict(CHECKS)
    for check in collected(hook().fiscalwatch_checks()):
        if check.name in checks and checks[check.name] is not check:
            raise RuntimeError(f"two checks are named {check.name!r}")
        checks[check.name] = check
    return checks
