"""The static compliance report: ``build_report`` writes a self-contained HTML site."""

from fiscalwatch.report.builder import ReportError, ReportSummary, build_report

__all__ = ["ReportError", "ReportSummary", "build_report"]
