"""``completion_of_zero_budget``: "完成(年初)预算X%" (X > 0) stated in the same sentence
as a budget of 0 — a rate against nothing (warning).

Read from the page text: a sentence naming 年初预算/全年预算/预算数 of 0 and claiming a
non-zero completion rate; one finding per document. Example: "某局 2024年度部门决算：年初预算为
0，却写作“完成年初预算100%”（第6页）". Evidence: ``metric``, ``budget``, ``stated_rate``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft
from fiscalwatch.monitor.checks.common import doc_label, document_finding
from fiscalwatch.monitor.checks.corpus import corpus, pages_matching

SENTENCE = re.compile(r"[^。；;\n]+")
ZERO_BUDGET = re.compile(
    r"(?:年初预算|全年预算|预算数|预算为|预算安排)[^，,。；\d]{0,6}?0(?:\.0+)?\s*万?元"
)
RATE = re.compile(r"完成(?:年初|全年)?预算(?:数)?(?:的)?\s*(\d+(?:\.\d+)?)\s*[%％]")


class CompletionOfZeroBudget(Check):
    name = "completion_of_zero_budget"
    severity = "warning"
    description = "A completion rate (完成年初预算X%) is stated against a budget of 0."

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        docs = {d.id: d for d in corpus(ctx).final_accounts if d.row["status"] == "parsed"}
        if not docs:
            return
        reported: set[int] = set()
        for document_id, page, text in pages_matching(
            ctx.db, docs, "instr(text, '完成') > 0 AND instr(text, '预算') > 0", []
        ):
            doc = docs.get(document_id)
            if doc is None or document_id in reported:
                continue
            for sentence in SENTENCE.findall(re.sub(r"[ \t\u3000]+", "", text or "")):
                rate = RATE.search(sentence)
                if not rate or float(rate[1]) <= 0 or not ZERO_BUDGET.search(sentence):
                    continue
                reported.add(document_id)
                yield document_finding(
                    self.name,
                    self.severity,
                    doc,
                    f"{doc_label(doc)}：预算为0，却写作“{rate[0]}”（第{page}页）",
                    {
                        "metric": "budget_completion_rate",
                        "budget": 0.0,
                        "stated_rate": float(rate[1]),
                        "page": page,
                        "snippet": sentence[:160],
                    },
                    (doc.url,),
                )
                break
