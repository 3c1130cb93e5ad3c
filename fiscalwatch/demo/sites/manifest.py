"""Reads the fixtures' demo manifest (``fiscalwatch/demo/data/manifest.toml``) into
:class:`Disclosure` items for the main demo site.

Each ``[[documents]]`` entry names a file beside the manifest and what it is; optional
keys say when it appears (``states``), which file replaces it in place in the ``after``
state (``replaced_by``), and its publication date.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from fiscalwatch.demo.sites.documents import noise_items
from fiscalwatch.demo.sites.model import BOTH, Disclosure, SiteFile

_TYPE_WORDS = {
    "final_account": "部门决算公开",
    "budget": "部门预算公开",
    "performance": "部门整体支出绩效自评报告",
}


def load_manifest(path: Path, region: str) -> list[Disclosure]:
    manifest = path / "manifest.toml" if path.is_dir() else path
    data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    entries: list[dict[str, Any]] = data.get("documents") or data.get("document") or []
    items = [_disclosure(manifest.parent, i, entry) for i, entry in enumerate(entries)]
    items.extend(noise_items(region, "demo"))
    return items


def _disclosure(folder: Path, index: int, entry: dict[str, Any]) -> Disclosure:
    files = entry.get("files") or [entry.get("file") or entry.get("path")]
    replaced_by = entry.get("replaced_by") or entry.get("after_file")
    year = int(entry.get("fiscal_year") or entry.get("year") or 0) or None
    doc_type = entry.get("doc_type", "final_account")
    department = entry.get("department")
    title = entry.get("title") or f"{department}{year}年度{_TYPE_WORDS.get(doc_type, '')}"
    states = entry.get("states")
    if states is None and entry.get("state") in ("before", "after"):
        states = ["before", "after"] if entry["state"] == "before" else ["after"]
    if entry.get("removed") or entry.get("removed_after"):
        states = ["before"]
    published = entry.get("published") or entry.get("published_at")
    site_files = []
    own_page: bytes | None = None
    for position, name in enumerate(f for f in files if f):
        data = (folder / name).read_bytes()
        if str(name).lower().endswith((".html", ".htm")) and position == 0:
            own_page = data  # an HTML disclosure is the detail page itself
            continue
        replacement = (folder / replaced_by).read_bytes() if replaced_by and position == 0 else None
        site_files.append(SiteFile(_published_name(title, name), data, replacement))
    return Disclosure(
        key=str(entry.get("key") or entry.get("id") or f"doc{index}"),
        title=title,
        short_title=f"{year}年度{_TYPE_WORDS.get(doc_type, '')}" if year else None,
        published=_date(published, year, index),
        department=department,
        fiscal_year=year,
        doc_type=doc_type,
        files=tuple(site_files),
        page=own_page,
        states=frozenset(states) if states else BOTH,
    )


def _date(value: Any, year: int | None, index: int) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return date((year or 2024) + 1, 8, 1 + index % 28)


def _published_name(title: str, name: str) -> str:
    """What the site calls the file: the title for the main file, its name for the rest
    ("2024_tables.xlsx" becomes "…2024年度部门决算公开_tables.xlsx")."""
    path = Path(name)
    stem = path.stem.split("_", 1)
    suffix = f"_{stem[1]}" if len(stem) == 2 and not stem[1].startswith("v") else ""
    return f"{title}{suffix}{path.suffix}"
