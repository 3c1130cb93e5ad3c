"""CMS adapters, registered by name. A source's ``adapter`` key picks one; otherwise the
first whose ``detect`` accepts the start page wins, in this order (most specific first).

To support a new CMS: write a class with ``name``, ``detect(page)`` and ``parse(page)``
(see ``base.py``) and add it to ``ADAPTERS``."""

from __future__ import annotations

from fiscalwatch.crawler.adapters.base import Adapter, ListPage, ListRequest, PageView
from fiscalwatch.crawler.adapters.contentid import ContentIdAdapter
from fiscalwatch.crawler.adapters.deptindex import DepartmentIndexAdapter
from fiscalwatch.crawler.adapters.gkmlpt import GkmlptAdapter
from fiscalwatch.crawler.adapters.hanweb import HanwebAdapter
from fiscalwatch.crawler.adapters.hexshtml import HexShtmlAdapter
from fiscalwatch.crawler.adapters.paged import PagedAdapter
from fiscalwatch.crawler.adapters.trs import TrsAdapter
from fiscalwatch.crawler.adapters.vsb import VsbAdapter

ADAPTERS: dict[str, Adapter] = {
    adapter.name: adapter
    for adapter in (
        HanwebAdapter(),
        GkmlptAdapter(),
        VsbAdapter(),
        TrsAdapter(),
        HexShtmlAdapter(),
        ContentIdAdapter(),
        PagedAdapter(),
        DepartmentIndexAdapter(),
    )
}
FALLBACK = "paged"


def detect_adapter(page: PageView, *, allow_index: bool = True) -> Adapter:
    for adapter in ADAPTERS.values():
        if not allow_index and adapter.name == "deptindex":
            continue
        if adapter.detect(page):
            return adapter
    return ADAPTERS[FALLBACK]


def adapter_named(name: str) -> Adapter:
    try:
        return ADAPTERS[name]
    except KeyError:
        raise KeyError(f"unknown adapter {name!r} (known: {', '.join(ADAPTERS)})") from None


__all__ = [
    "ADAPTERS",
    "Adapter",
    "ListPage",
    "ListRequest",
    "PageView",
    "adapter_named",
    "detect_adapter",
]
