"""The live table ``fiscalwatch crawl`` shows: per source pages, documents found, new,
changed, failed, and the status once it is done."""

from __future__ import annotations

from rich.console import Console
from rich.live import Live
from rich.table import Table

from fiscalwatch.crawler.extensions import SourceStats

COLUMNS = ("pages", "found", "new", "changed", "removed", "failed", "errors")


def render(stats: dict[str, SourceStats], finished: set[str] | None = None) -> Table:
    table = Table(title="crawl")
    table.add_column("source")
    for column in COLUMNS:
        table.add_column(column, justify="right")
    table.add_column("status")
    for name, row in stats.items():
        values = [
            row.pages,
            row.documents,
            row.new,
            row.changed,
            row.removed,
            row.failed,
            row.errors,
        ]
        done = finished is not None and name in finished
        table.add_row(name, *map(str, values), row.status if done else "…")
    return table


class ProgressTable:
    def __init__(self, names: list[str], console: Console | None = None) -> None:
        self.stats = {name: SourceStats(source=name) for name in names}
        self.finished: set[str] = set()
        self.live = Live(
            render(self.stats), console=console or Console(stderr=True), transient=False
        )

    def start(self) -> None:
        self.live.start()

    def update(self, stats: dict[str, SourceStats]) -> None:
        self.stats.update(stats)
        self.live.update(render(self.stats, self.finished))

    def finish(self, name: str) -> None:
        self.finished.add(name)

    def stop(self) -> None:
        self.finished.update(self.stats)
        self.live.update(render(self.stats, self.finished))
        self.live.stop()
