"""The parse step: plan text -> ``indicators.csv`` and ``narrative_facts.csv``.

Reads a plan folder (``plan.yaml``, its text and indicator metadata; default the bundled
``data/plans/jinzhong-14``); writes ``data/processed`` (atomically); nothing else.

The binding of ``plan.yaml`` into parsing lives here: the table's header words and years, the
guardrail that the header's years are the plan's, and the prose's period names and years (the prose
reader dates by plan.yaml's years and review headings, :func:`jzanalysis.plan.prose.frame_of`; a
period name plan.yaml does not date leaves its figures undated, :func:`period_warnings`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from jzanalysis import paths
from jzanalysis.errors import InputError, ParseWarning, shorten
from jzanalysis.io import write_csv_atomic
from jzanalysis.plan.config import PlanConfig, default_config, resolve_plan
from jzanalysis.plan.metadata import load_metadata, match_rows
from jzanalysis.plan.table import parse_table
from jzanalysis.plan.target import Target, chosen_op
from jzanalysis.plan.text import PlanText, read_plan, read_table_file

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
    config: PlanConfig | None = None


#: Qualifiers of Table 1-1 and the only metadata ``kind`` each may appear with.
QUALIFIER_KINDS = {"五年累计": "cumulative", "年均": "growth"}


def _labels(config: PlanConfig | None) -> dict:
    """The header words of the base and target columns (``2020年实际值``, ``2025年目标值``) for messages."""
    c = config if config is not None else default_config()
    header = c.table.header if config is not None else {}
    base, target = c.base_year, c.target_year
    return {"name": header.get("name", "指标名称"), "baseline": header.get("base", f"{base}年实际值"),
            "target": header.get("target", f"{target}年目标值")}


def _check_row(row: dict, m: dict, path, meta: dict, config: PlanConfig | None = None) -> None:
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
    labels = _labels(config)
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
                             labels[key],
                             f"{m['name_zh']}: （{q}） marks a {kind} indicator, the metadata says "
                             f"{m['kind']}")
    lo, hi = (m.get("bounds") or [None, None])
    for key, label in (("baseline", labels["baseline"]), ("target", labels["target"])):
        v = row[f"{key}_value"]
        if v is None:
            continue
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            rng = f"{'−∞' if lo is None else f'{lo:g}'}..{'∞' if hi is None else f'{hi:g}'}"
            raise InputError(path, lines.get(key, row["source_line"]), label,
                             f"{m['name_zh']}: {shorten(row[f'{key}_text'])} is outside the possible "
                             f"range {rng} {row['unit']}".rstrip())


#: Labels in a language beyond the plan's and English (``name_fr``, ``unit_fr``, ``category_fr``): kept as
#: extra columns of ``indicators.csv`` after :data:`INDICATOR_COLUMNS`.
OTHER_LABEL = re.compile(r"^(name|unit|category)_(?!zh$|en$)[a-z]{2,3}(-[A-Za-z0-9]+)?$")


def _other_labels(m: dict, meta: dict, category: str) -> dict:
    """The row's labels besides the plan's words: ``category_en``, ``name_en``, ``unit_en`` and those of any
    other language the metadata gives (``name: {…, fr: …}`` gives ``name_fr``)."""
    cats = (meta.get("category_labels") or {}).get(category, {})
    out = {"category_en": cats.get("en", "")}
    out.update({f"category_{lang}": v for lang, v in cats.items() if lang not in ("zh", "en")})
    out.update({k: v for k, v in m.items() if OTHER_LABEL.match(k)})
    return out


def _shape_notes(row: dict) -> list[str]:
    """How a row of an unusual table shape was read (:mod:`jzanalysis.plan.shapes`), for ``notes``."""
    out = []
    if row.get("base_year_line"):
        out.append(f"base value of {row['baseline_year']} (footnote {row['base_mark']} at line {row['base_year_line']})")
    if row.get("sub_row_of"):
        out.append(f"printed as a sub-row of row {row['sub_row_of']} (序号 {row['seq_printed']} and 属性 shared)")
    if row.get("relates_to"):
        out.append(f"relational target tied to row {row['relates_to']}")
    if row.get("target_from_aggregate"):
        out.append("target given in the 年均/累计 column")
    return out


def _join_metadata(rows: list[dict], path, meta: dict, config: PlanConfig | None = None) -> pd.DataFrame:
    entries = match_rows(rows, path, meta)  # by name and aliases, not by position
    band_rel = float(meta.get("defaults", {}).get("band_rel", 0.05))
    out = []
    for row, m in zip(rows, entries):
        _check_row(row, m, path, meta, config)
        lo, hi = (m.get("bounds") or [None, None])
        quals = row.pop("qualifiers")
        row.pop("lines", None)
        op = chosen_op(row["target_op_table"], m.get("target_op"))  # what the table prints wins
        target = Target(op, row["target_value"]).with_band(band_rel)
        basis_change = bool(row["baseline_basis"] and row["target_basis"]
                            and row["baseline_basis"] != row["target_basis"])
        notes = [n for n in (m.get("notes"),) if n]
        if "target_op" in m and op != row["target_op_table"]:
            notes.append(f"target read as {op} {row['target_value']:g}: {m.get('op_basis', '')}".strip())
        if basis_change:
            notes.append(f"measurement basis changes: {row['baseline_basis']} -> {row['target_basis']}")
        if row["seq_printed"] != row.get("seq_expected", row["seq"]):
            notes.append(f"the table prints seq {row['seq_printed']} (corrected to {row['seq']})")
        notes += _shape_notes(row)
        out.append({
            **row, "id": m["id"], **_other_labels(m, meta, row["category"]),
            "name_en": m["name_en"], "unit_en": m.get("unit_en", ""), "target_op": op,
            "direction": m["direction"], "kind": m["kind"], "pace": m["pace"],
            "lower_bound": lo, "upper_bound": hi,
            "band_halfwidth": target.halfwidth,
            "cumulative": m["kind"] == "cumulative" or "五年累计" in quals,
            "annual_average": "年均" in quals, "basis_change": basis_change,
            "section": m.get("section", ""), "notes": "; ".join(notes),
        })
    frame = pd.DataFrame(out)
    frame = frame[INDICATOR_COLUMNS + sorted(c for c in frame.columns if c not in INDICATOR_COLUMNS
                                             and OTHER_LABEL.match(c))]
    for col in ("baseline_value", "target_value", "lower_bound", "upper_bound", "band_halfwidth"):
        frame[col] = pd.to_numeric(frame[col]).astype("float64")
    return frame


def _header_line(plan: PlanText, first_row_line: int, year: int) -> int | None:
    """The line of the table header that prints ``year`` (the last such line before the first row)."""
    found = None
    for ln in plan.lines:
        if ln.no >= first_row_line:
            break
        if f"{year}年" in ln.text:
            found = ln.no
    return found


def check_header_years(rows: list[dict], plan: PlanText, config: PlanConfig) -> None:
    """Refuse a table whose header years are not ``plan.yaml``'s ``base_year`` / ``target_year``.

    Raises :class:`InputError` naming the table's header line and, in the message, plan.yaml's line: the
    header is what the plan prints, so a disagreement is a plan.yaml for another plan (or another table),
    never a silent relabelling of the years.
    """
    if not rows:
        return
    from jzanalysis.plan.config import _marks

    try:
        marks = _marks(config.source.read_text(encoding="utf-8"))
    except OSError:
        marks = {}
    first = next((r for r in rows if not r.get("base_year_line")), rows[0])  # a footnoted year is the row's own
    for key, col, want in (("base_year", "baseline_year", config.base_year),
                           ("target_year", "target_year", config.target_year)):
        got = first.get(col)
        if got is None or int(got) == int(want):
            continue
        line = _header_line(plan, first["source_line"], int(got))
        where = f"{config.source}:{marks[key]}" if key in marks else str(config.source)
        raise InputError(plan.path, line, "header",
                         f"the table's header says {int(got)}年, {where} says {key}: {want}; this plan.yaml "
                         "does not describe this table (fix base_year/target_year or the text)")


#: Period names in the prose: “十三五”, 十四五 (with or without quotes).
PERIOD_NAME = re.compile(r"十[一二三四五六七八九]五")


def _undate(facts: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """Figures in a sentence that names a period plan.yaml does not date: no year and no role as a target
    or a history (the prose reader would give them the plan's years: a guess)."""
    if not names or facts.empty:
        return facts
    hit = facts["sentence"].astype(str).str.contains("|".join(map(re.escape, names)))
    if hit.any():
        facts = facts.copy()
        facts.loc[hit, "year"] = ""
        facts.loc[hit, "role"] = "context"
    return facts


def period_warnings(plan: PlanText, config: PlanConfig | None) -> list[ParseWarning]:
    """A warning for each period name in the text that is neither plan.yaml's period nor its previous one
    (e.g. 十二五 in a 十五五 plan), at its first line: its figures are not dated (:func:`_undate`).

    The prose reader dates by plan.yaml (:func:`jzanalysis.plan.prose.frame_of`): the text is read as it
    is, in its own years, for a plan of any period.
    """
    if config is None:
        return []
    known = {config.period.name} | ({config.previous_period.name} if config.previous_period else set())
    seen: dict[str, int] = {}
    for ln in plan.lines:
        for m in PERIOD_NAME.finditer(ln.text):
            seen.setdefault(m.group(0), ln.no)
    return [ParseWarning(str(plan.path), line, "period",
                         f"period name “{name}” is not the plan's period or the previous period in plan.yaml; "
                         "its figures are not dated (add previous_period to plan.yaml if it is the previous one)")
            for name, line in sorted(seen.items(), key=lambda kv: kv[1]) if name not in known]


def english_fallbacks(meta: dict, series, meta_path, series_path) -> list[ParseWarning]:
    """An indicator or series without ``name_en`` gets its Chinese name, with a warning (never a KeyError
    further on). The entries are completed in place (they are the loaded, cached metadata)."""
    out = []
    for entries, path in ((meta.get("indicators", []), meta_path), (series, series_path)):
        for e in entries:
            if not str(e.get("name_en") or "").strip() and e.get("name_zh"):
                e["name_en"] = e["name_zh"]
                out.append(ParseWarning(str(path), 0, f"{e.get('id')}.name_en",
                                        f"no English name; the Chinese name {e['name_zh']} is shown on English pages"))
    return out


def _lines_of(path) -> dict:
    """``{key path: line}`` of a YAML file of the plan folder (``{}`` when it cannot be read again)."""
    from jzanalysis.plan.config import _marks
    from jzanalysis.plan.files import read_yaml_text

    try:
        return _marks(read_yaml_text(path))
    except (OSError, InputError):
        return {}


def check_references(meta: dict, series, meta_path, series_path) -> None:
    """Every id one file names in another exists: a series' ``indicator`` is an indicator of the metadata;
    an indicator's ``level_series`` and ``reference_from`` are series of ``narrative_series.yaml``.

    Raises :class:`InputError` ``FILE:LINE: indicator: unknown id 'x'`` (the line from the YAML node
    marks), so a typo stops ``parse`` instead of a ``KeyError`` in ``assess`` or ``audit``.
    """
    ids = [e["id"] for e in meta.get("indicators", [])]
    for i, s in enumerate(series):
        ident = s.get("indicator")
        if ident and ident not in ids:
            line = _lines_of(series_path).get(f"series[{i}].indicator")
            raise InputError(series_path, line, "indicator", f"unknown id {shorten(ident)!r} (series "
                             f"{shorten(s.get('id'))}); the plan's indicators are {', '.join(ids[:8])}"
                             + (" …" if len(ids) > 8 else ""))
    names = {s.get("id") for s in series}
    for i, e in enumerate(meta.get("indicators", [])):
        for key in ("level_series", "reference_from"):
            for sid in e.get(key) or []:
                if sid not in names:
                    line = _lines_of(meta_path).get(f"indicators[{i}].{key}")
                    raise InputError(meta_path, line, key, f"unknown series id {shorten(sid)!r} (indicator "
                                     f"{e['id']}); narrative_series.yaml has "
                                     f"{', '.join(sorted(n for n in names if n)) or 'none'}")


def parse_plan(path=None, metadata=None) -> ParseResult:
    """Parse the plan text into tidy tables.

    Parameters
    ----------
    path : path-like or PlanConfig, optional
        A plan folder (with ``plan.yaml``), a :class:`~jzanalysis.plan.config.PlanConfig`, or a bare plan
        text (read with the bundled plan's config); defaults to the bundled plan
        (:data:`jzanalysis.paths.DEFAULT_PLAN`).
    metadata : path-like, optional
        Indicator metadata YAML; defaults to the plan folder's (``metadata:`` in plan.yaml).

    Returns
    -------
    ParseResult
        ``indicators`` (one row per Table 1-1 indicator), ``narrative_facts`` (one row per figure in the
        prose), ``warnings`` (corrected defects, each naming its line).
    """
    from jzanalysis.plan.prose import extract_facts
    from jzanalysis.plan.series import link_series

    config = resolve_plan(path)
    path = config.text
    plan = read_plan(path)
    # the main table: in the text, or in its own CSV/xlsx beside it (plan.yaml table.file)
    tabled = read_table_file(config.table.file) if config.table.file is not None else plan
    rows, warnings = parse_table(tabled, config.table.caption, config.table.header,
                                 (config.base_year, config.target_year))
    check_header_years(rows, tabled, config)
    meta = load_metadata(metadata or config.metadata)
    from jzanalysis.plan.series import load_series

    series = load_series(config.series) if config.series is not None else ()
    check_references(meta, series, metadata or config.metadata, config.series)
    name_warnings = english_fallbacks(meta, series, metadata or config.metadata, config.series)
    indicators = _join_metadata(rows, tabled.path, meta, config)
    undated = period_warnings(plan, config)
    from jzanalysis.plan.prose import frame_of
    from jzanalysis.plan.series import load_subject_fixes

    fixes = load_subject_fixes(config.series) if config.series is not None else {}
    facts = extract_facts(plan, fixes, frame_of(config))
    facts = _undate(facts, [w.message.split("“")[1].split("”")[0] for w in undated])
    facts = link_series(facts, config.series, none=config.series is None)
    return ParseResult(indicators, facts, warnings + undated + name_warnings, path, config)


def write_processed(result: ParseResult, out_dir=None) -> list[Path]:
    """Write ``indicators.csv`` and ``narrative_facts.csv`` into ``out_dir`` (atomically each)."""
    out_dir = Path(out_dir or paths.PROCESSED)
    return [write_csv_atomic(result.indicators, out_dir / "indicators.csv"),
            write_csv_atomic(result.narrative_facts, out_dir / "narrative_facts.csv")]
