"""Title (and text) -> department, fiscal year, document type and level: the one classifier.

The crawler decides from it which listing items to fetch; the parser names the documents
it reads with it. The department is read first, from a name grammar (an administrative
division, a body, an organisation suffix, an optional level marker) and from the source's
roster when there is one. Only the rest of the title then decides whether the item is
noise, so that a word inside a department's own name (审计局, 新闻出版局, 会议中心,
培训中心, 融媒体中心) never hides its accounts.

Texts are tried in order of trust (the full ``title`` attribute, the detail page's title,
the file name); each field comes from the first text that yields it. The publication
date never gives the fiscal year.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from fiscalwatch.departments import department_key, normalise_text
from fiscalwatch.models import DEFAULT_LEVEL, DOC_TYPES, LEVELS

DISCLOSURE_TYPES = frozenset({"final_account", "budget", "performance"})

_FULLWIDTH = str.maketrans("０１２３４５６７８９\u3000", "0123456789 ")

# "2024年度", "2024 年", "2024年" but not "2024年8月" (a date) nor "20240815".
_YEAR = re.compile(r"(?<!\d)(20\d{2})\s*(?:年度|年(?!\s*\d{1,2}\s*月)|度)")
_DATE = re.compile(r"20\d{2}\s*(?:年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|[-/.]\d{1,2}[-/.]\d{1,2})")
_BARE_YEAR = re.compile(r"(?<![\d.])(20\d{2})(?![\d.年月-])")
_ANY_YEAR = re.compile(r"(?<!\d)20\d{2}(?!\d)")
_FILE_EXTENSION = re.compile(r"\.(?:pdf|docx?|xlsx?|wps|et|ofd|zip|rar|html?)$", re.I)

_PERFORMANCE = re.compile(r"绩效.{0,6}(?:自评|评价|报告|自查)|(?:自评|评价)报告")
_FINAL = re.compile(r"(?<!预)决算")
_BUDGET = re.compile(r"预算(?!执行)")
_BOTH = re.compile(r"预决算")
_TYPE_WORD = re.compile(r"预决算|决算|预算|绩效")

# -- the department name grammar ----------------------------------------------------------
# Organisation suffixes (templates.md, rosters): a name ends with one of these, optionally
# followed by a level marker. Single characters that also end ordinary verbs or nouns
# (组, 会, 部, 台, 园) only count inside the longer forms listed.
_SUFFIXES = (
    "人民代表大会常务委员会办公室|人大常委会办公室|人民代表大会常务委员会|人大常委会|"
    "街道办事处|办事处|人民政府办公室|人民政府办公厅|人民政府|政府办公室|政府办|政府|"
    "委员会办公室|委员会|办公室|办公厅|联合会|协会|学会|商会|总工会|工会|红十字会|"
    "统一战线工作部|宣传部|组织部|统战部|武装部|政法委|社会工作部|外事工作委员会|"
    "信息化部|机关工委|工委|党委|纪委|监委|"
    "中心|集团|医院|卫生院|保健院|党校|学院|学校|中学|小学|幼儿园|大学|法院|检察院|"
    "支队|大队|中队|总队|调查队|"
    "管理处|管理所|管理站|管理局|服务局|事务局|"
    "局|厅|委|办|院|馆|处|站|队|所|社|署|校|镇|乡|场|"
    "街道"
)
_LEVEL_MARKER = r"(?:[(（](?:本级|部门|单位|机关|汇总)[)）]|本级|机关|部门本级)?"
_NAME_END = re.compile(rf"(?:{_SUFFIXES}){_LEVEL_MARKER}$")
# A division alone ("渠县", "全市", "市本级") is not a department.
_DIVISION_ONLY = re.compile(
    r"^(?:全|本)?(?:[\u4e00-\u9fff]{0,8}?(?:省|市|自治区|自治州|州|地区|盟|县|自治县|区|新区|旗))+"
    r"(?:本级|级)?$"
)
# Words that start the title's own sentence, not a name: the department stops before them.
_ACTION = re.compile(
    r"关于|召开|组织召开|举办|开展|推进|完成|印发|转发|发布|公开|顺利|圆满|扎实|审查|批准|"
    r"召集|部署|布置|举行|出台|下达|组织开展"
)
_LEADING = re.compile(r"^(?:关于|公开|印发|发布|转发|[《〈“\"【\[])+")
_TRAILING = re.compile(r"(?:的|及|和|与|、|[-—_:：\s》〉”\"】\]])+$")
_BRACKETED = re.compile(r"[(（【\[]([^)）】\]]{2,40})[)）】\]]")
_NOT_DEPARTMENT = re.compile(r"^(?:全|本级|附件|附表|点击|下载|查看|详情|全文|更正|修订|更新)")
_PLACEHOLDER = re.compile(r"^XX|^××")

# -- what makes the rest of the title noise ------------------------------------------------
# Notices, meetings, training, rules, interpretations, audits and news about the
# disclosures: never a department's own disclosure. Read only once the name is cut out.
_NOISE_WORDS: tuple[tuple[str, str], ...] = (
    (r"通知|通报|通告", "notice"),
    (r"会议(?!费)|座谈会|推进会|布置会|部署会|发布会|进点会|培训会|召开|举办|开班", "meeting"),
    (r"培训(?!费)", "training"),
    (r"审计|审查|整改", "audit"),
    (r"执行情况|预算执行|执行审计", "budget execution report"),
    (r"方案|办法|规定|规程|细则|制度|意见稿|征求.{0,30}意见", "rules or plan"),
    (r"解读|图解|一图读懂|问答|答记者问|解答|常见问题", "interpretation"),
    (r"新闻|动态|完成|顺利|圆满|扎实推进|集中公开|批复", "news"),
    (r"草案|议案|决议|审议", "legislature"),
    (r"目录|指南|模板|样表|填报|编制说明|编报|统计表|汇总|联系方式|使用说明", "guide or summary"),
    (r"结果的?公告|评价结果|检查", "inspection result"),
    (r"调整方案|预算调整|调整.{0,12}预算", "budget adjustment"),
)
_NOISE = [(re.compile(pattern), reason) for pattern, reason in _NOISE_WORDS]
# The government's own accounts (not a department's), whatever else the title says.
_GOVERNMENT = re.compile(
    r"总决算|财政决算|政府决算|政府预算|财政预算|[省市县区镇乡]本级|全[省市县区镇乡]|"
    r"[省市县区]级(?:决算|预算|财政)|财政重点|财政支出绩效|转移支付|债务|债券|"
    r"社会保险基金预算|综合财务报告"
)
# Budget kinds that name the government's accounts unless a department's are meant.
_GOVERNMENT_KINDS = re.compile(r"一般公共预算(?!财政拨款)|政府性基金预算|国有资本经营预算")
_DEPARTMENTAL = re.compile(r"部门|单位")


@dataclass(frozen=True)
class Classification:
    department: str | None
    fiscal_year: int | None
    doc_type: str
    """final_account | budget | performance | other"""
    noise: bool = False
    """A notice, meeting, report or the government's own accounts: not fetched."""
    level: str = DEFAULT_LEVEL
    """department | unit | own_office (本级)"""
    reason: str | None = None
    """Why the item is noise (``noise``) or not a disclosure (``other doc type``)."""

    @property
    def is_disclosure(self) -> bool:
        return not self.noise and self.doc_type in DISCLOSURE_TYPES

    @property
    def decision(self) -> str:
        """fetch | noise | other_type: what the crawler does with the item, and why."""
        if self.noise:
            return "noise"
        return "fetch" if self.doc_type in DISCLOSURE_TYPES else "other_type"


def classify(
    *texts: str | None, department: str | None = None, roster: Iterable[str] = ()
) -> Classification:
    """Classifies an item from its texts, most trusted first.

    ``department`` is the department known from the site (a department's page on a
    two-level site, or a source that belongs to one department); it wins over names read
    from titles. ``roster`` holds the source's known departments: a roster name found in
    a title is taken as written there.
    """
    return _classify(texts, department, tuple(roster))


# A crawl classifies each title two or three times (listing, detail page, file name);
# the result depends on the texts alone, so a bounded memo serves the repeats.
@lru_cache(maxsize=8192)
def _classify(
    texts: tuple[str | None, ...], department: str | None, roster: tuple[str, ...]
) -> Classification:
    cleaned = [clean(text) for text in texts if text and text.strip()]
    doc_type, noise, reason = "other", False, None
    for index, text in enumerate(cleaned):
        found = doc_type_of_title(text)
        if index == 0 or (not noise and doc_type == "other"):
            name = department_name(text, roster=roster)
            why = noise_reason(_without(text, name), found)
            if why and not noise:
                noise, reason = True, why
        if found != "other":
            doc_type = found
            break
    year = next((y for y in map(fiscal_year, cleaned) if y), None)
    name = department or next(
        (d for d in (department_name(t, roster=roster) for t in cleaned) if d), None
    )
    level = next(
        (lv for lv in map(level_of, cleaned) if lv not in (None, DEFAULT_LEVEL)), DEFAULT_LEVEL
    )
    if not noise and doc_type not in DISCLOSURE_TYPES:
        reason = "other doc type"
    return Classification(name, year, doc_type, noise, level, reason)


def fiscal_year(text: str) -> int | None:
    """The fiscal year a title names: "2024年度", "2024年" (not a date), or a bare 2024."""
    text = clean(text)
    match = _YEAR.search(text) or _BARE_YEAR.search(text)
    return int(match.group(1)) if match else None


def doc_type_of_title(text: str) -> str:
    text = clean(text)
    if _PERFORMANCE.search(text):
        return "performance"
    without_both = _BOTH.sub("", text)
    if _FINAL.search(without_both):
        return "final_account"
    if _BUDGET.search(without_both):
        return "budget"
    return "other"


# 本级 after a region (市本级, 县本级) is the region's own budget, not a department's office.
_OWN_OFFICE = re.compile(
    r"[(（]本级[)）]|部门本级|(?<![省市县区镇乡])本级(?:部门)?(?:\d{4}年度?)?(?:预算|决算)"
)
_UNIT = re.compile(r"单位(?:预算|决算)|预算单位[:：]|区级单位预算|级单位预算")
_DEPARTMENT = re.compile(r"部门(?:预算|决算)|预算主管部门[:：]")


def level_of(title: str | None, text: str = "") -> str | None:
    """``department`` (部门预算/决算), ``unit`` (单位预算/决算) or ``own_office`` (本级),
    from the title first, then the opening text (cover and 目录); None when neither
    says (it then counts as :data:`DEFAULT_LEVEL`)."""
    for part in (title or "", text[:600]):
        compact = re.sub(r"\s+", "", clean(part)) if part else ""
        if not compact:
            continue
        if _OWN_OFFICE.search(compact):
            return "own_office"
        unit = _UNIT.search(compact)
        department = _DEPARTMENT.search(compact)
        if unit and (not department or unit.start() < department.start()):
            return "unit"
        if department:
            return "department"
    return None


def department_name(text: str, *, roster: Iterable[str] = ()) -> str | None:
    """The department a title names, as written (level marker included), or None."""
    text = clean(text)
    known = _roster_match(text, roster)
    if known:
        return known
    text = _FILE_EXTENSION.sub("", text)
    text = _DATE.sub(" ", text)
    for segment in _segments(text):
        name = _name_in(segment)
        if name:
            return name
    # "2024年度部门决算公开（青川市民政局）": the name in brackets after the type.
    for match in _BRACKETED.finditer(text):
        name = _name_in(match.group(1))
        if name and name == _tidy(match.group(1)):
            return name
    return None


def noise_reason(rest: str, doc_type: str = "other") -> str | None:
    """Why a title (with the department's name already cut out) is noise, or None."""
    for pattern, reason in _NOISE:
        if pattern.search(rest):
            return reason
    if _GOVERNMENT.search(rest):
        return "government accounts"
    if _GOVERNMENT_KINDS.search(rest) and not _DEPARTMENTAL.search(rest):
        return "government accounts"
    return None


# -- whole documents: the title first, then the text --------------------------------------

_TITLE_YEAR = re.compile(
    r"(20\d{2})\s*年度?\s*(?:部门|单位)?\s*(?:决算|预算|部门整体|整体支出|项目支出)"
)
_TEXT_YEAR = re.compile(r"(20\d{2})\s*年度?")
_DEPARTMENT_IN_TEXT = [
    re.compile(r"编制(?:部门|单位)[:：](?P<dept>[^\s,，。\n:：]{2,40}?)(?:单位[:：]|\s|$)"),
    re.compile(r"纳入(?P<dept>[^,，。\n]{2,40}?)(?:\(部门\))?20\d{2}年度?部门决算编制范围"),
    re.compile(
        r"从(?:预算|部门决算)单位构成看[,，](?P<dept>[^,，。\n]{2,40}?)(?:\(部门\))?部门决算包括"
    ),
    re.compile(r"\n(?P<dept>[^,，。\n:]{4,40}?)(?:\(部门\))?20\d{2}年度?[,，]实有人数"),
]


def document_doc_type(title: str | None, text: str) -> str:
    """A document's type from its title, else from what its text talks about most."""
    head = title or text[:300]
    if re.search(r"绩效.{0,6}(?:自评|评价)", head):
        return "performance"
    if "决算" in head:
        return "final_account"
    if "预算" in head and "决算" not in text[:3000]:
        return "budget"
    if text.count("决算") >= 5:
        return "final_account"
    if len(re.findall(r"绩效.{0,6}(?:自评|评价)", text)) >= 2:
        return "performance"
    if text.count("部门预算") >= 2 or text.count("预算") >= 10:
        return "budget"
    return "other"


def document_fiscal_year(title: str | None, text: str) -> int | None:
    """The year in the title (not the publication date), else the one the text names most."""
    match = (_TITLE_YEAR.search(title) or _TEXT_YEAR.search(title)) if title else None
    match = match or _TITLE_YEAR.search(text[:400])
    if match:
        return int(match.group(1))
    years = Counter(int(m.group(1)) for m in _TEXT_YEAR.finditer(text))
    return years.most_common(1)[0][0] if years else None


def document_department(title: str | None, text: str) -> str | None:
    """The department a document names: by the name grammar on its title, else by the
    phrases its text uses about itself (编制单位:…, 纳入…部门决算编制范围, …)."""
    name = department_name(title) if title else None
    if name:
        return _without_marker(name)
    flow = "\n" + text
    for pattern in _DEPARTMENT_IN_TEXT:
        match = pattern.search(flow)
        if match:
            found = _without_marker(re.sub(r"\s+", "", match.group("dept")))
            if found:
                return found
    return None


def _without_marker(name: str) -> str:
    name = re.sub(r"[(（]部门[)）]$", "", name)
    return name.strip("“”\"'《》:,，")


def clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text.translate(_FULLWIDTH)).strip().strip("…").strip()
    return text


def _segments(text: str) -> list[str]:
    """The stretches of a title between its year and type words, in order."""
    pieces = re.split(rf"{_YEAR.pattern}|{_ANY_YEAR.pattern}|{_TYPE_WORD.pattern}", text)
    return [p for p in pieces if p and not re.fullmatch(r"20\d{2}", p) and p.strip()]


def _name_in(segment: str) -> str | None:
    """The longest name at the start of a segment: a body ending in a suffix, extended
    over sub-units ("国家统计局" + "统计教育培训中心") but not over the title's own words."""
    head = _tidy(re.split(r"[,，。;；:：、]", segment)[0])
    action = _ACTION.search(head)
    if action and action.start() > 0:
        head = head[: action.start()]
    elif action:
        return None
    best: str | None = None
    for end in range(len(head), 1, -1):
        candidate = _TRAILING.sub("", head[:end])
        if _looks_like_department(candidate):
            best = candidate
            break
    return best


def _looks_like_department(text: str) -> bool:
    if len(text) < 3 or len(text) > 60 or _NOT_DEPARTMENT.match(text):
        return False
    if re.search(r"[A-Za-z0-9]{6,}", text):  # P020240815...: a file id, not a name
        return False
    if _DIVISION_ONLY.match(text):
        return False
    return bool(_NAME_END.search(text))


def _roster_match(text: str, roster: Iterable[str]) -> str | None:
    """The longest roster name a title contains (by text or by matching key)."""
    normal = normalise_text(text)
    keyed = department_key(text)
    best: str | None = None
    for name in roster:
        written = normalise_text(name)
        key = department_key(name)
        hit = (written and written in normal) or (len(key) >= 3 and key in keyed)
        if hit and (best is None or len(written) > len(normalise_text(best))):
            best = name
    return best


def _without(text: str, name: str | None) -> str:
    """The title with the department's name cut out: what noise is judged on."""
    if not name:
        return text
    if name in text:
        return text.replace(name, " ", 1)
    return text


def _count(text: str, characters: str) -> int:
    return sum(text.count(c) for c in characters)


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", "", text.strip())
    for _ in range(3):
        text = _LEADING.sub("", text)
        text = _TRAILING.sub("", text)
        # Unbalanced brackets are the title's, not the name's: "(昆明市审计局".
        opens, closes = _count(text, "(（"), _count(text, ")）")
        inner = text[1:-1]
        if (
            text[:1] in "(（"
            and text[-1:] in ")）"
            and _count(inner, "(（") == _count(inner, ")）")
        ):
            text = text[1:-1]
        elif text[:1] in "(（" and opens > closes:
            text = text[1:]
        elif text[-1:] in ")）" and closes > opens:
            text = text[:-1]
    return text


__all__ = [
    "DISCLOSURE_TYPES",
    "DOC_TYPES",
    "LEVELS",
    "Classification",
    "classify",
    "clean",
    "department_name",
    "doc_type_of_title",
    "document_department",
    "document_doc_type",
    "document_fiscal_year",
    "fiscal_year",
    "level_of",
    "noise_reason",
]
