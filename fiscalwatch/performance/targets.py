"""Reading indicator values ("≥7044 人", "=4人", "≤37.49万元") and comparing them.

A target is a comparison sign, a number and a unit. Whether an actual value meets it
depends on the sign and on what is measured: for a cost indicator (成本指标) less is
better, so "=37.49万元" is a ceiling; for everything else "=4人" is a floor (doing more
than promised is not a shortfall).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fiscalwatch.performance.text import key

_WORD_OPS = {
    "大于等于": ">=",
    "不低于": ">=",
    "不少于": ">=",
    "至少": ">=",
    "小于等于": "<=",
    "不高于": "<=",
    "不超过": "<=",
    "不多于": "<=",
    "大于": ">",
    "小于": "<",
    "等于": "=",
    "≥": ">=",
    "≤": "<=",
    "＝": "=",
    "==": "=",
}
_VALUE = re.compile(
    r"^(?P<op>>=|<=|=>|=<|==|>|<|=|≥|≤|＝|大于等于|小于等于|不低于|不少于|至少|不高于|不超过|不多于|"
    r"大于|小于|等于)?(?P<num>[+-]?\d[\d,]*(?:\.\d+)?)(?P<unit>[^\d]*)$"
)
_FAILED_WORDS = ("未达到", "未完成", "未达成", "部分达到", "部分完成", "未实现")
_EPS = 1e-6


@dataclass(frozen=True)
class Value:
    op: str | None  # >=, <=, >, <, = or None when the cell has no sign
    number: float
    unit: str


def parse_value(text: str | None) -> Value | None:
    """'>=260家' -> Value('>=', 260, '家'); dates, ranges and words -> None."""
    raw = key(text).replace("％", "%")
    match = _VALUE.match(raw)
    if not match:
        return None
    op = match.group("op")
    if op:
        op = {"=>": ">=", "=<": "<="}.get(op, _WORD_OPS.get(op, op))
    unit = match.group("unit").strip()
    return Value(op, float(match.group("num").replace(",", "")), unit)


def _same_unit(target: Value, actual: Value) -> bool:
    return not actual.unit or not target.unit or actual.unit == target.unit


def comparable(target: Value | None, actual: Value | None) -> bool:
    return target is not None and actual is not None and _same_unit(target, actual)


def meets(target: Value, actual: Value, *, cost: bool = False) -> bool:
    """Whether ``actual`` satisfies ``target`` (callers check :func:`comparable` first)."""
    op = target.op or ("<=" if cost else ">=")
    if op == "=":
        op = "<=" if cost else ">="
    a, t = actual.number, target.number
    if op == ">=":
        return a >= t - _EPS
    if op == ">":
        return a > t + _EPS
    if op == "<=":
        return a <= t + _EPS
    return a < t - _EPS  # "<"


def exactly(target: Value, actual: Value) -> bool:
    return comparable(target, actual) and abs(actual.number - target.number) <= _EPS


def says_not_met(actual_text: str | None) -> bool:
    """A worded actual value admitting a miss ("部分达到预期", "未完成")."""
    text = key(actual_text)
    return any(word in text for word in _FAILED_WORDS)
