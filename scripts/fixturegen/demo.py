# ruff: noqa: E501 -- Chinese template sentences and figure tables read best unwrapped
"""The demo data of `fiscalwatch demo`: 青川市's departments over 2022-2024 and manifest.toml."""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from . import demo_budgets as budgets
from . import demo_performance as perf
from . import demo_plan as plan
from . import expected as exp
from . import models as M
from .account import Model, Options, Renderer, derive, render
from .blocks import Document
from .convert import docx_to_pdf, need, rasterise
from .docx_out import build_docx
from .html_out import build_html
from .tables import nine_tables
from .xlsx_out import build_xlsx

CONTRADICTING = {
    "income_total": "人员经费增加",
    "fiscal_income_total": "人员经费增加",
    "general_budget_expenditure": "人员经费增加引起",
}


def _models(seeds: Path | None = None) -> dict[str, tuple[Model, Model | None, Options]]:
    """path -> (model, prior model, options); ``seeds``: where seed 002 may refresh
    组织部's 绩效自评 tables from (see demo_performance)."""
    name = {d.key: d.name for d in plan.DEPARTMENTS}
    b23 = M.seed000_2023(name["bianban"])
    b22 = b23.scaled(0.97, 2022)
    b24 = dataclasses.replace(M.seed000_2024(name["bianban"]), vehicle_operation=19.90)
    z23 = M.seed002_2023(name["zuzhibu"])
    z22 = z23.scaled(0.97, 2022)
    g24 = M.seed003_2024(name["zhengfuban"])
    g24_v2 = dataclasses.replace(g24, procurement_goods=16.15)
    g23 = g24.scaled(0.97, 2023)
    g22 = g24.scaled(0.94, 2022)
    q24 = M.seed004_2024(name["qingjiang"])
    q23 = M.seed004_2023(name["qingjiang"])
    t24 = M.tongji_2024(name["tongji"])
    t23 = t24.scaled(0.96, 2023)
    t22 = t24.scaled(0.93, 2022)
    district = Options(tables="none", other_matters=False)
    # The demo publishes the nine tables inside the PDFs (no sibling attachments there),
    # except 政府办 2024 (tables in a sibling XLSX) and 青江区 (none: planted).
    in_file = Options(tables="in_file")
    # 组织部 appends seed 002's 绩效自评表 to its 2023 account (online in both states, so
    # the performance findings show from the first cycle on; no 2024 account stays planted).
    z23_performance = perf.performance_blocks(seeds, perf.Target.of(z23, plan.REGION))
    return {
        "bianban/2022.pdf": (b22, b22.scaled(0.97, 2021), in_file),
        "bianban/2023.pdf": (b23, b22, in_file),
        "bianban/2024.pdf": (b24, b23, in_file),
        "zuzhibu/2022.pdf": (
            z22,
            z22.scaled(0.97, 2021),
            Options(thousands=True, tables="in_file"),
        ),
        "zuzhibu/2023.pdf": (
            z23,
            z22,
            Options(thousands=True, tables="in_file", performance=tuple(z23_performance)),
        ),
        "zhengfuban/2022.html": (
            g22,
            g22.scaled(0.97, 2021),
            Options(thousands=True, tables="in_file"),
        ),
        "zhengfuban/2023.pdf": (g23, g22, Options(thousands=True, tables="in_file")),
        "zhengfuban/2024_v1.pdf": (g24, g23, Options(thousands=True)),
        "zhengfuban/2024_v2.pdf": (g24_v2, g23, Options(thousands=True)),
        "qingjiang/2023.pdf": (q23, q23.scaled(0.96, 2022), district),
        "qingjiang/2024.pdf": (
            q24,
            q23,
            dataclasses.replace(
                district, stated={"general_budget_expenditure_share": 99.35}, reasons=CONTRADICTING
            ),
        ),
        "tongji/2022.pdf": (t22, t22.scaled(0.97, 2021), in_file),
        "tongji/2023.pdf": (t23, t22, in_file),
        "tongji/2024.pdf": (t24, t23, Options(three_public=False, tables="in_file")),
    }


def build_demo(data_dir: Path, seeds: Path | None = None) -> list[Path]:
    models = _models(seeds)
    files = plan.files()
    written: list[Path] = []
    for child in data_dir.iterdir() if data_dir.exists() else []:
        if child.is_dir():
            shutil.rmtree(child)
    data_dir.mkdir(parents=True, exist_ok=True)
    renderers: dict[str, Renderer] = {}
    with tempfile.TemporaryDirectory(prefix="fw-demo-") as tmpdir:
        tmp = Path(tmpdir)
        by_dir: dict[str, list[Path]] = {}
        for item in files:
            if item.path not in models:
                continue
            model, prior, options = models[item.path]
            r = render(model, prior, options)
            renderers[item.path] = r
            document = Document(title=r.title(), blocks=r.blocks)
            target = data_dir / item.path
            target.parent.mkdir(parents=True, exist_ok=True)
            if item.format == "html":
                target.write_bytes(
                    build_html(document, declare_charset=True, charset=item.encoding).encode(
                        item.encoding
                    )
                )
                written.append(target)
                continue
            stem = Path(item.path).stem
            sub = tmp / Path(item.path).parent.name
            by_dir.setdefault(str(target.parent), []).append(
                build_docx(document, sub / f"{stem}.docx")
            )
        for outdir, sources in by_dir.items():
            written += docx_to_pdf(sources, Path(outdir))
        for item in files:
            if item.scanned_pages:
                _scan_pages(data_dir / item.path, item.scanned_pages, tmp)
        written += budgets.build(data_dir)
        g24 = models["zhengfuban/2024_v2.pdf"][0]
        written.append(
            build_xlsx(nine_tables(g24, derive(g24)), data_dir / "zhengfuban/2024_tables.xlsx")
        )
    written.append(write_manifest(data_dir, files, renderers))
    return written


def _scan_pages(pdf: Path, pages: tuple[int, ...], tmp: Path) -> None:
    """Replace ``pages`` of ``pdf`` by 150 dpi images of themselves (a page scanned in)."""
    qpdf = need("qpdf")
    source = tmp / f"{pdf.stem}-text.pdf"
    shutil.copy(pdf, source)
    spec: list[str] = []
    previous = 0
    for page in pages:
        image = rasterise(source, (page, page), tmp / f"{pdf.stem}-scan-{page}.pdf", dpi=150)
        if page - 1 > previous:
            spec += [str(source), f"{previous + 1}-{page - 1}"]
        spec += [str(image), "1"]
        previous = page
    spec += [str(source), f"{previous + 1}-z"]
    subprocess.run(
        [qpdf, "--deterministic-id", "--empty", "--pages", *spec, "--", str(pdf)], check=True
    )


def write_manifest(
    data_dir: Path, files: list[plan.DemoFile], renderers: dict[str, Renderer]
) -> Path:
    departments = [dataclasses.asdict(d) for d in plan.DEPARTMENTS]
    names = {d.key: d.name for d in plan.DEPARTMENTS}
    entries: list[dict[str, Any]] = []
    for item in files:
        path = data_dir / item.path
        r = renderers.get(item.path)
        entry: dict[str, Any] = {
            "path": item.path,
            "department": names[item.department],
            "department_key": item.department,
            "fiscal_year": item.fiscal_year,
            "doc_type": item.doc_type,
            "format": item.format,
            "encoding": item.encoding if item.format == "html" else "",
            "title": item.title,
            "published": item.published,
            "states": list(item.states),
            "slot": item.slot,
            "role": item.role,
            "attachment_of": _main_slot(files, item) if item.role == "attachment" else "",
            "text_layer": item.text_layer,
            "scanned_pages": list(item.scanned_pages),
            "planted": list(item.planted),
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "bytes": path.stat().st_size,
        }
        if r is not None:
            entry["figures"] = {k: r.figures[k] for k in exp.HEADLINE if k in r.figures}
        entries.append(entry)
    planted = plan.planted_findings()
    for finding in planted:
        if finding["check"] == "document_changed":
            old, new = renderers[finding["replaces"]].figures, renderers[finding["file"]].figures
            finding["changed_figures"] = sorted(k for k in new if old.get(k) != new[k])
    data = {
        "documents": _documents(files),
        "version": 1,
        "region": plan.REGION,
        "publication_day": plan.PUBLICATION_DAY,
        "before_as_of": plan.BEFORE_AS_OF,
        "after_as_of": plan.AFTER_AS_OF,
        "deadline": "09-30",
        "departments": departments,
        "files": entries,
        "planted": planted,
    }
    return exp.write(data_dir / "manifest.toml", data, MANIFEST_HEADER)


def _documents(files: list[plan.DemoFile]) -> list[dict[str, Any]]:
    """One entry per published disclosure (a slot and its attachments): the view the
    simulated sites load; `replaced_by` is the file the slot serves after publication day."""
    out: list[dict[str, Any]] = []
    mains = [f for f in files if f.role == "main"]
    for slot in dict.fromkeys(f.slot for f in mains):
        versions = [f for f in mains if f.slot == slot]
        first = versions[0]
        attachments = [
            f.path for f in files if f.role == "attachment" and _main_slot(files, f) == slot
        ]
        states = sorted({s for v in versions for s in v.states}, key=["before", "after"].index)
        entry: dict[str, Any] = {
            "key": slot,
            "department": plan.dept(first.department).name,
            "fiscal_year": first.fiscal_year,
            "doc_type": first.doc_type,
            "title": first.title,
            "published": first.published,
            "states": states,
            "files": [first.path, *attachments],
        }
        if len(versions) > 1:
            entry["replaced_by"] = versions[-1].path
        out.append(entry)
    return out


def _main_slot(files: list[plan.DemoFile], item: plan.DemoFile) -> str:
    mains = [
        f
        for f in files
        if f.department == item.department
        and f.fiscal_year == item.fiscal_year
        and f.role == "main"
    ]
    return mains[-1].slot if mains else ""


MANIFEST_HEADER = """fiscalwatch demo data (written by scripts/make_fixtures.py demo; format: docs/fixtures.md).
The simulated sites of 青川市 serve these files. Two states: "before" publication day
(the demo's first cycle, check --as-of before_as_of) and "after" (second cycle, as of
after_as_of, which is past the 09-30 deadline). A file is online in the states it lists;
files sharing a `slot` are one URL whose bytes change (a replacement); a file only in
"before" is removed on publication day. role = "attachment": a sibling of the main file
of the slot `attachment_of`, linked from the same page. `planted` lists what the cycles
must find ("before": from the first cycle on; "after": the second; level "may": info-level
findings, stored but below the demo's alert threshold); nothing else is planted (the
other files are clean)."""
