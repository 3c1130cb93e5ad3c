"""``copied_prior_text``: this year's explanation copied from last year's and not updated.

What a reviewer says: "今年的情况说明与上年几乎一字不差，连“比上年减少37.98万元”都没改",
"上年支出增加的原因，今年原样用来解释支出减少".

For each parsed final account or budget with the same department's document of the year
before (same type, same region), the sentences of both are compared with a real
similarity measure: candidates by character 3-gram shingles of the text with its
numbers masked (Jaccard ≥ 0.3), confirmed by ``difflib.SequenceMatcher`` on the same
masked text (ratio ≥ 0.9). Kinds:
``numbers_not_updated`` a change statement ("…比上年增加12.34万元…") whose amounts and
percentages are last year's, digit for digit (years may have been updated: that is how
copying looks); ``reason_for_opposite_change`` the same reason, word for word, given for
a change in the opposite direction to last year's. Sentences without a non-zero amount
(a 0 that stays 0 is not copying), and standard wording without figures, are left alone.
Evidence: ``kind``, ``previous_document_id``, ``previous_url``, ``similarity`` (shingle
Jaccard of the two documents' text), ``occurrences`` [{page, text, snippet,
previous_page, previous_snippet, ratio}].
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft
from fiscalwatch.monitor.checks.corpus import Doc
from fiscalwatch.monitor.checks.reasons import DECREASE, INCREASE, REASON
from fiscalwatch.monitor.checks.texts import Hit, compact_pages, documents, text_finding

SHINGLE = 3
CANDIDATE_JACCARD = 0.3
SAME_RATIO = 0.9
MIN_SENTENCE = 16
LEAD = 24  # characters kept before a comparison: the item it is about
SENTENCE = re.compile(r"[^。；;!！?？]+")
CHANGE = re.compile(r"(?:比上年|较上年|与上年相比|比\d{4}年|较\d{4}年|与\d{4}年度?相比)")
AMOUNT = re.compile(r"(?<![\d.])(\d[\d,]*\.\d{1,2})(?:万元|%)")
NUMBER = re.compile(r"\d[\d,.]*")
TABLE_WORDS = re.compile(r"科目编码|科目名称|编制单位|单位[:：](?:万元|元)|栏次|行次")
WHAT = {
    "numbers_not_updated": "情况说明照搬上年文字，数字未更新",
    "reason_for_opposite_change": "照搬上年的变动原因，但今年的变动方向与上年相反",
}


class CopiedPriorText(Check):
    name = "copied_prior_text"
    severity = "warning"
    description = (
        "This year's explanation copied from the same department's prior-year document "
        "and not updated: a change statement with last year's amounts digit for digit, or "
        "last year's reason given for a change in the opposite direction."
    )

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        docs = documents(ctx)
        by_key: dict[tuple[str, str, str, str, int], list[Doc]] = defaultdict(list)
        for doc in docs:
            if doc.year is not None:
                by_key[_key(doc, doc.year)].append(doc)
        for doc in docs:
            if doc.year is None:
                continue
            priors = by_key.get(_key(doc, doc.year - 1))
            if not priors:
                continue
            # A department may publish its text and its tables as separate files.
            prior = max(priors, key=lambda d: len(compact_pages(ctx, d)))
            prior_pages = {
                (i, page): text
                for i, other in enumerate(priors)
                for page, text in compact_pages(ctx, other).items()
            }
            found, similarity = copied(compact_pages(ctx, doc), prior_pages)
            for kind, hits in found.items():
                yield text_finding(
                    self.name,
                    self.severity,
                    doc,
                    WHAT[kind],
                    kind,
                    hits,
                    {
                        "previous_document_id": prior.id,
                        "previous_url": prior.url,
                        "similarity": round(similarity, 3),
                    },
                )


def _key(doc: Doc, year: int) -> tuple[str, str, str, str, int]:
    """Same department, type and level: a 单位 budget is not the 部门 one's prior year."""
    return (doc.region, doc.dept, str(doc.row["doc_type"]), doc.level, year)


def sentences(pages: Mapping[Any, str]) -> list[tuple[Any, str, str]]:
    """(page, sentence, the sentence after it): a reason often opens the next one
    ("…比上年减少12.00万元。主要原因是…")."""
    out = []
    for page, text in pages.items():
        found = [m.group(0) for m in SENTENCE.finditer(text)]
        for i, sentence in enumerate(found):
            if len(sentence) >= MIN_SENTENCE:
                following = found[i + 1] if i + 1 < len(found) else ""
                out.append((page, _statement(sentence), following))
    return out


def _statement(sentence: str) -> str:
    """The change statement without what a page break glued before it (a running
    header, a table's last row): from the clause that names the item."""
    opening = CHANGE.search(sentence)
    if not opening or opening.start() <= LEAD:
        return sentence
    start = opening.start() - LEAD
    comma = max(sentence.rfind(mark, 0, start) for mark in ",，;；:：")
    return sentence[comma + 1 if comma >= 0 and start - comma < LEAD else start :]


def is_change_statement(sentence: str) -> bool:
    """Prose stating a change with a non-zero amount; a table's text run together
    (科目编码…, 单位:万元…) is not one."""
    if TABLE_WORDS.search(sentence) or len(sentence) > 240 or not CHANGE.search(sentence):
        return False
    return any(float(a.replace(",", "")) > 0 for a in AMOUNT.findall(sentence))


def masked(text: str) -> str:
    """Numbers as one sign: "the same sentence with other numbers" is what updating
    looks like, so the wording is compared apart from the figures."""
    return NUMBER.sub("#", text)


@lru_cache(maxsize=2048)
def shingles(text: str) -> frozenset[str]:
    """Memoised: a year's sentences are read twice within a comparison, and as this
    year's and as the next one's prior (bounded: a few KB a sentence)."""
    text = masked(text)
    return frozenset(text[i : i + SHINGLE] for i in range(max(len(text) - SHINGLE + 1, 1)))


def _direction(text: str) -> int:
    """The direction of the change a sentence states, from the words after 比上年."""
    opening = CHANGE.search(text)
    if not opening:
        return 0
    rest = text[opening.end() : opening.end() + 12]
    up, down = INCREASE.search(rest), DECREASE.search(rest)
    if up and (not down or up.start() < down.start()):
        return 1
    return -1 if down else 0


def _reason(text: str) -> str | None:
    match = REASON.search(text)
    return match.group(1) if match else None


def copied(
    pages: Mapping[Any, str], prior_pages: Mapping[Any, str]
) -> tuple[dict[str, list[Hit]], float]:
    now, before = sentences(pages), sentences(prior_pages)
    all_now = set().union(*(shingles(s) for _, s, _ in now)) if now else set()
    all_before = set().union(*(shingles(s) for _, s, _ in before)) if before else set()
    similarity = len(all_now & all_before) / len(all_now | all_before) if all_now else 0.0
    index: dict[str, list[int]] = defaultdict(list)
    prior_shingles = [shingles(s) for _, s, _ in before]
    for i, grams in enumerate(prior_shingles):
        for gram in grams:
            index[gram].append(i)
    out: dict[str, list[Hit]] = defaultdict(list)
    for page, sentence, following in now:
        if not is_change_statement(sentence):
            continue
        grams = shingles(sentence)
        counts: dict[int, int] = defaultdict(int)
        for gram in grams:
            for i in index.get(gram, ()):
                counts[i] += 1
        best: tuple[float, int] | None = None
        for i, shared in counts.items():
            jaccard = shared / len(grams | prior_shingles[i])
            if jaccard < CANDIDATE_JACCARD:
                continue
            ratio = SequenceMatcher(
                None, masked(sentence), masked(before[i][1]), autojunk=False
            ).ratio()
            if best is None or ratio > best[0]:
                best = (ratio, i)
        if best is None:
            continue
        ratio, i = best
        prior_page, prior_sentence, prior_following = before[i]
        detail = {
            "previous_page": prior_page[1] if isinstance(prior_page, tuple) else prior_page,
            "previous_snippet": prior_sentence[:120],
            "ratio": round(ratio, 3),
        }
        amounts, prior_amounts = AMOUNT.findall(sentence), AMOUNT.findall(prior_sentence)
        if ratio >= SAME_RATIO and amounts == prior_amounts:
            out["numbers_not_updated"].append(Hit(page, sentence[:40], sentence[:120], detail))
            continue
        reason = _reason(sentence) or _reason(following[:60])
        prior_reason = _reason(prior_sentence) or _reason(prior_following[:60])
        direction, prior_direction = _direction(sentence), _direction(prior_sentence)
        if (
            reason
            and prior_reason
            and len(reason) >= 6
            and direction * prior_direction == -1
            and SequenceMatcher(None, reason, prior_reason).ratio() >= SAME_RATIO
            and _same_subject(sentence, prior_sentence)
        ):
            out["reason_for_opposite_change"].append(
                Hit(page, reason[:40], sentence[:120], {**detail, "reason": reason})
            )
    return dict(out), similarity


def _same_subject(sentence: str, prior: str) -> bool:
    """The words before the comparison name the same item (numbers and years aside)."""

    def subject(text: str) -> str:
        opening = CHANGE.search(text)
        head = text[: opening.start()] if opening else text
        return re.sub(r"[#\-—,，、:：]", "", masked(head))[-12:]

    head, prior_head = subject(sentence), subject(prior)
    return bool(head) and SequenceMatcher(None, head, prior_head).ratio() >= 0.8
