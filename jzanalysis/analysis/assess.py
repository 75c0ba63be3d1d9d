"""Plan-time assessment: required pace, reference pace, projection and a verdict with its reason.

One row per Table 1-1 indicator and per narrative target with a number. A prose commitment that repeats a
table indicator as an absolute count (全市累计新增5000个托位) gets its own row, linked to the table row in
``linked_to``; other prose figures of a table indicator are covered by the table row and the audit.

Rules (one place; the monitoring status uses the same target semantics)
-----------------------------------------------------------------------
* Years: baseline 2020, target 2025, n = 5 (a target dated 2022 for a count: n = 2, see below).
* Required pace: ``required_cagr = (tau/x0)^(1/n) - 1`` (in %) and ``required_annual_change = (tau - x0)/n``
  (unit/yr) on every row with a baseline; ``required_shortfall_rate = ((100-tau)/(100-x0))^(1/n) - 1``
  only on rows whose primary pace is the shortfall. The *primary* one (``pace`` in the metadata, set per
  indicator) is ``required_pace`` and decides the verdict.
* Reading of targets (:func:`jzanalysis.analysis.pace.satisfies`): ceilings (``<=``, ``<``, ``=`` when lower is
  better), floors (``>=``, ``>``, ``=`` when higher is better), about (``~``, 左右): ``tau ± halfwidth``
  (default 5 % of tau) of which only the edge against the direction binds (a floor at ``tau - hw`` when
  higher is better, a ceiling at ``tau + hw`` when lower is better); overshooting the favourable side is
  never a miss. The audit uses the same reading.
* Cumulative counts (baseline 0 at the end of 2020): required run rate ``tau / n`` a year; a count target
  dated before 2025 (到2022年…40个) is a count over 2021..year. A prose history of the same series
  (“十三五”期间累计建成4100公里) is the past run rate ``value / 5``.
* Reference pace, first found: (a) the plan's own 2015->2020 history (:func:`jzanalysis.analysis.facts.past_levels`);
  (b) growth targets: the 13th-plan growth of the series in ``reference_from``; (c) a **benchmark**
  from the plan's ``raw/benchmarks.csv`` (plan.yaml's parent areas, e.g. China or Shanxi, earliest -> latest published level) in the row's
  primary measure: CAGR for a level, annual change for a rate, the closing rate of the gap to 100 for
  a share near saturation (so a city at 97 % is compared by how fast a gap closes, not by points).
* Plan statements as history: a 13th-plan statement that the series stayed within a bound every year
  (城镇登记失业率每年均控制在4.5%以内) that itself meets the target makes the row ``met_at_baseline``.
* A target in words (``text_target``: 应保尽保, 全覆盖) is ``qualitative``: kept as a target with its own
  verdict, not measured.
* Verdict order: ``not_assessable`` (no baseline, basis change, relational target) > ``unreachable`` (a
  hard bound, or a ``high`` audit finding naming the target in ``contradicts``) > ``met_at_baseline`` >
  ``reachable`` / ``stretch`` (projection at the reference pace satisfies / misses the target) >
  ``no_reference`` (the sources searched are named in the reason).
* ``consistency``: ``inconsistent`` when an audit finding names the row in ``inconsistent`` (two of the
  plan's numbers disagree although both can hold under the reading above, e.g. 5,000 new places vs
  4.5 per 1,000), else ``consistent``. It never changes ``feasibility``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from jzanalysis.analysis import pace
from jzanalysis.analysis.facts import index_facts, level_at, past_levels, period_years, points
from jzanalysis.analysis.reasons import column_names, columns, each, joined, merged, per_language
from jzanalysis.fmt import num
from jzanalysis.i18n import has, is_plan_language, t
from jzanalysis.inputs.reference import AREAS, load_benchmarks
from jzanalysis.plan.config import default_config
from jzanalysis.plan.metadata import load_metadata
from jzanalysis.plan.numbers import g_text as _g
from jzanalysis.plan.series import series_for
from jzanalysis.plan.target import CEILINGS, Target

ASSESS_COLUMNS = [
    "id", "seq", "source", "name", "name_en", "category", "attribute", "unit", "direction", "kind",
    "baseline_year", "baseline_value", "target_year", "target_value", "target_op", "target_text",
    "band_halfwidth", "basis_change", "primary_pace", "required_cagr", "required_annual_change", "required_shortfall_rate", "required_pace",
    "reference_pace", "reference_source", "reference_titles", "projected", "gap_to_target", "feasibility",
    "reason_zh", "reason_en", "consistency", "linked_to",
]
FEASIBILITY = ["met_at_baseline", "reachable", "stretch", "unreachable", "no_reference", "qualitative",
               "not_assessable"]
FEASIBILITY_ZH = {k: t(f"assess.verdict.{k}", "zh") for k in FEASIBILITY}
CONSISTENCY = ["consistent", "inconsistent"]
PCT_PACES = {"cagr", "shortfall"}


@dataclass(frozen=True)
class Reference:
    """A reference pace in the primary method's measure, and where it comes from.

    ``source`` is the ``reference_source`` cell; ``kind`` says which reason template applies
    (``plan_level``, ``plan_change``, ``plan_numerator``, ``growth``, ``benchmark``) and ``fields`` fills it.
    """

    value: float
    source: str
    kind: str
    fields: dict = field(default_factory=dict)


def fmt_pace(method: str, value: float, unit: str = "") -> str:
    """``4.23%`` for a rate (``value`` in %), ``+0.17张`` for a linear pace."""
    if value is None or math.isnan(value):
        return "—"
    if method in PCT_PACES:
        return f"{value:.2f}%"
    return f"{value:+.3g}{unit}"


def _reader_sign(method: str, value: float) -> float:
    """The pace as the reasons word it: a shortfall pace as the yearly narrowing of the gap to 100.

    Notes
    -----
    The shortfall rate ``r = ((100 - tau) / (100 - x0))^(1/n) - 1`` is negative when the gap closes; the
    reasons say "the gap to 100 narrows by -r a year" (``locales/*/assess.yaml``: ``assess.method.shortfall``),
    so that a rising coverage rate never reads as "must fall". The data columns keep ``r`` itself.
    """
    return -value if method == "shortfall" and not pd.isna(value) else value


def _as_shown(method: str, value: float) -> float:
    """Paces are shown in % a year for cagr/shortfall, in unit a year for linear."""
    return value * 100 if method in PCT_PACES else value


def _as_rate(method: str, value: float) -> float:
    return value / 100 if method in PCT_PACES else value


# --------------------------------------------------------------------------------------------------------
# benchmarks
# --------------------------------------------------------------------------------------------------------

def benchmark_reference(ident: str, method: str, bench: pd.DataFrame) -> Reference | None:
    """The benchmark pace of indicator ``ident`` in the measure ``method``, or ``None``.

    Notes
    -----
    Per area (Shanxi first, then China): the latest published level ``x1`` (year ``y1``) and the earliest
    earlier point ``x0`` (year ``y0``): a printed level, or ``x1 - change`` from a stated change since
    ``y0``. The pace is :func:`jzanalysis.analysis.pace.pace` ``(method, x0, x1, y1 - y0)``: CAGR for a level,
    annual change for a rate, the shortfall (gap to 100) closing rate for a near-saturated share.
    """
    if bench is None or bench.empty or method not in ("cagr", "linear", "shortfall"):
        return None
    rows = bench[bench["indicator_id"] == ident]
    for area in bench.attrs.get("areas") or AREAS:  # plan.yaml's parent_areas, nearest first
        sel = rows[rows["area"] == area]
        levels = sel[sel["measure"] == "level"].sort_values("year")
        if levels.empty:
            continue
        last = levels.iloc[-1]
        y1, x1 = int(last["year"]), float(last["value"])
        early = [(int(r["year"]), float(r["value"]), r) for _, r in levels.iloc[:-1].iterrows()]
        early += [(int(r["year"]), x1 - float(r["value"]), r) for _, r in sel[sel["measure"] == "change"].iterrows()
                  if int(r["year"]) < y1]
        if not early:
            continue
        y0, x0, first = min(early, key=lambda e: e[0])
        value = _as_shown(method, pace.pace(method, x0, x1, y1 - y0))
        if math.isnan(value):
            continue
        titles = list(dict.fromkeys([str(first["source_title"]), str(last["source_title"])]))
        source = (f"benchmark {area} {y0}-{y1}: {num(x0)} -> {num(x1)} {last['unit']} "
                  f"({'; '.join(titles)})")
        names = (bench.attrs.get("area_names") or {}).get(area, (area, area))
        return Reference(value, source, "benchmark", {"area": area, "y0": y0, "y1": y1, "x0": x0, "x1": x1,
                                                      "title": "；".join(titles), "area_names": names})
    return None


# --------------------------------------------------------------------------------------------------------
# the plan's own history
# --------------------------------------------------------------------------------------------------------

def _area_label(fields: dict, lang: str) -> str:
    """The reader's name of a benchmark area: the catalogue's (山西省, China), else plan.yaml's
    ``parent_areas`` name (Chinese) or ``name_en`` (English)."""
    key = f"assess.area.{fields['area']}"
    if has(key, lang):
        return t(key, lang)
    zh, en = fields.get("area_names") or (fields["area"], fields["area"])
    return zh if is_plan_language(lang) else en


def reference_for(ind: pd.Series, facts, series: dict, meta_entry: dict,
                  bench: pd.DataFrame | None = None) -> Reference | None:
    """The reference pace of an indicator in its primary pace measure, or ``None``.

    Notes
    -----
    First found: the pace from the earliest past level (:func:`jzanalysis.analysis.facts.past_levels`: (a) a
    printed level; (b) ``x_2015 = x_2020 - change`` from a stated change; (c) ``x_2020 * count_2015 /
    count_2020`` from the absolute numerator of a per-capita indicator, population held constant, so the
    pace is the count's CAGR) to the baseline; (d) for growth targets, the historical growth of the series
    named in ``reference_from`` (the highest, the most favourable); (e) a benchmark
    (:func:`benchmark_reference`).
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
            return Reference(g * 100, f"{s['name_en']} {a['year']}-{b['year']} ({_g(a['value'])} -> {_g(b['value'])}), "
                             "the faster of the series it concerns", "growth",
                             {"ref": f"{g * 100:.2f}%", "start": _g(a['value']), "end": _g(b['value']),
                              "series_zh": s["name_zh"], "series_en": s["name_en"].lower()})
        return None
    past = past_levels(facts, series, ind["id"], x1, int(ind["baseline_year"]))
    if not past:
        return benchmark_reference(ind["id"], method, bench) if ind.get("source") == "Table 1-1" else None
    p = past[0]
    n = int(ind["baseline_year"]) - p.year
    end = int(ind["baseline_year"])
    value = _as_shown(method, pace.pace(method, p.value, x1, n))
    if p.measure == "level":
        return Reference(value, f"plan prose {p.year}-{end}", "plan_level", {"start": p.year, "end": end})
    if p.measure == "change":
        return Reference(value, f"plan prose: +{_g(p.start)} since {p.year} ({_g(p.value)} -> {_g(x1)})", "plan_change",
                         {"start": p.year, "change": _g(p.start), "x0": _g(p.value), "x1": _g(x1)})
    return Reference(value, f"count {p.start:,.0f} -> {p.end:,.0f} ({p.year}-{end}), population held constant",
                     "plan_numerator", {"c0": f"{p.start:,.0f}", "c1": f"{p.end:,.0f}", "start": p.year, "end": end})


def past_run_rate(facts, sid: str) -> tuple[float, float, tuple[int, int]] | None:
    """``(total, total / years, (start, end))`` of a series' prose history given as a period flow.

    “十三五”期间累计建成4100公里 (measure ``added``, year ``2016-2020``) is 4100 over five years: 820 a year.
    """
    if not sid:
        return None
    hist = points(facts, sid, "added", role="history")
    for _, h in hist.iterrows():
        span = period_years(str(h["year"]))
        if span:
            return float(h["value"]), float(h["value"]) / (span[1] - span[0]), span
    return None


def bound_statements(facts, sid: str, base_year: int | None = None) -> pd.DataFrame:
    """Prose history of a series stated as a bound held over a period ending in ``base_year``.

    城镇登记失业率每年均控制在4.5%以内 (2016-2020, op ``<=``) says every year's value was at most 4.5.
    """
    base_year = default_config().base_year if base_year is None else base_year
    frame = index_facts(facts).frame
    if not sid or frame.empty or "op" not in frame:
        return frame.iloc[0:0]
    sel = frame[(frame["series"] == sid) & (frame["role"] == "history") & frame["op"].isin(["<=", "<", ">=", ">"])]
    ends = sel["year"].astype(str).map(lambda y: (period_years(y) or (None, None))[1])
    return sel[ends == base_year]


def _required(method, x0, tau, n, cumulative):
    if cumulative:
        x0 = 0.0
    return {
        "required_cagr": pace.cagr(x0, tau, n) * 100,
        "required_annual_change": pace.annual_change(x0, tau, n),
        "required_shortfall_rate": (pace.shortfall_rate(x0, tau, n) * 100 if method == "shortfall" else math.nan),
    }


def _both(key: str, zh: dict | None = None, en: dict | None = None, **common) -> dict[str, str]:
    """``{lang: text}`` of one template (:func:`jzanalysis.analysis.reasons.each`): the Chinese fields, the
    English ones (which a further language without its own takes), and the common ones."""
    return each(key, {"zh": zh or {}, "en": en or {}}, **common)


def _method(method: str) -> dict[str, str]:
    return per_language(lambda lang: t(f"assess.method.{method}", lang))


def _unit_shown(ind, lang: str) -> str:
    unit = "" if pd.isna(ind.get("unit")) else str(ind["unit"])
    if unit == "%":
        return t("assess.unit.pp", lang)
    if is_plan_language(lang):
        return unit
    unit_en = "" if pd.isna(ind.get("unit_en")) else str(ind.get("unit_en") or "")
    return f" {unit_en}" if unit_en and unit_en != "%" else ""


def _start(ind: pd.Series) -> dict:
    """The output row before any verdict: the indicator's columns and empty pace columns."""
    out = {c: ind.get(c) for c in ASSESS_COLUMNS if c in ind.index}
    out.update({"primary_pace": ind["pace"], "required_cagr": math.nan, "required_annual_change": math.nan,
                "required_shortfall_rate": math.nan, "required_pace": math.nan, "reference_pace": math.nan,
                "reference_source": "", "reference_titles": "", "projected": math.nan, "gap_to_target": math.nan,
                "consistency": "consistent", "linked_to": ind.get("linked_to") or ""})
    return out


def _verdict(out: dict, ind: pd.Series, v: str, texts: dict[str, str]) -> dict:
    """``out`` with the verdict ``v`` and its reasons (plus the link to a table row, when linked)."""
    if out["linked_to"]:
        texts = joined(texts, _both("assess.reason.linked", zh={"name": ind.get("linked_name_zh", "")},
                                    en={"name": ind.get("linked_name_en", "")}))
    out.update(feasibility=v, **columns("reason", texts))
    return out


def _not_measured(ind: pd.Series, target: Target) -> tuple[str, dict[str, str]] | None:
    """A target in words (qualitative), a relational target, a change of basis or no target value (not
    assessable); ``None`` for a target a value can be measured against."""
    if target.op == "text_target":  # 应保尽保, 全覆盖: a target in words, checked by the office, not measured
        return "qualitative", _both("assess.reason.text_target", text=ind.get("target_text", ""))
    if target.op == "relational":
        return "not_assessable", _both("assess.reason.relational", zh={"text": ind.get("target_text", "")},
                                       en={"text": str(ind.get("name_en", "")).lower()})
    if ind.get("basis_change"):
        return "not_assessable", _both("assess.reason.basis_change")
    if pd.isna(ind["target_value"]):
        return "not_assessable", _both("assess.reason.no_target")
    return None


def _without_baseline(ind: pd.Series, target: Target, facts, sid: str,
                      word: dict[str, str]) -> tuple[str, dict[str, str]]:
    """A row with no baseline: met when a 13th-plan statement says the series stayed within a bound every
    year that itself meets the target (城镇登记失业率每年均控制在4.5%以内), else not assessable."""
    tau = ind["target_value"]
    base_year = default_config().base_year if pd.isna(ind.get("baseline_year")) else int(ind["baseline_year"])
    for _, st in bound_statements(facts, sid, base_year).iterrows():
        worst = float(st["value"])
        if st["op"] in CEILINGS and target.is_ceiling and target.met(worst):
            per = {"zh": {"subject": ind["name"], "statement": st["value_text"]},
                   "en": {"subject": str(ind.get("name_en", "")).lower() or "the series",
                          "statement": f"at or below {_g(worst)}{'%' if ind['unit'] == '%' else ''}"}}
            return "met_at_baseline", each("assess.reason.met_by_statement", merged(per, word=word),
                                           op=target.sign("sentence"), target=_g(tau))
    return "not_assessable", _both("assess.reason.no_baseline")


def _growth_verdict(ind: pd.Series, target: Target, out: dict, ref: Reference | None) -> tuple[str, dict[str, str]]:
    """A growth target against the 13th-plan growth of the series it concerns (``reference_from``)."""
    tau = ind["target_value"]
    if ref is None:
        return "no_reference", _both("assess.reason.growth_no_ref", target=_g(tau))
    out.update(reference_pace=ref.value, reference_source=ref.source)
    ok = target.replaced(direction="higher", halfwidth=None).met(ref.value)
    f = {k: v for k, v in ref.fields.items() if k not in ("series_zh", "series_en")}
    return ("reachable" if ok else "stretch"), _both(
        "assess.reason.growth_ref", zh={"series": ref.fields["series_zh"]},
        en={"series": ref.fields["series_en"]}, target=_g(tau), **f)


def _cumulative_verdict(ind: pd.Series, target: Target, out: dict, facts, sid: str, n: int,
                        searched: dict) -> tuple[str, dict[str, str]]:
    """A cumulative count: the required run rate ``tau / n`` against the past run rate of the series."""
    tau = ind["target_value"]
    rate = tau / n
    unit_zh, unit_en = str(ind["unit"]), str(ind.get("unit_en") or "")
    base = {"years": n, "target": _g(tau), "rate": _g(rate)}
    period = {"period": f"{int(ind['baseline_year']) + 1}—{int(ind['target_year'])}年"}
    period_en = {"period": f"{int(ind['baseline_year']) + 1}-{int(ind['target_year'])}"}
    out.update(required_annual_change=rate, required_pace=rate)
    past = past_run_rate(facts, sid)
    if past is None:
        return "no_reference", each(
            "assess.reason.run_rate_no_ref", merged({"zh": {"unit": unit_zh, **period}, "en": {"unit": unit_en, **period_en}},
                                                    searched=searched), **base)
    total, run, span = past
    proj = run * n
    out.update(reference_pace=run, reference_source=f"plan prose: {_g(total)} over {span[0] + 1}-{span[1]}",
               projected=proj, gap_to_target=proj - tau)
    ok = target.replaced(halfwidth=None).met(proj)
    return ("reachable" if ok else "stretch"), _both(
        "assess.reason.run_rate_ref", zh={"unit": unit_zh, **period}, en={"unit": unit_en, **period_en},
        past=_g(total), past_rate=_g(run), projected=_g(proj), **base)


def _pace_verdict(ind: pd.Series, target: Target, out: dict, ref: Reference | None, x0: float, n: int,
                  searched: dict) -> tuple[str, dict[str, str]]:
    """A level: the projection at the reference pace against the target (reachable / stretch)."""
    method = ind["pace"]
    unit = per_language(lambda lang: "" if method in PCT_PACES else _unit_shown(ind, lang))
    req_txt = {lang: fmt_pace(method, _reader_sign(method, out["required_pace"]), unit[lang]) for lang in unit}
    m = _method(method)
    if ref is None:
        return "no_reference", each("assess.reason.no_ref", per_language(
            lambda lang: {"method": m[lang], "req": req_txt[lang], "searched": searched[lang]}))
    proj = pace.project(method, x0, _as_rate(method, ref.value), n)
    out.update(reference_pace=ref.value, reference_source=ref.source, projected=proj,
               reference_titles=ref.fields.get("title", "") if ref.kind == "benchmark" else "",
               gap_to_target=proj - ind["target_value"])
    ref_txt = {lang: fmt_pace(method, _reader_sign(method, ref.value), unit[lang]) for lang in unit}
    ok = target.met(proj)
    common = {"proj": num(proj, 3)}
    words = per_language(lambda lang: {"method": m[lang], "req": req_txt[lang], "ref": ref_txt[lang]})
    if ref.kind == "benchmark":
        b = ref.fields
        dash = per_language(lambda lang: "—" if is_plan_language(lang) else "-")
        texts = each("assess.reason.ref_benchmark", per_language(
            lambda lang: {**words[lang], "area": _area_label(b, lang), "period": f"{b['y0']}{dash[lang]}{b['y1']}"}),
            start=num(b["x0"]), end=num(b["x1"]), **common)
    else:
        texts = each("assess.reason.ref_plan", per_language(
            lambda lang: {**words[lang], "source": t(f"assess.source.{ref.kind}", lang, **ref.fields)}), **common)
    return ("reachable" if ok else "stretch"), texts


def _out_of_bounds(ind: pd.Series) -> tuple[str, dict[str, str]] | None:
    """``unreachable`` for a target outside the indicator's hard bounds ``[lower_bound, upper_bound]``."""
    tau, lo, hi = ind["target_value"], ind.get("lower_bound"), ind.get("upper_bound")
    if (not pd.isna(hi) and tau > hi) or (not pd.isna(lo) and tau < lo):
        return "unreachable", _both("assess.reason.out_of_bounds", target=_g(tau),
                                    lo=_g(lo) if not pd.isna(lo) else "-∞",
                                    hi=_g(hi) if not pd.isna(hi) else "∞")
    return None


def assess_row(ind: pd.Series, facts, series: dict, meta_entry: dict,
               contradictions: dict[str, dict[str, str]], bench: pd.DataFrame | None = None) -> dict:
    """Assess one indicator (a row of ``indicators.csv`` or a narrative target in the same shape).

    Notes
    -----
    The verdict order of the module docstring: not measured (:func:`_not_measured`), no baseline
    (:func:`_without_baseline`), hard bounds, a contradiction of the audit, growth targets
    (:func:`_growth_verdict`), met at the baseline (:meth:`jzanalysis.plan.target.Target.met_at_baseline`),
    cumulative counts (:func:`_cumulative_verdict`), then the projection (:func:`_pace_verdict`).
    """
    method, target = ind["pace"], Target.from_row(ind)
    x0, tau = ind["baseline_value"], ind["target_value"]
    n = int(ind["target_year"]) - int(ind["baseline_year"])
    growth = ind["kind"] == "growth"
    out = _start(ind)
    early = _not_measured(ind, target)
    if early:
        return _verdict(out, ind, *early)
    if target.cumulative and pd.isna(x0):
        x0 = 0.0
        out["baseline_value"] = 0.0
    sid = ind.get("series_id") or ""
    # benchmarks are sought for Table 1-1 indicators; the reason names the sources searched
    # (only with the plan's benchmark file: the sources searched are those of its benchmarks)
    searched = per_language(lambda lang: t("assess.searched", lang) if ind.get("source") == "Table 1-1"
                            and bench is not None and not bench.empty else "")
    word = _both("assess.word.ceiling" if target.is_ceiling else "assess.word.target")
    if growth:
        out.update(required_pace=tau, primary_pace="growth")
    elif pd.isna(x0):
        return _verdict(out, ind, *_without_baseline(ind, target, facts, sid, word))
    else:
        req = _required(method, x0, tau, n, cumulative=False)
        out.update(req)
        key = {"cagr": "required_cagr", "linear": "required_annual_change",
               "shortfall": "required_shortfall_rate"}[method]
        out["required_pace"] = req[key]
    bounded = _out_of_bounds(ind)
    if bounded:
        return _verdict(out, ind, *bounded)
    ref = reference_for(ind, facts, series, meta_entry, bench) if growth else None
    if ind["id"] in contradictions:
        if ref:
            out.update(reference_pace=ref.value, reference_source=ref.source)
        return _verdict(out, ind, "unreachable", contradictions[ind["id"]])
    if growth:
        return _verdict(out, ind, *_growth_verdict(ind, target, out, ref))
    if target.met_at_baseline(x0):
        return _verdict(out, ind, "met_at_baseline", each(
            "assess.reason.met", merged(None, word=word), x0=_g(x0),
            op=target.sign("sentence"), target=_g(tau)))
    if target.cumulative:
        return _verdict(out, ind, *_cumulative_verdict(ind, target, out, facts, sid, n, searched))
    ref = reference_for(ind, facts, series, meta_entry, bench)
    return _verdict(out, ind, *_pace_verdict(ind, target, out, ref, x0, n, searched))


def narrative_targets(facts: pd.DataFrame, series: dict, indicators: pd.DataFrame,
                      band_rel: float = 0.05, index=None, base_year: int | None = None,
                      target_year: int | None = None) -> pd.DataFrame:
    """Narrative targets with a number, in the shape of ``indicators.csv``.

    A target of a named series (e.g. urban income) takes the series' metadata and its 2020 history level
    as baseline; any other target fact stands alone with no baseline (``not_assessable`` unless it is a
    cumulative count). Targets that repeat a Table 1-1 indicator are left out, except a commitment stated
    as an absolute addition (measure ``added``: 全市累计新增5000个托位), which gets its own row with
    ``linked_to`` naming the table indicator. A count target dated before 2025 (到2022年…40个) is a
    cumulative count over 2021..year. A target stated again (same series, or same subject, value, unit,
    year and comparison) is assessed once: ids are unique.
    """
    rows, seen = [], set()
    plan_base = default_config().base_year if base_year is None else base_year
    plan_target = default_config().target_year if target_year is None else target_year
    names = dict(zip(indicators["id"], indicators["name"])) if len(indicators) else {}
    names_en = dict(zip(indicators["id"], indicators.get("name_en", indicators["id"]))) if len(indicators) else {}
    tg = facts[(facts["role"] == "target") & ((facts["indicator_id"] == "") | (facts["measure"] == "added"))]
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
        target_year = int(year[-4:]) if year[-4:].isdigit() else plan_target
        early_count = f["unit"] != "%" and not s and target_year < plan_target
        # a period target in % is a level to hold over the period (入住率保持在90%以上), not a count
        cumulative = f["unit"] != "%" and (bool(span) or f["measure"] == "added" or f.get("qualifier") == "累计"
                                           or early_count)
        base = level_at(index if index is not None else facts, sid, plan_base) if s else None
        target = Target.of_fact(f["op"], f["value"], band_rel)
        linked = f["indicator_id"] if f["measure"] == "added" else ""
        rows.append({
            "id": sid, "seq": pd.NA, "source": f"prose line {f['line']}",
            "name": s.get("name_zh", f["subject"]), "name_en": s.get("name_en", ""),
            "category": f["section"], "attribute": "", "unit": f["unit"], "unit_en": s.get("unit_en", ""),
            "direction": s.get("direction", "higher"), "kind": s.get("kind", "cumulative" if cumulative else "level"),
            "pace": s.get("pace", "linear" if f["unit"] == "%" or cumulative else "cagr"),
            "baseline_year": plan_base, "baseline_value": base if base is not None else math.nan,
            "target_year": target_year,
            "target_value": f["value"], "target_text": f["value_text"], "target_op": target.op,
            "band_halfwidth": math.nan if target.halfwidth is None else target.halfwidth,
            "cumulative": cumulative, "basis_change": False, "series_id": f["series"] if s else "",
            "linked_to": linked, "linked_name_zh": names.get(linked, ""), "linked_name_en": names_en.get(linked, ""),
            "lower_bound": (s.get("bounds") or [None, None])[0], "upper_bound": (s.get("bounds") or [None, None])[1],
        })
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame["lower_bound"] = pd.to_numeric(frame["lower_bound"]).astype("float64")
    frame["upper_bound"] = pd.to_numeric(frame["upper_bound"]).astype("float64")
    return frame


def _finding_texts(findings: pd.DataFrame | None, column: str, key: str) -> dict[str, dict[str, str]]:
    """``{id: {lang: text}}`` from the findings naming an id in ``column`` (``contradicts`` /
    ``inconsistent``); a language the findings have no explanation in takes its fallback's."""
    out: dict[str, dict[str, str]] = {}
    if findings is None or findings.empty or column not in findings:
        return out
    sel = findings[findings[column].fillna("") != ""]
    if column == "contradicts" and "severity" in sel:
        sel = sel[sel["severity"] == "high"]
    for _, f in sel.iterrows():
        for ident in str(f[column]).split(";"):
            out[ident] = each(key, {lang: {"explanation": f[f"explanation_{lang}"]} for lang in per_language(str)
                                    if f"explanation_{lang}" in f.index})
    return out


def assess(indicators: pd.DataFrame, facts: pd.DataFrame, findings: pd.DataFrame | None = None,
           meta: dict | None = None, series: dict | None = None, include_narrative: bool = True,
           benchmarks: pd.DataFrame | None = None, config=None) -> pd.DataFrame:
    """Assess every indicator (and narrative target) at plan time.

    Parameters
    ----------
    indicators, facts : DataFrame
        ``indicators.csv`` and ``narrative_facts.csv`` (as from :func:`jzanalysis.plan.parse.parse_plan`).
    findings : DataFrame, optional
        The audit (:func:`jzanalysis.analysis.audit.audit`): its ``high`` findings make the targets they name in
        ``contradicts`` ``unreachable``; any finding naming a target in ``inconsistent`` sets its
        ``consistency`` to ``inconsistent`` (the explanation is added to the reasons).
    benchmarks : DataFrame, optional
        Benchmark levels (default: :func:`load_benchmarks`, the plan's ``raw/benchmarks.csv``).
    config : PlanConfig, optional
        The plan (``plan.yaml``): its metadata, series, benchmarks and base/target years (default: the
        bundled plan's files, 2020 and 2025).

    Returns
    -------
    DataFrame with :data:`ASSESS_COLUMNS`; paces in % a year (CAGR, shortfall) or unit a year (linear).
    """
    meta = meta or load_metadata(config.metadata if config is not None else None)
    series = series if series is not None else series_for(config)
    bench = load_benchmarks(config=config) if benchmarks is None else benchmarks
    years = {"base_year": config.base_year, "target_year": config.target_year} if config is not None else {}
    facts = index_facts(facts)
    by_id = {m["id"]: m for m in meta["indicators"]}
    contradictions = _finding_texts(findings, "contradicts", "assess.reason.contradiction")
    inconsistent = _finding_texts(findings, "inconsistent", "assess.reason.inconsistent")
    table = indicators.assign(source="Table 1-1")
    table["unit_en"] = [by_id.get(i, {}).get("unit_en", "") for i in table["id"]]
    rows = [assess_row(r, facts, series, by_id.get(r["id"], {}), contradictions, bench) for _, r in table.iterrows()]
    if include_narrative:
        band = float(meta.get("defaults", {}).get("band_rel", 0.05))
        nt = narrative_targets(facts.frame, series, indicators, band, index=facts, **years)
        rows += [assess_row(r, facts, series, {}, contradictions, bench) for _, r in nt.iterrows()]
    for r in rows:
        if r["id"] in inconsistent:
            before = per_language(lambda lang, r=r: r.get(f"reason_{lang}", ""))
            r.update(consistency="inconsistent", **columns("reason", joined(before, inconsistent[r["id"]])))
    frame = pd.DataFrame(rows)
    for c in ASSESS_COLUMNS:
        if c not in frame:
            frame[c] = math.nan
    frame = frame[ASSESS_COLUMNS + [c for c in column_names("reason") if c not in ASSESS_COLUMNS]]
    frame["seq"] = frame["seq"].astype("Int64")
    frame["linked_to"] = frame["linked_to"].fillna("").astype(str)
    return frame
