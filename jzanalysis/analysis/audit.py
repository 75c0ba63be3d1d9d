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
from jzanalysis.fmt import num as _num
from jzanalysis.fmt import plain
from jzanalysis.plan.config import default_config
from jzanalysis.plan.metadata import load_metadata
from jzanalysis.plan.numbers import g_text as _g
from jzanalysis.plan.series import series_for
from jzanalysis.plan.target import Target, fact_op

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
        caption = c.table.caption
        self.caption = caption or "主要指标表"
        self.caption_en = caption.replace("表", "Table ") if caption and caption.startswith("表") else \
            "the main table"
        self.by_id = self.indicators.set_index("id")
        self.index = index_facts(self.facts)
        self.facts = self.index.frame

    def ind(self, ident: str) -> pd.Series:
        return self.by_id.loc[ident]


def _finding(check, severity, ids, numbers, arithmetic, zh, en, contradicts=(), inconsistent=()):
    return {"check": check, "severity": severity, "ids": ";".join(ids),
            "contradicts": ";".join(contradicts), "inconsistent": ";".join(inconsistent),
            "numbers": json.dumps(numbers, ensure_ascii=False, sort_keys=True),
            "arithmetic": arithmetic, "explanation_zh": zh, "explanation_en": en}


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
        zh = (f"{row['name']}目标为年均{_g(row['target_value'])}%，但规划自身的{ctx.target}年收入目标只需年均增长"
              + "、".join(f"{s['name_zh']}{gi * 100:.2f}%（{_g(base)}→{_g(tau)}元）" for s, base, tau, gi, _ in parts)
              + f"；若真按年均{_g(row['target_value'])}%增长，{ctx.target}年将达到"
              + "、".join(f"{s['name_zh']}{at_g:,.0f}元" for s, base, tau, gi, at_g in parts) + "。")
        en = (f"The plan targets {_g(row['target_value'])}% average annual growth of residents' disposable income, "
              f"but its own {ctx.target} income levels need only "
              + ", ".join(f"{gi * 100:.2f}% a year for {s['name_en'].lower()} ({_g(base)} -> {_g(tau)} yuan)"
                          for s, base, tau, gi, _ in parts)
              + f"; {_g(row['target_value'])}% a year would give "
              + ", ".join(f"{at_g:,.0f} yuan" for *_, at_g in parts) + ".")
        if both:
            zh += ("“左右”“突破”按只约束下沿读（超出不算未达标），两组数字可以同时成立，但并不一致："
                   f"收入水平目标远低于年均{_g(row['target_value'])}%所对应的水平。")
            en += (" Reading \"about\" and \"above\" as floors (overshooting is not a miss), both can hold, but they "
                   "disagree: the level targets sit far below what the growth target implies.")
            out.append(_finding("growth_vs_levels", "medium", [m["id"], *m["level_series"]], numbers, arith, zh, en,
                                inconsistent=[m["id"]]))
        else:
            zh += "两组数字不能同时成立。"
            en += " Both cannot hold."
            out.append(_finding("growth_vs_levels", "high", [m["id"], *m["level_series"]], numbers, arith, zh, en,
                                contradicts=[m["id"]]))
    return out


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
        zh = (f"规划承诺“{ctx.period}”累计新增{a:,.0f}个托位，但{ctx.base}年每千人口{_g(x0)}个对应约{s0:,.0f}个托位，"
              f"达到每千人口{_g(tau)}个需约{s_star:,.0f}个，即需新增约{s_star - s0:,.0f}个；按承诺新增量，"
              f"{ctx.target}年只能达到每千人口约{reached:.2f}个（按{ctx.base}年常住人口{pop:,}人）。"
              f"若只新增{a:,.0f}个，常住人口需降到约{pop_needed:,.0f}人才能达到目标。")
        en = (f"The plan commits {a:,.0f} new childcare places over {ctx.first}-{ctx.target}, but {_g(x0)} per 1,000 in {ctx.base} is about "
              f"{s0:,.0f} places and {_g(tau)} per 1,000 needs about {s_star:,.0f}, i.e. {s_star - s0:,.0f} new places. "
              f"With the committed additions the {ctx.target} level is about {reached:.2f} per 1,000 ({ctx.base} census "
              f"population {pop:,}); with only {a:,.0f} new places the population would have to fall to about "
              f"{pop_needed:,.0f}.")
        if floor:
            zh += f"承诺未写“以内”，按下限读（至少新增{a:,.0f}个），两个数字可以同时成立，但规划自身数字不一致。"
            en += (f" The commitment has no upper bound, so read as a floor (at least {a:,.0f}) both can hold, "
                   "but the plan's own numbers disagree.")
        else:
            zh += "两个数字不能同时成立。"
            en += " Both cannot hold."
        if s.get("name_zh") and "托位" not in s["name_zh"]:
            zh = zh.replace("托位", s["name_zh"])
        if floor:
            out.append(_finding("additions_vs_level", "medium", [s["indicator"], sid], numbers, arith, zh, en,
                                inconsistent=[s["indicator"], sid]))
        else:
            out.append(_finding("additions_vs_level", "high", [s["indicator"], sid], numbers, arith, zh, en,
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
                sev, zh_tail, en_tail = "info", "一致（差异在四舍五入范围内）", "consistent (within rounding)"
            elif diff > 0 and s.get("unit") == "元":
                deflator = ((1 + arith_rate / 100) / (1 + stated / 100) - 1) * 100
                numbers["implied_deflator_pct"] = round(deflator, 2)
                sev = "low"
                zh_tail = (f"名义算术增速为{arith_rate:.2f}%，高于所述{_g(stated)}%；所述应为按可比价格计算的实际增速，"
                           f"隐含年均价格指数约{deflator:.2f}%。不是矛盾，但口径应注明")
                en_tail = (f"the nominal arithmetic rate is {arith_rate:.2f}%, above the stated {_g(stated)}%: the "
                           f"stated rate must be real growth at comparable prices (implied deflator about "
                           f"{deflator:.2f}% a year). Not a contradiction, but the basis should be stated")
            else:
                sev, zh_tail, en_tail = "high", "所述增速与水平值不符", "the stated rate does not match the levels"
            zh = (f"{s.get('name_zh', sid)}：{_num(x0v)}{s.get('unit', '')}（{y0}年）→{_num(x1v)}{s.get('unit', '')}"
                  f"（{y1}年），年均{_g(stated)}%：{zh_tail}。")
            en = (f"{s.get('name_en', sid)}: {plain(x0v, 'en')} ({y0}) -> {plain(x1v, 'en')} ({y1}) {s.get('unit_en', '')}, "
                  f"stated {_g(stated)}% a year: {en_tail}.")
            out.append(_finding("stated_growth_vs_levels", sev, [sid], numbers, arith, zh, en))
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
            out.append(_finding(
                "stated_growth_vs_levels", "info", [sid], numbers, arith,
                f"{s.get('name_zh', sid)}{ctx.base}年{_g(x1v)}，较{ctx.prev_base}年增长{_g(total)}%，隐含{ctx.prev_base}年约{x0v:.2f}，年均增长{rate:.2f}%。",
                f"{s.get('name_en', sid)}: {_g(x1v)} in {ctx.base}, up {_g(total)}% on {ctx.prev_base}, implies {x0v:.2f} in {ctx.prev_base} "
                f"and {rate:.2f}% a year."))
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
        zh = f"正文写“{quote}”，但每千人口不可能有{n:,.0f}人；这是总数。"
        en = (f"The prose says {n:,.0f} {s['name_en'].split(' (')[0].lower()} 'per 1,000 population'; per 1,000 "
              f"cannot be {n:,.0f}: it is the total.")
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
            zh += (f"按总数计，{n:,.0f}×1000/{pop:,} = {per:.3f}，与{ctx.caption}的{_g(x)}"
                   + ("一致；表中数值隐含常住人口" if inside else "不符；隐含人口")
                   + f"{n * k / x:,.0f}人（四舍五入区间{lo:,.0f}–{hi:,.0f}），"
                   + f"与{ctx.base}年常住人口{pop:,}人" + ("相符。" if inside else "不符。"))
            en += (f" As a total, {per:.3f} per 1,000, which "
                   + ("matches" if inside else "does not match")
                   + f" the table's {_g(x)}; the table implies a population of {n * k / x:,.0f} "
                   f"(rounding range {lo:,.0f}-{hi:,.0f}) against the {ctx.base} population {pop:,}.")
            ids.append(s["indicator"])
        else:
            zh += f"按总数计为每千人口{per:.2f}人。"
            en += f" As a total it is {per:.2f} per 1,000."
        out.append(_finding("unit_wording", "medium", ids, numbers, arith, zh, en))
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
        unit = row["unit"]
        numbers = {"population": pop, "per_population": k, "stock_base": round(s0), "stock_target": round(s1),
                   "additions_needed": round(d), "per_year_needed": round(d / n, 1)}
        arith = (f"{_g(x0)}×{pop:,}/{_g(k)} = {s0:,.0f}; {_g(tau)}×{pop:,}/{_g(k)} = {s1:,.0f}; "
                 f"+{d:,.0f} in {n} years = {d / n:,.1f} a year")
        zh = (f"{row['name']}由{_g(x0)}到{_g(tau)}：按{ctx.base}年常住人口{pop:,}人计，总量约由{s0:,.0f}{unit}增至"
              f"{s1:,.0f}{unit}，五年需新增约{d:,.0f}{unit}（年均约{d / n:,.0f}{unit}）。")
        en = (f"{m['name_en']} from {_g(x0)} to {_g(tau)}: at the {ctx.base} population of {pop:,} the total goes from about "
              f"{s0:,.0f} to {s1:,.0f}, i.e. about {d:,.0f} more in {n} years ({d / n:,.0f} a year).")
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
            zh += (f"“{ctx.prev}”期间由{a['value']:,.0f}{unit}增至{b['value']:,.0f}{unit}，年均增加{past:,.0f}{unit}，"
                   + ("高于" if past >= d / n else "低于") + "所需速度。")
            en += (f" In {a['year']}-{b['year']} it grew from {a['value']:,.0f} to {b['value']:,.0f}, "
                   f"{past:,.0f} a year: " + ("faster" if past >= d / n else "slower") + " than needed.")
            ids.append(sid)
        out.append(_finding("per_capita_in_absolute", "info", ids, numbers, arith, zh, en))
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
                            f"第{int(row['seq'])}项{row['name']}：{issue['zh']}。",
                            f"Row {int(row['seq'])}, {m['name_en']}: {issue['en']}."))
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
        if r["basis_change"]:
            zh = (f"{r['name']}：{ctx.base}年{_g(x0)}%（{r['baseline_basis']}）而{ctx.target}年目标{_g(tau)}%（{r['target_basis']}）。"
                  f"口径改变，两值不可比；但这是约束性指标，新口径下的目标低于旧口径的现状值，未说明新口径的基期值。")
            en = (f"{r['name_en']}: {_g(x0)}% in {ctx.base} (by county) against a {_g(tau)}% target "
                  f"(by township). The basis changes so the values are not comparable, but the "
                  "binding target is set below the current value and no baseline on the new basis is given.")
        else:
            word_zh = "上限" if r["direction"] == "lower" else "下限"
            zh = (f"{r['name']}：{ctx.base}年{_g(x0)}（{r['unit']}），{ctx.target}年目标{word_zh}{_g(tau)}，比现状"
                  f"{'高' if rel > 0 else '低'}{abs(rel):.1f}%；目标允许指标比现状更差。")
            en = (f"{r['name_en']}: {_g(x0)} in {ctx.base} and a {ctx.target} target of {_g(tau)} ({rel:+.1f}%): the target "
                  "permits an outcome worse than the baseline.")
        out.append(_finding("target_permits_worse", "medium", [r["id"]], numbers, arith, zh, en))
    return out


def check_table_vs_prose(ctx: AuditContext) -> list[dict]:
    """Table 1-1 values against the same figures in the prose (2020 history and 2025 targets)."""
    out, agree = [], []
    linked = ctx.facts[(ctx.facts["indicator_id"] != "") & (ctx.facts["measure"] == "level")]
    for _, f in linked.iterrows():
        row = ctx.ind(f["indicator_id"])
        col = {str(int(row["baseline_year"])): "baseline_value", str(int(row["target_year"])): "target_value"}.get(str(f["year"]))
        if col is None or pd.isna(row[col]):
            continue
        if math.isclose(float(f["value"]), float(row[col]), rel_tol=1e-9):
            agree.append(f"{row['name']} {f['year']}: {_g(f['value'])}")
            continue
        numbers = {"table": row[col], "prose": f["value"], "year": f["year"], "fact": f["id"]}
        out.append(_finding(
            "table_vs_prose", "high", [row.name if isinstance(row.name, str) else f["indicator_id"], f["id"]],
            numbers, f"table {_g(row[col])} != prose {_g(f['value'])}",
            f"{row['name']}：{ctx.caption}为{_g(row[col])}，正文（第{f['line']}行）为{_g(f['value'])}。",
            f"{row['name_en']}: {ctx.caption_en} says {_g(row[col])}, the prose (line {f['line']}) says {_g(f['value'])}."))
    if agree:
        out.append(_finding("table_vs_prose", "info", sorted(set(linked["indicator_id"])), {"matched": agree},
                            f"{len(agree)} figures equal in table and prose",
                            f"{ctx.caption}与正文的{len(agree)}个相同数字一致：" + "；".join(agree) + "。",
                            f"{len(agree)} figures stated both in {ctx.caption_en} and in the prose agree."))
    return out


def check_table_defects(ctx: AuditContext) -> list[dict]:
    """Defects the parser corrected (e.g. a wrong sequence number), so the audit lists them too."""
    return [_finding("table_defect", "low", [], {"line": w.line, "field": w.field}, w.message,
                     f"{ctx.caption}第{w.line}行：{w.message}", f"{ctx.caption_en} line {w.line}: {w.message}")
            for w in ctx.warnings]


def check_no_population(ctx: AuditContext) -> list[dict]:
    """A plan without a population (plan.yaml ``population: null``): say that no per-capita figure was
    turned into a total, instead of using another area's population."""
    if ctx.population is not None:
        return []
    return [_finding("no_population", "info", [], {}, "no population in plan.yaml",
                     "plan.yaml未给出本规划地区的人口，未将人均指标换算为总量（不借用其他地区的人口）。",
                     "plan.yaml gives no population for the plan's area, so no per-capita figure was turned into "
                     "a total (another area's population is never used).")]


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
        Columns :data:`AUDIT_COLUMNS`. ``ids``, ``contradicts`` (targets made unreachable: ``high``) and
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
    frame = pd.DataFrame(rows, columns=AUDIT_COLUMNS)
    order = frame["severity"].map(SEVERITY_ORDER)
    return frame.assign(_o=order).sort_values(["_o", "check"], kind="stable").drop(columns="_o") \
        .reset_index(drop=True)
