"""The whole parse of a fixture document as plain data, held against a committed file
(fixtures/documents/<name>.expected.json) with ``==``: a missing, extra or changed
section, table or figure fails, and the failure lists only the paths that differ.

The committed files are written by ``scripts/fixture_expectations.py`` from the parser's
output; ``disagreements`` holds them against the hand-written expectations
(expected/<name>.toml), so regenerating cannot change a hand-reviewed value unnoticed."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from fiscalwatch.errors import DocumentError
from fiscalwatch.models import Figure, ParsedDocument, Table
from tests.parsing.expected import DOCUMENTS, TOLERANCE, Expected, same_name

SUFFIX = ".expected.json"
# Figures are printed with two decimals; four keep computed shares exact without noise.
DIGITS = 4


def snapshot_path(name: str) -> Path:
    return DOCUMENTS / f"{name}{SUFFIX}"


def load_snapshot(name: str) -> dict[str, Any] | None:
    path = snapshot_path(name)
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


# A dict holding no dict or list (a figure's appearance, a table, a section), as json
# indents it. JSON strings hold no raw newline, so its lines break only between tokens.
_LEAF = re.compile(r"\{\n([^{}\[\]]*?)\n\s*\}")


def dump_snapshot(data: dict[str, Any]) -> str:
    """Indented JSON with each leaf dict on one line, so a diff shows one line per
    figure appearance, table or section."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    return _LEAF.sub(lambda m: "{" + " ".join(map(str.strip, m[1].splitlines())) + "}", text) + "\n"


def snapshot(result: ParsedDocument | DocumentError) -> dict[str, Any]:
    """Everything stable the parser says about one file: classification, sections (key →
    title, page), tables (key → status, title, pages, grid size, empty note) and figures
    (key → every appearance: value, unit, page, origin, basis, table)."""
    if isinstance(result, DocumentError):
        return {"status": result.status, "error": str(result)}
    return {
        "status": "parsed",
        "doc_type": result.doc_type,
        "title": result.title,
        "department": result.department,
        "fiscal_year": result.fiscal_year,
        "level": result.level,
        "pages": len(result.pages),
        "ocr_pages": result.ocr_pages,
        "warnings": list(result.warnings),
        "sections": unique_keys(
            (s.key, {"title": s.title, "page": s.page}) for s in result.sections
        ),
        "tables": unique_keys((t.key, table_entry(t)) for t in result.tables),
        "figures": figures_by_key(result.figures),
        "evaluations": [evaluation_entry(e) for e in result.extras.get("performance", [])],
    }


def unique_keys(items: Any) -> dict[str, Any]:
    """A dict in document order; a key seen again gets ``#2``, ``#3``… (tables titled
    "other" repeat)."""
    seen: Counter[str] = Counter()
    out: dict[str, Any] = {}
    for key, value in items:
        seen[key] += 1
        out[key if seen[key] == 1 else f"{key}#{seen[key]}"] = value
    return out


def table_entry(table: Table) -> dict[str, Any]:
    return {
        "status": table.status,
        "title": table.title,
        "page": table.page,
        "page_end": table.page_end,
        "rows": len(table.rows),
        "columns": max((len(row) for row in table.rows), default=0),
        "empty": table.empty,
        "note": table.note,
    }


def figure_entry(figure: Figure) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "value": round(figure.value, DIGITS),
        "unit": figure.unit,
        "page": figure.page,
        "origin": figure.origin,
    }
    # Only what applies, so that a text figure reads as four fields.
    optional = {
        "basis": figure.basis,
        "table": figure.table_key,
        "row": figure.row_label,
        "column": figure.column_label,
    }
    entry.update({k: v for k, v in optional.items() if v is not None})
    return entry


def figures_by_key(figures: list[Figure]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for figure in figures:
        out.setdefault(figure.key, []).append(figure_entry(figure))
    for entries in out.values():
        entries.sort(key=lambda e: json.dumps(e, ensure_ascii=False, sort_keys=True))
    return dict(sorted(out.items()))


def evaluation_entry(evaluation: Any) -> dict[str, Any]:
    """A performance evaluation's headline numbers (its indicators are the performance
    tests' business; here only how many were read)."""
    fields = ("kind", "name", "page", "budget_initial", "budget_full_year", "executed", "score")
    entry = {name: getattr(evaluation, name, None) for name in fields}
    entry["indicators"] = len(getattr(evaluation, "indicators", None) or [])
    return entry


# --- comparing ---------------------------------------------------------------------------


def differences(expected: Any, actual: Any, path: str = "") -> list[str]:
    """One line per differing leaf: ``- path`` missing, ``+ path`` extra, ``~ path``
    changed. Lists compare as multisets (figure appearances have no meaningful order),
    then by order."""
    where = path or "(document)"
    if isinstance(expected, dict) and isinstance(actual, dict):
        lines = []
        for key in [*expected, *(k for k in actual if k not in expected)]:
            sub = f"{path}.{key}" if path else str(key)
            if key not in actual:
                lines.append(f"- {sub}: missing, expected {short(expected[key])}")
            elif key not in expected:
                lines.append(f"+ {sub}: extra {short(actual[key])}")
            else:
                lines.extend(differences(expected[key], actual[key], sub))
        return lines
    if isinstance(expected, list) and isinstance(actual, list):
        want = Counter(canonical(item) for item in expected)
        got = Counter(canonical(item) for item in actual)
        lines = [f"- {where}[]: missing {item}" for item in sorted((want - got).elements())]
        lines += [f"+ {where}[]: extra {item}" for item in sorted((got - want).elements())]
        if not lines and expected != actual:
            lines.append(f"~ {where}: same items in another order")
        return lines
    if expected != actual or type(expected) is not type(actual):
        return [f"~ {where}: expected {short(expected)}, read {short(actual)}"]
    return []


def canonical(item: Any) -> str:
    return json.dumps(item, ensure_ascii=False, sort_keys=True)


def short(value: Any, limit: int = 160) -> str:
    text = canonical(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} chars)"


def assert_equal(expected: Any, actual: Any, label: str) -> None:
    """``expected == actual``, failing with only the differing paths listed."""
    if expected == actual:
        return
    lines = differences(expected, actual) or ["(types differ)"]
    raise AssertionError(
        f"{label} differs in {len(lines)} place(s) (- missing, + extra, ~ changed)\n"
        + "\n".join(lines)
    )


def assert_same(expected: dict[str, Any], actual: dict[str, Any], name: str) -> None:
    """The parse of fixture ``name`` equals its committed expectation."""
    assert_equal(
        expected,
        actual,
        f"{name}: the parse (if the change is intended, run scripts/fixture_expectations.py"
        f" and review the diff of {snapshot_path(name).name})",
    )


def disagreements(hand: Expected, snap: dict[str, Any]) -> list[str]:
    """Where the committed parse disagrees with the hand-written expectation: a value the
    reviewer read that the parser does not give (or gives beside another value), a
    share's basis, a section, a table, the classification or a bad file's error."""
    data = hand.data
    if hand.status != "parsed":
        out = []
        if snap.get("status") != hand.status:
            out.append(f"status: hand says {hand.status}, parse says {snap.get('status')}")
        if str(data.get("error_kind", "")) not in str(snap.get("error", "")).lower():
            out.append(f"error: {snap.get('error')!r} does not say {data.get('error_kind')!r}")
        return out
    out = classification_disagreements(data, snap)
    figures: dict[str, list[dict[str, Any]]] = snap.get("figures", {})
    for key, value in hand.values().items():
        read = sorted({entry["value"] for entry in figures.get(key, [])})
        close = [v for v in read if abs(v - float(value)) <= TOLERANCE]
        if not close:
            out.append(f"figure {key}: hand says {value}, parse reads {read or 'nothing'}")
        elif len(close) != len(read):
            out.append(f"figure {key}: hand says {value}, parse also reads {read}")
    for key, basis in data.get("basis", {}).items():
        bases = sorted({str(entry.get("basis")) for entry in figures.get(key, [])})
        if bases != [basis]:
            out.append(f"basis {key}: hand says {basis}, parse says {bases}")
    sections = {key.split("#")[0] for key in snap.get("sections", {})}
    hand_sections = data.get("sections", {})
    out += [
        f"section {k}: hand says present"
        for k in hand_sections.get("present", [])
        if k not in sections
    ]
    out += [
        f"section {k}: hand says absent" for k in hand_sections.get("absent", []) if k in sections
    ]
    tables = snap.get("tables", {})
    hand_tables = data.get("tables", {})
    for key in hand_tables.get("in_file", []):
        if not tables.get(key, {}).get("rows"):
            out.append(f"table {key}: hand says its rows are in the file")
    for key in hand_tables.get("empty_noted", []):
        table = tables.get(key, {})
        if not (table.get("empty") and table.get("note")):
            out.append(f"table {key}: hand says it is noted empty")
    return out


def classification_disagreements(data: dict[str, Any], snap: dict[str, Any]) -> list[str]:
    out = []
    if snap.get("doc_type") != data["doc_type"]:
        out.append(f"doc_type: hand says {data['doc_type']}, parse says {snap.get('doc_type')}")
    if data.get("fiscal_year") and snap.get("fiscal_year") != data["fiscal_year"]:
        year = data["fiscal_year"]
        out.append(f"fiscal_year: hand says {year}, parse says {snap.get('fiscal_year')}")
    names = [data.get("department"), *data.get("department_variants", [])]
    if data.get("department") and not any(same_name(snap.get("department"), n) for n in names):
        out.append(f"department: hand says {names}, parse says {snap.get('department')}")
    return out
