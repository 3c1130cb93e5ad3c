"""``fiscalwatch search QUERY [--region] [--year] [--doc-type]``: pages that mention it."""

from __future__ import annotations

import click
from rich.console import Console
from rich.text import Text

from fiscalwatch.app import App, pass_app
from fiscalwatch.models import DOC_TYPES
from fiscalwatch.search.query import DEFAULT_LIMIT, SearchResult, printable, search


@click.command(name="search")
@click.argument("query")
@click.option("--region", help="Only documents of this region (as in documents.region).")
@click.option("--year", type=int, help="Only documents of this fiscal year.")
@click.option("--doc-type", type=click.Choice(DOC_TYPES), help="Only this kind of document.")
@click.option("--limit", type=click.IntRange(1, 1000), default=DEFAULT_LIMIT, show_default=True)
@click.option("--all-versions", is_flag=True, help="Search replaced versions too.")
@pass_app
def search_command(
    app: App,
    query: str,
    region: str | None,
    year: int | None,
    doc_type: str | None,
    limit: int,
    all_versions: bool,
) -> None:
    """Full-text search over every stored page; every space-separated term must occur.

    Terms of three characters or more use the full-text index; shorter ones are matched
    by scanning the text (slower on a large store).
    """
    result = search(
        app.store.db,
        query,
        region=region,
        year=year,
        doc_type=doc_type,
        limit=limit,
        all_versions=all_versions,
    )
    print_result(Console(highlight=False), result)


def print_result(console: Console, result: SearchResult) -> None:
    # Text objects, never markup strings: a page's "[bold]" is printed as it is.
    if not result.hits:
        console.print(Text(f"search: no page mentions {result.query!r}"))
        return
    how = "full-text index" if result.method == "fts" else "text scan (short terms)"
    line = f"{result.total} pages mention {result.query!r} ({how})"
    if result.total > len(result.hits):
        line += f"; the first {len(result.hits)}"
    console.print(Text(line))
    for hit in result.hits:
        head = Text()
        head.append(printable(hit.department or "未注明部门"), style="bold")
        head.append(f" · {hit.fiscal_year or '年度不详'}")
        head.append(f" · {hit.doc_type or 'other'} · p.{hit.page}")
        head.append(f"  [{printable(hit.region or '')} #{hit.document_id}]", style="dim")
        console.print(head)
        body = Text("  ")
        for piece, matched in hit.snippet:
            body.append(piece, style="bold reverse" if matched else None)
        console.print(body)
        if hit.url:
            console.print(Text(f"  {printable(hit.url)}", style="dim"))
