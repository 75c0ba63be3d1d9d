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
2. Growth targets (``kind == "growth"``: the actuals are yearly growth rates in %): ``actual_pace`` is the
   mean of the observed rates for ``b < year <= t``, ``R = mean / tau``; ``achieved`` only once
   ``t >= T`` and the mean meets the target; otherwise graded by R as in 5.
3. ``achieved``: the latest value meets the target and the projection to ``T`` still meets it (or
   ``t >= T``, or no projection is possible); ``at_risk``: it meets the target (e.g. a ceiling) now but
   the projection breaches it by ``T``.
4. Cumulative counts (``kind == "cumulative"``, baseline 0, actuals are totals to date):
   ``on_track`` when the completed share ``C_t / tau >= f`` and the achieved run rate
   ``C_t / (t - b) >=`` the required run rate ``(tau - C_t) / (T - t)`` (时间过半、任务过半); otherwise
   graded by R as in 5 but never better than ``needs_acceleration``.
5. By R: ``on_track`` R >= 0.95; ``needs_acceleration`` 0.6 <= R < 0.95; ``off_track`` 0 <= R < 0.6;
   ``regressing`` R < 0. At ``t >= T`` with the target missed: ``off_track`` (``regressing`` if R < 0).

Mid-term review label ``status_zh_review`` (national 14th FYP mid-term review categories):
``achieved`` 提前实现; ``on_track`` 快于预期 when ``pi >= f + 0.1`` or ``R >= 1.2``, else 基本符合预期;
``at_risk`` 基本符合预期 (the reason carries a warning); ``needs_acceleration``, ``off_track``,
``regressing`` 滞后; ``not_assessable`` 无法评估.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from . import pace
from .errors import InputError
from .fmt import missing as _isnan

#: Columns of the actuals file (``source`` and ``note`` optional).
ACTUALS_COLUMNS = ["id", "year", "value", "source", "note"]
REQUIRED_COLUMNS = ["id", "year", "value"]
#: Columns :func:`load_actuals` returns.
LOADED_COLUMNS = ACTUALS_COLUMNS + ["line", "illustrative"]
YEAR_RANGE = (2015, 2035)
BASE_YEAR = 2020
TARGET_YEAR = 2025

#: Columns :func:`monitor` adds to the assessment.
MONITOR_COLUMNS = [
    "observed", "n_points", "latest_year", "latest_value", "actual_pace", "pace_ratio", "time_share",
    "progress_share", "projected_2025_actual", "projection_low", "projection_high", "status",
    "status_zh_review", "status_reason_zh", "status_reason_en",
]
#: Columns of :func:`what_changed`.
CHANGE_COLUMNS = ["id", "name", "status_before", "status_now", "latest_before", "latest_now", "new_points",
                  "reason_zh", "reason_en"]

STATUSES = ["achieved", "on_track", "at_risk", "needs_acceleration", "off_track", "regressing",
            "not_assessable"]
STATUS_ZH = {"achieved": "已达标", "on_track": "进度正常", "at_risk": "有风险", "needs_acceleration": "需加快",
             "off_track": "明显滞后", "regressing": "逆向变化", "not_assessable": "无法评估", "": "无"}
#: Thresholds on the pace ratio R (Eurostat).
R_ON_TRACK, R_MODERATE = 0.95, 0.60
#: Order of severity for :func:`what_changed` (higher = worse).
SEVERITY = {"achieved": 0, "on_track": 1, "at_risk": 2, "needs_acceleration": 3, "off_track": 4,
            "regressing": 5}
SHARE_KINDS = {"share", "rate"}
PCT_PACES = {"cagr", "shortfall"}
NO_VALUES = ("无观测值", "no observed values")


class UnitWarning(UserWarning):
    """An actual value whose magnitude suggests another unit (e.g. 万元 where 元 is expected)."""


# --------------------------------------------------------------------------------------------------------
# reading the actuals
# --------------------------------------------------------------------------------------------------------

def _read_records(path: Path) -> tuple[list[str], pd.DataFrame]:
    """Header and data rows (all strings) of a UTF-8 CSV, each row with the line it starts on."""
    if Path(path).suffix.lower() == ".xlsx":  # the workbook of `jzanalysis template` (contract 1)
        from .workbook import read_records
        return read_records(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, None, "file", "actuals file not found") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise InputError(path, line, "encoding",
                         f"not UTF-8 (byte 0x{raw[exc.start]:02x} at byte {exc.start}); save the file as "
                         "UTF-8 (Excel: 'CSV UTF-8')") from None
    if not text.strip():
        raise InputError(path, 1, "header", f"the file is empty; expected the header {','.join(ACTUALS_COLUMNS)}")
    reader = csv.reader(io.StringIO(text, newline=""))
    header, rows, end = None, [], 0
    for rec in reader:
        start, end = end + 1, reader.line_num
        if not any(f.strip() for f in rec):
            continue
        if header is None:
            header = [h.strip() for h in rec]
            dup = sorted({h for h in header if header.count(h) > 1})
            if dup:
                raise InputError(path, start, dup[0], "column named twice in the header")
            continue
        if len(rec) > len(header):
            raise InputError(path, start, "row", f"{len(rec)} fields, the header has {len(header)}")
        rec = [f.strip() for f in rec] + [""] * (len(header) - len(rec))
        rows.append([*rec, start])
    frame = pd.DataFrame(rows, columns=[*header, "line"], dtype=object)
    frame[header] = frame[header].astype(str)
    frame["line"] = frame["line"].astype(int)
    return header, frame


def _bounds(assessment: pd.DataFrame, metadata: dict | None) -> dict[str, tuple[float, float]]:
    """Hard bounds of each id: the metadata's ``bounds``; else 0..100 for a share or rate in %."""
    out = {}
    for _, r in assessment.iterrows():
        if r.get("unit") == "%" and r.get("kind") in SHARE_KINDS:
            out[r["id"]] = (0.0, 100.0)
    if metadata is None:
        from .metadata import load_metadata

        metadata = load_metadata()
    for m in metadata.get("indicators", []):
        if m["id"] in set(assessment["id"]) and m.get("bounds"):
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
    idx, col, check, line = int(row["index"]), row["column"], str(row["check"]), int(row["line"])
    raw = frame.loc[idx, col] if col in frame.columns else row["failure_case"]
    if check == "multiple_fields_uniqueness":
        key = keys.loc[idx, ["id", "year"]]
        same = keys[(keys["id"] == key["id"]) & (keys["year"] == key["year"])]
        lines = sorted(int(v) for v in same["line"])
        return InputError(path, line, "year", f"duplicate (id, year) = ({key['id']}, {key['year']}): lines "
                          f"{' and '.join(str(v) for v in lines)}")
    if col == "id":
        close = difflib.get_close_matches(str(raw), ids, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else "; ids are those of `jzanalysis assess`"
        what = "missing id" if raw == "" else f"unknown id {raw!r}"
        return InputError(path, line, "id", what + hint)
    if col == "year":
        if check.startswith("in_range"):
            return InputError(path, line, "year", f"year {raw} outside {YEAR_RANGE[0]}..{YEAR_RANGE[1]}")
        return InputError(path, line, "year", f"expected a year such as 2023, found {raw!r}")
    if col == "value" and check == "bounds":
        ident = frame.loc[idx, "id"]
        lo, hi = bounds[ident]
        unit = units.get(ident, "")
        return InputError(path, line, "value", f"{ident} value {raw} outside the possible range "
                          f"{_num(lo)}..{_num(hi)} {unit}".rstrip())
    if col == "value":
        return InputError(path, line, "value", f"expected a number, found {raw!r}")
    return InputError(path, line, str(col), f"{check}: {raw!r}")


def _likely_unit(unit: str, k: int) -> str:
    prefix = {-4: "万", -8: "亿", -3: "千"}
    if k in prefix and not unit.startswith(("万", "亿", "千")):
        return f"{prefix[k]}{unit}"
    if k == 4 and unit.startswith("万"):
        return unit[1:] or "units"
    return f"a unit 10^{-k} times {unit or 'the indicator unit'}"


def _unit_warnings(out: pd.DataFrame, assessment: pd.DataFrame, path: Path) -> None:
    """Warn (:class:`UnitWarning`) about values whose magnitude suggests another unit."""
    info = assessment.drop_duplicates("id").set_index("id")
    for ident, grp in out.groupby("id", sort=False):
        r = info.loc[ident]
        if r.get("kind") == "growth":
            continue
        unit = "" if pd.isna(r.get("unit")) else str(r.get("unit"))
        ref = r.get("baseline_value")
        ref_what = "2020 baseline"
        if r.get("kind") == "cumulative" or pd.isna(ref) or ref == 0:
            ref, ref_what = (grp["value"].median() if len(grp) >= 3 else math.nan), "median of its values"
        if pd.isna(ref) or ref == 0:
            continue
        for _, a in grp.iterrows():
            ratio = a["value"] / ref
            where = f"{path}:{a['line']}: value: {ident}"
            if ratio != 0 and (abs(ratio) < 1e-3 or abs(ratio) > 1e3):
                k = round(math.log10(abs(ratio)))
                warnings.warn(f"{where} value {_num(a['value'])} is {abs(ratio):.2g} times its {ref_what} "
                              f"{_num(ref)} {unit}; it looks like it is in {_likely_unit(unit, k)}, "
                              f"expected {unit or 'the indicator unit'}", UnitWarning, stacklevel=3)
            elif unit == "%" and 0 < abs(a["value"]) <= 1 and abs(ref) >= 10:
                warnings.warn(f"{where} value {_num(a['value'])} against its {ref_what} {_num(ref)} %: it "
                              "looks like a fraction (0.95), expected a percentage (95)", UnitWarning,
                              stacklevel=3)


def load_actuals(path, assessment: pd.DataFrame, metadata: dict | None = None) -> pd.DataFrame:
    """Read and validate a long CSV of observed values.

    Parameters
    ----------
    path : path-like
        UTF-8 CSV with the header ``id,year,value[,source][,note]``, one observed value per row.
    assessment : DataFrame
        The assessment (:data:`jzanalysis.assess.ASSESS_COLUMNS`): its ``id`` values are the known ids;
        ``unit``, ``kind`` and ``baseline_value`` drive the range check and the unit warning.
    metadata : dict, optional
        Indicator metadata (default: ``data/indicators.yaml``); its ``bounds`` are the possible ranges.

    Returns
    -------
    DataFrame
        :data:`LOADED_COLUMNS`: ``id``, ``year`` (int), ``value`` (float), ``source``, ``note`` (str),
        ``line`` (the CSV line, header = line 1) and ``illustrative`` (bool: ``source`` or ``note``
        contains "illustrative" or "示例").

    Raises
    ------
    InputError
        One error naming the line and field: empty file or missing required column (line 1), not
        UTF-8, unknown id (with close ids), year outside 2015..2035, non-numeric value, value outside
        the indicator's possible range (a share or rate in % outside 0..100), duplicate (id, year)
        (both lines named).

    Warns
    -----
    UnitWarning
        A value ``x`` whose ratio to the 2020 baseline (or the median of the id's values) is below 1/1000
        or above 1000, e.g. ``x / x_2020 ~ 1e-4`` for 万元 where 元 is expected; or a share given as a
        fraction (``x <= 1`` against a baseline >= 10 %).

    Notes
    -----
    Validation is a pandera ``DataFrameSchema`` in two passes (structure and coercion, then content:
    ``isin`` ids, ``in_range(2015, 2035)``, bounds, ``unique=["id", "year"]``); the first failure by
    line is reported.
    """
    import pandera.pandas as pa

    path = Path(path)
    header, frame = _read_records(path)
    ids = [str(i) for i in assessment["id"]]
    bounds = _bounds(assessment, metadata)
    units = dict(zip(assessment["id"], assessment["unit"], strict=False)) if "unit" in assessment else {}
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
    out = out[LOADED_COLUMNS].reset_index(drop=True)
    if not out.empty:
        _unit_warnings(out, assessment, path)
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
    """Mid-term review label (提前实现 / 快于预期 / 基本符合预期 / 滞后 / 无法评估)."""
    if status == "achieved":
        return "提前实现"
    if status == "on_track":
        fast = (not math.isnan(progress) and not math.isnan(time_share) and progress >= time_share + 0.1) \
            or (not math.isnan(ratio) and ratio >= 1.2)
        return "快于预期" if fast else "基本符合预期"
    if status == "at_risk":
        return "基本符合预期"
    if status in ("needs_acceleration", "off_track", "regressing"):
        return "滞后"
    return "无法评估"


# --------------------------------------------------------------------------------------------------------
# monitoring one row
# --------------------------------------------------------------------------------------------------------

def _flag(value) -> bool:
    """A boolean cell that may have been read back from CSV (``True``/``"True"``) or be missing."""
    return str(value).strip().lower() in ("true", "1", "1.0")


def _pace_text(method: str, v: float, unit: str, lang: str = "zh") -> tuple[str, str, str]:
    """(number, zh words, en words) for a pace in the display unit."""
    if _isnan(v):
        num = "—"
    elif method == "cagr" or method == "growth":
        num = f"{v:.2f}%"
    elif method == "shortfall":
        num = f"{v:+.2f}%"
    elif lang == "zh":
        num = f"{v:+.3g}{'个百分点' if unit == '%' else unit}"
    else:
        num = f"{v:+.3g}{' pp' if unit == '%' else ''}"
    zh = {"cagr": "年均增长", "linear": "年均变化", "shortfall": "距100差距年均变化", "growth": "年均增速"}
    en = {"cagr": "growth", "linear": "change", "shortfall": "change of the shortfall to 100",
          "growth": "average growth"}
    return num, zh.get(method, "年均变化"), en.get(method, "change")


def _target_text(op: str, tau: float, hw: float) -> str:
    if op == "~":
        return f"{_num(tau)}±{_num(hw)}"
    return f"{op}{_num(tau)}"


def _empty_result() -> dict:
    return {"observed": "", "n_points": 0, "latest_year": pd.NA, "latest_value": math.nan,
            "actual_pace": math.nan, "pace_ratio": math.nan, "time_share": math.nan,
            "progress_share": math.nan, "projected_2025_actual": math.nan, "projection_low": math.nan,
            "projection_high": math.nan}


def monitor_row(row: pd.Series, obs: pd.DataFrame, as_of: int) -> dict:
    """Monitoring columns for one assessment row and its observed values (``year``, ``value``).

    Returns a dict of :data:`MONITOR_COLUMNS` (and ``required_pace`` when it was recomputed from the first
    observed point). The rules are those of the module docstring.
    """
    out = _empty_result()

    def done(status, zh, en):
        out.update(status=status, status_reason_zh=zh, status_reason_en=en,
                   status_zh_review=review_label(status, out["pace_ratio"], out["progress_share"],
                                                 out["time_share"]))
        return out

    obs = obs[obs["year"] <= as_of].sort_values("year")
    out["observed"] = "; ".join(f"{int(y)}: {_num(v)}" for y, v in zip(obs["year"], obs["value"], strict=True))
    op, direction = row.get("target_op"), row.get("direction") or "higher"
    tau = row.get("target_value")
    hw = 0.0 if _isnan(row.get("band_halfwidth")) else float(row["band_halfwidth"])
    T = TARGET_YEAR if _isnan(row.get("target_year")) else int(row["target_year"])
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

    # 1. not assessable
    if obs.empty:
        return done("not_assessable", *NO_VALUES)
    if op == "relational":
        return done("not_assessable", "目标以另一序列定义，缺该参照序列的数据，无法评估。",
                    "The target is defined by another series, which is not monitored; no status.")
    if _flag(row.get("basis_change")):
        return done("not_assessable", "统计口径改变，不跨口径计算进度。",
                    "The measurement basis changes; no progress is computed across it.")
    if _isnan(tau):
        return done("not_assessable", "目标无数值。", "The target has no number.")
    if len(years) < 2:
        pts = "、".join(f"{y}年{_num(v)}" for y, v in zip(years, values, strict=True)) or "无"
        return done("not_assessable", f"仅有{len(years)}个可比数据点（{pts}），至少需要2个。",
                    f"Only {len(years)} comparable point(s); at least two are needed.")

    b, x_b = years[0], values[0]
    t, x_t = years[-1], values[-1]
    base_note_zh = "" if has_base else f"（无2020年基期值，以{b}年{_num(x_b)}为基期）"
    base_note_en = "" if has_base else f" (no 2020 baseline: {b} value {_num(x_b)} taken as base)"
    out["time_share"] = (t - b) / (T - b) if T > b else math.nan
    if not growth and tau != x_b:
        out["progress_share"] = (x_t - x_b) / (tau - x_b)

    # 2. growth targets: the actuals are yearly growth rates
    if growth:
        rates = [v for y, v in zip(years, values, strict=True) if y > BASE_YEAR]
        if not rates:
            return done("not_assessable", "规划期内无年度增速。", "No yearly growth rate within the plan period.")
        mean = float(np.mean(rates))
        ratio = pace.pace_ratio(mean, float(tau))
        out.update(actual_pace=mean, pace_ratio=ratio, projected_2025_actual=mean)
        if _isnan(row.get("required_pace")):
            out["required_pace"] = float(tau)
        span = f"{min(y for y in years if y > BASE_YEAR)}—{t}年"
        zh = f"{span}{len(rates)}个年度增速平均{mean:.2f}%，目标年均{_target_text(op, tau, hw)}%（R={ratio:.2f}）"
        en = f"{len(rates)} yearly growth rate(s) to {t} average {mean:.2f}%, target {op} {_num(tau)}% " \
             f"a year (R={ratio:.2f})"
        if t >= T:
            ok = pace.satisfies(mean, op, tau, "higher", hw)
            status = "achieved" if ok else ("regressing" if ratio < 0 else "off_track")
            return done(status, zh + ("，目标实现。" if ok else "，目标未实现。"),
                        en + ("; target met." if ok else "; target missed."))
        return done(grade(ratio), zh + "。", en + ".")

    if method not in ("cagr", "linear", "shortfall"):
        return done("not_assessable", "无可用的进度计算方法。", "No pace method for this indicator.")
    fit = fit_pace(method, years, values, T)
    actual = fit["pace"]
    scale = 100.0 if method in PCT_PACES else 1.0
    proj = pace.project(method, x_t, actual / scale, T - t)
    out.update(actual_pace=actual, projected_2025_actual=proj, projection_low=fit["low"],
               projection_high=fit["high"])
    act_txt, m_zh, m_en = _pace_text(method, actual, unit)
    act_en = _pace_text(method, actual, unit, "en")[0]
    tgt = _target_text(op, tau, hw)
    now_ok = pace.satisfies(x_t, op, tau, direction, hw)
    proj_ok = math.isnan(proj) or pace.satisfies(proj, op, tau, direction, hw)
    latest_zh, latest_en = f"{t}年{_num(x_t)}", f"{t}: {_num(x_t)}"

    # required pace and R
    base_ok = pace.satisfies(x_b, op, tau, direction, hw) and not cumulative
    if base_ok:
        required = pace.pace(method, x_t, tau, T - t) * scale if t < T else math.nan
        req_note_zh, req_note_en = f"（基期已达标，需从{t}年回到目标）", f" (met at the base; from {t} back to the target)"
    elif has_base and not _isnan(row.get("required_pace")):
        required, req_note_zh, req_note_en = float(row["required_pace"]), "", ""
    else:
        required = pace.pace(method, x_b, tau, T - b) * scale
        req_note_zh, req_note_en = "", ""
        if _isnan(row.get("required_pace")):
            out["required_pace"] = required
    # a target met at the base and now: the plan's "required" pace is slack, not a pace towards it
    ratio = math.nan if base_ok and now_ok else pace.pace_ratio(actual, required, direction)
    out["pace_ratio"] = ratio
    req_txt, req_en = _pace_text(method, required, unit)[0], _pace_text(method, required, unit, "en")[0]
    r_txt = f"R={ratio:.2f}" if not math.isnan(ratio) else "R=—"
    pace_zh = f"{m_zh}{act_txt}，需{req_txt}{req_note_zh}（{r_txt}）"
    pace_en = f"yearly {m_en} {act_en} ({fit['how']}), {req_en} needed{req_note_en} ({r_txt})"
    proj_zh = f"按此速度{T}年约{_sig(proj)}" if not math.isnan(proj) else f"无法推算{T}年"
    proj_en = f"{_sig(proj)} in {T} at this pace" if not math.isnan(proj) else f"no projection to {T}"

    # 3. achieved / at risk
    if now_ok:
        if t >= T or proj_ok:
            return done("achieved", f"{latest_zh}，已满足目标{tgt}；{proj_zh}，仍满足{base_note_zh}。",
                        f"{latest_en} meets the target {op} {_num(tau)}; {proj_en}, still meeting it"
                        f"{base_note_en}.")
        word = "上限" if direction == "lower" or op in ("<=", "<") else "目标"
        return done("at_risk", f"预警：{latest_zh}目前满足{word}{tgt}，但{m_zh}{act_txt}，{proj_zh}，"
                    f"将突破{word}{base_note_zh}。",
                    f"Warning: {latest_en} meets the target {op} {_num(tau)} now, but at a yearly {m_en} of "
                    f"{act_en} it reaches {_sig(proj)} in {T}, breaching it{base_note_en}.")
    if t >= T:
        status = "regressing" if not math.isnan(ratio) and ratio < 0 else "off_track"
        return done(status, f"{latest_zh}，未达到目标{tgt}（{T}年目标未实现）{base_note_zh}。",
                    f"{latest_en} misses the target {op} {_num(tau)} in the target year{base_note_en}.")
    if math.isnan(ratio):
        return done("not_assessable", f"{latest_zh}，{pace_zh}：速度无法计算{base_note_zh}。",
                    f"{latest_en}; {pace_en}: the pace cannot be computed{base_note_en}.")

    # 4. cumulative counts: 时间过半、任务过半
    if cumulative:
        c = cumulative_progress(x_t, float(tau), t, b, T)
        status = "on_track" if c["ok"] else ("needs_acceleration" if ratio >= R_MODERATE else grade(ratio))
        zh = (f"截至{t}年累计{_num(x_t)}{unit}，完成目标{_num(tau)}的{c['completed_share']:.1%}"
              f"（时间进度{c['time_share']:.0%}）；已完成年均{c['run_rate']:.1f}，剩余需年均"
              f"{c['required_run_rate']:.1f}（{r_txt}）")
        en = (f"{_num(x_t)} done by {t}, {c['completed_share']:.1%} of {_num(tau)} with {c['time_share']:.0%} "
              f"of the time gone; run rate {c['run_rate']:.1f} a year so far, {c['required_run_rate']:.1f} a year "
              f"needed for the rest ({r_txt})")
        verdict_zh = "，时间过半、任务过半。" if c["ok"] else "，任务进度落后于时间进度。"
        verdict_en = ": on schedule." if c["ok"] else ": completions lag the time elapsed."
        return done(status, zh + verdict_zh, en + verdict_en)

    # 5. by the pace ratio
    return done(grade(ratio), f"{latest_zh}，{pace_zh}；{proj_zh}（目标{tgt}）{base_note_zh}。",
                f"{latest_en}; {pace_en}; {proj_en} (target {op} {_num(tau)}){base_note_en}.")


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
              "projected_2025_actual", "projection_low", "projection_high"):
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
        if fresh:
            pts_zh = "、".join(f"{y}年{'修订' if y in old_pts else '新'}数据 {_num(v)}" for y, v in fresh.items())
            pts_en = ", ".join(f"{'revised' if y in old_pts else 'new'} {y} value {_num(v)}"
                               for y, v in fresh.items())
        else:
            pts_zh, pts_en = "无新数据", "no new data"
        if not math.isnan(r0) and not math.isnan(r1):
            move = "升至" if r1 > r0 else "降至" if r1 < r0 else "保持"
            r_zh, r_en = f"R 由 {r0:.2f} {move} {r1:.2f}", f" moves R from {r0:.2f} to {r1:.2f}"
        elif not math.isnan(r1):
            r_zh, r_en = f"R 为 {r1:.2f}", f" gives R = {r1:.2f}"
        else:
            r_zh, r_en = "", ""
        if r_zh:
            r_zh = f" 使 {r_zh}" if fresh else f"，{r_zh}"
        zh = f"{pts_zh}{r_zh}，状态由{STATUS_ZH.get(before, before)}变为{STATUS_ZH.get(now, now)}。"
        en = f"{pts_en[0].upper() + pts_en[1:]}{r_en}; status {before or 'none'} -> {now or 'none'}."
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
