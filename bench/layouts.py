"""Layout benchmark: final accounts made by an independent generator
(``bench/layoutgen``: other tool chain, fonts, page sizes, page breaks, every template
family of ``../shared/templates.md``), read by the real pipeline (store → parse →
checks), scored against the generator's truth. Per family:

- tables: share of the truth's tables stored under the right key with the right grid
  (its empty flag, and the amounts only that grid prints found in the stored rows);
- headline figures read exactly (every stored figure of the key equals the truth);
- planted problems (a listed table missing, an empty table without its note, a missing
  part) found as warning/critical ``missing_section`` findings on the right key;
- warning/critical findings per 100 documents with nothing planted, by check.

    .venv/bin/python bench/layouts.py [--per-family 100] [--family NAME ...] [--seed N]
                                      [--jobs 2] [--cache DIR] [--keep DIR]
                                      [--details FILE]

Documents are cached under ``--cache`` (default /tmp/fiscalwatch-layouts-cache), in a
folder per generator version and seed; the store is a temporary one unless ``--keep``
names a folder.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.layoutgen.corpus import cache_folder, generate  # noqa: E402
from bench.layoutgen.families import FAMILY_IDS  # noqa: E402
from fiscalwatch.config import config_from_dict  # noqa: E402
from fiscalwatch.monitor.checks import all_checks  # noqa: E402
from fiscalwatch.monitor.runner import run_checks  # noqa: E402
from fiscalwatch.parsing.stage import parse_documents  # noqa: E402
from fiscalwatch.store import Store  # noqa: E402
from fiscalwatch.template import table_key  # noqa: E402

SEED = 20261201  # the committed seed: change it only with the baseline in docs/layouts.md
# Checks about publication timing and sources: every benchmark department has one
# document of one year, so they would only speak about the benchmark's own set-up.
TIMING_CHECKS = ("missing_document", "late_publication", "document_removed", "source_unhealthy")
NINE = tuple(f"table_{n:02d}" for n in range(1, 10))
# The headline figures a planted missing part takes out of the text.
SECTION_FIGURES = {
    "three_public": ("three_public_total",),
    "procurement": ("procurement_total",),
    "basic_expenditure": ("personnel_expenses", "public_expenses"),
    "overview": ("income_total", "expenditure_total"),
    "expenditure": ("basic_expenditure", "project_expenditure"),
}
ALARM = ("warning", "critical")


@dataclass
class Score:
    documents: int = 0
    clean: int = 0
    tables: int = 0
    tables_right: int = 0
    nine: int = 0
    nine_right: int = 0
    pages_right: int = 0
    phantom: int = 0  # a stored table whose truth is absent (planted missing)
    figures: int = 0
    figures_exact: int = 0
    planted: int = 0
    planted_found: int = 0
    false_alarms: Counter[str] = field(default_factory=Counter)
    failed_parses: int = 0
    misses: Counter[str] = field(default_factory=Counter)  # table keys assigned wrongly


def _norm(text: str) -> str:
    return "".join(text.split()).replace(",", "")


def store_corpus(
    store: Store, folder: Path, truths: list[dict[str, Any]]
) -> dict[str, dict[str, int]]:
    """Each truth's files recorded as crawled from one page; returns doc_id -> role -> id."""
    ids: dict[str, dict[str, int]] = {}
    for truth in truths:
        page = f"http://127.0.0.1:8001/{truth['family']}/{truth['doc_id']}.html"
        ids[truth["doc_id"]] = {}
        for role, name in truth["files"].items():
            stored = store.record_document(
                url=f"http://127.0.0.1:8001/{truth['family']}/{name}",
                page_url=page,
                data=(folder / name).read_bytes(),
                source="layouts",
                department=truth["department"],
                region=truth["region"],
                fiscal_year=truth["fiscal_year"],
                doc_type="final_account",
                filename=name,
                content_type="pdf",
            )
            ids[truth["doc_id"]][role] = stored.document_id
    return ids


def table_right(truth: dict[str, Any], stored: dict[str, Any] | None) -> bool:
    if stored is None:
        return False
    if truth["empty"]:
        return bool(stored["empty"])
    if stored["empty"]:
        return False
    cells = {_norm(c) for row in json.loads(stored["rows"] or "[]") for c in row}
    signature = [_norm(c) for c in truth["signature"]]
    if signature:
        return all(c in cells for c in signature)
    # nothing only this grid prints: its headline cells must be there
    return all(_norm(c["printed"]) in cells for c in truth["cells"]) and bool(cells)


def page_right(truth: dict[str, Any], stored: dict[str, Any] | None) -> bool:
    if stored is None or stored["page"] is None:
        return False
    pages = {truth["title_page"], *truth["grid_pages"]} - {None}
    return stored["page"] in pages


def planted_found(planted: dict[str, Any], findings: list[dict[str, Any]]) -> bool:
    for finding in findings:
        if finding["check"] != "missing_section" or finding["severity"] not in ALARM:
            continue
        evidence = json.loads(finding["evidence"])
        keys = {evidence.get("section"), *evidence.get("missing", [])}
        if planted["key"] in keys:
            if planted["kind"] == "empty_without_note":
                return evidence.get("problem") == "empty_without_note"
            return evidence.get("problem") != "empty_without_note"
    return False


def score(
    store: Store,
    truths: list[dict[str, Any]],
    ids: dict[str, dict[str, int]],
    details: list[dict[str, Any]] | None = None,
) -> dict[str, Score]:
    """Scores per family; ``details`` (when given) receives one record per document
    with what went wrong in it."""
    db = store.db
    by_doc: dict[int, dict[str, dict[str, Any]]] = defaultdict(dict)
    for document_id, key, title, page, rows, empty in db.execute(
        "SELECT document_id, key, title, page, rows, empty FROM doc_tables ORDER BY id"
    ):
        if key == "other":
            # Self-evaluation grids (one per grid and page, for fiscalwatch.performance):
            # their title names the table, their grids together are its rows.
            named = table_key(title or "")
            if named is None:
                continue
            key, known = named, by_doc[document_id].get(named)
            if known is not None and known["status"] != "grid":
                continue
            if known is not None:
                known["rows"] = json.dumps(json.loads(known["rows"]) + json.loads(rows or "[]"))
                known["empty"] = known["empty"] and empty
                continue
            by_doc[document_id][key] = {
                "page": page,
                "rows": rows or "[]",
                "empty": empty,
                "status": "grid",
            }
            continue
        by_doc[document_id].setdefault(
            key, {"page": page, "rows": rows, "empty": empty, "status": "table"}
        )
    figures: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for document_id, key, value in db.execute("SELECT document_id, key, value FROM figures"):
        figures[document_id][key].append(value)
    findings: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for check, severity, document_id, evidence in db.execute(
        'SELECT "check", severity, document_id, evidence FROM findings WHERE resolved_at IS NULL'
    ):
        findings[document_id].append({"check": check, "severity": severity, "evidence": evidence})
    status = dict(db.execute("SELECT id, status FROM documents").fetchall())
    scores: dict[str, Score] = defaultdict(Score)
    for truth in truths:
        s = scores[truth["family"]]
        s.documents += 1
        files = ids[truth["doc_id"]]
        s.failed_parses += sum(1 for i in files.values() if status.get(i) != "parsed")
        wrong: dict[str, list[Any]] = defaultdict(list)
        for table in truth["tables"]:
            stored = by_doc[files[table["file"]]].get(table["key"])
            if not table["present"]:
                s.phantom += stored is not None and not stored["empty"]
                continue
            right = table_right(table, stored)
            s.tables += 1
            s.tables_right += right
            s.pages_right += page_right(table, stored)
            if table["key"] in NINE:
                s.nine += 1
                s.nine_right += right
            if not right:
                s.misses[table["key"]] += 1
                wrong["tables"].append(
                    {
                        "key": table["key"],
                        "title": table["title"],
                        "title_page": table["title_page"],
                        "grid_pages": table["grid_pages"],
                        "empty": table["empty"],
                        "stored": None
                        if stored is None
                        else {"page": stored["page"], "empty": bool(stored["empty"])},
                    }
                )
        removed = {p["key"] for p in truth["planted"] if p["kind"] == "missing_section"}
        skip = {m for key in removed for m in SECTION_FIGURES.get(key, ())}
        for key, value in truth["headline"].items():
            if key in skip:
                continue
            s.figures += 1
            got = [v for doc in files.values() for v in figures[doc].get(key, [])]
            exact = bool(got) and all(abs(v - value) < 0.005 for v in got)
            s.figures_exact += exact
            if not exact:
                wrong["figures"].append({"key": key, "truth": value, "stored": got})
        doc_findings = [f for doc in files.values() for f in findings.get(doc, [])]
        if truth["planted"]:
            for planted in truth["planted"]:
                s.planted += 1
                found = planted_found(planted, doc_findings)
                s.planted_found += found
                if not found:
                    wrong["planted_missed"].append(planted)
        else:
            s.clean += 1
            for finding in doc_findings:
                if finding["severity"] in ALARM:
                    s.false_alarms[finding["check"]] += 1
                    wrong["false_alarms"].append(
                        {"check": finding["check"], "evidence": json.loads(finding["evidence"])}
                    )
        if details is not None and wrong:
            details.append({"doc_id": truth["doc_id"], "family": truth["family"], **wrong})
    return scores


def pct(part: int, whole: int) -> str:
    return f"{part / whole * 100:6.1f}%" if whole else "     -"


def report(scores: dict[str, Score]) -> None:
    head = (
        f"{'family':14s} {'docs':>4s} {'tables':>8s} {'nine':>8s} {'pages':>8s} {'figures':>8s} "
        f"{'planted':>9s} {'false/100':>9s}  false alarms by check"
    )
    print(head)
    total = Score()
    for family, s in scores.items():
        alarms = sum(s.false_alarms.values())
        per100 = alarms / s.clean * 100 if s.clean else 0.0
        print(
            f"{family:14s} {s.documents:4d} {pct(s.tables_right, s.tables):>8s} "
            f"{pct(s.nine_right, s.nine):>8s} {pct(s.pages_right, s.tables):>8s} "
            f"{pct(s.figures_exact, s.figures):>8s} "
            f"{s.planted_found:>3d}/{s.planted:<3d}{'':2s} {per100:9.1f}  "
            + ", ".join(f"{k} {v}" for k, v in s.false_alarms.most_common())
        )
        for name in (
            "documents",
            "clean",
            "tables",
            "tables_right",
            "nine",
            "nine_right",
            "pages_right",
            "phantom",
            "figures",
            "figures_exact",
            "planted",
            "planted_found",
            "failed_parses",
        ):
            setattr(total, name, getattr(total, name) + getattr(s, name))
        total.false_alarms.update(s.false_alarms)
    alarms = sum(total.false_alarms.values())
    print(
        f"{'all':14s} {total.documents:4d} {pct(total.tables_right, total.tables):>8s} "
        f"{pct(total.nine_right, total.nine):>8s} {pct(total.pages_right, total.tables):>8s} "
        f"{pct(total.figures_exact, total.figures):>8s} "
        f"{total.planted_found:>3d}/{total.planted:<3d}{'':2s} "
        f"{(alarms / total.clean * 100 if total.clean else 0):9.1f}"
    )
    print(
        f"failed parses {total.failed_parses}; tables stored although planted missing "
        f"{total.phantom}; wrongly assigned by key: "
        + ", ".join(
            f"{k} {v}"
            for k, v in sum((s.misses for s in scores.values()), Counter()).most_common(12)
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-family", type=int, default=100)
    parser.add_argument("--family", action="append", choices=FAMILY_IDS)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "fiscalwatch-layouts-cache"
    )
    parser.add_argument("--keep", type=Path, help="build the store in this folder and keep it")
    parser.add_argument(
        "--details", type=Path, help="write what went wrong, one JSON line per document"
    )
    args = parser.parse_args(argv)
    families = args.family or list(FAMILY_IDS)
    started = time.monotonic()
    truths = generate(args.cache, families, args.per_family, args.seed, jobs=args.jobs)
    documents = cache_folder(args.cache, args.seed)
    unlocated = sum(len(t.get("unlocated", [])) for t in truths)
    pages = sum(sum(t["pages"].values()) for t in truths)
    print(
        f"generated/reused {len(truths)} documents ({pages} pages) in {documents} "
        f"in {time.monotonic() - started:.0f}s; truth probes not found in the PDFs: {unlocated}"
    )
    with tempfile.TemporaryDirectory(prefix="fw-layouts-") as scratch:
        folder = args.keep or Path(scratch)
        if (folder / "layouts.db").exists():
            (folder / "layouts.db").unlink()
        store = Store(folder / "layouts.db", folder / "files")
        config = config_from_dict({"parse": {"workers": args.jobs, "ocr": False}})
        ids = store_corpus(store, documents, truths)
        rows = [store.db.table("documents").get(i) for doc in ids.values() for i in doc.values()]
        started = time.monotonic()
        parse_documents(store, config, rows, progress=False)
        parsed = time.monotonic() - started
        started = time.monotonic()
        checks = [name for name in all_checks() if name not in TIMING_CHECKS]
        as_of = date(max(t["fiscal_year"] for t in truths) + 1, 12, 31)
        run_checks(store.db, config, as_of, only=checks)
        checked = time.monotonic() - started
        print(
            f"parsed {len(rows)} files in {parsed:.0f}s "
            f"({parsed / max(pages, 1) * 1000:.0f} ms/page), "
            f"checks in {checked:.0f}s (all but {', '.join(TIMING_CHECKS)})\n"
        )
        details: list[dict[str, Any]] = []
        report(score(store, truths, ids, details))
        if args.details:
            args.details.write_text(
                "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in details),
                encoding="utf-8",
            )
            print(f"details of {len(details)} documents in {args.details}")
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
