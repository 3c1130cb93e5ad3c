"""Which table a grid is, from its own words: the column headers and row labels each of
the standard tables carries whatever its title says. Used to confirm a title ↔ grid
assignment, never alone to invent a table the document does not title."""

from __future__ import annotations

import re
from functools import lru_cache

from fiscalwatch.parsing.layout import strip_number

# Words (whole cells, numbering and spaces removed) that mark a table. A grid is a
# table when at least MIN_VOTES of its words appear; 表7 and 表8 share their columns,
# so both are named.
SIGNATURES: dict[str, frozenset[str]] = {
    "table_01": frozenset(
        {
            "本年收入合计",
            "本年支出合计",
            "使用非财政拨款结余",
            "结余分配",
            "上级补助收入",
            "附属单位上缴收入",
            "事业收入",
            "经营收入",
        }
    ),
    "table_02": frozenset(
        {
            "本年收入合计",
            "财政拨款收入",
            "上级补助收入",
            "事业收入",
            "经营收入",
            "附属单位上缴收入",
            "其他收入",
        }
    ),
    "table_03": frozenset(
        {"本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"}
    ),
    "table_04": frozenset(
        {
            "收入项目",
            "支出项目",
            "一般公共预算财政拨款",
            "政府性基金预算财政拨款",
            "国有资本经营预算财政拨款",
            "年初财政拨款结转和结余",
            "年末财政拨款结转和结余",
        }
    ),
    "table_05": frozenset({"科目名称", "本年支出合计", "基本支出", "项目支出"}),
    "table_06": frozenset(
        {
            "人员经费",
            "公用经费",
            "人员经费合计",
            "公用经费合计",
            "经济分类科目",
            "工资福利支出",
            "商品和服务支出",
            "对个人和家庭的补助",
            "基本工资",
            "办公费",
        }
    ),
    "table_07": frozenset(
        {"年初结转和结余", "本年收入", "本年支出", "本年支出合计", "年末结转和结余"}
    ),
    "table_08": frozenset(
        {"年初结转和结余", "本年收入", "本年支出", "本年支出合计", "年末结转和结余"}
    ),
    "table_09": frozenset(
        {
            "因公出国(境)费",
            "公务用车购置及运行维护费",
            "公务用车购置及运行维护费小计",
            "公务用车购置费",
            "公务用车运行维护费",
            "公务接待费",
            "公务用车运行费",
        }
    ),
}
# Words only one table has: each counts double, so 表3's 上缴上级支出 beats 表5.
_ALL_WORDS = [word for words in SIGNATURES.values() for word in words]
_UNIQUE = {word for word in _ALL_WORDS if _ALL_WORDS.count(word) == 1}
MIN_VOTES = 3
_CELL = re.compile(r"[\s\u3000]|^[一二三四五六七八九十]+[、.]")


def _words(rows: list[list[str]], header_rows: int = 4) -> set[str]:
    """The header rows' cells and every row's first filled cell, as compared."""
    words: set[str] = set()
    for position, row in enumerate(rows):
        cells = row if position < header_rows else [next((c for c in row if c), "")]
        for cell in cells:
            if cell:
                words.add(_word(cell))
    return words


@lru_cache(maxsize=16384)  # a grid's words are asked for by several layout steps
def _word(cell: str) -> str:
    return _CELL.sub("", strip_number(cell)[1]).replace("（", "(").replace("）", ")")


def votes(rows: list[list[str]]) -> dict[str, int]:
    words = _words(rows)
    return {
        key: sum(2 if word in _UNIQUE else 1 for word in signature & words)
        for key, signature in SIGNATURES.items()
    }


def candidates(rows: list[list[str]]) -> set[str]:
    """The standard tables a grid's words say it is (empty: they do not say)."""
    scored = votes(rows)
    best = max(scored.values(), default=0)
    if best < MIN_VOTES:
        return set()
    return {key for key, score in scored.items() if score == best}


def conflicts(rows: list[list[str]], key: str) -> bool:
    """True when the grid's words name other tables and not ``key`` (a key without a
    signature — the tables beyond the nine — never conflicts)."""
    if key not in SIGNATURES:
        return False
    found = candidates(rows)
    return bool(found) and key not in found and votes(rows)[key] < MIN_VOTES
