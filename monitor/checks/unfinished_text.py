"""``unfinished_text``: text the author never finished or never cleaned up.

What a reviewer says: "“主要原因是。”这句话残缺，无下文", "“增加（减少）”未作选择",
"存在连续两个句号", "“预算预算”重复", "这里多了一个右引号".

Kinds (one finding per document and kind, listing where):
``empty_reason`` "主要原因是。" with nothing after it (warning); ``to_fill`` 待填写 /
待补充 / (略) (warning); ``choice_left`` a choice between two directions never made, in
any form a template writes it (增加（减少）, 增加/减少, 下降(增长), 上升/下降): the one rule
for unmade choices (``template_placeholder`` keeps XX/××/某某). A warning, since the
reader cannot tell which way the figure moved; info when every figure the choice governs
(up to the end of its clause) is 0 ("增加/减少0万元，增长/下降0%": either word is true);
``doubled_word`` 预算预算, 增加增加 … written with nothing between (info);
``doubled_punctuation`` 。。 ，， (info); ``unmatched_quote`` a closing ” with no opening
“ in its sentence (info); ``level_wording`` a 单位 budget or account whose text
says 部门预算/部门决算 ("2026年部门预算安排购置车辆0辆", info).
Doubled words and punctuation are looked for in the page text as extracted (a table
header "收入 收入" split by a space is not a doubled word); the rest in the compacted text.
Evidence: ``kind``, ``occurrences`` [{page, text, snippet}], ``count``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft
from fiscalwatch.monitor.checks.corpus import Doc
from fiscalwatch.monitor.checks.texts import (
    Hit,
    compact_pages,
    documents,
    find,
    snippet_at,
    text_finding,
)
from fiscalwatch.store.content_reads import page_texts

COMPACT_PATTERNS: dict[str, re.Pattern[str]] = {
    "empty_reason": re.compile(
        r"(?:主要)?(?:变动|增加|减少|增长|下降)?(?:原因|理由)(?:主要)?(?:是|为|系)[:：]?(?=[。;；]|$)"
    ),
    "to_fill": re.compile(r"待填写|待补充|待完善|[(（]略[)）]|此处略"),
    "choice_left": re.compile(
        r"(?:增加|增长|上升)(?:[(（](?:减少|下降)[)）]|[/／](?:减少|下降))"
        r"|(?:减少|下降)(?:[(（](?:增加|增长|上升)[)）]|[/／](?:增加|增长|上升))"
    ),
}
CLAUSE_END = re.compile(r"[，,。；;：:]")
FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")
RAW_PATTERNS: dict[str, re.Pattern[str]] = {
    "doubled_word": re.compile(
        r"(预算|决算|增加|减少|增长|下降|支出|收入|万元|经费|部门|单位|主要|原因|项目|合计)\1"
    ),
    "doubled_punctuation": re.compile(r"(?<![。，；、])([。，；、])\1(?![。，；、])"),
}
SEVERITY = {
    "empty_reason": "warning",
    "to_fill": "warning",
    "choice_left": "warning",
    "doubled_word": "info",
    "doubled_punctuation": "info",
    "unmatched_quote": "info",
    "level_wording": "info",
}
WHAT = {
    "empty_reason": "说明原因的句子没有写完（“主要原因是”后无下文）",
    "to_fill": "留有待填写的内容",
    "choice_left": "留有未作选择的措辞（如“增加（减少）”）",
    "doubled_word": "词语重复",
    "doubled_punctuation": "标点重复",
    "unmatched_quote": "引号不成对（多了一个右引号）",
    "level_wording": "单位预算/决算的正文写成“部门预算/部门决算”",
}
# A 单位 document's own text saying 部门预算/部门决算 (copied from the 部门 template); the
# standard table name "…部门预算经济分类…" is not its wording.
DEPARTMENT_WORDING = re.compile(r"部门(?:预算|决算)(?!经济分类)(?:安排|收入|支出|总体|数|中)")
UNIT_TITLE = re.compile(r"单位(?:预算|决算)")
SENTENCE = re.compile(r"[^。！？!?\n]+")


class UnfinishedText(Check):
    name = "unfinished_text"
    severity = "warning"
    description = (
        "Text never finished or cleaned up: a reason sentence ending right after 主要原因是, "
        "待填写 / (略), 增加（减少） left in (warning); doubled words, doubled punctuation and "
        "unmatched closing quotes (info)."
    )

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        for doc in documents(ctx):
            hits: dict[str, list[Hit]] = {}
            pages = compact_pages(ctx, doc)
            for kind, pattern in COMPACT_PATTERNS.items():
                for page, match, text in find(pages, pattern):
                    detail = (
                        {"governs_only_zero": True}
                        if kind == "choice_left" and governs_only_zero(text, match.end())
                        else None
                    )
                    hits.setdefault(kind, []).append(
                        Hit(
                            page,
                            match.group(0),
                            snippet_at(text, match.start(), match.end()),
                            detail,
                        )
                    )
            raw = page_texts(ctx.db, doc.id)
            for kind, pattern in RAW_PATTERNS.items():
                for page, match, text in find(raw, pattern):
                    if kind == "doubled_word" and _spans_lines(text, match):
                        continue
                    hits.setdefault(kind, []).append(
                        Hit(
                            page,
                            match.group(0),
                            _one_line(snippet_at(text, match.start(), match.end())),
                        )
                    )
            for page, text in pages.items():
                for sentence in SENTENCE.finditer(text):
                    if unmatched_closing_quote(sentence.group(0)):
                        hits.setdefault("unmatched_quote", []).append(
                            Hit(page, "”", sentence.group(0)[-60:])
                        )
            if is_unit_level(doc):
                for page, match, text in find(pages, DEPARTMENT_WORDING):
                    hits.setdefault("level_wording", []).append(
                        Hit(page, match.group(0), snippet_at(text, match.start(), match.end()))
                    )
            for kind, found in hits.items():
                severity = SEVERITY[kind]
                if kind == "choice_left" and all(h.detail for h in found):
                    severity = "info"  # every choice left governs only zeros
                yield text_finding(self.name, severity, doc, WHAT[kind], kind, found)


def is_unit_level(doc: Doc) -> bool:
    if doc.row.get("level"):
        return doc.level == "unit"
    title = str(doc.row.get("title") or "")
    return bool(UNIT_TITLE.search(title)) and not re.search(r"部门(?:预算|决算)", title)


def governs_only_zero(text: str, end: int) -> bool:
    """The figures after an unmade choice, to the end of its clause, are all 0."""
    clause = text[end : end + 40]
    stop = CLAUSE_END.search(clause)
    figures = FIGURE.findall(clause[: stop.start()] if stop else clause)
    return bool(figures) and all(float(f.replace(",", "")) == 0 for f in figures)


def unmatched_closing_quote(sentence: str) -> bool:
    """A ” with no “ open before it in the same sentence (“…”、…” in the checklist)."""
    depth = 0
    for char in sentence:
        if char == "“":
            depth += 1
        elif char == "”":
            if depth == 0:
                return True
            depth -= 1
    return False


def _spans_lines(text: str, match: re.Match[str]) -> bool:
    return "\n" in text[match.start() : match.end()]


def _one_line(text: str) -> str:
    return " ".join(text.split())
