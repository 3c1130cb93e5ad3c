"""One alert for a parser upgrade instead of hundreds.

Findings that appear or resolve on documents only because they were re-parsed
(:mod:`fiscalwatch.parsing.reparse`; the bytes did not change) are not sent one by
one: they are marked quiet (``quiet_findings``, which the outbox skips) and counted in
one ``parser_upgrade`` finding per region — "解析器升级后：新增N条，解决M条" — which
subscribers receive like any other."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from typing import Any

import sqlite_utils

from fiscalwatch import clock
from fiscalwatch.store import reads, transaction

CHECK = "parser_upgrade"


def summarize_reparses(db: sqlite_utils.Database) -> dict[str, int]:
    """Quiets the findings pending re-parses made appear and writes their summaries."""
    pending = list(db.query("SELECT * FROM reparses WHERE summarized = 0 ORDER BY id"))
    if not pending:
        return {"reparsed": 0, "new": 0, "resolved": 0}
    since = min(row["at"] for row in pending)
    ids = sorted({row["document_id"] for row in pending})
    version = pending[-1]["to_version"]
    about = reads.findings_about(db, ids)
    regions = {d.id: d.region for d in reads.documents(db, ids)}
    new = [
        {"id": f.id, "region": regions.get(f.document_id or 0)}
        for f in about
        if f.first_seen >= since and f.check != CHECK
    ]
    resolved = [
        {"id": f.id, "region": regions.get(f.document_id or 0)}
        for f in about
        if f.resolved_at is not None and f.resolved_at >= since
    ]
    now = clock.now_iso()
    with transaction(db):
        db.table("quiet_findings").insert_all(
            ({"finding_id": row["id"], "reason": f"{CHECK} {version}"} for row in new),
            ignore=True,
        )
        for region, (added, gone) in _by_region(new, resolved).items():
            if added or gone:
                _write_summary(db, region, version, added, gone, since, now)
        db.execute(
            f"UPDATE reparses SET summarized = 1 WHERE id IN ({','.join('?' * len(pending))})",
            [row["id"] for row in pending],
        )
    return {"reparsed": len(ids), "new": len(new), "resolved": len(resolved)}


def _by_region(
    new: list[dict[str, Any]], resolved: list[dict[str, Any]]
) -> dict[str | None, tuple[list[int], list[int]]]:
    grouped: dict[str | None, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for row in new:
        grouped[row["region"]][0].append(row["id"])
    for row in resolved:
        grouped[row["region"]][1].append(row["id"])
    return grouped


def _write_summary(
    db: sqlite_utils.Database,
    region: str | None,
    version: str,
    added: list[int],
    gone: list[int],
    since: str,
    now: str,
) -> None:
    where = f"{region}：" if region else ""
    message = f"{where}解析器升级后：新增{len(added)}条，解决{len(gone)}条"
    identity = f"{CHECK}|{version}|{region or ''}|{since}"
    db.table("findings").insert(
        {
            "check": CHECK,
            "severity": "warning",
            "region": region,
            "message": message,
            "evidence": json.dumps(
                {"parser_version": version, "new": added, "resolved": gone},
                ensure_ascii=False,
            ),
            "fingerprint": hashlib.sha256(identity.encode()).hexdigest(),
            "first_seen": now,
            "last_seen": now,
        },
        ignore=True,
    )
