"""The document's title from its first page; what it is, whose and for which year come
from the one classifier (:mod:`fiscalwatch.classify`) given that title and the text."""

from __future__ import annotations

import re

from fiscalwatch.classify import document_department, document_doc_type, document_fiscal_year
from fiscalwatch.parsing.layout import TextIndex


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
    return document_doc_type(title, index.flow)


def fiscal_year_of(title: str | None, index: TextIndex) -> int | None:
    return document_fiscal_year(title, index.flow)


def department_of(title: str | None, index: TextIndex) -> str | None:
    return document_department(title, index.flow)
