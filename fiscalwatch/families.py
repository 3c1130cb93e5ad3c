"""Template families as data (``fiscalwatch/templates/*.toml``, one file per family of
``../shared/templates.md``): the tables each publishes, with their names, levels and
years, and the words that give a family away; and a detector that says which family a
document follows and how sure it is.

The table names in the files are checked against :mod:`fiscalwatch.template` (the one
vocabulary of keys and name patterns): a family names its tables, the template says
which key a name is."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from fiscalwatch.template import TABLES, layout

FOLDER = Path(__file__).parent / "templates"
NATIONAL = "national_2024"
SURE = 0.5  # confidence from which a family's own table list is the expectation


@dataclass(frozen=True)
class FamilyTable:
    key: str
    names: tuple[str, ...]
    optional: bool = False  # only some of the family's documents carry it (云南's 15 items)


@dataclass(frozen=True)
class Family:
    id: str
    name: str
    tables: tuple[FamilyTable, ...]
    levels: tuple[str, ...] = ()
    years: tuple[int, int] = (0, 9999)
    markers: tuple[str, ...] = ()
    order_before: tuple[str, ...] = ()  # keys that stand in this order in its documents
    tables_attached: bool = False

    @property
    def required_tables(self) -> list[str]:
        return [t.key for t in self.tables if not t.optional]

    @property
    def keys(self) -> set[str]:
        return {t.key for t in self.tables}


@dataclass(frozen=True)
class Detection:
    family: str | None  # None: nothing points to a family; judge by the national template
    confidence: float
    evidence: list[str] = field(default_factory=list)

    @property
    def sure(self) -> bool:
        return self.family is not None and self.confidence >= SURE


@functools.cache
def families() -> dict[str, Family]:
    found: dict[str, Family] = {}
    for path in sorted(FOLDER.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        found[data["id"]] = Family(
            id=data["id"],
            name=data["name"],
            tables=tuple(
                FamilyTable(t["key"], tuple(t["names"]), bool(t.get("optional")))
                for t in data["tables"]
            ),
            levels=tuple(data.get("levels", ())),
            years=tuple(data.get("years", (0, 9999))),
            markers=tuple(data.get("markers", ())),
            order_before=tuple(data.get("order_before", ())),
            tables_attached=bool(data.get("tables_attached")),
        )
    return found


_SPACE = re.compile(r"\s+")


def detect(text: str, table_keys: list[str]) -> Detection:
    """The family a document follows, from its text (the 目录 and headings suffice) and
    the table keys it publishes or lists, in order. Each family scores its marker words
    found and the tables only it publishes; 表9 before 表7 tells the older national
    order; Shanghai's layout is recognised as :func:`fiscalwatch.template.layout` does."""
    compact = _SPACE.sub("", text)
    present = list(dict.fromkeys(table_keys))
    nine = set(TABLES)
    scores: dict[str, float] = {}
    evidence: dict[str, list[str]] = {}
    for family in families().values():
        found = [word for word in family.markers if word in compact]
        own = [k for k in present if k in family.keys and k not in nine]
        foreign = [k for k in present if k not in family.keys and k not in nine]
        score = 2.0 * len(found) + 2.0 * len(own) - 1.0 * len(foreign)
        notes = [f"“{w}”" for w in found] + [f"表 {k}" for k in own]
        if family.order_before and _in_order(present, family.order_before):
            score += 2.0
            notes.append(" 在 ".join(family.order_before) + " 之前")
        scores[family.id] = score
        evidence[family.id] = notes
    if layout(text) == "shanghai":
        scores["shanghai"] = scores.get("shanghai", 0.0) + 4.0
        evidence.setdefault("shanghai", []).append("上海模板的部分顺序")
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    best, score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if score < 2.0:
        return Detection(None, 0.0)
    confidence = round(min(1.0, score / 4.0) * (1.0 if score > runner_up else 0.5), 2)
    return Detection(best, confidence, evidence[best])


def _in_order(present: list[str], order: tuple[str, ...]) -> bool:
    positions = [present.index(k) for k in order if k in present]
    return len(positions) == len(order) and positions == sorted(positions)
