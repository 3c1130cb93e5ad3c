"""The changes a document states against the prior year ("比上年增加2.18万元，增长0.31%")
and the reasons it gives for them, read from figures ``<key>_change``,
``<key>_change_pct`` and ``<key>_prev_implied`` (fiscalwatch.figures) and the page text."""

from __future__ import annotations

from dataclasses import dataclass

from fiscalwatch.figures import FIGURES
from fiscalwatch.monitor.checks.base import CheckContext
from fiscalwatch.monitor.checks.corpus import Doc, Fig
from fiscalwatch.monitor.checks.reasons import Reason, stated_reason
from fiscalwatch.store.content_reads import page_texts


@dataclass(frozen=True)
class StatedChange:
    key: str  # the base figure key
    change: float  # signed, 万元
    change_pct: float | None
    previous: float | None  # the prior-year value the statement implies
    figure: Fig  # where it is stated


def stated_changes(doc: Doc) -> list[StatedChange]:
    if "stated_changes" not in doc.memo:
        doc.memo["stated_changes"] = _stated_changes(doc)
    return doc.memo["stated_changes"]


def _stated_changes(doc: Doc) -> list[StatedChange]:
    found: list[StatedChange] = []
    for key, figures in doc.figures.items():
        base = key.removesuffix("_change")
        if not key.endswith("_change") or base not in FIGURES:
            continue
        pcts = doc.figures.get(f"{base}_change_pct", [])
        implied = doc.figures.get(f"{base}_prev_implied", [])
        current = doc.value(base)
        for figure in figures:
            pct = _same_statement(figure, pcts)
            previous = _same_statement(figure, implied)
            found.append(
                StatedChange(
                    key=base,
                    change=figure.value,
                    change_pct=pct.value if pct else None,
                    previous=previous.value
                    if previous
                    else (None if current is None else round(current - figure.value, 2)),
                    figure=figure,
                )
            )
    # Implied prior years stated without a change figure of their own.
    for key, figures in doc.figures.items():
        base = key.removesuffix("_prev_implied")
        if not key.endswith("_prev_implied") or base not in FIGURES:
            continue
        current = doc.value(base)
        covered = {c.figure.text for c in found if c.key == base}
        for figure in figures:
            if figure.text in covered or current is None:
                continue
            found.append(
                StatedChange(base, round(current - figure.value, 2), None, figure.value, figure)
            )
    return found


def _same_statement(figure: Fig, candidates: list[Fig]) -> Fig | None:
    for candidate in candidates:
        if candidate.text and candidate.text == figure.text:
            return candidate
    on_page = [c for c in candidates if c.page == figure.page]
    return on_page[0] if len(on_page) == 1 else None


def reason_for(ctx: CheckContext, doc: Doc, figure: Fig) -> Reason | None:
    """The reason stated with the change at ``figure``, reading on to the next page."""
    pages: dict[int, str] = ctx.cached(f"pages:{doc.id}", lambda: page_texts(ctx.db, doc.id))
    text = None
    if figure.page is not None and figure.page in pages:
        text = pages[figure.page] + "\n" + pages.get(figure.page + 1, "")
    elif pages:
        text = "\n".join(pages.values())
    return stated_reason(figure.text, text)
