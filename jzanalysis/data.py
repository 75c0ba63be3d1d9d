"""Small readers for bundled reference data and for facts of one series."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from . import paths
from .errors import InputError


def load_population(path=None, year: int = 2020) -> int:
    """Resident population of Jinzhong from ``data/raw/census_2020_population.csv`` (7th census: 3379498)."""
    p = Path(path or paths.CENSUS)
    with open(p, encoding="utf-8", newline="") as fh:
        for lineno, row in enumerate(csv.DictReader(fh), start=2):
            if int(row["year"]) == year:
                try:
                    return int(row["population"])
                except ValueError:
                    raise InputError(p, lineno, "population", f"expected a whole number, found "
                                     f"{row['population']!r}") from None
    raise InputError(p, None, "year", f"no population for {year}")


def points(facts: pd.DataFrame, series: str, measure: str, role: str | None = None) -> pd.DataFrame:
    """Facts of one series and measure, sorted by year: columns ``year``, ``value``, ``id``, ``role``."""
    sel = facts[(facts["series"] == series) & (facts["measure"] == measure)]
    if role:
        sel = sel[sel["role"] == role]
    return sel.sort_values(["year", "line"])[["year", "value", "id", "role", "line", "sentence"]]


def level_at(facts: pd.DataFrame, series: str, year: int | str):
    """The value of a series' ``level`` fact in ``year``, or ``None``."""
    sel = points(facts, series, "level")
    sel = sel[sel["year"].astype(str) == str(year)]
    return None if sel.empty else float(sel["value"].iloc[0])


def period_years(period: str) -> tuple[int, int] | None:
    """``'2016-2020'`` -> ``(2015, 2020)``: a period of yearly flows starts at the end of the year before."""
    parts = str(period).split("-")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        return None
    return int(parts[0]) - 1, int(parts[1])
