"""Figures in the running text: "label [gap] amount unit", the stated share that may
follow ("占本年支出合计的99.35%"), the budget it is set against ("全年预算数… 决算数…"),
and the text's own change against the prior year ("比上年增加2.18万元，增长0.31%").

Keys are those of ``fiscalwatch.figures``; labels here are the ways texts write them,
in NFKC form (so "（境）" reads "(境)")."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from fiscalwatch.figures import FIGURES
from fiscalwatch.models import Figure
from fiscalwatch.parsing.layout import TextIndex
from fiscalwatch.parsing.normalize import NUMBER, parse_number, to_wanyuan
from fiscalwatch.parsing.sections import Heading

PAIR_TOTALS = ("income_total", "expenditure_total")
PAIR_FISCAL = ("fiscal_income_total", "fiscal_expenditure_total")

# label -> keys it states (several for "收、支总计均为…"); () = recognised, not a figure
# (a longer label that must not be read as the shorter one inside it).
LABELS: dict[str, tuple[str, ...]] = {
    "收入支出总计": PAIR_TOTALS,
    "收、支总计": PAIR_TOTALS,
    "收支总计": PAIR_TOTALS,
    "财政拨款收入支出总计": PAIR_FISCAL,
    "财政拨款收、支总计": PAIR_FISCAL,
    "财政拨款收支总计": PAIR_FISCAL,
    "收入总计": ("income_total",),
    "支出总计": ("expenditure_total",),
    "本年收入合计": ("income_current_year",),
    "本年收入": ("income_current_year",),
    "本年支出合计": ("expenditure_current_year",),
    "本年支出": ("expenditure_current_year",),
    "年初结转和结余": ("carryover_begin",),
    "年末结转和结余": ("carryover_end",),
    "使用非财政拨款结余": ("non_fiscal_balance_used",),
    "结余分配": ("balance_distribution",),
    "财政拨款收入": ("fiscal_appropriation_income",),
    "一般公共预算财政拨款收入": ("general_budget_income",),
    "政府性基金预算财政拨款收入": ("gov_fund_income",),
    "国有资本经营预算财政拨款收入": ("state_capital_income",),
    "上级补助收入": ("superior_subsidy_income",),
    "事业收入": ("business_income",),
    "经营收入": ("operating_income",),
    "附属单位上缴收入": ("affiliated_income",),
    "其他收入": ("other_income",),
    "基本支出": ("basic_expenditure",),
    "项目支出": ("project_expenditure",),
    "上缴上级支出": ("superior_remittance_expenditure",),
    "经营支出": ("operating_expenditure",),
    "对附属单位补助支出": ("affiliated_subsidy_expenditure",),
    "财政拨款收入总计": ("fiscal_income_total",),
    "财政拨款支出总计": ("fiscal_expenditure_total",),
    "一般公共预算财政拨款支出": ("general_budget_expenditure",),
    "一般公共预算财政拨款基本支出": ("general_budget_basic_expenditure",),
    "一般公共预算财政拨款项目支出": ("general_budget_project_expenditure",),
    "人员经费": ("personnel_expenses",),
    "公用经费": ("public_expenses",),
    "政府性基金预算财政拨款支出": ("gov_fund_expenditure",),
    "国有资本经营预算财政拨款支出": ("state_capital_expenditure",),
    "财政拨款“三公”经费支出": ("three_public_total",),
    "“三公”经费财政拨款支出": ("three_public_total",),
    "“三公”经费支出": ("three_public_total",),
    "因公出国(境)费": ("overseas_travel",),
    "因公出国(境)经费": ("overseas_travel",),
    "因公出国(境)费用": ("overseas_travel",),
    "因公出国(境)支出": ("overseas_travel",),
    "公务用车购置及运行维护费": ("vehicle_total",),
    "公务用车购置及运行费": ("vehicle_total",),
    "公务用车购置费": ("vehicle_purchase",),
    "公务用车购置支出": ("vehicle_purchase",),
    "公务用车运行维护费": ("vehicle_operation",),
    "公务用车运行维护支出": ("vehicle_operation",),
    "公务接待费": ("official_reception",),
    "机关运行经费": ("operating_expenses",),
    "政府采购支出总额": ("procurement_total",),
    "政府采购金额": ("procurement_total",),
    "政府采购货物支出": ("procurement_goods",),
    "货物采购金额": ("procurement_goods",),
    "政府采购工程支出": ("procurement_works",),
    "工程采购金额": ("procurement_works",),
    "政府采购服务支出": ("procurement_services",),
    "服务采购金额": ("procurement_services",),
    "授予中小企业合同金额": ("procurement_sme",),
    "年初预算数": ("budget_initial",),
    "公务用车保有量": ("vehicles_count",),
    "共有公务用车": ("vehicles_count",),
    "共有车辆": ("vehicles_count",),
    "实有人数": ("staff_total",),
    "实有人员": ("staff_total",),
    # read as themselves so the shorter labels inside them stay silent
    "政府性基金预算财政拨款收入总计": (),
    "政府性基金预算财政拨款支出总计": (),
    "国有资本经营预算财政拨款收入总计": (),
    "国有资本经营预算财政拨款支出总计": (),
    "年初财政拨款结转和结余": (),
    "年末财政拨款结转和结余": (),
    "本年财政拨款支出": (),
    "固定资产车辆": (),
    "公务用车购置数": (),
    "授予小微企业合同金额": (),
    "国内公务接待支出": (),
    "外事接待支出": (),
}
COUNT_KEYS = {"vehicles_count": "辆", "staff_total": "人"}

_LABEL_RE = re.compile(
    "|".join(re.escape(label) for label in sorted(LABELS, key=len, reverse=True))
)
_GAP_TOKEN = (
    r"(?:[:：\s]|为|是|共计|共|计|合计|总额|支出|决算数|决算|数|均为|均|的|各|达|\([^()\n]{0,16}\))"
)
_BUDGET = r"(?P<budget>(?:全年|年初)?预算(?:数)?(?:为)?)"
_AMOUNT = rf"(?P<num>{NUMBER})\s*(?P<unit>亿元|万元|千元|元|万(?![\u4e00-\u9fff])|人|辆)"
_VALUE = re.compile(rf"(?:{_GAP_TOKEN}){{0,5}}?(?:{_BUDGET}(?:{_GAP_TOKEN}){{0,3}}?)?{_AMOUNT}")
_SHARE = re.compile(rf"[,，]?\s*占(?P<basis>[^0-9,，。;%\n]{{0,20}}?)(?:的)?\s*(?P<pct>{NUMBER})%")
_ACTUAL_AFTER_BUDGET = re.compile(
    rf"[,，]?\s*(?:支出)?决算(?:数)?(?:为)?\s*(?P<num>{NUMBER})\s*(?P<unit>亿元|万元|千元|元|万(?![\u4e00-\u9fff]))"
)
_CHANGE = re.compile(
    rf"(?:比|较|与)(?:上年度?|上一年度|\d{{4}}年度?)(?:决算)?(?:相比)?[,，]?"
    rf"(?P<subject>[^0-9,，。;\n]{{0,30}}?)"
    rf"(?P<dir>增加|减少|增长|下降)(?:/(?:增加|减少)|\((?:增加|减少)\))?\s*"
    rf"(?P<num>{NUMBER})\s*(?P<unit>亿元|万元|千元|元|万(?![\u4e00-\u9fff]))"
    rf"(?:[,，]\s*(?P<dir2>增长|下降|增加|减少)(?:/(?:增长|下降)|\((?:增长|下降)\))?\s*(?P<pct>{NUMBER})%?)?"
)
_ANY_AMOUNT = re.compile(rf"{NUMBER}\s*(?:亿元|万元|千元|元|万(?![\u4e00-\u9fff]))")
_PERCENT = re.compile(rf"{NUMBER}\s*%")

# Keys a section's text may state; elsewhere they mean something narrower.
_TOTAL_KEYS = {
    "income_total",
    "expenditure_total",
    "income_current_year",
    "expenditure_current_year",
    "carryover_begin",
    "carryover_end",
    "non_fiscal_balance_used",
    "balance_distribution",
    "fiscal_income_total",
    "fiscal_expenditure_total",
    "basic_expenditure",
    "project_expenditure",
}
_NOT_IN = {
    "gov_fund": _TOTAL_KEYS,
    "state_capital": _TOTAL_KEYS,
    "three_public": _TOTAL_KEYS,
    "performance": _TOTAL_KEYS | {"personnel_expenses", "public_expenses"},
    "operating_expenses": {"personnel_expenses", "public_expenses"},
}
_SILENT_SECTIONS = {"glossary", "duties", "attachments"}
# In the parts on one kind of fund, "本年收入/支出" and "年初预算数" are that fund's.
_REMAP = {
    "gov_fund": {
        "income_current_year": "gov_fund_income",
        "expenditure_current_year": "gov_fund_expenditure",
        "budget_initial": "gov_fund_expenditure_budget",
    },
    "state_capital": {
        "income_current_year": "state_capital_income",
        "expenditure_current_year": "state_capital_expenditure",
        "budget_initial": "state_capital_expenditure_budget",
    },
    "general_budget": {"budget_initial": "general_budget_expenditure_budget"},
}
_IMPLIED_BASIS = {
    "income": "income_current_year",
    "expenditure": "expenditure_current_year",
    "three_public": "three_public_total",
    "procurement": "procurement_total",
}
_SUBJECTS = [
    (re.compile(r"政府性基金预算财政拨款收入支出总(?:体|计)"), ("gov_fund_expenditure",)),
    (re.compile(r"国有资本经营预算财政拨款收入支出总(?:体|计)"), ("state_capital_expenditure",)),
    (re.compile(r"财政拨款收入支出总(?:体|计)|财政拨款收、?支总计"), PAIR_FISCAL),
    (re.compile(r"收入支出总(?:体|计)|收、?支总计"), PAIR_TOTALS),
]


@dataclass
class _Found:
    key: str
    value: float
    start: int
    end: int


class TextFigures:
    """Reads the figures of a document's flow text, section by section."""

    def __init__(self, index: TextIndex, headings: list[Heading], origin: str = "text") -> None:
        self.index = index
        self.origin = origin
        self._starts = [h.line.start for h in headings if h.key or h.title.startswith("第")]
        self._keys = [h.key for h in headings if h.key or h.title.startswith("第")]
        self.figures: list[Figure] = []
        self._found: list[_Found] = []
        self._ocr_pages: set[int] = set()
        self._consumed = 0

    def section_at(self, offset: int) -> str | None:
        position = bisect.bisect_right(self._starts, offset) - 1
        return self._keys[position] if position >= 0 else None

    def read(self, ocr_pages: Iterable[int] = ()) -> list[Figure]:
        self._ocr_pages = set(ocr_pages)
        flow = self.index.flow
        self._consumed = 0
        for match in _LABEL_RE.finditer(flow):
            if match.start() < self._consumed:
                continue  # inside a clause already read ("基本支出年初预算数为…")
            keys = LABELS[match.group(0)]
            section = self.section_at(match.start())
            if not keys or section in _SILENT_SECTIONS:
                continue
            remap = _REMAP.get(section or "", {})
            keys = tuple(remap.get(k, k) for k in keys)
            keys = tuple(k for k in keys if k not in _NOT_IN.get(section or "", ()))
            if keys:
                self._value_after(keys, match, section)
        for match in _CHANGE.finditer(flow):
            self._change(match)
        return self.figures

    # -- values, budgets, shares --------------------------------------------------------

    def _value_after(
        self, keys: tuple[str, ...], label: re.Match[str], section: str | None
    ) -> None:
        flow = self.index.flow
        match = _VALUE.match(flow, label.end())
        if not match:
            return
        gap_end = match.start("budget") if match.group("budget") else match.start("num")
        if _LABEL_RE.search(flow, label.end(), gap_end):
            return  # another label sits between: the amount is its
        unit = match.group("unit")
        counting = all(k in COUNT_KEYS for k in keys)
        if counting != (unit in ("人", "辆")) or (counting and unit != COUNT_KEYS[keys[0]]):
            return
        value = (
            parse_number(match.group("num")) if counting else to_wanyuan(match.group("num"), unit)
        )
        start, end = label.start(), match.end()
        self._consumed = end
        if keys[0].endswith("_budget"):  # "年初预算数" read in a fund's own part
            self._add(keys[0], value, "万元", start, end)
            return
        if match.group("budget"):
            if keys == ("budget_initial",):
                return
            for key in keys:
                self._add(f"{key}_budget", value, "万元", start, end)
            actual = _ACTUAL_AFTER_BUDGET.match(flow, end)
            if actual:
                value = to_wanyuan(actual.group("num"), actual.group("unit"))
                for key in keys:
                    self._add(key, value, "万元", start, actual.end(), found=True)
            return
        for key in keys:
            self._add(key, value, COUNT_KEYS.get(key, "万元"), start, end, found=True)
        share = _SHARE.match(flow, end)
        if share and not counting:
            basis = self._basis(share.group("basis"), section)
            for key in keys:
                self._add(
                    f"{key}_share",
                    parse_number(share.group("pct")),
                    "%",
                    start,
                    share.end(),
                    basis=basis,
                )

    def _basis(self, text: str, section: str | None) -> str | None:
        text = text.strip()
        if text:
            label = _LABEL_RE.search(text)
            if label and LABELS[label.group(0)]:
                return LABELS[label.group(0)][0]
        return _IMPLIED_BASIS.get(section or "")

    # -- changes against the prior year ------------------------------------------------

    def _change(self, match: re.Match[str]) -> None:
        if "/" in match.group(0) and parse_number(match.group("num")) != 0:
            return  # "增加/减少 5万元": a template left unfilled, no direction
        keys = self._change_subject(match)
        if not keys:
            return
        sign = -1.0 if match.group("dir") in ("减少", "下降") else 1.0
        change = sign * to_wanyuan(match.group("num"), match.group("unit"))
        pct = None
        if match.group("pct"):
            pct_sign = (
                -1.0 if (match.group("dir2") or match.group("dir")) in ("减少", "下降") else 1.0
            )
            pct = pct_sign * abs(parse_number(match.group("pct")))
        for key in keys:
            self._add(f"{key}_change", change, "万元", match.start(), match.end(), basis=key)
            if pct is not None:
                self._add(f"{key}_change_pct", pct, "%", match.start(), match.end(), basis=key)
            current = self._latest(key, match.start())
            if current is not None:
                implied = round(current.value - change, 6)
                self._add(
                    f"{key}_prev_implied", implied, "万元", match.start(), match.end(), basis=key
                )

    def _change_subject(self, match: re.Match[str]) -> tuple[str, ...]:
        flow = self.index.flow
        section = self.section_at(match.start())
        if section in _SILENT_SECTIONS:
            return ()
        subject = match.group("subject")
        keys = _subject_keys(subject)
        if keys:
            return keys
        sentence_start = max(flow.rfind(stop, 0, match.start()) for stop in ("。", "\n", ";")) + 1
        prefix = flow[sentence_start : match.start()]
        # The nearest amount before the clause is the figure it compares, if it is one.
        amounts = list(_ANY_AMOUNT.finditer(prefix))
        if amounts:
            last = sentence_start + amounts[-1].end()
            found = [f for f in self._found if f.end == last]
            if found:
                return tuple(dict.fromkeys(f.key for f in found))
            return ()
        keys = _subject_keys(prefix)
        if keys:
            return keys
        if prefix.strip(" ,，") in ("", "与上年相比", "与上年度相比") or re.fullmatch(
            r"与\d{4}年度?相比[,，]?", prefix
        ):
            # "…支出701.53万元，占…。与上年相比，增加…": the previous sentence's figure.
            window = flow[max(0, sentence_start - 160) : sentence_start]
            amounts = [m for m in _ANY_AMOUNT.finditer(window)]
            if amounts:
                last = sentence_start - len(window) + amounts[-1].end()
                found = [f for f in self._found if f.end == last]
                if found and self.section_at(found[0].start) == section:
                    return tuple(dict.fromkeys(f.key for f in found))
        return ()

    def _latest(self, key: str, before: int) -> _Found | None:
        candidates = [f for f in self._found if f.key == key and f.start < before]
        return candidates[-1] if candidates else None

    def _add(
        self,
        key: str,
        value: float,
        unit: str,
        start: int,
        end: int,
        basis: str | None = None,
        found: bool = False,
    ) -> None:
        page = self.index.page_at(start)
        origin = "ocr" if page in self._ocr_pages else self.origin
        figure = Figure(
            key=key,
            value=value,
            unit=unit,
            page=page,
            text=self.index.snippet(start, end),
            origin=origin,
            basis=basis,
        )
        self.figures.append(figure)
        if found:
            self._found.append(_Found(key, value, start, end))


def _subject_keys(text: str) -> tuple[str, ...]:
    text = text.strip(" ,，")
    if not text:
        return ()
    for pattern, keys in _SUBJECTS:
        if pattern.search(text):
            return keys
    labels = [m.group(0) for m in _LABEL_RE.finditer(text)]
    for label in reversed(labels):
        keys = tuple(k for k in LABELS[label] if k in FIGURES)
        if keys:
            return keys
    return ()


__all__ = ["LABELS", "TextFigures"]
