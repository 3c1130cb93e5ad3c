"""One generated document: the layout choices, the FODT file(s) and the ground truth.

Choices are drawn from a ``random.Random`` seeded with (seed, family, index), so a
document is the same whenever it is regenerated. Pages are not known here: the truth
carries text probes in reading order, and :mod:`bench.layoutgen.locate` finds them in
the rendered PDF.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field
from typing import Any

from bench.layoutgen.account import Account, make_account
from bench.layoutgen.artifacts import drop_after_comma, traditional
from bench.layoutgen.families import FAMILIES, FAMILY_IDS, Family, Item, Part, TableSpec, yunnan
from bench.layoutgen.fodt import Fonts, PageSetup, Writer
from bench.layoutgen.grids import Grid, build
from bench.layoutgen.texts import Prose

CN = "一二三四五六七八九十"
FONT_CHOICES = (
    "Noto Serif CJK SC",
    "Noto Sans CJK SC",
    "Noto Sans Mono CJK SC",
    "Noto Serif CJK TC",
    "Noto Sans CJK JP",
)
# Region names: one per document (a department met twice would be compared across years).
FIRST = "青白东南北西临安云长永宁平清河丰兴新和华泰庆昌盛嘉桐梅松柏竹兰桂柳杨溪江湖山川岭峰石金玉"
SECOND = "川水河山岭江溪阳城原州林口湾塘坪岗桥洲陵泉源台门关峪屯堡营沟湖坝滩浦津港渡冈垣"


def unique_region(family_index: int, index: int, rng: random.Random) -> str:
    """Distinct for every (family, index) below 10 families x 190 documents."""
    k = index * len(FAMILY_IDS) + family_index
    return FIRST[k % len(FIRST)] + SECOND[(k // len(FIRST)) % len(SECOND)] + rng.choice("市县区")


BUREAUS = (
    ("审计局", "局"),
    ("民政局", "局"),
    ("司法局", "局"),
    ("统计局", "局"),
    ("融媒体中心", "中心"),
    ("机关事务管理局", "局"),
    ("档案馆", "馆"),
    ("政务服务管理局", "局"),
    ("信息中心", "中心"),
    ("农业农村局", "局"),
)
PLANTS = ("missing_table", "empty_without_note", "missing_section")
# Parts a planted "missing section" may take away: leaves whose absence changes nothing
# else (the 政府性基金/国有资本 parts carry empty-table notes, so they are not taken).
REMOVABLE = (
    "three_public",
    "glossary",
    "performance",
    "procurement",
    "assets",
    "overview",
    "basic_expenditure",
    "income",
)


def cn(n: int) -> str:
    if n <= 10:
        return CN[n - 1]
    if n < 20:
        return "十" + CN[n - 11]
    return CN[n // 10 - 1] + "十" + (CN[n % 10 - 1] if n % 10 else "")


def compact(text: str) -> str:
    return "".join(text.split())


@dataclass
class Layout:
    page_size: str
    margin_cm: float
    footer: str
    body_font: str
    table_font: str
    table_pt: float
    toc: str  # none | leader | dots | residue
    numbering: str  # 表1 | 表一 | 表一： | 一、 | none
    title_position: str  # above | below
    rules: str  # full | three_line | horizontal | none | mixed
    repeat_header: bool
    new_page_per_table: float
    orphan_rate: float
    split_rate: float
    landscape_wide: bool
    unit: str  # 万元 | 元 | mixed
    year_in_title: bool
    list_tables_in_body: bool
    artifact: str  # none | traditional (table titles) | dropped_char (after “、”)


@dataclass
class TableTruth:
    key: str
    name: str
    title: str  # as printed, line breaks removed
    file: str = "main"
    present: bool = True
    listed_in_toc: bool = False
    empty: bool = False
    note: str | None = None
    note_place: str | None = None  # under | text | item
    unit: str = "万元"
    position: str = "above"
    two_line: bool = False
    truncated: bool = False
    artifact: str | None = None  # traditional | dropped_char, as printed in the title
    orphan: bool = False  # intended: title at a page's foot, grid on the next page
    split: bool = False  # intended: grid continued on the next page
    repeat_header: bool = True
    landscape: bool = False
    rules: str = "full"
    rows: int = 0
    header: list[str] = field(default_factory=list)  # the grid's first header row
    cells: list[dict[str, Any]] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)  # body cells only this grid prints
    title_page: int | None = None
    grid_pages: list[int | None] = field(default_factory=lambda: [None, None])


@dataclass
class Probe:
    file: str
    kind: str  # toc | heading | title | grid_start | grid_end
    ref: str
    text: str


@dataclass
class Composition:
    doc_id: str
    family: str
    files: dict[str, str]  # file role -> FODT XML
    truth: dict[str, Any]
    probes: list[Probe]


class Composer:
    def __init__(self, family_id: str, index: int, seed: int, plant: str | None = None) -> None:
        self.rng = random.Random(f"{seed}:{family_id}:{index}")
        rng = self.rng
        self.family_id = family_id
        self.variant: int | None = None
        if family_id == "yunnan":
            self.variant = rng.choice((9, 11, 15))
            self.family: Family = yunnan(self.variant)
        else:
            self.family = FAMILIES[family_id]
        self.doc_id = f"{family_id}_{index:04d}"
        self.plant = plant
        self.year = rng.choice((2021, 2022, 2023, 2024))
        self.level = rng.choice(self.family.levels)
        region = unique_region(FAMILY_IDS.index(family_id), index, rng)
        bureau, _ = rng.choice(BUREAUS)
        self.department = f"{region}{bureau}"
        self.region = region
        self.org = {"department": "部门", "unit": "单位", "own_office": "部门"}[self.level]
        self.acc: Account = make_account(
            rng, with_fund=rng.random() < 0.3, with_capital=rng.random() < 0.04
        )
        self.layout = self._layout()
        self.prose = Prose(self.acc, rng, self.year, "本" + self.org, self.department)
        self.probes: list[Probe] = []
        self.tables: list[TableTruth] = []
        self.sections: list[dict[str, Any]] = []
        self.planted: list[dict[str, Any]] = []
        self.removed_section: str | None = None
        self.missing_table: str | None = None
        self.unnoted_table: str | None = None
        self.grids: dict[str, Grid] = {}
        self.notes_in_text: dict[str, str] = {}  # section key -> note sentence
        self._headings: dict[tuple[object, ...], str] = {}

    # --- choices ------------------------------------------------------------------------
    def _layout(self) -> Layout:
        r = self.rng
        body = r.choice(FONT_CHOICES)
        return Layout(
            page_size=r.choices(("A4", "B5", "A3"), (6, 3, 1))[0],
            margin_cm=round(r.uniform(1.8, 3.2), 1),
            footer=r.choice(("plain", "dashed", "chinese", "none")),
            body_font=body,
            table_font=r.choice((body, *FONT_CHOICES)),
            table_pt=r.choice((8.0, 9.0, 9.0, 10.0, 10.5)),
            toc=r.choices(("none", "leader", "dots", "residue", "glued"), (2, 4, 2, 2, 1))[0],
            numbering=r.choice(("表1", "表一", "表一：", "一、", "none")),
            title_position=r.choices(("above", "below"), (9, 1))[0],
            rules=r.choices(("full", "three_line", "horizontal", "none", "mixed"), (5, 2, 1, 1, 1))[
                0
            ],
            repeat_header=r.random() < 0.5,
            new_page_per_table=r.choice((1.0, 1.0, 0.7, 0.4)),
            orphan_rate=r.choice((0.0, 0.1, 0.25, 0.4)),
            split_rate=r.choice((0.0, 0.1, 0.25)),
            landscape_wide=r.random() < 0.3,
            unit=r.choices(("万元", "元", "mixed"), (7, 2, 1))[0],
            year_in_title=r.random() < 0.2,
            list_tables_in_body=self.family.toc_lists_tables and r.random() < 0.3,
            artifact=r.choices(("none", "traditional", "dropped_char"), (16, 1, 1))[0],
        )

    def _choose_plant(self) -> None:
        keys = [t.key for t in self.family.tables]
        kind = self.plant
        if kind == "empty_without_note":
            empties = [k for k in keys if build(k, self.acc, "万元", False).empty]
            if not empties:
                kind = "missing_table"
            else:
                self.unnoted_table = self.rng.choice(empties)
        if kind == "missing_table":
            self.missing_table = self.rng.choice(keys)
        if kind == "missing_section":
            present = [k for k in REMOVABLE if k in self._section_keys()]
            self.removed_section = self.rng.choice(present)
        if kind:
            key = self.unnoted_table or self.missing_table or self.removed_section
            self.planted.append({"kind": kind, "key": key})

    def _section_keys(self) -> list[str]:
        keys: list[str] = []

        def walk(items: tuple[Item, ...]) -> None:
            for item in items:
                if item.key:
                    keys.append(item.key)
                walk(item.children)

        for part in self.family.parts:
            if part.key:
                keys.append(part.key)
            walk(part.items)
        return keys

    # --- composition --------------------------------------------------------------------
    def compose(self) -> Composition:
        self._choose_plant()
        lay = self.layout
        fonts = Fonts(
            body=lay.body_font, heading=lay.body_font, table=lay.table_font, table_pt=lay.table_pt
        )
        page = PageSetup(lay.page_size, lay.margin_cm, lay.footer)
        self.writers = {"main": Writer(page, fonts)}
        if self.family.tables_attached:
            self.writers["tables"] = Writer(page, fonts)
        self._prepare_tables()
        w = self.writers["main"]
        kind = {"department": "部门决算", "unit": "单位决算", "own_office": "部门决算"}[self.level]
        owner = self.department + ("本级" if self.level == "own_office" else "")
        self.title = f"{owner}{self.year}年度{kind}"
        if self.family_id == "chongqing":
            self.title = f"{owner}{self.year}年度{kind}公开说明"
        w.paragraph(self.title, "Title")
        w.paragraph(f"{self.year + 1}年{self.rng.randint(6, 9)}月", "Title")
        self._probe("main", "heading", "cover", self.title)
        if lay.toc != "none":
            self._toc(w)  # on its own page(s), after the cover
        for n, part in enumerate(self.family.parts, 1):
            self._part(w, n, part)
        if "tables" in self.writers:
            tw = self.writers["tables"]
            head = f"{self.department}{self.year}年度部门决算公开表"
            tw.paragraph(head, "Title")
            self._probe("tables", "heading", "cover", head)
            self._tables(tw, "tables")
        truth = self._truth()
        return Composition(
            self.doc_id,
            self.family_id,
            {role: wr.document() for role, wr in self.writers.items()},
            truth,
            self.probes,
        )

    def _probe(self, file: str, kind: str, ref: str, text: str) -> None:
        self.probes.append(Probe(file, kind, ref, compact(text)))

    # headings -------------------------------------------------------------------------
    def _part_heading(self, n: int, part: Part) -> str:
        """The part's heading, drawn once: the 目录 and the body print the same words."""
        if ("part", n) not in self._headings:
            text = part.heading.format(org=self.org, year=self.year)
            if not self.family.numbered_parts:
                text = f"{cn(n)}、{text}"
            else:
                text = f"第{cn(n)}部分{self.rng.choice((' ', '　', '：', ''))}{text}"
            self._headings[("part", n)] = text
        return self._headings[("part", n)]

    def _item_heading(self, item: Item, n: int, depth: int, where: tuple[int, ...]) -> str:
        if where not in self._headings:
            word = item.heading or self.family.headings[item.key or ""][0]
            word = word.format(org=self.org, year=self.year)
            if depth == 0 and self.family.numbered_parts:
                text = f"{cn(n)}、{word}"
            else:
                text = f"（{cn(n)}）{word}" if self.rng.random() < 0.7 else f"({cn(n)}){word}"
            self._headings[where] = text
        return self._headings[where]

    def _toc(self, w: Writer) -> None:
        w.page_break()
        w.paragraph("目  录", "TocHead")
        self._probe("main", "toc", "toc", "目录")
        estimate = 3
        for n, part in enumerate(self.family.parts, 1):
            if part.key and part.key == self.removed_section:
                continue
            self._toc_line(w, self._part_heading(n, part), f"p{n}", estimate)
            if part.role == "tables":
                if self.family.toc_lists_tables:
                    for t in self.tables:
                        if t.file == "main":
                            mark = f"t_{t.key}" if t.present else None
                            self._toc_line(w, t.title.replace("\n", ""), mark, estimate)
                            t.listed_in_toc = True
                            estimate += 1
                continue
            shown = 0
            for i, item in enumerate(part.items):
                if item.key and item.key == self.removed_section:
                    continue
                shown += 1
                where = (n, i)
                self._toc_line(w, self._item_heading(item, shown, 0, where), _mark(where), estimate)
            estimate += max(1, len(part.items) // 3)
        w.page_break()

    def _toc_line(self, w: Writer, text: str, bookmark: str | None, estimate: int) -> None:
        style = self.layout.toc
        if style == "residue" and self.rng.random() < 0.6:
            # Word's field code left in the text, as when a 目录 was pasted as plain text
            w.toc_line(f"{text} PAGEREF _Toc{self.rng.randint(10000, 99999)} h", bookmark, estimate)
        elif style == "dots":
            w.toc_line(text, bookmark, estimate, leader="…" * self.rng.randint(8, 20))
        elif style == "glued":  # no leader: the page number runs into the entry
            w.toc_line(text, bookmark, estimate, leader="")
        else:
            w.toc_line(text, bookmark, estimate)
        self._probe("main", "toc", "toc", text)

    def _part(self, w: Writer, n: int, part: Part) -> None:
        if part.key and part.key == self.removed_section:
            return
        heading = self._part_heading(n, part)
        first = n == 1
        w.paragraph(
            heading,
            "Part",
            break_before=(first and self.layout.toc == "none")
            or part.role in ("tables", "glossary")
            or (not first and self.rng.random() < 0.5),
            bookmark=f"p{n}",
        )
        self._probe("main", "heading", f"part:{n}", heading)
        if part.key:
            self.sections.append({"key": part.key, "heading": heading})
        if part.role == "tables":
            if "tables" in self.writers:
                w.paragraph(f"{self.department}{self.year}年度部门决算公开表详见附件。")
                return
            self._tables(w, "main")
            return
        if part.key and not part.items:
            for text in self._section_text(part.key, heading):
                w.paragraph(text)
        elif not part.items:
            for text in self.prose.section(None, heading):
                w.paragraph(text)
        self._items(w, part.items, 0, (n,))

    def _items(self, w: Writer, items: tuple[Item, ...], depth: int, at: tuple[int, ...]) -> None:
        shown = 0
        for i, item in enumerate(items):
            if item.key and item.key == self.removed_section:
                continue
            shown += 1
            where = (*at, i)
            heading = self._item_heading(item, shown, depth, where)
            w.paragraph(
                heading, "H1" if depth == 0 else "H2", keep_next=True, bookmark=_mark(where)
            )
            self._probe("main", "heading", f"item:{item.key}", heading)
            if item.key:
                self.sections.append({"key": item.key, "heading": heading})
            if not item.children:
                for text in self._section_text(item.key, heading):
                    w.paragraph(text)
            self._items(w, item.children, depth + 1, where)

    def _section_text(self, key: str | None, heading: str) -> list[str]:
        paragraphs = list(self.prose.section(key, heading))
        if key in self.notes_in_text:
            paragraphs[-1] += self.notes_in_text[key]
        return paragraphs

    # tables ---------------------------------------------------------------------------
    def _prepare_tables(self) -> None:
        lay, r = self.layout, self.rng
        file = "tables" if self.family.tables_attached else "main"
        for i, spec in enumerate(self.family.tables, 1):
            unit = (
                lay.unit
                if lay.unit != "mixed"
                else ("元" if i <= 6 and r.random() < 0.5 else "万元")
            )
            grid = build(
                spec.key,
                self.acc,
                unit,
                thousands=unit == "元" or r.random() < 0.3,
                wide_three=r.random() < 0.3,
            )
            self.grids[spec.key] = grid
            name = r.choice(spec.names) if r.random() < 0.3 else spec.names[0]
            title, two_line, truncated, artifact = self._title(i, name)
            t = TableTruth(
                key=spec.key,
                name=name,
                title=title,
                file=file,
                empty=grid.empty,
                unit=unit,
                position=lay.title_position,
                two_line=two_line,
                truncated=truncated,
                artifact=artifact,
                repeat_header=lay.repeat_header,
                rows=len(grid.body),
                header=grid.header[0],
                rules=lay.rules
                if lay.rules != "mixed"
                else r.choice(("full", "three_line", "none")),
                cells=[asdict(c) for c in grid.cells],
            )
            t.landscape = lay.landscape_wide and len(grid.header[-1]) >= 7
            if spec.key == self.missing_table:
                t.present = False
            self.tables.append(t)
        self._signatures()
        for t in self.tables:
            if not t.empty or not t.present:
                continue
            if t.key == self.unnoted_table:
                continue
            note = f"{self.year}年度本{self.org}无{self._subject(t.key)}，故本表为空表。"
            if self.family.empty_note == "tianjin":
                t.note_place, t.note = "item", note
            elif t.key in ("table_07", "table_08") and r.random() < 0.4:
                section = "gov_fund" if t.key == "table_07" else "state_capital"
                t.note_place = "text"
                t.note = f"故《{t.name}》为空表。"
                self.notes_in_text[section] = t.note
            else:
                t.note_place = "under"
                t.note = r.choice((f"注：{note}", "注：本表无数据。", f"说明：{note}"))

    def _subject(self, key: str) -> str:
        return {
            "table_07": "政府性基金预算财政拨款收入、支出和结转结余",
            "table_08": "国有资本经营预算财政拨款收入、支出和结转结余",
            "state_capital_expenditure": "国有资本经营预算财政拨款支出",
            "gov_fund_basic": "政府性基金预算财政拨款基本支出",
        }.get(key, "相关收支")

    def _signatures(self) -> None:
        """Body cells (amounts) each grid prints and no other grid of the document does."""
        seen: dict[str, int] = {}
        for t in self.tables:
            for cell in {c for row in self.grids[t.key].body for c in row if _amount(c)}:
                seen[cell] = seen.get(cell, 0) + 1
        for t in self.tables:
            cells = sorted(
                {
                    c
                    for row in self.grids[t.key].body
                    for c in row
                    if _amount(c) and seen[c] == 1 and c not in ("0.00",)
                }
            )
            t.signature = cells[:4]

    def _title(self, i: int, name: str) -> tuple[str, bool, bool, str | None]:
        lay, r = self.layout, self.rng
        truncated = False
        if r.random() < 0.05 and name.endswith("表"):
            name = name[:-1] if r.random() < 0.5 else name[:-3]
            truncated = True
        numbering = "一、" if lay.artifact == "dropped_char" else lay.numbering
        label = {
            "表1": f"表{i}",
            "表一": f"表{cn(i)}",
            "表一：": f"表{cn(i)}：",
            "一、": f"{cn(i)}、",
            "none": "",
        }[numbering]
        if lay.year_in_title:
            name = f"{self.year}年度{name}"
        sep = r.choice((" ", "")) if label.startswith("表") and not label.endswith("：") else ""
        title = f"{label}{sep}{name}"
        artifact = None
        if lay.artifact == "traditional":
            title, artifact = traditional(title), "traditional"
        elif lay.artifact == "dropped_char" and r.random() < 0.4:
            title, artifact = drop_after_comma(title), "dropped_char"
        two_line = False
        if len(name) > 14 and r.random() < 0.12:
            cut = len(title) - len(name) + r.randint(6, len(name) - 5)
            title = title[:cut] + "\n" + title[cut:]
            two_line = True
        return title, two_line, truncated, artifact

    def _tables(self, w: Writer, file: str) -> None:
        lay, r = self.layout, self.rng
        if lay.list_tables_in_body and file == "main":
            for t in self.tables:
                w.paragraph(f"{t.title.replace(chr(10), '')}", "Body")
                self._probe(file, "list", t.key, t.title)
        master = "Standard"
        first = True
        for _idx, t in enumerate(self.tables):
            if t.file != file:
                continue
            if not t.present:
                continue
            grid = self.grids[t.key]
            big = len(grid.body) > 8
            new_page = first or big or r.random() < lay.new_page_per_table
            first = False
            want_master = "Landscape" if t.landscape else "Standard"
            switch = want_master != master
            orphan = (
                not switch
                and not new_page
                and t.position == "above"
                and r.random() < lay.orphan_rate * 2
            )
            if not orphan and not switch and t.position == "above" and r.random() < lay.orphan_rate:
                # follows the previous grid and breaks to the next page before its own
                new_page, orphan = False, True
            t.orphan = orphan
            title_style = dict(
                break_before=new_page and not switch, master=want_master if switch else None
            )
            master = want_master
            unit_line = r.choice(
                (
                    f"单位：{t.unit}",
                    f"金额单位：{t.unit}",
                    f"编制单位：{self.department}　　　单位：{t.unit}",
                )
            )
            body = grid.body
            split_at = 0
            if len(body) >= 6 and r.random() < lay.split_rate:
                split_at = r.randint(2, len(body) - 2)
                t.split = True
            if t.position == "above":
                w.paragraph(
                    t.title,
                    "TableTitle",
                    keep_next=not orphan,
                    bookmark=f"t_{t.key}",
                    **title_style,  # type: ignore[arg-type]
                )
                self._probe(file, "title", t.key, t.title)
                w.paragraph(unit_line, "TableUnit", break_before=orphan)
                title_style = {}
            else:
                w.paragraph(unit_line, "TableUnit", **title_style)  # type: ignore[arg-type]
            self._probe(file, "grid_start", t.key, "".join(grid.header[0][:2]))
            parts = [body[:split_at], body[split_at:]] if split_at else [body]
            for k, rows in enumerate(parts):
                w.table(
                    grid.header if (k == 0 or t.repeat_header) else [],
                    rows,
                    grid.widths,
                    landscape=t.landscape,
                    rules=t.rules,
                    repeat_header=t.repeat_header,
                    break_before=k > 0,
                    keep_together=not new_page and not orphan and len(body) < 15,
                )
            self._probe(file, "grid_end", t.key, "".join(c for c in body[-1] if c)[:40])
            if t.position == "below":
                w.paragraph(t.title, "TableTitle", bookmark=f"t_{t.key}")
                self._probe(file, "title", t.key, t.title)
            if t.note_place == "under" and t.note:
                w.paragraph(t.note, "Note")
            elif not t.empty and r.random() < 0.15:
                w.paragraph("注：本表反映本年度的总体收支情况。", "Note")
        if master != "Standard":
            w.paragraph("", "Body", master="Standard")
        for name in self.family.text_items:
            n = len(self.family.tables) + 1
            if name == "关于空表的说明":
                heading = f"{cn(n)}、{name}"
                w.paragraph(heading, "TableTitle", break_before=r.random() < 0.5)
                self._probe(file, "heading", "item:empty_note", heading)
                noted = [t for t in self.tables if t.note_place == "item"]
                if noted:
                    listed = "、".join(f"《{t.name}》" for t in noted)
                    w.paragraph(
                        f"{self.year}年度本{self.org}{listed}为空表，本{self.org}无相关收支。"
                    )
                else:
                    w.paragraph(f"本{self.org}{self.year}年度无空表。")
            else:
                heading = f"{cn(n)}、{name}"
                w.paragraph(heading, "TableTitle", break_before=True)
                self._probe(file, "heading", "item:text", heading)
                w.paragraph(f"本{self.org}{self.year}年度整体支出绩效自评得分95分，评价等级为优。")

    # truth ----------------------------------------------------------------------------
    def _truth(self) -> dict[str, Any]:
        files = {"main": f"{self.doc_id}.pdf"}
        if "tables" in self.writers:
            files["tables"] = f"{self.doc_id}_tables.pdf"
        return {
            "doc_id": self.doc_id,
            "family": self.family_id,
            "family_variant": self.variant,
            "level": self.level,
            "department": self.department,
            "region": self.region,
            "fiscal_year": self.year,
            "title": self.title,
            "files": files,
            "layout": asdict(self.layout),
            "sections": self.sections,
            "tables": [asdict(t) for t in self.tables],
            "headline": self.acc.headline(),
            "planted": self.planted,
        }


def _mark(where: tuple[int, ...]) -> str:
    return "s" + "_".join(map(str, where))


def _amount(text: str) -> bool:
    stripped = text.replace(",", "").replace(".", "")
    return bool(stripped) and stripped.isdigit() and "." in text


def compose(family_id: str, index: int, seed: int, plant: str | None = None) -> Composition:
    return Composer(family_id, index, seed, plant).compose()


def plan(family_id: str, count: int, seed: int) -> list[str | None]:
    """Which documents get a planted problem: a fifth, kinds in turn, fixed by the seed."""
    rng = random.Random(f"{seed}:{family_id}:plan")
    planted = set(rng.sample(range(count), max(1, round(count / 5)))) if count >= 3 else set()
    kinds: list[str | None] = []
    turn = 0
    for index in range(count):
        if index in planted:
            kinds.append(PLANTS[turn % len(PLANTS)])
            turn += 1
        else:
            kinds.append(None)
    return kinds


__all__ = ["Composition", "TableSpec", "compose", "plan"]
