"""``fiscalwatch export``: the analyst's workbook (built by fiscalwatch.report.workbook)."""
