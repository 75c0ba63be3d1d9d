"""Annual monitoring: observed values (actuals) against the plan's targets, with a status and its reason.

Three steps, each a small pure function (pandas in, pandas out), plus the reader of the actuals file:
:func:`jzanalysis.inputs.actuals.load_actuals` (validated long CSV), :func:`monitor` (the assessment plus
the monitoring columns, :data:`MONITOR_COLUMNS`) and :func:`jzanalysis.analysis.changes.what_changed`
(status changes between two monitoring runs); the final evaluation is :mod:`jzanalysis.analysis.final`.

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
  the endpoints (:func:`jzanalysis.analysis.pace.pace`); with three or more an OLS fit on the actual years (a gap
  year stays a gap) of ``log x`` (cagr), ``x`` (linear) or ``log(100 - x)`` (shortfall) on the year.
* ``projected_actual`` carries the latest value forward at the actual pace
  (:func:`jzanalysis.analysis.pace.project`); ``projection_low`` / ``projection_high`` are the 95 % t-based
  prediction interval of the fit at the target year (three or more points; NaN with two: no band).
* ``pace_ratio`` ``R = actual / required`` (Eurostat). Required is the row's ``required_pace``; with no
  plan baseline it is recomputed from the first observed point to ``tau`` over ``T - b`` (and written
  into ``required_pace``); when the base point already met the target but the latest does not, it is
  the pace from ``x_t`` to ``tau`` over ``T - t`` (quoted in the reason). For lower-is-better rows both
  paces are negative when moving the right way, so R > 0 means progress.

Status rules (in this order; target semantics as in :mod:`jzanalysis.analysis.assess`, via
:func:`jzanalysis.analysis.pace.satisfies` with the row's ``target_op``, ``direction`` and ``band_halfwidth``)
---------------------------------------------------------------------------------------------------------
1. ``not_assessable``: a relational target (its reference series is not monitored); a change of
   measurement basis; no target number. Then ``no_data`` (缺少数据): no observed value of the period
   (after the plan baseline's year, or from 2020 without one) up to ``as_of``, in every year, monitoring
   and final. Then ``not_assessable`` again for fewer than two points (the baseline counts as one) -- except
   at or after ``T``, where one value in ``T`` or later is enough for a target with no baseline (96
   against >=95 is achieved) -- and for a pace that cannot be computed.
2. Final evaluation, ``as_of >= T`` (:mod:`jzanalysis.analysis.final`): ``achieved`` (完成) when the latest
   value (for growth targets the geometric mean of the yearly rates) meets the target; ``mostly_achieved``
   (基本完成) when it misses but is close by one documented rule (the value rounded half-up to the
   target's printed decimals reaches it, or a count is short by at most 0.5 % of the target) and has moved
   from its baseline in the planned direction; else ``not_achieved`` (未完成). No projection;
   ``final_gap`` = latest - the binding edge, ``final_gap_share`` = |gap| / |tau - x_b| (missed rows);
   ``status_zh_review`` 完成 / 基本完成 / 未完成. The reason says when the latest year is before ``T``.
3. Growth targets (``kind == "growth"``: the actuals are yearly growth rates in %): ``actual_pace`` is the
   geometric mean of the observed rates for ``b < year <= t``, ``((1+r1)...(1+rn))^(1/n) - 1``
   (:func:`jzanalysis.analysis.final.geometric_mean_rate`), ``R = mean / tau``, graded as in 6.
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
``regressing`` 滞后; ``no_data`` 缺少数据; ``not_assessable`` 无法评估. Reasons come from ``locales/<lang>/monitor.yaml``.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from jzanalysis.analysis import pace
from jzanalysis.analysis.final import (
    decimals,
    final_growth,
    final_level,
    geometric_mean_rate,
    meets_when_rounded,
    precision,
)
from jzanalysis.analysis.reasons import blank, cat, column_names, columns, merged, method_words, per_language
from jzanalysis.analysis.reasons import each as _both
from jzanalysis.analysis.reasons import flag as _flag
from jzanalysis.analysis.reasons import pace_text as _pace_text
from jzanalysis.fmt import exact as _num
from jzanalysis.fmt import missing as _isnan
from jzanalysis.fmt import sig as _sig
from jzanalysis.i18n import languages, punctuation, t
from jzanalysis.plan.target import Target

__all__ = ["FINAL_STATUSES", "MONITOR_COLUMNS", "STATUSES", "STATUS_ZH", "counts_by_attribute", "cumulative_progress",
           "decimals", "fit_pace", "grade", "meets_when_rounded", "monitor", "monitor_row", "precision",
           "review_label"]



@functools.cache
def _bundled_years() -> tuple[int, int]:
    """The bundled plan's base and target years (plan.yaml): the defaults when neither a row nor the
    caller gives a year (no year of any plan is written in the code)."""
    from jzanalysis.plan.config import default_config

    c = default_config()
    return int(c.base_year), int(c.target_year)


def plan_years(config=None) -> tuple[int, int]:
    """``(base_year, target_year)`` of ``config`` (plan.yaml), else of the bundled plan."""
    return (int(config.base_year), int(config.target_year)) if config is not None else _bundled_years()

#: Columns :func:`monitor` adds to the assessment.
MONITOR_COLUMNS = [
    "observed", "n_points", "latest_year", "latest_value", "actual_pace", "pace_ratio", "time_share",
    "progress_share", "projected_actual", "projection_low", "projection_high", "status",
    "status_zh_review", "status_reason_zh", "status_reason_en", "final_gap", "final_gap_share", "status_rule",
    "final_is_estimate",
]
#: Every status, best first; ``no_data`` (no value entered) and ``not_assessable`` (a value cannot be judged:
#: a change of basis, a relational target ...) are counted apart, in every year.
STATUSES = ["achieved", "mostly_achieved", "on_track", "at_risk", "needs_acceleration", "off_track", "regressing",
            "not_achieved", "no_data", "not_assessable"]
#: The statuses of a final evaluation (as_of >= the target year): 完成 / 基本完成 / 未完成 and the two without a verdict.
FINAL_STATUSES = ["achieved", "mostly_achieved", "not_achieved", "no_data", "not_assessable"]
STATUS_ZH = {**{s: t(f"monitor.status.{s}", "zh") for s in STATUSES}, "": "无"}
#: Thresholds on the pace ratio R (Eurostat).
R_ON_TRACK, R_MODERATE = 0.95, 0.60
SHARE_KINDS = {"share", "rate"}
PCT_PACES = {"cagr", "shortfall"}


def fit_pace(method: str, years, values, target_year: int | None = None) -> dict:
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
    Two points: :func:`jzanalysis.analysis.pace.pace` between them. Three or more: OLS ``y = a + b (year - year_0)``
    with ``y = log x`` (cagr: pace ``e^b - 1``), ``y = x`` (linear: pace ``b``) or ``y = log(100 - x)``
    (shortfall: pace ``e^b - 1``, negative while the gap closes); the band is the 95 % prediction
    interval of a new observation at ``target_year`` (t with n - 2 df, :func:`jzanalysis.analysis.ols.line_fit`,
    the same numbers as statsmodels' ``obs_ci_lower/upper``) transformed back (``e^y``, ``100 - e^y``). Values a method
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
    from jzanalysis.analysis.ols import line_fit

    x0 = yrs[0]
    target_year = plan_years()[1] if target_year is None else target_year
    fit = line_fit(yrs - x0, y, target_year - x0, alpha=0.05)
    slope = fit["slope"]
    rate = slope if method == "linear" else math.expm1(slope) * scale
    ends = sorted(float(back(fit[c])) for c in ("low", "high"))
    return {"pace": rate, "low": ends[0], "high": ends[1], "how": "OLS"}


def cumulative_progress(c_t: float, tau: float, t: int, base_year: int | None = None,
                        target_year: int | None = None) -> dict:
    """时间过半、任务过半 for a five-year cumulative count.

    Notes
    -----
    Completed share ``C_t / tau`` against the time share ``f = (t - b) / (T - b)``; achieved run rate
    ``C_t / (t - b)`` against the required run rate ``(tau - C_t) / (T - t)``. ``ok`` when both hold.
    """
    b0, t0 = plan_years()
    base_year = b0 if base_year is None else base_year
    target_year = t0 if target_year is None else target_year
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
    if status == "mostly_achieved":
        return t("monitor.review.mostly_done", "zh")
    if status == "no_data":
        return t("monitor.review.no_data", "zh")
    return t("monitor.review.none", "zh")


# --------------------------------------------------------------------------------------------------------
# monitoring one row
# --------------------------------------------------------------------------------------------------------


def _empty_result() -> dict:
    return {"observed": "", "n_points": 0, "latest_year": pd.NA, "latest_value": math.nan,
            "actual_pace": math.nan, "pace_ratio": math.nan, "time_share": math.nan,
            "progress_share": math.nan, "projected_actual": math.nan, "projection_low": math.nan,
            "projection_high": math.nan, "final_gap": math.nan, "final_gap_share": math.nan, "status_rule": ""}


@dataclass
class _Points:
    """One row's target and the points its status rests on (baseline first when the plan gives one)."""

    target: Target
    T: int
    final: bool
    unit: str
    growth: bool
    cumulative: bool
    method: str
    has_base: bool
    years: list
    values: list
    first: int  # first year a value of the period can have (after the plan baseline, or 2020 without one)

    @property
    def op(self) -> str | None:
        return self.target.op

    @property
    def direction(self) -> str:
        return self.target.direction

    @property
    def tau(self) -> float:
        return math.nan if self.target.value is None else self.target.value

    @property
    def hw(self) -> float:
        return self.target.hw

    @property
    def b(self) -> int:
        return self.years[0]

    @property
    def x_b(self) -> float:
        return self.values[0]

    @property
    def t(self) -> int:
        return self.years[-1]

    @property
    def x_t(self) -> float:
        return self.values[-1]


@dataclass
class _Verdict:
    status: str
    texts: dict[str, str]
    rule: str = ""
    review: str | None = None


def _points_of(row: pd.Series, obs: pd.DataFrame, as_of: int, years: tuple[int, int]) -> _Points:
    """The points of a row: its plan baseline (a cumulative count starts at 0) and the observations after it
    (``years``: the plan's base and target years, for a row that gives none)."""
    T = years[1] if _isnan(row.get("target_year")) else int(row["target_year"])
    kind = row.get("kind")
    growth = kind == "growth" or row.get("primary_pace") == "growth"
    cumulative = kind == "cumulative"
    x_b = row.get("baseline_value")
    b = years[0] if _isnan(row.get("baseline_year")) else int(row["baseline_year"])
    has_base = not _isnan(x_b)
    if cumulative and not has_base:
        x_b, has_base = 0.0, True
    used = obs[obs["year"] > b] if has_base else obs[obs["year"] >= b]
    # a cumulative count counts from 0 at the baseline: never met there (Target.met_at_baseline)
    target = Target.from_row(row).replaced(direction=row.get("direction") or "higher", cumulative=cumulative)
    return _Points(target=target, T=T,
                   final=as_of >= T, unit="" if _isnan(row.get("unit")) else str(row["unit"]), growth=growth,
                   cumulative=cumulative, method="growth" if growth else row.get("primary_pace"),
                   has_base=has_base, years=([b] if has_base else []) + [int(y) for y in used["year"]],
                   values=([float(x_b)] if has_base else []) + [float(v) for v in used["value"]],
                   first=b + 1 if has_base else b)


def _unassessable(row: pd.Series, p: _Points, as_of: int) -> _Verdict | None:
    """Rule 1: a relational target, a change of basis, no target number (not_assessable); no value of the
    period (no_data); fewer than two points before the target year (not_assessable)."""
    if p.op == "relational":
        return _Verdict("not_assessable", _both("monitor.reason.relational"))
    if p.op == "text_target":  # a target in words (应保尽保): no number to judge a value against
        return _Verdict("not_assessable", _both("monitor.reason.text_target", text=row.get("target_text", "")))
    if _flag(row.get("basis_change")) and not p.final:
        # before the target year no progress across the two bases; in the final evaluation the values on
        # the new basis are judged against the target (no value: no data)
        return _Verdict("not_assessable", _both("monitor.reason.basis_change"))
    if _isnan(p.tau):
        return _Verdict("not_assessable", _both("monitor.reason.no_target"))
    if len(p.years) == int(p.has_base):
        period = {lang: t("monitor.piece.year", lang, t=p.first) if p.first >= as_of else
                  t("monitor.piece.years", lang, first=p.first, t=as_of) for lang in languages()}
        return _Verdict("no_data", _both("monitor.reason.no_values", merged(None, period=period)), review=t("monitor.review.no_data", "zh"))
    # at or after the target year one value in the target year (or later) is enough to judge it
    single_final = p.final and not p.growth and p.t >= p.T
    if len(p.years) < 2 and not single_final:
        pts = {lang: punctuation(lang)["sep"].join(t("monitor.piece.point", lang, t=y, value=_num(v))
                                                          for y, v in zip(p.years, p.values, strict=True)) or "—"
               for lang in languages()}
        return _Verdict("not_assessable", _both("monitor.reason.too_few", merged(None, points=pts), n=len(p.years)))
    return None


def _growth_status(row: pd.Series, p: _Points, out: dict, late: dict[str, str]) -> _Verdict:
    """Rule 3: a growth target, the actuals being yearly growth rates in %."""
    base = p.first - int(p.has_base)  # the row's (or the plan's) base year
    rates = [v for y, v in zip(p.years, p.values, strict=True) if y > base]
    if not rates:
        return _Verdict("not_assessable", _both("monitor.reason.no_rates"))
    mean = geometric_mean_rate(rates)
    ratio = pace.pace_ratio(mean, float(p.tau))
    out.update(actual_pace=mean, pace_ratio=ratio, projected_actual=math.nan if p.final else mean)
    if _isnan(row.get("required_pace")):
        out["required_pace"] = float(p.tau)
    first = min(y for y in p.years if y > base)
    common = {"first": first, "t": p.t, "n": len(rates), "mean": f"{mean:.2f}", "target": p.target.quote()}
    if p.final:
        f = final_growth(mean, p.target, late, common)
        out["final_gap"] = f.gap
        return _Verdict(f.status, f.texts, "final", f.review)
    return _Verdict(grade(ratio), _both("monitor.reason.growth", r=f"{ratio:.2f}", **common), "pace_ratio")


def _required(row: pd.Series, p: _Points, out: dict, method: str, cap: bool, base_ok: bool,
              scale: float) -> tuple[float, dict[str, str]]:
    """The required pace (and a note when the base already met the target)."""
    if base_ok:
        return pace.pace(method, p.x_t, p.tau, p.T - p.t) * scale, _both("monitor.note.base_met", t=p.t)
    if cap:
        return pace.pace("linear", p.x_b, p.tau, p.T - p.b), blank()
    if p.has_base and not _isnan(row.get("required_pace")):
        return float(row["required_pace"]), blank()
    required = pace.pace(method, p.x_b, p.tau, p.T - p.b) * scale
    if _isnan(row.get("required_pace")):
        out["required_pace"] = required
    return required, blank()


def _pace_status(row: pd.Series, p: _Points, out: dict, base_note: dict[str, str]) -> _Verdict:
    """Rules 4 to 6: achieved or at risk, cumulative counts, then the pace ratio with its two floors."""
    tgt = p.target.quote()
    latest = _both("monitor.piece.latest", t=p.t, value=_num(p.x_t))
    now_ok = p.target.met(p.x_t)
    # a target of exactly 100 with the shortfall pace: the required rate is -100 % whatever the path,
    # so the ratio uses the yearly change instead (the straight line to 100)
    cap = p.method == "shortfall" and float(p.tau) >= pace.SHORTFALL_CAP
    method = "linear" if cap else p.method
    fit = fit_pace(method, p.years, p.values, p.T)
    actual = fit["pace"]
    scale = 100.0 if method in PCT_PACES else 1.0
    proj = pace.project(method, p.x_t, actual / scale, p.T - p.t)
    out.update(actual_pace=actual, projected_actual=proj, projection_low=fit["low"], projection_high=fit["high"])
    act = per_language(lambda lang: _pace_text(method, actual, p.unit, lang))
    m = method_words(method)
    proj_ok = math.isnan(proj) or p.target.met(proj)

    base_ok = p.target.met_at_baseline(p.x_b)
    required, req_note = _required(row, p, out, method, cap, base_ok, scale)
    # a target met at the base and now: the plan's "required" pace is slack, not a pace towards it
    ratio = math.nan if base_ok and now_ok else pace.pace_ratio(actual, required, p.direction)
    out["pace_ratio"] = ratio
    req = per_language(lambda lang: _pace_text(method, required, p.unit, lang))
    r_txt = f"{ratio:.2f}" if not math.isnan(ratio) else "—"  # the pace ratio R (monitor.piece.pace)
    cap_note = _both("monitor.note.cap") if cap else blank()
    pace_txt = _both("monitor.piece.pace", merged(None, method=m, act=act, req=req, req_note=req_note,
                                                  cap_note=cap_note), r=r_txt)
    proj_txt = _both("monitor.piece.proj", T=p.T, value=_sig(proj)) if not math.isnan(proj) \
        else _both("monitor.piece.no_proj", T=p.T)
    word = _both("monitor.word.ceiling" if p.target.is_ceiling else "monitor.word.target")

    # 4. achieved / at risk (a five-year total or a yearly average is not done before the target year:
    # it gets its progress, rule 5)
    if now_ok and not (p.cumulative or p.target.annual_average):
        if proj_ok:
            return _Verdict("achieved", _both(
                "monitor.reason.achieved", merged(None, latest=latest, proj=proj_txt, base_note=base_note), target=tgt), "target_met")
        return _Verdict("at_risk", _both(
            "monitor.reason.at_risk", merged(None, latest=latest, word=word, method=m, act=act, proj=proj_txt,
                                             base_note=base_note), target=tgt), "target_met")
    if math.isnan(ratio):
        return _Verdict("not_assessable", _both(
            "monitor.reason.no_pace", merged(None, latest=latest, pace=pace_txt, base_note=base_note)))
    if p.cumulative:
        return _cumulative_status(p, ratio, r_txt)
    return _by_ratio(p, out, ratio, _both(
        "monitor.reason.by_ratio", merged(None, latest=latest, pace=pace_txt, proj=proj_txt, base_note=base_note),
        target=tgt), base_ok)


def _cumulative_status(p: _Points, ratio: float, r_txt: str) -> _Verdict:
    """Rule 5: a five-year cumulative count, 时间过半、任务过半."""
    c = cumulative_progress(p.x_t, float(p.tau), p.t, p.b, p.T)
    if p.target.met(p.x_t):  # reached before the target year: progress, not yet 完成
        return _Verdict("on_track", _both("monitor.reason.cumulative_reached", {"zh": {"unit": p.unit}, "en": {"unit": ""}},
                                          t=p.t, value=_num(p.x_t), target=_num(p.tau), T=p.T,
                                          done=f"{c['completed_share']:.1%}", f=f"{c['time_share']:.0%}"),
                        "cumulative")
    status = "on_track" if c["ok"] else ("needs_acceleration" if ratio >= R_MODERATE else grade(ratio))
    fields = {"t": p.t, "value": _num(p.x_t), "target": _num(p.tau), "done": f"{c['completed_share']:.1%}",
              "f": f"{c['time_share']:.0%}", "run": f"{c['run_rate']:.1f}", "need": f"{c['required_run_rate']:.1f}",
              "r": r_txt}
    text = _both("monitor.reason.cumulative", {"zh": {"unit": p.unit}, "en": {"unit": ""}}, **fields)
    tail = _both("monitor.reason.cumulative_ok" if c["ok"] else "monitor.reason.cumulative_lag")
    return _Verdict(status, cat(text, tail), "cumulative")


def _by_ratio(p: _Points, out: dict, ratio: float, texts: dict[str, str], base_ok: bool) -> _Verdict:
    """Rule 6: graded by R, with the straight line and the dead band as floors."""
    status, rule = grade(ratio), "pace_ratio"
    pi, f = out["progress_share"], out["time_share"]
    if status != "on_track" and not base_ok and not _isnan(pi) and not _isnan(f) and pi >= f - 1e-9:
        extra = _both("monitor.reason.straight_line", pi=f"{pi:.0%}", f=f"{f:.0%}")
        return _Verdict("on_track", cat(texts, extra), "straight_line")
    if status == "regressing":
        delta = fit_pace("linear", p.years, p.values, p.T)["pace"] * (p.t - p.b)
        prec = precision(p.values)
        if abs(delta) < prec - 1e-12:
            extra = _both("monitor.reason.dead_band", years=p.t - p.b, delta=_sig(delta, 2), precision=_num(prec))
            return _Verdict("off_track", cat(texts, extra), "dead_band")
    return _Verdict(status, texts, rule)


def _final_notes(row: pd.Series, p: _Points, as_of: int) -> dict[str, str]:
    """The notes of a final verdict: judged at the target's own year (dated before the report year), on a
    new measurement basis, on a value before the target year (``monitor.note.*``)."""
    if not p.final:
        return blank()
    notes = []
    if p.T < as_of:
        notes.append(_both("monitor.note.own_year", T=p.T))
    if _flag(row.get("basis_change")) and p.has_base:
        printed = Target.read(str(row.get("target_text") or "")) if isinstance(row.get("target_text"), str) else None
        basis = p.target.basis or (printed.basis if printed is not None else "")
        notes.append(_both("monitor.note.new_basis", basis=basis or "—", b=p.b,
                           x_b=_num(p.x_b)))
    if p.t < p.T:
        notes.append(_both("monitor.note.late", t=p.t, T=p.T))
    return cat(*notes)


def monitor_row(row: pd.Series, obs: pd.DataFrame, as_of: int, years: tuple[int, int] | None = None) -> dict:
    """Monitoring columns for one assessment row and its observed values (``year``, ``value``).

    Returns a dict of :data:`MONITOR_COLUMNS` (and ``required_pace`` when it was recomputed from the first
    observed point). The rules are those of the module docstring.
    """
    out = _empty_result()
    obs = obs[obs["year"] <= as_of].sort_values("year")
    out["observed"] = "; ".join(f"{int(y)}: {_num(v)}" for y, v in zip(obs["year"], obs["value"], strict=True))
    years = plan_years() if years is None else years
    own = years[1] if _isnan(row.get("target_year")) else int(row["target_year"])
    # a target dated before the report year is judged at its own year (the values up to it)
    p = _points_of(row, obs[obs["year"] <= own] if own < as_of else obs, as_of, years)
    out["n_points"] = len(p.years)
    if p.years:
        out["latest_year"], out["latest_value"] = p.years[-1], p.values[-1]
    verdict = _unassessable(row, p, as_of)
    if verdict is None:
        base_note = blank() if p.has_base else _both("monitor.note.no_base", year=p.b, value=_num(p.x_b))
        late = _final_notes(row, p, as_of)
        out["time_share"] = (p.t - p.b) / (p.T - p.b) if p.T > p.b else math.nan
        if not p.growth and p.tau != p.x_b and len(p.years) > 1:
            out["progress_share"] = (p.x_t - p.x_b) / (p.tau - p.x_b)
        if p.growth:
            verdict = _growth_status(row, p, out, late)
        elif p.method not in ("cagr", "linear", "shortfall"):
            verdict = _Verdict("not_assessable", _both("monitor.reason.no_method"))
        elif p.final:
            latest = _both("monitor.piece.latest", t=p.t, value=_num(p.x_t))
            f = final_level(p.x_t, p.x_b, p.target, p.unit, latest, late, kind=str(row.get("kind") or ""),
                            has_base=p.has_base and not _flag(row.get("basis_change")))
            out["final_gap"], out["final_gap_share"] = f.gap, f.gap_share
            verdict = _Verdict(f.status, f.texts, "final", f.review)
    if verdict is None:
        verdict = _pace_status(row, p, out, base_note)
    review = verdict.review
    if review is None:
        review = t("monitor.review.none", "zh") if p.final else review_label(
            verdict.status, out["pace_ratio"], out["progress_share"], out["time_share"])
    out.update(status=verdict.status, **columns("status_reason", verdict.texts),
               status_zh_review=review, status_rule=verdict.rule)
    return out


def monitor(assessment: pd.DataFrame, actuals: pd.DataFrame, as_of: int | None = None,
            config=None) -> pd.DataFrame:
    """The assessment with the monitoring columns, as of a year.

    Parameters
    ----------
    assessment : DataFrame
        Plan-time assessment (:data:`jzanalysis.analysis.assess.ASSESS_COLUMNS`).
    actuals : DataFrame
        Observed values with ``id``, ``year``, ``value`` (as from :func:`jzanalysis.inputs.actuals.load_actuals`).
    as_of : int, optional
        Use observations up to this year (default: the latest year in ``actuals``).
    config : PlanConfig, optional
        The plan (default target year when there are no actuals; a row's own base and target years win).

    Returns
    -------
    DataFrame
        All rows and columns of ``assessment`` plus :data:`MONITOR_COLUMNS`; rows without actuals are
        ``not_assessable`` ("no observed values"). ``required_pace`` is filled in for rows with no plan
        baseline that are assessed from their first observed point.

    Notes
    -----
    ``R = actual_pace / required_pace`` (Eurostat); ``time_share f = (t - b) / (T - b)``;
    ``progress_share pi = (x_t - x_b) / (tau - x_b)``; ``projected_actual = project(x_t, pace,
    T - t)``. Status rules: module docstring.
    """
    if as_of is None:
        as_of = int(actuals["year"].max()) if len(actuals) else plan_years(config)[1]
    by_id = {k: g for k, g in actuals.groupby("id", sort=False)} if len(actuals) else {}
    empty = pd.DataFrame({"year": pd.Series(dtype=int), "value": pd.Series(dtype=float)})
    frame = assessment.copy().reset_index(drop=True)
    years = plan_years(config)
    rows = [monitor_row(r, by_id.get(r["id"], empty)[["year", "value"]], as_of, years) for _, r in frame.iterrows()]
    res = pd.DataFrame(rows, index=frame.index)
    if "required_pace" in res:
        fill = res["required_pace"].notna()
        frame.loc[fill, "required_pace"] = res.loc[fill, "required_pace"]
    for c in MONITOR_COLUMNS[:-1]:  # final_is_estimate: from the actuals' value kinds, below
        frame[c] = res[c]
    for c in column_names("status_reason"):  # a further language's reasons, after the documented columns
        if c not in MONITOR_COLUMNS:
            frame[c] = res[c]
    frame["final_is_estimate"] = final_estimates(frame, actuals)
    frame["n_points"] = frame["n_points"].astype(int)
    frame["latest_year"] = frame["latest_year"].astype("Int64")
    for c in ("latest_value", "actual_pace", "pace_ratio", "time_share", "progress_share",
              "projected_actual", "projection_low", "projection_high", "final_gap", "final_gap_share"):
        frame[c] = frame[c].astype(float)
    return frame


def final_estimates(frame: pd.DataFrame, actuals: pd.DataFrame) -> pd.Series:
    """``final_is_estimate``: a final verdict (``status_rule == "final"``) resting on an estimate (预计值,
    ``value_kind == "estimate"`` in the actuals): the latest value's kind; for a 年均 growth target any
    yearly rate of the period up to the latest year. False elsewhere.
    """
    out = pd.Series(False, index=frame.index, dtype=bool)
    if "value_kind" not in actuals.columns or not len(actuals):
        return out
    est = actuals[actuals["value_kind"] == "estimate"]
    for i, r in frame[frame["status_rule"] == "final"].iterrows():
        mine = est[est["id"] == r["id"]]
        if mine.empty or _isnan(r.get("latest_year")):
            continue
        t_ = int(r["latest_year"])
        growth = r.get("kind") == "growth" or r.get("primary_pace") == "growth"
        base = -math.inf if _isnan(r.get("baseline_year")) else int(r["baseline_year"])
        years = mine["year"].astype(int)
        out.at[i] = bool(((years > base) & (years <= t_)).any() if growth else (years == t_).any())
    return out


def counts_by_attribute(assessment: pd.DataFrame, status_column: str = "status") -> pd.DataFrame:
    """Statuses counted by the plan's attribute (约束性 binding / 预期性 expected), binding first.

    Parameters
    ----------
    assessment : DataFrame
        A monitored assessment (:func:`jzanalysis.analysis.status.monitor`) with ``attribute`` and ``status``.
    status_column : str
        The column counted (``status``; a plan-time assessment can pass ``feasibility``).

    Returns
    -------
    DataFrame
        Index ``attribute`` (``binding``, ``expected``, then ``""`` for targets in the plan's prose, which
        have none; only those present), one column per status in the order of
        :data:`jzanalysis.analysis.status.STATUSES` (only statuses present) and ``total``. Integers.

    Examples
    --------
    Five binding indicators, two met, one close, one missed, one without data:

    >>> a = pd.DataFrame({"attribute": ["binding"] * 5 + ["expected"],
    ...                   "status": ["achieved", "achieved", "mostly_achieved", "not_achieved", "no_data",
    ...                              "achieved"]})
    >>> c = counts_by_attribute(a)
    >>> c.loc["binding"].to_dict()
    {'achieved': 2, 'mostly_achieved': 1, 'not_achieved': 1, 'no_data': 1, 'total': 5}

    which the headline writes as 约束性指标5项：完成2项、基本完成1项、未完成1项、缺少数据1项.
    """
    attr = assessment.get("attribute", pd.Series([""] * len(assessment), index=assessment.index))
    attr = attr.where(attr.notna() & (attr.astype(str) != "nan"), "").astype(str)
    status = assessment[status_column].fillna("").astype(str)
    table = pd.crosstab(attr.rename("attribute"), status.rename("status"))
    order = [s for s in STATUSES if s in table.columns] + sorted(c for c in table.columns if c not in STATUSES)
    rows = [a for a in ("binding", "expected", "") if a in table.index] + \
        sorted(a for a in table.index if a not in ("binding", "expected", ""))
    table = table.reindex(index=rows, columns=order).fillna(0).astype(int)
    table["total"] = table.sum(axis=1)
    table.columns.name = None
    return table
