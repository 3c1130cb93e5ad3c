"""The reason a document gives for a change, and whether it points the same way as the
change.

Wordings: 主要变动原因是…, 主要原因是：…, 主要原因：…, 变动原因主要是…, 增加的主要原因是…,
减少原因主要为…, 原因是…, 主要是由于…, 主要系…, 由于… (:data:`REASON`).

The reason is looked for in the figure's snippet and, when the page text is stored, in
the text that follows the snippet on the page, up to the next comparison ("与年初预算
相比", the next "比上年…"), so that the reason of one change is not credited to the next.
Both are compared as NFKC without whitespace (the parser's snippets have half-width
punctuation and joined lines; the page text has the PDF's: full-width punctuation, lines
wrapped inside words, Kangxi radicals such as ⼈ for 人, zero-width spaces). The snippet's
end is found on the page by its longest tail that is there, so a page footer inside the
statement or a snippet starting with a fragment of the line before does not lose it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Matched on compact NFKC text: "主要变动原因是：" -> "主要变动原因是:", no spaces.
REASON = re.compile(
    r"(?:原因(?:主要)?(?:是|为|系|在于|有)?|主要是由于|主要是因为|主要系|主要由于|主要因为|由于)"
    r"[:：]?([^是:：。；;\n][^。；;\n]{1,199})"
)
# A comparison with the prior year opens a change statement; the next comparison (or a
# budget comparison, or "其中：" opening the parts) closes it.
PRIOR_YEAR = r"[比较]上年|与上年相比|[比较]\d{4}年|与\d{4}年度?相比"
OPENING = re.compile(PRIOR_YEAR)
NEXT_STATEMENT = re.compile(PRIOR_YEAR + r"|与年初预算相比|与全年预算相比|其中[:：]")
INCREASE = re.compile(r"增加|增长|上涨|提高|调增|新增|增多|上升|扩大")
DECREASE = re.compile(
    r"减少|下降|降低|调减|压减|压缩|缩减|节约|节省|减支|分离|划出|划转|取消|撤销|未安排|不再"
)
BOILERPLATE = frozenset(
    {"无", "其他", "其他原因", "略", "工作需要", "正常变动", "详见附表", "见附表"}
)
WINDOW = 400


@dataclass(frozen=True)
class Reason:
    text: str

    @property
    def is_boilerplate(self) -> bool:
        core = re.sub(r"[\s:：,，、.。]", "", self.text)
        return len(core) < 3 or core in BOILERPLATE

    def contradicts(self, change: float) -> bool:
        """A reason naming only increases for a decrease, or only decreases for an increase."""
        up, down = bool(INCREASE.search(self.text)), bool(DECREASE.search(self.text))
        if change < 0:
            return up and not down
        if change > 0:
            return down and not up
        return False


_INVISIBLE = re.compile(r"[\s\u200b-\u200d\u2060\ufeff\u00ad]+")
# Tails of the snippet tried, longest first, to find where it ends on the page.
TAILS = (60, 40, 24, 14)


def _compact(text: str) -> str:
    """NFKC without whitespace: parsers keep snippets with half-width punctuation
    ("相比,减少") while the page text keeps what the PDF had ("相比，减少")."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


def _end_on_page(snippet: str, page: str) -> int | None:
    """Where ``snippet`` (compact) ends in ``page`` (compact): the whole snippet, else
    its longest tail found on the page (after the snippet's head when that is there)."""
    at = page.find(snippet)
    if at >= 0:
        return at + len(snippet)
    head = page.find(snippet[:14])
    for size in TAILS:
        tail = snippet[-size:]
        if len(tail) < size and size != TAILS[-1]:
            continue
        at = page.find(tail, max(head, 0))
        if at < 0 and head >= 0:
            at = page.find(tail)
        if at >= 0:
            return at + len(tail)
    return None


def stated_reason(snippet: str, page_text: str | None = None) -> Reason | None:
    """The reason stated with the change in ``snippet``, read on into ``page_text``."""
    window = _compact(snippet)
    if page_text and window:
        page = _compact(page_text)
        end = _end_on_page(window, page)
        if end is not None:
            window += page[end : end + WINDOW]
    # The statement runs from the snippet's own comparison to the next comparison: the
    # reason must start before that, but runs on to the sentence's end, since a reason
    # may itself compare ("车辆使用频次较上年增加，公务用车运行维护费增加").
    first = OPENING.search(window)
    body_start = first.end() if first else 0
    following = NEXT_STATEMENT.search(window, body_start)
    match = REASON.search(window)
    if not match or (following is not None and match.start() >= following.start()):
        return None
    return Reason(match.group(1).strip(" ，,:："))
