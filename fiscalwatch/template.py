"""THE template vocabulary of a final account (domain.md, "The template"): the section
keys with their canonical Chinese titles and the nine tables with theirs.

The parser writes these keys (``sections.key``, ``doc_tables.key``) and keeps its own
patterns for the many ways a heading or a table title is written; the monitor names
what is missing with these titles and the report labels with them. Add a key here
first, then a pattern in ``fiscalwatch.parsing``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterator
from functools import lru_cache

from fiscalwatch.budget_template import (
    BUDGET_EXTRA_TABLES,
    BUDGET_TABLE_NAMES,
    BUDGET_TABLE_VARIANTS,
)

# The written parts, in template order: key -> canonical title.
SECTIONS: dict[str, str] = {
    "duties": "主要职能",
    "organization": "机构设置及人员情况",
    "overview": "收入支出决算总体情况说明",
    "income": "收入决算情况说明",
    "expenditure": "支出决算情况说明",
    "fiscal_overview": "财政拨款收入支出决算总体情况说明",
    "general_budget": "一般公共预算财政拨款支出决算情况说明",
    "basic_expenditure": "一般公共预算财政拨款基本支出决算情况说明",
    "gov_fund": "政府性基金预算财政拨款收入支出决算情况说明",
    "state_capital": "国有资本经营预算财政拨款收入支出决算情况说明",
    "three_public": "财政拨款“三公”经费支出决算情况说明",
    "operating_expenses": "机关运行经费支出情况",
    "procurement": "政府采购支出情况",
    "assets": "国有资产占用情况",
    "performance": "预算绩效管理情况说明",
    "other_matters": "其他需说明的事项",
    "glossary": "专业名词解释",
}

# The part that holds the nine tables (a heading in the file, or attachments beside it).
TABLES_PART = "tables"
TABLES_PART_TITLE = "部门决算报表"

# The nine tables: key -> canonical title.
TABLES: dict[str, str] = {
    "table_01": "收入支出决算总表",
    "table_02": "收入决算表",
    "table_03": "支出决算表",
    "table_04": "财政拨款收入支出决算总表",
    "table_05": "一般公共预算财政拨款支出决算表",
    "table_06": "一般公共预算财政拨款基本支出决算表",
    "table_07": "政府性基金预算财政拨款收入支出决算表",
    "table_08": "国有资本经营预算财政拨款收入支出决算表",
    "table_09": "财政拨款“三公”经费支出决算表",
}

# Tables beyond the nine that some template families publish (../shared/templates.md):
# stable keys, so a family can expect them and a document's own list can name them.
EXTRA_TABLES: dict[str, str] = {
    "project_expenditure": "一般公共预算财政拨款项目支出决算表",
    "project_income_expenditure": "项目收入支出决算表",
    "fiscal_expenditure_detail": "财政拨款支出决算明细表",
    "general_budget_detail": "一般公共预算财政拨款支出决算明细表",
    "state_capital_expenditure": "国有资本经营预算财政拨款支出决算表",
    "income_by_unit": "收入决算表(按单位列示)",
    "gov_fund_basic": "政府性基金预算财政拨款基本支出决算表",
    "procurement": "政府采购情况表",
    "purchased_services": "政府购买服务支出情况表",
    "operating_assets_procurement": "机构运行经费支出、国有资产占用情况及政府采购支出信息表",
    "three_public_operating": "财政拨款“三公”经费、行政参公单位机关运行经费情况表",
    "assets": "国有资产使用情况表",
    "performance_overall": "部门整体支出绩效自评表",
    "performance_project": "项目支出绩效自评表",
}
ALL_TABLES: dict[str, str] = {**TABLES, **EXTRA_TABLES, **BUDGET_EXTRA_TABLES}

# Every key of the template with its title: written parts, the tables part, the tables.
# Two table keys agreed with the layout benchmark (procurement, assets) are also section
# keys: there the section's title is the label.
TITLES: dict[str, str] = {**EXTRA_TABLES, **SECTIONS, TABLES_PART: TABLES_PART_TITLE, **TABLES}

# How each table is titled, on the compact form of ``compact_title`` (NFKC, no spaces,
# quotes or 《》): checked in this order, specific names before the names they end with.
# A pattern matches the END of a title, so numbers (表1, 表一:, 一、, 附表3) and years
# in front do not matter.
TABLE_NAMES: tuple[tuple[str, str], ...] = (
    ("three_public_operating", r"三公经费、?行政参公单位机关运行经费情况表"),
    ("table_09", r"三公经费(?:及会议费、?培训费)?(?:财政拨款)?支出(?:预)?决算表|三公经费情况表"),
    ("operating_assets_procurement", r"机构运行经费支出、?国有资产占用情况及政府采购支出信息表"),
    ("gov_fund_basic", r"政府性?基金预算财政拨款基本支出决算(?:明细)?表"),
    ("project_income_expenditure", r"项目收入支出决算(?:明细)?表"),
    ("project_expenditure", r"项目支出决算(?:明细)?表"),
    ("table_06", r"一般公共预算财政拨款基本支出决算(?:明细)?表"),
    ("table_05", r"一般公共预算财政拨款(?:收入)?支出决算(?:明细)?表"),
    ("table_07", r"政府性?基金预算财政拨款(?:收入)?支出决算表"),
    ("table_08", r"国有资本经营预算财政拨款(?:收入)?支出决算表"),
    ("fiscal_expenditure_detail", r"(?<!预算)财政拨款支出决算明细表"),
    ("table_04", r"(?<!预算)财政拨款收入支出决算总?表"),
    ("income_by_unit", r"收入决算表\(按单位列示\)"),
    ("table_02", r"(?<!拨款)收入决算总?表(?:\(按功能分类列示\))?"),
    ("table_01", r"(?<!拨款)收入支出决算总?表"),
    ("table_03", r"(?<!拨款|基金|预算|收入)支出决算总?表"),
    ("procurement", r"政府采购(?:支出)?情况表"),
    ("purchased_services", r"政府购买服务支出情况表"),
    ("assets", r"国有资产(?:使用|占用)情况表"),
    ("performance_overall", r"部门整体支出绩效自评表"),
    ("performance_project", r"项目支出绩效自评表"),
    *BUDGET_TABLE_NAMES,  # budget titles (fiscalwatch.budget_template): none names 决算
)
_CONTINUED = r"(?:\(续\)|续表|\(续表\)|续)?"
_TITLE_AT_END = tuple(
    (key, re.compile(f"(?:{pattern}){_CONTINUED}$")) for key, pattern in TABLE_NAMES
)
_TITLE_ANYWHERE = tuple((key, re.compile(pattern)) for key, pattern in TABLE_NAMES)
_NOT_IN_TITLE = re.compile(r"[\s《》“”\"'‘’「」『』]")


def compact_title(text: str) -> str:
    """A title as the name patterns read it: NFKC, no whitespace, quotes or 《》."""
    return _NOT_IN_TITLE.sub("", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=8192)  # asked of every body line, some lines many times
def table_key(title: str) -> str | None:
    """The table a title names ("附表3 2024年度支出决算表（续）" -> table_03), or None."""
    if "表" not in title:  # every title ends with 表: most lines stop here
        return None
    text = compact_title(title)
    dropped = _dropped_after_number(text)  # first: "一、入支出决算总表" is not 支出决算总表
    if dropped:
        return dropped
    for key, pattern in _TITLE_AT_END:
        if pattern.search(text):
            return key
    return None


# "三、出决算表", "四、政拨款收入支出决算总表": some exports lose the character after "、".
_AFTER_NUMBER = re.compile(r"[一二三四五六七八九十\d]+、(?:\d{4}年度?)?(?P<rest>.{4,})$")


def _dropped_after_number(text: str) -> str | None:
    found = _AFTER_NUMBER.search(text)
    if not found:
        return None
    rest = found.group("rest")
    for key, names in TABLE_VARIANTS.items():
        if any(compact_title(name)[1:] == rest for name in names):
            return key
    return None


@lru_cache(maxsize=8192)  # asked of every body line, some lines many times
def table_key_match(title: str) -> tuple[str, int] | None:
    """The key a title names and where in its compact form the name starts."""
    text = compact_title(title)
    for key, pattern in _TITLE_AT_END:
        match = pattern.search(text)
        if match:
            return key, match.start()
    return None


def table_key_in(text: str) -> str | None:
    """The table last named anywhere in a stretch of text (a caption, a sheet's first rows)."""
    text = compact_title(text)
    best: tuple[int, str] | None = None
    for key, pattern in _TITLE_ANYWHERE:
        for match in pattern.finditer(text):
            if best is None or match.end() > best[0]:
                best = (match.end(), key)
    return best[1] if best else None


# The names seen for each table, written out (templates.md "Names of the same table"):
# a truncated title ("表1 收入支出决算总", "…财政拨款支出") is read as the one name it
# begins. First names first: a prefix shared by two keys goes to the earlier one.
TABLE_VARIANTS: dict[str, tuple[str, ...]] = {
    "table_01": ("收入支出决算总表", "收入支出决算表"),
    "table_02": ("收入决算表", "收入决算总表", "收入决算表(按功能分类列示)"),
    "table_03": ("支出决算表", "支出决算总表"),
    "table_04": ("财政拨款收入支出决算总表", "财政拨款收入支出决算表"),
    "table_05": (
        "一般公共预算财政拨款支出决算表",
        "一般公共预算财政拨款收入支出决算表",
        "一般公共预算财政拨款支出决算明细表",  # general_budget_detail beside a plain one
    ),
    "table_06": ("一般公共预算财政拨款基本支出决算表", "一般公共预算财政拨款基本支出决算明细表"),
    "table_07": ("政府性基金预算财政拨款收入支出决算表",),
    "table_08": ("国有资本经营预算财政拨款收入支出决算表", "国有资本经营预算财政拨款支出决算表"),
    "table_09": (
        "财政拨款“三公”经费支出决算表",
        "一般公共预算财政拨款“三公”经费支出决算表",
        "一般公共预算财政拨款安排的“三公”经费支出决算表",
        "一般公共预算财政拨款“三公”经费情况表",
    ),
    "project_expenditure": (
        "一般公共预算财政拨款项目支出决算表",
        "一般公共预算财政拨款项目支出决算明细表",
        "项目支出决算表",
    ),
    "project_income_expenditure": ("项目收入支出决算表",),
    "fiscal_expenditure_detail": ("财政拨款支出决算明细表",),
    "income_by_unit": ("收入决算表(按单位列示)",),
    "gov_fund_basic": ("政府性基金预算财政拨款基本支出决算表",),
    "procurement": ("政府采购情况表",),
    "purchased_services": ("政府购买服务支出情况表",),
    "operating_assets_procurement": ("机构运行经费支出、国有资产占用情况及政府采购支出信息表",),
    "three_public_operating": ("财政拨款“三公”经费、行政参公单位机关运行经费情况表",),
    "assets": ("国有资产使用情况表",),
    "performance_overall": ("部门整体支出绩效自评表",),
    "performance_project": ("项目支出绩效自评表",),
}
# Budget names after the final account's own; only long ones, since a short one's start
# is a row label ("一、一般公共预算" would read as a cut-short 一般公共预算支出表).
for _key, _names in BUDGET_TABLE_VARIANTS.items():
    _long = tuple(name for name in _names if len(compact_title(name)) >= 12)
    TABLE_VARIANTS[_key] = TABLE_VARIANTS.get(_key, ()) + _long
MIN_PREFIX = 4  # characters of a name a truncated title must keep


def table_key_prefix(text: str, share: float = 0.0, dropped: int = 0) -> str | None:
    """The table whose name a truncated title begins ("一般公共预算财政拨款支出" ->
    table_05), keeping at least ``share`` of that name; None when it is too short or
    names none. ``dropped``: characters of the name lost before the text."""
    text = compact_title(text)
    if len(text) < MIN_PREFIX or text[:MIN_PREFIX] not in _name_starts(dropped):
        return None  # begins no name: most lines stop here
    for key, names in _compact_variants():
        for name in names:
            if name[dropped:].startswith(text) and len(text) >= share * len(name):
                return key
    return None


@lru_cache(maxsize=4)
def _name_starts(dropped: int) -> frozenset[str]:
    """The first characters (``MIN_PREFIX`` of them) of every name, ``dropped`` lost."""
    names = (name for _, variants in _compact_variants() for name in variants)
    return frozenset(name[dropped : dropped + MIN_PREFIX] for name in names)


@lru_cache(maxsize=1)
def _compact_variants() -> tuple[tuple[str, tuple[str, ...]], ...]:
    # Every body line of every document is tried as a truncated title: compacting the
    # names once, not per line, keeps that cheap.
    return tuple((key, tuple(map(compact_title, names))) for key, names in TABLE_VARIANTS.items())


# A title's number and year before the name: "表五", "表十一:", "附表12", "一、", "2024年度".
_NUMBER = re.compile(r"(?:附?表)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})?[:、.]?")
_YEAR = re.compile(r"^(.{0,5}?)\d{4}年度?")
TRUNCATED_SHARE = 0.6  # of its name a cut-short title must keep
MIN_TRUNCATED = 4


@lru_cache(maxsize=8192)  # the same lines are asked about again from several places
def truncated_title_key(text: str, share: float = TRUNCATED_SHARE) -> str | None:
    """The table a title cut short names ("表五一般公共预算财政拨款支出", "表1收入支出决"):
    after its number, the start of one of the names, most of it kept (a table's row
    label "一、一般公共预算财政拨款收" keeps too little of its name)."""
    if "说明" in text or "。" in text:
        return None
    text = _YEAR.sub(r"\1", compact_title(text))
    # "表五一般…": the number may end where the name starts with a numeral; try each cut.
    for start in range(min(len(text), 6)):
        if not _NUMBER.fullmatch(text[:start]):
            continue
        name = text[start:]
        if len(name) < MIN_TRUNCATED:
            continue
        key = table_key_prefix(name, share)
        # "四、政拨款收入支出决算总": also lost the character after "、" (table_key's case).
        if key is None and text[:start].endswith("、"):
            key = table_key_prefix(name, share, dropped=1)
        if key is not None:
            return key
    return None


_SHORT_TITLE = re.compile(
    r"(?:附?表)?(?P<number>[一二三四五六七八九]|\d)(?P<mark>[:、.]?)(?P<name>.{2,})"
)


def short_title_key(text: str) -> str | None:
    """The table a title cut to a few characters names ("二、收入", "三、出决算" that also
    lost its 支), only where its number and the start of its name agree on one of the
    nine: too short to be read by its name alone."""
    found = _SHORT_TITLE.fullmatch(_YEAR.sub(r"\1", compact_title(text)))
    if not found:
        return None
    number = found["number"]
    key = f"table_{int(number) if number.isdigit() else '一二三四五六七八九'.index(number) + 1:02d}"
    name = found["name"]
    for full in map(compact_title, TABLE_VARIANTS.get(key, ())):
        if full.startswith(name) or (found["mark"] == "、" and full[1:].startswith(name)):
            return key
    return None


def disambiguate(titles: list[tuple[str, str]]) -> list[str]:
    """Keys for a document's table titles ``(key, title)``, in order, where the family
    decides: 四川 publishes 一般公共预算财政拨款支出决算明细表 BESIDE table_05, and
    国有资本经营预算财政拨款支出决算表 beside the 收入支出 one (table_08)."""
    keys = [key for key, _ in titles]
    compact = [compact_title(title) for _, title in titles]
    plain_05 = any(k == "table_05" and "明细" not in c for k, c in zip(keys, compact, strict=True))
    full_08 = any(k == "table_08" and "收入支出" in c for k, c in zip(keys, compact, strict=True))
    # 四川's own 财政拨款支出决算明细表 says the family: its 国有资本 支出 table is the
    # extra one even where the 收入支出 one is missing from the document.
    full_08 = full_08 or "fiscal_expenditure_detail" in keys
    out = []
    for key, text in zip(keys, compact, strict=True):
        if key == "table_05" and plain_05 and "明细" in text:
            key = "general_budget_detail"
        elif key == "table_08" and full_08 and "收入支出" not in text:
            key = "state_capital_expenditure"
        out.append(key)
    return out


# Provincial layouts that require fewer parts than the national template. Shanghai's
# official template puts the nine tables in 第二部分, the explanations in 第三部分, and
# ends them with 十一、其他重要事项说明: it has no 其他需说明的事项 part.
NOT_REQUIRED_BY_LAYOUT: dict[str, frozenset[str]] = {"shanghai": frozenset({"other_matters"})}

_SHANGHAI_TABLES_PART = re.compile(r"第二部分[^第]{0,60}?决算表")


def layout(text: str) -> str:
    """``shanghai`` or ``national``, from a document's text (its table of contents or
    headings suffice: pass the first pages)."""
    compact = re.sub(r"\s+", "", text)
    if (
        _SHANGHAI_TABLES_PART.search(compact)
        and "其他重要事项说明" in compact
        and "其他需说明的事项" not in compact
    ):
        return "shanghai"
    return "national"


# -- empty-table notes: one rule for the parser (a table published empty) and the checks ----

# Words that tie an empty-table note to its table, most specific first.
TABLE_WORDS: tuple[tuple[str, str], ...] = (
    ("table_09", "三公"),
    ("table_08", "国有资本"),
    ("gov_fund_basic", "政府性基金预算财政拨款基本支出"),  # 北京's own, beside table_07
    ("table_07", "政府性基金"),
    ("table_06", "基本支出"),
    ("table_05", "一般公共预算"),
    ("table_04", "财政拨款收入支出"),
    ("table_01", "收入支出决算总表"),
    ("table_02", "收入决算表"),
    ("table_03", "支出决算表"),
)

# A table's own rows saying it is empty ("本表无数据", "空表说明"), by the parser.
EMPTY_CELL = re.compile(r"本表无数据|为空表|无数据|本表为空|空表说明")
# "本部门无…，…决算表为空表", "本单位本年度没有…收入和支出，故本表无数据". Read with the
# lines joined: a wrapped "国有资\n本经营预算…决算表为空表" is one sentence.
EMPTY_NOTE = re.compile(r"[^。；;]{0,200}(?:为空表|无数据|是空表|未发生[^。；;]{0,20}空表)")
_NOTE_TITLE = re.compile(r"([^。；;，,、《]{2,40}?决算表)》?(?:为空表|是空表|无数据)")
_QUOTED_TITLE = re.compile(r"《([^《》]{4,40}?表)》")
_QUOTES = re.compile(r"[“”\"'‘’「」『』\s]")


def normalise(text: str) -> str:
    """NFKC, without whitespace or quotes: how titles and headings are compared."""
    return _QUOTES.sub("", unicodedata.normalize("NFKC", text))


def empty_table_notes(text: str, keys: Collection[str] = ()) -> dict[str, str]:
    """Empty-table notes in the text, by the table they name: the title right before
    为空表 when there is one, else the most specific of ``TABLE_WORDS`` in the sentence.
    ``keys``: the document's tables; where they hold both 国有资本 tables (四川), a note
    on the 支出 one is that table's, not the 收入支出 one's."""
    notes: dict[str, str] = {}
    compact = re.sub(r"\s+", "", text)
    both_08 = bool({"state_capital_expenditure", "fiscal_expenditure_detail"} & set(keys))
    for match in _empty_note_matches(compact):
        # "注：本表无数据" speaks of the table above it: the grid's row labels before
        # "注：" ("223国有资本经营预算支出…") are not the note's words.
        sentence = _NOTE_MARK.split(match.group(0))[-1]
        titled = _NOTE_TITLE.search(sentence)
        named = titled.group(1) if titled else None
        key = table_key(named) if named else None
        if key is None:
            key = next((k for k, word in TABLE_WORDS if word in sentence), None)
            # Untitled, it names the 支出 table only by its subject: a grid's row label
            # "国有资本经营预算支出" run into the note does not.
            named = sentence if _STATE_CAPITAL_SPENDING in sentence else ""
        # "《…》、《…》为空表": one note for several tables (天津's 关于空表的说明).
        listed = [(table_key(title), title) for title in _QUOTED_TITLE.findall(sentence)]
        for found, name in [(key, named or ""), *listed]:
            if found == "table_08" and both_08 and _names_state_capital_spending(name):
                found = "state_capital_expenditure"
            if found:
                notes.setdefault(found, sentence.strip())
    return notes


def _empty_note_matches(compact: str) -> Iterator[re.Match[str]]:
    """``EMPTY_NOTE.finditer(compact)``, sentence by sentence: a note never crosses 。；;
    and always holds 空表 or 无数据, so only the sentences that do are searched (the
    whole text tried at every position was a third of a full check pass's
    missing_section)."""
    for sentence in _SENTENCE_END.split(compact):
        if "空表" in sentence or "无数据" in sentence:
            yield from EMPTY_NOTE.finditer(sentence)


_SENTENCE_END = re.compile(r"[。；;]")
_NOTE_MARK = re.compile(r"(?:注|说明)[:：]")
_STATE_CAPITAL_SPENDING = "国有资本经营预算财政拨款支出"


def _names_state_capital_spending(text: str) -> bool:
    """Whether a 国有资本 note or title names the 支出 only ("…财政拨款支出决算表", "无国有
    资本经营预算财政拨款支出"), not the income too (the 收入支出 table's "收入、支出和结转
    结余", "收支")."""
    start = text.find("国有资本")
    return start >= 0 and not re.search("收入|收支", text[start:])
