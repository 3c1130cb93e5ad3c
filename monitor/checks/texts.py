"""The stored page text of a document as the text checks read it, and the one-finding-
per-document-and-kind shape they report in.

Pages are compared as NFKC without whitespace (``reasons._compact``), so a sentence
wrapped over lines or broken by a PDF's spacing reads as one: "减\\n少" is "减少".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fiscalwatch.monitor.checks.base import CheckContext, FindingDraft
from fiscalwatch.monitor.checks.common import doc_label, document_finding
from fiscalwatch.monitor.checks.corpus import Doc, corpus
from fiscalwatch.monitor.checks.reasons import _compact
from fiscalwatch.store.content_reads import page_texts

MAX_OCCURRENCES = 10
AROUND = 24
QUOTED_TITLE = re.compile(r"《[^《》]{0,80}》")
TEXT_DOC_TYPES = ("final_account", "budget")


@dataclass
class Hit:
    page: int
    text: str  # what matched
    snippet: str
    detail: dict[str, Any] | None = None

    def as_evidence(self) -> dict[str, Any]:
        out: dict[str, Any] = {"page": self.page, "text": self.text, "snippet": self.snippet}
        if self.detail:
            out.update(self.detail)
        return out


def documents(ctx: CheckContext) -> list[Doc]:
    """Parsed final accounts and budgets: the text checks read both."""
    documents = corpus(ctx)
    return documents.parsed_final_accounts() + documents.parsed_budgets()


def compact_pages(ctx: CheckContext, doc: Doc) -> dict[int, str]:
    if "compact_pages" not in doc.memo:
        doc.memo["compact_pages"] = {
            page: _compact(text) for page, text in page_texts(ctx.db, doc.id).items()
        }
    return doc.memo["compact_pages"]


def blank_titles(text: str) -> str:
    """Quoted document titles (《…》) blanked out, positions kept: a year or a word
    inside a cited title is the title's, not the document's."""
    return QUOTED_TITLE.sub(lambda m: "□" * len(m.group(0)), text)


def snippet_at(text: str, start: int, end: int) -> str:
    return text[max(0, start - AROUND) : end + AROUND]


def find(
    pages: dict[int, str], pattern: re.Pattern[str], skip_titles: bool = True
) -> Iterator[tuple[int, re.Match[str], str]]:
    for page, text in pages.items():
        searched = blank_titles(text) if skip_titles else text
        for match in pattern.finditer(searched):
            yield page, match, text


def text_finding(
    check: str,
    severity: str,
    doc: Doc,
    what: str,
    kind: str,
    hits: list[Hit],
    evidence: dict[str, Any] | None = None,
) -> FindingDraft:
    """One finding per document and kind, listing where (at most ten places)."""
    first = hits[0]
    more = f"等{len(hits)}处" if len(hits) > 1 else ""
    message = f"{doc_label(doc)}：{what}（第{first.page}页：“{first.snippet}”{more}）"
    return document_finding(
        check,
        severity,
        doc,
        message,
        {
            **(evidence or {}),
            "kind": kind,
            "occurrences": [h.as_evidence() for h in hits[:MAX_OCCURRENCES]],
            "count": len(hits),
            "page": first.page,
            "snippet": first.snippet,
        },
        (doc.url, kind),
    )
