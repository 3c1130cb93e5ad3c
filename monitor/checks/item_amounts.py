"""One item of a 情况说明 stating two different amounts for the same thing, reported as
``inconsistent_figures`` (kind ``item_amount``).

What a reviewer says: "同一条里前面写“56.12万元”，后面又写“2026年预算安排57.8万元”，前后
矛盾". A budget's explanation lists each 项 as "…（01项）56.12万元。主要用于：…。2025年当年
预算执行数为57.43万元，2026年预算安排57.8万元，…": the amount after the 项 and the
预算安排 of the same item must be the same number.
Evidence: ``metric`` (``item_amount``), ``stated`` (after the 项), ``computed`` (预算安排),
``kind``, ``occurrences``.
"""

from __future__ import annotations

import re

from monitor.checks.base import CheckContext, FindingDraft
from monitor.checks.corpus import Doc
from monitor.checks.texts import Hit, compact_pages, find, snippet_at, text_finding

NUM = r"(\d[\d,]*(?:\.\d+)?)"
ITEM = re.compile(
    r"[(（]\d{2}项[)）]"
    + NUM
    + r"万元[。,，](?:(?![(（]\d{2}项[)）])[^\n]){0,200}?\d{4}年(?:度)?预算安排"
    + NUM
    + "万元"
)


def item_amount_findings(
    ctx: CheckContext, check: str, severity: str, doc: Doc
) -> list[FindingDraft]:
    hits = []
    pages = compact_pages(ctx, doc)
    for page, match, text in find(pages, ITEM):
        stated, planned = (
            float(match.group(1).replace(",", "")),
            float(match.group(2).replace(",", "")),
        )
        if abs(stated - planned) > 0.01:
            hits.append(
                Hit(
                    page,
                    match.group(0)[:40],
                    snippet_at(text, match.start(), match.end()),
                    {"stated": stated, "computed": planned},
                )
            )
    if not hits:
        return []
    first = hits[0].detail or {}
    return [
        text_finding(
            check,
            severity,
            doc,
            f"同一项说明中金额前后不一致：{first['stated']:g}万元与预算安排{first['computed']:g}万元",
            "item_amount",
            hits,
            {"metric": "item_amount", "stated": first["stated"], "computed": first["computed"]},
        )
    ]
