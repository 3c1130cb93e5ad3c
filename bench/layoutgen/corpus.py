"""Generates documents with their truth into a folder (a cache: documents already there
with the same generator version are kept; their truth is located again, without
rendering, when only the truth version changed)."""

from __future__ import annotations

import json
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench.layoutgen.compose import Composition, compose, plan
from bench.layoutgen.locate import apply_pages
from bench.layoutgen.render import convert

GENERATOR_VERSION = "3"  # what the documents look like: a change renders them again
TRUTH_VERSION = "3"  # how their truth is written: a change locates it again


def cache_folder(root: Path, seed: int) -> Path:
    """Where documents of this generator version and seed live under ``root``: other
    versions (another branch's run, say) keep their own folders."""
    return root / f"v{GENERATOR_VERSION}-seed{seed}"


def generate(
    root: Path,
    families: list[str],
    per_family: int,
    seed: int,
    jobs: int = 1,
    profile: str = "lo-layouts",
) -> list[dict[str, Any]]:
    """Truth of every document (made or reused), in family then index order; the
    documents are in :func:`cache_folder`."""
    folder = cache_folder(root, seed)
    folder.mkdir(parents=True, exist_ok=True)
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
    # Rendered in a private folder, then moved in: runs sharing the cache never see
    # each other's half-made files.
    with tempfile.TemporaryDirectory(prefix="fw-layouts-render-") as scratch:
        work = Path(scratch)
        sources = []
        for comp in todo:
            for role, xml in comp.files.items():
                path = work / comp.truth["files"][role].replace(".pdf", ".fodt")
                path.write_text(xml, encoding="utf-8")
                sources.append(path)
        if sources:
            # one LibreOffice per job, each with its own profile (they would clash on one)
            chunks = [sources[i::jobs] for i in range(max(1, jobs))]
            with ThreadPoolExecutor(max_workers=len(chunks)) as pool:
                runs = [
                    pool.submit(convert, chunk, work, f"{profile}-{n}")
                    for n, chunk in enumerate(chunks)
                    if chunk
                ]
                for run in runs:
                    run.result()
        for comp in todo:
            for name in comp.truth["files"].values():
                os.replace(work / name, folder / name)
            truths.append(_located(comp, folder))
    order = {f: i for i, f in enumerate(families)}
    truths.sort(key=lambda t: (order.get(t["family"], 99), t["doc_id"]))
    return truths


def _located(comp: Composition, folder: Path) -> dict[str, Any]:
    """The composition's truth with the pages found in its PDFs, saved beside them."""
    pdfs = {role: folder / name for role, name in comp.truth["files"].items()}
    comp.truth["unlocated"] = apply_pages(comp.truth, comp.probes, pdfs)
    comp.truth["truth_version"] = TRUTH_VERSION
    target = folder / f"{comp.doc_id}.json"
    partial = target.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(json.dumps(comp.truth, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(partial, target)
    return comp.truth
