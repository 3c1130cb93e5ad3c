"""The nine tables a document names as published elsewhere: in an attachment of the
same page ("第四部分 部门决算报表（见附表）" followed by the numbered list
"一、《收入支出决算总表》" …, or "详见附件《收入决算表》" in a sentence).

Read from the stored page text. The rule, in order:

- the list of 《…》 titles under the 报表 part (its heading, then one title a line, the
  numbering free): the tables it names;
- otherwise a 报表 heading that says the tables are attached (见附表, 详见附件, 附后):
  all nine;
- and anywhere, a title right after 见附表 / 见附件 ("详见附件《收入决算表》"): that one.

What ``missing_section`` makes of them depends on whether the attachments are stored
(see its docstring).
"""

from __future__ import annotations

import re

from fiscalwatch.template import TABLES, normalise, table_key

# The heading of the tables part: "第四部分 部门决算报表（见附表）", "四、部门决算公开报表",
# "附件：2024年度部门决算报表". Short, no book-title marks, no sentence end.
_HEADING = re.compile(
    r"^(?:第[一二三四五六七八九十\d]+部分|[一二三四五六七八九十\d]+[、.]|附[件表][\d一二三四五六七八九十]*:?)?"
    r"[^。，,《》:]{0,30}?决算[^。，,《》:]{0,4}(?:报表|附表)(?:\([^()]{0,10}\))?:?$"
)
_ATTACHED = re.compile(r"见附[表件]|附[表件][:)）]|附后|另附|附件[一二三四五六七八九\d]*$")
_TITLE = re.compile(r"《([^《》]{2,40})》")
_ATTACHED_TITLE = re.compile(r"见附[表件][\d一二三四五六七八九十]*[:：、]?《([^《》]{2,40})》")
# How many lines may stand between the heading and its first listed title
# ("部门决算报表包括：", a page header).
_LEAD_LINES = 3


def _titles(line: str) -> list[str]:
    return [key for key in map(table_key, _TITLE.findall(line)) if key]


def _is_heading(line: str) -> bool:
    return len(line) <= 50 and bool(_HEADING.match(line))


def referenced_tables(text: str) -> list[str]:
    """Keys of the nine tables ``text`` (a document's pages, in order) names as
    published in attachments, in template order."""
    lines = [normalise(line) for line in text.splitlines()]
    listed: set[str] = set()
    attached_heading = False
    for at, line in enumerate(lines):
        if not _is_heading(line):
            continue
        attached_heading = attached_heading or bool(_ATTACHED.search(line))
        listed.update(_listed_after(lines, at + 1))
    found = listed or (set(TABLES) if attached_heading else set())
    for match in _ATTACHED_TITLE.finditer(normalise(text)):
        key = table_key(match.group(1))
        if key:
            found.add(key)
    return [key for key in TABLES if key in found]


def _listed_after(lines: list[str], start: int) -> set[str]:
    """The titles of the list that follows a heading: one or more 《…》 a line, lines
    without one ending it (a few allowed before the first)."""
    found: set[str] = set()
    lead = 0
    for line in lines[start:]:
        if not line:
            continue
        keys = _titles(line)
        if keys:
            found.update(keys)
        elif found or lead >= _LEAD_LINES or _is_heading(line):
            break
        else:
            lead += 1
    return found
