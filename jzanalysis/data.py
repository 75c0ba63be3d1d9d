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


POINT_COLUMNS = ["year", "value", "id", "role", "line", "sentence"]


class FactIndex:
    """The linked facts grouped once by (series, measure, role), so look-ups cost a dict access.

    Build it once per analysis (``FactIndex(facts)``) and pass it wherever a facts frame is accepted.
    """

    def __init__(self, facts: pd.DataFrame):
        self.frame = facts
        order = facts.sort_values(["year", "line"]) if len(facts) else facts
        self._rows = order[POINT_COLUMNS]
        keys: dict[tuple, list[int]] = {}
        for pos, (series, measure, role) in enumerate(zip(order["series"], order["measure"], order["role"])):
            if series:
                keys.setdefault((series, measure, None), []).append(pos)
                keys.setdefault((series, measure, role), []).append(pos)
        self._keys = keys
        self._cache: dict[tuple, pd.DataFrame] = {}

    def points(self, series: str, measure: str, role: str | None = None) -> pd.DataFrame:
        key = (series, measure, role)
        if key not in self._cache:
            self._cache[key] = self._rows.iloc[self._keys.get(key, [])]
        return self._cache[key]


def index_facts(facts) -> FactIndex:
    """A :class:`FactIndex` for ``facts`` (returned as is when it already is one)."""
    return facts if isinstance(facts, FactIndex) else FactIndex(facts)


def points(facts, series: str, measure: str, role: str | None = None) -> pd.DataFrame:
    """Facts of one series and measure (and role), sorted by year: columns :data:`POINT_COLUMNS`.

    ``facts`` is the facts frame or, faster when called many times, a :class:`FactIndex`.
    """
    return index_facts(facts).points(series, measure, role)


def level_at(facts, series: str, year: int | str):
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
