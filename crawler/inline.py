"""When a detail page without attachments is itself the disclosure.

Budgets especially are often published as the page itself (TRS portals put the whole
部门预算 in the article body, its tables as HTML tables). Such a page, titled as a
disclosure, is one — stored and parsed like a file — not a crawl failure, when it carries
a disclosure's text: enough of it, or amounts in 万元/元 beside the words 预算/决算 (a
short page of one table and its figures). A titled page with neither is a stub whose
file is missing: that stays a failure.
"""

from __future__ import annotations

import re

from fiscalwatch.classify import Classification

MIN_TEXT = 120  # characters of body text a disclosure without amounts must have
_AMOUNT = re.compile(r"\d[\d,]*(?:\.\d+)?\s*(?:万元|元)")
_ACCOUNT_WORDS = re.compile(r"预算|决算")


def is_page_disclosure(found: Classification, body_text: str) -> bool:
    """Whether a detail page without attachments is the disclosure its titles name."""
    if not found.is_disclosure:
        return False
    text = re.sub(r"\s+", "", body_text)
    return len(text) >= MIN_TEXT or bool(_AMOUNT.search(text) and _ACCOUNT_WORDS.search(text))
