"""``template_placeholder``: template text left unfilled — "XX局", "××万元", "某某": a
name or a number is missing (warning). A choice never made ("增加/减少0万元", "增加（减少）
的主要原因") is ``unfinished_text``'s ``choice_left``: one rule for every form of it.

One finding per document and kind, listing where. Found set-based: SQL picks the pages
that may hold one, a regex confirms (so "xxgk" in an address is not a placeholder). Example:
"XX区财政局 2024年度部门决算：留有未填写的模板占位符“XX”（第2页：“XX单位2024年度…”）".
Evidence: ``placeholder`` (the texts found), ``kind`` (placeholder),
``occurrences`` (page and snippet, at most 10).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft
from fiscalwatch.monitor.checks.common import doc_label, document_finding
from fiscalwatch.monitor.checks.corpus import corpus, pages_matching

PATTERNS: dict[str, re.Pattern[str]] = {
    "placeholder": re.compile(
        r"(?<![A-Za-z0-9/._\-=?&])(?:XX+|ＸＸ+|xx|××+|某某)(?![A-Za-z0-9/._\-=?&])|某某"
    ),
}
SQL_HINTS = ("XX", "xx", "ＸＸ", "××", "某某")
SEVERITY = {"placeholder": "warning"}
WHAT = {"placeholder": "留有未填写的模板占位符"}
MAX_OCCURRENCES = 10


class TemplatePlaceholder(Check):
    name = "template_placeholder"
    severity = "warning"
    description = (
        "Template text left unfilled: placeholders such as XX, ××, 某某 (unmade choices "
        "such as 增加/减少 are unfinished_text's choice_left)."
    )

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        docs = {d.id: d for d in corpus(ctx).final_accounts if d.row["status"] == "parsed"}
        if not docs:
            return
        where = " OR ".join("instr(text, ?) > 0" for _ in SQL_HINTS)
        hits: dict[tuple[int, str], list[dict[str, Any]]] = defaultdict(list)
        for document_id, page, text in pages_matching(ctx.db, docs, where, list(SQL_HINTS)):
            if document_id not in docs:
                continue
            for kind, pattern in PATTERNS.items():
                for match in pattern.finditer(text or ""):
                    found = hits[(document_id, kind)]
                    if len(found) < MAX_OCCURRENCES:
                        around = text[max(0, match.start() - 20) : match.end() + 20]
                        found.append(
                            {
                                "text": match.group(0),
                                "page": page,
                                "snippet": " ".join(around.split()),
                            }
                        )
        for (document_id, kind), occurrences in hits.items():
            doc = docs[document_id]
            tokens = sorted({o["text"] for o in occurrences})
            first = occurrences[0]
            quoted = "、".join(f"“{t}”" for t in tokens)
            yield document_finding(
                self.name,
                SEVERITY[kind],
                doc,
                f"{doc_label(doc)}：{WHAT[kind]}{quoted}（第{first['page']}页：“{first['snippet']}”）",
                {
                    "placeholder": tokens,
                    "kind": kind,
                    "occurrences": occurrences,
                    "page": first["page"],
                    "snippet": first["snippet"],
                },
                (doc.url, kind),
            )
