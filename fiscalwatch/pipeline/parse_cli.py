"""``fiscalwatch ingest`` and ``fiscalwatch parse``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from fiscalwatch.app import App, holds_cycle_lock, pass_app
from fiscalwatch.errors import DocumentError
from fiscalwatch.models import DOC_TYPES
from fiscalwatch.parsing.executors import make_executor
from fiscalwatch.parsing.sniff import sniff_format
from fiscalwatch.parsing.stage import parse_documents, parse_pending


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--department", help="Department's full name (default: read from the document).")
@click.option("--year", "fiscal_year", type=int, help="Fiscal year (default: from the title).")
@click.option("--region", help="Region the department belongs to, e.g. 青川市.")
@click.option(
    "--doc-type",
    type=click.Choice(DOC_TYPES),
    help="Document type (default: detected from the content).",
)
@pass_app
@holds_cycle_lock
def ingest(
    app: App,
    files: tuple[Path, ...],
    department: str | None,
    fiscal_year: int | None,
    region: str | None,
    doc_type: str | None,
) -> None:
    """Store local files (PDF, DOCX, XLSX, HTML) as if crawled, and parse them."""
    # The workers start (and import the parser) while the store opens and the first
    # files are stored; each file is stored as a worker is about to need it.
    executor = make_executor(app.config, len(files))
    executor.start()
    names: dict[int, Path] = {}
    unreadable_paths: list[tuple[Path, str]] = []
    with executor:
        store = app.store
        run_id = store.start_run("ingest")
        documents = _store_files(
            store, files, department, region, fiscal_year, doc_type, names, unreadable_paths
        )
        summary = parse_documents(store, app.config, documents, executor=executor, total=len(files))
    failed = len(unreadable_paths)
    for path, reason in unreadable_paths:
        click.echo(f"failed      {path}: {reason}")
    for document_id, status in summary.results.items():
        row = store.db.table("documents").get(document_id)
        if status == "parsed":
            counts = _counts(store, document_id)
            click.echo(
                f"parsed      {names[document_id]}: {row['doc_type']}, {row['department'] or '?'} "
                f"{row['fiscal_year'] or '?'}, {counts['sections']} sections, "
                f"{counts['figures']} figures, {counts['tables']} tables"
                + (f", {counts['evaluations']} self-evaluations" if counts["evaluations"] else "")
            )
        else:
            failed += 1
            click.echo(f"{status:11s} {names[document_id]}: {row['error']}")
    store.finish_run(
        run_id,
        "failed" if failed else "ok",
        {
            **summary.as_dict(),
            "files": len(files),
            "failed": summary.failed + len(unreadable_paths),
        },
    )
    if failed:
        raise SystemExit(1)


def _store_files(
    store: Any,
    files: tuple[Path, ...],
    department: str | None,
    region: str | None,
    fiscal_year: int | None,
    doc_type: str | None,
    names: dict[int, Path],
    unreadable_paths: list[tuple[Path, str]],
) -> Iterator[dict[str, Any]]:
    """Records each file as a document and yields its row, one at a time; the files
    that cannot be read go to ``unreadable_paths`` with the reason."""
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            unreadable_paths.append((path, exc.strerror or str(exc)))
            continue
        try:
            content_type: str | None = sniff_format(data, path.name)
        except DocumentError:
            content_type = None  # the parse reports what is wrong with it
        stored = store.record_document(
            url=path.resolve().as_uri(),
            data=data,
            source="ingest",
            department=department,
            region=region,
            fiscal_year=fiscal_year,
            doc_type=doc_type,
            filename=path.name,
            content_type=content_type,
        )
        names[stored.document_id] = path
        yield store.db.table("documents").get(stored.document_id)


@click.command()
@pass_app
@holds_cycle_lock
def parse(app: App) -> None:
    """Parse every stored document that is still pending."""
    store = app.store
    run_id = store.start_run("parse")
    summary = parse_pending(store, app.config)
    store.finish_run(run_id, "ok", summary.as_dict())
    click.echo(f"parsed {summary.parsed}, unreadable {summary.unreadable}, failed {summary.failed}")


def _counts(store: Any, document_id: int) -> dict[str, int]:
    def count(table: str, where: str = "") -> int:
        sql = f"SELECT count(*) FROM {table} WHERE document_id = ? {where}"
        return int(store.db.execute(sql, [document_id]).fetchone()[0])

    return {
        "sections": count("sections"),
        "figures": count("figures"),
        "tables": count("doc_tables", "AND key != 'other'"),  # the nine standard tables
        "evaluations": count("perf_evaluations"),
    }
