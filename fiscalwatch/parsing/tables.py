"""The nine standard tables: found by title, their rows stitched across pages, empty
ones recognised by their note, and their figures read by row label or column header."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache

from fiscalwatch.budget_template import is_budget_title
from fiscalwatch.models import Figure, Table
from fiscalwatch.parsing.layout import FOLIO, FOLIO_TEXT, Line, TextIndex, strip_number
from fiscalwatch.parsing.normalize import normalize_line, normalize_text
from fiscalwatch.parsing.readers.base import RawTable, Source
from fiscalwatch.parsing.sections import Heading, body_start
from fiscalwatch.parsing.table_figures import (
    Cells,
    has_data,
    header_rows,
    is_number,
    table_figures,
    unit_of,
)
from fiscalwatch.parsing.table_layout import (
    Assignment,
    Grid,
    Marker,
    assign,
    sequence,
    untitled,
)
from fiscalwatch.template import (
    ALL_TABLES,
    EMPTY_CELL,
    disambiguate,
    empty_table_notes,
    short_title_key,
    table_key,
    table_key_in,
    table_key_match,
    truncated_title_key,
)

# Performance self-evaluation tables: not among the nine, handed on as key "other" for
# fiscalwatch.performance (which reads their indicator rows).
OTHER = "other"
EVALUATION_WORD = "绩效自评表"
_YEAR_OR_NUMBER = re.compile(r"^(?:附?表\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})[:：、.]?)?\s*")
_EVALUATION_TITLE = re.compile(r"^(?:\d{4}年度?)?(?:部门整体支出|项目支出)绩效自评表")
_EVALUATION_CUT = re.compile(
    r"(?:\d{4}年度?)?(?:部门整体支出|项目支出|(?P<lost>门整体支出|目支出))绩效(?:自评表?)?"
)
# Titles handled as self-evaluations, not among the tables read here.
_EVALUATION_KEYS = frozenset({"performance_overall", "performance_project"})
_SPACES = re.compile(r"\s+")
_UNIT = re.compile(r"^(?:金额)?单位[:：]")
_NOTE = re.compile(r"^注|^说明[:：]")
# What a title's line broke off: "(按功能分类列示" / ")", a note's lone "。".
_TITLE_TAIL = re.compile(r"^(?:[(（][^()（）]{0,12}[)）]?|[)）]|[。.])$")
_UNIT_AT_END = re.compile(r"单位[:：]\s*(?:万|千|亿)?元$")
_TABLE_NUMBER = re.compile(r"^附?表\s*[\d一二三四五六七八九十]")
_NOT_TITLE_TEXT = re.compile(r"[。;，,]|\d+\.\d{2}")  # sentence punctuation, an amount
NUMBERED_SHARE = 0.5  # of its name a title numbered 表N, its unit under it, must keep
MAX_TITLE = 50
UNIT_LINES = 8  # lines after a title searched for its unit ("单位：元")
MAX_HEAD = 24  # characters above a grid that runs on from the page before (its unit line)


@dataclass
class _Part:
    key: str
    title: str
    page: int | None
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (page, cells)
    page_end: int | None = None
    note: str | None = None
    unit: str = "万元"  # as the table states it; its figures are converted to 万元
    found: bool = True  # its grid was found (False: only its title, rows from the text)
    sure: bool = True  # False: a grid whose words name the table, its title not found


class TableReader:
    def __init__(self, index: TextIndex, headings: list[Heading], source: Source) -> None:
        self.index = index
        self.source = source
        self.heading_pages = {h.line.page for h in headings if h.key and h.key != "tables"}
        # Lines starting a section other than the 绩效 one: a self-evaluation table ends there.
        self.section_lines = {
            h.line.index: h.line.page for h in headings if h.key not in (None, "performance")
        }
        self.title_pages: set[int] = set()
        self.used: set[tuple[int, int]] = set()  # (page, grid) taken by the nine tables
        self.heading_lines = {h.line.index for h in headings}
        # Headings that end a table's run of grids: any known part but the tables part.
        self.barrier_lines = {h.line.index for h in headings if h.key not in (None, "tables")}
        self.tables: list[Table] = []
        self.figures: list[Figure] = []
        self.titles_below = False  # the document prints its tables' titles under the grids

    def read(self) -> tuple[list[Table], list[Figure]]:
        parts = self._from_titles() if self.source.format == "pdf" else self._from_raw_tables()
        by_key: dict[str, _Part] = {}
        for part in parts:
            # The first appearance with amounts wins; before one, the first with rows (a
            # title listed in the text before the tables has none).
            known = by_key.get(part.key)
            if known is None or _rank(part) > _rank(known):
                by_key[part.key] = part
        for key, note, page in self._text_notes(by_key):
            if key in by_key:
                by_key[key].note = by_key[key].note or note
            else:
                by_key[key] = _Part(
                    key=key, title=ALL_TABLES[key], page=page, note=note, found=False
                )
        for part in sorted(by_key.values(), key=lambda p: p.key):
            rows = [cells for _, cells in part.rows]
            status = _status(part, rows)
            empty = status == "empty"
            self.tables.append(
                Table(
                    key=part.key,
                    title=part.title,
                    page=part.page,
                    page_end=part.page_end or part.page,
                    rows=rows,
                    empty=empty,
                    note=part.note if (empty or part.note) else None,
                    status=status,
                )
            )
            if status == "parsed":
                cells = Cells(
                    part.key, part.rows, part.unit, own_budget=is_budget_title(part.title)
                )
                self.figures.extend(table_figures(cells))
        if self.source.format == "pdf":
            self.tables.extend(self._evaluation_tables())
            self.tables.extend(self._unread_evaluations())
        return self.tables, self.figures

    # -- PDFs: titles on pages, rows from the ruled grid or the text ------------------

    def _from_titles(self) -> list[_Part]:
        lines = self.index.lines
        start = body_start(lines)
        markers = self._markers(start)
        titles = [m for m in markers if m.kind == "title"]
        for marker, key in zip(
            titles, disambiguate([(m.key, m.text) for m in titles]), strict=True
        ):
            marker.key = key
        self.title_pages = {m.page for m in titles}
        items = sequence(markers, self.source, self._grid_pages(markers), _clean_rows)
        # The markers kept in reading order (a row label that read like a title is not).
        placed = [item for item in items if isinstance(item, Marker)]
        parts: list[_Part] = []
        assignments = assign(items)
        self.titles_below = any(assignment.below for assignment in assignments)
        for assignment in assignments:
            marker = assignment.marker
            if marker.kind != "title":
                continue
            part = self._part(assignment, placed)
            previous = parts[-1] if parts else None
            if previous and previous.key == part.key and _continues(marker, part):
                previous.rows = _stitch(previous.rows, part.rows)
                previous.page_end = part.page_end or part.page
                continue
            parts.append(part)
        titled = {part.key for part in parts}
        for key, grids in untitled(items, assignments):
            if key in titled:
                continue
            titled.add(key)
            part = _Part(key=key, title=ALL_TABLES[key], page=grids[0].page, sure=False)
            for grid in grids:
                self.used.add((grid.page, grid.slot))
                rows = [(grid.page, row) for row in grid.clean]
                part.rows = _stitch(part.rows, rows) if part.rows else rows
            part.page_end = grids[-1].page
            parts.append(part)
        return parts

    def _markers(self, start: int) -> list[Marker]:
        """Table titles (two-line and truncated ones joined), self-evaluation titles and
        section headings of the body, in order."""
        lines = self.index.lines
        evaluations = {
            line.index: printed
            for line, found, printed in self._evaluation_titles(lines[start:])
            if found
        }
        markers: list[Marker] = []
        skip = -1
        for line in lines[start:]:
            if line.index <= skip:
                continue
            found = _title_at(lines, line.index)
            if found:
                key, text, last = found
                if self._is_real_title(lines[last], line):
                    truncated = table_key(text) is None
                    markers.append(Marker("title", key, text, line.page, line.index, truncated))
                    skip = last
                    continue
            if line.index in evaluations:
                text = evaluations[line.index]
                markers.append(Marker("evaluation", OTHER, text, line.page, line.index))
            elif line.index in self.barrier_lines:
                markers.append(Marker("heading", "", line.text, line.page, line.index))
        return markers

    def _grid_pages(self, markers: list[Marker]) -> list[int]:
        """Pages whose grids are read: those with a table or self-evaluation title, and
        the ruled pages that follow a page holding a grid or ending with a title."""
        titled = {m.page for m in markers if m.kind != "heading"}
        if not titled:
            return []
        last_marker = {m.page: m for m in markers}
        pages: list[int] = []
        running = False
        for page in range(min(titled), len(self.source.pages) + 1):
            if page not in titled and not (running and self._has_grid(page)):
                running = False
                continue
            pages.append(page)
            ends_with_title = page in last_marker and last_marker[page].kind != "heading"
            running = self._has_grid(page) or ends_with_title
        return pages

    def _has_grid(self, page: int) -> bool:
        ruled = self.source.is_ruled(page) and bool(self.source.tables_on(page))
        return ruled or bool(self.source.text_tables_on(page))

    def _part(self, assignment: Assignment, markers: list[Marker]) -> _Part:
        marker, grids = assignment.marker, assignment.grids
        part = _Part(key=marker.key, title=marker.text, page=marker.page)
        following = self._lines_after(marker, markers, grids)
        if assignment.below:  # its unit above the grid, its note between grid and title
            following = self._lines_before(marker, markers, grids) + following
        # The unit line under the title, or (an orphaned title, a page footer between)
        # at the top of the grid's page, or in the grid's first rows.
        part.unit = unit_of([ln.text for ln in following[:UNIT_LINES]])
        if grids:
            title = _SPACES.sub("", marker.text)
            for grid in grids:
                self.used.add((grid.page, grid.slot))
                rows = [
                    (grid.page, row)
                    for row in grid.clean
                    if title not in _SPACES.sub("", "".join(row))  # a title inside its grid
                ]
                part.rows = _stitch(part.rows, rows) if part.rows else rows
            part.page_end = grids[-1].page
        else:
            part.rows = _text_rows(following, self.heading_lines)
            part.found = False
        if part.unit == "万元" and part.rows:
            part.unit = unit_of([" ".join(cells) for _, cells in part.rows[:3]])
        part.note = _note(following)
        return part

    def _lines_before(self, marker: Marker, markers: list[Marker], grids: list[Grid]) -> list[Line]:
        lines = self.index.lines
        earlier = [m.line for m in markers if m.line < marker.line]
        first_page = grids[0].page if grids else marker.page
        start = max(earlier) + 1 if earlier else 0
        return [ln for ln in lines[start : marker.line] if ln.page >= first_page][-80:]

    def _lines_after(self, marker: Marker, markers: list[Marker], grids: list[Grid]) -> list[Line]:
        """The lines after a title up to the next marker, on its page and the pages its
        grids reach (or the next page, when the title ends its page)."""
        lines = self.index.lines
        later = [m.line for m in markers if m.line > marker.line]
        stop = min(later) if later else len(lines)
        last_page = grids[-1].page if grids else marker.page
        following = [ln for ln in lines[marker.line + 1 : stop] if ln.page <= last_page]
        if not grids and not following:
            following = [ln for ln in lines[marker.line + 1 : stop] if ln.page == marker.page + 1]
        return following[:80]

    def _unread_evaluations(self) -> list[Table]:
        """A 绩效自评表 titled in the body whose grid was not read (not ruled): present,
        and unsure (status ``unparsed``), never taken for missing."""
        read = {table_key(t.title) for t in self.tables if t.key == OTHER}
        found: dict[str, Table] = {}
        for line in self.index.lines[body_start(self.index.lines) :]:
            title = _evaluation_title(line)
            key = table_key(title) if title else None
            if key and key not in read and key not in found and not self._listed(line, line):
                found[key] = Table(key=key, title=title or "", page=line.page, status="unparsed")
        return list(found.values())

    def _evaluation_tables(self) -> list[Table]:
        """The grids of pages naming a 绩效自评表, and of the ruled pages that follow one
        without a new title (the table runs on; a section starting further down that
        page leaves it its first grid): one ``Table`` per grid and page, cells as
        pdfplumber gives them (rebuilt from the text where the grid is not ruled). Each
        grid takes the last title printed above it on its page, else the title still
        open from the page before. Only these pages are searched, so a document without
        self-evaluations costs nothing more."""
        lines = self.index.lines[body_start(self.index.lines) :]
        named = {line.page for line in lines if EVALUATION_WORD in line.text}
        if not named:
            return []
        titles: dict[int, list[tuple[str, str]]] = {}  # page -> (line as printed, title)
        first_line: dict[int, int] = {}
        for line, found, printed in self._evaluation_titles(lines):
            first_line.setdefault(line.page, line.index)
            if found and not self._listed(line, line):
                titles.setdefault(line.page, []).append((printed, found))
        named |= set(titles)  # with a title cut short ("十三、部门整体支出绩效自评")
        sections = set(self.section_lines.values())
        opens_section = {page for page, index in first_line.items() if index in self.section_lines}
        tables: list[Table] = []
        title = EVALUATION_WORD
        running = False
        for page in range(min(named), len(self.source.pages) + 1):
            continues = running and page not in self.title_pages and page not in opens_section
            if page not in named and not continues:
                running = False
                continue
            grids = self._evaluation_grids(page, titled=page in titles)
            if page not in named and page in sections:
                grids = grids[:1]  # the end of the table, above the next section
            # A title at the foot of a page with its grid on the next one (Word keeps
            # the heading, the table breaks): the run goes on past the gridless page.
            running = bool(grids) or page in titles
            for raw in grids:
                rows = [[cell or "" for cell in row] for row in raw.rows]
                empty = not any(cell for row in rows for cell in row)
                tables.append(
                    Table(
                        key=OTHER,
                        title=self._grid_title(raw, titles.get(page, []), title),
                        page=page,
                        page_end=page,
                        rows=rows,
                        empty=empty,
                    )
                )
            if page in titles:
                title = titles[page][-1][1]
        return tables

    def _evaluation_titles(self, lines: list[Line]) -> list[tuple[Line, str | None, str]]:
        """Each line with the self-evaluation title it starts (a title wrapped onto the
        next line, "表142021年度项目支" / "出绩效自评表", joined) and that title as printed."""
        out: list[tuple[Line, str | None, str]] = []
        skip = -1
        for position, line in enumerate(lines):
            if line.index <= skip:
                out.append((line, None, line.text))
                continue
            found = _evaluation_title(line)
            following = lines[position + 1] if position + 1 < len(lines) else None
            if (
                found is None
                and following is not None
                and following.page == line.page
                and _may_title(line.text)
                and _evaluation_title(following) is None
            ):
                found = _evaluation_name(line.text + following.text)
                if found:
                    skip = following.index
                    out.append((line, found, line.text + following.text))
                    continue
            out.append((line, found, line.text))
        return out

    def _evaluation_grids(self, page: int, titled: bool) -> list[RawTable]:
        """The page's grids not taken by another table: ruled ones, or those rebuilt
        from the text on a page with a self-evaluation title or whose text grid opens
        the page (a table running on; prose above would be the document going on)."""
        raws = self.source.tables_on(page, pdfplumber_style=True)
        if not raws:
            raws = self.source.text_tables_on(page)
            opens = bool(raws) and raws[0].top is not None
            head = self.source.text_between(page, 0.0, raws[0].top or 0.0) if opens else ""
            if not titled and not (opens and len(_compact(head)) <= MAX_HEAD):
                raws = []
        return [raw for slot, raw in enumerate(raws) if (page, slot) not in self.used]

    def _grid_title(self, raw: RawTable, titles: list[tuple[str, str]], current: str) -> str:
        """The last of the page's self-evaluation titles printed above the grid (the
        first printed under it, in a document that prints titles under their grids)."""
        if not titles:
            return current
        if raw.top is None or raw.bottom is None:
            return titles[0][1]
        if self.titles_below:
            under = _compact(self.source.text_between(raw.page, raw.bottom, 10_000.0))
            printed = [title for text, title in titles if _compact(text) in under]
            return printed[0] if printed else current
        above = _compact(self.source.text_between(raw.page, 0.0, raw.top))
        printed = [title for text, title in titles if _compact(text) in above]
        return printed[-1] if printed else current

    def _is_real_title(self, last: Line, first: Line) -> bool:
        """A title, not an entry of a list of the tables: a table or its unit follows."""
        following = [
            ln
            for ln in self.index.lines[last.index + 1 : last.index + 5]
            # A table's note ("注：本表反映…", "说明：…故本表为空表。") under a title printed
            # below its grid.
            if ln.page == last.page
            and not FOLIO.match(ln.text)
            and not _NOTE.match(ln.text)
            and not _TITLE_TAIL.match(ln.text)
        ]
        ruled = self.source.is_ruled(first.page)
        if following and _title_at(self.index.lines, following[0].index) and not ruled:
            return False
        if self._listed(first, last):
            return False
        if ruled or not following:
            return True  # a grid on its page, or the title ends its page (grid on the next)
        if following[0].index in self.heading_lines and self._has_grid(first.page):
            return True  # under its grid, the last table before the text's next part
        return any(re.search(r"单位[:：]|^项目|^科目|^收入|编制单位", ln.text) for ln in following)

    def _listed(self, first: Line, last: Line) -> bool:
        """An entry of a list of the tables on a page without a grid (the tables part
        opening with its list): the next line names a table too; or, at the page's
        foot, the line before does and either the next page opens with a title of its
        own or no line above on the page names this table (an orphaned title after the
        list repeats one of its entries, its grid on the next page)."""
        if self._has_grid(first.page):
            return False
        lines = self.index.lines
        after = next((ln for ln in lines[last.index + 1 :] if not FOLIO.match(ln.text)), None)
        if after is not None and after.page == first.page:
            return _names_table(after.text)
        page_lines = [ln for ln in lines[: first.index] if ln.page == first.page]
        if not page_lines:
            return False
        before = page_lines[-1].text
        wrapped = page_lines[-2].text + before if len(page_lines) > 1 else before
        if _named_table(before) is None and _named_table(wrapped) is None:
            return False
        above = {_named_table(ln.text) for ln in page_lines}
        opens_with_title = after is not None and _names_table(after.text)
        own = _named_table(first.text if first is last else first.text + last.text)
        return opens_with_title or own not in above

    # -- other formats: each table with its caption -------------------------------------

    def _from_raw_tables(self) -> list[_Part]:
        parts: list[_Part] = []
        for raw in sorted(self.source.tables, key=lambda t: (t.page, t.order)):
            head = " ".join(" ".join(c or "" for c in row) for row in raw.rows[:2])
            key = table_key_in(head) or table_key_in(raw.title)
            if not key:
                continue
            part = _Part(key=key, title=ALL_TABLES[key], page=raw.page)
            part.rows = [(raw.page, row) for row in _clean_rows(raw.rows)]
            context = raw.title + " " + head
            part.unit = unit_of([normalize_text(context)])
            notes = [" ".join(row) for _, row in part.rows if EMPTY_CELL.search(" ".join(row))]
            part.note = notes[0] if notes else None
            if parts and parts[-1].key == key and not header_rows([r for _, r in part.rows]):
                parts[-1].rows = _stitch(parts[-1].rows, part.rows)  # a table split in two
                continue
            parts.append(part)
        return parts

    def _text_notes(self, keys: Collection[str]) -> list[tuple[str, str, int | None]]:
        """ "…政府性基金预算财政拨款收入支出决算表为空表" in the text publishes that table empty
        (``keys``: the tables found, which tell the 国有资本 ones apart)."""
        found = []
        flow = self.index.flow
        for mark in _EMPTY_MARK.finditer(flow):  # "…》为" / "- 4 -" / "空表。" too
            position = mark.start()
            end = min(
                (p for p in (flow.find(s, mark.end()) for s in ("。", "\n")) if p >= 0),
                default=len(flow),
            )
            sentence = _sentence_to(flow, position) + "为空表"
            note = (sentence + flow[mark.end() : end + 1]).strip()
            for key in empty_table_notes(sentence, keys):  # the checks read notes by this rule too
                found.append((key, note, self.index.page_at(position)))
        return found


# "为空表", also with a page break and its page numbers between 为 and 空表.
_EMPTY_MARK = re.compile(rf"为(?:\n{FOLIO_TEXT})*\n?空表")


def _compact(text: str) -> str:
    return _SPACES.sub("", normalize_text(text))


def _sentence_to(flow: str, position: int) -> str:
    """The sentence ending at ``position``, with a page break inside it closed up:
    "故《国有资" / "- 20 -" / "本经营预算…》为空表" is one sentence."""
    start = max(flow.rfind(stop, 0, position) for stop in ("。", "\n")) + 1
    pieces = [flow[start:position]]
    while start > 1 and flow[start - 1] == "\n":
        folio_start = flow.rfind("\n", 0, start - 1) + 1
        if folio_start == 0 or not FOLIO.match(flow[folio_start : start - 1]):
            break
        before = max(flow.rfind(stop, 0, folio_start - 1) for stop in ("。", "\n")) + 1
        if before >= folio_start - 1:  # the page ended with its sentence
            break
        pieces.insert(0, flow[before : folio_start - 1])
        start = before
    return "".join(pieces)


def _evaluation_title(line: Line) -> str | None:
    return _evaluation_name(line.text)


def _evaluation_name(printed: str) -> str | None:
    """ "项目支出绩效自评表" from a line that is that title ("附件2 项目支出绩效自评表",
    "表13 部门整体支出绩效自评表", "十四、2024年度项目支出绩效自评表")."""
    if len(printed) > MAX_TITLE or "《" in printed or "效" not in printed:
        return None  # every name it reads holds 绩效: most lines stop here
    number, text = strip_number(printed)
    if not number:  # "表十四项目支出绩效": a table's number without a separator
        numbered = _YEAR_OR_NUMBER.match(printed)
        if numbered and numbered.group(0).strip():
            number, text = numbered.group(0).strip(), printed[numbered.end() :]
    match = _EVALUATION_TITLE.match(text) or _EVALUATION_TITLE.match(_YEAR_OR_NUMBER.sub("", text))
    if match:
        return match.group(0)
    # A numbered title cut short ("十三、部门整体支出绩效自评") or that lost the character
    # after its "、" ("十四、目支出绩效自评表"): the whole line is that name and no more.
    cut = _EVALUATION_CUT.fullmatch(_SPACES.sub("", text)) if number else None
    if cut is None or (cut.group("lost") and not number.endswith("、")):
        return None
    return "部门整体支出绩效自评表" if "整体" in cut.group(0) else "项目支出绩效自评表"


@lru_cache(maxsize=8192)  # each line is asked as itself and as its neighbours' next line
def _not_a_title(text: str) -> bool:
    """A reference to a table (《…》, 见附表), a note, or a 第N部分 heading."""
    if len(text) > MAX_TITLE or "《" in text or "见附表" in text or text.startswith("注"):
        return True
    return strip_number(text)[0].startswith("第")


def _names_table(text: str) -> bool:
    """A line that is a table's title (a self-evaluation's too)."""
    return not _not_a_title(text) and table_key(text) is not None


def _named_table(text: str) -> str | None:
    """The table a line's title names, whole or cut short (a self-evaluation too)."""
    if _not_a_title(text):
        return None
    return table_key(text) or truncated_title_key(text)


def _title_line_key(line: Line) -> str | None:
    return _title_text_key(line.text)


@lru_cache(maxsize=8192)
def _title_text_key(text: str) -> str | None:
    if _not_a_title(text):
        return None
    key = table_key(text)  # the name ends the title: its number may stay
    return None if key in _EVALUATION_KEYS else key


def _title_at(lines: list[Line], index: int) -> tuple[str, str, int] | None:
    """(key, title, index of its last line) when a table title starts at ``lines[index]``:
    on that line, wrapped onto the next ("…财政拨款" / "收入支出决算表"), or truncated
    before its 表."""
    line = lines[index]
    if _not_a_title(line.text):
        return None
    following = lines[index + 1] if index + 1 < len(lines) else None
    if following and _not_a_title(following.text):
        following = None
    if following and following.page == line.page and _may_title(line.text):
        joined = line.text + following.text
        found = table_key_match(strip_number(joined)[1]) if len(joined) <= MAX_TITLE else None
        own_key = _title_line_key(line)
        starts_here = found and found[1] < len(_SPACES.sub("", strip_number(line.text)[1]))
        if (
            found
            and starts_here
            and found[0] not in (own_key, *_EVALUATION_KEYS)
            and (own_key is None or not _title_line_key(following))
        ):
            return found[0], joined, following.index
    own = _title_line_key(line)
    if own:
        return own, line.text, index
    if (
        following
        and following.page == line.page
        and _may_title(line.text)
        and strip_number(line.text)[0].endswith("、")
    ):
        # "五、般公共预算财政拨" / "款支出决算表": wrapped, and lost the 一 after its "、"
        # (the second line alone reads as 支出决算表).
        joined_key = table_key(line.text + following.text)
        if (
            joined_key is not None
            and joined_key not in _EVALUATION_KEYS
            and joined_key != _title_line_key(following)
        ):
            return joined_key, line.text + following.text, following.index
    if not _may_title(line.text):
        return None
    key = _truncated_key(line.text)
    if key is None and _unit_follows(lines, index):
        # A few characters left, its unit right under it: "二、收入"; "表十一：政府采购"
        # (numbered as a table, half its name is enough).
        key = short_title_key(line.text)
        if key is None and _TABLE_NUMBER.match(line.text):
            key = truncated_title_key(line.text, share=NUMBERED_SHARE)
            key = None if key in _EVALUATION_KEYS else key
    if following and following.page == line.page and _may_title(following.text):
        cut = _truncated_key(line.text + following.text)
        if cut and not _title_line_key(following) and not _truncated_key(following.text):
            return cut, line.text + following.text, following.index
    return (key, line.text, index) if key else None


def _unit_follows(lines: list[Line], index: int) -> bool:
    """The next line is a unit line ("单位：万元"): under the title, or at the top of the
    next page when the title ends its page (the page's folio between)."""
    for line in lines[index + 1 : index + 4]:
        if line.page == lines[index].page and FOLIO.match(line.text):
            continue
        # "单位：万元", "金额单位：元", "编制单位：XX局　单位：元"
        return bool(_UNIT.search(line.text) or _UNIT_AT_END.search(line.text))
    return False


def _truncated_key(text: str) -> str | None:
    key = truncated_title_key(text)
    return None if key in _EVALUATION_KEYS else key


@lru_cache(maxsize=8192)
def _may_title(text: str) -> bool:
    """Short, no sentence punctuation or amounts: may be (the start of) a title."""
    return len(text) <= MAX_TITLE and not _NOT_TITLE_TEXT.search(text)


def _status(part: _Part, rows: list[list[str]]) -> str:
    """parsed (amounts read), empty (a grid without amounts, or a note saying so), or
    unparsed: neither its grid nor a note was found, or its grid but not its title —
    an uncertainty, not a finding."""
    if not part.sure:
        return "unparsed"
    if has_data(rows):
        return "parsed"
    if part.note or part.found:
        return "empty"
    return "unparsed"


def _rank(part: _Part) -> int:
    rows = [cells for _, cells in part.rows]
    return 2 if has_data(rows) else 1 if rows or part.note else 0


def _continues(marker: Marker, part: _Part) -> bool:
    """A second title of the same table: its continuation ("(续)", or no header)."""
    return "续" in marker.text or not header_rows([cells for _, cells in part.rows])


def _note(page_lines: list[Line]) -> str | None:
    lines = page_lines[:40]
    for position, line in enumerate(lines):
        if line.text.startswith("注:本表反映"):
            continue
        if EMPTY_CELL.search(line.text):
            return line.text
        # "…故本表为" / "空表。": a note wrapped onto the next line.
        following = lines[position + 1] if position + 1 < len(lines) else None
        if (
            following
            and not EMPTY_CELL.search(following.text)
            and EMPTY_CELL.search(line.text + following.text)
        ):
            return line.text + following.text
    return None


def _text_rows(page_lines: list[Line], heading_lines: set[int]) -> list[tuple[int, list[str]]]:
    rows: list[tuple[int, list[str]]] = []
    for line in page_lines:
        if line.index in heading_lines or _title_line_key(line) or line.text.startswith("注"):
            break
        rows.append((line.page, line.text.split(" ")))
    return rows


def _clean_rows(rows: list[list[str | None]]) -> list[list[str]]:
    """Merged positions take their cell's text (as python-docx gives them); empty rows go."""
    out: list[list[str]] = []
    for row in rows:
        cells: list[str] = []
        for cell in row:
            if cell is None:
                cells.append(cells[-1] if cells else "")
            else:
                cells.append(_clean_text(cell))
        if any(cells):
            out.append(cells)
    return out


@lru_cache(maxsize=16384)  # row labels and headers recur across tables and documents
def _clean_text(cell: str) -> str:
    return normalize_line(normalize_text(cell))


def _stitch(
    rows: list[tuple[int, list[str]]], more: list[tuple[int, list[str]]]
) -> list[tuple[int, list[str]]]:
    """Appends a continuation page: its repeated header rows dropped, a first row that
    only finishes the previous row's label merged into it."""
    header = {tuple(r) for r in header_rows([cells for _, cells in rows])}
    out = list(rows)
    for page, cells in more:
        if tuple(cells) in header:
            continue
        if out and _is_label_continuation(cells, out[-1][1]):
            previous = out[-1][1]
            merged = [
                a + b if b and not is_number(b) else a
                for a, b in zip(previous, cells, strict=False)
            ]
            out[-1] = (out[-1][0], merged + previous[len(merged) :])
            continue
        out.append((page, cells))
    return out


def _is_label_continuation(cells: list[str], previous: list[str]) -> bool:
    filled = [c for c in cells if c]
    return (
        len(filled) == 1
        and not is_number(filled[0])
        and not cells[0]
        and len(cells) == len(previous)
        and len(filled[0]) <= 12
    )
