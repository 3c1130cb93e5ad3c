"""``fiscalwatch sources import FILE.csv ...``: many portals and rosters into the config.

The config file stays the one place sources live: the import edits its ``[[sources]]``
in place (tomlkit keeps the operator's comments and layout), after validating every row
and then the whole resulting config; with any error nothing is written. The previous
file is kept as ``<config>.bak``. Two kinds of CSV (UTF-8, with or without BOM, as Excel
saves it), told apart by their header:

- portals: ``name, region, start_urls`` and optionally ``allowed_domains, department,
  adapter, departments, download_delay, max_pages``. A new name adds a source; a known
  name updates the columns given (non-empty cells). Lists in a cell are separated by
  spaces, new lines or ``;`` (URLs) and ``；、;|`` or new lines (departments);
- rosters: ``source, department``, one department a row, added to that source's
  ``departments`` (the roster ``missing_document`` uses).

A roster only ever adds names: taking a department off is an edit of the config.
Chinese headers are accepted too (名称, 地区, 起始地址, 部门名单, 数据源, 部门 ...).
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomlkit
from pydantic import ValidationError
from tomlkit.items import AoT, Table

from fiscalwatch.config import SourceConfig, config_from_dict
from fiscalwatch.errors import ConfigError

HEADER_ALIASES: dict[str, str] = {
    "名称": "name",
    "标识": "name",
    "地区": "region",
    "start_url": "start_urls",
    "起始地址": "start_urls",
    "网址": "start_urls",
    "域名": "allowed_domains",
    "部门": "department",
    "网站系统": "adapter",
    "部门名单": "departments",
    "数据源": "source",
    "抓取间隔": "download_delay",
    "最多页数": "max_pages",
}
LIST_COLUMNS = {"start_urls": r"[\s;；]+", "allowed_domains": r"[\s,;；]+"}
ROSTER_SEPARATORS = r"[\n;；、|]+"
PORTAL_COLUMNS = {
    "name",
    "region",
    "start_urls",
    "allowed_domains",
    "department",
    "adapter",
    "departments",
    "download_delay",
    "max_pages",
}
NUMBER_COLUMNS = {"download_delay": float, "max_pages": int}
MAX_ERRORS_SHOWN = 20


class ImportProblems(ConfigError):
    """Rows that failed validation: all of them, so the operator fixes them in one go."""

    def __init__(self, problems: list[str]) -> None:
        shown = problems[:MAX_ERRORS_SHOWN]
        more = f"\n  … and {len(problems) - len(shown)} more" if len(problems) > len(shown) else ""
        super().__init__(
            f"sources import: {len(problems)} problems, nothing written:\n  "
            + "\n  ".join(shown)
            + more
        )


@dataclass
class Change:
    name: str
    action: str  # added | updated | unchanged
    fields: list[str] = field(default_factory=list)
    roster_added: int = 0


@dataclass
class ImportResult:
    changes: list[Change]
    written: bool


def read_rows(path: Path) -> tuple[str, list[tuple[int, dict[str, str]]]]:
    """The CSV's kind (``portals`` or ``rosters``) and its rows with their line numbers."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read it as UTF-8 CSV: {exc}") from None
    reader = csv.DictReader(io.StringIO(text))
    header = [_column(h) for h in (reader.fieldnames or [])]
    if {"source", "department"} <= set(header) and "start_urls" not in header:
        kind = "rosters"
    elif {"name", "region", "start_urls"} <= set(header):
        kind = "portals"
        unknown = sorted(set(header) - PORTAL_COLUMNS - {""})
        if unknown:
            raise ConfigError(f"{path}: unknown columns {', '.join(unknown)}")
    else:
        raise ConfigError(
            f"{path}: expected a header with name, region, start_urls (portals)"
            " or source, department (rosters)"
        )
    rows = []
    for row in reader:
        cleaned = {_column(k): (v or "").strip() for k, v in row.items() if k is not None and v}
        if any(cleaned.values()):
            rows.append((reader.line_num, cleaned))
    return kind, rows


def _column(name: str | None) -> str:
    key = (name or "").strip().lower().replace(" ", "_")
    return HEADER_ALIASES.get(key, key)


def _split(value: str, pattern: str) -> list[str]:
    return [part for part in re.split(pattern, value) if part.strip()]


def portal_values(row: dict[str, str]) -> dict[str, Any]:
    """A portal row as SourceConfig keys (only the non-empty cells)."""
    values: dict[str, Any] = {}
    for column, value in row.items():
        if not value:
            continue
        if column in LIST_COLUMNS:
            values[column] = _split(value, LIST_COLUMNS[column])
        elif column == "departments":
            values[column] = _split(value, ROSTER_SEPARATORS)
        elif column in NUMBER_COLUMNS:
            try:
                values[column] = NUMBER_COLUMNS[column](value)
            except ValueError:
                values[column] = value  # validation names the key
        else:
            values[column] = value
    return values


def import_sources(config_path: Path, files: list[Path], *, dry_run: bool = False) -> ImportResult:
    document = (
        tomlkit.parse(config_path.read_text(encoding="utf-8"))
        if config_path.is_file()
        else tomlkit.document()
    )
    sources = document.get("sources")
    if sources is None:
        sources = tomlkit.aot()
        document["sources"] = sources
    if not isinstance(sources, AoT):
        raise ConfigError(f"{config_path}: sources must be an array of tables ([[sources]])")
    by_name: dict[str, Table] = {str(t.get("name")): t for t in sources}
    changes: dict[str, Change] = {}
    problems: list[str] = []
    seen_in_import: dict[str, str] = {}

    parsed = [(path, *read_rows(path)) for path in files]
    # Portals first, so a roster may name a source added by the same import.
    for path, kind, rows in sorted(parsed, key=lambda item: item[1] != "portals"):
        for line, row in rows:
            where = f"{path.name}:{line}"
            if kind == "portals":
                _apply_portal(row, where, sources, by_name, changes, problems, seen_in_import)
            else:
                _apply_roster(row, where, by_name, changes, problems)
    if not problems:
        try:
            config_from_dict(document.unwrap(), str(config_path))
        except ConfigError as exc:
            problems.append(str(exc))
    if problems:
        raise ImportProblems(problems)
    written = False
    if not dry_run and any(c.action != "unchanged" for c in changes.values()):
        # A blank line before each [[sources]] the import appended, as people write them.
        text = re.sub(r"(?<=[^\n])\n\[\[sources\]\]", "\n\n[[sources]]", tomlkit.dumps(document))
        _write(config_path, text)
        written = True
    return ImportResult(list(changes.values()), written)


def _apply_portal(
    row: dict[str, str],
    where: str,
    sources: AoT,
    by_name: dict[str, Table],
    changes: dict[str, Change],
    problems: list[str],
    seen_in_import: dict[str, str],
) -> None:
    values = portal_values(row)
    name = values.get("name", "")
    if name in seen_in_import:
        problems.append(f"{where}: name {name!r} already given at {seen_in_import[name]}")
        return
    seen_in_import[name] = where
    existing = by_name.get(name)
    merged = dict(existing.unwrap()) if existing is not None else {}
    roster_before = list(merged.get("departments", []))
    for key, value in values.items():
        if key == "departments":
            merged[key] = list(dict.fromkeys([*roster_before, *value]))
        else:
            merged[key] = value
    try:
        SourceConfig.model_validate(merged)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(part) for part in error["loc"]) or "row"
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "missing":
            message = "required column is empty"
        problems.append(f"{where}: {key}: {message}")
        return
    if existing is None:
        table = tomlkit.table()
        for key, value in merged.items():
            table[key] = value
        sources.append(table)
        by_name[name] = table
        changes[name] = Change(name, "added", sorted(merged))
        return
    changed = [k for k, v in merged.items() if existing.get(k) != v]
    for key in changed:
        existing[key] = merged[key]
    change = changes.setdefault(name, Change(name, "unchanged"))
    if changed:
        change.action = "updated" if change.action == "unchanged" else change.action
        change.fields = sorted({*change.fields, *changed})
    change.roster_added += len(merged.get("departments", [])) - len(roster_before)


def _apply_roster(
    row: dict[str, str],
    where: str,
    by_name: dict[str, Table],
    changes: dict[str, Change],
    problems: list[str],
) -> None:
    name, department = row.get("source", ""), " ".join(row.get("department", "").split())
    table = by_name.get(name)
    if table is None:
        problems.append(f"{where}: source: no source named {name!r} (in the config or import)")
        return
    if not department:
        problems.append(f"{where}: department: empty")
        return
    roster = list(table.get("departments", []))
    if department in roster:
        changes.setdefault(name, Change(name, "unchanged"))
        return
    table["departments"] = [*roster, department]
    change = changes.setdefault(name, Change(name, "updated"))
    if change.action == "unchanged":
        change.action = "updated"
    change.fields = sorted({*change.fields, "departments"})
    change.roster_added += 1


def _write(path: Path, text: str) -> None:
    if path.is_file():
        shutil.copy2(path, path.with_name(path.name + ".bak"))
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
