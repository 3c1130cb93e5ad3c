"""Which tables an empty-table note in a final account's text covers. Which table a
title names is :func:`fiscalwatch.template.table_key`."""

from __future__ import annotations

import re
import unicodedata

from fiscalwatch.template import table_key

# Words that tie an empty-table note to its table, most specific first.
TABLE_WORDS: tuple[tuple[str, str], ...] = (
    ("table_09", "三公"),
    ("table_08", "国有资本"),
    ("table_07", "政府性基金"),
    ("table_06", "基本支出"),
    ("table_05", "一般公共预算"),
    ("table_04", "财政拨款收入支出"),
    ("table_01", "收入支出决算总表"),
    ("table_02", "收入决算表"),
    ("table_03", "支出决算表"),
)

# "本部门无…，…决算表为空表", "本单位本年度没有…收入和支出，故本表无数据". Read with the
# lines joined: a wrapped "国有资\n本经营预算…决算表为空表" is one sentence.
EMPTY_NOTE = re.compile(r"[^。；;]{0,200}(?:为空表|无数据|是空表|未发生[^。；;]{0,20}空表)")
_NOTE_TITLE = re.compile(r"([^。；;，,、《]{2,40}?决算表)》?(?:为空表|是空表|无数据)")
_QUOTED_TITLE = re.compile(r"《([^《》]{4,40}?表)》")
_QUOTES = re.compile(r"[“”\"'‘’「」『』\s]")


def normalise(text: str) -> str:
    """NFKC, without whitespace or quotes: how titles and headings are compared."""
    return _QUOTES.sub("", unicodedata.normalize("NFKC", text))


def empty_table_notes(text: str) -> dict[str, str]:
    """Empty-table notes in the text, by the table they name: the title right before
    为空表 when there is one, else the most specific of ``TABLE_WORDS`` in the sentence."""
    notes: dict[str, str] = {}
    compact = re.sub(r"\s+", "", text)
    for match in EMPTY_NOTE.finditer(compact):
        sentence = match.group(0)
        titled = _NOTE_TITLE.search(sentence)
        key = table_key(titled.group(1)) if titled else None
        key = key or next((k for k, word in TABLE_WORDS if word in sentence), None)
        # "《…》、《…》为空表": one note for several tables (天津's 关于空表的说明).
        listed = [table_key(title) for title in _QUOTED_TITLE.findall(sentence)]
        for found in dict.fromkeys(k for k in [key, *listed] if k):
            notes.setdefault(found, sentence.strip())
    return notes
