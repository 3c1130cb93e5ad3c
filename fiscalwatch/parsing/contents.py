"""What a document's own 目录 (table of contents) lists: the template parts and the
tables it promises. The completeness check judges a document first by this."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fiscalwatch.models import Page
from fiscalwatch.parsing.layout import Line, TextIndex
from fiscalwatch.parsing.sections import ATTACHMENTS, TOC, _heading, body_start
from fiscalwatch.template import disambiguate, table_key, truncated_title_key

# A 目录 line holds 目 (or the Kangxi radical NFKC turns into it) and after it 录 (or a
# character simplified to it: 彔 錄 録, or NFKC's U+F93F); no other character becomes
# either when the text is normalised.
_MU = "目\u2f6c"
_LU = "录彔錄録\uf93f"
# Leader dots and the page number an entry ends with ("……3", "...12", "\t4").
_LEADER = re.compile(r"[.·…_\s-]*\d*$")


@dataclass
class Listing:
    tables: list[str] = field(default_factory=list)  # keys, in the order listed
    sections: set[str] = field(default_factory=set)


def _may_list_contents(text: str) -> bool:
    """Whether some 目 comes before some 录, anywhere (normalising removes field codes and
    markup, which may hold line breaks): without that, no line can read 目录."""
    first = min((i for i in (text.find(c) for c in _MU) if i >= 0), default=-1)
    return first >= 0 and any(text.rfind(c) > first for c in _LU)


def contents(pages: list[str]) -> Listing:
    """The parts and tables a 目录 on the given pages lists (empty without a 目录)."""
    if not _may_list_contents("\n".join(pages)):
        # No line can read 目录: skip building the index (a full check pass asks this of
        # every document; most HTML disclosures have no contents at all).
        return Listing()
    index = TextIndex([Page(number=i + 1, text=text) for i, text in enumerate(pages)])
    lines = index.lines
    start = next((i for i, line in enumerate(lines[:200]) if TOC.match(line.text)), None)
    if start is None:
        return Listing()
    end = body_start(lines)
    listing = Listing()
    titles: list[tuple[str, str]] = []
    for line in lines[start + 1 : end]:
        text = _LEADER.sub("", line.text)
        if not text:
            continue
        key = table_key(text) or truncated_title_key(text)
        if key:
            titles.append((key, text))
            continue
        heading = _heading(Line(text, line.page, line.start, line.index), None)
        if heading and heading.key and heading.key != ATTACHMENTS:
            listing.sections.add(heading.key)
    listing.tables = list(dict.fromkeys(disambiguate(titles)))
    return listing
