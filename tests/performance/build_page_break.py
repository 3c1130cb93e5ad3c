"""Builds tests/performance/data/page_break_*.pdf: 组织部's 部门整体支出绩效自评表 (the demo's
excerpt, scripts/fixturegen/data/zuzhibu_performance.txt) behind enough text that the
table runs over a page break, made the way the fixtures are made (python-docx through
scripts.fixturegen, header rows marked ``w:tblHeader`` so LibreOffice repeats them on
the next page, then ``soffice --convert-to pdf``).

    PYTHONPATH=. .venv/bin/python tests/performance/build_page_break.py

The PDFs are committed; rebuild them only when changing a variant (needs soffice).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from scripts.fixturegen.blocks import Block, Document, Heading, Para, Table
from scripts.fixturegen.convert import docx_to_pdf
from scripts.fixturegen.docx_out import build_docx
from scripts.fixturegen.seeds import seed_blocks

ROOT = Path(__file__).resolve().parents[2]
EXCERPT = ROOT / "scripts" / "fixturegen" / "data" / "zuzhibu_performance.txt"
DATA = Path(__file__).resolve().parent / "data"
FILLER = "本部门按照规定开展绩效自评工作。"


@dataclass(frozen=True)
class Variant:
    name: str
    filler_lines: int  # one-line paragraphs before the table: where the break falls
    header_rows: int  # rows Word repeats on the next page (1: the 部门名称 row)
    with_projects: bool  # the seven 项目支出绩效自评表 follow (they name the later pages)


VARIANTS = (
    # The break falls between 上级资金 and 本级资金; the 部门名称 row repeats.
    Variant("page_break_funds", 33, 1, False),
    # The title is left alone at the foot of page 2, the grid starts on page 3 and runs
    # on to page 4 behind the repeated 部门名称 row (the demo's case).
    Variant("page_break_orphan_title", 35, 1, True),
)


def blocks(variant: Variant) -> list[Block]:
    text = EXCERPT.read_text(encoding="utf-8")
    if not variant.with_projects:
        text = text.split("项目支出绩效自评表")[0]
    tables = [
        replace(block, header_rows=variant.header_rows) if isinstance(block, Table) else block
        for block in seed_blocks(text)
    ]
    filler: list[Block] = [Para(FILLER) for _ in range(variant.filler_lines)]
    return [Heading("四、预算绩效情况说明", 2), *filler, *tables]


def build(variants: tuple[Variant, ...] = VARIANTS, outdir: Path = DATA) -> list[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        sources = [
            build_docx(
                Document(title="绩效自评表跨页", blocks=blocks(v)), Path(tmp) / f"{v.name}.docx"
            )
            for v in variants
        ]
        return docx_to_pdf(sources, outdir)


if __name__ == "__main__":
    for path in build():
        print(path.relative_to(ROOT), path.stat().st_size)
