# ruff: noqa: E501 -- Chinese template sentences and figure tables read best unwrapped
"""Layout variants, prior years and bad files under fixtures/documents/ (issues 2 and 4)."""

from __future__ import annotations

import dataclasses
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from . import expected as exp
from . import models as M
from .account import Model, Options, Renderer, render
from .convert import docx_to_pdf, encrypt, rasterise
from .docx_out import build_docx
from .html_out import build_html
from .tables import nine_tables
from .xlsx_out import build_xlsx

CLEAN: list[dict[str, Any]] = []


def _missing(*sections: str) -> list[dict[str, Any]]:
    return [{"level": "must", "check": "missing_section", "section": s} for s in sections]


def _expect(
    stem: str, file: str, r: Renderer, seed: str, findings: list[dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    data: dict[str, Any] = {"file": file, "seed": seed, **r.expected(), **extra}
    data["findings"] = findings
    return data


def layout_variants(
    out: Path, tmp: Path
) -> list[tuple[str, str, Renderer, str, list[dict[str, Any]]]]:
    """(stem, format, renderer, seed, findings) for the PDF/DOCX/HTML variants."""
    s000, p000 = M.seed000_2024(), M.seed000_2023()
    s002p = M.seed002_2023()
    s003 = M.seed003_2024()
    return [
        (
            "v_tables_in_file",
            "pdf",
            render(s000, p000, Options(tables="in_file")),
            "model:seed000_2024",
            CLEAN,
        ),
        (
            "v_headings_halfwidth",
            "pdf",
            render(s000, p000, Options(heading_style="halfwidth")),
            "model:seed000_2024",
            CLEAN,
        ),
        (
            "v_headings_arabic",
            "pdf",
            render(s000, p000, Options(heading_style="arabic")),
            "model:seed000_2024",
            CLEAN,
        ),
        (
            "v_headings_runin",
            "pdf",
            render(s000, p000, Options(heading_style="runin")),
            "model:seed000_2024",
            CLEAN,
        ),
        (
            "v_wrapped_numbers",
            "pdf",
            render(
                s002p,
                s002p.scaled(0.97, 2022),
                Options(
                    thousands=True,
                    wrap=(
                        "income_total",
                        "personnel_expenses",
                        "general_budget_expenditure",
                        "three_public_total",
                        "operating_expenses",
                    ),
                ),
            ),
            "model:seed002_2023",
            CLEAN,
        ),
        (
            "v_missing_parts",
            "pdf",
            render(s000, p000, Options(three_public=False, glossary=False)),
            "model:seed000_2024",
            _missing("three_public", "glossary"),
        ),
        (
            "v_split_explanation",
            "docx",
            render(s003, s003.scaled(0.97, 2023), Options(tables="attached")),
            "model:seed003_2024",
            CLEAN,
        ),
        ("v_html_gbk", "html-gbk", render(s000, p000, Options()), "model:seed000_2024", CLEAN),
        (
            "v_html_utf8",
            "html",
            render(s003, s003.scaled(0.97, 2023), Options(tables="in_file")),
            "model:seed003_2024",
            CLEAN,
        ),
    ]


def _table_figures(f: dict[str, float], m: Model) -> dict[str, float]:
    keys = [
        "income_total",
        "expenditure_total",
        "income_current_year",
        "expenditure_current_year",
        "carryover_begin",
        "carryover_end",
        "fiscal_appropriation_income",
        "other_income",
        "basic_expenditure",
        "project_expenditure",
        "fiscal_income_total",
        "fiscal_expenditure_total",
        "general_budget_expenditure",
        "general_budget_basic_expenditure",
        "personnel_expenses",
        "public_expenses",
        "three_public_total",
        "overseas_travel",
        "vehicle_total",
        "vehicle_purchase",
        "vehicle_operation",
        "official_reception",
    ]
    if m.gov_fund:
        keys.append("gov_fund_expenditure")
    return {k: f[k] for k in keys}


def build_variants(documents: Path, seed_pdfs: bool) -> list[Path]:
    written: list[Path] = []
    expected_dir = documents / "expected"
    with tempfile.TemporaryDirectory(prefix="fw-variants-") as tmpdir:
        tmp = Path(tmpdir)
        to_pdf: list[Path] = []
        for stem, fmt, r, seed, findings in layout_variants(documents, tmp):
            doc = r.render() if not r.blocks else None
            document = doc or _document(r)
            if fmt == "pdf":
                to_pdf.append(build_docx(document, tmp / f"{stem}.docx"))
                file = f"{stem}.pdf"
            elif fmt == "docx":
                written.append(build_docx(document, documents / f"{stem}.docx"))
                file = f"{stem}.docx"
            else:
                gbk = fmt == "html-gbk"
                html = build_html(document, declare_charset=not gbk)
                target = documents / f"{stem}.html"
                target.write_bytes(html.encode("gbk" if gbk else "utf-8"))
                written.append(target)
                file = target.name
            extra = {"encoding": "gbk", "charset_declared": False} if fmt == "html-gbk" else {}
            data = _expect(stem, file, r, seed, findings, **extra)
            if fmt == "pdf" and r.tables_in_file:
                # table_05 starts below table_04 and runs onto the next page (header repeated).
                data["tables"]["continued"] = ["table_05"]
            written.append(exp.write(expected_dir / f"{stem}.toml", data))
        written += docx_to_pdf(to_pdf, documents)

        # The nine tables of v_split_explanation as a sibling XLSX attachment.
        s003 = M.seed003_2024()
        f = _derive(s003)
        tables = nine_tables(s003, f)
        written.append(build_xlsx(tables, documents / "v_split_tables.xlsx"))
        written.append(
            exp.write(
                expected_dir / "v_split_tables.toml",
                {
                    "file": "v_split_tables.xlsx",
                    "seed": "model:seed003_2024",
                    "doc_type": "final_account",
                    "title": f"{s003.department}2024年度部门决算报表",
                    "department": s003.department,
                    "department_variants": [],
                    "fiscal_year": 2024,
                    "text_layer": True,
                    "attachment_of": "v_split_explanation.docx",
                    "sections": {"present": ["tables"], "absent": []},
                    "tables": {
                        "in_file": [k for k, _ in tables],
                        "referenced": [],
                        "empty_noted": ["table_07", "table_08"],
                    },
                    "figures": _table_figures(f, s003),
                    "derived": {},
                    "basis": {},
                    "findings": [],
                },
            )
        )
    if seed_pdfs:
        written += scanned(documents)
    written += bad_files(documents, seed_pdfs)
    return written


def _derive(m: Model) -> dict[str, float]:
    from .account import derive

    return derive(m)


def _document(r: Renderer):
    from .blocks import Document

    return Document(title=r.title(), blocks=r.blocks)


def scanned(documents: Path) -> list[Path]:
    """Two pages of seed_000.pdf (第二部分 一 to 五) as 150 dpi images, no text layer."""
    source = documents / "seed_000.pdf"
    pdf = pdfium.PdfDocument(str(source))
    texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    pdf.close()
    first = (
        next(i for i, t in enumerate(texts) if "收入支出决算总体情况说明" in t and "701.60" in t)
        + 1
    )
    pages = (first, first + 1)
    page_text = (
        "".join(texts[first - 1 : first + 1]).replace(" ", "").replace("\r", "").replace("\n", "")
    )
    target = rasterise(source, pages, documents / "scan_seed_000.pdf", dpi=150)
    seed = tomllib.loads((documents / "expected" / "seed_000.toml").read_text(encoding="utf-8"))
    visible = {k: v for k, v in seed["figures"].items() if _visible(k, v, page_text)}
    data = {
        "file": target.name,
        "seed": f"seed_000.pdf pages {pages[0]}-{pages[1]} rasterised",
        "doc_type": "final_account",
        "title": "",
        "department": seed["department"],
        "department_variants": [],
        "fiscal_year": 2024,
        "text_layer": False,
        "ocr": True,
        "source_pages": list(pages),
        "findings": [],
        "sections": {"present": [], "absent": []},
        "tables": {"in_file": [], "referenced": [], "empty_noted": []},
        "figures": visible,
        "derived": {},
        "basis": {},
    }
    return [
        target,
        exp.write(
            documents / "expected" / "scan_seed_000.toml",
            data,
            exp.HEADER.format(file=target.name)
            + "\nOnly figures whose label and value are printed together on these two pages are listed.",
        ),
    ]


LABELS = {
    "income_total": "收入总计",
    "expenditure_total": "支出总计",
    "income_current_year": "本年收入合计",
    "expenditure_current_year": "本年支出合计",
    "carryover_begin": "年初结转和结余",
    "fiscal_appropriation_income": "财政拨款收入",
    "basic_expenditure": "基本支出",
    "project_expenditure": "项目支出",
    "fiscal_income_total": "财政拨款收入总计",
    "fiscal_expenditure_total": "财政拨款支出总计",
    "general_budget_expenditure": "一般公共预算财政拨款支出",
    "general_budget_basic_expenditure": "一般公共预算财政拨款基本支出",
    "personnel_expenses": "人员经费",
    "public_expenses": "公用经费",
    "budget_initial": "年初预算数",
    "three_public_total": "“三公”经费支出",
}


def _visible(key: str, value: float, text: str) -> bool:
    label = LABELS.get(key)
    return bool(label) and f"{label}{value:.2f}万元" in text


def bad_files(documents: Path, seed_pdfs: bool) -> list[Path]:
    written: list[Path] = []
    expected_dir = documents / "expected"

    def bad(name: str, kind: str, status: str, note: str) -> None:
        written.append(
            exp.write(
                expected_dir / f"{Path(name).stem}.toml",
                {
                    "file": name,
                    "seed": "",
                    "doc_type": "",
                    "title": "",
                    "department": "",
                    "department_variants": [],
                    "fiscal_year": 0,
                    "text_layer": False,
                    "status": status,
                    "error_kind": kind,
                    "note": note,
                    "sections": {"present": [], "absent": []},
                    "tables": {"in_file": [], "referenced": [], "empty_noted": []},
                    "figures": {},
                    "derived": {},
                    "basis": {},
                    "findings": [{"level": "must", "check": "unreadable_document", "kind": kind}],
                },
            )
        )

    (documents / "bad_empty.pdf").write_bytes(b"")
    written.append(documents / "bad_empty.pdf")
    bad("bad_empty.pdf", "empty", "failed", "zero bytes")
    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>404 页面不存在</title></head>'
        '<body><h1>对不起，您访问的页面不存在或已被删除！</h1><p>请返回<a href="/">首页</a>。</p></body></html>\n'
    )
    (documents / "bad_html_as.pdf").write_text(page, encoding="utf-8")
    written.append(documents / "bad_html_as.pdf")
    bad("bad_html_as.pdf", "html", "failed", "an error page saved under a .pdf name")
    if seed_pdfs:
        data = (documents / "seed_002.pdf").read_bytes()
        (documents / "bad_truncated.pdf").write_bytes(data[: len(data) * 35 // 100])
        written.append(documents / "bad_truncated.pdf")
        bad(
            "bad_truncated.pdf",
            "truncated",
            "failed",
            "first 35% of seed_002.pdf (no xref, no %%EOF)",
        )
        written.append(encrypt(documents / "seed_004.pdf", documents / "bad_encrypted.pdf"))
        bad(
            "bad_encrypted.pdf",
            "encrypted",
            "unreadable",
            "seed_004.pdf with AES-128 user password fw-secret",
        )
    return written


def build_priors(documents: Path) -> list[Path]:
    """Prior years for the monitor (issue 4) and pairs.toml of what each pair must yield."""
    written: list[Path] = []
    expected_dir = documents / "expected"
    seeds = {
        n: tomllib.loads((expected_dir / f"seed_{n}.toml").read_text(encoding="utf-8"))
        for n in ("000", "002", "003", "004")
    }
    p000 = M.seed000_2023()
    altered = dataclasses.replace(
        p000, vehicle_operation=5.20, public=44.00, personnel=round(p000.personnel + 2.41, 2)
    )
    jump = dataclasses.replace(M.seed000_2024(), vehicle_operation=19.90)
    plans: list[tuple[str, Model, Options]] = [
        ("prior_2023_seed_000", p000, Options()),
        ("prior_2023_seed_002", M.seed002_2023(), Options(thousands=True)),
        ("prior_2023_seed_003", M.seed003_2023(), Options(thousands=True)),
        ("prior_2023_seed_004", M.seed004_2023(), Options(tables="none", other_matters=False)),
        ("prior_2023_seed_000_altered", altered, Options()),
    ]
    renderers: dict[str, Renderer] = {}
    with tempfile.TemporaryDirectory(prefix="fw-priors-") as tmpdir:
        sources = []
        for stem, model, options in plans:
            r = render(model, model.scaled(0.96, 2022), options)
            renderers[stem] = r
            sources.append(build_docx(_document(r), Path(tmpdir) / f"{stem}.docx"))
            own = _missing("other_matters", "tables") if stem.endswith("004") else []
            written.append(
                exp.write(
                    expected_dir / f"{stem}.toml",
                    _expect(stem, f"{stem}.pdf", r, f"model:{stem}", own),
                )
            )
        jr = render(jump, p000, Options())
        renderers["jump_2024_seed_000"] = jr
        sources.append(build_docx(_document(jr), Path(tmpdir) / "jump_2024_seed_000.docx"))
        written.append(
            exp.write(
                expected_dir / "jump_2024_seed_000.toml",
                _expect(
                    "jump",
                    "jump_2024_seed_000.pdf",
                    jr,
                    "model:seed000_2024 with 公务用车运行维护费 19.90",
                    [],
                ),
            )
        )
        written += docx_to_pdf(sources, documents)

    pairs = []
    for n in ("000", "002", "003", "004"):
        prior = renderers[f"prior_2023_seed_{n}"].figures
        current = seeds[n]
        restated = exp.restated_findings(prior, current["derived"])
        assert not restated, f"prior_2023_seed_{n} contradicts seed {n}: {restated}"
        pairs.append(
            {
                "name": f"seed_{n}_consistent",
                "prior": f"prior_2023_seed_{n}.pdf",
                "current": f"seed_{n}.pdf",
                "note": "prior = current - stated change for every 比上年 statement: no restated_prior_year",
                "findings": exp.yoy_findings(prior, current["figures"], "should"),
            }
        )
    pairs.append(
        {
            "name": "seed_000_altered",
            "prior": "prior_2023_seed_000_altered.pdf",
            "current": "seed_000.pdf",
            "note": "2023 三公 5.20 and 机关运行经费 44.00 contradict 2024's 比上年增加0.49 / 1.68",
            "findings": exp.restated_findings(
                renderers["prior_2023_seed_000_altered"].figures, seeds["000"]["derived"]
            )
            + exp.yoy_findings(
                renderers["prior_2023_seed_000_altered"].figures, seeds["000"]["figures"], "should"
            ),
        }
    )
    pairs.append(
        {
            "name": "seed_000_jump",
            "prior": "prior_2023_seed_000.pdf",
            "current": "jump_2024_seed_000.pdf",
            "note": "三公 7.41 -> 19.90 (+168.56%), stated consistently in the 2024 text",
            "findings": exp.yoy_findings(
                renderers["prior_2023_seed_000"].figures, jr.figures, "must"
            )
            + exp.restated_findings(renderers["prior_2023_seed_000"].figures, jr.derived),
        }
    )
    header = (
        "Pairs of (prior year, current year) fixtures for the monitor's cross-year checks.\n"
        "Store both, run `check`: each pair must yield exactly its must-level findings;\n"
        "should-level ones depend on [monitor] thresholds (defaults: 30 % and 5 万元)."
    )
    written.append(exp.write(expected_dir / "pairs.toml", {"pairs": pairs}, header))
    return written
