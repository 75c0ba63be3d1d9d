"""The plan's self-audit: where two of its own numbers cannot both hold, with the arithmetic.

Each check is a small function ``(ctx) -> list[dict]``; :func:`audit` runs them all and returns one row
per finding with the columns in :data:`AUDIT_COLUMNS`.

Severities
----------
``high``   two of the plan's numbers cannot both hold (the target named in ``contradicts`` is unreachable
           if the other number stands);
``medium`` two of the plan's numbers disagree although both can hold under the documented reading of
           targets (the targets named in ``inconsistent``: the assessment's ``consistency`` column); wording
           or units that cannot be what the words say; a target that permits an outcome worse than the
           baseline;
``low``    a difference explained by rounding, prices (real vs nominal) or a table typo;
``info``   a cross-check that holds (shown so the reader sees what was checked).

Reading of targets: the one of :func:`jzanalysis.analysis.pace.satisfies`, shared with the assessment. In
particular “左右” (about) binds only on the side against the direction (4.5万元左右 for a higher-is-better
income is met by any value >= 45000 - 5 %), and a count commitment without 以上/以内 (累计新增5000个托位) is
a floor (at least 5000).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass

import pandas as pd

from jzanalysis.analysis import pace
from jzanalysis.analysis.facts import index_facts, level_at, period_years, points
from jzanalysis.analysis.reasons import column_names, columns, each, fields_for, joined, per_language
from jzanalysis.fmt import num as _num
from jzanalysis.fmt import plain
from jzanalysis.i18n import column, has, is_plan_language, punctuation, t
from jzanalysis.plan.config import default_config
from jzanalysis.plan.metadata import load_metadata
from jzanalysis.plan.numbers import g_text as _g
from jzanalysis.plan.series import series_for
from jzanalysis.plan.target import Target, fact_op

#: The documented columns (docs/data_dictionary.md); a further language adds ``explanation_xx`` after them.
AUDIT_COLUMNS = ["check", "severity", "ids", "contradicts", "numbers", "arithmetic",
                 "explanation_zh", "explanation_en", "inconsistent"]
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "info": 3}
ROUNDING_PP = 0.05  # a stated growth rate given to one decimal is consistent within ±0.05 points


@dataclass
class AuditContext:
    indicators: pd.DataFrame
    facts: pd.DataFrame
    population: int
    meta: dict
    series: dict
    warnings: tuple = ()
    config: object = None

    def __post_init__(self):
        c = self.config if self.config is not None else default_config()  # the bundled plan without one
        # the years and words of the plan (plan.yaml); the bundled plan's without a config
        self.base, self.target = c.base_year, c.target_year
        self.first = c.period.first_year
        prev = c.previous_period
        self.prev_base = prev.first_year - 1 if prev is not None else self.base - 5  # 2015
        self.period = c.period.name
        self.prev = prev.name if prev is not None else ""
        self.cfg = c
        self.by_id = self.indicators.set_index("id")
        self.index = index_facts(self.facts)
        self.facts = self.index.frame

    def ind(self, ident: str) -> pd.Series:
        return self.by_id.loc[ident]

    @property
    def captions(self) -> dict:
        """``{lang: {"caption": …}}``: the main table as a text of each language names it (表1-1, Table 1-1)."""
        return per_language(lambda lang: {"caption": self.cfg.caption_in(lang)})


def _finding(check, severity, ids, numbers, arithmetic, texts: dict, contradicts=(), inconsistent=()):
    """One finding; ``texts`` is the explanation, ``{lang: text}`` (:func:`_say`)."""
    return {"check": check, "severity": severity, "ids": ";".join(ids),
            "contradicts": ";".join(contradicts), "inconsistent": ";".join(inconsistent),
            "numbers": json.dumps(numbers, ensure_ascii=False, sort_keys=True),
            "arithmetic": arithmetic, **columns("explanation", texts)}


def _say(key: str, per=None, **common) -> dict[str, str]:
    """The explanation ``audit.KEY`` of ``locales/*/audit.yaml`` in every language (``per``: the fields that
    differ by language, ``{lang: {field: value}}``; ``common``: the numbers)."""
    return each(f"audit.{key}", per, **common)


def _name(entry, lang: str, default: str = "") -> str:
    """The name of an indicator row or a series in ``lang`` (its fallback's, else the plan's)."""
    return column(entry, "name", lang, default=default)


def _unit(entry, lang: str) -> str:
    """The unit of a series in ``lang``; a language other than the plan's gets none rather than the plan's."""
    return column(entry, "unit", lang, plan_words=is_plan_language(lang))


def _level(x: float, lang: str) -> str:
    """A level as a sentence of ``lang`` writes it (``989.3亿`` in the plan's language, else :func:`plain`)."""
    return _num(x) if is_plan_language(lang) else plain(x, lang)


def _span(n: int, lang: str) -> str:
    """``n`` years as words of ``lang`` (五年; 5 years)."""
    return t(f"audit.span.{n}" if has(f"audit.span.{n}", lang) else "audit.span", lang, n=n)


def _basis(text: str, lang: str) -> str:
    """A measurement basis the plan writes (以县为单位) in ``lang``; as printed when the catalogue has none."""
    return t(f"audit.basis.{text}", lang) if text and has(f"audit.basis.{text}", lang) else text


def _target_op(ctx: AuditContext, sid: str, measure: str) -> tuple[str, float]:
    """(op, value) of a series' first target fact of ``measure``; ``=`` is read by direction in satisfies."""
    f = ctx.facts
    sel = f[(f["series"] == sid) & (f["measure"] == measure) & (f["role"] == "target")]
    if sel.empty:
        return "=", math.nan
    return fact_op(str(sel["op"].iloc[0]) if "op" in sel else "="), float(sel["value"].iloc[0])


def check_growth_vs_levels(ctx: AuditContext) -> list[dict]:
    """An annual-average growth target against the level targets of the same quantity.

    Notes
    -----
    For each level series s with 2020 level x_s and 2025 target tau_s the implied growth is
    ``g_s = (tau_s / x_s) ** (1/5) - 1``; the level the growth target g would give is ``x_s (1+g)^5``.
    The growth target of the total (all residents) must lie between the urban and rural rates plus the
    urbanisation shift; a target above every implied rate by several points cannot hold with them.
    """
    out = []
    for m in ctx.meta["indicators"]:
        if not m.get("level_series"):
            continue
        row = ctx.ind(m["id"])
        g = row["target_value"] / 100.0
        years = int(row["target_year"]) - int(row["baseline_year"])
        parts, numbers, implied = [], {f"{m['id']}.target_pct": row["target_value"]}, []
        for sid in m["level_series"]:
            s = ctx.series[sid]
            base = level_at(ctx.index, sid, row["baseline_year"])
            tgt = points(ctx.index, sid, "level", role="target")
            # only a target the prose dates to the table's target year: never one whose year was assumed
            tgt = tgt[tgt["year"].astype(str) == str(int(row["target_year"]))]
            if base is None or tgt.empty:
                continue
            tau = float(tgt["value"].iloc[0])
            gi = pace.cagr(base, tau, years)
            at_g = base * (1 + g) ** years
            implied.append(gi)
            numbers.update({f"{sid}.base": base, f"{sid}.target": tau,
                            f"{sid}.implied_growth_pct": round(gi * 100, 3),
                            f"{sid}.level_at_target_growth": round(at_g)})
            parts.append((s, base, tau, gi, at_g))
        if not parts or g <= max(implied) + ROUNDING_PP / 100:
            continue
        # with the one reading of 左右 (only the edge against the direction binds), can both hold?
        band = float(ctx.meta.get("defaults", {}).get("band_rel", 0.05))
        both = all(Target.of_fact(op, tau, band, s.get("direction", "higher")).met(at_g)
                   for (s, base, tau, gi, at_g), (op, _) in
                   zip(parts, [_target_op(ctx, sid, "level") for sid in m["level_series"]], strict=False))
        numbers["both_can_hold"] = both
        arith = "; ".join(f"({_g(tau)}/{_g(base)})^(1/{years})-1 = {gi * 100:.2f}%, {_g(base)}×{_g(1 + g)}^{years} = "
                          f"{at_g:,.0f}" for s, base, tau, gi, at_g in parts)
        target = _g(row["target_value"])
        text = _say("growth_vs_levels.text", per_language(lambda lang, row=row, parts=parts: _growth_parts(row, parts, lang)),
                    target=target, year_target=ctx.target)
        if both:
            text = joined(text, _say("growth_vs_levels.both_hold", target=target))
            out.append(_finding("growth_vs_levels", "medium", [m["id"], *m["level_series"]], numbers, arith, text,
                                inconsistent=[m["id"]]))
        else:
            text = joined(text, _say("growth_vs_levels.cannot_hold"))
            out.append(_finding("growth_vs_levels", "high", [m["id"], *m["level_series"]], numbers, arith, text,
                                contradicts=[m["id"]]))
    return out


def _growth_parts(row, parts, lang: str) -> dict:
    """The fields of ``lang`` for the growth-vs-levels explanation: the indicator's name, the growth each
    level target needs and the levels the growth target would give, listed with the language's separator."""
    sep = punctuation(lang)["sep"]
    needs = sep.join(t("audit.growth_vs_levels.need", lang, name=_name(s, lang), name_lower=_name(s, lang).lower(),
                       rate=gi * 100, base=_g(base), tau=_g(tau), unit=_unit(s, lang))
                     for s, base, tau, gi, _ in parts)
    levels = sep.join(t("audit.growth_vs_levels.level", lang, name=_name(s, lang), level=at_g, unit=_unit(s, lang))
                      for s, *_, at_g in parts)
    return {"name": _name(row, lang), "needs": needs, "levels": levels}


def _counted(s: dict, lang: str) -> dict:
    """What a series of additions counts, in ``lang``: ``noun`` (托位, childcare places: the series' ``noun``,
    else its name, else the plan's name) and ``unit`` (个, places; a language without one counts in the noun).

    >>> _counted({"name_zh": "新增托位", "unit": "个"}, "en")
    {'noun': '新增托位', 'unit': '新增托位'}
    """
    noun = column(s, "noun", lang, plan_words=False) or _name(s, lang) or s.get("name_zh", "")
    return {"noun": noun, "unit": _unit(s, lang) or noun}


def check_additions_vs_level(ctx: AuditContext) -> list[dict]:
    """Per-capita targets against the absolute additions the prose commits to.

    Notes
    -----
    With population P and scale k (per 1,000: k = 1000), the baseline stock is ``S0 = x0 * P / k`` and the
    target stock ``S* = tau * P / k``. Adding the committed ``A`` gives ``(S0 + A) * k / P`` per k. The
    population at which the target would hold with the committed additions is ``(S0 + A) * k / tau``.
    """
    out = []
    for sid, s in ctx.series.items():
        if not s.get("indicator") or not s.get("scale"):
            continue
        added = points(ctx.index, sid, "added")
        if added.empty:
            continue
        row = ctx.ind(s["indicator"])
        k, pop = float(s["scale"]), ctx.population
        x0, tau, a = row["baseline_value"], row["target_value"], float(added["value"].iloc[0])
        s0, s_star = x0 * pop / k, tau * pop / k
        reached = (s0 + a) * k / pop
        pop_needed = (s0 + a) * k / tau
        numbers = {"population": pop, "baseline_per_1000": x0, "target_per_1000": tau,
                   "committed_additions": a, "baseline_stock": round(s0, 1), "target_stock": round(s_star, 1),
                   "additions_needed": round(s_star - s0, 1), "per_1000_with_committed": round(reached, 3),
                   "population_that_would_fit": round(pop_needed)}
        if Target(row["target_op"], tau, direction=row["direction"]).met(reached):
            continue
        # a count commitment without 以上/以内 is a floor: more than the committed additions is allowed
        add_op, _ = _target_op(ctx, sid, "added")
        floor = Target(add_op).printed_bound != "ceiling"
        numbers["commitment_is_floor"] = floor
        arith = (f"{_g(x0)}×{pop:,}/{_g(k)} = {s0:,.0f}; {_g(tau)}×{pop:,}/{_g(k)} = {s_star:,.0f}; needed "
                 f"{s_star - s0:,.0f} > committed {a:,.0f}; ({s0:,.0f}+{a:,.0f})×{_g(k)}/{pop:,} = {reached:.2f}")
        words = per_language(lambda lang, s=s: _counted(s, lang))
        text = _say("additions_vs_level.text", words, a=a, x0=_g(x0), tau=_g(tau), s0=s0, s_star=s_star,
                    needed=s_star - s0, reached=reached, pop=pop, pop_needed=pop_needed, period=ctx.period,
                    year_first=ctx.first, year_base=ctx.base, year_target=ctx.target)
        if floor:
            text = joined(text, _say("additions_vs_level.floor", words, a=a))
            out.append(_finding("additions_vs_level", "medium", [s["indicator"], sid], numbers, arith, text,
                                inconsistent=[s["indicator"], sid]))
        else:
            text = joined(text, _say("additions_vs_level.cannot_hold"))
            out.append(_finding("additions_vs_level", "high", [s["indicator"], sid], numbers, arith, text,
                                contradicts=[s["indicator"]]))
    return out


def check_stated_growth(ctx: AuditContext) -> list[dict]:
    """Stated growth rates against the arithmetic of the stated levels.

    Notes
    -----
    For a series with levels ``x0`` (year y0) and ``x1`` (year y1) and a stated average growth ``g`` over
    the period, the arithmetic rate is ``(x1/x0)^(1/(y1-y0)) - 1``. Within ±0.05 points it is rounding; a
    large gap with a stated rate below the arithmetic one is the usual real-vs-nominal difference (growth
    at comparable prices), and the implied price deflator is ``(1 + nominal) / (1 + real) - 1``. A stated
    total growth since a year (``growth_total``) gives the earlier level ``x1 / (1 + G)``.
    """
    out = []
    for sid, s in ctx.series.items():
        levels = points(ctx.index, sid, "level", role="history")
        for _, gfact in points(ctx.index, sid, "growth").iterrows():
            span = period_years(gfact["year"])
            if span is None:
                continue
            y0, y1 = span
            x0 = levels[levels["year"].astype(str) == str(y0)]
            x1 = levels[levels["year"].astype(str) == str(y1)]
            if x0.empty or x1.empty:
                continue
            x0v, x1v, stated = float(x0["value"].iloc[0]), float(x1["value"].iloc[0]), float(gfact["value"])
            arith_rate = pace.cagr(x0v, x1v, y1 - y0) * 100
            diff = arith_rate - stated
            numbers = {"from": x0v, "to": x1v, "years": y1 - y0, "stated_pct": stated,
                       "arithmetic_pct": round(arith_rate, 3), "difference_pp": round(diff, 3)}
            arith = f"({_num(x1v)}/{_num(x0v)})^(1/{y1 - y0})-1 = {arith_rate:.2f}% vs stated {_g(stated)}%"
            if abs(diff) <= ROUNDING_PP:
                sev, tail = "info", _say("stated_growth.rounding")
            elif diff > 0 and s.get("unit") == "元":  # a money level (the plan's unit): real vs nominal growth
                deflator = ((1 + arith_rate / 100) / (1 + stated / 100) - 1) * 100
                numbers["implied_deflator_pct"] = round(deflator, 2)
                sev, tail = "low", _say("stated_growth.real", rate=arith_rate, stated=_g(stated), deflator=deflator)
            else:
                sev, tail = "high", _say("stated_growth.mismatch")
            per = per_language(lambda lang, s=s, sid=sid, x0v=x0v, x1v=x1v, tail=tail: {
                "name": _name(s, lang, sid), "unit": _unit(s, lang), "tail": tail[lang],
                "x0": _level(x0v, lang), "x1": _level(x1v, lang)})
            out.append(_finding("stated_growth_vs_levels", sev, [sid], numbers, arith,
                                _say("stated_growth.text", per, y0=y0, y1=y1, stated=_g(stated))))
        for _, gfact in points(ctx.index, sid, "growth_total").iterrows():
            x1 = levels[levels["year"].astype(str) == str(ctx.base)]
            if x1.empty:
                continue
            x1v, total = float(x1["value"].iloc[0]), float(gfact["value"])
            x0v = x1v / (1 + total / 100)
            rate = pace.cagr(x0v, x1v, 5) * 100
            numbers = {"base": x1v, "growth_since_previous_base_pct": total, "implied_previous_base": round(x0v, 2),
                       "implied_cagr_pct": round(rate, 2)}
            arith = f"{_g(x1v)}/(1+{_g(total / 100)}) = {x0v:.2f}; ({_g(x1v)}/{x0v:.2f})^(1/5)-1 = {rate:.2f}%"
            names = per_language(lambda lang, s=s, sid=sid: {"name": _name(s, lang, sid)})
            out.append(_finding(
                "stated_growth_vs_levels", "info", [sid], numbers, arith,
                _say("stated_growth.total", names, x1=_g(x1v), total=_g(total), x0=x0v, rate=rate,
                     year_base=ctx.base, year_prev=ctx.prev_base)))
    return out


#: How the prose says "per k population".
PER_WORDS = {100: ("每百人",), 1000: ("每千人口", "每千人"), 10000: ("每万人口", "每万人")}


def said_per(fact, k: float) -> str:
    """The clause of the plan's sentence that states ``fact`` and calls it per ``k`` population
    (``每千人口执业（助理）医师和注册护士分别由6819人和6242人增加到8070人和9172人``); ``""`` when the
    plan's words do not (the audit then quotes nothing it did not read).

    Notes
    -----
    The clause is the stretch of the sentence between the punctuation marks ``，；：`` around the figure as
    written (``value_text``); it must contain a per-``k`` word (:data:`PER_WORDS`).
    """
    sentence, written = str(fact.get("sentence", "")), str(fact.get("value_text", ""))
    if not written or written not in sentence:
        return ""
    for clause in re.split(r"[，,；;：:。]", sentence):
        if written in clause and any(w in clause for w in PER_WORDS.get(int(k), ())):
            return clause.strip()
    return ""


def check_per_capita_counts(ctx: AuditContext) -> list[dict]:
    """Prose counts labelled 'per 1,000 population' and the census population they imply.

    Notes
    -----
    A count ``N`` that the prose calls 每千人口 cannot be per 1,000 when ``N`` is thousands. Read as an
    absolute count, ``N * 1000 / P`` per 1,000 is compared with the table's value ``x`` (rounded to 2
    decimals), and the population the table implies, ``N * 1000 / x``, with its rounding interval
    ``N * 1000 / (x ± 0.005)``, is compared with the census ``P``.
    """
    out = []
    pop = ctx.population
    for sid, s in ctx.series.items():
        nums = points(ctx.index, sid, "numerator")
        if nums.empty:
            continue
        k = float(s.get("scale", 1000))
        latest = nums[nums["year"].astype(str) == str(ctx.base)]
        if latest.empty:
            continue
        n = float(latest["value"].iloc[0])
        quote = said_per(ctx.facts[ctx.facts["id"] == latest["id"].iloc[0]].iloc[0], k)
        if not quote:  # the plan's own words do not call the count per 1,000: nothing to say
            continue
        per = n * k / pop
        numbers = {"count": n, "population": pop, "per_1000": round(per, 4)}
        arith = f"{n:,.0f}×{_g(k)}/{pop:,} = {per:.3f} per 1,000"
        short = per_language(lambda lang, s=s: {"short": _name(s, lang).split(" (")[0].lower()})
        text = _say("per_capita_counts.text", short, quote=quote, n=n)
        ids = [sid]
        if s.get("indicator"):
            row = ctx.ind(s["indicator"])
            x = float(row["baseline_value"])
            lo, hi = n * k / (x + 0.005), n * k / (x - 0.005)
            numbers.update({"table": x, "implied_population": round(n * k / x),
                            "implied_population_range": [round(lo), round(hi)]})
            arith += (f"; table {_g(x)}: population {n:,.0f}×{_g(k)}/{_g(x)} = {n * k / x:,.0f} "
                      f"(rounding range {lo:,.0f}–{hi:,.0f}; census {pop:,})")
            inside = lo <= pop <= hi
            text = joined(text, _say(f"per_capita_counts.{'matches' if inside else 'differs'}", ctx.captions, n=n,
                                     k=_g(k), pop=pop, per_k=per, x=_g(x), implied=n * k / x, lo=lo, hi=hi,
                                     year_base=ctx.base))
            ids.append(s["indicator"])
        else:
            text = joined(text, _say("per_capita_counts.total", per_k=per))
        out.append(_finding("unit_wording", "medium", ids, numbers, arith, text))
    return out


def check_per_capita_in_absolute(ctx: AuditContext) -> list[dict]:
    """Per-capita targets restated as the absolute additions they need, at the 2020 census population.

    Notes
    -----
    With population P and population unit k (``per_population`` in the metadata): stock ``S = x * P / k``;
    the target needs ``ΔS = (tau - x0) * P / k`` over n years. Where the prose gives the absolute
    numerator's history (e.g. physicians 6819 -> 8070 in 2015-2020), its yearly addition is compared with
    ``ΔS / n``. Indicators whose committed additions the prose states are checked by
    :func:`check_additions_vs_level` instead. Population is held at its 2020 value.
    """
    out = []
    pop = ctx.population
    with_additions = {s.get("indicator") for sid, s in ctx.series.items() if not points(ctx.index, sid, "added").empty}
    for m in ctx.meta["indicators"]:
        k = m.get("per_population")
        if not k or m["id"] in with_additions:
            continue
        row = ctx.ind(m["id"])
        x0, tau = row["baseline_value"], row["target_value"]
        if pd.isna(x0) or pd.isna(tau):
            continue
        n = int(row["target_year"]) - int(row["baseline_year"])
        s0, s1 = x0 * pop / k, tau * pop / k
        d = s1 - s0
        units = per_language(lambda lang, row=row: {"unit": column(row, "unit", lang)})
        numbers = {"population": pop, "per_population": k, "stock_base": round(s0), "stock_target": round(s1),
                   "additions_needed": round(d), "per_year_needed": round(d / n, 1)}
        arith = (f"{_g(x0)}×{pop:,}/{_g(k)} = {s0:,.0f}; {_g(tau)}×{pop:,}/{_g(k)} = {s1:,.0f}; "
                 f"+{d:,.0f} in {n} years = {d / n:,.1f} a year")
        per = per_language(lambda lang, row=row, n=n, units=units: {**units[lang], "name": _name(row, lang), "span": _span(n, lang)})
        text = _say("per_capita_in_absolute.text", per, x0=_g(x0), tau=_g(tau), pop=pop, s0=s0, s1=s1, d=d,
                    per_year=d / n, year_base=ctx.base)
        ids = [m["id"]]
        for sid, s in ctx.series.items():
            nums = points(ctx.index, sid, "numerator", role="history")
            if s.get("indicator") != m["id"] or len(nums) < 2:
                continue
            a, b = nums.iloc[0], nums.iloc[-1]
            span = int(b["year"]) - int(a["year"])
            past = (b["value"] - a["value"]) / span
            numbers.update({"past_per_year": round(past, 1), "past_from": a["value"], "past_to": b["value"]})
            arith += f"; {a['year']}-{b['year']}: ({b['value']:,.0f}-{a['value']:,.0f})/{span} = {past:,.1f} a year"
            text = joined(text, _say(f"per_capita_in_absolute.{'faster' if past >= d / n else 'slower'}", units,
                                     prev=ctx.prev, y0=a["year"], y1=b["year"], a=a["value"], b=b["value"],
                                     past=past))
            ids.append(sid)
        out.append(_finding("per_capita_in_absolute", "info", ids, numbers, arith, text))
    return out


def check_unit_issues(ctx: AuditContext) -> list[dict]:
    """Table units that cannot be what the indicator's words say (curated in the metadata)."""
    out = []
    for m in ctx.meta["indicators"]:
        issue = m.get("unit_issue")
        if not issue:
            continue
        row = ctx.ind(m["id"])
        out.append(_finding("unit_wording", "medium", [m["id"]],
                            {"unit_in_table": row["unit"], "seq": int(row["seq"])},
                            f"table row {int(row['seq'])}: unit ‘{row['unit']}’",
                            _say("unit_issue.text", per_language(lambda lang, row=row, issue=issue: {
                                "name": _name(row, lang), "issue": fields_for(issue, lang) or ""}),
                                seq=int(row["seq"]))))
    return out


def check_permits_worse(ctx: AuditContext) -> list[dict]:
    """Targets that permit an outcome worse than the baseline.

    Notes
    -----
    Higher is better and ``tau < x0``, or lower is better and ``tau > x0``: the target can be met while
    the indicator deteriorates by ``|tau - x0| / x0``. Across a change of measurement basis the values are
    not comparable; the finding says so.
    """
    out = []
    for _, r in ctx.indicators.iterrows():
        x0, tau = r["baseline_value"], r["target_value"]
        if pd.isna(x0) or pd.isna(tau):
            continue
        worse = (r["direction"] == "higher" and tau < x0) or (r["direction"] == "lower" and tau > x0)
        if not worse:
            continue
        rel = (tau - x0) / x0 * 100
        numbers = {"baseline": x0, "target": tau, "change_pct": round(rel, 1), "op": r["target_op"]}
        arith = f"({_g(tau)}-{_g(x0)})/{_g(x0)} = {rel:+.1f}%"
        years = {"year_base": ctx.base, "year_target": ctx.target}
        if r["basis_change"]:
            per = per_language(lambda lang, r=r: {"name": _name(r, lang),
                                                  "baseline_basis": _basis(r["baseline_basis"], lang),
                                                  "target_basis": _basis(r["target_basis"], lang)})
            text = _say("permits_worse.basis", per, x0=_g(x0), tau=_g(tau), **years)
        else:
            bound = "ceiling" if r["direction"] == "lower" else "floor"
            side = "higher" if rel > 0 else "lower"
            per = per_language(lambda lang, r=r, bound=bound, side=side: {
                "name": _name(r, lang), "unit": column(r, "unit", lang),
                "bound": t(f"audit.word.{bound}", lang), "side": t(f"audit.word.{side}", lang)})
            text = _say("permits_worse.text", per, x0=_g(x0), tau=_g(tau), rel=abs(rel), change=rel, **years)
        out.append(_finding("target_permits_worse", "medium", [r["id"]], numbers, arith, text))
    return out


def check_table_vs_prose(ctx: AuditContext) -> list[dict]:
    """Table 1-1 values against the same figures in the prose (2020 history and 2025 targets)."""
    out, agree = [], []
    captions = ctx.captions
    linked = ctx.facts[(ctx.facts["indicator_id"] != "") & (ctx.facts["measure"] == "level")]
    for _, f in linked.iterrows():
        row = ctx.ind(f["indicator_id"])
        col = {str(int(row["baseline_year"])): "baseline_value", str(int(row["target_year"])): "target_value"}.get(str(f["year"]))
        if col is None or pd.isna(row[col]):
            continue
        if math.isclose(float(f["value"]), float(row[col]), rel_tol=1e-9):
            agree.append((row, f["year"], _g(f["value"])))
            continue
        numbers = {"table": row[col], "prose": f["value"], "year": f["year"], "fact": f["id"]}
        out.append(_finding(
            "table_vs_prose", "high", [row.name if isinstance(row.name, str) else f["indicator_id"], f["id"]],
            numbers, f"table {_g(row[col])} != prose {_g(f['value'])}",
            _say("table_vs_prose.differs", per_language(lambda lang, row=row: {**captions[lang], "name": _name(row, lang)}),
                 table=_g(row[col]), line=f["line"], prose=_g(f["value"]))))
    if agree:
        items = per_language(lambda lang: {**captions[lang], "items": punctuation(lang)["semi"].join(
            t("audit.table_vs_prose.item", lang, name=_name(row, lang), year=year, value=value)
            for row, year, value in agree)})
        matched = [f"{row['name']} {year}: {value}" for row, year, value in agree]  # data: the plan's names
        out.append(_finding("table_vs_prose", "info", sorted(set(linked["indicator_id"])), {"matched": matched},
                            f"{len(agree)} figures equal in table and prose",
                            _say("table_vs_prose.agree", items, n=len(agree))))
    return out


def check_table_defects(ctx: AuditContext) -> list[dict]:
    """Defects the parser corrected (e.g. a wrong sequence number), so the audit lists them too."""
    captions = ctx.captions
    return [_finding("table_defect", "low", [], {"line": w.line, "field": w.field}, w.message,
                     _say("table_defect.text", captions, line=w.line, message=w.message))
            for w in ctx.warnings]


def check_no_population(ctx: AuditContext) -> list[dict]:
    """A plan without a population (plan.yaml ``population: null``): say that no per-capita figure was
    turned into a total, instead of using another area's population."""
    if ctx.population is not None:
        return []
    return [_finding("no_population", "info", [], {}, "no population in plan.yaml", _say("no_population.text"))]


#: Checks that turn per-capita figures into totals: they need the plan area's population.
NEEDS_POPULATION = ("check_additions_vs_level", "check_per_capita_counts", "check_per_capita_in_absolute")
CHECKS = (check_growth_vs_levels, check_additions_vs_level, check_stated_growth, check_per_capita_counts,
          check_per_capita_in_absolute, check_unit_issues, check_permits_worse, check_table_vs_prose, check_table_defects,
          check_no_population)


def audit(indicators: pd.DataFrame, facts: pd.DataFrame, population: int | None, warnings=(),
          meta: dict | None = None, series: dict | None = None, config=None) -> pd.DataFrame:
    """Run every check; one row per finding, most severe first.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`AUDIT_COLUMNS`, then ``explanation_xx`` for each further language
        (:func:`jzanalysis.i18n.languages`; the sentences are ``locales/*/audit.yaml``). ``ids``, ``contradicts`` (targets made unreachable: ``high``) and
        ``inconsistent`` (targets that disagree with another plan number although both can hold) are
        ``;``-separated indicator or series ids; ``numbers`` is JSON. With ``population=None`` (plan.yaml
        gives none) the checks that turn per-capita figures into totals are skipped and one ``info``
        finding says so. ``config`` (the plan's PlanConfig) gives the metadata, series, years and words.
    """
    if meta is None:
        meta = load_metadata(config.metadata if config is not None else None)
    if series is None:
        series = series_for(config)
    ctx = AuditContext(indicators, facts, population, meta, series, tuple(warnings), config)
    rows = [f for check in CHECKS if population is not None or check.__name__ not in NEEDS_POPULATION
            for f in check(ctx)]
    frame = pd.DataFrame(rows, columns=AUDIT_COLUMNS + [c for c in column_names("explanation") if c not in AUDIT_COLUMNS])
    order = frame["severity"].map(SEVERITY_ORDER)
    return frame.assign(_o=order).sort_values(["_o", "check"], kind="stable").drop(columns="_o") \
        .reset_index(drop=True)
