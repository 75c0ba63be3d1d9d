"""Facts of one series: points, levels at a year, past levels, and the years of a period name."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from jzanalysis.plan.config import default_config

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


@dataclass(frozen=True)
class PastLevel:
    """A level of an indicator before the base year, as printed in the prose or derived from it.

    ``measure`` says how: ``level`` (printed), ``change`` (``x_base - change``), ``numerator``
    (``x_base * count_then / count_base``: population held constant). ``start``/``end`` are the prose
    numbers used (the two levels, the change and the base value, or the two counts).
    """

    year: int
    value: float
    measure: str
    start: float
    end: float

    @property
    def estimated(self) -> bool:
        return self.measure != "level"


def past_levels(facts, series: dict, ident: str, x_base: float, base_year: int | None = None) -> list[PastLevel]:
    """Levels of indicator (or narrative series) ``ident`` before ``base_year`` that the prose gives.

    The series feeding ``ident`` (``indicator: ident`` in ``narrative_series.yaml``, or the series of that
    id) are read in file order, and for each the measures ``level``, ``change``, ``numerator`` in that
    order; the first that yields a past level wins, earliest year first. Used by the reference pace
    (:func:`jzanalysis.analysis.assess.reference_for`) and the charts' history points.
    """
    base_year = default_config().base_year if base_year is None else base_year
    for sid, s in series.items():
        if s.get("indicator") != ident and sid != ident:
            continue
        levels = points(facts, sid, "level", role="history")
        if len(levels) >= 2:
            end = float(levels["value"].iloc[-1])
            return [PastLevel(int(y), float(v), "level", float(v), end)
                    for y, v in zip(levels["year"], levels["value"]) if str(y).isdigit() and int(y) < base_year]
        change = points(facts, sid, "change", role="history")
        span = period_years(change["year"].iloc[0]) if len(change) else None
        if span and span[1] == base_year and not pd.isna(x_base):
            d = float(change["value"].iloc[0])
            return [PastLevel(span[0], float(x_base) - d, "change", d, float(x_base))]
        counts = points(facts, sid, "numerator", role="history")
        counts = counts[counts["year"].astype(str).str.isdigit()]
        if len(counts) >= 2 and not pd.isna(x_base):
            at_base = counts[counts["year"].astype(int) == base_year]
            if len(at_base):
                c1 = float(at_base["value"].iloc[0])
                return [PastLevel(int(y), float(x_base) * float(v) / c1, "numerator", float(v), c1)
                        for y, v in zip(counts["year"], counts["value"]) if int(y) < base_year]
    return []


def period_years(period: str) -> tuple[int, int] | None:
    """``'2016-2020'`` -> ``(2015, 2020)``: a period of yearly flows starts at the end of the year before."""
    parts = str(period).split("-")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        return None
    return int(parts[0]) - 1, int(parts[1])
