"""The stages of `make fixtures`, each returning the files it wrote."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import seeds as seedtext
from .blocks import Document, Heading
from .convert import docx_to_pdf
from .docx_out import build_docx


@dataclass
class Context:
    root: Path
    seeds: Path

    @property
    def documents(self) -> Path:
        return self.root / "fixtures" / "documents"

    @property
    def expected(self) -> Path:
        return self.documents / "expected"

    @property
    def demo(self) -> Path:
        return self.root / "fiscalwatch" / "demo" / "data"


@dataclass(frozen=True)
class SeedSpec:
    prefix: str
    title: str
    drop_lines: int = 0  # leading non-blank lines replaced by the cover title
    rejoin: bool = False  # PDF-wrapped lines to join back into paragraphs


SEEDS = (
    SeedSpec("000", "中共乌鲁木齐市委员会机构编制委员会办公室2024年度部门决算公开说明"),
    SeedSpec(
        "001",
        "中共乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）委员会机构编制委员会办公室"
        "2023年度部门整体支出绩效自评报告",
        rejoin=True,
    ),
    SeedSpec("002", "中共乌鲁木齐市委员会组织部2024年度部门决算公开说明", drop_lines=3),
    SeedSpec("003", "乌鲁木齐市人民政府办公室(部门)2024年度部门决算公开说明", drop_lines=1),
    SeedSpec("004", "中共攀枝花市西区区委机构编制委员会办公室2024年度部门决算"),
)


def _drop_leading(text: str, count: int) -> str:
    lines = text.split("\n")
    kept: list[str] = []
    for line in lines:
        if count and line.strip():
            count -= 1
            continue
        kept.append(line)
    return "\n".join(kept)


def seed_document(spec: SeedSpec, text: str) -> Document:
    blocks = seedtext.seed_blocks(_drop_leading(text, spec.drop_lines), rejoin_wrapped=spec.rejoin)
    return Document(title=spec.title, blocks=[Heading(spec.title, 0), *blocks])


def build_seeds(ctx: Context) -> list[Path]:
    if not ctx.seeds.is_dir():
        print(f"seeds: {ctx.seeds} not found, skipping the seed fixtures")
        return []
    with tempfile.TemporaryDirectory(prefix="fw-seeds-") as tmp:
        sources = []
        for spec in SEEDS:
            found = sorted(ctx.seeds.glob(f"{spec.prefix}_*.txt"))
            if not found:
                print(f"seeds: no {spec.prefix}_*.txt, skipped")
                continue
            document = seed_document(spec, found[0].read_text(encoding="utf-8"))
            sources.append(build_docx(document, Path(tmp) / f"seed_{spec.prefix}.docx"))
        return docx_to_pdf(sources, ctx.documents)


STAGES: dict[str, Callable[[Context], list[Path]]] = {
    "seeds": build_seeds,
}


def build_variants(ctx: Context) -> list[Path]:
    from .variants import build_variants as run

    return run(ctx.documents, seed_pdfs=(ctx.documents / "seed_000.pdf").exists())


def build_priors(ctx: Context) -> list[Path]:
    from .variants import build_priors as run

    return run(ctx.documents)


STAGES["variants"] = build_variants
STAGES["priors"] = build_priors


def build_demo(ctx: Context) -> list[Path]:
    from .demo import build_demo as run

    return run(ctx.demo, seeds=ctx.seeds)


STAGES["demo"] = build_demo
