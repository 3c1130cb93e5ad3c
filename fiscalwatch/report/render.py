"""The Jinja2 environment: autoescaping everywhere (document text is untrusted), and the
filters the templates use to put numbers, dates and names in Chinese."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jinja2 import Environment, PackageLoader, StrictUndefined

from fiscalwatch.figures import label as figure_label
from fiscalwatch.labels import SEVERITY_LABELS
from fiscalwatch.public import http_url
from fiscalwatch.report import labels
from fiscalwatch.report.charts import sparkline
from fiscalwatch.report.model import Finding


def money(value: float | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def change_pct(current: float | None, previous: float | None) -> float | None:
    if current is None or previous is None or previous == 0:
        return None
    return (current - previous) / abs(previous) * 100


def filesize(size: int | None) -> str:
    if not size:
        return ""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def signed_pct(value: float | None) -> str:
    return "" if value is None else f"{value:+.1f}%"


def local_time_filter(zone_name: str) -> Any:
    try:
        zone: ZoneInfo | None = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        zone = None

    def local_time(text: str | None, with_time: bool = True) -> str:
        """Store timestamps (UTC ISO) as local wall time; plain dates pass through."""
        if not text:
            return ""
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return text
        if moment.tzinfo is not None and zone is not None:
            moment = moment.astimezone(zone)
        if len(text) <= 10 or not with_time:
            return moment.strftime("%Y-%m-%d")
        return moment.strftime("%Y-%m-%d %H:%M")

    return local_time


def evidence_items(finding: Finding) -> list[tuple[str, str]]:
    """Evidence as (label, value) lines; page and snippet are shown apart, as provenance."""
    skip = {"page", *labels.SNIPPET_KEYS, *labels.HIDDEN_EVIDENCE}
    return [
        (labels.EVIDENCE_LABELS.get(key, key), labels.evidence_value(key, value))
        for key, value in finding.evidence.items()
        if key not in skip
        and value not in (None, "", [], {})
        # the card's footer already links the finding's own URL
        and not (key == "url" and value == finding.url)
    ]


def make_environment(timezone: str) -> Environment:
    env = Environment(
        loader=PackageLoader("fiscalwatch.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        money=money,
        signed_pct=signed_pct,
        http_url=http_url,
        filesize=filesize,
        run_status=lambda s: labels.RUN_STATUS_LABELS.get(s, s),
        local_time=local_time_filter(timezone),
        check_label=labels.check_label,
        severity_label=lambda s: SEVERITY_LABELS.get(s, s),
        state_label=lambda s: labels.STATE_LABELS.get(s, s),
        state_short=lambda s: labels.STATE_SHORT.get(s, s),
        doc_type_label=lambda t: labels.DOC_TYPE_LABELS.get(t or "", t or "未分类"),
        doc_status_label=lambda s: labels.DOC_STATUS_LABELS.get(s, s),
        figure_label=figure_label,
    )
    env.globals.update(
        change_pct=change_pct,
        evidence_items=evidence_items,
        sparkline=sparkline,
        state_rank=labels.STATE_RANK,
        severities=labels.SEVERITY_ORDER,
        state_labels=labels.STATE_LABELS,
    )
    return env
