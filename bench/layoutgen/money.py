"""Amounts in cents (exact sums) and how documents print them."""

from __future__ import annotations

import random


def split(rng: random.Random, total: int, parts: int, floor_share: float = 0.05) -> list[int]:
    """``total`` cents cut into ``parts`` positive-ish pieces that add up exactly."""
    if parts <= 1:
        return [total]
    weights = [rng.uniform(floor_share, 1.0) for _ in range(parts)]
    scale = sum(weights)
    pieces = [int(total * w / scale) for w in weights]
    pieces[0] += total - sum(pieces)
    return pieces


def wan(cents: int) -> float:
    """Cents of 万元 as a float rounded to 0.01 万元."""
    return round(cents / 100, 2)


def fmt_wan(cents: int, thousands: bool = False) -> str:
    value = cents / 100
    return f"{value:,.2f}" if thousands else f"{value:.2f}"


def fmt_yuan(cents: int, thousands: bool = True) -> str:
    """The same amount written in 元 (a 万元 cent is 100 元)."""
    yuan = cents * 100
    return f"{yuan:,.2f}" if thousands else f"{yuan:.2f}"
