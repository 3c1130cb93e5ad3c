"""Department identity across years and sites: the one place names are normalised.

``department_key`` maps the variants a department's name takes (中共 prefixes, 委员会 vs
委, abbreviations like 卫健委, "(部门)"/"(本级)"/"机关" suffixes, full- and half-width
brackets, spaces, the 市委委员会 typo) to one matching key. The full name is always kept
as given; only the key is used to match documents of different years.

:class:`DepartmentMatcher` goes one step further inside one region, where a roster or a
site may leave out the place name ("区卫健委" for "攀枝花市西区卫生健康委员会"): a key
that is the tail of exactly one longer key of the same region is the same department.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Applied in order, after 委员会 has become 委. Long forms first where one is a prefix
# of another; each right-hand side is the form people write in rosters and titles.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("中国人民政治协商会议", "政协"),
    ("人民代表大会常务委", "人大常委"),
    ("中国共产主义青年团", "共青团"),
    ("纪律检查委", "纪委"),
    ("机构编制委办公室", "编办"),
    ("编委办公室", "编办"),
    ("编委办", "编办"),
    ("卫生健康委", "卫健委"),
    ("卫生和健康委", "卫健委"),
    ("发展和改革委", "发改委"),
    ("发展改革委", "发改委"),
    ("民族宗教事务委", "民宗委"),
    ("住房和城乡建设局", "住建局"),
    ("住房和城乡建设委", "住建委"),
    ("住房城乡建设局", "住建局"),
    ("人力资源和社会保障局", "人社局"),
    ("人力资源社会保障局", "人社局"),
    ("市场监督管理局", "市场监管局"),
    ("自然资源和规划局", "自然资源局"),
    ("规划和自然资源局", "自然资源局"),
    ("文化和旅游局", "文旅局"),
    ("文化广电和旅游局", "文广旅局"),
    ("工业和信息化局", "工信局"),
    ("科学技术局", "科技局"),
    ("交通运输局", "交通局"),
    ("医疗保障局", "医保局"),
    ("机关事务管理局", "机关事务局"),
    ("退役军人事务局", "退役军人局"),
    ("教育委", "教委"),
    ("人民政府办公室", "政府办"),
    ("人民政府办公厅", "政府办"),
    ("政府办公室", "政府办"),
    ("政府办公厅", "政府办"),
    ("人民政府", "政府"),
)

NAME_SUFFIXES = re.compile(r"(\(部门\)|\(本级\)|\(单位\)|\(机关\)|部门本级|本级|机关)$")
_NOISE = re.compile(r"[\s\u3000·•,，、.。:：;；\"'“”‘’《》<>〈〉\[\]【】]")
# The tail of a longer key must keep at least this many characters to stand for it,
# and be cut where a place or a party committee ends ("乌鲁木齐市|委编办", "西区|卫健委"),
# so that "公安局" never stands for "铁路公安局".
MIN_TAIL = 3
_BOUNDARY = set("省市区县州旗盟镇乡委")


def normalise_text(name: str) -> str:
    """NFKC (full-width brackets and digits to ASCII, Kangxi radicals to CJK), no spaces."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", name or ""))


def department_key(name: str | None, *, repair_typos: bool = True) -> str:
    """Matching key for a department name; '' for an empty name.

    ``repair_typos=False`` keeps misspellings apart (the key then says only whether two
    names are the same *forms* of one name: department_name_mismatch uses it)."""
    if not name:
        return ""
    key = normalise_text(name)
    key = key.removeprefix("中国共产党").removeprefix("中共")
    if repair_typos:
        # 市委委员会 is a common typo (seed 002).
        key = key.replace("委委员会", "委员会")
    # 市委员会 and 市委 mean the same body.
    key = key.replace("委员会", "委")
    for _ in range(2):
        key = NAME_SUFFIXES.sub("", key)
    for long, short in ABBREVIATIONS:
        key = key.replace(long, short)
    return key


class DepartmentMatcher:
    """Resolves the keys of one region to one key per department.

    A key that is the tail (see ``is_tail``) of exactly one *maximal* key (a key
    that is the tail of no other) stands for that key: "区卫健委" -> "攀枝花市西区卫健委".
    A tail shared by two departments ("区委编办" of 东区 and 西区) stays on its own.
    The store persists what it decides (fiscalwatch.store.departments).
    """

    def __init__(self, keys: Iterable[str]) -> None:
        known = sorted({k for k in keys if k}, key=len, reverse=True)
        maximal: list[str] = []
        for key in known:
            if not any(is_tail(key, other) for other in maximal):
                maximal.append(key)
        self._canonical: dict[str, str] = {}
        for key in known:
            owners = [m for m in maximal if is_tail(key, m)]
            if key in maximal:
                self._canonical[key] = key
            elif len(owners) == 1:
                self._canonical[key] = owners[0]
            else:
                self._canonical[key] = key

    def canonical(self, key: str) -> str:
        return self._canonical.get(key, key)


def is_tail(tail: str, key: str) -> bool:
    """True when ``tail`` may stand for ``key`` (see :class:`DepartmentMatcher`)."""
    if len(tail) < MIN_TAIL or len(tail) >= len(key) or not key.endswith(tail):
        return False
    return key[-len(tail) - 1] in _BOUNDARY or tail[0] in _BOUNDARY


def same_department(a: str | None, b: str | None) -> bool:
    """True when two names of one region mean the same department."""
    key_a, key_b = department_key(a), department_key(b)
    if not key_a or not key_b:
        return False
    matcher = DepartmentMatcher([key_a, key_b])
    return matcher.canonical(key_a) == matcher.canonical(key_b)
