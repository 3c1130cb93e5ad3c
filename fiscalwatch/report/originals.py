"""Copies stored originals into the report (``files/<sha256>.<ext>``) so the site keeps
working when the government page is gone — that is when people need the copy most.

Current final accounts of the latest years go first (the store reads them in that order,
``fiscalwatch.store.reads.documents_by_archive_priority``, one at a time: the copy holds
no list of the store's documents); the total is capped by ``[report] max_originals_mb``
and each file by ``max_original_mb``. What does not fit is noted against the document
(``CopyResult.placed``) and the pages say so. Files already in
place from an earlier build are kept; the build's manifest removes the copies no
document refers to any more.

Only formats a browser does not run are published under their own extension. A crawled
HTML, XHTML or SVG page (or anything else) could carry scripts that would then run on
the report's own site, so it is published as text (``<sha256>.html.txt``) or as
``.bin``, a download.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from fiscalwatch.store.files import FileStore
from fiscalwatch.store.rows import DocumentRow

FILES_DIR = "files"
# Published as they are: documents a browser downloads or shows in a sandboxed viewer.
KNOWN_EXTENSIONS = {"pdf", "docx", "doc", "xlsx", "xls", "wps", "et", "ofd", "zip", "txt"}
# Markup a browser would render (and run): published as plain text instead.
AS_TEXT = {"html", "htm", "xhtml", "xht", "shtml", "svg", "svgz", "xml", "mht", "mhtml"}
MB = 1024 * 1024


@dataclass
class CopyResult:
    copied: int = 0
    skipped: int = 0
    bytes: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)  # what is in place, relative to the site
    # document id -> (its copy, relative to the site, or None; why it has none, or None)
    placed: dict[int, tuple[str | None, str | None]] = field(default_factory=dict)


def extension(document: DocumentRow) -> str:
    """The published extension: the stored (sniffed) format first, else the name's."""
    ext = (document.content_type or "").lower().lstrip(".")
    if ext not in KNOWN_EXTENSIONS | AS_TEXT:
        match = re.search(r"\.([A-Za-z0-9]{2,5})$", document.filename or document.url or "")
        ext = match[1].lower() if match else ""
    if ext in KNOWN_EXTENSIONS:
        return ext
    return f"{ext}.txt" if ext in AS_TEXT else "bin"


def copy_originals(
    documents: Iterable[DocumentRow],
    files: FileStore | None,
    out_dir: Path,
    max_total_mb: float,
    max_file_mb: float,
) -> CopyResult:
    result = CopyResult()
    target_dir = out_dir / FILES_DIR
    target_dir.mkdir(parents=True, exist_ok=True)
    budget = int(max_total_mb * MB)
    per_file = int(max_file_mb * MB)
    kept: set[str] = set()
    copied_by_sha: dict[str, str] = {}

    def skip(document: DocumentRow, reason: str) -> None:
        reason = sys.intern(reason)  # a handful of reasons, held once each
        result.placed[document.id] = (None, reason)
        result.skipped += 1
        result.reasons[reason] = result.reasons.get(reason, 0) + 1

    for document in documents:  # in priority order: the first ones fill the budget
        name = f"{document.sha256}.{extension(document)}"
        relative = f"{FILES_DIR}/{name}"
        if document.sha256 in copied_by_sha:  # same bytes at another URL or version
            result.placed[document.id] = (copied_by_sha[document.sha256], None)
            continue
        if files is None:
            skip(document, "未提供文件库")
            continue
        source = files.path(document.sha256)
        try:
            size = source.stat().st_size
        except OSError:
            skip(document, "文件库中缺少原件")
            continue
        if size > per_file:
            skip(document, f"单个文件超过 {max_file_mb:g} MB")
            continue
        if result.bytes + size > budget:
            skip(document, f"存档总量超过 {max_total_mb:g} MB")
            continue
        target = target_dir / name
        try:
            if not (target.exists() and target.stat().st_size == size):
                _copy(source, target)
        except OSError as exc:
            skip(document, f"复制失败：{exc.strerror or exc}")
            continue
        result.copied += 1
        result.bytes += size
        kept.add(name)
        copied_by_sha[document.sha256] = relative
        result.placed[document.id] = (relative, None)
    result.files = [f"{FILES_DIR}/{name}" for name in sorted(kept)]
    return result


def _copy(source: Path, target: Path) -> None:
    """Hard link when the report sits on the same disk as the store, else a copy."""
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        os.link(source, tmp)
    except OSError:
        shutil.copyfile(source, tmp)
    os.replace(tmp, target)
