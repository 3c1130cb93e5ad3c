"""The report in a real headless Chromium (Debian's /usr/bin/chromium, driven by
Playwright; never ``playwright install``): pages load from file:// without console
errors, the filters and sorting work, the department page draws its charts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from fiscalwatch.report import build_report, pages
from tests.report.sample import EDITORIAL, FINANCE, build_sample, sample_config

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Route

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("browser")
    with pytest.MonkeyPatch.context() as monkeypatch:
        store, _ids = build_sample(root / "store", monkeypatch)
        build_report(store.db, sample_config(), root / "site", files=store.files)
        store.close()
    yield root / "site"


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The sample as a large report: the index lists the regions, one row each."""
    root = tmp_path_factory.mktemp("browser-large")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(pages, "INLINE_DEPARTMENTS", 1)
        store, _ids = build_sample(root / "store", monkeypatch)
        build_report(store.db, sample_config(), root / "site", files=store.files)
        store.close()
    yield root / "site"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


class Page:
    """A browser tab that records console errors and uncaught exceptions."""

    def __init__(self, browser: Browser) -> None:
        self.tab = browser.new_page(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.tab.on("console", self._console)
        self.tab.on("pageerror", lambda error: self.errors.append(str(error)))
        # file:// pages must not reach out: any http(s) request is a bug.
        self.tab.route("http*://**", self._refuse)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _refuse(self, route: Route) -> None:
        self.errors.append(f"network request: {route.request.url}")
        route.abort()

    def open(self, path: Path) -> None:
        self.tab.goto(path.as_uri())
        self.tab.wait_for_load_state("load")

    def count(self, selector: str) -> int:
        return int(self.tab.evaluate(f"document.querySelectorAll({selector!r}).length"))

    def shot(self, path: Path) -> int:
        # from the top, so sticky filter bars sit where a reader first sees them
        self.tab.evaluate("window.scrollTo(0, 0)")
        self.tab.screenshot(path=str(path), full_page=True)
        data = path.read_bytes()
        assert data.startswith(b"\x89PNG")
        return len(data)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    opened = Page(browser)
    yield opened
    opened.tab.close()


def visible_rows(page: Page) -> int:
    return page.count("table.matrix tbody tr[data-search]:not([hidden])")


def test_overview_loads_cleanly_and_filters_rows(site: Path, page: Page, tmp_path: Path) -> None:
    page.open(site / "index.html")
    assert page.tab.title().startswith("总览")
    assert visible_rows(page) == 7
    assert page.tab.locator(".filters [data-filter-count]").inner_text() == "显示 7 / 7"

    page.tab.get_by_role("button", name="有未公开").click()
    assert visible_rows(page) == 1
    shown = page.tab.locator("table.matrix tbody tr[data-search]:not([hidden]) th.dept")
    assert shown.inner_text() == EDITORIAL
    # the region with nothing left says so instead of showing an empty table
    assert page.count("table.matrix tr.empty-row:not([hidden])") == 1

    page.tab.get_by_role("button", name="全部部门").click()
    page.tab.get_by_placeholder("搜索部门名称…").fill("白水")
    assert visible_rows(page) == 3
    page.tab.get_by_placeholder("搜索部门名称…").fill("")

    size = page.shot(tmp_path / "overview.png")
    assert size > 40_000
    assert page.errors == []


def test_overview_columns_sort(site: Path, page: Page) -> None:
    page.open(site / "index.html")
    table = page.tab.locator("section.region").nth(1).locator("table.matrix")
    header = table.locator("thead th", has_text="部门")
    before = table.locator("tbody th.dept").all_inner_texts()
    header.click()
    assert header.get_attribute("aria-sort") == "ascending"
    ascending = table.locator("tbody th.dept").all_inner_texts()
    assert sorted(ascending) == sorted(before) and ascending != before
    header.click()
    assert header.get_attribute("aria-sort") == "descending"
    assert table.locator("tbody th.dept").all_inner_texts() == ascending[::-1]
    year = table.locator("thead th.year", has_text="2024")
    year.click()  # numbers sort descending first: the worst state on top
    first = table.locator("tbody tr").first.locator("td.cell").nth(2)
    assert "s-missing" in (first.get_attribute("class") or "").split()
    assert page.errors == []


def test_region_list_sorts_by_the_cells_text(large_site: Path, page: Page) -> None:
    """The national index's rows carry no data-value: sorting reads the cells' text, and
    an empty cell (no finding of that severity) sorts below every count."""
    page.open(large_site / "index.html")
    table = page.tab.locator("table.regions-list")

    def regions() -> list[str]:
        return table.locator("tbody tr[data-search] th").all_inner_texts()

    table.locator("thead th", has_text="地区").click()
    assert regions() == ["白水县", "青川市"]  # pinyin: bai before qing
    table.locator("thead th", has_text="部门").click()  # numbers: the largest first
    assert regions() == ["青川市", "白水县"]  # 4 departments, 3
    critical = table.locator("thead th", has_text="严重")
    critical.click()
    assert regions() == ["青川市", "白水县"]  # 2 critical findings, none
    critical.click()
    assert regions() == ["白水县", "青川市"]
    assert page.errors == []


def test_department_page_draws_its_charts(site: Path, page: Page, tmp_path: Path) -> None:
    finance = next(
        p for p in (site / "departments").glob("*.html") if f"<h1>{FINANCE}</h1>" in p.read_text()
    )
    page.open(finance)
    chart = page.tab.locator("figure.chart-card svg.chart").first
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 150 and box["height"] > 100
    bars = chart.locator("rect.bar")
    assert bars.count() == 3
    heights = [(b.bounding_box() or {"height": 0.0})["height"] for b in bars.all()]
    assert heights == sorted(heights) and heights[0] > 10  # 1800 < 2100 < 2300
    size = page.shot(tmp_path / "department.png")
    assert size > 40_000
    assert page.errors == []


def test_findings_filter_and_permalink(site: Path, page: Page, tmp_path: Path) -> None:
    page.open(site / "findings.html")
    visible = ".finding-list > article.finding:not([hidden])"
    assert page.count(visible) == 8  # open findings by default
    page.tab.locator('[data-filter-group="severity"] button', has_text="严重").click()
    assert page.count(visible) == 3
    severities = page.tab.locator(visible).evaluate_all("els => els.map(e => e.dataset.severity)")
    assert set(severities) == {"critical"}
    page.tab.locator('[data-filter-group="check"] button[data-value="yoy_anomaly"]').click()
    assert page.count(visible) == 0
    assert page.tab.locator(".finding-list > p.empty").is_visible()

    resolved = page.tab.locator("article.finding.resolved")
    anchor = resolved.get_attribute("id")
    page.tab.goto(f"{(site / 'findings.html').as_uri()}#{anchor}")
    assert resolved.is_visible()
    assert page.shot(tmp_path / "findings.png") > 40_000
    assert page.errors == []
