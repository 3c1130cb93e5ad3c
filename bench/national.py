"""National-size run on one machine: about 2,000 simulated government portals on loopback
(one loopback address each, all on one port and served by one thread; three CMS
list styles from ``fiscalwatch.demo.sites``) publishing up to 200,000
department-years of final accounts, mostly cheap HTML disclosures with one PDF in
``--pdf-every``; then the real cycle (``fiscalwatch run``: crawl, parse, check) twice —
the first cycle and an idle one — and the report.

    nice -n 10 .venv/bin/python bench/national.py [--sizes 5000,50000] [--sources 2000]

Per size it prints: wall time of each cycle and of its crawl, parse and check stages,
requests the portals answered, peak RSS of the coordinator and of its largest child (the
Scrapy crawl, a parse worker), the database size, and the report's build time, page
count and largest page. The portals run in their own process, so their memory and CPU
are not counted as fiscalwatch's. Not for CI: a size can take most of an hour.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fiscalwatch.demo.sites import Disclosure, SiteFile, SiteSpec  # noqa: E402
from fiscalwatch.demo.sites.documents import tiny_pdf  # noqa: E402
from fiscalwatch.template import SECTIONS, TABLES, TABLES_PART_TITLE  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from national_portals import VirtualHostSites  # noqa: E402
from report_probe import build_and_measure  # noqa: E402

YEARS = (2020, 2021, 2022, 2023, 2024)
AS_OF = date(2025, 10, 15)
PROVINCES = ("川", "黔", "滇", "湘", "鄂", "赣", "皖", "豫", "晋", "陕")
BUREAUS = (
    "财政局",
    "教育局",
    "卫生健康委员会",
    "民政局",
    "公安局",
    "司法局",
    "交通运输局",
    "农业农村局",
    "自然资源局",
    "水利局",
    "审计局",
    "统计局",
)
# The list-page styles. The two-level ``depts`` style is left out: at twenty-five items
# a portal its crawl missed about a third of them (a crawler matter, reported apart).
STYLES = ("trs", "hanweb", "aspx")


def region_of(index: int) -> str:
    return f"{PROVINCES[index % len(PROVINCES)]}{index // len(PROVINCES) + 1}县"


def department_name(region: str, number: int) -> str:
    bureau = BUREAUS[number % len(BUREAUS)]
    return f"{region}{bureau}{number // len(BUREAUS) or ''}"


def disclosure_html(department: str, year: int, seed: int) -> str:
    """A final account published as the page itself: every part of the template with a
    sentence or two, the nine tables named, and figures that hang together."""
    spend = 300 + seed % 2000 + year % 7
    three = round(spend * 0.02, 2)
    numerals = "一二三四五六七八九十"
    tables = "".join(
        f"<p>{title}</p><p>本表无数据。</p>"
        if key in ("table_07", "table_08")
        else f"<p>{title}</p><table><tr><td>项目</td><td>决算数</td></tr>"
        f"<tr><td>合计</td><td>{spend:.2f}</td></tr></table>"
        for key, title in TABLES.items()
    )
    explained = "".join(
        f"<p>{numerals[n % 10]}、{title}</p><p>{department}{year}年度{title}详见附表。</p>"
        for n, title in enumerate(list(SECTIONS.values())[2:-2])
    )
    return (
        f"<h2>{department}{year}年度部门决算</h2>"
        "<p>第一部分 部门概况</p><p>一、主要职能</p>"
        f"<p>{department}负责本县相关领域的政策制定与管理工作。</p>"
        "<p>二、机构设置及人员情况</p><p>本部门内设机构5个。</p>"
        f"<p>第二部分 {TABLES_PART_TITLE}</p>{tables}"
        f"<p>第三部分 {year}年度部门决算情况说明</p>{explained}"
        f"<p>收入总计{spend:.2f}万元，支出总计{spend:.2f}万元；"
        f"“三公”经费支出{three:.2f}万元。</p>"
        "<p>第四部分 其他需说明的事项</p><p>一、其他需说明的事项</p>"
        "<p>本部门无其他需说明的事项。</p>"
        "<p>第五部分 专业名词解释</p><p>财政拨款收入：指本级财政当年拨付的资金。</p>"
    )


def site_specs(size: int, sources: int, pdf_every: int) -> Iterator[SiteSpec]:
    """``sources`` portals sharing ``size`` department-years (five years a department),
    made one at a time (the portals render each before the next is made)."""
    departments = math.ceil(size / len(YEARS))
    per_source = math.ceil(departments / sources)
    made = 0
    for index in range(sources):
        region = region_of(index)
        items: list[Disclosure] = []
        for number in range(per_source):
            department = department_name(region, number)
            for year in YEARS:
                if made >= size:
                    break
                made += 1
                title = f"{department}{year}年度部门决算公开"
                pdf = made % pdf_every == 0
                items.append(
                    Disclosure(
                        key=f"d{number}-{year}",
                        title=title,
                        short_title=f"{year}年度部门决算",
                        published=date(year + 1, 6 + number % 3, 1 + number % 28),
                        department=department,
                        fiscal_year=year,
                        doc_type="final_account",
                        files=(SiteFile(f"{title}.pdf", tiny_pdf(f"{region} {number} {year}")),)
                        if pdf
                        else (),
                        inline_html=None if pdf else disclosure_html(department, year, made),
                    )
                )
        if items:
            style = STYLES[index % len(STYLES)]
            yield SiteSpec(f"s{index}", style, region, tuple(items), page_size=20, title=region)


def serve(size: int, sources: int, pdf_every: int, conn: Connection) -> None:
    """The portals' process: serves until told to stop; answers request counts."""
    # A crawler closing a kept-alive connection is normal; the server would print each.
    sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the life of this process
    with VirtualHostSites(site_specs(size, sources, pdf_every)).start() as sites:
        conn.send([(name, sites.spec(name).region, sites.start_url(name)) for name in sites.sites])
        while True:
            command = conn.recv()
            if command == "stop":
                break
            if command == "requests":
                conn.send(sites.request_count())
                sites.clear_requests()


def config_dict(
    folder: Path, portals: list[tuple[str, str, str]], crawl_settings: dict[str, Any]
) -> dict[str, Any]:
    crawl: dict[str, Any] = {"download_delay": 0, "concurrency_per_host": 4, **crawl_settings}
    return {
        "storage": {"database": str(folder / "fw.db"), "files": str(folder / "files")},
        "crawl": crawl,
        "parse": {"ocr": False},
        "report": {"out": str(folder / "report")},
        "sources": [
            {"name": name, "region": region, "start_urls": [url]} for name, region, url in portals
        ],
    }


def peak_rss_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return round(own, 1), round(children, 1)


def peak_rss_of(pid: int | None) -> float | None:
    """Peak RSS (VmHWM) of a running process, in MB (the portals': not fiscalwatch's, but
    on the same machine)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def run_cycle_here(config_path: Path) -> dict[str, Any]:
    """One ``fiscalwatch run`` cycle in this process, timed stage by stage."""
    from fiscalwatch.config import config_from_dict
    from fiscalwatch.pipeline import run_cycle
    from fiscalwatch.store import Store

    config = config_from_dict(json.loads(config_path.read_text(encoding="utf-8")))
    store = Store.from_config(config)
    marks: list[tuple[str, float]] = []
    cpu_marks: list[float] = []
    children_rss: dict[str, float] = {}
    # This process's peak when each stage begins: the stage that raised it is the one
    # before the first larger figure (or the last stage, against ``rss_mb``).
    own_rss: dict[str, float] = {}

    def cpu_now() -> float:
        # This process and its children waited for (crawl waves, parse workers): a
        # stage's CPU seconds, steadier than its wall time on a shared machine.
        times = os.times()
        return times.user + times.system + times.children_user + times.children_system

    def on_stage(stage: str) -> None:
        # Children are waited for stage by stage, so the children's peak when a stage
        # begins is the peak of the stages before it (the crawl's, before "parse").
        now, cpu = time.monotonic(), cpu_now()
        if marks:  # the stage before, as soon as it is measured (a long size shows progress)
            done, began = marks[-1]
            print(
                f"  {done}: {now - began:.1f}s, {cpu - cpu_marks[-1]:.1f} CPU s",
                file=sys.stderr,
                flush=True,
            )
        marks.append((stage, now))
        cpu_marks.append(cpu)
        own_rss[stage], children_rss[stage] = peak_rss_mb()

    started = time.monotonic()
    summary = run_cycle(store, config, as_of=AS_OF, on_stage=on_stage)
    ended, cpu_ended = time.monotonic(), cpu_now()
    if marks:
        print(
            f"  {marks[-1][0]}: {ended - marks[-1][1]:.1f}s, {cpu_ended - cpu_marks[-1]:.1f} CPU s",
            file=sys.stderr,
            flush=True,
        )
    bounds = [*marks, ("end", ended)]
    stages = {name: round(bounds[i + 1][1] - at, 2) for i, (name, at) in enumerate(marks)}
    cpu_bounds = [*cpu_marks, cpu_ended]
    stages_cpu = {
        name: round(cpu_bounds[i + 1] - cpu_bounds[i], 2) for i, (name, _) in enumerate(marks)
    }
    crawl = summary.stages.get("crawl", {})
    result = {
        "seconds": round(ended - started, 2),
        "stages": stages,
        "stages_cpu_s": stages_cpu,
        "errors": summary.errors,
        "crawl_new": crawl.get("new"),
        "documents": store.counts()["documents"],
        "findings_open": store.db.execute(
            "SELECT count(*) FROM findings WHERE resolved_at IS NULL"
        ).fetchone()[0],
        "rss_mb": peak_rss_mb(),
        "rss_at_stage_mb": own_rss,
        "children_rss_at_stage_mb": children_rss,
    }
    store.close()
    return result


def build_report_here(config_path: Path) -> dict[str, Any]:
    from fiscalwatch.config import config_from_dict
    from fiscalwatch.store import Store

    config = config_from_dict(json.loads(config_path.read_text(encoding="utf-8")))
    store = Store.from_config(config)
    result = build_and_measure(store.db, config, Path(config.report.out), store.files)
    store.close()
    return result


def in_child(mode: str, config_path: Path) -> dict[str, Any]:
    out = subprocess.run(  # its stderr (each stage as measured) passes through
        [sys.executable, __file__, f"--{mode}", str(config_path)],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def measure(
    size: int, sources: int, pdf_every: int, folder: Path, crawl_settings: dict[str, Any]
) -> dict[str, Any]:
    started = time.monotonic()
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.Process(target=serve, args=(size, sources, pdf_every, child))
    server.start()
    portals = parent.recv()
    setup = round(time.monotonic() - started, 1)
    config_path = folder / "config.json"
    config_path.write_text(
        json.dumps(config_dict(folder, portals, crawl_settings)), encoding="utf-8"
    )
    result: dict[str, Any] = {
        "size": size,
        "sources": len(portals),
        "portals_up_s": setup,
        "crawl": crawl_settings,
    }
    try:
        for label in ("first", "idle"):
            parent.send("requests")
            parent.recv()  # forget what came before
            result[label] = in_child("cycle", config_path)
            parent.send("requests")
            result[label]["requests"] = parent.recv()
            # What a long size has measured so far, in case it is stopped before the end.
            print(f"partial {label}: " + json.dumps(result[label]), flush=True)
        result["db_mb"] = round((folder / "fw.db").stat().st_size / 1e6, 1)
        result["portals_peak_rss_mb"] = peak_rss_of(server.pid)
        result["report"] = in_child("report", config_path)
    finally:
        parent.send("stop")
        server.join(timeout=60)
    return result


def show(result: dict[str, Any]) -> None:
    print(
        f"\n== {result['size']} department-years, {result['sources']} portals "
        f"(up in {result['portals_up_s']}s, peak RSS {result.get('portals_peak_rss_mb')} MB); "
        f"database {result['db_mb']} MB",
        flush=True,
    )
    for label in ("first", "idle"):
        cycle = result[label]
        cpu = cycle.get("stages_cpu_s", {})
        stages = ", ".join(
            f"{k} {v}s ({cpu[k]} CPU s)" if k in cpu else f"{k} {v}s"
            for k, v in cycle["stages"].items()
        )
        own, child = cycle["rss_mb"]
        print(
            f"{label:>5} cycle: {cycle['seconds']}s ({stages}); {cycle['requests']} requests; "
            f"peak RSS {own:.0f} MB coordinator, {child:.0f} MB largest child; "
            f"{cycle['documents']} documents, {cycle['findings_open']} open findings"
            + (f"; errors {cycle['errors']}" if cycle["errors"] else ""),
            flush=True,
        )
    report = result["report"]
    print(
        f"report: {report['seconds']}s, {report['pages']} pages, {report['html_mb']} MB of HTML, "
        f"largest {report['largest_page']} {report['largest_kb']} KB; "
        f"peak RSS {report['peak_rss_mb']:.0f} MB (its workers"
        f" {report.get('workers_peak_rss_mb')} MB each at most,"
        f" {report.get('workers_total_peak_rss_mb')} MB together;"
        f" after the overview {report.get('rss_after_overview_mb')} MB)",
        flush=True,
    )
    print("json: " + json.dumps(result, ensure_ascii=False), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="5000,50000,200000")
    parser.add_argument("--sources", type=int, default=2000, help="portals at full size")
    parser.add_argument("--pdf-every", type=int, default=50, help="one PDF in this many")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument(
        "--sources-per-process", type=int, help="[crawl] sources_per_process (default: its own)"
    )
    parser.add_argument("--crawl-processes", type=int, help="[crawl] processes (default: 1)")
    parser.add_argument("--cycle", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--report", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cycle:
        print(json.dumps(run_cycle_here(args.cycle)))
        return
    if args.report:
        print(json.dumps(build_report_here(args.report)))
        return
    crawl_settings = {
        key: value
        for key, value in (
            ("sources_per_process", args.sources_per_process),
            ("processes", args.crawl_processes),
        )
        if value
    }
    for size in sorted(int(s) for s in args.sizes.split(",")):
        # About 25 department-years a portal below full size, as many portals as asked above.
        sources = max(4, min(args.sources, size // 25))
        with tempfile.TemporaryDirectory() as scratch:
            folder = (args.keep / str(size)) if args.keep else Path(scratch)
            folder.mkdir(parents=True, exist_ok=True)
            show(measure(size, sources, args.pdf_every, folder, crawl_settings))


if __name__ == "__main__":
    main()
