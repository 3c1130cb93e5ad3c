"""``unreadable_document``: a file could not be read — scanned without OCR, corrupt,
encrypted, an error page saved as a PDF (warning). Resolves when a readable version is
parsed. Example: "青川市财政局 2024年度部门决算：文件无法读取，应为PDF文件，下载到的却是网页
（expected a PDF, got an HTML page: 404 页面不存在）".
Evidence: ``reason`` (the parser's words), ``status``, then ``kind``: empty, encrypted,
truncated, html, text, scanned, corrupt, too_many_pages, legacy_format, unknown_format,
crashed or other — what went wrong, for filters and alerts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft
from fiscalwatch.monitor.checks.common import doc_label, document_finding
from fiscalwatch.monitor.checks.corpus import corpus

# The parser's error (fiscalwatch.parsing) -> kind, and what to tell a person. First
# match wins: an error page's title may say anything ("password"), so pages go first.
KINDS: tuple[tuple[str, str, str], ...] = (
    ("html", r"got an HTML page", "应为{expected}文件，下载到的却是网页"),
    ("text", r"got plain text", "应为{expected}文件，下载到的却是纯文本"),
    ("empty", r"^empty file", "文件为空（0字节）"),
    ("encrypted", r"encrypted|password", "PDF已加密，需要密码才能打开"),
    ("truncated", r"truncated", "文件不完整，下载可能被截断"),
    ("scanned", r"scanned|OCR", "扫描件没有文字层，未能识别文字"),
    ("too_many_pages", r"too many pages", "页数超过解析上限"),
    (
        "legacy_format",
        r"legacy (?:Office|Word 97-2003) format",
        "旧版Word格式（.doc），需另存为.docx或PDF",
    ),
    ("unknown_format", r"unknown file format|neither a Word", "无法识别的文件格式"),
    ("crashed", r"crashed|parser error", "解析程序出错"),
    ("corrupt", r"corrupt|unreadable HTML|encoding", "文件已损坏，无法解析"),
)
_EXPECTED = re.compile(r"expected an? (PDF|Word|Excel)")


def unreadable_kind(reason: str) -> tuple[str, str]:
    """(kind, Chinese description) of a parser error."""
    for kind, pattern, text in KINDS:
        if re.search(pattern, reason, re.I):
            expected = _EXPECTED.search(reason)
            return kind, text.format(expected=expected.group(1) if expected else "文档")
    return "other", "文件无法读取"


class UnreadableDocument(Check):
    name = "unreadable_document"
    severity = "warning"
    description = "A stored file could not be read (scanned without OCR, corrupt, encrypted)."

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        for doc in corpus(ctx).documents:
            row = doc.row
            if row["status"] not in ("unreadable", "failed"):
                continue
            reason = row["error"] or row["status"]
            kind, what = unreadable_kind(reason)
            yield document_finding(
                self.name,
                self.severity,
                doc,
                f"{doc_label(doc)}：文件无法读取，{what}（{reason}）",
                {"reason": reason, "status": row["status"], "kind": kind},
                (doc.url,),
            )
