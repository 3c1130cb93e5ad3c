"""``unreadable_document``: a file could not be read — scanned without OCR, corrupt,
encrypted, an error page saved as a PDF (warning). Resolves when a readable version is
parsed. Example: "青川市财政局 2024年度部门决算：文件无法读取（encrypted PDF）".
Evidence: ``reason``, then ``status``.
"""

from __future__ import annotations

from collections.abc import Iterable

from fiscalwatch.departments import department_key
from monitor.checks.base import Check, CheckContext, FindingDraft
from monitor.checks.common import doc_label, document_finding
from monitor.checks.corpus import DOCUMENT_COLUMNS, Doc


class UnreadableDocument(Check):
    name = "unreadable_document"
    severity = "warning"
    description = "A stored file could not be read (scanned without OCR, corrupt, encrypted)."

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        for row in ctx.db.query(
            f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE is_current = 1"
            " AND status IN ('unreadable', 'failed') ORDER BY id"
        ):
            doc = Doc(row, department_key(row["department"]))
            reason = row["error"] or row["status"]
            yield document_finding(
                self.name,
                self.severity,
                doc,
                f"{doc_label(doc)}：文件无法读取（{reason}）",
                {"reason": reason, "status": row["status"]},
                (doc.url,),
            )
