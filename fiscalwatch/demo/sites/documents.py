"""Files for the simulated sites: small generated PDFs and workbooks, or the demo manifest.

The crawler never parses, so generated files only need real magic bytes and distinct
content. When the fixtures' ``manifest.toml`` is given, its documents replace the
generated ones on the main (TRS) site; see :func:`fiscalwatch.demo.sites.catalog`.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO

from fiscalwatch.demo.sites.model import Disclosure, SiteFile

DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("jyj", "教育局"),
    ("czj", "财政局"),
    ("wjw", "卫生健康委员会"),
    ("mzj", "民政局"),
)
YEARS = (2022, 2023, 2024)


def tiny_pdf(text: str) -> bytes:
    """A valid one-page PDF showing ``text`` (ASCII) in Helvetica."""
    safe = text.encode("ascii", "replace").decode("ascii")
    safe = safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 12 Tf 72 720 Td ({safe}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def tiny_xlsx(title: str, rows: list[list[object]]) -> bytes:
    """A one-sheet workbook, for disclosures that publish their tables as Excel."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet1"
    sheet.append([title])
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# Departments whose names hold words the noise filter used to match (templates.md):
# the new portal families publish these, so discovery tests the classifier end to end.
COMMON_WORD_DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("sjj", "审计局"),
    ("rmt", "融媒体中心"),
    ("hyzx", "会议中心"),
    ("jgsw", "机关事务管理局"),
)


def synthetic_disclosures(
    region: str,
    site: str,
    *,
    with_workbook: bool = False,
    inline_budget: bool = False,
    departments: tuple[tuple[str, str], ...] = DEPARTMENTS,
) -> list[Disclosure]:
    """Four departments x 2022-2024 final accounts and budgets, a performance report,
    noise, and the ``after`` changes: two 2024 final accounts appear, one 2023 file is
    replaced in place, one 2022 budget is withdrawn."""
    items: list[Disclosure] = []
    for index, (code, short) in enumerate(departments):
        department = f"{region}{short}"
        for year in YEARS:
            key = f"{code}-{year}-js"
            title = f"{department}{year}年度部门决算公开"
            pdf = tiny_pdf(f"{site} {key} final account")
            replacement = (
                tiny_pdf(f"{site} {key} final account (corrected)")
                if (index, year) == (1, 2023)
                else None
            )
            files = [SiteFile(f"{department}{year}年度部门决算.pdf", pdf, replacement)]
            if with_workbook and (index, year) == (0, 2023):
                files.append(
                    SiteFile(
                        f"{department}{year}年度部门决算公开表.xlsx",
                        tiny_xlsx(title, [["收入总计", 1234.56], ["支出总计", 1234.56]]),
                    )
                )
            late = year == 2024 and index in (2, 3)
            items.append(
                Disclosure(
                    key=key,
                    title=title,
                    short_title=f"{year}年度部门决算",
                    published=date(2025, 11, 1 + index)
                    if late
                    else date(year + 1, 6 + index, 10 + index),
                    department=department,
                    fiscal_year=year,
                    doc_type="final_account",
                    files=tuple(files),
                    states=frozenset({"after"}) if late else frozenset({"before", "after"}),
                )
            )
            budget_key = f"{code}-{year}-ys"
            budget_title = f"{department}{year}年部门预算公开"
            inline = inline_budget and (index, year) == (3, 2023)
            items.append(
                Disclosure(
                    key=budget_key,
                    title=budget_title,
                    short_title=f"{year}年部门预算",
                    published=date(year, 2, 5 + index),
                    department=department,
                    fiscal_year=year,
                    doc_type="budget",
                    files=()
                    if inline
                    else (
                        SiteFile(
                            f"{department}{year}年部门预算.pdf",
                            tiny_pdf(f"{site} {budget_key} budget"),
                        ),
                    ),
                    inline_html=_inline_budget(department, year) if inline else None,
                    states=frozenset({"before"})
                    if (index, year) == (2, 2022)
                    else frozenset({"before", "after"}),
                )
            )
    first = f"{region}{departments[0][1]}"
    items.append(
        Disclosure(
            key="jyj-2024-jx",
            title=f"{first}2024年度部门整体支出绩效自评报告",
            short_title="2024年度部门整体支出绩效自评报告",
            published=date(2025, 6, 30),
            department=first,
            fiscal_year=2024,
            doc_type="performance",
            files=(SiteFile(f"{first}2024年度绩效自评报告.pdf", tiny_pdf(f"{site} jx 2024")),),
        )
    )
    items.extend(noise_items(region, site))
    return items


def noise_items(region: str, site: str) -> list[Disclosure]:
    notices = [
        ("notice-2024", "关于做好2024年度部门决算公开工作的通知", date(2025, 6, 1)),
        ("meeting-2024", f"{region}召开2024年度预决算公开工作会议", date(2025, 5, 20)),
        ("gov-2023", f"{region}2023年财政总决算", date(2024, 9, 1)),
        ("audit-2023", f"{region}2023年度本级预算执行审计结果公告", date(2024, 9, 20)),
        ("report-2023", f"关于{region}2023年预算执行情况的报告", date(2024, 3, 1)),
    ]
    return [
        Disclosure(
            key=key,
            title=title,
            published=published,
            files=(SiteFile(f"{key}.pdf", tiny_pdf(f"{site} {key} noise")),),
        )
        for key, title, published in notices
    ]


def _inline_budget(department: str, year: int) -> str:
    return (
        f"<h2>{department}{year}年部门预算公开</h2>"
        "<p>第一部分 部门概况</p><p>一、主要职能</p>"
        f"<p>{department}负责全市相关领域的政策制定与管理工作。</p>"
        "<p>第二部分 部门预算情况说明</p>"
        f"<p>{year}年收入预算总计1234.56万元，支出预算总计1234.56万元。</p>"
    )
