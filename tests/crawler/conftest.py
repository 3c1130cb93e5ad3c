"""Fixtures for the crawler tests: simulated sites on loopback and configs pointing at them."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from fiscalwatch.config import Config, config_from_dict
from fiscalwatch.demo.sites import SiteServer, SiteSpec
from fiscalwatch.demo.sites.documents import tiny_pdf
from fiscalwatch.demo.sites.model import Disclosure, SiteFile
from tests.conftest import config_data

FAST_CRAWL = {
    "download_delay": 0,
    "concurrency_per_host": 4,
    "timeout": 5,
    "retry_times": 1,
    "retry_backoff": 0.05,
    "user_agent": "fiscalwatch-test (+https://example.org/contact)",
}


def site_config(
    tmp_path: Path, sites: SiteServer, names: list[str] | None = None, **crawl: Any
) -> Config:
    chosen = names or sites.sites
    return config_from_dict(
        config_data(
            tmp_path,
            crawl={**FAST_CRAWL, **crawl},
            sources=[
                {"name": n, "region": sites.spec(n).region, "start_urls": [sites.start_url(n)]}
                for n in chosen
            ],
        )
    )


def small_site(name: str, count: int = 3, style: str = "trs") -> SiteSpec:
    """A site with ``count`` final accounts of different departments, for fault tests."""
    items = tuple(
        Disclosure(
            key=f"d{i}-2024-js",
            title=f"青川市测试{i}局2024年度部门决算公开",
            published=date(2025, 8, 1 + i),
            department=f"青川市测试{i}局",
            fiscal_year=2024,
            doc_type="final_account",
            files=(SiteFile(f"测试{i}局2024年度部门决算.pdf", tiny_pdf(f"{name} {i}")),),
        )
        for i in range(count)
    )
    return SiteSpec(name, style, "青川市", items, page_size=5, title=name)
