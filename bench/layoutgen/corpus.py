"""Generates documents with their truth into a folder (a cache: documents already there
with the same generator version are kept; their truth is located again, without
rendering, when only the truth version changed)."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench.layoutgen.compose import Composition, compose, plan
from bench.layoutgen.locate import apply_pages
from bench.layoutgen.render import convert

GENERATOR_VERSION = "3"  # what the documents look like: a change renders them again
TRUTH_VERSION = "3"  # how their truth is written: a change locates it again


def generate(
    folder: Path,
    families: list[str],
    per_family: int,
    seed: int,
    jobs: int = 1,
    profile: str = "lo-layouts",
) -> list[dict[str, Any]]:
    """Truth of every document (made or reused), in family then index order."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = folder / "GENERATOR"
    if stamp.exists() and stamp.read_text().strip() != f"{GENERATOR_VERSION}:{seed}":
        for old in folder.iterdir():
            old.unlink()
    stamp.write_text(f"{GENERATOR_VERSION}:{seed}\n")
    todo: list[Composition] = []
    truths: list[dict[str, Any]] = []
    for family in families:
        for index, plant in enumerate(plan(family, per_family, seed)):
            truth_path = folder / f"{family}_{index:04d}.json"
            if truth_path.exists():
                truth = json.loads(truth_path.read_text())
                if truth.get("truth_version") != TRUTH_VERSION:
                    comp = compose(family, index, seed, plant)
                    truth = _located(comp, folder)
                truths.append(truth)
                continue
            todo.append(compose(family, index, seed, plant))
    sources = []
    for comp in todo:
        for role, xml in comp.files.items():
            stem = comp.truth["files"][role].removesuffix(".pdf")
            path = folder / f"{stem}.fodt"
            path.write_text(xml, encoding="utf-8")
            sources.append(path)
    if sources:
        # one LibreOffice per job, each with its own profile (they would clash on one)
        chunks = [sources[i::jobs] for i in range(max(1, jobs))]
        with ThreadPoolExecutor(max_workers=len(chunks)) as pool:
            runs = [
                pool.submit(convert, chunk, folder, f"{profile}-{n}")
                for n, chunk in enumerate(chunks)
                if chunk
            ]
            for run in runs:
                run.result()
    for comp in todo:
        for role in comp.files:
            (folder / comp.truth["files"][role].replace(".pdf", ".fodt")).unlink()
        truths.append(_located(comp, folder))
    order = {f: i for i, f in enumerate(families)}
    truths.sort(key=lambda t: (order.get(t["family"], 99), t["doc_id"]))
    return truths


def _located(comp: Composition, folder: Path) -> dict[str, Any]:
    """The composition's truth with the pages found in its PDFs, saved beside them."""
    pdfs = {role: folder / name for role, name in comp.truth["files"].items()}
    comp.truth["unlocated"] = apply_pages(comp.truth, comp.probes, pdfs)
    comp.truth["truth_version"] = TRUTH_VERSION
    (folder / f"{comp.doc_id}.json").write_text(
        json.dumps(comp.truth, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return comp.truth
