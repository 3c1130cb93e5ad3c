"""Digests: all of a subscriber's due findings in one message, grouped by region and
department, as plain text and as HTML (Jinja2 templates in ``alerts/templates``).

The HTML template autoescapes everything, and a source link becomes a link only when it
is an http(s) URL, so no text a document supplied reaches the HTML unescaped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from fiscalwatch.alerts.models import Delivery, Finding
from fiscalwatch.budget_template import document_kind
from fiscalwatch.labels import CHECK_LABELS, SEVERITY_LABELS
from fiscalwatch.links import finding_report_url

NO_REGION = "未注明地区"
NO_DEPARTMENT = "未注明部门"
MAX_REGIONS_IN_SUBJECT = 3


@dataclass(frozen=True)
class Digest:
    subject: str
    text: str
    html: str
    count: int


@dataclass(frozen=True)
class DepartmentGroup:
    name: str
    findings: list[dict[str, Any]]


@dataclass(frozen=True)
class RegionGroup:
    name: str
    departments: list[DepartmentGroup]
    count: int


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("fiscalwatch.alerts", "templates"),
        autoescape=select_autoescape(
            enabled_extensions=("html.j2",), disabled_extensions=("txt.j2",), default=True
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def one_line(text: str | None) -> str:
    """Collapses whitespace: header values and one-line labels must not break lines."""
    return " ".join((text or "").split())


def subject(findings: Sequence[Finding]) -> str:
    """E.g. ``fiscalwatch：青川市 3 条新发现`` or ``fiscalwatch：甲市、乙市 5 条新发现``."""
    regions = sorted(
        {one_line(f.region) or NO_REGION for f in findings}, key=_region_order
    )  # the body's order
    named = "、".join(regions[:MAX_REGIONS_IN_SUBJECT])
    if len(regions) > MAX_REGIONS_IN_SUBJECT:
        named += f"等 {len(regions)} 个地区"
    return f"fiscalwatch：{named} {len(findings)} 条新发现"


def split_at_cap(
    deliveries: Sequence[Delivery], limit: int
) -> tuple[list[Delivery], list[Delivery]]:
    """The deliveries one digest carries and those the cap leaves out: the most severe
    (then newest year) findings go first, as the digest lists them."""
    ranked = sorted(deliveries, key=lambda d: _finding_order(d.finding))
    kept = {id(d) for d in ranked[:limit]}
    return [d for d in deliveries if id(d) in kept], [d for d in deliveries if id(d) not in kept]


def group(findings: Sequence[Finding], report_url: str | None = None) -> list[RegionGroup]:
    """Regions by name, departments (one stored department, whatever name each finding
    uses) by name, findings most severe and most recent first."""
    tree: dict[str, dict[object, list[Finding]]] = {}
    names: dict[object, str] = {}
    for finding in findings:
        region = one_line(finding.region) or NO_REGION
        name = one_line(finding.department_name or finding.department) or NO_DEPARTMENT
        department: object = finding.department_id or name
        names.setdefault(department, name)
        tree.setdefault(region, {}).setdefault(department, []).append(finding)
    regions = []
    for region in sorted(tree, key=_region_order):
        departments = sorted(
            (
                DepartmentGroup(
                    names[key], [_view(f, report_url) for f in sorted(items, key=_finding_order)]
                )
                for key, items in tree[region].items()
            ),
            key=lambda group: group.name,
        )
        regions.append(RegionGroup(region, departments, sum(len(d.findings) for d in departments)))
    return regions


def render_digest(
    findings: Sequence[Finding],
    *,
    generated_at: str,
    report_url: str | None = None,
    left_out: int = 0,
    subscriptions: Sequence[str] = (),
    operator: str | None = None,
) -> Digest:
    """``left_out``: findings the digest cap kept out (said, with the report's link);
    ``subscriptions`` and ``operator``: for the footer on how to unsubscribe."""
    base = _http_url(report_url)
    context = {
        "regions": group(findings, base),
        "count": len(findings),
        "generated_at": generated_at,
        "report_url": base,
        "left_out": left_out,
        "subscriptions": "、".join(one_line(name) for name in subscriptions),
        "operator": one_line(operator),
    }
    env = _environment()
    return Digest(
        subject=subject(findings),
        text=env.get_template("digest.txt.j2").render(context),
        html=env.get_template("digest.html.j2").render(context),
        count=len(findings),
    )


def _region_order(name: str) -> tuple[bool, str]:
    return (name == NO_REGION, name)


def _finding_order(finding: Finding) -> tuple[int, int, str, int]:
    return (-finding.severity_rank, -(finding.fiscal_year or 0), finding.check, finding.id)


def _view(finding: Finding, report_url: str | None) -> dict[str, Any]:
    return {
        "id": finding.id,
        "check": finding.check,
        "check_label": CHECK_LABELS.get(finding.check, finding.check),
        "severity": finding.severity,
        "severity_label": SEVERITY_LABELS.get(finding.severity, finding.severity),
        "year": (f"{finding.fiscal_year} 年度" if finding.fiscal_year else "年度不详")
        + _kind(finding),
        "message": finding.message,
        "url": finding.url,
        "link": _http_url(finding.url),
        "report_link": finding_report_url(report_url, finding.id),
        "first_seen": finding.first_seen,
    }


def _kind(finding: Finding) -> str:
    """The document type the finding is about: "部门决算", "单位预算" (empty when unknown)."""
    evidence = finding.evidence if isinstance(finding.evidence, dict) else {}
    doc_type = finding.doc_type or evidence.get("doc_type")
    level = finding.level or evidence.get("level")
    return document_kind(doc_type, level) or ""


def _http_url(url: str | None) -> str | None:
    """Only http(s) URLs become links (no ``javascript:`` from a crawled page)."""
    if url and re.match(r"https?://[^\s]+$", url.strip(), re.IGNORECASE):
        return url.strip()
    return None
