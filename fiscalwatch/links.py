"""Where a finding lives on the published report: one rule for the report's own links,
the Atom feed, the workbook, the e-mail digests and the webhook payload."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fiscalwatch.config import Config

FINDINGS_PAGE = "findings.html"


def finding_anchor(finding_id: int) -> str:
    return f"f-{finding_id}"


def finding_path(finding_id: int, list_page: str = FINDINGS_PAGE) -> str:
    """The finding's place relative to the report's root. A large report lists findings
    on several pages (``fiscalwatch.report.pages``); outside the report build (digests,
    webhooks) the page is not known and the front findings page is named, which lists the
    newest findings."""
    return f"{list_page}#{finding_anchor(finding_id)}"


def report_base_url(config: Config) -> str | None:
    """``[report] base_url``, else the older ``report_url`` of an alert channel's table
    (``[alerts.email] report_url``); http(s) only."""
    older = [getattr(table, "report_url", None) for table in config.alerts.tables()]
    for url in (config.report.base_url, *older):
        if url and re.match(r"https?://\S+$", url.strip(), re.IGNORECASE):
            return url.strip()
    return None


def finding_report_url(base_url: str | None, finding_id: int) -> str | None:
    return f"{base_url.rstrip('/')}/{finding_path(finding_id)}" if base_url else None
