"""Cell text as extraction leaves it, made comparable: wrapped CJK joined, numbers read.

PDF and Word exports wrap table cells inside words ("公务员资 格审查人 员", "≤37.49 万 元",
"年初预 算 数"); the wrap becomes a space or a newline. A space next to a CJK character is
never meaningful in these tables, so it goes; spaces between two Latin tokens stay.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# CJK ideographs, CJK and full-width punctuation, and the comparison signs the tables use.
_WIDE = (
    r"\u2E80-\u9FFF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF\u3000-\u303F\u2018-\u201F\u2264\u2265"
)
_SPACE_NEAR_WIDE = re.compile(rf"\s+(?=[{_WIDE}])|(?<=[{_WIDE}])\s+")
_SPACES = re.compile(r"\s+")
_TAGS = re.compile(r"</?(?:p|br|span|div|b|strong)\b[^>]*>", re.IGNORECASE)
_MARKDOWN = re.compile(r"\*\*|__")

_NUMBER = re.compile(r"^[+-]?\d[\d,]*(?:\.\d+)?$|^[+-]?\.\d+$")
_SCORE = re.compile(r"^([+-]?\d[\d,]*(?:\.\d+)?)\s*分?$")
_PERCENT = re.compile(r"^([+-]?\d[\d,]*(?:\.\d+)?)\s*[%％]$")
_EMPTY_MARKS = frozenset({"", "-", "—", "——", "–", "/", "无", "\\"})


@lru_cache(maxsize=16384)  # every line and cell of a document; labels recur
def clean(text: str | None) -> str:
    """One cell or line: tags and markdown off, wraps joined, runs of spaces collapsed."""
    if not text:
        return ""
    text = _TAGS.sub(" ", text)
    text = _MARKDOWN.sub("", text)
    text = _SPACE_NEAR_WIDE.sub("", text.strip())
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=16384)  # asked of the same cells again by each matching step
def key(text: str | None) -> str:
    """For matching labels only: NFKC (full-width to ASCII) and no spaces at all."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text or ""))


def is_blank(text: str | None) -> bool:
    return key(text) in _EMPTY_MARKS


def amount(text: str | None) -> float | None:
    """'3,163.77' -> 3163.77; '-' or text -> None. Money is in 万元 as the tables state."""
    value = key(text).replace("万元", "")
    if not _NUMBER.match(value):
        return None
    return float(value.replace(",", ""))


def score(text: str | None) -> float | None:
    """'95.34分', '10.00 分', '10' -> float."""
    match = _SCORE.match(key(text))
    return float(match.group(1).replace(",", "")) if match else None


def percent(text: str | None) -> float | None:
    """'99.7%' -> 99.7 (a bare number is taken as percent too)."""
    value = key(text)
    match = _PERCENT.match(value)
    if match:
        return float(match.group(1).replace(",", ""))
    return amount(value)


def is_number_cell(text: str | None) -> bool:
    return score(text) is not None


def join_wrapped(first: str, second: str) -> str:
    """Glues a cell's wrapped tail to its head: no space between CJK, one between words."""
    if not first:
        return second
    if not second:
        return first
    return clean(f"{first} {second}")
