"""Performance self-evaluations (绩效自评): the tables and reports, read, stored, checked.

``extract(parsed)`` is the parser's enrichment step; ``store.save`` / ``store.clear``
persist the result next to the other parse results; the checks in
``monitor/checks/performance_*.py`` read it back with ``store.load_current``.
"""

from fiscalwatch.performance.extract import extract, find_evaluations
from fiscalwatch.performance.models import Evaluation, Indicator

__all__ = ["Evaluation", "Indicator", "extract", "find_evaluations"]
