"""Link prose facts to named series (``data/plans/jinzhong-14/narrative_series.yaml``).

A rule matches a fact by a regular expression on its ``subject``, its exact ``unit`` and optionally its
``role`` and ``year``. The linker adds three columns to the facts: ``series`` (the series id),
``indicator_id`` (the Table 1-1 indicator the series feeds, if any) and ``measure`` (level, growth,
growth_total, change, numerator, added).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pandas as pd

from jzanalysis import paths
from jzanalysis.errors import InputError
from jzanalysis.io import load_yaml
from jzanalysis.plan.files import read_yaml_text
from jzanalysis.plan.labels import flatten_all


@functools.lru_cache(maxsize=4)
def load_series(path: str | None = None) -> tuple[dict, ...]:
    """The series definitions, in file order, their language-keyed labels flattened (``name: {zh, en}``
    gives ``name_zh``, ``name_en``; ``unit: {zh: 元, en: yuan}`` gives ``unit``, ``unit_en``; the optional
    ``noun: {zh: 托位, en: childcare places}``, what a count series adds, gives ``noun_zh``, ``noun_en``)."""
    p = Path(path or paths.NARRATIVE_META)
    try:
        data = load_yaml(read_yaml_text(p))
    except FileNotFoundError:
        raise InputError(p, None, "file", "narrative series metadata not found") from None
    series = tuple(flatten_all(data.get("series"), p, "series", fields=("name", "unit", "noun"), plain=("unit",)))
    ids = [s["id"] for s in series]
    if len(set(ids)) != len(ids):
        raise InputError(p, None, "series.id", "duplicate series id")
    return series


@functools.lru_cache(maxsize=4)
def _fixes(path: str) -> tuple:
    p = Path(path)
    try:
        data = load_yaml(read_yaml_text(p)) or {}
    except FileNotFoundError:
        raise InputError(p, None, "file", "narrative series metadata not found") from None
    out = []
    for i, e in enumerate(data.get("subject_fixes") or []):
        if not isinstance(e, dict) or not e.get("phrase") or not e.get("figure"):
            raise InputError(p, None, f"subject_fixes[{i}]", "expected {phrase: …, figure: …, subject: …}")
        fields = {k: "" if v is None else str(v) for k, v in e.items() if k not in ("phrase", "figure", "occurrence")}
        out.append(((str(e["phrase"]), str(e["figure"]), int(e.get("occurrence", 1))), fields))
    return tuple(out)


def load_subject_fixes(path=None) -> dict[tuple[str, str, int], dict[str, str]]:
    """The plan's subject fixes (``subject_fixes`` in ``narrative_series.yaml``): ``{(phrase, figure as
    written, occurrence): {field: value}}``; empty when the file has none."""
    return dict(_fixes(str(path or paths.NARRATIVE_META)))


def series_by_id(path=None) -> dict[str, dict]:
    return {s["id"]: s for s in load_series(path)}


def series_for(config=None) -> dict[str, dict]:
    """The series of a plan (``series:`` in plan.yaml); ``{}`` for a plan that names none."""
    if config is None:
        return series_by_id()
    return series_by_id(config.series) if config.series is not None else {}


def _matches(rule: dict, fact) -> bool:
    if fact["unit"] != rule["unit"]:
        return False
    for key in ("role", "year"):
        if key in rule and str(fact[key]) != str(rule[key]):
            return False
    return re.search(rule["subject"], fact["subject"]) is not None


def link_series(facts: pd.DataFrame, path=None, none: bool = False) -> pd.DataFrame:
    """Return ``facts`` with ``series``, ``indicator_id`` and ``measure`` filled by the first matching rule
    (``none=True``: a plan without a series file, every fact unlinked)."""
    facts = facts.copy()
    series, indicator, measure = [], [], []
    rules = [] if none else [(s, r) for s in load_series(path) for r in s.get("match", [])]
    cache: dict[tuple, tuple | None] = {}  # facts repeat (subject, unit, role, year): match each once
    for fact in facts[["subject", "unit", "role", "year"]].to_dict("records"):
        key = tuple(fact.values())
        if key not in cache:
            cache[key] = next(((s, r) for s, r in rules if _matches(r, fact)), None)
        hit = cache[key]
        series.append(hit[0]["id"] if hit else "")
        indicator.append(hit[0].get("indicator", "") if hit else "")
        measure.append(hit[1]["measure"] if hit else "")
    facts["series"] = series
    facts["indicator_id"] = indicator
    facts["measure"] = measure
    return facts
