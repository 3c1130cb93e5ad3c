"""Crawl benchmark: a simulated TRS site with 500 disclosures over 50 list pages, then
each newer portal family (VSB, gkmlpt, hex .shtml, content_ID trees, PDF-as-HTML, 重庆
说明 pages) with 200 disclosures.

Reports wall time and requests (counted at the server) for the first cycle, for an
unchanged second cycle (default revalidation: known files are not asked for) and for
a cycle that revalidates every known file with conditional GETs (revalidate_days = 0).
Target: the second cycle makes fewer than 10% of the first cycle's requests and
downloads no file.

    .venv/bin/python bench/crawl.py [--delay 0] [--concurrency 8] [--no-families]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from fiscalwatch.config import Config, config_from_dict
from fiscalwatch.crawler.extensions import SourceStats
from fiscalwatch.crawler.runner import crawl_sources
from fiscalwatch.demo.sites import Disclosure, SiteFile, SiteSpec, serve_sites
from fiscalwatch.demo.sites.catalog import FAMILY_SITES
from fiscalwatch.demo.sites.documents import tiny_pdf
from fiscalwatch.store import Store

DISCLOSURES = 500
PER_PAGE = 10


def big_site(style: str = "trs", count: int = DISCLOSURES) -> SiteSpec:
    items = []
    start = date(2020, 1, 1)
    for i in range(count):
        department = f"青川市第{i // 5 + 1}局"
        year = 2020 + i % 5
        items.append(
            Disclosure(
                key=f"b{i}",
                title=f"{department}{year}年度部门决算公开",
                published=start + timedelta(days=i * 3),
                department=department,
                fiscal_year=year,
                doc_type="final_account",
                files=(SiteFile(f"{department}{year}年度部门决算.pdf", tiny_pdf(f"bench {i}")),),
            )
        )
    name = "bench" if style == "trs" else style
    return SiteSpec(name, style, "青川市", tuple(items), page_size=PER_PAGE, title=name)


FAMILY_DISCLOSURES = 200


def bench_families(args: argparse.Namespace) -> None:
    """First and unchanged cycle per portal family, side by side."""
    print(f"\nportal families: {FAMILY_DISCLOSURES} disclosures each, {PER_PAGE} per list page")
    header = ("family", "found", "1st req", "1st s", "2nd req", "2nd s", "2nd dl", "2nd/1st")
    print(f"{header[0]:<11}" + "".join(f"{h:>9}" for h in header[1:]))
    for style in FAMILY_SITES:
        spec = big_site(style, FAMILY_DISCLOSURES)
        with tempfile.TemporaryDirectory() as tmp, serve_sites(specs=[spec]) as sites:
            config = config_from_dict(
                {
                    "storage": {"database": f"{tmp}/fw.db", "files": f"{tmp}/files"},
                    "crawl": {
                        "download_delay": args.delay,
                        "concurrency_per_host": args.concurrency,
                    },
                    "sources": [
                        {"name": style, "region": "青川市", "start_urls": [sites.start_url(style)]}
                    ],
                }
            )
            cycles = []
            for _ in range(2):
                sites.clear_requests()
                started = time.monotonic()
                with Store.from_config(config) as store:
                    summary = crawl_sources(store, config, run_id=None)
                cycles.append(
                    (len(sites.requests), time.monotonic() - started, len(sites.downloads()))
                )
            found = summary.source(style).items
        (first, first_s, _), (second, second_s, downloads) = cycles
        values = (found, first, f"{first_s:.1f}", second, f"{second_s:.1f}", downloads)
        print(f"{style:<11}" + "".join(f"{v:>9}" for v in values) + f"{second / first:>9.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=0.0, help="crawl.download_delay")
    parser.add_argument("--concurrency", type=int, default=8, help="crawl.concurrency_per_host")
    parser.add_argument("--no-families", action="store_true", help="only the TRS site")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, serve_sites(specs=[big_site()]) as sites:

        def config(revalidate_days: float) -> Config:
            return config_from_dict(
                {
                    "storage": {"database": f"{tmp}/fw.db", "files": f"{tmp}/files"},
                    "crawl": {
                        "download_delay": args.delay,
                        "concurrency_per_host": args.concurrency,
                        "revalidate_days": revalidate_days,
                    },
                    "sources": [
                        {
                            "name": "bench",
                            "region": "青川市",
                            "start_urls": [sites.start_url("bench")],
                        }
                    ],
                }
            )

        rows: list[tuple[str, float, float, int, int, SourceStats]] = []
        for label, days in (("first", 7.0), ("unchanged", 7.0), ("revalidate all", 0.0)):
            sites.clear_requests()
            started = time.monotonic()
            with Store.from_config(config(days)) as store:
                summary = crawl_sources(store, config(days), run_id=None)
            wall = time.monotonic() - started
            stats = summary.source("bench")
            asked = len(sites.requests)
            rows.append((label, wall, stats.duration, asked, len(sites.downloads()), stats))
        store = Store(Path(tmp) / "fw.db", Path(tmp) / "files")
        documents = store.counts()["documents"]
        store.close()

    print(
        f"site: {DISCLOSURES} disclosures over {DISCLOSURES // PER_PAGE} list pages; "
        f"delay {args.delay}s, concurrency {args.concurrency}; {documents} documents stored"
    )
    header = ("cycle", "wall s", "crawl s", "requests", "downloads", "new", "unchanged")
    print(f"{header[0]:<16}" + "".join(f"{h:>11}" for h in header[1:]))
    for label, wall, crawl, asked, downloads, stats in rows:
        values = (f"{wall:.2f}", f"{crawl:.2f}", asked, downloads, stats.new, stats.unchanged)
        print(f"{label:<16}" + "".join(f"{v:>11}" for v in values))
    first, second, third = rows[0][3], rows[1][3], rows[2][3]
    print(f"unchanged / first requests: {second / first:.1%} (target < 10%)")
    print(f"revalidate-all / first requests: {third / first:.1%}")
    if not args.no_families:
        bench_families(args)


if __name__ == "__main__":
    main()
