"""Precision and recall of the reviewer checks (table relations, wrong_year,
direction_contradiction, unfinished_text, copied_prior_text) on the layout benchmark's
documents, measured side by side in one run.

The documents are the layout benchmark's (``bench/layouts.py --keep DIR`` stores and
parses them; this script builds that store first when ``--store`` does not exist).
Nothing is re-generated or re-parsed: problems are planted in copies of the stored data.

- **clean**: every parsed document as stored, each paired with another document of its
  family as its "prior year" (same template, other numbers: what a department that
  updated its text looks like); warning/critical findings of the new kinds per 100
  documents, by check and kind (info findings counted apart);
- **planted**: one problem per document, the kinds in turn — a cell of a table changed
  (one wrong number that breaks two relations must give ONE finding naming both), a
  sentence with another year, a contradicting direction or rate, unfinished text, last
  year's text left in (the prior year a copy of the document) — found when the
  document gets a finding of the expected check and kind.

    .venv/bin/python bench/planted_checks.py [--store /tmp/fw-layouts/layouts.db]
                                             [--per-family 20]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sqlite3
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlite_utils  # noqa: E402

from fiscalwatch.config import config_from_dict  # noqa: E402
from fiscalwatch.monitor.checks.grids import read_grid, split_header  # noqa: E402
from fiscalwatch.monitor.runner import run_checks  # noqa: E402
from fiscalwatch.store.schema import migrate  # noqa: E402

NEW_CHECKS = ("wrong_year", "direction_contradiction", "unfinished_text", "copied_prior_text")
NEW_RELATION_KINDS = ("relation", "emptiness", "procurement_sme", "item_amount")
ONLY = ("inconsistent_figures", *NEW_CHECKS)
ALARM = ("warning", "critical")
SHOW = False


def new_findings(db: sqlite3.Connection) -> list[tuple[int, str, str, str, dict[str, Any]]]:
    out = []
    for doc, check, severity, evidence in db.execute(
        'SELECT document_id, "check", severity, evidence FROM findings WHERE resolved_at IS NULL'
    ):
        ev = json.loads(evidence or "{}")
        kind = str(ev.get("kind") or "")
        if check == "inconsistent_figures" and kind not in NEW_RELATION_KINDS:
            continue
        if check in ONLY:
            out.append((doc, check, severity, kind, ev))
    return out


def run(path: Path) -> sqlite3.Connection:
    db = sqlite_utils.Database(path)
    db.execute("DELETE FROM findings")
    db.conn.commit()
    run_checks(db, config_from_dict({}), as_of=date(2026, 12, 31), only=list(ONLY))
    return sqlite3.connect(path)


def pair_prior_years(db: sqlite3.Connection, copy_of_self: set[int]) -> None:
    """Each document gets a prior-year document: a copy of another document of its
    family (clean) or of itself (planted copying), with the department and year set."""
    docs = db.execute(
        "SELECT id, url, department, region, fiscal_year FROM documents"
        " WHERE status = 'parsed' ORDER BY id"
    ).fetchall()
    level_of = dict(db.execute("SELECT id, level FROM documents"))
    by_family: dict[str, list[int]] = defaultdict(list)
    department_of = {doc_id: department for doc_id, _, department, _, _ in docs}
    for doc_id, url, *_ in docs:
        by_family[url.split("/")[3]].append(doc_id)
    columns = [r[1] for r in db.execute("PRAGMA table_info(documents)")]
    for doc_id, url, department, region, year in docs:
        family = by_family[url.split("/")[3]]
        # Another department's document (not this department's other file, 重庆's tables).
        others = [d for d in family if department_of[d] != department]
        if doc_id in copy_of_self:
            source = doc_id
        elif others:
            source = next((d for d in others if d > doc_id), others[0])
        else:
            continue
        row = dict(
            zip(
                columns,
                db.execute("SELECT * FROM documents WHERE id = ?", [source]).fetchone(),
                strict=True,
            )
        )
        row.update(
            id=None,
            url=f"{url}#prior",
            page_url=f"{url}#prior-page",
            department=department,
            region=region,
            fiscal_year=year - 1,
            # The department's own level: a 单位 document is never a 部门 one's prior year.
            level=level_of[doc_id],
            sha256=f"prior-{doc_id}",
        )
        keys = [k for k in row if k != "id"]
        cursor = db.execute(
            f"INSERT INTO documents ({', '.join(keys)}) VALUES ({', '.join('?' * len(keys))})",
            [row[k] for k in keys],
        )
        new_id = cursor.lastrowid
        db.execute(
            "INSERT INTO pages (document_id, page, text, ocr) SELECT ?, page, text, ocr"
            " FROM pages WHERE document_id = ?",
            [new_id, source],
        )
    db.commit()


def append_text(db: sqlite3.Connection, doc_id: int, text: str) -> bool:
    page = (
        db.execute(
            "SELECT max(page) FROM pages WHERE document_id = ? AND length(text) > 200"
            " AND instr(text, '。') > 0 AND instr(text, '科目') = 0",
            [doc_id],
        ).fetchone()[0]
        or 1
    )
    db.execute(
        "UPDATE pages SET text = text || ? WHERE document_id = ? AND page = ?",
        ["\n" + text + "\n", doc_id, page],
    )
    return True


def stored_table(db: sqlite3.Connection, doc_id: int, key: str) -> tuple[int, Any] | None:
    """(id, rows) of the document's parsed table ``key``."""
    found = db.execute(
        "SELECT id, rows FROM doc_tables WHERE document_id = ? AND key = ? AND status = 'parsed'",
        [doc_id, key],
    ).fetchone()
    return (found[0], json.loads(found[1])) if found else None


def save_table(db: sqlite3.Connection, table_id: int, rows: Any) -> None:
    db.execute(
        "UPDATE doc_tables SET rows = ? WHERE id = ?",
        [json.dumps(rows, ensure_ascii=False), table_id],
    )


def readable(db: sqlite3.Connection, doc_id: int, key: str) -> bool:
    found = stored_table(db, doc_id, key)
    return found is not None and read_grid(key, "", None, found[1]) is not None


def change_cell(db: sqlite3.Connection, doc_id: int, keys: tuple[str, ...], column: str) -> bool:
    """Adds 1 (in the table's unit) to a 项 row's cell of ``column`` in the first of
    ``keys`` whose grid is readable; a 项 row's cell sits in a row sum and a 款 sum."""
    for key in keys:
        found = stored_table(db, doc_id, key)
        if not found:
            continue
        table_id, rows = found
        grid = read_grid(key, "", None, rows)
        if grid is None:
            continue
        target = grid.column(column)
        if target is None:
            continue
        header, _ = split_header(rows)
        for row in sorted(grid.rows, key=lambda r: -len(r.code)):
            value = row.value(target)
            if value is None or not row.code:
                continue
            cell = rows[len(header) + row.number][target.index]
            decimals = len(cell.rsplit(".", 1)[1]) if "." in cell else 0
            rows[len(header) + row.number][target.index] = f"{value + 1:.{decimals}f}"
            save_table(db, table_id, rows)
            return True
    return False


def change_sentence(db: sqlite3.Connection, doc_id: int, up: bool = True) -> None:
    """What a real account says and the generated ones do not: a change against the
    prior year with its reason, in the document's own numbers."""
    total = db.execute(
        "SELECT value FROM figures WHERE document_id = ? AND key = 'expenditure_total'"
        " ORDER BY id LIMIT 1",
        [doc_id],
    ).fetchone()
    # The document id keeps two documents from stating the same amounts by chance (a
    # generated total read as 27.00 in two of them would be two identical sentences).
    amount = ((total[0] if total else 0.0) or 100.0) + doc_id * 0.37
    word = "增加" if up else "减少"
    append_text(
        db,
        doc_id,
        f"{doc_id % 7 + 2021}年度支出总计{amount:.2f}万元，比上年{word}{amount * 0.0731:.2f}万元，"
        f"{'增长' if up else '下降'}7.31%。主要原因是业务量增加，日常公用经费相应调整。",
    )


def change_labelled(
    db: sqlite3.Connection,
    doc_id: int,
    key: str,
    label: str,
    column: str | None = None,
    value: str | None = None,
) -> bool:
    """Changes the amount of the row labelled ``label`` (in ``column``, else its first
    amount) in table ``key``: +1 in the table's unit, or ``value``."""
    found = stored_table(db, doc_id, key)
    if not found:
        return False
    table_id, rows = found
    grid = read_grid(key, "", None, rows)
    if grid is None:
        return False
    header, _ = split_header(rows)
    target = grid.column(column) if column else None
    for row in grid.rows:
        if label not in "".join("".join(row.cells).split()):
            continue
        columns = [target] if target else grid.amount_columns()
        for col in columns:
            if col is None or row.value(col) is None:
                continue
            cell = rows[len(header) + row.number][col.index]
            decimals = len(cell.rsplit(".", 1)[1]) if "." in cell else 0
            new = value if value is not None else f"{(row.value(col) or 0) + 1:.{decimals}f}"
            rows[len(header) + row.number][col.index] = new
            save_table(db, table_id, rows)
            return True
    return False


def change_first_row(db: sqlite3.Connection, doc_id: int, key: str, column: str) -> bool:
    """+1 on the first body row's ``column`` (the wide 三公 table's single row)."""
    found = stored_table(db, doc_id, key)
    if not found:
        return False
    table_id, rows = found
    grid = read_grid(key, "", None, rows)
    if grid is None:
        return False
    target = next(
        (c for c in grid.columns if c.path and c.path[0] == "预算数" and column in c.name), None
    )
    if target is None:
        return change_labelled(db, doc_id, key, column, "预算数")
    header, _ = split_header(rows)
    row = grid.rows[0]
    value = row.value(target)
    if value is None:
        return False
    rows[len(header) + row.number][target.index] = f"{value + 1:.2f}"
    save_table(db, table_id, rows)
    return True


def move_code(db: sqlite3.Connection, doc_id: int, key: str) -> bool:
    """Books the income table's most detailed row under a code no other table has (its
    last two digits 99, or the first free below): every sum still holds, only the codes
    of 收入 and 支出 no longer mirror each other. Planted where the comparison can be
    made: 收入支出决算总表 (its carry-over) and 支出决算表 readable too."""
    if not (readable(db, doc_id, "table_01") and readable(db, doc_id, "table_03")):
        return False
    found = stored_table(db, doc_id, key)
    if not found:
        return False
    table_id, rows = found
    grid = read_grid(key, "", None, rows)
    if grid is None or not grid.amount_columns():
        return False
    header, _ = split_header(rows)
    first = grid.amount_columns()[0]
    for row in sorted(grid.rows, key=lambda r: -len(r.code)):
        if not row.code or not row.value(first):
            continue
        cells = rows[len(header) + row.number]
        index = next((i for i, c in enumerate(cells) if c.strip() == row.code), None)
        if index is None:
            return False
        taken = {r.code for r in grid.rows}
        cells[index] = next(
            code for n in range(99, 9, -1) if (code := f"{row.code[:-2]}{n}") not in taken
        )
        save_table(db, table_id, rows)
        return True
    return False


def rename_class(db: sqlite3.Connection, doc_id: int) -> bool:
    """财政拨款收入支出决算总表's first 类 of 支出 renamed 其他支出: its amount stays, so
    only its 类 no longer matches 一般公共预算财政拨款支出决算表's (planted where both read)."""
    found = stored_table(db, doc_id, "table_04")
    if not found or not (readable(db, doc_id, "table_04") and readable(db, doc_id, "table_05")):
        return False
    table_id, rows = found
    names = [
        c.strip() for r in rows for c in r[1:] if re.match(r"[一二三四五六七八九十]+、", c.strip())
    ]
    if not names or not all(n.endswith("支出") for n in names):
        return False  # 类 names wrapped over rows: the check leaves such a table alone
    for cells in rows:
        for i, cell in enumerate(cells):
            if i > 0 and cell.strip().startswith("一、") and "其他" not in cell:
                cells[i] = "一、其他支出"
                save_table(db, table_id, rows)
                return True
    return False


def zero_fund_column(db: sqlite3.Connection, doc_id: int, key: str) -> bool:
    """The fiscal-appropriation table contradicts the fund table's emptiness: 0 for the
    government fund while table 7 holds amounts, or an amount while table 7 is empty."""
    status = db.execute(
        "SELECT status FROM doc_tables WHERE document_id = ? AND key = 'table_07'", [doc_id]
    ).fetchone()
    if not status:
        return False
    value = "0.00" if status[0] == "parsed" else "12.34"
    return change_labelled(db, doc_id, key, "本年支出合计", "政府性基金", value)


Planter = Callable[[sqlite3.Connection, int, int], bool]
PLANTS: dict[str, tuple[str, str, Planter]] = {
    "row_sum": (
        "inconsistent_figures",
        "relation",
        lambda db, d, y: change_cell(db, d, ("table_05", "table_03"), "基本支出"),
    ),
    "basic_total": (
        "inconsistent_figures",
        "relation",
        lambda db, d, y: change_labelled(db, d, "table_06", "人员经费合计"),
    ),
    "code_moved": (
        "inconsistent_figures",
        "relation",
        lambda db, d, y: move_code(db, d, "table_02"),
    ),
    "class_renamed": (
        "inconsistent_figures",
        "relation",
        lambda db, d, y: rename_class(db, d),
    ),
    "fund_carry_over": (
        "inconsistent_figures",
        "relation",
        lambda db, d, y: change_labelled(db, d, "table_04", "年末", "一般公共"),
    ),
    "three_public_budget": (
        "inconsistent_figures",
        "relation",
        lambda db, d, y: change_first_row(db, d, "table_09", "因公出国"),
    ),
    "emptiness": (
        "inconsistent_figures",
        "emptiness",
        lambda db, d, y: zero_fund_column(db, d, "table_04"),
    ),
    "procurement_sme": (
        "inconsistent_figures",
        "procurement_sme",
        lambda db, d, y: change_labelled(db, d, "procurement", "合计", "中小企业", "99999999.00"),
    ),
    "heading_year": (
        "wrong_year",
        "heading",
        lambda db, d, y: append_text(db, d, f"三、{y - 1}年度一般公共预算财政拨款支出决算情况说明"),
    ),
    "as_of": (
        "wrong_year",
        "as_of",
        lambda db, d, y: append_text(db, d, f"截至{y - 1}年12月31日，本部门共有车辆2辆。"),
    ),
    "opposite_totals": (
        "direction_contradiction",
        "opposite_totals",
        lambda db, d, y: append_text(
            db,
            d,
            "收入总计比上年减少77.37万元，主要原因是人员减少。支出总计比上年增加77.37万元。",
        ),
    ),
    "stated_rate": (
        "direction_contradiction",
        "stated_rate",
        lambda db, d, y: append_text(
            db,
            d,
            f"{y - 1}年支出为1690.69万元，{y}年支出为1434.89万元，比上年减少1.10%。",
        ),
    ),
    "rise_above_current": (
        "direction_contradiction",
        "rise_above_current",
        lambda db, d, y: append_text(
            db, d, "政府性基金预算财政拨款支出0.00万元，比上年增加43.84万元。"
        ),
    ),
    "empty_reason": (
        "unfinished_text",
        "empty_reason",
        lambda db, d, y: append_text(
            db, d, "公务用车购置及运行费9.98万元，与上年持平，主要原因是。"
        ),
    ),
    "doubled_punctuation": (
        "unfinished_text",
        "doubled_punctuation",
        lambda db, d, y: append_text(db, d, "主要用于信息化建设及运行维护等方面的支出。。"),
    ),
    "copied": ("copied_prior_text", "numbers_not_updated", lambda db, d, y: True),
    "opposite_reason": (
        "copied_prior_text",
        "reason_for_opposite_change",
        lambda db, d, y: True,
    ),
}


def show(path: Path, check: str) -> None:
    db = sqlite3.connect(path)
    for (message,) in db.execute(
        'SELECT message FROM findings WHERE "check" = ? AND resolved_at IS NULL'
        " AND json_extract(evidence, '$.kind') IN"
        " ('relation', 'emptiness', 'procurement_sme', 'item_amount')"
        ' OR ("check" = ? AND "check" != \'inconsistent_figures\') LIMIT 8',
        [check, check],
    ):
        print("    e.g.", message[:260])


def measure(store: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="fw-planted-") as scratch:
        clean_path = Path(scratch) / "clean.db"
        shutil.copy(store, clean_path)
        migrate(sqlite_utils.Database(clean_path))  # a store kept by an older run
        db = sqlite3.connect(clean_path)
        docs = [
            (i, y)
            for i, y in db.execute(
                "SELECT id, fiscal_year FROM documents WHERE status = 'parsed'"
                " AND doc_type = 'final_account' ORDER BY id"
            )
        ]
        for doc_id, _ in docs:
            change_sentence(db, doc_id)
        pair_prior_years(db, set())
        db.close()
        found = new_findings(run(clean_path))
        alarms = Counter((c, k) for d, c, s, k, _ in found if s in ALARM and d in dict(docs))
        infos = Counter((c, k) for d, c, s, k, _ in found if s not in ALARM and d in dict(docs))
        n = len(docs)
        if SHOW:
            for check in ONLY:
                show(clean_path, check)
        print(f"clean: {n} documents (each with another document of its family as prior year)")
        for check in ONLY:
            total = sum(v for (c, _), v in alarms.items() if c == check)
            kinds = ", ".join(f"{k} {v}" for (c, k), v in alarms.items() if c == check)
            info = sum(v for (c, _), v in infos.items() if c == check)
            rate = 100 * total / max(n, 1)
            print(f"  {check:26} false warnings/100 {rate:6.2f}  ({kinds or '-'}); info {info}")

        planted_path = Path(scratch) / "planted.db"
        shutil.copy(store, planted_path)
        migrate(sqlite_utils.Database(planted_path))
        db = sqlite3.connect(planted_path)
        plan: dict[int, str] = {}
        names = list(PLANTS)
        for i, (doc_id, year) in enumerate(docs):
            name = names[i % len(names)]
            if PLANTS[name][2](db, doc_id, year):
                plan[doc_id] = name
        for doc_id, _ in docs:
            change_sentence(db, doc_id, up=plan.get(doc_id) != "opposite_reason")
        pair_prior_years(db, {d for d, name in plan.items() if name == "copied"})
        db.commit()
        db.close()
        found = new_findings(run(planted_path))
        by_doc: dict[int, list[tuple[str, str, dict[str, Any]]]] = defaultdict(list)
        for d, c, _, k, ev in found:
            by_doc[d].append((c, k, ev))
        print("\nplanted (one problem per document, the kinds in turn):")
        for name in names:
            check, kind, _ = PLANTS[name]
            targets = [d for d, n_ in plan.items() if n_ == name]
            hit = [
                d
                for d in targets
                if any(c == check and k == kind and _names(ev, name) for c, k, ev in by_doc[d])
            ]
            extra = ""
            if name in ("row_sum", "basic_total", "fund_carry_over", "code_moved", "class_renamed"):
                one = [
                    d
                    for d in hit
                    if len([1 for c, k, _ in by_doc[d] if c == check and k == kind]) == 1
                    and any(len(ev.get("relation", [])) >= 2 for c, k, ev in by_doc[d] if k == kind)
                ]
                extra = f"; one finding listing ≥ 2 relations: {len(one)}/{len(hit)}"
            print(f"  {name:22} {check}/{kind:22} found {len(hit)}/{len(targets)}{extra}")


def real_texts(shared: Path) -> dict[str, dict[int, str]]:
    """The seeds (stored text) and the real final accounts (PDF, parsed by the project's
    parser), as compacted pages: different departments and years, none copied from
    another (the official template is what the real account was written from)."""
    from fiscalwatch.monitor.checks.reasons import _compact
    from fiscalwatch.parsing.document import Hints, parse_bytes

    out: dict[str, dict[int, str]] = {}
    for path in sorted((shared / "seeds").glob("*.txt")):
        pages = path.read_text(encoding="utf-8").split("\f")
        out[f"seed {path.stem[:3]}"] = {i + 1: _compact(t) for i, t in enumerate(pages)}
    for path in sorted((shared / "real").glob("*.pdf")):
        parsed = parse_bytes(path.read_bytes(), Hints(filename=path.name))
        out[path.stem] = {p.number: _compact(p.text) for p in parsed.pages}
    return out


def measure_real_pairs(shared: Path) -> None:
    """copied_prior_text on every ordered pair of real texts, one taken as the other's
    prior year: each finding is a false warning."""
    from fiscalwatch.monitor.checks.copied_prior_text import copied

    texts = real_texts(shared)
    found: Counter[str] = Counter()
    pairs = 0
    for name, pages in texts.items():
        for other, prior in texts.items():
            if other == name:
                continue
            pairs += 1
            kinds, _ = copied(pages, {(0, p): t for p, t in prior.items()})
            for kind in kinds:
                found[kind] += 1
                if SHOW:
                    print(f"    {name} ← {other}: {kind} {kinds[kind][0].snippet[:80]}")
    total = sum(found.values())
    print(
        f"\nreal texts ({len(texts)}: {', '.join(texts)}), {pairs} ordered pairs as prior"
        f" years: copied_prior_text false warnings/100 pairs {100 * total / max(pairs, 1):.2f}"
        f" ({', '.join(f'{k} {v}' for k, v in found.items()) or '-'})"
    )


# What the finding must name for the planted relation, beside its check and kind.
EXPECTED_TEXT = {
    "code_moved": "无此科目",
    "class_renamed": "无此类",
    "fund_carry_over": "年末结转和结余 = 年初结转和结余",
}


def _names(evidence: dict[str, Any], plant: str) -> bool:
    wanted = EXPECTED_TEXT.get(plant)
    return not wanted or any(wanted in r.get("text", "") for r in evidence.get("relation", []))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--store", type=Path, default=Path(tempfile.gettempdir()) / "fw-layouts" / "layouts.db"
    )
    parser.add_argument("--per-family", type=int, default=20)
    parser.add_argument("--show", action="store_true", help="print clean-document findings")
    parser.add_argument(
        "--shared",
        type=Path,
        default=ROOT.parent / "shared",
        help="../shared: real texts for copied_prior_text's precision (skipped when absent)",
    )
    args = parser.parse_args(argv)
    if not args.store.exists():
        from bench import layouts

        layouts.main(["--per-family", str(args.per_family), "--keep", str(args.store.parent)])
    global SHOW
    SHOW = args.show
    measure(args.store)
    if (args.shared / "seeds").is_dir():
        measure_real_pairs(args.shared)
    return 0


if __name__ == "__main__":
    sys.exit(main())
