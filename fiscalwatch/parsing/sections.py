"""The template's parts (domain.md's section keys), found by meaning, not by number:
the same heading comes as 一、/（一）/1./第X部分, run into its paragraph, wrapped onto
a second line, out of template order, or with no number at all."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from fiscalwatch.models import Section
from fiscalwatch.parsing.layout import Line, TextIndex, strip_number

# Matched at the start of a heading's title (after its number). Order matters only
# where one title starts with another's.
SECTION_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (key, re.compile(pattern))
    for key, pattern in (
        (
            "duties",
            r"(?:部门|单位)?(?:主要职能|主要职责|部门职责|单位职责|职能职责|部门职能|基本职能)",
        ),
        (
            "organization",
            r"(?:部门|单位)?(?:机构设置|人员情况|部门决算单位构成|决算单位构成|单位构成|人员构成)",
        ),
        ("fiscal_overview", r"财政拨款收入支出决算总体情况"),
        ("overview", r"收入支出决算总体情况"),
        ("income", r"收入决算情况"),
        ("expenditure", r"支出决算情况"),
        ("basic_expenditure", r"一般公共预算财政拨款基本支出决算(?:情况|明细)"),
        ("general_budget", r"一般公共预算财政拨款支出决算"),
        ("gov_fund", r"政府性基金预算(?:财政拨款)?(?:(?:收入)?支出决算|收支情况)"),
        ("state_capital", r"国有资本经营预算(?:财政拨款)?(?:(?:收入)?支出决算|收支情况)"),
        (
            "three_public",
            r"(?:一般公共预算)?(?:财政拨款)?(?:安排的)?“?三公”?经费(?:财政拨款)?"
            r"(?:支出(?:决算|预算执行)|(?:支出)?情况)",
        ),
        ("operating_expenses", r"机关运行经费(?:及公用经费)?(?:支出|使用)?(?:情况|说明)"),
        ("procurement", r"政府采购(?:支出)?(?:情况|说明)"),
        ("assets", r"国有资产占(?:用|有使用|有)(?:情况|说明)"),
        (
            "performance",
            r"(?:部门|单位)?(?:预算)?绩效(?:管理|评价)?(?:工作)?(?:的)?(?:开展)?情况",
        ),
        (
            "other_matters",
            r"其他需(?:要)?说明的(?:事项|情况)|其他重要事项(?:的|及相关口径)?(?:情况)?说明",
        ),
        ("glossary", r"(?:专业)?名词解释"),
        ("tables", r"(?:.{0,40}?)部门决算(?:报)?表(?:\(见附表\))?$|附表$"),
    )
]
# Any of them at the start, in one regex: most lines start none, and stop here.
_ANY_SECTION = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in SECTION_PATTERNS))
ATTACHMENTS = "attachments"  # appended reports: not a template part, figures not read
PART = re.compile(r"^第[一二三四五六七八九十]+部分")
TOC = re.compile(r"^目\s*录$")
_LEADER = re.compile(r"[.·…_\s-]*\d*$")
_PUNCTUATION = re.compile(r"[:：、,，.。()（）\s]")
MAX_TITLE = 48


@dataclass(frozen=True)
class Heading:
    key: str | None  # None for part headings and numbered headings of no known section
    title: str
    line: Line
    # A table's title read as its explanation's heading ("九、财政拨款“三公”经费支出决算表"):
    # a heading for the text around it, never the part itself.
    names_table: bool = False


def find_headings(index: TextIndex) -> list[Heading]:
    """Every heading in the body (the table of contents is skipped), in order."""
    lines = index.lines
    toc_end = body_start(lines)
    headings: list[Heading] = []
    for position in range(toc_end, len(lines)):
        line = lines[position]
        heading = _heading(line, lines[position + 1] if position + 1 < len(lines) else None)
        if heading:
            headings.append(heading)
    return headings


def find_sections(headings: list[Heading]) -> list[Section]:
    """The first heading of each section key; later repeats (sub-headings) are ignored."""
    seen: dict[str, Section] = {}
    for heading in headings:
        if (
            heading.key
            and heading.key != ATTACHMENTS
            and not heading.names_table
            and heading.key not in seen
        ):
            seen[heading.key] = Section(
                key=heading.key, title=heading.title, page=heading.line.page
            )
    return list(seen.values())


def _heading(line: Line, following: Line | None) -> Heading | None:
    number, title = strip_number(line.text)
    # "第四部分：其他重要事项…": the colon after a part's number is not its title.
    title = title.strip().lstrip(":：").strip().rstrip("。:")
    if number.startswith("附件") or (PART.match(number) and title.startswith("附件")):
        return Heading(key=ATTACHMENTS, title=line.text, line=line)
    if PART.match(number):
        full = title
        if following and len(following.text) <= 12 and not strip_number(following.text)[0]:
            full = title + following.text  # "第三部分 …部门决算" / "情况说明"
        # A part may itself be one of the template's parts (其他重要事项及相关口径情况说明,
        # “三公”经费情况说明, 部门绩效评价情况): matched from its start, as numbered ones.
        key = _match(full, anywhere=True) or _match(title[:MAX_TITLE])
        return Heading(key=key, title=line.text, line=line)
    if number:
        key = _match(title[:MAX_TITLE]) or _dropped_first(number, title[:MAX_TITLE])
        matched = title
        if key is None and following and len(title) < 30 and not strip_number(following.text)[0]:
            matched = title + following.text
            key = _match(matched[:MAX_TITLE])  # a wrapped heading
        if key:
            return Heading(
                key=key,
                title=line.text[: len(number) + MAX_TITLE],
                line=line,
                names_table=key != "tables" and matched.rstrip().endswith("表"),
            )
        if len(title) <= 30 and not re.search(r"\d", title):
            return Heading(key=None, title=line.text, line=line)
        return None
    # No number: only a short line that is nothing but a known title counts.
    if len(title) <= 30 and _ANY_SECTION.match(title) and not re.search(r"\d(?!\d*年)", title):
        for key, pattern in SECTION_PATTERNS:
            match = pattern.match(title)
            if not match or len(title) - match.end() > 4:
                continue
            if title.endswith("表") and key != "tables":
                return None  # a table's title, not its explanation
            if title.endswith(("说明", "情况", "事项", "解释", "职能", "职责", "表", "设置", ")")):
                return Heading(key=key, title=line.text, line=line)
    return None


# First characters of the part headings: "六、般公共预算…" lost its 一 after "、".
_FIRST_CHARS = "一主机部单收支财政国其专名预基"


def _dropped_first(number: str, title: str) -> str | None:
    if not number.endswith("、") or not title:
        return None
    for char in _FIRST_CHARS:
        key = _match(char + title)
        if key:
            return key
    return None


@lru_cache(maxsize=8192)  # a title is tried again as a wrapped heading and a dropped 一
def _match(title: str, anywhere: bool = False) -> str | None:
    if not anywhere and not _ANY_SECTION.match(title):
        return None
    for key, pattern in SECTION_PATTERNS:
        if anywhere:
            if key in ("glossary", "tables") and pattern.search(title):
                return key
        elif pattern.match(title):
            return key
    return None


def body_start(lines: list[Line]) -> int:
    """Index of the first body line after a 目录, or 0 when there is none."""
    start = next((i for i, line in enumerate(lines[:200]) if TOC.match(line.text)), None)
    if start is None:
        return 0
    entries = [line for line in lines[start + 1 : start + 4]]
    if not entries:
        return start + 1
    first = _canonical(entries[0].text)
    for position in range(start + 2, len(lines)):
        if _canonical(lines[position].text) == first:
            return position
        if len(_canonical(lines[position].text)) > 60:  # a paragraph: the contents ended
            return position
    return start + 1


def _canonical(text: str) -> str:
    """A contents entry or heading as compared: no leader, page number or punctuation
    ("第一部分:2022年度部门决算报表……3" is the body's "第一部分2022年度部门决算报表")."""
    return _PUNCTUATION.sub("", _LEADER.sub("", text.replace(" ", "")))
