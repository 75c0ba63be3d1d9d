"""Reference data from outside the plan, with provenance: population and benchmark levels.

Each figure is a row of a CSV under the plan folder's ``raw/`` with its source's title, address and the
phrase it was read from (``raw/PROVENANCE.md``); the population comes from ``plan.yaml``.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

import pandas as pd

from jzanalysis import paths
from jzanalysis.errors import InputError
from jzanalysis.plan.config import default_config

#: Bundled benchmark levels (China / Shanxi) for indicators without a 13th-plan history in the plan.
BENCHMARKS = paths.BENCHMARKS
BENCHMARK_COLUMNS = ["indicator_id", "area", "year", "value", "unit", "measure", "source_title", "source_url",
                     "quote"]
AREAS = ("Shanxi", "China")  # the bundled plan's parent areas, nearest first (plan.yaml parent_areas)


def benchmark_areas(config=None) -> tuple[str, ...]:
    """The areas a benchmark may be for, nearest first: plan.yaml's ``parent_areas`` (English names)."""
    if config is None:
        return AREAS
    return tuple(a.name_en for a in config.parent_areas)


def load_population(path=None, year: int | None = None) -> int | None:
    """The population that turns the plan's per-capita figures into totals.

    ``path`` may be a :class:`~jzanalysis.plan.config.PlanConfig`: its ``population.value`` (plan.yaml),
    or ``None`` when plan.yaml gives none (then no per-capita conversion is made). Else a CSV with
    ``year`` and ``population`` columns (default the bundled ``raw/population.csv``, Jinzhong's 7th census:
    3379498); ``year`` defaults to the bundled plan's population year (its plan.yaml).
    """
    if path is not None and hasattr(path, "population"):
        return path.population.value if path.population is not None else None
    if year is None:
        year = default_config().population.year
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


@functools.lru_cache(maxsize=4)
def _benchmarks_cached(path: str, areas: tuple[str, ...] = AREAS) -> pd.DataFrame:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(p, None, "file", "benchmark file not found") from None
    reader = csv.DictReader(text.splitlines())
    missing_cols = [c for c in BENCHMARK_COLUMNS if c not in (reader.fieldnames or [])]
    if missing_cols:
        raise InputError(p, 1, missing_cols[0], f"missing column; the header needs {','.join(BENCHMARK_COLUMNS)}")
    rows = []
    for line, rec in enumerate(reader, start=2):
        try:
            year, value = int(rec["year"]), float(rec["value"])
        except ValueError:
            bad = "year" if not str(rec["year"]).strip().isdigit() else "value"
            raise InputError(p, line, bad, f"expected a number, found {rec[bad]!r}") from None
        if rec["measure"] not in ("level", "change"):
            raise InputError(p, line, "measure", f"expected level or change, found {rec['measure']!r}")
        if rec["area"] not in areas:
            raise InputError(p, line, "area", f"expected one of {', '.join(areas)} (plan.yaml parent_areas), "
                             f"found {rec['area']!r}")
        for col in ("source_title", "source_url", "quote"):
            if not str(rec[col]).strip():
                raise InputError(p, line, col, "empty: every benchmark needs its source and the phrase it was read from")
        rows.append({**rec, "year": year, "value": value, "line": line})
    frame = pd.DataFrame(rows, columns=[*BENCHMARK_COLUMNS, "line"])
    frame.attrs["areas"] = areas
    return frame


def load_benchmarks(path=None, config=None) -> pd.DataFrame:
    """Benchmark levels from the plan's ``raw/benchmarks.csv`` (:data:`BENCHMARK_COLUMNS` plus ``line``).

    With ``config`` (a :class:`~jzanalysis.plan.config.PlanConfig`): its ``benchmarks`` file, for its
    ``parent_areas``; a plan without benchmarks gets an empty table. Raises
    :class:`jzanalysis.errors.InputError` naming the line and field of a bad row.
    """
    if config is not None:
        if path is None and config.benchmarks is None:
            return pd.DataFrame(columns=[*BENCHMARK_COLUMNS, "line"]).assign()
        frame = _benchmarks_cached(str(path or config.benchmarks), benchmark_areas(config)).copy()
        frame.attrs["area_names"] = {a.name_en: (a.name, a.name_en) for a in config.parent_areas}
        return frame
    return _benchmarks_cached(str(path or BENCHMARKS)).copy()


# ------------------------------------------------------------------------------------ init-plan (issue 21)
def _bundled_ids_by_name(kinds: bool = True) -> dict[str, tuple[str, str]]:
    """``{name without spaces: (bundled indicator id, kind)}`` for every name and alias of the bundled plan's
    indicators (``data/plans/jinzhong-14/indicators.yaml``)."""
    from jzanalysis.plan.metadata import load_metadata, names_of

    meta = load_metadata(paths.INDICATOR_META)
    return {n: (e["id"], e["kind"]) for e in meta["indicators"] for n in names_of(e)}


def benchmarks_for(entries: list[dict], areas: tuple[str, ...]) -> tuple[pd.DataFrame, list[str]]:
    """The bundled reference data's benchmarks a drafted plan's rows could use: its published levels for
    the indicators of the same name and kind, in the drafted plan's parent areas.

    Parameters
    ----------
    entries : list of dict
        The drafted indicators (``id``, ``name_zh``, ``kind``).
    areas : tuple of str
        The drafted plan's parent areas (English names, as ``benchmarks.csv`` gives them: ``China``).

    Returns
    -------
    (pandas.DataFrame, list of str)
        Rows of :data:`BENCHMARK_COLUMNS` with ``indicator_id`` the drafted id; and one line per indicator
        whose name matches but whose kind differs (not copied: a benchmark is only comparable for the same
        kind of figure).
    """
    from jzanalysis.plan.metadata import names_of

    by_name = _bundled_ids_by_name()
    bench = _benchmarks_cached(str(BENCHMARKS))
    rows, skipped = [], []
    for e in entries:
        hit = next((by_name[n] for n in names_of(e) if n in by_name), None)
        if hit is None:
            continue
        if hit[1] != e.get("kind"):
            skipped.append(f"benchmarks: {e['name_zh']} is {hit[0]} of the bundled reference data, but drafted as "
                           f"{e.get('kind')} (there {hit[1]}): not copied")
            continue
        sel = bench[(bench["indicator_id"] == hit[0]) & bench["area"].isin(areas)]
        rows += [{**r, "indicator_id": e["id"]} for r in sel[BENCHMARK_COLUMNS].to_dict("records")]
    return pd.DataFrame(rows, columns=BENCHMARK_COLUMNS), skipped


def population_for(area: str, year: int) -> tuple[dict | None, Path | None]:
    """The bundled reference data's population of ``area`` in ``year`` (plan.yaml's ``population`` mapping
    and the CSV it comes from), or ``(None, None)`` when it has none for that area and year."""
    from jzanalysis.plan.config import default_config

    pop = default_config().population
    if pop is None or pop.area != area or pop.year != year:
        return None, None
    return {"value": pop.value, "year": pop.year, "area": pop.area}, pop.source


def draft_references(draft) -> list[str]:
    """Give a drafted plan (:class:`jzanalysis.plan.draft.Draft`) the bundled reference data it can use:
    benchmarks of the same indicators (:func:`benchmarks_for`) as ``raw/benchmarks.csv`` and the population
    of its area in its base year (:func:`population_for`) as ``raw/population.csv``, each named in
    plan.yaml. Returns the ``check`` lines (what was copied, from where; what was not)."""
    plan = draft.plan
    areas = tuple(a["name_en"] for a in plan["parent_areas"] if a.get("name_en"))
    frame, lines = benchmarks_for(draft.indicators["indicators"], areas)
    files = {}
    if len(frame):
        files["raw/benchmarks.csv"] = frame.to_csv(index=False, lineterminator="\n")
        plan["benchmarks"] = "raw/benchmarks.csv"
        names = sorted(set(frame["indicator_id"]))
        lines.append(f"benchmarks: {len(frame)} published levels for {len(names)} rows copied from the bundled "
                     f"reference data ({', '.join(names)}); verify each against its source (source_url, quote)")
    else:
        lines.append("benchmarks: none in the bundled reference data for these rows; add raw/benchmarks.csv "
                     "where published statistics give a pace")
    population, source = population_for(plan["area"]["name"], plan["base_year"])
    if population is not None:
        files["raw/population.csv"] = source.read_text(encoding="utf-8")
        plan["population"] = {**population, "source": "raw/population.csv"}
        lines.append(f"population: {population['value']} ({population['area']}, {population['year']}) copied from "
                     "the bundled reference data (raw/population.csv)")
        draft.checks[:] = [c for c in draft.checks if not c.startswith("population: none drafted")]
    draft.references = {"files": files}
    return lines
