"""Plan-time assessment: required pace, reference pace, projection and a verdict with its reason.

One row per Table 1-1 indicator and per narrative target with a number (prose targets that repeat a table
indicator are covered by the table row and by the audit's table-vs-prose check).

Rules (one place; the monitoring status uses the same target semantics)
-----------------------------------------------------------------------
* Years: baseline 2020, target 2025, n = 5.
* Required pace, both reported: ``required_cagr = (tau/x0)^(1/n) - 1`` (in %), ``required_annual_change =
  (tau - x0)/n`` (unit/yr), and for shares near 100 the shortfall rate ``((100-tau)/(100-x0))^(1/n) - 1``.
  The *primary* one (``pace`` in the metadata) is used for the verdict: CAGR for levels and per-capita
  counts, linear for shares, rates and years, shortfall for shares near 100.
* Ceilings (``<=``, ``<``, and ``=`` for lower-is-better), floors (``>=``, ``>``, ``=`` for higher-is-
  better), about (``~``: target ± band_halfwidth, default 5 % of the target; the required pace aims at
  the target value, satisfaction uses the band's binding edge), cumulative five-year counts (baseline 0 at
  the end of 2020, required run rate ``tau/n`` per year), annual-average growth targets (the required pace
  *is* the target rate; the reference is the historical growth of the series it concerns).
* Verdict order: ``not_assessable`` (no baseline, basis change, relational target) > ``unreachable`` (a
  hard bound or an audit contradiction) > ``met_at_baseline`` > ``reachable`` / ``stretch`` (projection
  at the reference pace satisfies / misses the target) > ``no_reference``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from . import pace
from .data import index_facts, level_at, past_levels, period_years, points
from .fmt import num
from .metadata import load_metadata
from .series import series_by_id

ASSESS_COLUMNS = [
    "id", "seq", "source", "name", "name_en", "category", "attribute", "unit", "direction", "kind",
    "baseline_year", "baseline_value", "target_year", "target_value", "target_op", "band_halfwidth",
    "basis_change", "primary_pace", "required_cagr", "required_annual_change", "required_shortfall_rate", "required_pace",
    "reference_pace", "reference_source", "projected_2025", "gap_to_target", "feasibility",
    "reason_zh", "reason_en",
]
FEASIBILITY = ["met_at_baseline", "reachable", "stretch", "unreachable", "no_reference", "not_assessable"]
FEASIBILITY_ZH = {"met_at_baseline": "基期已达标", "reachable": "可实现", "stretch": "需加力",
                  "unreachable": "不可实现", "no_reference": "无参照速度", "not_assessable": "无法评估"}
PCT_PACES = {"cagr", "shortfall"}


@dataclass(frozen=True)
class Reference:
    """A reference pace in the primary method's measure, and where it comes from."""

    value: float
    source: str
    source_zh: str


def fmt_pace(method: str, value: float, unit: str = "") -> str:
    """``4.23%`` for a rate (``value`` in %), ``+0.17张`` for a linear pace."""
    if value is None or math.isnan(value):
        return "—"
    if method in PCT_PACES:
        return f"{value:.2f}%"
    return f"{value:+.3g}{unit}"


def _as_shown(method: str, value: float) -> float:
    """Paces are shown in % a year for cagr/shortfall, in unit a year for linear."""
    return value * 100 if method in PCT_PACES else value


def _as_rate(method: str, value: float) -> float:
    return value / 100 if method in PCT_PACES else value


def reference_for(ind: pd.Series, facts: pd.DataFrame, series: dict, meta_entry: dict) -> Reference | None:
    """The plan's own 2015->2020 history for an indicator, in its primary pace measure, or ``None``.

    Notes
    -----
    The pace from the earliest past level (:func:`jzanalysis.data.past_levels`: (a) a printed level;
    (b) ``x_2015 = x_2020 - change`` from a stated change; (c) ``x_2020 * count_2015 / count_2020`` from the
    absolute numerator of a per-capita indicator, population held constant, so the pace is the count's
    CAGR) to the baseline; (d) for growth targets, the historical growth of the series named in
    ``reference_from`` (the highest, the most favourable).
    """
    method = ind["pace"]
    x1 = ind["baseline_value"]
    if meta_entry.get("reference_from"):
        best = None
        for sid in meta_entry["reference_from"]:
            lv = points(facts, sid, "level", role="history")
            if len(lv) >= 2:
                a, b = lv.iloc[0], lv.iloc[-1]
                g = pace.cagr(a["value"], b["value"], int(b["year"]) - int(a["year"]))
                if best is None or g > best[0]:
                    best = (g, sid, a, b)
        if best:
            g, sid, a, b = best
            s = series[sid]
            return Reference(g * 100, f"{s['name_en']} {a['year']}-{b['year']} ({a['value']:g} -> {b['value']:g}), "
                             "the faster of the series it concerns",
                             f"“十三五”{s['name_zh']}年均增长{g * 100:.2f}%（{a['value']:g}→{b['value']:g}元）")
        return None
    past = past_levels(facts, series, ind["id"], x1, int(ind["baseline_year"]))
    if not past:
        return None
    p = past[0]
    n = int(ind["baseline_year"]) - p.year
    value = _as_shown(method, pace.pace(method, p.value, x1, n))
    if p.measure == "level":
        return Reference(value, f"plan prose {p.year}-{ind['baseline_year']}",
                         f"“十三五”期间（{p.year}—{ind['baseline_year']}年）")
    if p.measure == "change":
        return Reference(value, f"plan prose: +{p.start:g} since {p.year} ({p.value:g} -> {x1:g})",
                         f"规划正文：较{p.year}年增加{p.start:g}（{p.value:g}→{x1:g}）")
    return Reference(value, f"count {p.start:,.0f} -> {p.end:,.0f} ({p.year}-{ind['baseline_year']}), "
                     "population held constant",
                     f"总数{p.start:,.0f}→{p.end:,.0f}人（{p.year}—{ind['baseline_year']}年，人口按不变计）")


def _required(method, x0, tau, n, cumulative):
    if cumulative:
        x0 = 0.0
    return {
        "required_cagr": pace.cagr(x0, tau, n) * 100,
        "required_annual_change": pace.annual_change(x0, tau, n),
        "required_shortfall_rate": (pace.shortfall_rate(x0, tau, n) * 100 if method == "shortfall" else math.nan),
    }


def assess_row(ind: pd.Series, facts: pd.DataFrame, series: dict, meta_entry: dict,
               contradictions: dict[str, str]) -> dict:
    """Assess one indicator (a row of ``indicators.csv`` or a narrative target in the same shape)."""
    method, op, direction = ind["pace"], ind["target_op"], ind["direction"]
    x0, tau = ind["baseline_value"], ind["target_value"]
    n = int(ind["target_year"]) - int(ind["baseline_year"])
    hw = 0.0 if pd.isna(ind.get("band_halfwidth")) else float(ind["band_halfwidth"])
    cumulative = bool(ind.get("cumulative"))
    growth = ind["kind"] == "growth"
    unit = ind["unit"] if ind["unit"] not in ("%",) else "个百分点"
    out = {c: ind.get(c) for c in ASSESS_COLUMNS if c in ind.index}
    out.update({"primary_pace": method, "required_cagr": math.nan, "required_annual_change": math.nan,
                "required_shortfall_rate": math.nan, "required_pace": math.nan, "reference_pace": math.nan,
                "reference_source": "", "projected_2025": math.nan, "gap_to_target": math.nan})

    def verdict(v, zh, en):
        out.update(feasibility=v, reason_zh=zh, reason_en=en)
        return out

    if op == "relational":
        return verdict("not_assessable", f"目标以另一序列定义（{ind['target_text']}），需该序列数据才能评估。",
                       f"The target is defined by another series ({ind.get('target_text', '')}); it needs that series.")
    if ind.get("basis_change"):
        return verdict("not_assessable",
                       f"统计口径改变（{ind['baseline_basis']}→{ind['target_basis']}），不跨口径计算增速。",
                       "The measurement basis changes between 2020 and 2025; no pace is computed across it.")
    if pd.isna(tau):
        return verdict("not_assessable", "目标无数值。", "The target has no number.")
    if cumulative and pd.isna(x0):
        x0 = 0.0
        out["baseline_value"] = 0.0
    if growth:
        out.update(required_pace=tau, primary_pace="growth")
    elif pd.isna(x0):
        return verdict("not_assessable", "2020年无基期值，无法计算所需速度。",
                       "No 2020 baseline: the required pace cannot be computed.")
    else:
        req = _required(method, x0, tau, n, cumulative=False)
        out.update(req)
        key = {"cagr": "required_cagr", "linear": "required_annual_change",
               "shortfall": "required_shortfall_rate"}[method]
        out["required_pace"] = req[key]

    # hard bounds
    lo, hi = ind.get("lower_bound"), ind.get("upper_bound")
    if (not pd.isna(hi) and tau > hi) or (not pd.isna(lo) and tau < lo):
        return verdict("unreachable", f"目标{tau:g}超出取值范围[{lo:g}, {hi:g}]。",
                       f"The target {tau:g} lies outside the possible range [{lo:g}, {hi:g}].")
    if ind["id"] in contradictions:
        zh, en = contradictions[ind["id"]]
        if growth:
            ref = reference_for(ind, facts, series, meta_entry)
            if ref:
                out.update(reference_pace=ref.value, reference_source=ref.source)
        return verdict("unreachable", zh, en)
    if growth:
        ref = reference_for(ind, facts, series, meta_entry)
        if ref is None:
            return verdict("no_reference", f"目标为年均增长{tau:g}%，无历史增速可比。",
                           f"The target is {tau:g}% average annual growth; no historical rate to compare.")
        out.update(reference_pace=ref.value, reference_source=ref.source)
        ok = pace.satisfies(ref.value, op, tau, "higher")
        return verdict("reachable" if ok else "stretch",
                       f"需年均增长{tau:g}%，{ref.source_zh}。",
                       f"Needs {tau:g}% a year; reference {ref.value:.2f}% a year ({ref.source}).")
    if pace.satisfies(x0, op, tau, direction, hw) and not cumulative:
        word = "上限" if direction == "lower" or op in ("<=", "<") else "目标"
        return verdict("met_at_baseline",
                       f"2020年{x0:g}已满足{word}{ind['target_text']}（{op} {tau:g}）。",
                       f"The 2020 value {x0:g} already meets the target ({op} {tau:g}).")
    req_txt = fmt_pace(method, out["required_pace"], "" if method in PCT_PACES else unit)
    method_zh = {"cagr": "年均增长", "linear": "年均变化", "shortfall": "差距（距100）年均变化"}[method]
    method_en = {"cagr": "growth", "linear": "change", "shortfall": "change of the shortfall to 100"}[method]
    if cumulative:
        return verdict("no_reference",
                       f"五年累计{tau:g}{ind['unit']}，需每年完成{tau / n:g}{ind['unit']}；规划未给出可比的历史完成速度。",
                       f"Five-year cumulative {tau:g}: {tau / n:g} a year needed; the plan gives no past run rate.")
    ref = reference_for(ind, facts, series, meta_entry)
    if ref is None:
        return verdict("no_reference", f"需{method_zh}{req_txt}；规划未给出可比的历史速度。",
                       f"Needs a yearly {method_en} of {req_txt}; the plan gives no past pace to compare.")
    proj = pace.project(method, x0, _as_rate(method, ref.value), n)
    out.update(reference_pace=ref.value, reference_source=ref.source, projected_2025=proj,
               gap_to_target=proj - tau)
    ref_txt = fmt_pace(method, ref.value, "" if method in PCT_PACES else unit)
    ok = pace.satisfies(proj, op, tau, direction, hw)
    return verdict("reachable" if ok else "stretch",
                   f"需{method_zh}{req_txt}，{ref.source_zh}{method_zh}{ref_txt}；按此速度2025年约{num(proj, 3)}。",
                   f"Needs a yearly {method_en} of {req_txt}; {ref.source}: {ref_txt} a year, giving "
                   f"{num(proj, 3)} in 2025.")


def narrative_targets(facts: pd.DataFrame, series: dict, indicators: pd.DataFrame,
                      band_rel: float = 0.05, index=None) -> pd.DataFrame:
    """Narrative targets with a number, in the shape of ``indicators.csv``.

    A target of a named series (e.g. urban income) takes the series' metadata and its 2020 history level
    as baseline; any other target fact stands alone with no baseline (``not_assessable`` unless it is a
    five-year cumulative count). Targets that repeat a Table 1-1 indicator are left out, and so is a
    target stated again (same series, or same subject, value, unit, year and comparison): ids are unique.
    """
    rows, seen = [], set()
    tg = facts[(facts["role"] == "target") & (facts["indicator_id"] == "")]
    for _, f in tg.iterrows():
        s = series.get(f["series"], {}) if f["series"] else {}
        if s and f["measure"] not in ("level", "added"):
            continue
        sid = f["series"] if s else f["id"]
        key = (f["subject"], f["value"], f["unit"], str(f["year"]), f["op"])
        if sid in seen or key in seen:  # a target stated twice is assessed once (first statement)
            continue
        seen.update((sid, key))
        year = str(f["year"])
        span = period_years(year)
        # a period target in % is a level to hold over the period (入住率保持在90%以上), not a count
        cumulative = f["unit"] != "%" and (bool(span) or f["measure"] == "added" or f.get("qualifier") == "累计")
        base = level_at(index if index is not None else facts, sid, 2020) if s else None
        op = f["op"] if f["op"] in ("~", ">", ">=", "<", "<=") else "="
        rows.append({
            "id": sid, "seq": pd.NA, "source": f"prose line {f['line']}",
            "name": s.get("name_zh", f["subject"]), "name_en": s.get("name_en", ""),
            "category": f["section"], "attribute": "", "unit": f["unit"],
            "direction": s.get("direction", "higher"), "kind": s.get("kind", "cumulative" if cumulative else "level"),
            "pace": s.get("pace", "linear" if f["unit"] == "%" or cumulative else "cagr"),
            "baseline_year": 2020, "baseline_value": base if base is not None else math.nan,
            "target_year": int(year[-4:]) if year[-4:].isdigit() else 2025,
            "target_value": f["value"], "target_text": f["value_text"], "target_op": op,
            "band_halfwidth": band_rel * f["value"] if op == "~" else math.nan,
            "cumulative": cumulative, "basis_change": False,
            "lower_bound": (s.get("bounds") or [None, None])[0], "upper_bound": (s.get("bounds") or [None, None])[1],
        })
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame["lower_bound"] = pd.to_numeric(frame["lower_bound"]).astype("float64")
    frame["upper_bound"] = pd.to_numeric(frame["upper_bound"]).astype("float64")
    return frame


def assess(indicators: pd.DataFrame, facts: pd.DataFrame, findings: pd.DataFrame | None = None,
           meta: dict | None = None, series: dict | None = None, include_narrative: bool = True) -> pd.DataFrame:
    """Assess every indicator (and narrative target) at plan time.

    Parameters
    ----------
    indicators, facts : DataFrame
        ``indicators.csv`` and ``narrative_facts.csv`` (as from :func:`jzanalysis.parse.parse_plan`).
    findings : DataFrame, optional
        The audit (:func:`jzanalysis.audit.audit`); its ``high`` findings make the targets they name in
        ``contradicts`` ``unreachable``.

    Returns
    -------
    DataFrame with :data:`ASSESS_COLUMNS`; paces in % a year (CAGR, shortfall) or unit a year (linear).
    """
    meta = meta or load_metadata()
    series = series or series_by_id()
    facts = index_facts(facts)
    by_id = {m["id"]: m for m in meta["indicators"]}
    contradictions: dict[str, tuple[str, str]] = {}
    if findings is not None and not findings.empty:
        for _, f in findings[findings["contradicts"] != ""].iterrows():
            for ident in f["contradicts"].split(";"):
                contradictions[ident] = (f"与规划自身数字矛盾：{f['explanation_zh']}",
                                         f"Contradicted by the plan's own numbers: {f['explanation_en']}")
    rows = [assess_row(r, facts, series, by_id.get(r["id"], {}), contradictions)
            for _, r in indicators.assign(source="Table 1-1").iterrows()]
    if include_narrative:
        band = float(meta.get("defaults", {}).get("band_rel", 0.05))
        nt = narrative_targets(facts.frame, series, indicators, band, index=facts)
        rows += [assess_row(r, facts, series, {}, contradictions) for _, r in nt.iterrows()]
    frame = pd.DataFrame(rows)
    for c in ASSESS_COLUMNS:
        if c not in frame:
            frame[c] = math.nan
    frame = frame[ASSESS_COLUMNS]
    frame["seq"] = frame["seq"].astype("Int64")
    return frame
