"""Text normalisation: what PDF exports and web pages do to Chinese text.

Every quirk handled here has a regression test in tests/parsing/test_normalize.py.
"""

from __future__ import annotations

import functools
import operator
import re
import unicodedata
from pathlib import Path
from typing import Any

# Quote characters seen around “三公” and other quoted labels; unified to “ ” so one
# label pattern matches them all (NFKC would leave most of them alone).
_QUOTES = "\"'‘’“”「」『』〝〞＂＇″′"
_QUOTED = re.compile(f"[{_QUOTES}]([^{_QUOTES}\\n]{{1,12}}?)[{_QUOTES}]")

# Reduplicated words that legitimately repeat a character across a line break.
_REDUPLICATIONS = set("人常天年个处渐刚仅谢往时多纷层步事家户一项条件逐")

_TABLE_NUMBER = re.compile(r"^表\s*[\d一二三四五六七八九十]")
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{_CJK}]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_NON_ASCII_VISIBLE = re.compile(r"[^\x00-\x7f\s]")  # \s: what str.isspace() calls space
# Word field codes printed instead of their result: "…情况说明 PAGEREF _Toc16112 h 4".
_FIELD_CODE = re.compile(r"[ \t]*(?:PAGEREF|HYPERLINK\s+\\l)\s+\"?_Toc\d+\"?(?:\s*\\?h)?", re.I)
_MARKUP = re.compile(r"\*\*|__|^\s*#{1,6}\s+|^\s*[-*+]\s+(?=\S)", re.M)
_SPACE_RUN = re.compile(r"[ \t\u3000\xa0]+")
_SPACE_AROUND_CJK = re.compile("(?<=[^\\x00-\\x7f]) | (?=[^\\x00-\\x7f])")

TRADITIONAL_MIN = 2  # distinct traditional-only characters that make a line traditional
SHORT_TEXT = 60
_LEADER_RUN = re.compile(r"[.…·]{3,}\s*\d*")
NUMBER = r"[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
UNIT_FACTORS = {"亿元": 10000.0, "万元": 1.0, "万": 1.0, "千元": 0.1, "元": 0.0001}


def is_cjk(char: str) -> bool:
    return bool(_CJK_RE.match(char))


def normalize_text(text: str) -> str:
    """NFKC (full-width letters, digits and punctuation to half-width, Kangxi and CJK
    compatibility radicals to the ordinary ideographs), traditional characters to
    simplified, unified quotes, no markup."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    text = to_simplified(unicodedata.normalize("NFKC", text))
    if "_" in text:  # every field code names a "_Toc" bookmark
        text = _FIELD_CODE.sub("", text)
    text = _QUOTED.sub(lambda m: f"“{m.group(1)}”", text)
    text = text.replace("−", "-").replace("—", "—")
    text = _MARKUP.sub("", text)
    return text


@functools.cache
def _traditional() -> tuple[frozenset[str], Any]:
    """OpenCC's t2s converter and the characters only traditional text uses (from its
    own TSCharacters table): simplified text never pays for OpenCC."""
    import opencc

    table = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    only: set[str] = set()
    for line in table.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        if source and source not in targets.split():
            only.add(source)
    return frozenset(only), opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """收入支出決算總表 -> 收入支出决算总表 (OpenCC t2s), line by line, only where a line
    has traditional-only characters: two or more, or any in a short line such as a
    title (one in a long simplified sentence, "乾隆", stays as it is)."""
    only, converter = _traditional()
    if only.isdisjoint(text):  # stops at the first traditional character; builds no set
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines):
        found = only.intersection(set(line))
        short = len(_LEADER_RUN.sub("", line)) <= SHORT_TEXT  # a contents entry is short
        if found and (len(found) >= TRADITIONAL_MIN or short):
            lines[number] = str(converter.convert(line))
    return "\n".join(lines)


def normalize_line(line: str) -> str:
    """One visual line, spaces collapsed and dropped next to CJK characters."""
    line = _SPACE_RUN.sub(" ", line).strip()
    return _SPACE_AROUND_CJK.sub("", line) if " " in line else line


def fix_wrap_doubling(lines: list[str]) -> list[str]:
    """Some exports repeat the last glyph of a wrapped line at the start of the next
    ("人才工作培训、组" / "组织部管理"): drop the repeat unless it is a real word."""
    fixed = list(lines)
    for i in range(1, len(fixed)):
        prev, cur = fixed[i - 1], fixed[i]
        if len(prev) < 2 or len(cur) < 2:
            continue
        char = prev[-1]
        if _TABLE_NUMBER.match(cur):
            continue  # "…报表" then "表1 收入支出决算总表": a new line, not a wrap
        if cur[0] == char and is_cjk(char) and cur[1] != char and char not in _REDUPLICATIONS:
            fixed[i] = cur[1:]
    return fixed


def doubled_glyph_share(text: str) -> float:
    """Share of CJK characters immediately repeated ("组组织织部部"): high when a PDF
    draws each glyph twice for fake bold."""
    chars = _CJK_RE.findall(text)  # every page is asked: a regex, not a loop per character
    if len(chars) < 20:
        return 0.0
    pairs = sum(map(operator.eq, chars, chars[1:]))
    return pairs / len(chars)


def undouble(text: str) -> str:
    """Collapses every doubled CJK glyph pair; used on pages found doubled."""
    return re.sub(f"([{_CJK}])\\1", r"\1", text)


def flow_join(prev: str, cur: str) -> str:
    """The separator to put between two lines when they are read as one paragraph."""
    if not prev or not cur:
        return ""
    a, b = prev[-1], cur[0]
    if a.isascii() and b.isascii() and (a.isalnum() or a in ".%") and (b.isalnum() or b == "-"):
        # "1,062.\n85" is one number wrapped; "446.11\n2080506" are two table cells.
        if a in ".," and b.isdigit():
            return ""
        return " "
    return ""


def parse_number(text: str) -> float:
    return float(text.replace(",", "").replace("−", "-"))


def to_wanyuan(number: str, unit: str) -> float:
    """An amount in the unit the text gives it, converted to 万元 (2 decimals kept)."""
    value = parse_number(number) * UNIT_FACTORS.get(unit, 1.0)
    return round(value, 6)


def gb2312_share(text: str) -> float:
    """Share of the non-ASCII, non-space characters that GB2312 can encode: a garbage
    text layer (broken ToUnicode maps) is mostly private-use or odd symbols."""
    chars = _NON_ASCII_VISIBLE.findall(text)
    if not chars:
        return 1.0
    # One encode for the page: each character GB2312 lacks becomes one "?", and the
    # characters themselves are all non-ASCII, so the "?"s count exactly those.
    bad = "".join(chars).encode("gb2312", errors="replace").count(b"?")
    return (len(chars) - bad) / len(chars)
