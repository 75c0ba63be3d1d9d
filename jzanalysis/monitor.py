"""Annual monitoring: observed values (actuals) against the plan's targets, with a status and its reason.

Three steps, each a small pure function (pandas in, pandas out), plus the reader of the actuals file:
:func:`load_actuals` (validated long CSV), :func:`monitor` (the assessment plus the monitoring columns,
:data:`MONITOR_COLUMNS`) and :func:`what_changed` (status changes between two monitoring runs).

Notation: ``b`` base year (2020, or the first observed year when the plan gives no baseline), ``T`` target
year (2025), ``t`` latest year with data up to ``as_of``, ``x_b``, ``x_t`` values, ``tau`` target value,
time share ``f = (t - b) / (T - b)``, progress share ``pi = (x_t - x_b) / (tau - x_b)``.

Points and pace
---------------
* The points of a row are its plan baseline (2020, when the plan gives one; it wins over a 2020 value in
  the actuals) and the observed values with ``b < year <= as_of`` (with no plan baseline: ``2020 <= year
  <= as_of``). Years before 2020 are shown in ``observed`` but not used.
* ``actual_pace`` is in the row's ``primary_pace`` measure and the units of ``required_pace`` (% a year
  for ``cagr`` and ``shortfall``, unit a year for ``linear``), estimated from all points: with two points
  the endpoints (:func:`jzanalysis.pace.pace`); with three or more an OLS fit on the actual years (a gap
  year stays a gap) of ``log x`` (cagr), ``x`` (linear) or ``log(100 - x)`` (shortfall) on the year.
* ``projected_2025_actual`` carries the latest value forward at the actual pace
  (:func:`jzanalysis.pace.project`); ``projection_low`` / ``projection_high`` are the 95 % t-based
  prediction interval of the fit at the target year (three or more points; NaN with two: no band).
* ``pace_ratio`` ``R = actual / required`` (Eurostat). Required is the row's ``required_pace``; with no
  plan baseline it is recomputed from the first observed point to ``tau`` over ``T - b`` (and written
  into ``required_pace``); when the base point already met the target but the latest does not, it is
  the pace from ``x_t`` to ``tau`` over ``T - t`` (quoted in the reason). For lower-is-better rows both
  paces are negative when moving the right way, so R > 0 means progress.

Status rules (in this order; target semantics as in :mod:`jzanalysis.assess`, via
:func:`jzanalysis.pace.satisfies` with the row's ``target_op``, ``direction`` and ``band_halfwidth``)
---------------------------------------------------------------------------------------------------------
1. ``not_assessable``: no observed values ("no observed values"); a relational target (its reference
   series is not monitored); a change of measurement basis; no target number; fewer than two points
   (the baseline counts as one); a pace that cannot be computed.
2. Final evaluation, ``as_of >= T``: ``achieved`` when the latest value (for growth targets the mean of the
   yearly rates) meets the target, else ``not_achieved``; no projection; ``final_gap`` = latest - the
   binding edge, ``final_gap_share`` = |gap| / |tau - x_b| (missed rows); ``status_zh_review`` 完成 /
   基本完成 (missed, but the value rounded to the decimals the target is printed with meets it:
   :func:`meets_when_rounded`) / 未完成. The reason says when the latest year is before ``T``.
3. Growth targets (``kind == "growth"``: the actuals are yearly growth rates in %): ``actual_pace`` is the
   mean of the observed rates for ``b < year <= t``, ``R = mean / tau``, graded as in 6.
4. ``achieved``: the latest value meets the target and the projection to ``T`` still meets it (or no
   projection is possible); ``at_risk``: it meets the target (e.g. a ceiling) now but the projection
   breaches it by ``T``.
5. Cumulative counts (``kind == "cumulative"``, baseline 0, actuals are totals to date):
   ``on_track`` when the completed share ``C_t / tau >= f`` and the achieved run rate
   ``C_t / (t - b) >=`` the required run rate ``(tau - C_t) / (T - t)`` (时间过半、任务过半); otherwise
   graded by R as in 6 but never better than ``needs_acceleration``.
6. By R: ``on_track`` R >= 0.95; ``needs_acceleration`` 0.6 <= R < 0.95; ``off_track`` 0 <= R < 0.6;
   ``regressing`` R < 0. Then two floors: the **straight line** (the base did not meet the target and
   ``pi >= f``: ``on_track``, the path is on or ahead of the straight line, whatever the CAGR or shortfall
   R says) and the **dead band** (``regressing`` but the fitted change ``|slope_linear * (t - b)|`` is
   below the published precision :func:`precision`: ``off_track``, "no significant change").
   A target of exactly 100 with the shortfall pace uses the yearly change for the pace and R (the
   required shortfall rate is -100 % whatever the path). ``status_rule`` names the rule that decided.

Mid-term review label ``status_zh_review`` before ``T`` (national 14th FYP mid-term review categories):
``achieved`` 提前实现; ``on_track`` 快于预期 when ``pi >= f + 0.1`` or ``R >= 1.2``, else 基本符合预期;
``at_risk`` 基本符合预期 (the reason carries a warning); ``needs_acceleration``, ``off_track``,
``regressing`` 滞后; ``not_assessable`` 无法评估. Reasons come from ``locales/<lang>/monitor.yaml``.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from . import pace
from .errors import InputError, shorten
from .fmt import OP_SIGN
from .fmt import missing as _isnan
from .i18n import t
from .io import read_input_bytes

#: Columns of the actuals file (``source`` and ``note`` optional).
ACTUALS_COLUMNS = ["id", "year", "value", "source", "note"]
REQUIRED_COLUMNS = ["id", "year", "value"]
#: Columns :func:`load_actuals` returns.
LOADED_COLUMNS = ACTUALS_COLUMNS + ["line", "illustrative", "value_warning_zh", "value_warning_en"]
YEAR_RANGE = (2015, 2035)
BASE_YEAR = 2020
TARGET_YEAR = 2025

#: Columns :func:`monitor` adds to the assessment.
MONITOR_COLUMNS = [
    "observed", "n_points", "latest_year", "latest_value", "actual_pace", "pace_ratio", "time_share",
    "progress_share", "projected_2025_actual", "projection_low", "projection_high", "status",
    "status_zh_review", "status_reason_zh", "status_reason_en", "final_gap", "final_gap_share", "status_rule",
]
#: Columns of :func:`what_changed`.
CHANGE_COLUMNS = ["id", "name", "status_before", "status_now", "latest_before", "latest_now", "new_points",
                  "reason_zh", "reason_en"]

STATUSES = ["achieved", "on_track", "at_risk", "needs_acceleration", "off_track", "regressing",
            "not_achieved", "not_assessable"]
STATUS_ZH = {**{s: t(f"monitor.status.{s}", "zh") for s in STATUSES}, "": "无"}
#: Thresholds on the pace ratio R (Eurostat).
R_ON_TRACK, R_MODERATE = 0.95, 0.60
#: Order of severity for :func:`what_changed` (higher = worse).
SEVERITY = {"achieved": 0, "on_track": 1, "at_risk": 2, "needs_acceleration": 3, "off_track": 4,
            "not_achieved": 4, "regressing": 5}
SHARE_KINDS = {"share", "rate"}
PCT_PACES = {"cagr", "shortfall"}
NO_VALUES = (t("monitor.reason.no_values", "zh"), t("monitor.reason.no_values", "en"))


class UnitWarning(UserWarning):
    """An actual value whose magnitude suggests another unit (e.g. 万元 where 元 is expected)."""


# --------------------------------------------------------------------------------------------------------
# reading the actuals
# --------------------------------------------------------------------------------------------------------

#: Text of a number in the actuals: digits with an optional decimal part and exponent. No ``_`` (Python
#: would read ``5_0`` as 50), no spaces inside, no thousands separators, no ``inf``/``nan``.
NUMBER_TEXT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
#: Text of a year: four digits (``2023``; ``2023.0`` as spreadsheets sometimes write it).
YEAR_TEXT = re.compile(r"\d{4}(?:\.0*)?")
#: Column names the reader adds itself; a header may not use them.
RESERVED_COLUMNS = ("line", "where", "illustrative", "value_warning_zh", "value_warning_en")
#: A value is implausible when ``|log10(x / reference)| >= IMPLAUSIBLE_LOG10`` (a factor of about 316):
#: unit mistakes are powers of ten of 3 and more (千, 万, 亿), while a real indicator moves far less in
#: five years.
IMPLAUSIBLE_LOG10 = 2.5
#: A yearly growth rate (``kind == "growth"``, in %) beyond ±GROWTH_MAX is implausible.
GROWTH_MAX = 100.0


def _open_quote_field(line_text: str, header: list[str] | None) -> str:
    """The column whose quoted field opens on ``line_text`` and is never closed (best effort)."""
    field, quoted, opened, at_start = 0, False, 0, True
    for ch in line_text:
        if quoted:
            if ch == '"':
                quoted = False
            continue
        if ch == '"' and at_start:
            quoted, opened = True, field
        at_start = ch == ","
        if ch == ",":
            field += 1
    if header and opened < len(header):
        return header[opened]
    return f"column {opened + 1}"


def _read_records(path: Path) -> tuple[list[str], pd.DataFrame]:
    """Header and data rows (all strings) of a UTF-8 CSV, each row with the line it starts on.

    A ``.xlsx`` file is read by :func:`jzanalysis.workbook.read_records` (same shape plus a ``where``
    column holding the cell of each value). Raises :class:`InputError` for a missing, unreadable, UTF-16
    or non-UTF-8 file, a folder, an unterminated quote, a field over the CSV field limit (128 KiB), a row
    with more fields than the header and a header that repeats a column or uses a reserved name.
    """
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        try:
            from .workbook import read_records
        except ImportError:
            raise InputError(path, None, "file", "this version cannot read .xlsx workbooks; save the sheet "
                             "as CSV UTF-8") from None
        return read_records(path)
    raw = read_input_bytes(path, "a CSV file")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) > 1 and b"\x00" in raw[:2]):
        raise InputError(path, 1, "encoding", "the file is UTF-16; save it as UTF-8 (Excel: 'CSV UTF-8')")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise InputError(path, line, "encoding",
                         f"not UTF-8 (byte 0x{raw[exc.start]:02x} at byte {exc.start}); save the file as "
                         "UTF-8 (Excel: 'CSV UTF-8')") from None
    if "\x00" in text:
        line = text[:text.index("\x00")].count("\n") + 1
        raise InputError(path, line, "encoding", "the file contains NUL characters: not a text CSV file")
    if not text.strip():
        raise InputError(path, 1, "header", f"the file is empty; expected the header {','.join(ACTUALS_COLUMNS)}")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header, rows, end = None, [], 0
    while True:
        start = end + 1
        try:
            rec = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            physical = text.split("\n", start)[start - 1] if start <= text.count("\n") + 1 else ""
            field = _open_quote_field(physical, header)
            if "field larger than field limit" in str(exc):
                raise InputError(path, start, field if '"' in physical else "row",
                                 f"a field longer than {csv.field_size_limit()} characters; a cell that "
                                 "long is not a value (an unterminated quote?)") from None
            if "unexpected end of data" in str(exc) or "EOF" in str(exc):
                raise InputError(path, start, field, "unterminated quote: the quoted field opened on this "
                                 "line is never closed, so every following row would be read into it") from None
            raise InputError(path, start, field, f"not valid CSV: {exc}") from None
        end = reader.line_num
        if not any(f.strip() for f in rec):
            continue
        if header is None:
            header = [h.strip() for h in rec]
            dup = sorted({h for h in header if header.count(h) > 1})
            if dup:
                raise InputError(path, start, dup[0], "column named twice in the header")
            reserved = [h for h in header if h in RESERVED_COLUMNS]
            if reserved:
                raise InputError(path, start, reserved[0], f"{reserved[0]!r} is a reserved column name (the "
                                 f"header is {','.join(ACTUALS_COLUMNS)}; source and note are optional)")
            continue
        if len(rec) > len(header):
            raise InputError(path, start, "row", f"{len(rec)} fields, the header has {len(header)}")
        rec = [f.strip() for f in rec] + [""] * (len(header) - len(rec))
        rows.append([*rec, start])
    frame = pd.DataFrame(rows, columns=[*header, "line"], dtype=object)
    frame[header] = frame[header].astype(str)
    frame["line"] = frame["line"].astype(int)
    return header, frame


def _where(frame: pd.DataFrame, idx) -> int | str:
    """Where row ``idx`` is in its file: the worksheet cell (``where``, from a workbook) or the CSV line."""
    if "where" in frame.columns:
        cell = frame.at[idx, "where"]
        if isinstance(cell, str) and cell:
            return cell
    return int(frame.at[idx, "line"])


def _value_field(frame: pd.DataFrame, idx) -> str:
    """The field an error about a value names: ``value`` in a CSV; in a workbook, where each year is a
    column, the year (``actuals.xlsx: 填报!D7: 2023: …``, contracts.md 1)."""
    if "where" in frame.columns and isinstance(frame.at[idx, "where"], str) and frame.at[idx, "where"]:
        return str(frame.at[idx, "year"])
    return "value"


def _bounds(assessment: pd.DataFrame, metadata: dict | None) -> dict[str, tuple[float, float]]:
    """Hard bounds of each id: the metadata's ``bounds`` (indicators, and the prose series of
    ``narrative_series.yaml``); else 0..100 for a share or rate in %."""
    out = {}
    for _, r in assessment.iterrows():
        if r.get("unit") == "%" and r.get("kind") in SHARE_KINDS:
            out[r["id"]] = (0.0, 100.0)
    if metadata is None:
        from .metadata import load_metadata

        metadata = load_metadata()
    from .series import load_series

    known = set(assessment["id"])
    for m in [*metadata.get("indicators", []), *load_series()]:
        if m["id"] in known and m.get("bounds"):
            lo, hi = m["bounds"]
            out[m["id"]] = (-math.inf if lo is None else float(lo), math.inf if hi is None else float(hi))
    return out


def _schemas(ids: list[str], lo: pd.Series, hi: pd.Series):
    """Two pandera schemas: structure (columns, coercion) and content (ids, years, bounds, uniqueness)."""
    import pandera.pandas as pa

    structure = pa.DataFrameSchema({
        "id": pa.Column(str),
        "year": pa.Column("int64", coerce=True, nullable=False),
        "value": pa.Column("float64", coerce=True, nullable=False,
                           checks=pa.Check(lambda s: np.isfinite(s), name="finite")),
        "source": pa.Column(str, required=False),
        "note": pa.Column(str, required=False),
    })
    content = pa.DataFrameSchema({
        "id": pa.Column(str, pa.Check.isin(ids)),
        "year": pa.Column("int64", pa.Check.in_range(*YEAR_RANGE)),
        "value": pa.Column("float64", pa.Check(lambda s: (s >= lo[s.index]) & (s <= hi[s.index]),
                                               name="bounds")),
    }, unique=["id", "year"])
    return structure, content


def _first_failure(exc, frame: pd.DataFrame, path: Path, ids: list[str], bounds: dict, units: dict,
                   typed: pd.DataFrame | None = None) -> InputError:
    """Translate pandera's failure cases into one :class:`InputError` (the earliest line first)."""
    fc = exc.failure_cases
    missing = fc[fc["check"] == "column_in_dataframe"]
    if not missing.empty:
        cols = [c for c in REQUIRED_COLUMNS if c in set(missing["failure_case"])]
        close = difflib.get_close_matches(cols[0], [str(c) for c in frame.columns if c != "line"], n=1,
                                          cutoff=0.6)
        found = f"; found {close[0]!r}" if close else ""
        return InputError(path, 1, cols[0], f"missing required column {cols[0]!r} (the header needs "
                          f"{', '.join(REQUIRED_COLUMNS)}; source and note are optional){found}")
    located = fc[fc["index"].notna()].copy()
    if located.empty:
        first = fc.iloc[0]
        return InputError(path, None, str(first["column"]), f"{first['check']}: {first['failure_case']}")
    fc = located
    fc["line"] = [int(frame.loc[int(i), "line"]) for i in fc["index"]]
    order = {c: k for k, c in enumerate(ACTUALS_COLUMNS)}
    keys = typed if typed is not None else frame
    is_dup = fc["check"] == "multiple_fields_uniqueness"
    if is_dup.any():
        # a duplicate is reported on its later line, naming the earlier one
        first = keys.groupby(["id", "year"], sort=False)["line"].transform("min")
        later = [int(i) for i in fc.loc[is_dup, "index"] if keys.loc[int(i), "line"] != first.loc[int(i)]]
        fc = fc[~is_dup | fc["index"].isin(later)]
    fc["rank"] = fc["column"].map(order).fillna(len(order))
    row = fc.sort_values(["line", "rank"]).iloc[0]
    idx, col, check = int(row["index"]), row["column"], str(row["check"])
    line = _where(frame, idx)
    raw = frame.loc[idx, col] if col in frame.columns else row["failure_case"]
    if check == "multiple_fields_uniqueness":
        key = keys.loc[idx, ["id", "year"]]
        same = keys[(keys["id"] == key["id"]) & (keys["year"] == key["year"])]
        places = [str(_where(frame, i)) for i in same.sort_values("line").index]
        what = "lines" if isinstance(line, int) else "cells"
        return InputError(path, line, "year", f"duplicate (id, year) = ({key['id']}, {key['year']}): {what} "
                          f"{' and '.join(places)}")
    if col == "id":
        close = difflib.get_close_matches(str(raw), ids, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else "; ids are those of `jzanalysis assess`"
        what = "missing id" if raw == "" else f"unknown id {shorten(raw)!r}"
        return InputError(path, line, "id", what + hint)
    if col == "year":
        if check.startswith("in_range"):
            return InputError(path, line, "year", f"year {raw} outside {YEAR_RANGE[0]}..{YEAR_RANGE[1]}")
        return InputError(path, line, "year", f"expected a year such as 2023, found {shorten(raw)!r}")
    if col == "value" and check == "bounds":
        ident = frame.loc[idx, "id"]
        lo, hi = bounds[ident]
        unit = units.get(ident, "")
        return InputError(path, line, _value_field(frame, idx), f"{ident} value {raw} outside the possible range "
                          f"{_num(lo)}..{_num(hi)} {unit}".rstrip())
    if col == "value":
        return InputError(path, line, _value_field(frame, idx), f"expected a number, found {shorten(raw)!r}")
    return InputError(path, line, str(col), f"{check}: {shorten(raw)!r}")


def _check_text(frame: pd.DataFrame, path: Path) -> None:
    """Year and value cells must be written as plain numbers (no ``5_0``, ``1 2``, ``inf``, ``0x10``).

    Raises :class:`InputError` for the first bad cell by line (year before value on the same line).
    """
    if not {"year", "value"} <= set(frame.columns):
        return
    for idx, year, value in zip(frame.index, frame["year"], frame["value"], strict=True):
        if not (YEAR_TEXT.fullmatch(year) and year.isascii()):
            raise InputError(path, _where(frame, idx), "year", f"expected a year such as 2023, found "
                             f"{shorten(year)!r}")
        if not (NUMBER_TEXT.fullmatch(value) and value.isascii()):
            raise InputError(path, _where(frame, idx), _value_field(frame, idx),
                             f"expected a number, found {shorten(value)!r}"
                             + ("; write digits only (5_0 is not 50)" if "_" in value else ""))


def _check_cumulative(typed: pd.DataFrame, frame: pd.DataFrame, assessment: pd.DataFrame, path: Path) -> None:
    """Totals to date (``kind == "cumulative"``) cannot go down from one year to a later one.

    Raises :class:`InputError` on the later value: ``C_y < C_y'`` for ``y > y'``.
    """
    kinds = dict(zip(assessment["id"], assessment["kind"], strict=False)) if "kind" in assessment else {}
    cum = typed[typed["id"].map(kinds).eq("cumulative")]
    for ident, grp in cum.groupby("id", sort=False):
        grp = grp.sort_values("year")
        best_value, best_idx = -math.inf, None
        for idx, year, value in zip(grp.index, grp["year"], grp["value"], strict=True):
            if value < best_value:
                prev = typed.loc[best_idx]
                raise InputError(path, _where(frame, idx), _value_field(frame, idx),
                                 f"{ident}: the total to date {_num(value)} in {year} is below "
                                 f"{_num(prev['value'])} in {int(prev['year'])} (line {_where(frame, best_idx)}); "
                                 "a cumulative total cannot go down")
            best_value, best_idx = value, idx


def _likely_unit(unit: str, k: int, lang: str = "en") -> str:
    """The unit a value 10^k times too large/small was probably entered in (万元 for 元: k = -4)."""
    prefix = {-4: "万", -8: "亿", -3: "千"}
    if k in prefix and not unit.startswith(("万", "亿", "千")):
        return f"{prefix[k]}{unit}"
    if k == 4 and unit.startswith("万"):
        return unit[1:] or ("个" if lang == "zh" else "units")
    if lang == "zh":
        return f"{unit or '指标单位'}的10^{-k}倍"
    return f"a unit 10^{-k} times {unit or 'the indicator unit'}"


def _implausible(out: pd.DataFrame, assessment: pd.DataFrame) -> list[dict]:
    """Values whose magnitude suggests another unit; one dict per value (index, messages, likely unit).

    Notes
    -----
    Reference ``ref``: the 2020 baseline, else the target, else (three or more values) their median.
    With ``r = x / ref``, a value is implausible when ``|log10 r| >= 2.5`` (``k = round(log10 r)``: -4
    suggests 万, -3 千, -8 亿); for a cumulative total only the upper side counts (early totals are
    small). A share in % ``0 < x <= 1`` against a reference >= 10 % looks like a fraction (0.95 for 95).
    A yearly growth rate (``kind == "growth"``) beyond ±100 % is implausible.
    """
    from .i18n import t

    info = assessment.drop_duplicates("id").set_index("id")
    found = []
    for ident, grp in out.groupby("id", sort=False):
        r = info.loc[ident]
        kind = r.get("kind")
        if kind == "growth":  # yearly growth in %: more than ±100 % a year is not a growth rate
            for idx, a in grp.iterrows():
                if abs(float(a["value"])) > GROWTH_MAX:
                    fields = {"value": shorten(_num(float(a["value"])), 24), "limit": _num(GROWTH_MAX)}
                    found.append({"index": idx, "id": ident, "likely": "a level, not a growth rate",
                                  "en": t("inputs.implausible.growth", "en", **fields),
                                  "zh": t("inputs.implausible.growth", "zh", **fields)})
            continue
        unit = "" if pd.isna(r.get("unit")) else str(r.get("unit"))
        candidates = [(r.get("baseline_value"), "baseline"), (r.get("target_value"), "target")]
        if kind == "cumulative":
            candidates = candidates[1:]
        ref, what = next(((float(v), w) for v, w in candidates if not _isnan(v) and v != 0), (math.nan, ""))
        if _isnan(ref) and len(grp) >= 3:
            ref, what = float(grp["value"].median()), "median"
        if _isnan(ref) or ref == 0:
            continue
        for idx, a in grp.iterrows():
            x = float(a["value"])
            ratio = x / ref
            fields = {"value": shorten(_num(x), 24), "ref": _num(ref), "unit": unit}
            if ratio > 0 and abs(math.log10(ratio)) >= IMPLAUSIBLE_LOG10 and not (
                    kind == "cumulative" and ratio < 1):
                k = round(math.log10(ratio))
                found.append({"index": idx, "id": ident, "likely": _likely_unit(unit, k),
                              "en": t(f"inputs.implausible.{what}", "en", times=f"{ratio:.2g}",
                                      likely=_likely_unit(unit, k), **fields),
                              "zh": t(f"inputs.implausible.{what}", "zh", times=f"{ratio:.2g}",
                                      likely=_likely_unit(unit, k, "zh"), **fields)})
            elif unit == "%" and 0 < abs(x) <= 1 and abs(ref) >= 10:
                found.append({"index": idx, "id": ident, "likely": "a fraction",
                              "en": t("inputs.implausible.fraction", "en", **fields),
                              "zh": t("inputs.implausible.fraction", "zh", **fields)})
    return found


def load_actuals(path, assessment: pd.DataFrame, metadata: dict | None = None,
                 accept_implausible: bool = False) -> pd.DataFrame:
    """Read and validate a long CSV (or ``.xlsx`` workbook) of observed values.

    Parameters
    ----------
    path : path-like
        UTF-8 CSV with the header ``id,year,value[,source][,note]``, one observed value per row; or a
        ``.xlsx`` workbook (:func:`jzanalysis.workbook.read_records`; errors then name the cell).
    assessment : DataFrame
        The assessment (:data:`jzanalysis.assess.ASSESS_COLUMNS`): its ``id`` values are the known ids;
        ``unit``, ``kind``, ``baseline_value`` and ``target_value`` drive the range and plausibility checks.
    metadata : dict, optional
        Indicator metadata (default: ``data/indicators.yaml``); its ``bounds`` (and those of
        ``data/narrative_series.yaml``) are the possible ranges.
    accept_implausible : bool
        Keep values whose magnitude suggests another unit (default: such a value is an error). Each kept
        value then carries a warning in ``value_warning_zh`` / ``value_warning_en`` (and a
        :class:`UnitWarning` is issued).

    Returns
    -------
    DataFrame
        :data:`LOADED_COLUMNS`: ``id``, ``year`` (int), ``value`` (float), ``source``, ``note`` (str),
        ``line`` (the CSV line, header = line 1), ``illustrative`` (bool: ``source`` or ``note``
        contains "illustrative" or "示例"), ``value_warning_zh`` / ``value_warning_en`` (str, empty
        unless an implausible value was accepted).

    Raises
    ------
    InputError
        One error naming the line (or cell) and field: empty file or missing required column (line 1),
        not UTF-8 (or UTF-16), a folder, unterminated quote, field over 128 KiB, reserved column name,
        unknown id (with close ids), year outside 2015..2035, a value not written as a plain number
        (``5_0``, ``1 2``, ``inf``), value outside the possible range (metadata bounds; a share or rate
        in % outside 0..100), duplicate (id, year) (both lines named), a cumulative total going down, an
        implausible value (unless ``accept_implausible``; the message names the likely unit).

    Notes
    -----
    Validation is a pandera ``DataFrameSchema`` in two passes (structure and coercion, then content:
    ``isin`` ids, ``in_range(2015, 2035)``, bounds, ``unique=["id", "year"]``); the first failure by
    line is reported. Plausibility: see :func:`_implausible`.
    """
    import pandera.pandas as pa

    path = Path(path)
    header, frame = _read_records(path)
    ids = [str(i) for i in assessment["id"]]
    bounds = _bounds(assessment, metadata)
    units = dict(zip(assessment["id"], assessment["unit"], strict=False)) if "unit" in assessment else {}
    _check_text(frame, path)
    structure, _ = _schemas(ids, pd.Series(dtype=float), pd.Series(dtype=float))
    try:
        typed = structure.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise _first_failure(exc, frame, path, ids, bounds, units) from None
    lo = typed["id"].map(lambda i: bounds.get(i, (-math.inf, math.inf))[0]).astype(float)
    hi = typed["id"].map(lambda i: bounds.get(i, (-math.inf, math.inf))[1]).astype(float)
    _, content = _schemas(ids, lo, hi)
    try:
        typed = content.validate(typed, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise _first_failure(exc, frame, path, ids, bounds, units, typed) from None
    _check_cumulative(typed, frame, assessment, path)
    out = pd.DataFrame({
        "id": typed["id"].astype(str),
        "year": typed["year"].astype(int),
        "value": typed["value"].astype(float),
        "source": typed["source"].astype(str) if "source" in typed else "",
        "note": typed["note"].astype(str) if "note" in typed else "",
        "line": typed["line"].astype(int),
    })
    text = (out["source"] + " " + out["note"]).str.lower()
    out["illustrative"] = text.str.contains("illustrative") | text.str.contains("示例")
    out["value_warning_zh"] = ""
    out["value_warning_en"] = ""
    found = _implausible(out, assessment) if not out.empty else []
    if found:
        found.sort(key=lambda f: int(frame.at[f["index"], "line"]))
        if not accept_implausible:
            f = found[0]
            raise InputError(path, _where(frame, f["index"]), _value_field(frame, f["index"]),
                             f"{f['id']} {f['en']}; if the value is right, pass --accept-implausible "
                             "(accept_implausible=True) to use it with a warning")
        for f in found:
            out.at[f["index"], "value_warning_zh"] = f["zh"]
            out.at[f["index"], "value_warning_en"] = f["en"]
            warnings.warn(f"{path}:{_where(frame, f['index'])}: value: {f['id']} {f['en']}", UnitWarning,
                          stacklevel=2)
    return out[LOADED_COLUMNS].reset_index(drop=True)


def value_warnings(assessment: pd.DataFrame, actuals: pd.DataFrame | None) -> pd.DataFrame:
    """The assessment with ``value_warning_zh`` / ``value_warning_en``: the warnings of the accepted
    implausible values of each id (``year: warning``, joined with ``；`` / ``; ``), empty otherwise."""
    out = assessment.copy()
    zh, en = {}, {}
    if actuals is not None and "value_warning_en" in actuals:
        flagged = actuals[actuals["value_warning_en"] != ""].sort_values(["id", "year"])
        for ident, grp in flagged.groupby("id", sort=False):
            zh[ident] = "；".join(f"{y}年：{w}" for y, w in zip(grp["year"], grp["value_warning_zh"], strict=True))
            en[ident] = "; ".join(f"{y}: {w}" for y, w in zip(grp["year"], grp["value_warning_en"], strict=True))
    out["value_warning_zh"] = [zh.get(i, "") for i in out["id"]]
    out["value_warning_en"] = [en.get(i, "") for i in out["id"]]
    return out


# --------------------------------------------------------------------------------------------------------
# pace from observed points
# --------------------------------------------------------------------------------------------------------

def _num(v) -> str:
    """Shortest exact positional form: ``5.31``, ``700``, ``43300``."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    if isinstance(v, float) and math.isinf(v):
        return "∞" if v > 0 else "-∞"
    return np.format_float_positional(float(v), trim="-")


def _sig(v, digits: int = 4) -> str:
    """``v`` to ``digits`` significant digits, positional: ``5.508``, ``47130``."""
    if v is None or math.isnan(v):
        return "—"
    return np.format_float_positional(float(v), precision=digits, unique=False, fractional=False, trim="-")


def fit_pace(method: str, years, values, target_year: int = TARGET_YEAR) -> dict:
    """Actual pace of observed points, with a prediction band at ``target_year``.

    Parameters
    ----------
    method : {"cagr", "linear", "shortfall"}
    years, values : sequence
        The points (baseline included), sorted by year; gaps between years are kept as they are.

    Returns
    -------
    dict
        ``pace`` (% a year for cagr/shortfall, unit a year for linear), ``low``, ``high`` (95 %
        prediction interval of the fit at ``target_year``, NaN with fewer than three points) and
        ``how`` ("endpoints" or "OLS").

    Notes
    -----
    Two points: :func:`jzanalysis.pace.pace` between them. Three or more: OLS ``y = a + b (year - year_0)``
    with ``y = log x`` (cagr: pace ``e^b - 1``), ``y = x`` (linear: pace ``b``) or ``y = log(100 - x)``
    (shortfall: pace ``e^b - 1``, negative while the gap closes); the band is statsmodels'
    ``obs_ci_lower/upper`` (t with n - 2 df) transformed back (``e^y``, ``100 - e^y``). Values a method
    cannot take (cagr: ``x <= 0``; shortfall: ``x >= 100``) fall back to the endpoints, without a band.
    """
    yrs = np.asarray(years, dtype=float)
    xs = np.asarray(values, dtype=float)
    scale = 100.0 if method in PCT_PACES else 1.0
    nan = {"pace": math.nan, "low": math.nan, "high": math.nan, "how": ""}
    if len(xs) < 2 or method not in ("cagr", "linear", "shortfall"):
        return nan
    endpoints = {"pace": pace.pace(method, xs[0], xs[-1], yrs[-1] - yrs[0]) * scale, "low": math.nan,
                 "high": math.nan, "how": "endpoints"}
    if len(xs) == 2:
        return endpoints
    if method == "cagr":
        if (xs <= 0).any():
            return endpoints
        y, back = np.log(xs), np.exp
    elif method == "shortfall":
        if (pace.SHORTFALL_CAP - xs <= 0).any():
            return endpoints
        y, back = np.log(pace.SHORTFALL_CAP - xs), (lambda z: pace.SHORTFALL_CAP - np.exp(z))
    else:
        y, back = xs, (lambda z: z)
    import statsmodels.api as sm

    x0 = yrs[0]
    fit = sm.OLS(y, sm.add_constant(yrs - x0)).fit()
    slope = float(fit.params[1])
    rate = slope if method == "linear" else math.expm1(slope) * scale
    band = fit.get_prediction(np.array([[1.0, target_year - x0]])).summary_frame(alpha=0.05)
    ends = sorted(float(back(band[c].iloc[0])) for c in ("obs_ci_lower", "obs_ci_upper"))
    return {"pace": rate, "low": ends[0], "high": ends[1], "how": "OLS"}


def cumulative_progress(c_t: float, tau: float, t: int, base_year: int = BASE_YEAR,
                        target_year: int = TARGET_YEAR) -> dict:
    """时间过半、任务过半 for a five-year cumulative count.

    Notes
    -----
    Completed share ``C_t / tau`` against the time share ``f = (t - b) / (T - b)``; achieved run rate
    ``C_t / (t - b)`` against the required run rate ``(tau - C_t) / (T - t)``. ``ok`` when both hold.
    """
    f = (t - base_year) / (target_year - base_year)
    done = c_t / tau if tau else math.nan
    run = c_t / (t - base_year) if t > base_year else math.nan
    need = (tau - c_t) / (target_year - t) if t < target_year else math.nan
    ok = bool(done >= f and run >= need)
    return {"completed_share": done, "time_share": f, "run_rate": run, "required_run_rate": need, "ok": ok}


def grade(ratio: float) -> str:
    """Status from the pace ratio R: >= 0.95 on_track, >= 0.6 needs_acceleration, >= 0 off_track."""
    if ratio >= R_ON_TRACK:
        return "on_track"
    if ratio >= R_MODERATE:
        return "needs_acceleration"
    if ratio >= 0:
        return "off_track"
    return "regressing"


def review_label(status: str, ratio: float = math.nan, progress: float = math.nan,
                 time_share: float = math.nan) -> str:
    """Mid-term review label (提前实现 / 快于预期 / 基本符合预期 / 滞后 / 无法评估), before the target year.

    The final labels (完成 / 基本完成 / 未完成) are set by :func:`monitor_row` at or after the target year.
    """
    if status == "achieved":
        return t("monitor.review.early", "zh")
    if status == "on_track":
        fast = (not math.isnan(progress) and not math.isnan(time_share) and progress >= time_share + 0.1) \
            or (not math.isnan(ratio) and ratio >= 1.2)
        return t("monitor.review.faster" if fast else "monitor.review.as_expected", "zh")
    if status == "at_risk":
        return t("monitor.review.as_expected", "zh")
    if status in ("needs_acceleration", "off_track", "regressing"):
        return t("monitor.review.lagging", "zh")
    if status == "not_achieved":
        return t("monitor.review.not_done", "zh")
    return t("monitor.review.none", "zh")


# --------------------------------------------------------------------------------------------------------
# monitoring one row
# --------------------------------------------------------------------------------------------------------

def _flag(value) -> bool:
    """A boolean cell that may have been read back from CSV (``True``/``"True"``) or be missing."""
    return str(value).strip().lower() in ("true", "1", "1.0")


def _both(key: str, zh: dict | None = None, en: dict | None = None, **common) -> tuple[str, str]:
    """(zh, en) text of one template (:func:`jzanalysis.i18n.t`), with language-specific and common fields."""
    return t(key, "zh", **common, **(zh or {})), t(key, "en", **common, **(en or {}))


def _pace_text(method: str, v: float, unit: str, lang: str = "zh") -> tuple[str, str, str]:
    """(number, zh words, en words) for a pace in the display unit."""
    if _isnan(v):
        num = "—"
    elif method == "cagr" or method == "growth":
        num = f"{v:.2f}%"
    elif method == "shortfall":
        num = f"{-v:.2f}%"  # the yearly narrowing of the gap to 100 (monitor.method.shortfall)
    elif lang == "zh":
        num = f"{v:+.3g}{t('monitor.unit.pp', 'zh') if unit == '%' else unit}"
    else:
        num = f"{v:+.3g}{t('monitor.unit.pp', 'en') if unit == '%' else ''}"
    m = method if method in ("cagr", "linear", "shortfall", "growth") else "linear"
    return num, t(f"monitor.method.{m}", "zh"), t(f"monitor.method.{m}", "en")


def _target_text(op: str, tau: float, hw: float) -> str:
    if op == "~":
        return f"{_num(tau)}±{_num(hw)}"
    return f"{OP_SIGN.get(op, op)}{_num(tau)}"


def decimals(v: float) -> int:
    """Decimals of ``v`` as published (shortest exact form): 77.3 -> 1, 5.23 -> 2, 700 -> 0."""
    text = _num(v)
    return len(text.split(".")[1]) if "." in text else 0


def precision(values) -> float:
    """The published precision of a series: one unit of its finest last digit (77.3, 77.45 -> 0.01)."""
    d = max((decimals(v) for v in values if not _isnan(v)), default=0)
    return 10.0 ** -d


def meets_when_rounded(value: float, op: str, tau: float, direction: str, hw: float = 0.0) -> tuple[bool, float]:
    """基本完成: does ``value`` rounded to the decimals ``tau`` is printed with meet the target?

    Notes
    -----
    ``round(value, decimals(tau))`` against :func:`jzanalysis.pace.satisfies`: a miss that the plan's own
    rounding of the target could explain (78.06 against 78.1: 78.1 -> broadly achieved).
    """
    rounded = round(float(value), decimals(tau))
    return pace.satisfies(rounded, op, tau, direction, hw), rounded


def _empty_result() -> dict:
    return {"observed": "", "n_points": 0, "latest_year": pd.NA, "latest_value": math.nan,
            "actual_pace": math.nan, "pace_ratio": math.nan, "time_share": math.nan,
            "progress_share": math.nan, "projected_2025_actual": math.nan, "projection_low": math.nan,
            "projection_high": math.nan, "final_gap": math.nan, "final_gap_share": math.nan, "status_rule": ""}


def monitor_row(row: pd.Series, obs: pd.DataFrame, as_of: int) -> dict:
    """Monitoring columns for one assessment row and its observed values (``year``, ``value``).

    Returns a dict of :data:`MONITOR_COLUMNS` (and ``required_pace`` when it was recomputed from the first
    observed point). The rules are those of the module docstring.
    """
    out = _empty_result()
    label = {"value": None}

    def done(status, texts, rule=""):
        zh, en = texts
        review = label["value"] or review_label(status, out["pace_ratio"], out["progress_share"], out["time_share"])
        out.update(status=status, status_reason_zh=zh, status_reason_en=en, status_zh_review=review,
                   status_rule=rule)
        return out

    obs = obs[obs["year"] <= as_of].sort_values("year")
    out["observed"] = "; ".join(f"{int(y)}: {_num(v)}" for y, v in zip(obs["year"], obs["value"], strict=True))
    op, direction = row.get("target_op"), row.get("direction") or "higher"
    tau = row.get("target_value")
    hw = 0.0 if _isnan(row.get("band_halfwidth")) else float(row["band_halfwidth"])
    T = TARGET_YEAR if _isnan(row.get("target_year")) else int(row["target_year"])
    final = as_of >= T
    kind, unit = row.get("kind"), ("" if _isnan(row.get("unit")) else str(row["unit"]))
    growth = kind == "growth" or row.get("primary_pace") == "growth"
    cumulative = kind == "cumulative"
    method = "growth" if growth else row.get("primary_pace")
    x_b = row.get("baseline_value")
    b = BASE_YEAR if _isnan(row.get("baseline_year")) else int(row["baseline_year"])
    has_base = not _isnan(x_b)
    if cumulative and not has_base:
        x_b, has_base = 0.0, True
    used = obs[obs["year"] > b] if has_base else obs[obs["year"] >= b]
    years = ([b] if has_base else []) + [int(y) for y in used["year"]]
    values = ([float(x_b)] if has_base else []) + [float(v) for v in used["value"]]
    out["n_points"] = len(years)
    if years:
        out["latest_year"], out["latest_value"] = years[-1], values[-1]
    if final:
        label["value"] = t("monitor.review.none", "zh")

    # 1. not assessable
    if obs.empty:
        return done("not_assessable", NO_VALUES)
    if op == "relational":
        return done("not_assessable", _both("monitor.reason.relational"))
    if _flag(row.get("basis_change")):
        return done("not_assessable", _both("monitor.reason.basis_change"))
    if _isnan(tau):
        return done("not_assessable", _both("monitor.reason.no_target"))
    if len(years) < 2:
        pts = {lang: ("、" if lang == "zh" else ", ").join(t("monitor.piece.point", lang, t=y, value=_num(v))
                                                          for y, v in zip(years, values, strict=True)) or "—"
               for lang in ("zh", "en")}
        return done("not_assessable", _both("monitor.reason.too_few", zh={"points": pts["zh"]},
                                            en={"points": pts["en"]}, n=len(years)))

    b, x_b = years[0], values[0]
    t_, x_t = years[-1], values[-1]
    base_note = ("", "") if has_base else _both("monitor.note.no_base", year=b, value=_num(x_b))
    late = _both("monitor.note.late", t=t_, T=T) if final and t_ < T else ("", "")
    out["time_share"] = (t_ - b) / (T - b) if T > b else math.nan
    if not growth and tau != x_b:
        out["progress_share"] = (x_t - x_b) / (tau - x_b)

    # 2. growth targets: the actuals are yearly growth rates
    if growth:
        rates = [v for y, v in zip(years, values, strict=True) if y > BASE_YEAR]
        if not rates:
            return done("not_assessable", _both("monitor.reason.no_rates"))
        mean = float(np.mean(rates))
        ratio = pace.pace_ratio(mean, float(tau))
        out.update(actual_pace=mean, pace_ratio=ratio, projected_2025_actual=math.nan if final else mean)
        if _isnan(row.get("required_pace")):
            out["required_pace"] = float(tau)
        first = min(y for y in years if y > BASE_YEAR)
        common = {"first": first, "t": t_, "n": len(rates), "mean": f"{mean:.2f}", "target": _target_text(op, tau, hw)}
        if final:
            ok = pace.satisfies(mean, op, tau, "higher", hw)
            out["final_gap"] = mean - float(tau)
            if ok:
                label["value"] = t("monitor.review.done", "zh")
                return done("achieved", _both("monitor.reason.final_growth_met", zh={"late": late[0]},
                                              en={"late": late[1]}, **common), "final")
            near, rounded = meets_when_rounded(mean, op, tau, "higher", hw)
            label["value"] = t("monitor.review.mostly_done" if near else "monitor.review.not_done", "zh")
            rnd = _both("monitor.note.rounding", rounded=_num(rounded)) if near else ("", "")
            return done("not_achieved", _both("monitor.reason.final_growth_missed",
                                              zh={"late": late[0], "rounding": rnd[0]},
                                              en={"late": late[1], "rounding": rnd[1]},
                                              gap=f"{float(tau) - mean:.2f}", **common), "final")
        return done(grade(ratio), _both("monitor.reason.growth", r=f"{ratio:.2f}", **common), "pace_ratio")

    if method not in ("cagr", "linear", "shortfall"):
        return done("not_assessable", _both("monitor.reason.no_method"))
    tgt = _target_text(op, tau, hw)
    latest = _both("monitor.piece.latest", t=t_, value=_num(x_t))
    now_ok = pace.satisfies(x_t, op, tau, direction, hw)

    # 3. the final evaluation (as of the target year or later): achieved or not, no projection
    if final:
        edge = pace.threshold(op, float(tau), direction, hw) if op in ("~",) else float(tau)
        out["final_gap"] = x_t - edge
        if now_ok:
            label["value"] = t("monitor.review.done", "zh")
            return done("achieved", _both("monitor.reason.final_met", zh={"latest": latest[0], "late": late[0]},
                                          en={"latest": latest[1], "late": late[1]}, target=tgt), "final")
        planned = abs(float(tau) - x_b)
        out["final_gap_share"] = abs(x_t - edge) / planned if planned else math.nan
        near, rounded = meets_when_rounded(x_t, op, tau, direction, hw)
        label["value"] = t("monitor.review.mostly_done" if near else "monitor.review.not_done", "zh")
        rnd = _both("monitor.note.rounding", rounded=_num(rounded)) if near else ("", "")
        gap_unit = {"zh": t("monitor.unit.pp", "zh") if unit == "%" else unit,
                    "en": t("monitor.unit.pp", "en") if unit == "%" else ""}
        share = "—" if _isnan(out["final_gap_share"]) else f"{out['final_gap_share']:.1%}"
        return done("not_achieved", _both(
            "monitor.reason.final_missed",
            zh={"latest": latest[0], "late": late[0], "rounding": rnd[0], "gap": f"{_sig(abs(x_t - edge))}{gap_unit['zh']}"},
            en={"latest": latest[1], "late": late[1], "rounding": rnd[1], "gap": f"{_sig(abs(x_t - edge))}{gap_unit['en']}"},
            target=tgt, share=share), "final")

    # a target of exactly 100 with the shortfall pace: the required rate is -100 % whatever the path,
    # so the ratio uses the yearly change instead (the straight line to 100)
    cap = method == "shortfall" and float(tau) >= pace.SHORTFALL_CAP
    status_method = "linear" if cap else method
    fit = fit_pace(status_method, years, values, T)
    actual = fit["pace"]
    scale = 100.0 if status_method in PCT_PACES else 1.0
    proj = pace.project(status_method, x_t, actual / scale, T - t_)
    out.update(actual_pace=actual, projected_2025_actual=proj, projection_low=fit["low"],
               projection_high=fit["high"])
    act = {lang: _pace_text(status_method, actual, unit, lang)[0] for lang in ("zh", "en")}
    m_zh, m_en = _pace_text(status_method, actual, unit)[1:]
    proj_ok = math.isnan(proj) or pace.satisfies(proj, op, tau, direction, hw)

    # required pace and R
    base_ok = pace.satisfies(x_b, op, tau, direction, hw) and not cumulative
    req_note = ("", "")
    if base_ok:
        required = pace.pace(status_method, x_t, tau, T - t_) * scale
        req_note = _both("monitor.note.base_met", t=t_)
    elif cap:
        required = pace.pace("linear", x_b, tau, T - b)
    elif has_base and not _isnan(row.get("required_pace")):
        required = float(row["required_pace"])
    else:
        required = pace.pace(status_method, x_b, tau, T - b) * scale
        if _isnan(row.get("required_pace")):
            out["required_pace"] = required
    # a target met at the base and now: the plan's "required" pace is slack, not a pace towards it
    ratio = math.nan if base_ok and now_ok else pace.pace_ratio(actual, required, direction)
    out["pace_ratio"] = ratio
    req = {lang: _pace_text(status_method, required, unit, lang)[0] for lang in ("zh", "en")}
    r_txt = f"{ratio:.2f}" if not math.isnan(ratio) else "—"  # the pace ratio R (monitor.piece.pace)
    cap_note = _both("monitor.note.cap") if cap else ("", "")
    pace_txt = _both("monitor.piece.pace", zh={"method": m_zh, "act": act["zh"], "req": req["zh"],
                                               "req_note": req_note[0], "cap_note": cap_note[0]},
                     en={"method": m_en, "act": act["en"], "req": req["en"], "req_note": req_note[1],
                         "cap_note": cap_note[1]}, r=r_txt)
    proj_txt = _both("monitor.piece.proj", T=T, value=_sig(proj)) if not math.isnan(proj) \
        else _both("monitor.piece.no_proj", T=T)
    word = _both("monitor.word.ceiling" if direction == "lower" or op in ("<=", "<") else "monitor.word.target")

    # 4. achieved / at risk
    if now_ok:
        if proj_ok:
            return done("achieved", _both("monitor.reason.achieved",
                                          zh={"latest": latest[0], "proj": proj_txt[0], "base_note": base_note[0]},
                                          en={"latest": latest[1], "proj": proj_txt[1], "base_note": base_note[1]},
                                          target=tgt), "target_met")
        return done("at_risk", _both("monitor.reason.at_risk",
                                     zh={"latest": latest[0], "word": word[0], "method": m_zh, "act": act["zh"],
                                         "proj": proj_txt[0], "base_note": base_note[0]},
                                     en={"latest": latest[1], "word": word[1], "method": m_en, "act": act["en"],
                                         "proj": proj_txt[1], "base_note": base_note[1]}, target=tgt), "target_met")
    if math.isnan(ratio):
        return done("not_assessable", _both("monitor.reason.no_pace",
                                            zh={"latest": latest[0], "pace": pace_txt[0], "base_note": base_note[0]},
                                            en={"latest": latest[1], "pace": pace_txt[1], "base_note": base_note[1]}))

    # 5. cumulative counts: 时间过半、任务过半
    if cumulative:
        c = cumulative_progress(x_t, float(tau), t_, b, T)
        status = "on_track" if c["ok"] else ("needs_acceleration" if ratio >= R_MODERATE else grade(ratio))
        fields = {"t": t_, "value": _num(x_t), "target": _num(tau), "done": f"{c['completed_share']:.1%}",
                  "f": f"{c['time_share']:.0%}", "run": f"{c['run_rate']:.1f}", "need": f"{c['required_run_rate']:.1f}",
                  "r": r_txt}
        text = _both("monitor.reason.cumulative", zh={"unit": unit}, en={"unit": ""}, **fields)
        tail = _both("monitor.reason.cumulative_ok" if c["ok"] else "monitor.reason.cumulative_lag")
        return done(status, (text[0] + tail[0], text[1] + tail[1]), "cumulative")

    # 6. by the pace ratio, with the straight line and the dead band as floors
    status, rule = grade(ratio), "pace_ratio"
    zh, en = _both("monitor.reason.by_ratio", zh={"latest": latest[0], "pace": pace_txt[0], "proj": proj_txt[0],
                                                  "base_note": base_note[0]},
                   en={"latest": latest[1], "pace": pace_txt[1], "proj": proj_txt[1], "base_note": base_note[1]},
                   target=tgt)
    pi, f = out["progress_share"], out["time_share"]
    if status != "on_track" and not base_ok and not _isnan(pi) and not _isnan(f) and pi >= f - 1e-9:
        extra = _both("monitor.reason.straight_line", pi=f"{pi:.0%}", f=f"{f:.0%}")
        status, rule = "on_track", "straight_line"
        zh, en = zh + extra[0], en + extra[1]
    elif status == "regressing":
        slope = fit_pace("linear", years, values, T)["pace"]
        delta = slope * (t_ - b)
        prec = precision(values)
        if abs(delta) < prec - 1e-12:
            extra = _both("monitor.reason.dead_band", years=t_ - b, delta=_sig(delta, 2), precision=_num(prec))
            status, rule = "off_track", "dead_band"
            zh, en = zh + extra[0], en + extra[1]
    return done(status, (zh, en), rule)


def monitor(assessment: pd.DataFrame, actuals: pd.DataFrame, as_of: int | None = None) -> pd.DataFrame:
    """The assessment with the monitoring columns, as of a year.

    Parameters
    ----------
    assessment : DataFrame
        Plan-time assessment (:data:`jzanalysis.assess.ASSESS_COLUMNS`).
    actuals : DataFrame
        Observed values with ``id``, ``year``, ``value`` (as from :func:`load_actuals`).
    as_of : int, optional
        Use observations up to this year (default: the latest year in ``actuals``).

    Returns
    -------
    DataFrame
        All rows and columns of ``assessment`` plus :data:`MONITOR_COLUMNS`; rows without actuals are
        ``not_assessable`` ("no observed values"). ``required_pace`` is filled in for rows with no plan
        baseline that are assessed from their first observed point.

    Notes
    -----
    ``R = actual_pace / required_pace`` (Eurostat); ``time_share f = (t - b) / (T - b)``;
    ``progress_share pi = (x_t - x_b) / (tau - x_b)``; ``projected_2025_actual = project(x_t, pace,
    T - t)``. Status rules: module docstring.
    """
    if as_of is None:
        as_of = int(actuals["year"].max()) if len(actuals) else TARGET_YEAR
    by_id = {k: g for k, g in actuals.groupby("id", sort=False)} if len(actuals) else {}
    empty = pd.DataFrame({"year": pd.Series(dtype=int), "value": pd.Series(dtype=float)})
    frame = assessment.copy().reset_index(drop=True)
    rows = [monitor_row(r, by_id.get(r["id"], empty)[["year", "value"]], as_of) for _, r in frame.iterrows()]
    res = pd.DataFrame(rows, index=frame.index)
    if "required_pace" in res:
        fill = res["required_pace"].notna()
        frame.loc[fill, "required_pace"] = res.loc[fill, "required_pace"]
    for c in MONITOR_COLUMNS:
        frame[c] = res[c]
    frame["n_points"] = frame["n_points"].astype(int)
    frame["latest_year"] = frame["latest_year"].astype("Int64")
    for c in ("latest_value", "actual_pace", "pace_ratio", "time_share", "progress_share",
              "projected_2025_actual", "projection_low", "projection_high", "final_gap", "final_gap_share"):
        frame[c] = frame[c].astype(float)
    return frame


# --------------------------------------------------------------------------------------------------------
# what changed since last year
# --------------------------------------------------------------------------------------------------------

def _points(observed) -> dict[int, float]:
    """``"2021: 5.31; 2022: 5.35"`` -> ``{2021: 5.31, 2022: 5.35}`` (empty for NaN/"")."""
    out = {}
    if not isinstance(observed, str):
        return out
    for part in observed.split(";"):
        if ":" in part:
            y, v = part.split(":", 1)
            out[int(y.strip())] = float(v.strip())
    return out


def _text(v) -> str:
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA else str(v)


def what_changed(previous: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """Rows whose status changed between two monitoring runs, biggest moves first.

    Parameters
    ----------
    previous, current : DataFrame
        :func:`monitor` outputs (``previous`` typically last year's saved CSV read back with pandas).

    Returns
    -------
    DataFrame
        :data:`CHANGE_COLUMNS`, one row per id whose ``status`` differs (ids new in ``current`` have an
        empty ``status_before``; ids gone from it an empty ``status_now``). ``new_points`` lists the
        observed points that are new or revised (``"2023: 5.4"``); the reasons name them and the move of
        R ("2023年新数据 5.4 使 R 由 0.67 升至 1.02").

    Notes
    -----
    Sorted by: a change into or out of ``regressing``/``off_track`` first, then the size of the move on
    the scale achieved 0, on_track 1, at_risk 2, needs_acceleration 3, off_track 4, regressing 5
    (moves from or to ``not_assessable`` or nothing count 0), worsening before improving, then id.
    """
    prev = previous.drop_duplicates("id").set_index("id")
    cur = current.drop_duplicates("id").set_index("id")
    ids = list(cur.index) + [i for i in prev.index if i not in cur.index]
    rows = []
    for ident in ids:
        p = prev.loc[ident] if ident in prev.index else None
        c = cur.loc[ident] if ident in cur.index else None
        before = _text(p["status"]) if p is not None else ""
        now = _text(c["status"]) if c is not None else ""
        if before == now:
            continue
        old_pts = _points(p.get("observed")) if p is not None else {}
        new_pts = _points(c.get("observed")) if c is not None else {}
        fresh = {y: v for y, v in new_pts.items() if y not in old_pts or not math.isclose(old_pts[y], v)}
        r0 = float(p["pace_ratio"]) if p is not None and not _isnan(p.get("pace_ratio")) else math.nan
        r1 = float(c["pace_ratio"]) if c is not None and not _isnan(c.get("pace_ratio")) else math.nan
        pts = {}
        for lang in ("zh", "en"):
            parts = [t("monitor.change.point_revised" if y in old_pts else "monitor.change.point_new", lang,
                       year=y, value=_num(v)) for y, v in fresh.items()]
            pts[lang] = t("monitor.change.sep", lang).join(parts) if parts else t("monitor.change.no_data", lang)
        if not math.isnan(r0) and not math.isnan(r1):
            key = "up" if r1 > r0 else "down" if r1 < r0 else "same"
            r = _both(f"monitor.change.r_move_{key}", r0=f"{r0:.2f}", r1=f"{r1:.2f}")
        elif not math.isnan(r1):
            r = _both("monitor.change.r_now", r1=f"{r1:.2f}")
        else:
            r = None
        key = "monitor.change.without_r" if r is None else ("monitor.change.with_data" if fresh
                                                              else "monitor.change.no_new")
        zh = t(key, "zh", points=pts["zh"], before=STATUS_ZH.get(before, before), now=STATUS_ZH.get(now, now),
               **({"r": r[0]} if r else {}))
        en = t(key, "en", points=pts["en"], before=before or "none", now=now or "none", **({"r": r[1]} if r else {}))
        en = en[0].upper() + en[1:]
        name = _text(c.get("name")) if c is not None else _text(p.get("name"))
        rows.append({
            "id": ident, "name": name, "status_before": before, "status_now": now,
            "latest_before": float(p["latest_value"]) if p is not None and not _isnan(p.get("latest_value"))
            else math.nan,
            "latest_now": float(c["latest_value"]) if c is not None and not _isnan(c.get("latest_value"))
            else math.nan,
            "new_points": "; ".join(f"{y}: {_num(v)}" for y, v in fresh.items()),
            "reason_zh": zh, "reason_en": en,
        })
    frame = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    if frame.empty:
        return frame

    def key(r):
        s0, s1 = SEVERITY.get(r["status_before"]), SEVERITY.get(r["status_now"])
        big = r["status_before"] in ("regressing", "off_track") or r["status_now"] in ("regressing", "off_track")
        size = abs(s1 - s0) if s0 is not None and s1 is not None else 0
        worse = s0 is not None and s1 is not None and s1 > s0
        return (not big, -size, not worse, r["id"])

    order = sorted(range(len(frame)), key=lambda i: key(frame.iloc[i]))
    return frame.iloc[order].reset_index(drop=True)
