"""``document_changed``: a known URL now serves different bytes (warning).

One finding per change (the row that has a ``previous_id``), reported once the new
version has been parsed (or failed to), naming the figures whose values differ between
the two versions. A change is a fact: the finding stays open until someone resolves it
in the store. Example: "青川市财政局 2024年度部门决算：文件已被替换（同一地址内容变化），
变动的数字：收入总计 701.60万元→710.60万元". Evidence: ``old_sha256``, ``new_sha256``,
``changed_figures`` (list of {metric, old, new}), then ``previous_document_id``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft
from fiscalwatch.monitor.checks.common import doc_label, document_finding, figure_label, money
from fiscalwatch.monitor.checks.corpus import Fig, checked_row, corpus, load_figures
from fiscalwatch.store import reads

SHOWN = 5  # changed figures named in the message


class DocumentChanged(Check):
    name = "document_changed"
    severity = "warning"
    description = (
        "A known URL now serves different bytes; the finding names the figures whose "
        "values changed between the versions."
    )

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        replaced = reads.replaced_versions(ctx.db, ctx.regions)
        if not replaced:
            return
        figures = load_figures(ctx.db, [d.id for pair in replaced for d in pair])
        found = corpus(ctx)
        for new, old in replaced:
            row = checked_row(new)
            doc = found.doc(row)
            changed = changed_figures(figures.get(old.id, {}), figures.get(row["id"], {}))
            shown = "，".join(
                f"{figure_label(c['metric'])} {money(c['old'])}→{money(c['new'])}"
                for c in changed[:SHOWN]
            )
            more = f"等{len(changed)}项" if len(changed) > SHOWN else ""
            what = f"变动的数字：{shown}{more}" if changed else "已读出的数字没有变化"
            evidence: dict[str, Any] = {
                "old_sha256": old.sha256,
                "new_sha256": row["sha256"],
                "changed_figures": changed,
                "previous_document_id": old.id,
                "fetched_at": row["fetched_at"],
            }
            yield document_finding(
                self.name,
                self.severity,
                doc,
                f"{doc_label(doc)}：文件已被替换（同一地址内容变化），{what}",
                evidence,
                (row["url"], old.sha256, row["sha256"]),
            )


def changed_figures(old: dict[str, list[Fig]], new: dict[str, list[Fig]]) -> list[dict[str, Any]]:
    """Figures whose set of values differs between two versions (a figure that appears
    or disappears counts, with ``None`` on the missing side)."""
    changed = []
    for key in sorted(set(old) | set(new)):
        before = sorted({round(f.value, 2) for f in old.get(key, [])})
        after = sorted({round(f.value, 2) for f in new.get(key, [])})
        if before != after:
            changed.append(
                {
                    "metric": key,
                    "old": before[0] if len(before) == 1 else (before or None),
                    "new": after[0] if len(after) == 1 else (after or None),
                }
            )
    return changed
