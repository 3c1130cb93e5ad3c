"""``missing_section``: a required part of the template is absent (warning).

A disclosure is the current final account and its sibling documents (same ``page_url``,
department and year: a PDF with its XLSX tables, say) of one department and year. Each
template part of domain.md must be among its sections, and each of the nine tables among
its tables; a table published empty must carry its note (空表说明), in the table or in the
text ("本部门无…，…决算表为空表" counts, and stands for a table left out as empty).

Tables published as attachments: a table the document names as attached — the numbered
list of 《…》 titles under the 报表 part, a 报表 heading saying 见附表 / 详见附件 (all nine),
or "详见附件《…》" (:mod:`monitor.checks.table_references`) — counts as published when
no sibling document is stored on the same page (a file ingested alone, or a page whose
attachment the crawler has not fetched), or when a stored sibling is not parsed (yet, or
at all: ``unreadable_document`` reports that one). When every stored sibling is parsed,
the tables must be in them (an XLSX, say) and the ones missing there are reported.

One finding per missing part, evidence ``section`` = the section key; ``tables`` when
no table with data is published (at most the notes of empty ones), with ``missing``
listing the absent ones; ``referenced`` and ``attachments`` (their URLs) when the text
names them as attached but the stored attachments lack them. Examples:
"中共攀枝花市西区区委机构编制委员会办公室 2024年度部门决算：未公开部门决算报表（缺9张表）",
"… 2024年度部门决算：缺少《支出决算表》（文中列为附表，同页附件中未见）".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass

from fiscalwatch.families import SURE, detect, families
from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft
from fiscalwatch.monitor.checks.budget_parts import missing_budget_parts
from fiscalwatch.monitor.checks.budget_tables import missing_budget_tables
from fiscalwatch.monitor.checks.common import doc_label, document_finding
from fiscalwatch.monitor.checks.corpus import Corpus, Doc, corpus
from fiscalwatch.monitor.checks.table_references import referenced_tables
from fiscalwatch.parsing.contents import contents
from fiscalwatch.parsing.layout import without_folios
from fiscalwatch.store.content_reads import opening_texts
from fiscalwatch.template import (
    ALL_TABLES,
    NOT_REQUIRED_BY_LAYOUT,
    SECTIONS,
    TABLES,
    empty_table_notes,
    layout,
    table_key,
)


class MissingSection(Check):
    name = "missing_section"
    severity = "warning"
    description = (
        "A part or table the document promises is absent: what its own 目录 lists, else "
        "what its template family requires (final accounts: the explanation parts, the "
        "tables in the file or its sibling attachments, an empty table's note; budgets: "
        "their written parts and tables)."
    )

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        found = corpus(ctx)
        groups = disclosures(found)
        stored = _stored_siblings(found)
        all_ids = [d.id for docs in groups.values() for d in docs]
        sections = _keys_by_document(ctx, "sections", all_ids)
        tables = _tables_by_document(ctx, all_ids)
        for group, docs in groups.items():
            main = _main_document(docs, sections)
            if main is None:
                continue
            attachments = [d for d in stored.get(group, []) if d.id != main.id]
            yield from self._check_disclosure(ctx, main, docs, attachments, sections, tables)
        for budget in found.parsed_budgets():  # budgets: their own 目录, then their family
            for part in missing_budget_parts(ctx.db, budget):
                yield self._finding(
                    budget,
                    budget.row["page_url"] or budget.url,
                    part.key,
                    f"缺少“{part.title}”部分",
                    {
                        "section": part.key,
                        "title": part.title,
                        "family": part.family,
                        "expected_from": part.expected_from,
                    },
                )
            for table in missing_budget_tables(ctx.db, budget):
                yield self._finding(
                    budget,
                    budget.row["page_url"] or budget.url,
                    table.key,
                    f"缺少《{table.title}》",
                    {
                        "section": table.key,
                        "title": table.title,
                        "family": table.family,
                        "expected_from": table.expected_from,
                    },
                )

    def _check_disclosure(
        self,
        ctx: CheckContext,
        main: Doc,
        docs: list[Doc],
        attachments: list[Doc],
        sections: dict[int, set[str]],
        tables: dict[int, dict[str, dict[str, object]]],
    ) -> Iterator[FindingDraft]:
        have_sections = set().union(*(sections.get(d.id, set()) for d in docs))
        group_key = main.row["page_url"] or main.url
        published: dict[str, dict[str, object]] = {}
        for doc in docs:
            for key, table in tables.get(doc.id, {}).items():
                if key not in published or not table["empty"]:
                    published[key] = {**table, "document_id": doc.id}
        promise = _promise(ctx, main, list(published))
        absent_parts = [key for key in SECTIONS if key not in have_sections]
        if absent_parts:
            excused = NOT_REQUIRED_BY_LAYOUT.get(layout(promise.text), frozenset())
            absent_parts = [key for key in absent_parts if key not in excused]
        for key, title in SECTIONS.items():
            if key in absent_parts:
                yield self._finding(
                    main,
                    group_key,
                    key,
                    f"缺少“{title}”部分",
                    {"section": key, "title": title, **promise.evidence(key)},
                )
        unnoted = [k for k, t in published.items() if t["empty"] and not t["note"]]
        absent = [k for k in promise.tables if k not in published]
        referenced = _referenced(ctx, docs) if absent else []
        if referenced and (
            not attachments or any(d.row["status"] != "parsed" for d in attachments)
        ):
            # Named as attached and nothing stored to hold them against: published.
            for key in referenced:
                published.setdefault(key, {"page": None, "empty": False, "note": None})
            absent = [k for k in absent if k not in published]
        keys = {*promise.tables, *published}
        notes = _text_notes(ctx, docs, keys) if absent or unnoted else {}
        missing = [k for k in absent if k not in notes]
        # Named as attached, but the stored attachments do not hold them.
        lacking = [k for k in missing if k in referenced]
        attached = {"referenced": lacking, "attachments": [d.url for d in attachments]}
        # Only notes of empty tables and no table with data: the tables were not published.
        if missing and all(t["empty"] for k, t in published.items() if k in TABLES):
            what = (
                f"文中称部门决算报表见附件，但同页附件中缺少{len(missing)}张表"
                if lacking
                else f"未公开部门决算报表（缺{len(missing)}张表）"
            )
            evidence: dict[str, object] = {
                "section": "tables",
                "missing": missing,
                **promise.evidence(missing[0]),
            }
            yield self._finding(
                main, group_key, "tables", what, {**evidence, **attached} if lacking else evidence
            )
            return
        for key in missing:
            title = ALL_TABLES[key]
            evidence = {"section": key, "title": title, **promise.evidence(key)}
            if key in lacking:
                yield self._finding(
                    main,
                    group_key,
                    key,
                    f"缺少《{title}》（文中列为附表，同页附件中未见）",
                    {**evidence, **attached},
                )
            else:
                yield self._finding(main, group_key, key, f"缺少《{title}》", evidence)
        for key in sorted(k for k in unnoted if k not in notes):
            yield self._finding(
                main,
                group_key,
                key,
                f"《{ALL_TABLES[key]}》为空表但未附空表说明",
                {
                    "section": key,
                    "title": ALL_TABLES[key],
                    "problem": "empty_without_note",
                    **promise.evidence(key),
                },
                page=published[key].get("page"),
                document_id=published[key].get("document_id"),
            )

    def _finding(
        self,
        doc: Doc,
        group_key: str,
        section: str,
        what: str,
        evidence: dict[str, object],
        page: object = None,
        document_id: object = None,
    ) -> FindingDraft:
        evidence = {**evidence, "document_id": document_id or doc.id, "page": page}
        return document_finding(
            self.name,
            self.severity,
            doc,
            f"{doc_label(doc)}：{what}",
            evidence,
            (group_key, section),
        )


def disclosures(found: Corpus) -> dict[tuple[object, ...], list[Doc]]:
    """Parsed current final accounts grouped with their siblings (same page_url, same
    department and year, any type: an attachment may hold only tables)."""
    groups: dict[tuple[object, ...], list[Doc]] = defaultdict(list)
    anchors = {
        (d.row["page_url"], d.region, d.dept, d.year)
        for d in found.final_accounts
        if d.row["status"] == "parsed" and d.row["page_url"]
    }
    reviewable = {d.id for d in found.final_accounts}
    for doc in found.documents:
        if doc.row["status"] != "parsed" or (
            doc.row["doc_type"] == "final_account" and doc.id not in reviewable
        ):
            continue
        sibling_key = (doc.row["page_url"], doc.region, doc.dept, doc.year)
        if doc.row["page_url"] and sibling_key in anchors:
            groups[sibling_key].append(doc)
        elif doc.id in reviewable:
            groups[(doc.url,)].append(doc)
    return groups


def _stored_siblings(found: Corpus) -> dict[tuple[object, ...], list[Doc]]:
    """Every current document by its page, department and year, whatever its status
    (the keys of :func:`disclosures`): an attachment stored but not parsed counts."""
    stored: dict[tuple[object, ...], list[Doc]] = defaultdict(list)
    for doc in found.documents:
        if doc.row["page_url"]:
            stored[(doc.row["page_url"], doc.region, doc.dept, doc.year)].append(doc)
    return stored


def _main_document(docs: list[Doc], sections: dict[int, set[str]]) -> Doc | None:
    finals = [d for d in docs if d.row["doc_type"] == "final_account"]
    if not finals:
        return None
    return max(finals, key=lambda d: (len(sections.get(d.id, ())), -d.id))


@dataclass
class Promise:
    """What a document is held to: the tables its own 目录 lists, else those of the
    family it follows (when the detector is sure), else the national nine."""

    text: str  # its opening pages
    tables: list[str]
    source: str  # toc | family | national
    listed_sections: set[str]
    family: str | None
    confidence: float

    def evidence(self, key: str) -> dict[str, object]:
        if key in SECTIONS:
            source = "toc" if key in self.listed_sections else self._fallback
        else:
            source = self.source
        return {"family": self.family, "expected_from": source}

    @property
    def _fallback(self) -> str:
        return "family" if self.family and self.confidence >= SURE else "national"


def _promise(ctx: CheckContext, doc: Doc, published: list[str]) -> Promise:
    pages = _opening_pages(ctx, doc)
    listing = contents(pages)
    text = "\n".join(pages)
    found = detect(text, listing.tables or published)
    family = families().get(found.family or "") if found.sure else None
    if listing.tables:
        tables, source = listing.tables, "toc"
    elif family is not None:
        tables, source = family.required_tables, "family"
    else:
        tables, source = list(TABLES), "national"
    return Promise(text, tables, source, listing.sections, found.family, found.confidence)


def _opening_pages(ctx: CheckContext, doc: Doc, pages: int = 6) -> list[str]:
    """The first pages' text: the table of contents that tells the layout and promises
    the parts and tables (over three pages after a cover, and the body's first page,
    where the contents are read to)."""
    return opening_texts(ctx.db, doc.id, pages)


def _chunks(ids: list[int], size: int = 500) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _keys_by_document(ctx: CheckContext, table: str, ids: list[int]) -> dict[int, set[str]]:
    result: dict[int, set[str]] = defaultdict(set)
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for document_id, key in ctx.db.execute(
            f"SELECT document_id, key FROM {table} WHERE document_id IN ({marks})", chunk
        ):
            result[document_id].add(key)
    return result


def _tables_by_document(
    ctx: CheckContext, ids: list[int]
) -> dict[int, dict[str, dict[str, object]]]:
    result: dict[int, dict[str, dict[str, object]]] = defaultdict(dict)
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for document_id, stored_key, title, page, empty, note, status in ctx.db.execute(
            "SELECT document_id, key, title, page, empty, note, status FROM doc_tables"
            f" WHERE document_id IN ({marks}) ORDER BY document_id, page, id",
            chunk,
        ):
            # Self-evaluation grids are stored as "other": their title says which one.
            key = table_key(title or "") if stored_key == "other" else stored_key
            if key not in ALL_TABLES:
                continue
            # A title whose grid was not found: present, and nothing said of its content.
            is_empty = bool(empty) and status != "unparsed"
            known = result[document_id].get(key)
            if known is None or (known["empty"] and not is_empty):
                result[document_id][key] = {"page": page, "empty": is_empty, "note": note}
    return result


def _referenced(ctx: CheckContext, docs: list[Doc]) -> list[str]:
    """The tables the disclosure's text names as attached (pages that may hold a 报表
    heading, its list or a 见附表 sentence; the others are not read)."""
    ids = [d.id for d in docs]
    marks = ",".join("?" * len(ids))
    by_document: dict[int, list[str]] = defaultdict(list)
    for document_id, text in ctx.db.execute(
        f"SELECT document_id, text FROM pages WHERE document_id IN ({marks}) AND"
        " (text LIKE '%报表%' OR text LIKE '%附表%' OR text LIKE '%附件%'"
        " OR text LIKE '%决算%表》%') ORDER BY document_id, page",
        ids,
    ):
        by_document[document_id].append(text or "")
    found: set[str] = set()
    for texts in by_document.values():
        found.update(referenced_tables("\n".join(texts)))
    return [key for key in ALL_TABLES if key in found]


def _text_notes(ctx: CheckContext, docs: list[Doc], keys: Collection[str]) -> dict[str, str]:
    """Empty-table notes in the disclosure's text, read over page breaks: a note's page
    and the one before it are read joined, without their page numbers ("…决算表》为" /
    "- 4 -" / "空表。")."""
    notes: dict[str, str] = {}
    ids = [d.id for d in docs]
    marks = ",".join("?" * len(ids))
    previous: tuple[object, str] = (None, "")
    for document_id, text in ctx.db.execute(
        f"SELECT document_id, text FROM pages WHERE document_id IN ({marks})"
        " ORDER BY document_id, page",
        ids,
    ):
        text = without_folios(text or "")
        if "空表" in text or "无数据" in text:
            before = previous[1] if previous[0] == document_id else ""
            # The page before's notes were read with it: only a sentence it ends may be new.
            joined = before[before.rfind("。") + 1 :] + text
            for key, note in empty_table_notes(joined, keys).items():
                notes.setdefault(key, note)
        previous = (document_id, text)
    return notes
