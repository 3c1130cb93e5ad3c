"""Which site shows what: the four demo sites and ``serve_sites``.

The main site (``trs``, the 青川市 portal) shows the demo documents from the fixtures'
manifest when one is given, otherwise generated ones; the other styles show generated
disclosures of 青川市's districts. The site builders only see :class:`Disclosure`
objects, so where the files come from does not matter to them.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from fiscalwatch.demo.sites import (
    aspx,
    contentid,
    cq,
    depts,
    gkmlpt,
    hanweb,
    hexshtml,
    pdfhtml,
    trs,
    vsb,
)
from fiscalwatch.demo.sites.documents import (
    COMMON_WORD_DEPARTMENTS,
    synthetic_disclosures,
    tiny_xlsx,
)
from fiscalwatch.demo.sites.manifest import load_manifest
from fiscalwatch.demo.sites.model import Disclosure, SiteFile, SiteSpec
from fiscalwatch.demo.sites.server import Renderer, SiteServer

# style -> (renderer, start path)
SITE_STYLES: dict[str, tuple[Renderer, str]] = {
    "trs": (trs.render, trs.START_PATH),
    "hanweb": (hanweb.render, hanweb.START_PATH),
    "aspx": (aspx.render, aspx.START_PATH),
    "depts": (depts.render, depts.START_PATH),
    "vsb": (vsb.render, vsb.START_PATH),
    "gkmlpt": (gkmlpt.render, gkmlpt.START_PATH),
    "hexshtml": (hexshtml.render, hexshtml.START_PATH),
    "contentid": (contentid.render, contentid.START_PATH),
    "pdfhtml": (pdfhtml.render, pdfhtml.START_PATH),
    "cq": (cq.render, cq.START_PATH),
}
# The portal families beyond the four demo sites; not served unless asked for by name.
FAMILY_SITES = ("vsb", "gkmlpt", "hexshtml", "contentid", "pdfhtml", "cq")

_REGIONS = {
    "trs": ("青川市", "青川市人民政府"),
    "hanweb": ("青川市河西区", "青川市河西区人民政府"),
    "aspx": ("青川市东城区", "青川市东城区财政局"),
    "depts": ("青川市南山县", "青川市南山县人民政府"),
    "vsb": ("青川市北岭县", "青川市北岭县人民政府"),
    "gkmlpt": ("青川市海湾区", "青川市海湾区人民政府"),
    "hexshtml": ("青川市邵东县", "青川市邵东县人民政府"),
    "contentid": ("青川市岳阳区", "青川市岳阳区人民政府"),
    "pdfhtml": ("青川市梧桐区", "青川市梧桐区人民政府"),
    "cq": ("青川市渝江区", "青川市渝江区人民政府"),
}


def build_sites(
    documents: Path | str | None = None, names: Iterable[str] | None = None
) -> list[SiteSpec]:
    """The demo sites; ``documents`` is the fixtures' manifest (or its folder)."""
    chosen = list(names or [name for name in SITE_STYLES if name not in FAMILY_SITES])
    specs = []
    for name in chosen:
        if name not in SITE_STYLES:
            raise ValueError(f"unknown site {name!r} (known: {', '.join(SITE_STYLES)})")
        region, title = _REGIONS[name]
        items: list[Disclosure]
        if name == "trs" and documents is not None:
            items = load_manifest(Path(documents), region)
        elif name in FAMILY_SITES:
            items = synthetic_disclosures(region, name, departments=COMMON_WORD_DEPARTMENTS)
            if name == "cq":
                items = [_with_tables(item) for item in items]
        else:
            items = synthetic_disclosures(
                region, name, with_workbook=name == "aspx", inline_budget=name == "trs"
            )
        page_size = 4 if name == "hanweb" else 5
        specs.append(SiteSpec(name, name, region, tuple(items), page_size=page_size, title=title))
    return specs


def serve_sites(
    documents_dir_or_manifest: Path | str | None = None,
    state: str = "before",
    *,
    sites: Iterable[str] | None = None,
    specs: list[SiteSpec] | None = None,
    tls: ssl.SSLContext | None = None,
) -> SiteServer:
    """Starts the simulated sites on loopback; use the result as a context manager.

    ``specs`` serves custom sites instead (their ``style`` picks the renderer), e.g. the
    benchmark's 500-disclosure site. ``tls`` serves them over HTTPS with that context.
    """
    chosen = specs if specs is not None else build_sites(documents_dir_or_manifest, sites)
    server = SiteServer(
        [(spec, SITE_STYLES[spec.style][0], SITE_STYLES[spec.style][1]) for spec in chosen],
        state,
        tls,
    )
    return server.start()


def _with_tables(item: Disclosure) -> Disclosure:
    """重庆's form: the tables as a workbook attached to the explanation page."""
    if item.is_noise:
        return item
    workbook = SiteFile(
        f"{item.department}{item.fiscal_year}年度部门决算公开表.xlsx",
        tiny_xlsx(item.title, [["收入总计", 1234.56], ["支出总计", 1234.56]]),
    )
    return replace(item, files=(workbook,))
