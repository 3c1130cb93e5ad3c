"""``fiscalwatch probe URL [--pages N]``: what the crawler would find at a start URL, before
anyone writes a ``[[sources]]`` entry for it. A dry run: nothing is stored.

It reads the start page and up to N list pages with the same adapters, classifier and
safety rules as the crawl, fetches the detail pages of the items it would follow (up to
``--details``) to list their attachments, and ends with a ready ``[[sources]]`` block.
Requests are sequential, spaced by ``crawl.download_delay``, and obey robots.txt.
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import click
from parsel import Selector

from fiscalwatch.app import App, pass_app
from fiscalwatch.charsets import decode_page
from fiscalwatch.classify import Classification, classify
from fiscalwatch.config import CrawlConfig, SourceConfig
from fiscalwatch.crawler.adapters import ADAPTERS, FALLBACK, detect_adapter
from fiscalwatch.crawler.adapters.base import ListPage, PageView
from fiscalwatch.crawler.content import looks_like_file_url
from fiscalwatch.crawler.links import Link
from fiscalwatch.crawler.safety import AllowedHosts, host_port, is_internal
from fiscalwatch.crawler.spiders.disclosure import (
    attachment_links,
    detail_title,
    explains_itself,
    looks_like_item,
    metadata_date,
)
from fiscalwatch.errors import FiscalwatchError

MAX_BYTES = 5 * 1024 * 1024  # a list or detail page; files are never downloaded
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e]")


@dataclass
class ProbedItem:
    title: str
    url: str
    found: Classification
    decision: str
    attachments: list[str] = field(default_factory=list)
    page_is_part: bool = False
    published: str | None = None
    note: str | None = None


@dataclass
class ProbeResult:
    start_url: str
    adapter: str
    fallback: bool
    list_pages: list[str] = field(default_factory=list)
    more_pages: list[str] = field(default_factory=list)
    """Paging found but not read (beyond ``--pages``)."""
    departments: list[str] = field(default_factory=list)
    items: list[ProbedItem] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: int = 0


class Fetcher:
    """Sequential GETs within the start URL's site, polite and bounded."""

    def __init__(self, start_url: str, crawl: CrawlConfig) -> None:
        source = SourceConfig(name="probe", region="-", start_urls=[start_url])
        self.allowed = AllowedHosts.of(source)
        self.crawl = crawl
        self.robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._last = 0.0
        self.requests = 0

    def get(self, url: str) -> tuple[str, str]:
        """(final URL, decoded text). Raises ValueError for a URL the crawl would refuse."""
        if not self.allowed.allows(url):
            raise ValueError(f"outside the start URL's site: {url}")
        if not self.allowed.internal_ok and is_internal(host_port(url)[0]):
            raise ValueError(f"refused: the host resolves to an internal address: {url}")
        if self.crawl.obey_robots and not self._robots(url).can_fetch(self.crawl.user_agent, url):
            raise ValueError(f"forbidden by robots.txt: {url}")
        self._wait()
        request = urllib.request.Request(url, headers={"User-Agent": self.crawl.user_agent})
        self.requests += 1
        with urllib.request.urlopen(request, timeout=self.crawl.timeout) as response:
            final = response.geturl()
            if not self.allowed.allows(final):
                raise ValueError(f"redirected outside the site: {final}")
            body = response.read(MAX_BYTES + 1)[:MAX_BYTES]
            content_type = response.headers.get("Content-Type")
        return final, decode_page(body, content_type)[1]

    def _robots(self, url: str) -> urllib.robotparser.RobotFileParser:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self.robots:
            parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
            try:
                self._wait()
                self.requests += 1
                parser.read()
            except (OSError, urllib.error.URLError):
                parser.parse([])  # no robots.txt to read: nothing is forbidden
            self.robots[origin] = parser
        return self.robots[origin]

    def _wait(self) -> None:
        pause = self.crawl.download_delay - (time.monotonic() - self._last)
        if pause > 0:
            time.sleep(pause)
        self._last = time.monotonic()


def probe_site(
    start_url: str, crawl: CrawlConfig, *, pages: int = 3, details: int = 10
) -> ProbeResult:
    fetcher = Fetcher(start_url, crawl)
    queue: list[tuple[str, str | None]] = [(start_url, None)]
    seen_pages: set[str] = set()
    result: ProbeResult | None = None
    followed: list[ProbedItem] = []
    seen_items: set[str] = set()
    adapter_name: str | None = None
    while queue:
        url, department = queue.pop(0)
        if url in seen_pages:
            continue
        if len(seen_pages) >= pages:
            assert result is not None
            if url not in result.more_pages:
                result.more_pages.append(url)
            continue
        seen_pages.add(url)
        try:
            final, text = fetcher.get(url)
        except (OSError, ValueError) as exc:
            if result is None:
                raise FiscalwatchError(f"cannot read the start page: {exc}") from exc
            result.errors.append(f"{url}: {exc}")
            continue
        same = final.split("#")[0] == url.split("#")[0]
        view = PageView(url if same else final, text)
        adapter = (
            ADAPTERS[adapter_name]
            if adapter_name and department is None
            else detect_adapter(view, allow_index=department is None)
        )
        adapter_name = adapter_name or adapter.name
        if result is None:
            result = ProbeResult(start_url, adapter.name, adapter.name == FALLBACK)
        page: ListPage = adapter.parse(view)
        result.list_pages.append(url)
        # A POSTed page (Hanweb's dataproxy.jsp) is asked as its GET twin.
        queue.extend(
            ((more.get_fallback or more.url) if more.method == "POST" else more.url, department)
            for more in page.pages
        )
        for link in page.departments:
            result.departments.append(link.text)
            queue.append((link.url, link.text))
        for link in page.entries:
            if link.url in seen_items:
                continue
            item = _decide(link, department)
            if item is None:
                continue
            seen_items.add(link.url)
            result.items.append(item)
            if item.decision == "fetch":
                followed.append(item)
    assert result is not None
    for item in followed[:details]:
        _look_inside(fetcher, item)
    for item in followed[details:]:
        item.note = f"detail page not opened (--details {details})"
    result.requests = fetcher.requests
    return result


def _decide(link: Link, department: str | None) -> ProbedItem | None:
    found = classify(link.text, department=department)
    if not found.is_disclosure and not looks_like_item(link.text, found):
        return None
    return ProbedItem(link.text, link.url, found, found.decision)


def _look_inside(fetcher: Fetcher, item: ProbedItem) -> None:
    """Opens a detail page (a file link is left alone) and lists what would be fetched."""
    if looks_like_file_url(item.url):
        item.attachments = [item.url]
        return
    try:
        final, text = fetcher.get(item.url)
    except (OSError, ValueError) as exc:
        item.note = f"detail page not read: {exc}"
        return
    selector = Selector(text=text)
    item.attachments = [link.url for link in attachment_links(selector, final)]
    item.page_is_part = bool(item.found.is_disclosure and explains_itself(selector))
    item.published = metadata_date(selector)
    if not item.attachments:
        item.page_is_part = True
    title = detail_title(selector)
    if title and not item.found.department:
        item.found = classify(item.title, title)


def source_block(result: ProbeResult) -> str:
    """A ``[[sources]]`` entry to paste into the config."""
    host = (urlsplit(result.start_url).hostname or "source").replace(".", "_")
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", host)[:40] or "source"
    departments = sorted(
        {i.found.department for i in result.items if i.decision == "fetch" and i.found.department}
    )
    region = _common_region(departments) or "待填写"
    lines = [
        "[[sources]]",
        f'name = "{name}"',
        f'region = "{_toml(region)}"',
        f'start_urls = ["{_toml(result.start_url)}"]',
    ]
    if not result.fallback:
        lines.append(f'adapter = "{result.adapter}"')
    offsite = sorted(
        {
            urlsplit(url).hostname or ""
            for item in result.items
            for url in item.attachments
            if urlsplit(url).hostname != urlsplit(result.start_url).hostname
        }
        - {""}
    )
    if offsite:
        lines.append(f"allowed_domains = {_toml_list(offsite)}")
    if departments:
        lines.append(f"departments = {_toml_list(departments)}")
    return "\n".join(lines)


def _common_region(names: list[str]) -> str | None:
    """The division most department names start with ("青川市北岭县")."""
    prefixes: Counter[str] = Counter()
    for name in names:
        match = re.match(
            r"^(?:[\u4e00-\u9fff]{1,8}?(?:省|自治区|市|自治州|州|盟|地区))?"
            r"(?:[\u4e00-\u9fff]{1,8}?(?:县|区|市|旗))?",
            name,
        )
        if match and match.group(0):
            prefixes[match.group(0)] += 1
    if not prefixes:
        return None
    region, count = prefixes.most_common(1)[0]
    return region if count * 2 >= len(names) else None


def _toml(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _toml_list(values: list[str]) -> str:
    return "[" + ", ".join(f'"{_toml(v)}"' for v in values) + "]"


def _safe(text: str | None, limit: int = 100) -> str:
    """Crawled text for a terminal: no control characters, bounded."""
    text = _CONTROL.sub("", text or "")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render(result: ProbeResult) -> str:
    kind = "generic fallback" if result.fallback else "adapter"
    out = [f"{result.start_url}", f"{kind}: {result.adapter}", ""]
    out.append(f"list pages read ({len(result.list_pages)}):")
    out += [f"  {_safe(url, 200)}" for url in result.list_pages]
    if result.more_pages:
        out.append(f"paging found beyond --pages: {len(result.more_pages)} more, e.g.")
        out += [f"  {_safe(url, 200)}" for url in result.more_pages[:5]]
    elif len(result.list_pages) == 1:
        out.append("paging: none found")
    if result.departments:
        out.append(f"department pages: {len(result.departments)}")
    fetched = [i for i in result.items if i.decision == "fetch"]
    out += ["", f"listing items ({len(result.items)}; {len(fetched)} would be fetched):"]
    for item in result.items:
        found = item.found
        if item.decision == "fetch":
            level = "" if found.level == "department" else f" [{found.level}]"
            out.append(
                f"  FETCH  {_safe(item.title, 60)} | {_safe(found.department, 40) or '?'} | "
                f"{found.fiscal_year or '?'} | {found.doc_type}{level}"
            )
            for url in item.attachments:
                out.append(f"         attachment: {_safe(url, 200)}")
            if item.page_is_part:
                out.append(
                    "         the page itself is stored (its text is part of the disclosure)"
                )
            if item.published:
                out.append(f"         published {item.published}")
            if item.note:
                out.append(f"         ({_safe(item.note, 200)})")
        else:
            why = found.reason or item.decision
            out.append(f"  skip   {_safe(item.title, 60)} ({why})")
    if result.errors:
        out += ["", "errors:"] + [f"  {_safe(e, 200)}" for e in result.errors]
    out += ["", f"{result.requests} requests; nothing was stored.", "", source_block(result)]
    return "\n".join(out)


@click.command()
@click.argument("url")
@click.option("--pages", default=3, show_default=True, help="List pages to read at most.")
@click.option("--details", default=10, show_default=True, help="Detail pages to open at most.")
@pass_app
def probe(app: App, url: str, pages: int, details: int) -> None:
    """Dry run against one start URL: adapter, paging, classified items, attachments and
    a ready [[sources]] block. Stores nothing."""
    if not re.match(r"https?://", url):
        raise click.BadParameter("not an http(s) URL", param_hint="URL")
    try:
        crawl = app.config.crawl
    except FiscalwatchError:
        crawl = CrawlConfig()  # no config file yet: probing comes before writing one
    result = probe_site(url, crawl, pages=max(1, pages), details=max(0, details))
    click.echo(render(result))
