"""Title -> (department, fiscal year, document type): one pure function, no I/O.

Government columns mix departmental final accounts with budgets, performance
self-evaluations, the finance bureau's notices and the government's own accounts. The
crawler fetches only departmental disclosures; everything else is noise. Texts are
tried in order of trust (the full ``title`` attribute, the detail page's title, the file
name): each field comes from the first text that yields it. Link text is truncated on
most portals and the publication date says nothing about the fiscal year, so neither is
used here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOC_TYPES = ("final_account", "budget", "performance", "other")
DISCLOSURE_TYPES = frozenset({"final_account", "budget", "performance"})

_FULLWIDTH = str.maketrans("０１２３４５６７８９\u3000", "0123456789 ")

# "2024年度", "2024 年", "2024年" but not "2024年8月" (a date) nor "20240815".
_YEAR = re.compile(r"(?<!\d)(20\d{2})\s*(?:年度|年(?!\s*\d{1,2}\s*月)|度)")
_DATE = re.compile(r"20\d{2}\s*(?:年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|[-/.]\d{1,2}[-/.]\d{1,2})")
_BARE_YEAR = re.compile(r"(?<![\d.])(20\d{2})(?![\d.年月-])")

_PERFORMANCE = re.compile(r"绩效.{0,6}(?:自评|评价|报告|自查)|(?:自评|评价)报告")
_FINAL = re.compile(r"(?<!预)决算")
_BUDGET = re.compile(r"预算(?!执行)")
_BOTH = re.compile(r"预决算")

# Notices, meetings and reports about the disclosures, not disclosures themselves.
_NOISE = re.compile(
    r"的?通知|通告|工作会议|培训|会议|征求意见|草案|执行情况|审计|决议|审查|"
    r"工作方案|实施方案|管理办法|办法|规定|解读|问答|答记者问|新闻|动态|"
    r"目录|指南|模板|样表|填报|编制说明"
)
# The government's own (not a department's) accounts.
_GOVERNMENT_LEVEL = re.compile(
    r"总决算|财政决算|政府决算|本级决算|全市|全县|全区|全省|"
    r"一般公共预算|政府性基金预算|国有资本经营预算|社会保险基金预算|转移支付|债务"
)
_DEPARTMENTAL = re.compile(r"部门|单位")

# What is left once year and type are cut out: leading/trailing boilerplate.
_LEADING = re.compile(r"^(?:关于|公开|印发|发布|转发)+")
_TYPE_PHRASE = re.compile(
    r"(?:部门|单位)?(?:整体支出|项目支出)?"
    r"(?:预决算|决算|预算|绩效自评报告|绩效自评表|绩效评价报告|绩效自评|绩效)"
    r".*$"
)
_TRAILING = re.compile(r"(?:的|及|和|与|、|[-—_:：\s])+$")
_BRACKETED = re.compile(r"[（(]([^）)]{2,40})[）)]")
_DEPARTMENT_END = re.compile(
    r"(?:局|委|委员会|办|办公室|院|厅|部|会|联合会|中心|站|馆|所|队|处|室|社|府|政府|"
    r"学校|校|台|团|司|署|组|园|本级|[（(](?:本级|部门|单位)[）)])$"
)
_NOT_DEPARTMENT = re.compile(r"^(?:附件|附表|点击|下载|查看|详情|全文|更正|修订|更新)")


@dataclass(frozen=True)
class Classification:
    department: str | None
    fiscal_year: int | None
    doc_type: str
    """final_account | budget | performance | other"""
    noise: bool = False
    """A notice, meeting, report or the government's own accounts: not fetched."""

    @property
    def is_disclosure(self) -> bool:
        return not self.noise and self.doc_type in DISCLOSURE_TYPES


def classify(*texts: str | None, department: str | None = None) -> Classification:
    """Classifies a listing item from its texts, most trusted first.

    ``department`` is the department known from the site (a department's own page on
    a two-level site, or a source that belongs to one department); it wins over names
    read from titles.
    """
    cleaned = [_clean(text) for text in texts if text and text.strip()]
    doc_type = "other"
    noise = False
    for index, text in enumerate(cleaned):
        found = _doc_type(text)
        if index == 0 or (noise is False and doc_type == "other"):
            noise = noise or _is_noise(text, found)
        if found != "other":
            doc_type = found
            break
    year = next((y for y in map(fiscal_year, cleaned) if y), None)
    name = department or next((d for d in map(department_name, cleaned) if d), None)
    return Classification(name, year, doc_type, noise)


def fiscal_year(text: str) -> int | None:
    """The fiscal year a title names: "2024年度", "2024年" (not a date), or a bare 2024."""
    text = _clean(text)
    match = _YEAR.search(text) or _BARE_YEAR.search(text)
    return int(match.group(1)) if match else None


def doc_type(text: str) -> str:
    return _doc_type(_clean(text))


def department_name(text: str) -> str | None:
    """The department a title names, as written (brackets and all), or None."""
    text = _clean(text)
    text = re.sub(r"\.(?:pdf|docx?|xlsx?|wps|et|ofd|zip|rar|html?)$", "", text, flags=re.I)
    text = _DATE.sub(" ", text)
    stripped = _YEAR.sub(" ", text)
    stripped = re.sub(r"(?<!\d)20\d{2}(?!\d)", " ", stripped)
    head = _TYPE_PHRASE.sub("", stripped)
    candidate = _tidy(head)
    if _looks_like_department(candidate):
        return candidate
    # "2024年度部门决算公开（青川市民政局）": the name in brackets after the type.
    for match in _BRACKETED.finditer(text):
        inner = _tidy(match.group(1))
        if _looks_like_department(inner):
            return inner
    return None


def _doc_type(text: str) -> str:
    if _PERFORMANCE.search(text):
        return "performance"
    without_both = _BOTH.sub("", text)
    if _FINAL.search(without_both):
        return "final_account"
    if _BUDGET.search(without_both):
        return "budget"
    return "other"


def _is_noise(text: str, found: str) -> bool:
    if found == "performance":
        return bool(re.search(r"的?通知|会议|培训|工作方案", text))
    if _NOISE.search(text):
        return True
    return bool(_GOVERNMENT_LEVEL.search(text) and not _DEPARTMENTAL.search(text))


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_FULLWIDTH)).strip().strip("…").strip()


def _tidy(text: str) -> str:
    text = _LEADING.sub("", text.strip())
    text = re.sub(r"\s+", "", text)
    return _TRAILING.sub("", text)


def _looks_like_department(text: str) -> bool:
    if len(text) < 3 or len(text) > 60 or _NOT_DEPARTMENT.match(text):
        return False
    if re.search(r"[A-Za-z0-9]{6,}", text):  # P020240815...: a file id, not a name
        return False
    return bool(_DEPARTMENT_END.search(text))
