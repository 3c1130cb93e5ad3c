"""The budget (部门预算) vocabulary: its table names, its template families and the
level a disclosure is published at (../shared/templates.md, "Budgets look similar").

A budget table is keyed by MEANING with the final account's keys, so the checks and
the report compare like with like: 部门财务收支预算总表, 收支总表 and 部门收支总体情况表
are all ``table_01``; 部门一般公共预算基本支出部门预算经济分类预算表 is ``table_06``.
Only the tables a final account has no counterpart of get keys of their own
(``BUDGET_EXTRA_TABLES``). ``fiscalwatch.template`` appends these names to its own.

Each family lists its tables in its own order with the titles as printed; the 单位
variants of 上海 (2026年预算单位财务收支预算总表, 2026年单位“三公”经费…) are the same
tables, told apart from the 部门 ones only by the document's level.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from fiscalwatch.models import DEFAULT_LEVEL

# Tables only budgets publish: key -> canonical title.
BUDGET_EXTRA_TABLES: dict[str, str] = {
    "project_list": "项目支出表",
    "performance_targets_project": "项目支出绩效目标表",
    "performance_targets_overall": "部门整体支出绩效目标表",
}

# How budget tables are titled, on ``template.compact_title`` form, matched at the END
# of a title and checked in this order (specific names before the names they end with).
# None names 决算, so none can take a final account's title.
BUDGET_TABLE_NAMES: tuple[tuple[str, str], ...] = (
    ("three_public_operating", r"三公经费和机关运行经费预算表"),
    ("table_09", r"三公经费(?:支出)?(?:预算)?(?:情况)?表"),
    ("performance_targets_overall", r"整体支出绩效目标表"),
    ("performance_targets_project", r"项目支出绩效(?:目标)?表"),
    ("table_04", r"财政拨款收支(?:预算)?总(?:体情况)?表"),
    ("table_01", r"(?<!拨款)(?:财务)?收支(?:预算)?总(?:体情况)?表"),
    ("table_02", r"(?<!拨款)收入(?:预算)?总(?:体情况)?表"),
    ("table_03", r"(?<!拨款)支出(?:预算)?总(?:体情况)?表"),
    ("table_06", r"一般公共预算基本支出(?:部门预算经济分类预算|情况)?表"),
    ("project_expenditure", r"一般公共预算项目支出(?:情况)?表"),
    ("table_05", r"一般公共预算支出(?:功能分类预算|情况)?表"),
    ("table_07", r"政府性基金预算支出(?:功能分类预算|情况)?表"),
    ("table_08", r"国有资本经营预算支出(?:功能分类预算|情况)?表"),
    ("project_list", r"(?<!一般公共预算)项目支出(?:情况)?表"),
)

# The names seen, written out (a truncated title is read as the one name it begins).
BUDGET_TABLE_VARIANTS: dict[str, tuple[str, ...]] = {
    "table_01": (
        "部门财务收支预算总表",
        "预算单位财务收支预算总表",
        "收支总表",
        "部门收支总体情况表",
    ),
    "table_02": ("部门收入预算总表", "预算单位收入预算总表", "收入总表", "部门收入总体情况表"),
    "table_03": ("部门支出预算总表", "预算单位支出预算总表", "支出总表", "部门支出总体情况表"),
    "table_04": ("部门财政拨款收支预算总表", "财政拨款收支总表", "财政拨款收支总体情况表"),
    "table_05": (
        "部门一般公共预算支出功能分类预算表",
        "一般公共预算支出表",
        "一般公共预算支出情况表",
    ),
    "table_06": (
        "部门一般公共预算基本支出部门预算经济分类预算表",
        "一般公共预算基本支出表",
        "一般公共预算基本支出情况表",
    ),
    "table_07": (
        "部门政府性基金预算支出功能分类预算表",
        "政府性基金预算支出表",
        "政府性基金预算支出情况表",
    ),
    "table_08": (
        "部门国有资本经营预算支出功能分类预算表",
        "国有资本经营预算支出表",
        "国有资本经营预算支出情况表",
    ),
    "table_09": ("一般公共预算“三公”经费支出表", "一般公共预算“三公”经费支出情况表"),
    "three_public_operating": (
        "部门“三公”经费和机关运行经费预算表",
        "单位“三公”经费和机关运行经费预算表",
    ),
    "project_expenditure": ("一般公共预算项目支出表",),
    "project_list": ("项目支出表",),
    "performance_targets_project": ("项目支出绩效表", "项目支出绩效目标表"),
    "performance_targets_overall": ("部门整体支出绩效目标表",),
}


# The written parts of a budget: key -> canonical title. Keys a final account shares
# (``fiscalwatch.template.SECTIONS``) keep their meaning; the others are budgets' own.
BUDGET_PARTS: dict[str, str] = {
    "duties": "主要职能",
    "organization": "机构设置",
    "glossary": "名词解释",
    "budget_explanation": "预算编制说明",
    "other_matters": "其他相关情况说明",
    "project_funds": "项目经费情况说明",
}

# How a part's heading ENDS once its number, leader and page number are gone: a heading
# may start with the department's name, the year or a project's name
# ("上海市普陀区司法局主要职能", "2026年单位预算编制说明", "人民调解项目经费情况说明").
_PART_ENDINGS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(f"(?:{pattern})$"))
    for key, pattern in (
        ("duties", r"(?:主要职能|主要职责|职能职责|部门职责|单位职责)"),
        ("organization", r"机构设置(?:及人员情况|情况)?"),
        ("glossary", r"名词解释"),
        ("budget_explanation", r"预算编制(?:情况)?说明"),
        ("other_matters", r"其他(?:相关)?情况(?:的)?说明|其他需(?:要)?说明的(?:事项|情况)"),
        ("project_funds", r"项目经费(?:情况)?说明"),
    )
)
_NUMBER = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]"
    r"|\d{1,2}[、.．])"
)
_LEADER_PAGE = re.compile(r"[.…·．_\-—]*\d*$")
MAX_PART_HEADING = 40


def heading_text(line: str) -> str:
    """A heading as matched: no spaces, number, dot leader or (glued) page number."""
    text = re.sub(r"\s+", "", line)
    text = _LEADER_PAGE.sub("", _NUMBER.sub("", text))
    return text.rstrip(":：")


def part_key(line: str) -> str | None:
    """The budget part a line heads ("六、其他相关情况说明……12" is ``other_matters``),
    None for a sentence, a table's title or anything else: a short line with no
    sentence punctuation whose end names the part."""
    text = heading_text(line)
    if not text or len(text) > MAX_PART_HEADING or re.search(r"[，。；;,]", text):
        return None
    for key, pattern in _PART_ENDINGS:
        if pattern.search(text):
            return key
    return None


@dataclass(frozen=True)
class BudgetFamily:
    """A budget template: its tables in order (key, title as printed) and the words that
    give it away. Read from ``fiscalwatch/templates/budgets/*.toml``, one file per family,
    in the format of the final accounts' families (``fiscalwatch.families``)."""

    id: str
    name: str
    tables: tuple[tuple[str, str], ...]
    levels: tuple[str, ...] = ()
    markers: tuple[str, ...] = ()
    # The written parts every budget of the family carries (key, title as printed);
    # a part some carry and some do not (``optional``) is asked only by a 目录.
    parts: tuple[tuple[str, str], ...] = ()


BUDGET_FOLDER = Path(__file__).parent / "templates" / "budgets"


def _load_families() -> dict[str, BudgetFamily]:
    found: dict[str, BudgetFamily] = {}
    for path in sorted(BUDGET_FOLDER.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        found[data["id"]] = BudgetFamily(
            id=data["id"],
            name=data["name"],
            tables=tuple((t["key"], t["names"][0]) for t in data["tables"]),
            levels=tuple(data.get("levels", ())),
            markers=tuple(data.get("markers", ())),
            parts=tuple(
                (p["key"], p["names"][0]) for p in data.get("parts", ()) if not p.get("optional")
            ),
        )
    return found


BUDGET_FAMILIES: dict[str, BudgetFamily] = _load_families()


def budget_family(table_keys: set[str], text: str = "") -> tuple[str | None, float]:
    """The budget family whose tables a document's tables best cover, and how sure
    (the share of the family's tables found, their distinctive names weighing most);
    (None, 0.0) when fewer than half of any family's tables are there."""
    compact = re.sub(r"\s+", "", text)
    best: tuple[str | None, float] = (None, 0.0)
    for family in BUDGET_FAMILIES.values():
        keys = {key for key, _ in family.tables}
        share = len(keys & table_keys) / len(keys)
        named = sum(1 for _, title in family.tables if title in compact) / len(family.tables)
        score = max(share, named) if compact else share
        if score > best[1] or (score == best[1] and best[0] is not None and named > 0.5):
            best = (family.id, score)
    return best if best[1] >= 0.5 else (None, 0.0)


# -- the level a disclosure is published at ----------------------------------------------

_BUDGET_TITLE_AT_END = tuple(re.compile(f"(?:{pattern})$") for _, pattern in BUDGET_TABLE_NAMES)


def is_budget_title(title: str) -> bool:
    """A budget's own table ("2026年部门财务收支预算总表", "收支总表"), not a final
    account's: its amounts are budgeted amounts, whatever its columns are headed."""
    text = re.sub(r"[\s《》“”\"'‘’「」『』]", "", title)
    text = re.sub(r"(?:\(续\)|续表|\(续表\)|续)$", "", text)
    return "决算" not in text and any(p.search(text) for p in _BUDGET_TITLE_AT_END)


LEVEL_LABELS = {"department": "部门", "unit": "单位", "own_office": "本级"}
_KIND_WORDS = {"final_account": "决算", "budget": "预算"}


def document_kind(doc_type: str | None, level: str | None) -> str | None:
    """ "单位预算", "部门决算", "本级决算": the name of a budget or final account at its
    level; None for other types (their own label applies)."""
    word = _KIND_WORDS.get(doc_type or "")
    if word is None:
        return None
    return LEVEL_LABELS.get(level or DEFAULT_LEVEL, LEVEL_LABELS[DEFAULT_LEVEL]) + word
