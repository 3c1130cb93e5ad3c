"""What a document is (final account, budget, performance self-evaluation, other),
whose it is and for which year — read from its title and text when the caller does
not say."""

from __future__ import annotations

import re
from collections import Counter

from fiscalwatch.parsing.layout import TextIndex

_YEAR = re.compile(r"(20\d{2})\s*年度?")
_TITLE_YEAR = re.compile(
    r"(20\d{2})\s*年度?\s*(?:部门|单位)?\s*(?:决算|预算|部门整体|整体支出|项目支出)"
)
_DEPT_FROM_TITLE = re.compile(
    r"^(?:关于)?(?:公开)?(?P<dept>.{2,40}?)(?:\(部门\))?\s*20\d{2}\s*年度?"
)
_DEPT_FROM_TEXT = [
    re.compile(r"编制(?:部门|单位)[:：](?P<dept>[^\s,，。\n:：]{2,40}?)(?:单位[:：]|\s|$)"),
    re.compile(r"纳入(?P<dept>[^,，。\n]{2,40}?)(?:\(部门\))?20\d{2}年度?部门决算编制范围"),
    re.compile(
        r"从(?:预算|部门决算)单位构成看[,，](?P<dept>[^,，。\n]{2,40}?)(?:\(部门\))?部门决算包括"
    ),
    re.compile(r"\n(?P<dept>[^,，。\n:]{4,40}?)(?:\(部门\))?20\d{2}年度?[,，]实有人数"),
]
_ORG_SUFFIX = re.compile(
    r"(?:局|办公室|委员会|部|院|厅|中心|室|所|馆|站|队|会|处|委|办|署|府|校|园|社|台|司|行|团)$"
)


def title_of(index: TextIndex, metadata_title: str | None = None) -> str | None:
    """The cover or first heading: the first page's opening lines, joined while they
    read as one title ("中共…组织部2024年度部门" / "决算" / "公开说明")."""
    parts: list[str] = []
    for line in index.lines[:8]:
        text = line.text.lstrip("#").strip()
        if (
            line.page != index.lines[0].page
            or len(text) > 40
            or text.startswith(("目录", "目 录", "第一部分"))
        ):
            break
        if re.match(r"^[一二三四五六七八九十]+、|^\(", text):
            break
        parts.append(text)
        joined = "".join(parts)
        if re.search(r"(?:决算|预算|报告|说明|自评表?)$", joined):
            return joined
    joined = "".join(parts)
    if parts and re.search(r"决算|预算|绩效", joined):
        return joined
    if metadata_title and re.search(r"决算|预算|绩效", metadata_title):
        return metadata_title
    return None


def doc_type_of(title: str | None, index: TextIndex) -> str:
    text = index.flow
    head = title or text[:300]
    if re.search(r"绩效.{0,6}(?:自评|评价)", head):
        return "performance"
    if "决算" in head:
        return "final_account"
    if "预算" in head and "决算" not in text[:3000]:
        return "budget"
    final = text.count("决算")
    if final >= 5:
        return "final_account"
    if len(re.findall(r"绩效.{0,6}(?:自评|评价)", text)) >= 2:
        return "performance"
    if text.count("部门预算") >= 2 or text.count("预算") >= 10:
        return "budget"
    return "other"


def fiscal_year_of(title: str | None, index: TextIndex) -> int | None:
    """The year in the title (not the publication date), else the one the text names most."""
    match = (_TITLE_YEAR.search(title) or _YEAR.search(title)) if title else None
    match = match or _TITLE_YEAR.search(index.flow[:400])
    if match:
        return int(match.group(1))
    years = Counter(int(m.group(1)) for m in _YEAR.finditer(index.flow))
    return years.most_common(1)[0][0] if years else None


def department_of(title: str | None, index: TextIndex) -> str | None:
    if title:
        match = _DEPT_FROM_TITLE.match(title)
        if match:
            name = _clean(match.group("dept"))
            if name and _ORG_SUFFIX.search(name):
                return name
    flow = "\n" + index.flow
    for pattern in _DEPT_FROM_TEXT:
        match = pattern.search(flow)
        if match:
            name = _clean(match.group("dept"))
            if name:
                return name
    return None


def _clean(name: str) -> str:
    name = re.sub(r"\s+", "", name)
    name = re.sub(r"\(部门\)$", "", name)
    return name.strip("“”\"'《》:,，")
