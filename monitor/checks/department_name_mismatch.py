"""``department_name_mismatch``: a final account that names its own department, in its
self-references, differently from its title (info).

Compared with the document's department (``documents.department``, the cover or title)
are the names the text gives itself where the template asks for the department: "<名称>
2024年度，实有人数", "<名称>无下属预算单位", "纳入<名称>2024年度部门决算编制范围",
"<名称>部门决算包括", "第一部分 <名称>概况", table headers "编制单位：<名称>". Wrapped lines are
joined first (whitespace is dropped), so "乌鲁木齐市人民政府\\n办公室" is one name.

Quiet: differences of form only — spaces, full/half width, brackets, the 中共/中国共产党
prefix, 委员会 written 委 (市委组织部 is the official short form), "(部门)"/"(本级)"/本级/机关
suffixes, the usual abbreviations (卫健委, 发改委 …), and a short name that is the tail of
the full one ("区委组织部"). What ``department_key`` folds beyond that is the finding:
the 市委委员会 typo (seed 002), or another department's name altogether (a template copied
from a neighbour and not renamed).

Why info, not warning: the figures are not wrong, a reader still knows which department
speaks; but a misspelt or borrowed name in a legal disclosure is worth a look (the
template copied from another department often carries its numbers too).

One finding per document and variant. Example: "中共乌鲁木齐市委员会组织部 2024年度部门决算：
文中把部门写作“中共乌鲁木齐市委委员会组织部”（第3页），与标题不一致". Evidence: ``expected``
(the document's department), ``found`` (the variant as written), ``page``, ``snippet``
(of the first occurrence), ``occurrences`` (page, snippet, at most 10).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from fiscalwatch.departments import (
    NAME_SUFFIXES,
    DepartmentMatcher,
    department_key,
    normalise_text,
)
from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft
from fiscalwatch.monitor.checks.common import doc_label, document_finding
from fiscalwatch.monitor.checks.corpus import Doc, corpus, pages_matching

# Where the template makes a department name itself. ``before``: the name ends where
# the pattern starts; ``after``: the pattern's group "name" is the name.
BEFORE = re.compile(r"(?:\d{4}年度?)?[，,]?实有(?:在职)?人数|无下属(?:预算)?单位|部门决算包括[：:]")
AFTER = re.compile(
    r"纳入(?P<name>[^，,。；;：:]{2,40}?)\d{4}年度?部门决算编制范围"
    r"|第[一二三四五六]部分(?P<part>[^，,。；;：:]{2,40}?)概况"
    r"|编制单位[：:](?P<unit>[^，,。；;：:\d]{2,40}?)(?=金额单位|单位[：:]|\d|$)"
)
# Pages worth reading (SQL prefilter; wrapped lines may split longer words).
SQL_HINTS = ("人数", "下属", "范围", "包括", "概况", "编制单位")
WINDOW = 60  # characters before a BEFORE anchor that may hold the name
MAX_OCCURRENCES = 10
SNIPPET_SIDE = 20

_INVISIBLE = re.compile(r"[\s\u200b-\u200f\u2060\ufeff]+")
# A name ends a clause: it starts after the last of these.
_DELIMITER = re.compile(r"[。；;：:，,！？!?、]")
# Headings and numbering the name may run into once lines are joined.
_HEADING = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分)?(?:部门概况)?(?:[一二三四五六七八九十]+[、.．])?"
    r"(?:[（(][一二三四五六七八九十\d]+[)）])?(?:部门)?"
    r"(?:机构设置(?:及|和)?(?:人员(?:情况|构成))?|人员(?:情况|构成|概况)|基本情况|单位构成)?"
)
# What a name written by the template looks like: Chinese, letters (XX), brackets.
_NAME_SHAPE = re.compile(r"^[\u4e00-\u9fffA-Za-z()（）]{4,40}$")
_NOT_A_NAME = re.compile(r"^(?:本|我|该|各|部门|单位)")


def form_key(name: str) -> str:
    """``department_key`` without its typo repair: the forms a department may write its
    own name in map to one key, a misspelling does not."""
    return department_key(name, repair_typos=False)


def same_form(found: str, expected: str) -> bool:
    found_key, expected_key = form_key(found), form_key(expected)
    if found_key == expected_key:
        return True
    matcher = DepartmentMatcher([found_key, expected_key])  # a short name for the full one
    return matcher.canonical(found_key) == matcher.canonical(expected_key)


@dataclass(frozen=True)
class Mention:
    name: str  # as written, whitespace dropped
    page: int
    snippet: str


def flatten(text: str) -> str:
    return _INVISIBLE.sub("", text or "")


def name_before(text: str, end: int, expected: str) -> str | None:
    """The department name that ends at ``end``, or None when the text there is the
    expected name in an accepted form (or no name at all)."""
    window = text[max(0, end - WINDOW) : end]
    target = form_key(expected)
    if any(form_key(window[i:]) == target for i in range(len(window))):
        return None
    segment = _DELIMITER.split(window)[-1]
    start = aligned_start(segment, expected)
    return segment[start:] if start is not None else _HEADING.sub("", segment)


def aligned_start(segment: str, expected: str) -> int | None:
    """Where the expected name (or its form without 中共) would begin in ``segment``: a
    variant of one's own name starts like it; a heading in front does not."""
    plain = normalise_text(expected)
    heads = {plain[:2], plain.removeprefix("中国共产党").removeprefix("中共")[:2]}
    heads.discard("")
    folded = normalise_text(segment)
    if len(folded) != len(segment):  # dropped characters would shift positions
        return None
    found = [i for head in heads if (i := segment.find(head)) >= 0]
    return min(found) if found else None


def plausible(name: str | None) -> bool:
    if not name:
        return False
    core = NAME_SUFFIXES.sub("", normalise_text(name))
    return bool(_NAME_SHAPE.match(name)) and len(core) >= 4 and not _NOT_A_NAME.match(core)


def mentions(page: int, raw: str, expected: str) -> Iterator[Mention]:
    """Self-references on one page whose name is not an accepted form of ``expected``."""
    text = flatten(raw)
    found: list[tuple[str, int, int]] = []
    for match in BEFORE.finditer(text):
        name = name_before(text, match.start(), expected)
        if name:
            found.append((name, match.start() - len(name), match.end()))
    for match in AFTER.finditer(text):
        group = next(g for g in ("name", "part", "unit") if match.group(g) is not None)
        name = match.group(group)
        found.append((name, match.start(group), match.end()))
    for name, start, end in found:
        if plausible(name) and not same_form(name, expected):
            snippet = text[max(0, start - SNIPPET_SIDE) : end + SNIPPET_SIDE]
            yield Mention(name, page, snippet)


class DepartmentNameMismatch(Check):
    name = "department_name_mismatch"
    severity = "info"
    description = (
        "The text names its own department (实有人数, 无下属预算单位, 纳入…编制范围, 编制单位："
        " …) differently from the title: a misspelling or another department's name, not"
        " a difference of form."
    )

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        docs = {
            d.id: d
            for d in corpus(ctx).final_accounts
            if d.row["status"] == "parsed" and d.row["department"]
        }
        if not docs:
            return
        where = " OR ".join("instr(text, ?) > 0" for _ in SQL_HINTS)
        by_variant: dict[tuple[int, str], list[Mention]] = defaultdict(list)
        for document_id, page, text in pages_matching(ctx.db, docs, where, list(SQL_HINTS)):
            doc = docs.get(document_id)
            if doc is None:
                continue
            for mention in mentions(int(page), text or "", doc.row["department"]):
                by_variant[(document_id, form_key(mention.name))].append(mention)
        for (document_id, variant), found in by_variant.items():
            yield self.finding(docs[document_id], variant, found)

    def finding(self, doc: Doc, variant: str, found: list[Mention]) -> FindingDraft:
        first = found[0]
        count = f"，共{len(found)}处" if len(found) > 1 else ""
        return document_finding(
            self.name,
            self.severity,
            doc,
            f"{doc_label(doc)}：文中把部门写作“{first.name}”（第{first.page}页{count}），与标题不一致",
            {
                "expected": doc.row["department"],
                "found": first.name,
                "page": first.page,
                "snippet": first.snippet,
                "occurrences": [
                    {"page": m.page, "snippet": m.snippet} for m in found[:MAX_OCCURRENCES]
                ],
            },
            (doc.url, variant),
        )
