"""The table finder the PDF reader runs without importing pdfplumber gives exactly what
pdfplumber's own functions give, step by step, on every page of every fixture PDF; and
a parse worker's start-up imports neither pdfplumber nor pdfminer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
from pdfplumber import table as plumber

from fiscalwatch.parsing.readers import pdf_tables, table_finder

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def readable_pdfs() -> list[Path]:
    paths = []
    for path in sorted(FIXTURES.rglob("*.pdf")):
        try:
            pdfium.PdfDocument(path.read_bytes()).close()
        except pdfium.PdfiumError:
            continue
        paths.append(path)
    return paths


def page_edges() -> list[tuple[str, list[table_finder.Edge]]]:
    found = []
    for path in readable_pdfs():
        pdf = pdfium.PdfDocument(path.read_bytes())
        try:
            for index in range(len(pdf)):
                page = pdf[index]
                edges, _ = pdf_tables._edges(page)
                page.close()
                if edges:
                    found.append((f"{path.name} page {index + 1}", edges))
        finally:
            pdf.close()
    return found


def test_each_step_gives_pdfplumbers_result() -> None:
    tables = 0
    for where, raw in page_edges():
        edges = table_finder.merge_edges(raw, 3, 3, 3, 3)
        # The same dicts, keys and floats to the last bit: every later step compares them.
        assert edges == plumber.merge_edges(raw, 3, 3, 3, 3), where
        edges = [e for e in edges if max(e["width"], e["height"]) >= 3]
        points = table_finder.edges_to_intersections(edges, 3)
        cells = table_finder.intersections_to_cells(points)
        theirs = plumber.intersections_to_cells(plumber.edges_to_intersections(edges, 3, 3))
        assert cells == theirs, where
        grouped = table_finder.cells_to_tables(cells)
        assert grouped == plumber.cells_to_tables(cells), where
        tables += len(grouped)
    assert tables >= 300  # the fixtures' ruled tables (the seeds' self-evaluations alone: 40)


def test_snapping_clusters_as_pdfplumber_does() -> None:
    """Edges closer than the tolerance chain into one cluster moved to its mean; an edge
    exactly at the tolerance still joins (pdfplumber's ``<=``)."""
    raw = [
        pdf_tables._v(10.0, 0.0, 50.0),
        pdf_tables._v(12.0, 0.0, 50.0),
        pdf_tables._v(15.0, 60.0, 90.0),
        pdf_tables._v(40.0, 0.0, 50.0),
        pdf_tables._h(0.0, 30.0, 20.0),
        pdf_tables._h(25.0, 60.0, 20.5),
        pdf_tables._h(0.0, 60.0, 70.0),
    ]
    ours = table_finder.merge_edges(raw, 3, 3, 3, 3)
    assert ours == plumber.merge_edges(raw, 3, 3, 3, 3)
    verticals = sorted((e["x0"], e["top"], e["bottom"]) for e in ours if e["orientation"] == "v")
    assert verticals == [(37 / 3, 0.0, 50.0), (37 / 3, 60.0, 90.0), (40.0, 0.0, 50.0)]
    horizontals = sorted((e["top"], e["x0"], e["x1"]) for e in ours if e["orientation"] == "h")
    assert horizontals == [(20.25, 0.0, 60.0), (70.0, 0.0, 60.0)]


def test_a_parse_worker_imports_no_pdfminer() -> None:
    """pdfplumber (and pdfminer under it, ~0.2 s) load only for the rare page that needs
    them, never while a worker starts or reads a ruled PDF."""
    seed = FIXTURES / "documents" / "seed_000.pdf"
    code = (
        "import sys\n"
        "from fiscalwatch.parsing.jobs import preload, parse_file\n"
        "preload()\n"
        f"parse_file({str(seed)!r}, {{'ocr': False}})\n"
        "print(' '.join(m for m in sys.modules if m.split('.')[0] in ('pdfplumber', 'pdfminer')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.split() == []
