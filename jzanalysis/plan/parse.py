"""The parse step: plan text -> ``indicators.csv`` and ``narrative_facts.csv``.

Reads ``data/raw`` and ``data/indicators.yaml``; writes ``data/processed`` (atomically); nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from jzanalysis import paths
from jzanalysis.errors import InputError, ParseWarning, shorten
from jzanalysis.io import write_csv_atomic
from jzanalysis.plan.metadata import load_metadata, match_rows
from jzanalysis.plan.table import parse_table
from jzanalysis.plan.text import read_plan

#: Column order of ``indicators.csv`` (public interface; documented in docs/data_dictionary.md).
INDICATOR_COLUMNS = [
    "id", "seq", "seq_printed", "category", "category_en", "name", "name_en", "unit", "unit_en",
    "baseline_year", "baseline_value", "baseline_text", "baseline_basis",
    "target_year", "target_value", "target_text", "target_op", "target_op_table", "target_basis",
    "attribute", "attribute_zh", "direction", "kind", "pace", "lower_bound", "upper_bound",
    "band_halfwidth", "cumulative", "annual_average", "basis_change", "section", "notes", "source_line",
]


@dataclass
class ParseResult:
    """What :func:`parse_plan` returns: the two tidy tables and the warnings about the source."""

    indicators: pd.DataFrame
    narrative_facts: pd.DataFrame
    warnings: list[ParseWarning] = field(default_factory=list)
    source: Path | None = None


#: Qualifiers of Table 1-1 and the only metadata ``kind`` each may appear with.
QUALIFIER_KINDS = {"五年累计": "cumulative", "年均": "growth"}


def _check_row(row: dict, m: dict, path, meta: dict) -> None:
    """Check one parsed table row against its metadata entry; raise :class:`InputError` naming the cell.

    Notes
    -----
    * category: one of the metadata's ``categories``;
    * name: equal to ``name_zh`` (and the row at the expected ``seq``);
    * unit: equal to ``unit_zh`` when the metadata gives one (``‰`` changed to ``%`` is an error);
    * qualifiers: ``五年累计`` only on a ``cumulative`` indicator, ``年均`` only on a ``growth`` one (a
      qualifier cannot change what an indicator measures);
    * values: baseline and target within ``bounds`` ``[lo, hi]`` (``null`` = open).
    """
    lines = row.get("lines", {})
    line = lines.get("category", row["source_line"])
    categories = meta.get("categories") or {}
    if categories and row["category"] not in categories:
        raise InputError(path, line, "类别", f"unknown category {shorten(row['category'])!r}; the metadata "
                         f"lists {'、'.join(categories)}")
    if row["seq"] != m["seq"] or row["name"] != m["name_zh"]:
        raise InputError(path, lines.get("name", row["source_line"]), "指标名称",
                         f"row {row['seq']} is {shorten(row['name'])!r}, the metadata expects "
                         f"{m['name_zh']!r} at seq {m['seq']}")
    if "unit_zh" in m and row["unit"] != str(m["unit_zh"]):
        raise InputError(path, lines.get("name", row["source_line"]), "指标名称",
                         f"{m['name_zh']}: unit {shorten(row['unit'] or '(none)')!r}, the metadata "
                         f"declares {m['unit_zh']!r}")
    for q in row["qualifiers"]:
        kind = QUALIFIER_KINDS.get(q)
        if kind and m["kind"] != kind:
            key = next((k for k in ("name", "baseline", "target") if q in row.get(f"{k}_text", "")), "name")
            raise InputError(path, lines.get(key, row["source_line"]),
                             {"name": "指标名称", "baseline": "2020年实际值", "target": "2025年目标值"}[key],
                             f"{m['name_zh']}: （{q}） marks a {kind} indicator, the metadata says "
                             f"{m['kind']}")
    lo, hi = (m.get("bounds") or [None, None])
    for key, label in (("baseline", "2020年实际值"), ("target", "2025年目标值")):
        v = row[f"{key}_value"]
        if v is None:
            continue
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            rng = f"{'−∞' if lo is None else f'{lo:g}'}..{'∞' if hi is None else f'{hi:g}'}"
            raise InputError(path, lines.get(key, row["source_line"]), label,
                             f"{m['name_zh']}: {shorten(row[f'{key}_text'])} is outside the possible "
                             f"range {rng} {row['unit']}".rstrip())


def _join_metadata(rows: list[dict], path, meta: dict) -> pd.DataFrame:
    entries = match_rows(rows, path, meta)  # by name and aliases, not by position
    band_rel = float(meta.get("defaults", {}).get("band_rel", 0.05))
    out = []
    for row, m in zip(rows, entries):
        _check_row(row, m, path, meta)
        lo, hi = (m.get("bounds") or [None, None])
        quals = row.pop("qualifiers")
        row.pop("lines", None)
        op = m.get("target_op", row["target_op_table"])
        if row["target_op_table"] in ("~", "relational", ">", "<") or (
                row["target_op_table"] in (">=", "<=") and "target_op" not in m):
            op = row["target_op_table"]  # what the table says explicitly wins over a reading
        basis_change = bool(row["baseline_basis"] and row["target_basis"]
                            and row["baseline_basis"] != row["target_basis"])
        notes = [n for n in (m.get("notes"),) if n]
        if "target_op" in m and op != row["target_op_table"]:
            notes.append(f"target read as {op} {row['target_value']:g}: {m.get('op_basis', '')}".strip())
        if basis_change:
            notes.append(f"measurement basis changes: {row['baseline_basis']} -> {row['target_basis']}")
        if row["seq_printed"] != row["seq"]:
            notes.append(f"the table prints seq {row['seq_printed']} (corrected to {row['seq']})")
        out.append({
            **row, "id": m["id"], "category_en": meta.get("categories", {}).get(row["category"], ""),
            "name_en": m["name_en"], "unit_en": m.get("unit_en", ""), "target_op": op,
            "direction": m["direction"], "kind": m["kind"], "pace": m["pace"],
            "lower_bound": lo, "upper_bound": hi,
            "band_halfwidth": (band_rel * row["target_value"]
                               if op == "~" and row["target_value"] is not None else None),
            "cumulative": m["kind"] == "cumulative" or "五年累计" in quals,
            "annual_average": "年均" in quals, "basis_change": basis_change,
            "section": m.get("section", ""), "notes": "; ".join(notes),
        })
    frame = pd.DataFrame(out)[INDICATOR_COLUMNS]
    for col in ("baseline_value", "target_value", "lower_bound", "upper_bound", "band_halfwidth"):
        frame[col] = pd.to_numeric(frame[col]).astype("float64")
    return frame


def parse_plan(path=None, metadata=None) -> ParseResult:
    """Parse the plan text into tidy tables.

    Parameters
    ----------
    path : path-like, optional
        The plan text; defaults to the bundled ``data/raw`` copy.
    metadata : path-like, optional
        Indicator metadata YAML; defaults to ``data/indicators.yaml``.

    Returns
    -------
    ParseResult
        ``indicators`` (one row per Table 1-1 indicator), ``narrative_facts`` (one row per figure in the
        prose), ``warnings`` (corrected defects, each naming its line).
    """
    from jzanalysis.plan.prose import extract_facts
    from jzanalysis.plan.series import link_series

    path = Path(path or paths.PLAN_TEXT)
    plan = read_plan(path)
    rows, warnings = parse_table(plan)
    meta = load_metadata(metadata)
    indicators = _join_metadata(rows, path, meta)
    facts = link_series(extract_facts(plan))
    return ParseResult(indicators, facts, warnings, path)


def write_processed(result: ParseResult, out_dir=None) -> list[Path]:
    """Write ``indicators.csv`` and ``narrative_facts.csv`` into ``out_dir`` (atomically each)."""
    out_dir = Path(out_dir or paths.PROCESSED)
    return [write_csv_atomic(result.indicators, out_dir / "indicators.csv"),
            write_csv_atomic(result.narrative_facts, out_dir / "narrative_facts.csv")]
