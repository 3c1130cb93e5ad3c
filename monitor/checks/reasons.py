"""The reason a document gives for a change ("主要原因是：…"), and whether it points the
same way as the change.

The reason is looked for in the figure's snippet and, when the page text is stored, in
the text that follows the snippet up to the next comparison ("与年初预算相比", the next
"比上年…"), so that the reason of one change is not credited to the next.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

REASON = re.compile(
    r"(?:主要(?:变动|增减|变化)?原因(?:是|为|系|在于)?|变动原因(?:是|为)?|原因(?:是|为)"
    r"|主要是由于|主要是因为|主要系|主要由于|由于)[:：]?\s*([^是:：。；;\n][^。；;\n]{1,199})"
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


def _compact(text: str) -> str:
    """NFKC without whitespace: parsers keep snippets with half-width punctuation
    ("相比,减少") while the page text keeps what the PDF had ("相比，减少")."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def stated_reason(snippet: str, page_text: str | None = None) -> Reason | None:
    """The reason stated with the change in ``snippet``, read on into ``page_text``."""
    compact_snippet = _compact(snippet)
    window = compact_snippet
    if page_text:
        compact_page = _compact(page_text)
        anchor = compact_snippet[:40]
        start = compact_page.find(anchor) if anchor else -1
        if start >= 0:
            window = compact_page[start : start + max(WINDOW, len(compact_snippet) + 200)]
    # The statement runs from the snippet's own comparison to the next comparison.
    first = OPENING.search(window)
    body_start = first.end() if first else 0
    following = NEXT_STATEMENT.search(window, body_start)
    statement = window[: following.start()] if following else window
    match = REASON.search(statement)
    if not match:
        return None
    return Reason(match.group(1).strip(" ，,:："))
