"""The fixtures' hand-written expected content (fixtures/documents/expected/*.toml) and
their parse, once per test session (tests/parsing/snapshot.py holds one against the
other)."""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from fiscalwatch.errors import DocumentError
from fiscalwatch.models import ParsedDocument
from fiscalwatch.parsing.document import Hints, parse_bytes

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = ROOT / "fixtures" / "documents"
EXPECTED = DOCUMENTS / "expected"
TOLERANCE = 0.005


@dataclass(frozen=True)
class Expected:
    name: str
    data: dict[str, Any] = field(hash=False)

    @property
    def path(self) -> Path:
        return DOCUMENTS / self.data["file"]

    @property
    def status(self) -> str:
        return str(self.data.get("status", "parsed"))

    def values(self) -> dict[str, float]:
        """Every expected figure: base keys and derived keys."""
        return {**self.data.get("figures", {}), **self.data.get("derived", {})}


def all_expected() -> list[Expected]:
    if not EXPECTED.is_dir():
        return []
    out = []
    for path in sorted(EXPECTED.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if "file" in data and (DOCUMENTS / data["file"]).is_file():
            out.append(Expected(path.stem, data))
    return out


@cache
def parsed(name: str) -> ParsedDocument | DocumentError:
    """One parse per fixture for the whole test session."""
    expected = next(e for e in all_expected() if e.name == name)
    try:
        return parse_bytes(expected.path.read_bytes(), hints_for(expected))
    except DocumentError as exc:
        return exc


def hints_for(expected: Expected) -> Hints:
    """What a caller knows that the file does not say: an attachment's year comes from
    the page that links it, a coverless scan's department from the site."""
    data = expected.data
    hints: dict[str, Any] = {"filename": expected.path.name}
    if data.get("attachment_of"):
        hints["fiscal_year"] = data.get("fiscal_year")
    if data.get("title") == "" and data.get("status", "parsed") == "parsed":
        hints["department"] = data.get("department")
    return Hints.from_dict(hints)


def same_name(a: str | None, b: str | None) -> bool:
    def canon(text: str | None) -> str:
        return "".join(unicodedata.normalize("NFKC", text or "").split())

    return canon(a) == canon(b)
