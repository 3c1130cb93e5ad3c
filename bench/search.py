"""Search benchmark, two parts printed side by side in one run.

1. Tokenizers on real text: FTS5 ``trigram`` against jieba-segmented text (FTS5
   ``unicode61`` over words jieba cut), on the five seed disclosures cut into pages (and
   the pages of a store given with ``--pages-from``, e.g. the demo's). For a set of
   analysts' queries: recall against the pages that really contain the phrase (substring
   on whitespace-free text), wrong pages, index size and query time.
2. ``fiscalwatch.search.search`` (the command's code path) on stores of 5 000 and
   50 000 documents of real-looking text: sentences of the seeds recombined, with their
   numbers, years and department names varied, never one page repeated.

    .venv/bin/python bench/search.py [--sizes 5000,50000] [--pages-from STORE.db] [--keep DIR]

Needs ../shared/seeds (the real disclosures) and jieba (test extras).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fiscalwatch.search.query import search  # noqa: E402
from fiscalwatch.store import Store  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
PAGE_CHARS = 1200
# What analysts asked for, whole words and parts of words, long and short.
QUERIES = (
    "公务用车购置",
    "公务用车购置及运行维护费",
    "过紧日子",
    "严格落实过紧日子",
    "机关运行经费",
    "政府采购",
    "国有资产",
    "因公出国",
    "公务接待",
    "接待费",
    "用车购置",
    "运行维护",
    "一般公共预算财政拨款",
    "基本支出",
    "项目支出",
    "绩效自评",
    "名词解释",
    "上年结转",
    "年末结转和结余",
    "编制委员会",
    "事业收入",
    "比上年增加",
    "主要原因是",
    "会议费",
    "培训费",
)
SCALE_QUERIES: tuple[tuple[str, dict[str, object]], ...] = (
    ("公务用车购置", {}),
    ("严格落实中央八项规定", {}),
    ("机关运行经费", {}),
    ("公务接待 批次", {}),
    ("公务用车购置", {"region": "白水县", "year": 2023}),
    ("东河区卫生健康委员会", {}),
    ("三公", {}),
    ("三公", {"region": "白水县", "year": 2023}),
)
REGIONS = (
    "青川市", "白水县", "东河区", "南山区", "北岭县", "西江市", "金沙县", "临江区",
    "安平县", "长宁市", "平阳区", "永和县",
)  # fmt: skip
BUREAUS = (
    "财政局", "教育局", "卫生健康委员会", "发展和改革委员会", "公安局", "民政局", "司法局",
    "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局",
    "商务局", "文化和旅游局", "应急管理局", "审计局", "统计局", "医疗保障局", "林业局",
    "机构编制委员会办公室", "人力资源和社会保障局", "市场监督管理局", "退役军人事务局",
)  # fmt: skip
YEARS = (2019, 2020, 2021, 2022, 2023, 2024)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def seed_pages() -> list[str]:
    """Each seed cut at line ends into pages of about PAGE_CHARS characters."""
    pages: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        page: list[str] = []
        size = 0
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
            page.append(line)
            size += len(line)
            if size >= PAGE_CHARS:
                pages.append("".join(page))
                page, size = [], 0
        if page:
            pages.append("".join(page))
    return pages


def store_pages(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [row[0] for row in conn.execute("SELECT text FROM pages WHERE text != ''")]


# -- part 1: trigram against jieba ------------------------------------------------------


def build_index(pages: Sequence[str], tokenize: str, prepare: Callable[[str], str]) -> tuple:
    """A contentless FTS5 table in its own file, so the file size is the index size."""
    folder = Path(tempfile.mkdtemp(prefix="fw-search-bench-"))
    conn = sqlite3.connect(folder / "index.db")
    conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(text, tokenize='{tokenize}', content='')")
    started = time.perf_counter()
    with conn:
        conn.executemany(
            "INSERT INTO t (rowid, text) VALUES (?, ?)",
            ((i, prepare(text)) for i, text in enumerate(pages)),
        )
        conn.execute("INSERT INTO t (t) VALUES ('optimize')")
    seconds = time.perf_counter() - started
    conn.execute("VACUUM")
    size = (folder / "index.db").stat().st_size
    (folder / "index.db").unlink()  # the open connection keeps it readable
    folder.rmdir()
    return conn, seconds, size


def compare_tokenizers(pages: list[str]) -> None:
    import jieba  # the alternative measured here, not a dependency of the search itself

    jieba.setLogLevel(60)
    squeezed = [squeeze(p) for p in pages]
    text_bytes = sum(len(p.encode()) for p in squeezed)

    def words(text: str) -> list[str]:
        return [w for w in jieba.cut(text) if w.strip()]

    def segmented(text: str) -> str:
        return " ".join(words(squeeze(text)))

    setups: dict[str, tuple[str, Callable[[str], str], Callable[[str], str]]] = {
        "trigram": ("trigram", squeeze, lambda q: f'"{q}"'),
        "jieba": ("unicode61", segmented, lambda q: f'"{segmented(q)}"'),
    }
    print(
        f"\n== tokenizers on {len(pages)} real pages ({text_bytes / 1e6:.2f} MB of text,"
        f" {len(QUERIES)} queries) =="
    )
    results: dict[str, dict[str, object]] = {}
    per_query: dict[str, dict[str, tuple[int, int]]] = {}
    for name, (tokenize, prepare, to_query) in setups.items():
        conn, seconds, size = build_index(pages, tokenize, prepare)
        found_total = relevant_total = wrong_total = 0
        timings: list[float] = []
        per_query[name] = {}
        for query in QUERIES:
            truth = {i for i, text in enumerate(squeezed) if query in text}
            started = time.perf_counter()
            rows = conn.execute("SELECT rowid FROM t WHERE t MATCH ?", [to_query(query)]).fetchall()
            timings.append(time.perf_counter() - started)
            got = {row[0] for row in rows}
            found_total += len(got & truth)
            relevant_total += len(truth)
            wrong_total += len(got - truth)
            per_query[name][query] = (len(got & truth), len(truth))
        conn.close()
        results[name] = {
            "recall": found_total / relevant_total if relevant_total else 1.0,
            "wrong": wrong_total,
            "size": size,
            "build": seconds,
            "query_ms": statistics.median(timings) * 1000,
        }
    print(f"{'':<10}{'recall':>8}{'wrong pages':>13}{'index MB':>10}{'build s':>9}{'query ms':>10}")
    for name, r in results.items():
        print(
            f"{name:<10}{r['recall']:>8.1%}{r['wrong']:>13}{r['size'] / 1e6:>10.2f}"  # type: ignore[operator]
            f"{r['build']:>9.2f}{r['query_ms']:>10.3f}"
        )
    print("queries jieba misses (pages found / pages holding the phrase):")
    for query in QUERIES:
        by_jieba, holding = per_query["jieba"][query]
        if by_jieba < holding:
            by_trigram = per_query["trigram"][query][0]
            print(f"  {query:<16} jieba {by_jieba}/{holding}   trigram {by_trigram}/{holding}")


# -- part 2: the search at scale --------------------------------------------------------


def sentence_pool(pages: Sequence[str]) -> list[str]:
    text = "".join(pages)
    sentences = [s.strip() + "。" for s in re.split(r"[。\n]", text)]
    return [s for s in sentences if 8 <= len(s) <= 220]


def vary(sentence: str, rng: random.Random, department: str, year: int) -> str:
    sentence = re.sub(r"20\d\d(?=\s*年)", lambda _: str(year - rng.choice((0, 0, 1))), sentence)
    sentence = re.sub(
        r"\d+\.\d+|\d{2,}",
        lambda m: (
            f"{rng.uniform(0, 10 ** (len(m.group(0)) - 2)):.2f}"
            if "." in m.group(0)
            else str(rng.randint(10, 10 ** len(m.group(0))))
        ),
        sentence,
    )
    return sentence.replace("本部门", department) if rng.random() < 0.3 else sentence


def generate(store: Store, count: int, pool: Sequence[str], rng: random.Random) -> int:
    """``count`` documents of two pages each; returns the characters of text stored."""
    chars = 0
    db = store.db
    batch = 1000
    for offset in range(0, count, batch):
        documents, pages = [], []
        for number in range(offset, min(offset + batch, count)):
            region, bureau, year = rng.choice(REGIONS), rng.choice(BUREAUS), rng.choice(YEARS)
            department = f"{region}{bureau}"
            documents.append(
                {
                    "id": number + 1,
                    "source": "bench",
                    "url": f"http://127.0.0.1/bench/{number}.pdf",
                    "title": f"{department}{year}年度部门决算",
                    "department": department,
                    "region": region,
                    "fiscal_year": year,
                    "doc_type": "final_account",
                    "sha256": f"{number:064d}",
                    "fetched_at": "2025-01-01T00:00:00+00:00",
                    "status": "parsed",
                }
            )
            for page in (1, 2):
                lines = [f"{department}{year}年度部门决算"]
                while sum(map(len, lines)) < PAGE_CHARS * rng.uniform(0.6, 1.0):
                    lines.append(vary(rng.choice(pool), rng, department, year))
                text = "\n".join(lines)
                chars += len(text)
                pages.append({"document_id": number + 1, "page": page, "text": text})
        with store.transaction():
            db.table("documents").insert_all(documents)
            db.table("pages").insert_all(pages)
    return chars


def time_search(store: Store, query: str, filters: dict[str, object]) -> tuple[float, int, str]:
    search(store.db, query, **filters)  # type: ignore[arg-type]  # warm the cache
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        result = search(store.db, query, **filters)  # type: ignore[arg-type]
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000, result.total, result.method


def scale(sizes: Sequence[int], pool: Sequence[str], keep: Path | None) -> None:
    print(f"\n== search at scale (2 pages a document, {len(pool)} seed sentences varied) ==")
    rows: dict[int, list[tuple[float, int, str]]] = {}
    facts: dict[int, tuple[float, float, float]] = {}
    for size in sizes:
        folder = keep / str(size) if keep else Path(tempfile.mkdtemp(prefix="fw-search-scale-"))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "fw.db"
        path.unlink(missing_ok=True)
        store = Store(path, folder / "files")
        started = time.perf_counter()
        chars = generate(store, size, pool, random.Random(size))
        build = time.perf_counter() - started
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        facts[size] = (chars / 1e6, build, path.stat().st_size / 1e6)
        rows[size] = [time_search(store, q, f) for q, f in SCALE_QUERIES]
        store.close()
        if keep is None:
            shutil.rmtree(folder)
    print(
        "".join(
            f"{size:>6} docs: {c:.1f}M characters, stored and indexed in {b:.0f} s,"
            f" store {mb:.0f} MB\n"
            for size, (c, b, mb) in facts.items()
        ),
        end="",
    )
    header = f"{'query':<34}{'method':>7}" + "".join(f"{f'{s} docs ms':>16}" for s in sizes)
    print(header)
    for index, (query, filters) in enumerate(SCALE_QUERIES):
        label = query + (
            "  " + " ".join(f"--{k} {v}" for k, v in filters.items()) if filters else ""
        )
        cells = "".join(f"{rows[s][index][0]:>9.1f} ({rows[s][index][1]:>5})" for s in sizes)
        print(f"{label:<34}{rows[sizes[0]][index][2]:>7}{cells}")
    print(
        "(median of 5 warm runs of search(): count of all matching pages"
        " + the first 20 with snippets)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="5000,50000")
    parser.add_argument("--pages-from", type=Path, help="Also compare on this store's pages.")
    parser.add_argument("--keep", type=Path, help="Keep the generated stores in this folder.")
    parser.add_argument("--skip-tokenizers", action="store_true")
    args = parser.parse_args()
    if not SEEDS.is_dir():
        sys.exit(f"bench/search.py needs the seed disclosures in {SEEDS}")
    pages = seed_pages()
    real = pages + (store_pages(args.pages_from) if args.pages_from else [])
    if not args.skip_tokenizers:
        compare_tokenizers(real)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if sizes:
        scale(sizes, sentence_pool(pages), args.keep)


if __name__ == "__main__":
    main()
