"""``direction_contradiction``: a stated direction or rate of change that the document's
own numbers contradict.

What a reviewer says: "收入总计减少77.37万元，支出总计却增加77.37万元", "支出0万元，怎么会
比上年增加43.84万元", "1434.89 相比 1690.69，约减少15.13%，不是减少1.10%", "3845.49 相比
43269.3 不可能是“增加17.62%”", "决算数小于预算数，却写“大于”", "“三公”经费决算超过预算，
未说明原因".

Kinds: ``opposite_totals`` 收入 and 支出 of one 总计 changing by the same amount in
opposite directions (warning); ``rise_above_current`` "X万元，比上年增加Y万元" with Y > X,
which makes the prior year negative (warning); ``stated_rate`` a sentence stating both
amounts (上年/预算执行数 A, 本年/预算安排 B) and a change rate whose direction or size
(beyond rounding) disagrees with (B − A) / A (warning); ``budget_wording`` 大于/小于/持平
(增加/减少/超支/节约) set against a 预算数 A and a 决算数 B stated in the same sentence,
that B − A contradicts (warning); ``three_public_over_budget`` the 三公 决算 above its
预算 (table or text) with no reason given in the text (info: the explanation may be in a
table note the parser did not keep).
Evidence: ``kind``, ``occurrences`` [{page, text, snippet, stated, computed …}].
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from fiscalwatch.monitor.checks.arithmetic import share_allowance
from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft
from fiscalwatch.monitor.checks.corpus import Doc
from fiscalwatch.monitor.checks.reasons import REASON
from fiscalwatch.monitor.checks.texts import (
    Hit,
    compact_pages,
    documents,
    find,
    snippet_at,
    text_finding,
)

NUM = r"(\d[\d,]*(?:\.\d+)?)"
UP = ("增加", "增长", "上升", "提高", "大于", "高于", "超过", "超支", "超出")
DOWN = ("减少", "下降", "降低", "小于", "低于", "节约", "节省", "结余")
FLAT = ("持平", "相等", "一致", "相同")
SENTENCE = re.compile(r"[^。；;!！?？]+")
TOTAL_CHANGE = re.compile(
    r"(收入|支出)(?:总计|合计)[^。；]{0,30}?(?:比上年|较上年|比\d{4}年度?|与上年相比)[^。；\d]{0,8}?(增加|减少|增长|下降)"
    + NUM
    + "万元"
)
RISE = re.compile(
    NUM
    + r"万元[,，]?(?:比上年|较上年|比\d{4}年度?)(?!预算)[^。；\d]{0,6}?(增加|增长)"
    + NUM
    + "万元"
)
RATE = re.compile(
    r"(?:上年|\d{4}年)[^。；]{0,16}?(?:预算执行数|决算数|支出|预算数|执行数)?为?"
    + NUM
    + r"万元[,，]?\d{4}年[^。；]{0,8}?(?:预算安排|预算数|安排|支出|决算数)为?"
    + NUM
    + r"万元[,，]?[^。；]{0,20}?(增加|减少|增长|下降)"
    + NUM
    + "%"
)
BUDGET_VS_ACTUAL = re.compile(
    r"预算(?:数)?为?" + NUM + r"万元[^。；]{0,30}?决算(?:数)?为?" + NUM + r"万元"
)
WORDING = re.compile(
    r"决算(?:数)?(大于|高于|超过|小于|低于|等于|持平|与预算持平)|(?:比|较)(?:年初|全年)?预算(?:数)?(增加|减少|超支|节约|持平)"
)
WHAT = {
    "opposite_totals": "收入总计与支出总计的变动方向相反",
    "rise_above_current": "本年数额小于所述增加额（上年数将为负数）",
    "stated_rate": "所述变动率与前后数字不符",
    "budget_wording": "决算与预算比较的措辞与数字不符",
    "three_public_over_budget": "“三公”经费决算数超过预算数，未说明原因",
}
SEVERITY = {
    "opposite_totals": "warning",
    "rise_above_current": "warning",
    "stated_rate": "warning",
    "budget_wording": "warning",
    "three_public_over_budget": "info",
}
RATE_TOLERANCE = 0.1  # percentage points, beyond what rounding the amounts can do


class DirectionContradiction(Check):
    name = "direction_contradiction"
    severity = "warning"
    description = (
        "A stated direction or rate of change that the document's own numbers contradict: "
        "收入 down while 支出 up by the same amount, a rise larger than the current amount, "
        "a percentage the two stated amounts do not give, 大于/小于 against the 预算数 and "
        "决算数 beside it, the 三公 决算 above its 预算 without a reason (info)."
    )

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        for doc in documents(ctx):
            pages = compact_pages(ctx, doc)
            found = contradictions(doc, pages)
            for kind, hits in found.items():
                yield text_finding(self.name, SEVERITY[kind], doc, WHAT[kind], kind, hits)


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def _sign(word: str) -> int:
    if any(w in word for w in UP):
        return 1
    if any(w in word for w in DOWN):
        return -1
    return 0


def contradictions(doc: Doc, pages: dict[int, str]) -> dict[str, list[Hit]]:
    out: dict[str, list[Hit]] = defaultdict(list)

    def hit(kind: str, page: int, match: re.Match[str], text: str, **detail: object) -> None:
        out[kind].append(
            Hit(page, match.group(0), snippet_at(text, match.start(), match.end()), dict(detail))
        )

    totals: dict[float, dict[str, tuple[int, int, re.Match[str], str]]] = defaultdict(dict)
    for page, match, text in find(pages, TOTAL_CHANGE):
        side, word, amount = match.group(1), match.group(2), _num(match.group(3))
        if amount > 0:
            totals[amount].setdefault(side, (_sign(word), page, match, text))
    for amount, sides in totals.items():
        if len(sides) == 2 and sides["收入"][0] == -sides["支出"][0]:
            _, page, match, text = sides["支出"]
            hit("opposite_totals", page, match, text, amount=amount)
    for page, match, text in find(pages, RISE):
        current, rise = _num(match.group(1)), _num(match.group(3))
        if rise > current + 0.01 and "%" not in match.group(0):
            hit("rise_above_current", page, match, text, current=current, rise=rise)
    for page, match, text in find(pages, RATE):
        before, after = _num(match.group(1)), _num(match.group(2))
        sign, stated = _sign(match.group(3)), _num(match.group(4))
        if before <= 0:
            continue
        computed = (after - before) / before * 100
        allowed = share_allowance(after - before, before, RATE_TOLERANCE)
        if abs(sign * stated - computed) > allowed:
            hit(
                "stated_rate",
                page,
                match,
                text,
                stated=sign * stated,
                computed=round(computed, 2),
                previous=before,
                current=after,
            )
    for page, text in pages.items():
        for sentence in SENTENCE.finditer(text):
            chunk = sentence.group(0)
            pair = BUDGET_VS_ACTUAL.search(chunk)
            wording = WORDING.search(chunk)
            if not pair or not wording:
                continue
            budget, actual = _num(pair.group(1)), _num(pair.group(2))
            said = _sign(wording.group(0)) if not any(w in wording.group(0) for w in FLAT) else 0
            diff = actual - budget
            real = 0 if abs(diff) <= 0.02 else (1 if diff > 0 else -1)
            if said != real:
                shifted = re.search(re.escape(chunk[:20]), text)
                start = shifted.start() if shifted else 0
                out["budget_wording"].append(
                    Hit(
                        page,
                        wording.group(0),
                        snippet_at(text, start, start + len(chunk)),
                        {"budget": budget, "actual": actual, "stated": wording.group(0)},
                    )
                )
    over = _three_public_over_budget(doc, pages)
    if over is not None:
        out["three_public_over_budget"].append(over)
    return dict(out)


def _three_public_over_budget(doc: Doc, pages: dict[int, str]) -> Hit | None:
    actual, budget = doc.first("three_public_total"), doc.first("three_public_total_budget")
    if actual is None or budget is None or actual.value <= budget.value + 0.01:
        return None
    for text in pages.values():
        for sentence in SENTENCE.finditer(text):
            chunk = sentence.group(0)
            if "三公" in chunk and "预算" in chunk and REASON.search(chunk):
                return None
    return Hit(
        actual.page or 0,
        f"{actual.value:.2f} > {budget.value:.2f}",
        " ".join(actual.text.split())[:80],
        {"actual": actual.value, "budget": budget.value},
    )
