"""``wrong_year``: a year that is not the document's own where the template asks for it.

What a reviewer says: "2024年度部门决算里写着“2023年度一般公共预算财政拨款支出决算情况
说明”", "封面是2024年度，正文却是2023年度", "2024年度资产情况写“截至2023年12月31日”",
"2026年预算写“比2026年预算增加”，应与2025年预算相比".

Kinds: ``heading`` a 情况说明/概况 heading naming another year; ``cover_body`` the body's
"YYYY年度部门决算/预算" disagrees with the cover's; ``as_of`` "截至YYYY年12月31日" in a final
account for another year than its own (budgets state 截至 dates of the year before: left
alone); ``comparison`` a comparison with the document's own year ("2024年…比2024年增加"
in a 2024 account — "比2024年预算" is legitimate in an account — and in a Y budget
"比Y年预算", which should be Y−1).
Legitimate, never reported: years inside 《…》 titles, "比2023年" in a 2024 account (the
prior year), dates after 截至 that are right, budget-year mentions ("2025年预算执行数").
Evidence: ``kind``, ``expected_year``, ``occurrences`` [{page, text, snippet, year}].
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft
from fiscalwatch.monitor.checks.corpus import Doc
from fiscalwatch.monitor.checks.texts import (
    Hit,
    compact_pages,
    documents,
    find,
    snippet_at,
    text_finding,
)

HEADING = re.compile(
    r"(?:^|[。\n：:]|[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十]+[)）])"
    r"((\d{4})年度?[^。，,；;\d]{2,36}?(?:情况说明|决算情况|预算情况|概况))"
)
OWN_TITLE = re.compile(r"(\d{4})年度?(?:部门|单位)?(决算|预算)(?!执行|数|安排|调整)")
AS_OF = re.compile(r"截[至止](\d{4})年12月31日")
ACCOUNT_COMPARISON = re.compile(
    r"[比较](\d{4})年度?(?!预算|年初|全年|决算|预计)(?:[^。]{0,12}?)(增加|减少|增长|下降|持平)"
)
BUDGET_COMPARISON = re.compile(
    r"[比较与](\d{4})年度?预算(?!执行)(?:数)?[^。]{0,6}?(增加|减少|增长|下降|持平|相比)"
)
WHAT = {
    "heading": "标题中的年度与文件年度不符",
    "cover_body": "封面年度与正文年度不符",
    "as_of": "“截至”日期的年度与决算年度不符",
    "comparison": "与本年度自身作比较，比较年度应为上一年度",
}
SEVERITY = {
    "heading": "warning",
    "cover_body": "warning",
    "as_of": "warning",
    "comparison": "warning",
}


class WrongYear(Check):
    name = "wrong_year"
    severity = "warning"
    description = (
        "A year that is not the document's own where the template asks for it: a 情况说明 "
        "heading naming another year, a cover year the body contradicts, 截至 another "
        "year's 12月31日 in a final account, a comparison with the document's own year "
        "(比2026年预算 in a 2026 budget)."
    )

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        for doc in documents(ctx):
            if doc.year is None:
                continue
            pages = compact_pages(ctx, doc)
            for kind, hits in year_problems(doc, pages).items():
                what = f"{WHAT[kind]}（应为{doc.year}年度）" if kind != "comparison" else WHAT[kind]
                yield text_finding(
                    self.name,
                    SEVERITY[kind],
                    doc,
                    what,
                    kind,
                    hits,
                    {"expected_year": doc.year},
                )


def year_problems(doc: Doc, pages: dict[int, str]) -> dict[str, list[Hit]]:
    year = doc.year or 0
    budget = doc.row["doc_type"] == "budget"
    out: dict[str, list[Hit]] = {}

    def add(kind: str, page: int, match: re.Match[str], text: str, found: int) -> None:
        out.setdefault(kind, []).append(
            Hit(page, match.group(0), snippet_at(text, match.start(), match.end()), {"year": found})
        )

    for page, match, text in find(pages, HEADING):
        found = int(match.group(2))
        if found != year and abs(found - year) <= 3 and not _names_comparison(match.group(1)):
            add("heading", page, match, text, found)
    if not budget:
        for page, match, text in find(pages, AS_OF):
            found = int(match.group(1))
            if found != year:
                add("as_of", page, match, text, found)
        for page, match, text in find(pages, ACCOUNT_COMPARISON):
            if int(match.group(1)) == year:
                add("comparison", page, match, text, year)
    else:
        for page, match, text in find(pages, BUDGET_COMPARISON):
            if int(match.group(1)) == year:
                add("comparison", page, match, text, year)
    cover = _cover_year(pages)
    body = _body_year(pages)
    if cover == year and body is not None and body[0] != year:
        page, match, text = body[1]
        add("cover_body", page, match, text, body[0])
    return out


def _names_comparison(heading: str) -> bool:
    return any(word in heading for word in ("比", "与", "较", "对比"))


def _cover_year(pages: dict[int, str]) -> int | None:
    first = min(pages) if pages else None
    if first is None:
        return None
    match = OWN_TITLE.search(pages[first][:200])
    return int(match.group(1)) if match else None


def _body_year(pages: dict[int, str]) -> tuple[int, tuple[int, re.Match[str], str]] | None:
    """The year the body calls its own document, when it does so at least three times."""
    if len(pages) < 2:
        return None
    first = min(pages)
    found = [(page, m, text) for page, m, text in find(pages, OWN_TITLE) if page != first]
    years = Counter(int(m.group(1)) for _, m, _ in found)
    if not years:
        return None
    body, count = years.most_common(1)[0]
    if count < 3 or count < 0.8 * sum(years.values()):
        return None
    where = next(item for item in found if int(item[1].group(1)) == body)
    return body, where
