"""One dict per indicator as the pages and the PDF show it: baseline, target as the plan writes it, the
required and the past pace in the reader's unit, verdict, status, warning, anchors (plain text and numbers).

:func:`indicator_rows` is what every section of the report reads; :func:`names_by_id` names the
indicators and prose series of the audit.
"""

from __future__ import annotations

import re

import pandas as pd

from jzanalysis.analysis.final import geometric_mean_rate
from jzanalysis.fmt import missing, plain
from jzanalysis.i18n import column, has, is_plan_language, punctuation, t
from jzanalysis.plan.target import Target
from jzanalysis.publish.words import (
    ATTRIBUTES,
    TABLE_SOURCE,
    T,
    _text,
    attribute_code,
    consistency,
    final_outcome,
    final_year,
    report_kind,
    status,
    verdict,
)


def split_titles(titles: str) -> list[str]:
    """The titles of ``reference_titles``, joined by ``；`` outside brackets (a title's own parenthesis may
    hold a ``；``): ``"A（x；y）；B"`` -> ``["A（x；y）", "B"]``."""
    out, depth, cur = [], 0, ""
    for ch in titles:
        depth += ch in "（(《" and 1 or 0
        depth -= ch in "）)》" and 1 or 0
        if ch == "；" and depth <= 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    return [x.strip() for x in [*out, cur] if x.strip()]


def _benchmark_sources(titles, lang: str) -> str:
    """The published sources of a benchmark pace: their titles (Chinese, as printed) on zh pages; on other
    pages their names in that language (``locales/<lang>/sources.yaml``), else "an official Chinese source"
    (``reference_titles`` in the data holds the titles)."""
    titles = _text(titles)
    if not titles:
        return ""
    if is_plan_language(lang):
        return T("benchmark_sources", lang, titles=titles)
    names = [t(f"source.{x}", lang) if has(f"source.{x}", lang) else t("source.unknown", lang)
             for x in split_titles(titles)]
    return T("benchmark_sources", lang, titles=": " + "; ".join(dict.fromkeys(names)))


def _unit(row, lang: str) -> str:
    unit = row.get("unit")
    unit = "" if missing(unit) else str(unit)
    if is_plan_language(lang):
        return unit
    return column(row, "unit", lang, plan_words=False) or ("" if re.search(r"[\u3000-\u9fff]", unit) else unit)


def _suffix_unit(row, lang: str) -> str:
    """The unit as written after a number: ``%`` and ``‰`` glued, others with a space in English."""
    unit = _unit(row, lang)
    if unit in ("%", "‰", ""):
        return unit
    return punctuation(lang)["space"] + unit


def _flag(row, name: str) -> bool:
    v = row.get(name)
    return bool(v) and not missing(v) and str(v).lower() not in ("false", "0", "")


def target_text(row, lang: str, prose_text: str | None = None) -> str:
    """The 2025 target as the plan writes it: ``≤12.5``, ``4.5万元左右``, ``852（五年累计）``, ``≥97.5``.

    ``prose_text`` (zh): the plan's own words for a prose target (``4.5万元左右``), used as printed.
    """
    op, tau = row.get("target_op"), row.get("target_value")
    if is_plan_language(lang) and isinstance(prose_text, str) and prose_text:
        return prose_text
    if op == "relational" or missing(tau):
        text = row.get("target_text")
        if is_plan_language(lang) and isinstance(text, str) and text and text != "—":
            return text
        return "—"
    signs = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}
    printed = row.get("target_op_table")
    # the sign the plan prints; a ceiling is always signed (a bare 12.5 would read as "reach 12.5")
    sign = signs.get(printed) or (signs.get(op) if op in ("<=", "<") else "")
    table_text = row.get("target_text")
    if is_plan_language(lang) and isinstance(table_text, str) and re.search(r"[\u4e00-\u9fff]", table_text):
        text = table_text if table_text[:1] in "≥≤><" else f"{sign}{table_text}"
    else:
        text = f"{sign}{plain(tau, lang, 6)}"
        if op == "~":
            text += T("target.about", lang)
        elif _flag(row, "annual_average"):
            text += T("target.annual", lang)
        text += _basis_words(table_text, lang)
    if (_flag(row, "cumulative") or row.get("kind") == "cumulative") and T("target.cumulative", lang) not in text:
        text += T("target.cumulative", lang)
    return text


def _basis_words(printed, lang: str) -> str:
    """The measurement basis a printed target names (``90%（以乡为单位）``), in ``lang``: `` (township basis)``;
    ``""`` when it names none (the plan's language prints the target as written, basis included)."""
    if not isinstance(printed, str) or not printed:
        return ""
    target = Target.read(printed)
    basis = target.basis if target is not None else ""
    if not basis:
        return ""
    key = f"basis.{basis}"
    return T(key, lang) if has(f"report.{key}", lang) else T("basis.other", lang)


def _pp_unit(row, lang: str) -> str:
    unit = row.get("unit")
    if unit == "%":
        return T("unit.pp", lang)
    if unit == "‰":
        return T("unit.permille", lang)
    if unit == "1/10万":
        return T("unit.per100k", lang)
    return _suffix_unit(row, lang)


def _met_at_baseline(row) -> bool:
    """The baseline already meets the target (:meth:`jzanalysis.plan.target.Target.met_at_baseline`)."""
    return bool(Target.from_row(row).met_at_baseline(row.get("baseline_value"))) or \
        row.get("feasibility") == "met_at_baseline"


def pace_text(row, lang: str) -> str:
    """The required pace in the unit a reader thinks in, with its direction in words.

    Notes
    -----
    Levels and per-person indicators paced by CAGR: ``每年提高约 g%`` with ``g = (target/baseline)^(1/n) - 1``
    (column ``required_cagr``). Growth targets: the target rate itself. Shares, rates, years and cumulative
    counts: the straight change a year ``(target - baseline)/n`` (column ``required_annual_change``) in
    percentage points, per mille points, years or the counted unit. The shortfall rate is not shown.
    """
    x0, tau = row.get("baseline_value"), row.get("target_value")
    if missing(x0) or missing(tau) or row.get("target_op") == "relational" or _flag(row, "basis_change"):
        return T("pace.none", lang)  # no number, or baseline and target on different bases
    if row.get("primary_pace") == "growth" or row.get("kind") == "growth":
        return T("pace.growth", lang, v=plain(tau, lang, 3))
    if _met_at_baseline(row):
        return T("pace.met", lang)
    if row.get("primary_pace") == "cagr":
        g = row.get("required_cagr")
        if missing(g):
            g = row.get("required_pace")
        if not missing(g):
            g = float(g)
            key = "pace.up_pct" if g >= 0 else "pace.down_pct"
            return T(key, lang, v=plain(abs(g), lang, 3))
    d = row.get("required_annual_change")
    if missing(d):
        y0, y1 = row.get("baseline_year"), row.get("target_year")
        n = (int(y1) - int(y0)) if not (missing(y0) or missing(y1)) else 5
        d = (float(tau) - float(x0)) / max(n, 1)
    d = float(d)
    key = "pace.up_unit" if d >= 0 else "pace.down_unit"
    return T(key, lang, v=plain(abs(d), lang, 3), unit=_pp_unit(row, lang))


def pace_detail(row, lang: str) -> str:
    """The required pace on a detail page: :func:`pace_text`, and for a share paced by its gap to 100 the
    same pace in the words the reasons use, so the two stand side by side (``每年增加0.08个百分点（即距100的
    差距年均缩小2.68%）``); ``""`` when it adds nothing (the detail shows :func:`pace_text`)."""
    rate = row.get("required_shortfall_rate")
    if row.get("primary_pace") != "shortfall" or missing(rate) or _met_at_baseline(row) or _flag(row, "basis_change"):
        return ""
    return pace_text(row, lang) + T("pace.as_shortfall", lang, v=plain(abs(float(rate)), lang, 3))


def reference_text(row, lang: str) -> str:
    """The past pace the plan states, in the same unit as :func:`pace_text` (``—`` when none)."""
    r = row.get("reference_pace")
    if missing(r):
        return "—"
    r = float(r)
    if row.get("primary_pace") == "shortfall":
        # a shortfall rate (the gap to 100 closing r % a year) reads as "the share falls": show instead the
        # average yearly change it gives over the plan period, (projection - baseline) / n, like the
        # required pace
        x0, proj = row.get("baseline_value"), row.get("projected")
        y0, y1 = row.get("baseline_year"), row.get("target_year")
        if missing(x0) or missing(proj):
            return "—"
        n = (int(y1) - int(y0)) if not (missing(y0) or missing(y1)) else 5
        applied = (float(proj) - float(x0)) / max(n, 1)
        own = T("pace.ref_unit", lang, sign="+" if applied >= 0 else "−", v=plain(abs(applied), lang, 3),
                unit=_pp_unit(row, lang))
        return _benchmark_shortfall(row, r, own, lang) or own
    if row.get("primary_pace") in ("cagr", "growth"):
        return T("pace.ref_pct", lang, v=plain(r, lang, 3))
    return T("pace.ref_unit", lang, sign="+" if r >= 0 else "−", v=plain(abs(r), lang, 3), unit=_pp_unit(row, lang))


#: ``benchmark China 2015-2020: 75 -> 85.2 % (…)``: the benchmark series a reference pace was taken from.
_BENCHMARK = re.compile(r"benchmark (.+?) (\d{4})-(\d{4}): ([\d.]+) -> ([\d.]+)")


def _benchmark_shortfall(row, rate: float, applied: str, lang: str) -> str:
    """A benchmark's shortfall pace said as what it is: the benchmark series' own yearly change and the
    narrowing of its gap to 100, then what that narrowing gives from the city's baseline (``applied``).

    Notes
    -----
    The benchmark (全国 2015→2020: 75 → 85.2 %) changes by (85.2 − 75) / 5 = +2.04 points a year, its gap to
    100 narrowing by ``-rate`` = 9.95 % a year; the same narrowing from 97.1 gives +0.237 points a year.
    ``""`` when the reference pace is not a benchmark.
    """
    m = _BENCHMARK.match(_text(row.get("reference_source")))
    if not m:
        return ""
    area, y0, y1, x0, x1 = m.group(1), int(m.group(2)), int(m.group(3)), float(m.group(4)), float(m.group(5))
    own = (x1 - x0) / max(y1 - y0, 1)
    words = T(f"area.{area}", lang) if has(f"report.area.{area}", lang) else area
    return T("pace.ref_benchmark_shortfall", lang, area=words, first=y0, last=y1,
             sign="+" if own >= 0 else "−", v=plain(abs(own), lang, 3), unit=_pp_unit(row, lang),
             rate=plain(abs(rate), lang, 3), applied=applied)


def _name(row, lang: str) -> str:
    return column(row, "name", lang) if not is_plan_language(lang) else str(row.get("name", ""))


def _prose_texts(analysis) -> dict:
    """``(name, target value) -> the plan's words`` for targets stated in the prose (``4.5万元左右``)."""
    facts = getattr(analysis, "facts", None)
    if facts is None or "value_text" not in facts:
        return {}
    tg = facts[facts["role"] == "target"]
    return {(str(s), round(float(v), 6)): str(txt) for s, v, txt in zip(tg["subject"], tg["value"], tg["value_text"])
            if not missing(v) and isinstance(txt, str)}


def _with_metadata(assessment: pd.DataFrame, indicators) -> pd.DataFrame:
    cols = [c for c in ("target_text", "target_op_table", "unit_en", "cumulative", "annual_average", "category_en")
            if indicators is not None and c in indicators]
    if not cols:
        return assessment
    extra = indicators.drop_duplicates("id").set_index("id")
    out = assessment.drop(columns=[c for c in cols if c in assessment]).join(extra[cols], on="id")
    if "attribute" in extra:  # the attribute (约束性/预期性) from the plan's table when the assessment lacks it
        known = extra["attribute"]
        given = out["attribute"] if "attribute" in out else pd.Series(pd.NA, index=out.index, dtype=object)
        out["attribute"] = given.where(given.isin(ATTRIBUTES), out["id"].map(known))
    return out


def period_mean_growth(values) -> float:
    """The period's mean of yearly growth rates (%), geometric: ``(prod(1 + r/100))^(1/n) - 1``, the one the
    final evaluation judges (:func:`jzanalysis.analysis.final.geometric_mean_rate`, in decimal).

    Rates 12, 6, 9, 9, 9 give (1.12 x 1.06 x 1.09^3)^(1/5) - 1 = 8.98 %, not their arithmetic mean 9.
    """
    return geometric_mean_rate([float(v) for v in values if not missing(v)])


def _is_growth(row) -> bool:
    return row.get("kind") == "growth" or row.get("primary_pace") == "growth" or _flag(row, "annual_average")


def with_unit(text: str, row, lang: str) -> str:
    """A number as printed with its unit: ``≥55`` -> ``≥55%``, ``852（五年累计）`` -> ``852个（五年累计）``;
    a text that already names its unit (``4.5万元左右``) is left as it is."""
    unit = _unit(row, lang)
    if not text or text == "—" or not unit:
        return text
    if unit == "1/10万":
        unit = "/10万"
    if unit in text or (is_plan_language(lang) and re.search(r"[\d.](万|亿)?(元|人|个|岁|年|张|户|所|项|次|块|场|县|公里|平方米)",
                                                    text)):
        return text
    m = re.match(r"^([≥≤><~]?\s?-?[\d,.]+(?:万|亿| billion| million)?)(.*)$", text)
    if not m:
        return text
    scaled = _scaled_unit(m.group(1), unit, lang)
    if scaled:
        return scaled + m.group(2)
    sep = "" if unit in ("%", "‰") or unit.startswith("/") else punctuation(lang)["space"]
    return f"{m.group(1)}{sep}{unit}{m.group(2)}"


def _scaled_unit(number: str, unit: str, lang: str) -> str:
    """A number in a unit of ten thousand, said in a sentence of another language as the plain count:
    ``1.5`` in ``10,000 households`` -> ``15,000 households`` (not "1.5 10,000 households"); ``""`` when the
    unit is not one (the table keeps the plan's number and shows the unit beside the name)."""
    u = re.fullmatch(r"10,000 (\D.*)", unit)
    n = re.fullmatch(r"([≥≤><~]?\s?)(-?[\d,]*\.?\d+)", number)
    if is_plan_language(lang) or not u or not n:
        return ""
    value = float(n.group(2).replace(",", "")) * 10000
    return f"{n.group(1)}{plain(value, lang, 6)} {u.group(1)}"


def _source_line(source) -> int | None:
    """The plan text's line of a prose target (``source`` ``prose line 364``), else ``None``."""
    m = re.fullmatch(r"prose line (\d+)", _text(source))
    return int(m.group(1)) if m else None


def named_by_place(d: dict, lang: str) -> dict:
    """A prose target with no name in ``lang`` (its subject is Chinese words only): named by where the plan
    states it (``Target on line 364 of the plan's text``), so that a report in another language lists the
    same targets as the Chinese one; its Chinese unit is left out (the number stands as printed)."""
    name = T("prose.by_place", lang, line=d["line"]) if d.get("line") else T("prose.by_place_unknown", lang)
    return {**d, "name": name, "translated": True}


def anchor(row, position: int) -> str:
    """A stable, safe HTML anchor: ``i-7`` for Table 1-1 row 7, ``p-3`` for the third prose target."""
    seq = row.get("seq")
    if row.get("source") == TABLE_SOURCE and not missing(seq):
        return f"i-{int(seq)}"
    return f"p-{position}"


def indicator_rows(analysis, lang: str, source: str = "table") -> list[dict]:
    """One dict per indicator (``source``: ``"table"``, ``"prose"`` or ``"all"``), in table order."""
    a = analysis.assessment
    is_table = a["source"] == TABLE_SOURCE
    a = {"table": a[is_table].sort_values("seq", kind="stable"), "prose": a[~is_table], "all": a}[source]
    a = _with_metadata(a, getattr(analysis, "indicators", None))
    prose = _prose_texts(analysis)
    monitored = getattr(analysis, "actuals", None) is not None and "status" in a.columns
    actuals = analysis.actuals if monitored else None
    kind = report_kind(getattr(analysis, "as_of", None), monitored, final_year(analysis))
    rows = []
    for pos, (_, r) in enumerate(a.iterrows(), start=1):
        r = r.to_dict()
        d = plan_row(r, pos, lang, kind, prose)
        if monitored:
            _add_monitoring(d, r, actuals, lang, kind)
        rows.append(d)
    return rows


def plan_row(r: dict, pos: int, lang: str, kind: str, prose: dict) -> dict:
    """What a row of the assessment shows without actual values: names, baseline, target as printed, paces,
    verdict, reason (``pos``: its position, for the anchor of a prose target)."""
    tau = r.get("target_value")
    ptext = None if missing(tau) else prose.get((str(r.get("name")), round(float(tau), 6)))
    if r.get("source") == TABLE_SOURCE:
        ptext = None
    category = str(r.get("category") or "").split(" / ")[0]
    if not is_plan_language(lang):
        category = column(r, "category", lang, plan_words=False) or category
    d = {
        "id": r.get("id"), "anchor": anchor(r, pos), "table": r.get("source") == TABLE_SOURCE,
        "seq": "" if missing(r.get("seq")) else int(r["seq"]), "category": category,
        "category_key": str(r.get("category") or ""),
        "name": _name(r, lang), "unit": _unit(r, lang),
        "translated": is_plan_language(lang) or not re.search(r"[\u4e00-\u9fff]", _name(r, lang)),
        "line": _source_line(r.get("source")),
        "attribute": T(f"attribute.{r['attribute']}", lang) if attribute_code(r) else "",
        "attr_code": attribute_code(r), "kind": kind,
        "baseline_year": "" if missing(r.get("baseline_year")) else int(r["baseline_year"]),
        "target_year": "" if missing(r.get("target_year")) else int(r["target_year"]),
        "baseline_unit": with_unit(plain(r.get("baseline_value"), lang, 6), r, lang),
        "baseline": plain(r.get("baseline_value"), lang, 6),
        "target": target_text(r, lang, ptext),
        "pace": pace_text(r, lang), "pace_detail": pace_detail(r, lang), "reference": reference_text(r, lang),
        "projected": plain(r.get("projected"), lang),
        "verdict": verdict(r.get("feasibility"), lang),
        "reason": column(r, "reason", lang, plan_words=False),
        "inconsistent": consistency(r.get("consistency"), lang),
        # readers see the titles of a benchmark's published sources; the plan's own history is named in
        # the reason itself (reference_source keeps the machine-readable form for the data files)
        "reference_source": _benchmark_sources(r.get("reference_titles"), lang),
        **_reference_labels(r, lang),
        "status": None, "latest": "—", "latest_unit": "", "final_actual": "—", "status_reason": "", "warning": "", "actuals": [],
        "final_value": None, "final_year": None, "estimate": False,
        "has_data": False,
    }
    d["target_unit"] = with_unit(d["target"], r, lang)
    return d


def _add_monitoring(d: dict, r: dict, actuals, lang: str, kind: str) -> None:
    """The latest value (a 年均 target: the period's mean growth), status, its reason, the value warning and
    the actual values with their sources, into the row ``d``."""
    latest, ly, seen = r.get("latest_value"), r.get("latest_year"), r.get("observed")
    obs = actuals[actuals["id"] == r.get("id")].sort_values("year")
    if not missing(latest) and isinstance(seen, str) and seen.strip():
        d["has_data"] = True
        d["latest"] = T("latest", lang, value=plain(latest, lang), year=int(ly)) if not missing(ly) \
            else plain(latest, lang)
        value = with_unit(plain(latest, lang), r, lang)
        d["latest_unit"] = T("latest_in", lang, value=value, year=int(ly)) if not missing(ly) else value
        y1 = r.get("target_year")
        # in the table the unit is beside the name, as for the baseline and the target
        d["final_actual"] = plain(latest, lang) if missing(ly) or missing(y1) or int(ly) >= int(y1) else \
            T("final.not_target_year", lang, value=plain(latest, lang), year=int(ly))
        y0 = r.get("baseline_year")
        period = obs[obs["year"] > int(y0)] if not missing(y0) else obs
        if _is_growth(r) and len(period) > 1:
            # a 年均 target: the period's mean, not the latest year
            mean = period_mean_growth(period["value"])
            first, last = int(period["year"].iloc[0]), int(period["year"].iloc[-1])
            d["latest"] = T("latest_mean", lang, first=first, last=last, value=plain(mean, lang, 3))
            # the mean is in % (a growth unit that says "per year" would say it twice with "a year on average")
            value = plain(mean, lang, 3) + "%" if r.get("unit") == "%" else with_unit(plain(mean, lang, 3), r, lang)
            d["latest_unit"] = T("latest_mean", lang, first=first, last=last, value=value)
            d["final_actual"] = d["latest_unit"]
            d["final_value"], d["final_year"] = float(plain(mean, "en", 3)), f"{first}—{last}"
        else:
            d["final_value"], d["final_year"] = float(latest), None if missing(ly) else int(ly)
        _mark_estimate(d, r, lang)
    code = r.get("status")
    d["status"] = status(final_outcome(code, r.get("status_zh_review")) if kind == "final" else code, lang)
    d["status_reason"] = _ceiling_words(r, column(r, "status_reason", lang, plan_words=False))
    d["warning"] = column(r, "value_warning", lang, plan_words=False)
    d["actuals"] = [{"year": int(y), "value": plain(v, lang), "source": _text(s), "note": _text(n)}
                    for y, v, s, n in zip(obs["year"], obs["value"], obs.get("source", [""] * len(obs)),
                                          obs.get("note", [""] * len(obs)))]
    # one source and note for every value: said once, after the values
    given = {(o["source"], o["note"]) for o in d["actuals"]}
    d["actuals_given"] = ""
    if len(d["actuals"]) > 1 and len(given) == 1:
        src, note = given.pop()
        d["actuals_given"] = punctuation(lang)["semi"].join(x for x in (src, note) if x)
        d["actuals"] = [{**o, "source": "", "note": ""} for o in d["actuals"]]


def _mark_estimate(d: dict, r: dict, lang: str) -> None:
    """A final value that is an estimate (预计值, ``final_is_estimate``) is marked where it is shown:
    ``78.06（预计）``."""
    est = r.get("final_is_estimate")
    d["estimate"] = bool(est) if isinstance(est, bool) or str(est) in ("True", "1") else False
    if d["estimate"]:
        mark = T("final.estimate", lang)
        d["final_actual"] += mark
        d["latest_unit"] += mark
        d["latest"] += mark


def sources_once(rows_: list[dict], lang: str) -> str:
    """When every actual value of the report has the same source and note (an example file: 80 values, one
    note), that source and note, said once above the details, and taken off each indicator's values;
    ``""`` (nothing changed) otherwise."""
    semi = punctuation(lang)["semi"]
    texts = [r["actuals_given"] if r.get("actuals_given") else semi.join(x for x in (o["source"], o["note"]) if x)
             for r in rows_ for o in r.get("actuals") or []]
    if len(texts) < 2 or len(set(texts)) != 1 or not texts[0]:
        return ""
    for r in rows_:
        r["actuals_given"] = ""
        r["actuals"] = [{**o, "source": "", "note": ""} for o in r.get("actuals") or []]
    return T("actuals_given_all", lang, given=texts[0])


def benchmark_area(row) -> str:
    """``China`` or ``Shanxi`` when the reference pace is a published-statistics benchmark, else ``""``."""
    m = re.match(r"benchmark (.+?) \d{4}-\d{4}:", _text(row.get("reference_source")))
    return m.group(1) if m else ""


def _reference_labels(row, lang: str) -> dict:
    """A benchmark's pace is labelled with its area (全国), never as the city's own 以往速度; a weak benchmark
    says why: a gross ratio can exceed 100; a planned change under 1 percentage point is within measurement
    error."""
    area = benchmark_area(row)
    if not area:
        return {"reference_label": T("col.reference", lang), "reference_from": T("indicator.reference_from", lang),
                "projected_label": T("col.projected", lang), "caveats": []}
    words = T(f"area.{area}", lang) if has(f"report.area.{area}", lang) else area
    caveats = []
    ident, name = _text(row.get("id")), _text(row.get("name"))
    if "gross_enrol" in ident or "毛入" in name:
        caveats.append(T("caveat.gross_ratio", lang))
    x0, tau = row.get("baseline_value"), row.get("target_value")
    if row.get("unit") == "%" and not missing(x0) and not missing(tau) and abs(float(tau) - float(x0)) < 1:
        caveats.append(T("caveat.small_change", lang, d=plain(abs(float(tau) - float(x0)), lang, 3)))
    return {"reference_label": T("col.reference_benchmark", lang, area=words),
            "projected_label": T("col.projected_benchmark", lang),
            "reference_from": T("indicator.benchmark_from", lang, area=words), "caveats": caveats}


def _ceiling_words(row, text: str) -> str:
    """A ceiling (≤) has no planned increase: its reason never says "占规划增量的…%"."""
    if Target.from_row(row).is_ceiling or row.get("direction") == "lower":
        text = re.sub(r"（占规划增量的[^）]*）", "", text)
        text = re.sub(r"\s*\((?:a |)?[\d.—–-]+%? of the planned (?:increase|change)\)", "", text)
    return text


def group_by_category(rows: list[dict]) -> list[dict]:
    """``[{"category", "anchor", "rows"}]`` in first-seen order."""
    groups: dict[str, dict] = {}
    for r in rows:
        g = groups.setdefault(r["category_key"], {"category": r["category"], "anchor": f"c-{len(groups) + 1}",
                                                  "rows": []})
        g["rows"].append(r)
    return list(groups.values())


def names_by_id(analysis, lang: str) -> dict:
    """Reader names of every indicator and prose series id."""
    names = {}
    try:
        from jzanalysis.plan.series import series_for

        for ident, s in series_for(getattr(analysis, "config", None)).items():
            names[ident] = column(s, "name", lang) or s.get("name_zh") or ""
    except Exception:  # metadata unreadable: ids are not shown at all then
        pass
    assessment = getattr(analysis, "assessment", None)
    for _, r in (assessment.iterrows() if assessment is not None else ()):
        names[r["id"]] = _name(r, lang)
    return names
