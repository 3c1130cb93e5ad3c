# ruff: noqa: E501 -- Chinese template sentences and figure tables read best unwrapped
"""Writing expected TOMLs and computing the findings a pair of years must produce."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fiscalwatch.config import MonitorConfig
from fiscalwatch.figures import HEADLINE_FIGURES

from . import tomlw

HEADER = "Expected content of fixtures/documents/{file}, written by scripts/make_fixtures.py\nfrom the figure model that rendered it. Layout: fixtures/documents/README.md."

# The pairs' expected yoy findings use the product's headline figures and [monitor] defaults.
HEADLINE = HEADLINE_FIGURES
YOY_PCT = MonitorConfig().yoy_threshold_pct
YOY_MIN = MonitorConfig().yoy_min_change


def write(path: Path, data: dict[str, Any], header: str | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        tomlw.dumps(data, header or HEADER.format(file=data.get("file", path.stem))),
        encoding="utf-8",
    )
    return path


def yoy_findings(
    previous: dict[str, float], current: dict[str, float], level: str
) -> list[dict[str, Any]]:
    out = []
    for key in HEADLINE:
        if key not in previous or key not in current:
            continue
        delta = current[key] - previous[key]
        # From zero any rise is "more than 30 %": the rate is undefined, so it is left out.
        rate = delta / previous[key] * 100 if previous[key] else None
        if (rate is None or abs(rate) > YOY_PCT) and abs(delta) >= YOY_MIN:
            finding: dict[str, Any] = {
                "level": level,
                "check": "yoy_anomaly",
                "metric": key,
                "previous": round(previous[key], 2),
                "current": round(current[key], 2),
            }
            if rate is not None:
                finding["change_pct"] = round(rate, 2)
            out.append(finding)
    return out


def restated_findings(
    prior_figures: dict[str, float], current_derived: dict[str, float]
) -> list[dict[str, Any]]:
    out = []
    for key, implied in current_derived.items():
        if not key.endswith("_prev_implied"):
            continue
        base = key[: -len("_prev_implied")]
        if base in prior_figures and abs(prior_figures[base] - implied) > 0.015:
            out.append(
                {
                    "level": "must",
                    "check": "restated_prior_year",
                    "metric": base,
                    "implied_previous": round(implied, 2),
                    "stored_previous": round(prior_figures[base], 2),
                }
            )
    return out
