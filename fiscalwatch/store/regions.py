"""Rows of some regions only: the SQL condition the incremental checks scope by."""

from __future__ import annotations


def region_condition(regions: frozenset[str] | None, column: str) -> tuple[str, list[str]]:
    """An SQL condition, with its parameters, keeping the rows whose ``column`` is one
    of ``regions`` ("" stands for no region); None keeps every row."""
    if regions is None:
        return "1", []
    named = sorted(r for r in regions if r)
    parts = [f"{column} IN ({','.join('?' * len(named))})"] if named else []
    if "" in regions:
        parts.append(f"{column} IS NULL OR {column} = ''")
    # Written so that an index on the column serves it (COALESCE would hide it).
    return (f"({' OR '.join(parts)})" if parts else "0"), named
