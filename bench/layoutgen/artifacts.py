"""Artifacts of real files the generator plants in titles: traditional characters (as on
mirrors that convert a page) and a character dropped after “、” (“三、出决算表”)."""

from __future__ import annotations

# Simplified -> traditional for the characters of the table titles (a fixed table, so
# the generator needs no converter; the parser side normalises with OpenCC).
TRADITIONAL = dict(
    zip(
        "决总财拨预费经营资国务车购维护说况项门单职绩采产专业词释报结转余细计实运机关构设员价",
        "決總財撥預費經營資國務車購維護說況項門單職績採產專業詞釋報結轉餘細計實運機關構設員價",
        strict=True,
    )
)


def traditional(text: str) -> str:
    return "".join(TRADITIONAL.get(ch, ch) for ch in text)


def drop_after_comma(title: str) -> str:
    """“三、支出决算表” → “三、出决算表”: the first character after “、” lost."""
    at = title.find("、")
    if at < 0 or at + 2 >= len(title) or title[at + 1].isdigit():
        return title  # a year keeps its digits
    return title[: at + 1] + title[at + 2 :]
