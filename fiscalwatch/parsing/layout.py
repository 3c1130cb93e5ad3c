"""Two views of a document's text, both mapped back to pages:

- ``lines``: normalised visual lines, for headings and table titles;
- ``flow``: the lines joined back into paragraphs ("701.60\\n万元" -> "701.60万元"), for
  figures. A line break survives only after sentence punctuation or a heading.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from fiscalwatch.models import Page
from fiscalwatch.parsing.normalize import (
    fix_wrap_doubling,
    flow_join,
    normalize_line,
    normalize_text,
)

HEADING_NUMBER = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]{1,3}[、.]|[(][一二三四五六七八九十]{1,3}[)]"
    r"|\d{1,2}(?:[、.](?!\d)|\s)|[(]\d{1,2}[)]|附件\d*|附表\d*)\s*"
)
_SENTENCE_END = tuple("。;:!?")
# A page number printed in a header or footer: "- 9 -", "9 -", "第9页", "第9页共20页", "9/20".
FOLIO_TEXT = r"(?:[-—–]?\s*\d{1,3}\s*[-—–]?|第\d+页(?:共\d+页)?|\d+\s*/\s*\d+)"
FOLIO = re.compile(rf"^{FOLIO_TEXT}$")


@dataclass(frozen=True)
class Line:
    text: str
    page: int
    start: int  # offset of the line in the flow text
    index: int


class TextIndex:
    def __init__(self, pages: list[Page]) -> None:
        raw: list[tuple[str, int]] = []
        for source_page in pages:
            for line in normalize_text(source_page.text).split("\n"):
                line = normalize_line(line)
                if line:
                    raw.append((line, source_page.number))
        texts = fix_wrap_doubling([text for text, _ in raw])
        self.lines: list[Line] = []
        parts: list[str] = []
        self._page_starts: list[int] = []
        self._page_numbers: list[int] = []
        offset = 0
        previous = ""
        previous_apart = False  # a heading or a page number: a line of its own
        for index, (text, (_, page)) in enumerate(zip(texts, raw, strict=True)):
            # A page number is never part of a sentence.
            apart = is_heading_like(text) or bool(FOLIO.match(text))
            separator = ""
            if parts:
                if previous.endswith(_SENTENCE_END) or previous_apart or apart:
                    separator = "\n"
                else:
                    separator = flow_join(previous, text)
            parts.append(separator)
            offset += len(separator)
            if not self._page_numbers or self._page_numbers[-1] != page:
                self._page_starts.append(offset)
                self._page_numbers.append(page)
            self.lines.append(Line(text=text, page=page, start=offset, index=index))
            parts.append(text)
            offset += len(text)
            previous, previous_apart = text, apart
        self.flow = "".join(parts)

    def page_at(self, offset: int) -> int | None:
        if not self._page_starts:
            return None
        position = bisect.bisect_right(self._page_starts, offset) - 1
        return self._page_numbers[max(position, 0)]

    def snippet(self, start: int, end: int, width: int = 24) -> str:
        """The clause around a match, cut at sentence ends, for the figure's ``text``."""
        left = max(0, start - width)
        cut = max(self.flow.rfind(stop, left, start) for stop in ("。", "\n", ";"))
        if cut >= 0:
            left = cut + 1
        right = min(len(self.flow), end + width)
        stops = [p for p in (self.flow.find(s, end, right) for s in ("。", "\n", ";")) if p >= 0]
        if stops:
            right = min(stops) + (0 if self.flow[min(stops)] == "\n" else 1)
        return self.flow[left:right].strip()


@lru_cache(maxsize=8192)  # each body line is asked ~10 times (headings, titles, tables)
def strip_number(text: str) -> tuple[str, str]:
    """("一、", "主要职能") from "一、主要职能"."""
    match = HEADING_NUMBER.match(text)
    if not match:
        return "", text
    return match.group(0).strip(), text[match.end() :]


def is_heading_like(text: str) -> bool:
    """A short numbered line that does not read like a sentence with figures."""
    number, title = strip_number(text)
    if not number or len(title) > 40 or _RUN_IN.search(title):
        return False  # a run-in heading: the paragraph goes on after it
    return not _AMOUNT.search(title)


_RUN_IN = re.compile(r"[。:;].")
_AMOUNT = re.compile(r"\d\s*(?:万元|元|%)")


def without_folios(text: str) -> str:
    """A page's text without the lines that are only its page number: a sentence running
    over a page break ("…决算表》为" / "- 4 -" / "空表。") reads whole once pages are joined."""
    return "\n".join(line for line in text.split("\n") if not FOLIO.match(line.strip()))
