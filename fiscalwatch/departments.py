"""Department identity across years and sites: the one place names are normalised.

``department_key`` maps the variants a department's name takes (中共 prefixes,
abbreviations like 卫健委, "(部门)"/"本级" suffixes, full- and half-width brackets,
spaces) to one matching key. The full name is always kept as given; only the key is
used to match documents of different years.
"""

from __future__ import annotations

import re
import unicodedata

# Long forms first where one abbreviation is a prefix of another.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("机构编制委员会办公室", "编办"),
    ("卫生健康委员会", "卫健委"),
    ("发展和改革委员会", "发改委"),
    ("发展改革委员会", "发改委"),
    ("住房和城乡建设局", "住建局"),
    ("住房和城乡建设委员会", "住建委"),
    ("人力资源和社会保障局", "人社局"),
    ("市场监督管理局", "市场监管局"),
    ("自然资源和规划局", "自然资源局"),
    ("规划和自然资源局", "自然资源局"),
    ("教育委员会", "教委"),
    ("人民政府办公室", "政府办"),
    ("人民政府办公厅", "政府办"),
    ("委员会", "委"),
)

_SUFFIXES = re.compile(r"(\(部门\)|\(本级\)|\(单位\)|部门本级|本级|机关)$")
_NOISE = re.compile(r"[\s\u3000·•,，、.。:：;；\"'“”‘’《》<>〈〉]")


def normalise_text(name: str) -> str:
    """NFKC (full-width brackets and digits to ASCII, Kangxi radicals to CJK), no spaces."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", name or ""))


def department_key(name: str | None) -> str:
    """Matching key for a department name; '' for an empty name."""
    if not name:
        return ""
    key = normalise_text(name)
    key = key.removeprefix("中国共产党").removeprefix("中共")
    # 市委委员会 is a common typo (seed 002); 市委员会 and 市委 mean the same body.
    key = key.replace("委委员会", "委员会")
    for _ in range(2):
        key = _SUFFIXES.sub("", key)
    for long, short in ABBREVIATIONS:
        key = key.replace(long, short)
    return key
