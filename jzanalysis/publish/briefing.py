"""What the reader pages and the PDF say, as plain data: words, numbers, links (no HTML here).

The templates (``jzanalysis/templates/*.html.j2``, Jinja2 with autoescape) are the one place where HTML
is produced; everything built here is plain text, so any string that comes from an input (plan text,
actuals, file names) is escaped there. Words come from the catalogue ``locales/<lang>/report.yaml``
(:func:`jzanalysis.i18n.t`), numbers from :func:`jzanalysis.fmt.plain`.

* :func:`titles` -- title, kind and subtitle (plan-time / yearly monitoring / final evaluation).
* :func:`indicator_rows` -- one dict per indicator: baseline, target, required pace in the reader's unit,
  verdict, status, warning, anchors.
* :func:`headline` -- 本年要点: counts and the points to act on, each with a link.
* :func:`legend` -- each verdict, status and severity in one line, with its symbol.
* :func:`audit_items` -- the audit's findings with the arithmetic as a formula in words and numbers.
"""

from __future__ import annotations

import json
import re

import pandas as pd

from jzanalysis.fmt import missing, plain
from jzanalysis.i18n import has, t

TABLE_SOURCE = "Table 1-1"
#: Symbols paired with the colours (readable in greyscale and by colour-blind readers).
VERDICT_SYMBOL = {"met_at_baseline": "✓", "reachable": "○", "stretch": "△", "unreachable": "×",
                  "no_reference": "◇", "qualitative": "☐", "not_assessable": "–"}
STATUS_SYMBOL = {"achieved": "✓", "mostly_achieved": "≈", "on_track": "○", "at_risk": "△", "needs_acceleration": "▽",
                 "off_track": "×", "regressing": "▼", "not_achieved": "×", "no_data": "∅", "not_assessable": "–"}
#: The final evaluation (year >= target year) as offices write it: 完成 / 基本完成 / 未完成, then no data.
FINAL_SYMBOL = {"done": "✓", "mostly_done": "≈", "not_done": "×", "no_data": "∅", "not_assessable": "–"}
SEVERITY_SYMBOL = {"high": "×", "medium": "△", "low": "○", "info": "✓"}
VERDICTS = list(VERDICT_SYMBOL)
STATUSES = list(STATUS_SYMBOL)
FINAL_STATUSES = list(FINAL_SYMBOL)
ATTRIBUTES = ("binding", "expected")
SEVERITIES = list(SEVERITY_SYMBOL)
BAD_STATUSES = ("not_achieved", "regressing", "off_track", "needs_acceleration")
#: Misses named in the headline, worst first (monitoring statuses and final outcomes).
MISSES = ("not_done", "not_achieved", "regressing", "off_track", "needs_acceleration", "mostly_done")
#: At most this many points in the headline of a monitoring or final year, and this many characters in all.
HEADLINE_POINTS = 6
HEADLINE_CHARS = 600
#: English says the same in about twice the characters.
HEADLINE_CHARS_BY_LANG = {"zh": HEADLINE_CHARS, "en": 2 * HEADLINE_CHARS}
FINAL_YEAR = 2025
PAGE_FILES = {"overview": "01_overview.html", "indicators": "02_indicators.html", "audit": "03_audit.html"}


def _benchmark_sources(titles, lang: str) -> str:
    """The published sources of a benchmark pace: their titles (Chinese, as printed) on zh pages; on en pages
    a note that they are Chinese official sources (``reference_titles`` in the data holds the titles)."""
    titles = _text(titles)
    if not titles:
        return ""
    return T("benchmark_sources", lang, titles=titles if lang == "zh" else "")


def T(key: str, lang: str, **fields) -> str:  # noqa: N802  (short name for the report's catalogue)
    """``t("report." + key, lang, **fields)``."""
    return t("report." + key, lang, **fields)


# ------------------------------------------------------------------------------------------ titles
def report_kind(as_of, monitored: bool, final_year: int = FINAL_YEAR) -> str:
    """``plan`` (no actuals), ``final`` (actuals and as-of year >= the plan's target year, 2025 for the
    bundled plan) or ``monitor``."""
    if not monitored or as_of is None or missing(as_of):
        return "plan"
    return "final" if int(as_of) >= final_year else "monitor"


def titles(as_of, monitored: bool, lang: str, final_year: int = FINAL_YEAR) -> dict:
    """``{"kind", "title", "short", "subtitle"}``: a plan-time report has no year in its title."""
    kind = report_kind(as_of, monitored, final_year)
    year = int(as_of) if kind != "plan" else None
    plan = T("plan_title", lang)
    return {"kind": kind, "title": T(f"title.{kind}", lang, plan=plan, year=year),
            "short": T(f"kind.{kind}", lang, year=year), "subtitle": T(f"subtitle.{kind}", lang, year=year),
            "plan": plan}


# ------------------------------------------------------------------------------------ labels
def verdict(code, lang: str) -> dict:
    """``{"code", "label", "symbol", "cls"}`` of a verdict code (unknown or missing: not assessable)."""
    code = code if isinstance(code, str) and code in VERDICT_SYMBOL else "not_assessable"
    return {"code": code, "label": T(f"verdict.{code}", lang), "symbol": VERDICT_SYMBOL[code], "cls": f"v-{code}"}


def status(code, lang: str) -> dict | None:
    """``{"code", "label", "symbol", "cls"}`` of a monitoring status or a final outcome; ``None`` when there is
    none. A status this module does not know yet is labelled from the catalogue (``report.status.<code>``,
    else ``monitor.status.<code>``), never shown as its code."""
    if not isinstance(code, str) or not code:
        return None
    symbol = STATUS_SYMBOL.get(code) or FINAL_SYMBOL.get(code)
    if has(f"report.status.{code}", lang):
        label = T(f"status.{code}", lang)
    elif has(f"monitor.status.{code}", lang):
        label = t(f"monitor.status.{code}", lang)
    else:
        return {"code": "other", "label": T("status.other", lang), "symbol": "?", "cls": "s-other"}
    return {"code": code, "label": label, "symbol": symbol or "?", "cls": f"s-{code}"}


def final_outcome(code, review) -> str | None:
    """The final evaluation of a row (year >= target year) from its status and its review word.

    ``achieved`` -> ``done`` (完成); ``not_achieved`` -> ``mostly_done`` (基本完成) when the review says so,
    else ``not_done`` (未完成); any other status (``no_data``, ``not_assessable``, one added later) as it is.
    """
    if not isinstance(code, str) or not code:
        return None
    if code in ("done", "mostly_done", "not_done"):
        return code
    if code == "achieved":
        return "done"
    if code in ("mostly_achieved", "broadly_achieved"):
        return "mostly_done"
    if code == "not_achieved":
        mostly = {t("monitor.review.mostly_done", "zh"), "mostly_done", "基本完成"}
        return "mostly_done" if isinstance(review, str) and review in mostly else "not_done"
    return code


def consistency(code, lang: str) -> dict | None:
    """A chip for a target that disagrees with the plan's other numbers (``consistency == "inconsistent"``)."""
    if code != "inconsistent":
        return None
    return {"code": code, "label": T("consistency.inconsistent", lang), "symbol": "≠", "cls": "c-inconsistent"}


def severity(code, lang: str) -> dict:
    code = code if code in SEVERITY_SYMBOL else "info"
    return {"code": code, "label": T(f"severity.{code}", lang), "symbol": SEVERITY_SYMBOL[code],
            "cls": f"sev-{code}"}


def legend(lang: str, monitored: bool, kind: str | None = None) -> list[dict]:
    """Groups of ``{"title", "items": [{"label", "symbol", "cls", "help"}]}`` for the legend of terms.

    ``kind == "final"``: the final outcomes (完成 / 基本完成 / 未完成 / 缺少数据 / 无法评估) instead of the
    yearly statuses. The last group explains, once for the whole report, the words the reasons use
    ("距100的差距年均缩小", "基准参照").
    """
    groups = [{"title": T("legend.verdict", lang),
               "items": [{**verdict(c, lang), "help": T(f"verdict_help.{c}", lang)} for c in VERDICTS]}]
    if monitored:
        codes = FINAL_STATUSES if kind == "final" else STATUSES
        groups.append({"title": T("legend.final" if kind == "final" else "legend.status", lang),
                       "items": [{**status(c, lang), "help": T(f"status_help.{c}", lang)} for c in codes]})
    groups[0]["items"].append({**consistency("inconsistent", lang), "help": T("consistency_help.inconsistent", lang)})
    groups.append({"title": T("legend.severity", lang),
                   "items": [{**severity(c, lang), "help": T(f"severity_help.{c}", lang)} for c in SEVERITIES]})
    groups.append({"title": T("legend.words", lang),
                   "items": [{"code": w, "label": T(f"word.{w}", lang), "symbol": "", "cls": "term-word",
                              "help": T(f"word_help.{w}", lang)} for w in ("shortfall", "benchmark", "attribute")]})
    return groups


# ------------------------------------------------------------------------------------- numbers
def _unit(row, lang: str) -> str:
    unit = row.get("unit")
    unit = "" if missing(unit) else str(unit)
    if lang == "en":
        en = row.get("unit_en")
        if isinstance(en, str) and en:
            return en
        return "" if re.search(r"[\u3000-\u9fff]", unit) else unit
    return unit


def _suffix_unit(row, lang: str) -> str:
    """The unit as written after a number: ``%`` and ``‰`` glued, others with a space in English."""
    unit = _unit(row, lang)
    if unit in ("%", "‰", "") or lang == "zh":
        return unit
    return " " + unit


def _flag(row, name: str) -> bool:
    v = row.get(name)
    return bool(v) and not missing(v) and str(v).lower() not in ("false", "0", "")


def target_text(row, lang: str, prose_text: str | None = None) -> str:
    """The 2025 target as the plan writes it: ``≤12.5``, ``4.5万元左右``, ``852（五年累计）``, ``≥97.5``.

    ``prose_text`` (zh): the plan's own words for a prose target (``4.5万元左右``), used as printed.
    """
    op, tau = row.get("target_op"), row.get("target_value")
    if lang == "zh" and isinstance(prose_text, str) and prose_text:
        return prose_text
    if op == "relational" or missing(tau):
        text = row.get("target_text")
        if lang == "zh" and isinstance(text, str) and text and text != "—":
            return text
        return "—"
    signs = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}
    printed = row.get("target_op_table")
    # the sign the plan prints; a ceiling is always signed (a bare 12.5 would read as "reach 12.5")
    sign = signs.get(printed) or (signs.get(op) if op in ("<=", "<") else "")
    table_text = row.get("target_text")
    if lang == "zh" and isinstance(table_text, str) and re.search(r"[\u4e00-\u9fff]", table_text):
        text = table_text if table_text[:1] in "≥≤><" else f"{sign}{table_text}"
    else:
        text = f"{sign}{plain(tau, lang, 6)}"
        if op == "~":
            text += T("target.about", lang)
        elif _flag(row, "annual_average"):
            text += T("target.annual", lang)
    if (_flag(row, "cumulative") or row.get("kind") == "cumulative") and T("target.cumulative", lang) not in text:
        text += T("target.cumulative", lang)
    return text


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
    x0, tau, op = row.get("baseline_value"), row.get("target_value"), row.get("target_op")
    if missing(x0) or missing(tau):
        return row.get("feasibility") == "met_at_baseline"
    x0, tau = float(x0), float(tau)
    return {">=": x0 >= tau, ">": x0 > tau, "<=": x0 <= tau, "<": x0 < tau}.get(op, False) or \
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
        r = (float(proj) - float(x0)) / max(n, 1)
        return T("pace.ref_unit", lang, sign="+" if r >= 0 else "−", v=plain(abs(r), lang, 3),
                 unit=_pp_unit(row, lang))
    if row.get("primary_pace") in ("cagr", "growth"):
        return T("pace.ref_pct", lang, v=plain(r, lang, 3))
    return T("pace.ref_unit", lang, sign="+" if r >= 0 else "−", v=plain(abs(r), lang, 3), unit=_pp_unit(row, lang))


def _name(row, lang: str) -> str:
    if lang == "en":
        en = row.get("name_en")
        if isinstance(en, str) and en:
            return en
    return str(row.get("name", ""))


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


def attribute_code(row) -> str:
    """``binding`` (约束性), ``expected`` (预期性) or ``""`` (prose targets have none)."""
    a = row.get("attribute")
    return a if isinstance(a, str) and a in ATTRIBUTES else ""


def period_mean_growth(values) -> float:
    """The period's mean of yearly growth rates (%), geometric: ``(prod(1 + r/100))^(1/n) - 1``.

    Rates 12, 6, 9, 9, 9 give (1.12 x 1.06 x 1.09^3)^(1/5) - 1 = 8.98 %, not their arithmetic mean 9.
    """
    rates = [float(v) for v in values if not missing(v)]
    if not rates:
        return float("nan")
    prod = 1.0
    for r in rates:
        prod *= 1 + r / 100
    return (prod ** (1 / len(rates)) - 1) * 100


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
    if unit in text or (lang == "zh" and re.search(r"[\d.](万|亿)?(元|人|个|岁|年|张|户|所|项|次|块|场|县|公里|平方米)",
                                                    text)):
        return text
    m = re.match(r"^([≥≤><~]?\s?-?[\d,.]+(?:万|亿| billion| million)?)(.*)$", text)
    if not m:
        return text
    sep = "" if lang == "zh" or unit in ("%", "‰") or unit.startswith("/") else " "
    return f"{m.group(1)}{sep}{unit}{m.group(2)}"


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
    kind = report_kind(getattr(analysis, "as_of", None), monitored)
    rows = []
    for pos, (_, r) in enumerate(a.iterrows(), start=1):
        r = r.to_dict()
        tau = r.get("target_value")
        ptext = None if missing(tau) else prose.get((str(r.get("name")), round(float(tau), 6)))
        if r.get("source") == TABLE_SOURCE:
            ptext = None
        category = str(r.get("category") or "").split(" / ")[0]
        if lang == "en" and isinstance(r.get("category_en"), str) and r.get("category_en"):
            category = r["category_en"]
        d = {
            "id": r.get("id"), "anchor": anchor(r, pos), "table": r.get("source") == TABLE_SOURCE,
            "seq": "" if missing(r.get("seq")) else int(r["seq"]), "category": category,
            "category_key": str(r.get("category") or ""),
            "name": _name(r, lang), "unit": _unit(r, lang),
            "translated": lang == "zh" or not re.search(r"[\u4e00-\u9fff]", _name(r, lang)),
            "attribute": T(f"attribute.{r['attribute']}", lang) if attribute_code(r) else "",
            "attr_code": attribute_code(r), "kind": kind,
            "baseline_year": "" if missing(r.get("baseline_year")) else int(r["baseline_year"]),
            "target_year": "" if missing(r.get("target_year")) else int(r["target_year"]),
            "baseline_unit": with_unit(plain(r.get("baseline_value"), lang, 6), r, lang),
            "baseline": plain(r.get("baseline_value"), lang, 6),
            "target": target_text(r, lang, ptext),
            "pace": pace_text(r, lang), "reference": reference_text(r, lang),
            "projected": plain(r.get("projected"), lang),
            "verdict": verdict(r.get("feasibility"), lang),
            "reason": _text(r.get("reason_zh") if lang == "zh" else r.get("reason_en")),
            "inconsistent": consistency(r.get("consistency"), lang),
            # readers see the titles of a benchmark's published sources; the plan's own history is named in
            # the reason itself (reference_source keeps the machine-readable form for the data files)
            "reference_source": _benchmark_sources(r.get("reference_titles"), lang),
            **_reference_labels(r, lang),
            "status": None, "latest": "—", "latest_unit": "", "final_actual": "—", "status_reason": "", "warning": "", "actuals": [],
            "has_data": False,
        }
        d["target_unit"] = with_unit(d["target"], r, lang)
        if monitored:
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
                    d["latest_unit"] = T("latest_mean", lang, first=first, last=last,
                                         value=with_unit(plain(mean, lang, 3), r, lang))
                    d["final_actual"] = d["latest_unit"]
            code = r.get("status")
            d["status"] = status(final_outcome(code, r.get("status_zh_review")) if kind == "final" else code, lang)
            d["status_reason"] = _ceiling_words(r, _text(r.get("status_reason_zh") if lang == "zh"
                                                         else r.get("status_reason_en")))
            d["warning"] = _text(r.get(f"value_warning_{lang}"))
            d["actuals"] = [{"year": int(y), "value": plain(v, lang), "source": _text(s), "note": _text(n)}
                            for y, v, s, n in zip(obs["year"], obs["value"], obs.get("source", [""] * len(obs)),
                                                  obs.get("note", [""] * len(obs)))]
            # one source and note for every value: said once, after the values
            given = {(o["source"], o["note"]) for o in d["actuals"]}
            d["actuals_given"] = ""
            if len(d["actuals"]) > 1 and len(given) == 1:
                src, note = given.pop()
                d["actuals_given"] = ("；" if lang == "zh" else "; ").join(x for x in (src, note) if x)
                d["actuals"] = [{**o, "source": "", "note": ""} for o in d["actuals"]]
        rows.append(d)
    return rows


def _text(v) -> str:
    return "" if missing(v) else str(v)


def benchmark_area(row) -> str:
    """``China`` or ``Shanxi`` when the reference pace is a published-statistics benchmark, else ``""``."""
    m = re.match(r"benchmark (\w+)", _text(row.get("reference_source")))
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
    if row.get("target_op") in ("<=", "<") or row.get("direction") == "lower":
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


def category_counts(rows: list[dict], lang: str, monitored: bool) -> dict:
    """``{"columns": [labels...], "rows": [{"category", "cells": [n...], "total"}], "totals"}``."""
    key = "status" if monitored else "verdict"
    known = _status_order(rows) if monitored else VERDICTS
    seen = {(r[key] or {}).get("code") for r in rows} - {None}
    # the statuses that occur, in the legend's order; one this module does not know yet comes last
    codes = [c for c in known if c in seen] + sorted(seen - set(known))
    label = status if monitored else verdict
    out = []
    for g in group_by_category(rows):
        cells = [sum(1 for r in g["rows"] if (r[key] or {}).get("code") == c) for c in codes]
        out.append({"category": g["category"], "cells": cells, "total": len(g["rows"])})
    totals = [sum(r["cells"][i] for r in out) for i in range(len(codes))]
    notes = []
    if monitored:  # what 有风险 counts, and which items
        for c in ("at_risk",):
            named = [r["name"] for r in rows if (r[key] or {}).get("code") == c]
            if named:
                notes.append(T("counts_note", lang, label=label(c, lang)["label"], help=T(f"status_help.{c}", lang)
                               .rstrip("。."), names=("、" if lang == "zh" else ", ").join(named)))
    return {"columns": [label(c, lang) for c in codes], "rows": out, "totals": totals, "total": len(rows),
            "notes": notes}


# ------------------------------------------------------------------------------------------ audit
def _numbers(finding) -> dict:
    try:
        n = json.loads(finding.get("numbers") or "{}")
        return n if isinstance(n, dict) else {}
    except (TypeError, ValueError):
        return {}


def names_by_id(analysis, lang: str) -> dict:
    """Reader names of every indicator and prose series id."""
    names = {}
    try:
        from jzanalysis.plan.series import series_for

        for ident, s in series_for(getattr(analysis, "config", None)).items():
            names[ident] = s.get("name_en" if lang == "en" else "name_zh") or s.get("name_zh") or ""
    except Exception:  # metadata unreadable: ids are not shown at all then
        pass
    for _, r in analysis.assessment.iterrows():
        names[r["id"]] = _name(r, lang)
    return names


def formula(finding, lang: str, names: dict) -> str:
    """The audit's arithmetic as a formula in words and numbers, from the finding's ``numbers``.

    Empty when the finding's numbers do not have the fields its check needs (the explanation still says it).
    """
    n, check = _numbers(finding), finding.get("check")
    p = lambda v, sig=4: plain(v, lang, sig)  # noqa: E731
    try:
        if check == "additions_vs_level":
            pop = n["population_2020"]
            return T("formula.additions_vs_level", lang, b=p(n["baseline_per_1000"]), pop=p(pop),
                     bs=p(n["baseline_stock"], 4), t=p(n["target_per_1000"]), ts=p(n["target_stock"], 4),
                     needed=p(n["additions_needed"]), committed=p(n["committed_additions"]),
                     reached=p(n["per_1000_with_committed"], 3))
        if check == "growth_vs_levels":
            target = next(v for k, v in n.items() if k.endswith("target_pct"))
            parts = []
            listed = [i for i in str(finding.get("ids") or "").split(";") if f"{i}.implied_growth_pct" in n]
            for ident in listed or dict.fromkeys(k.split(".")[0] for k in n if k.endswith(".implied_growth_pct")):
                parts.append(T("formula.growth_item", lang, name=names.get(ident, ""), x0=p(n[f"{ident}.2020"]),
                               x1=p(n[f"{ident}.2025_target"]), g=p(n[f"{ident}.implied_growth_pct"], 3),
                               target=p(target), xl=p(n[f"{ident}.level_at_target_growth"])))
            return "；".join(parts) if lang == "zh" else "; ".join(parts)
        if check == "target_permits_worse":
            return T("formula.target_permits_worse", lang, t=p(n["target"]), b=p(n["baseline"]),
                     pct=("+" if n["change_pct"] >= 0 else "−") + p(abs(n["change_pct"]), 3))
        if check == "unit_wording" and "count_2020" in n:
            return T("formula.per_capita_count", lang, count=p(n["count_2020"]), pop=p(n["population_2020"]),
                     per=p(n["per_1000"], 3))
        if check == "stated_growth_vs_levels" and "from" in n:
            return T("formula.stated_growth", lang, x1=p(n["to"]), x0=p(n["from"]), n=int(n.get("years", 5)),
                     g=p(n["arithmetic_pct"], 3), stated=p(n["stated_pct"]))
        if check == "stated_growth_vs_levels" and "growth_since_2015_pct" in n:
            return T("formula.stated_growth_since", lang, x0=p(n["implied_2015"]), x1=p(n["2020"]),
                     p=p(n["growth_since_2015_pct"]), g=p(n["implied_cagr_pct"], 3))
        if check == "per_capita_in_absolute":
            return T("formula.per_capita_in_absolute", lang, s0=p(n["stock_2020"], 6), s1=p(n["stock_2025"], 6),
                     add=p(n["additions_needed"], 6), per_year=p(n["per_year_needed"], 4),
                     pop=p(n["population_2020"]))
        if check == "table_vs_prose" and "matched" in n:
            return T("formula.table_vs_prose", lang, n=len(n["matched"]))
    except (KeyError, TypeError, ValueError, StopIteration):
        return ""
    return ""


def audit_items(audit: pd.DataFrame, lang: str, names: dict) -> list[dict]:
    """The findings, high first: ``{"n", "anchor", "severity", "title", "indicators", "explanation", "formula"}``."""
    order = {s: i for i, s in enumerate(SEVERITIES)}
    f = audit.assign(_o=audit["severity"].map(order).fillna(9)).sort_values("_o", kind="stable")
    items = []
    for n, (_, r) in enumerate(f.iterrows(), start=1):
        r = r.to_dict()
        ids = [i for i in str(r.get("ids") or "").split(";") if i]
        check = r.get("check")
        title = T(f"audit.check.{check}", lang) if has(f"report.audit.check.{check}", lang) else \
            T("audit.check.other", lang)
        explanation = _text(r.get("explanation_zh") if lang == "zh" else r.get("explanation_en"))
        if check == "table_defect":
            explanation = _defect_words(r, explanation, lang)
        items.append({"n": n, "anchor": f"f-{n}", "severity": severity(r.get("severity"), lang), "title": title,
                      "check": check, "indicators": [names[i] for i in ids if names.get(i)],
                      "explanation": explanation,
                      "formula": formula(r, lang, names), "ids": ids})
    return items


def _defect_words(finding, text: str, lang: str) -> str:
    """A misprint the parser corrected, in the report's language (the parser's message is English)."""
    line = _numbers(finding).get("line", "")
    m = re.search(r"sequence number printed as (\d+), expected (\d+) \(previous row (\d+)\)", text)
    if m:
        return T("audit.table_defect.seq", lang, line=line, printed=m.group(1), expected=m.group(2), prev=m.group(3))
    if lang == "zh" and re.search(r"[A-Za-z]{4,}", text):
        return T("audit.table_defect.other", lang, line=line)
    return text


# ---------------------------------------------------------------------------------------- headline
def _finding_sentence(item: dict, finding, lang: str) -> str:
    """One plain sentence with the key numbers for a high finding (its explanation's first sentence else)."""
    n, check = _numbers(finding), finding.get("check")
    p = lambda v, sig=4: plain(v, lang, sig)  # noqa: E731
    try:
        if check == "growth_vs_levels":
            target = next(v for k, v in n.items() if k.endswith("target_pct"))
            u, r = "urban_disposable_income", "rural_disposable_income"
            return T("headline.finding.growth_vs_levels", lang, target=p(target), u0=p(n[f"{u}.2020"]),
                     u1=p(n[f"{u}.2025_target"]), ug=p(n[f"{u}.implied_growth_pct"], 3),
                     r0=p(n[f"{r}.2020"]), r1=p(n[f"{r}.2025_target"]), rg=p(n[f"{r}.implied_growth_pct"], 3),
                     ul=p(n[f"{u}.level_at_target_growth"]), rl=p(n[f"{r}.level_at_target_growth"]))
        if check == "additions_vs_level":
            return T("headline.finding.additions_vs_level", lang, target=p(n["target_per_1000"]),
                     needed=p(n["additions_needed"]), committed=p(n["committed_additions"]),
                     reached=p(n["per_1000_with_committed"], 3))
    except (KeyError, TypeError, ValueError, StopIteration):
        pass
    text = item["explanation"]
    cut = re.split(r"(?<=[。；])|(?<=\.)\s", text, maxsplit=1)[0] if text else ""
    return cut or item["title"]


def _status_order(rows: list[dict]) -> list[str]:
    """Status codes in the legend's order: the final outcomes first in a final report, else the yearly
    statuses (each code once)."""
    final = any(r.get("kind") == "final" for r in rows)
    return list(dict.fromkeys((FINAL_STATUSES + STATUSES) if final else (STATUSES + FINAL_STATUSES)))


def counts_by_attribute(rows: list[dict]) -> dict[str, dict[str, int]]:
    """``{attribute: {status code: n}}`` of the Table 1-1 rows, binding first, statuses in the legend's order
    (a status added later comes after the known ones). Local to the pages: ``analysis.final`` may offer the
    same count on the assessment."""
    order = {c: i for i, c in enumerate(_status_order(rows))}
    out: dict[str, dict[str, int]] = {}
    for a in ATTRIBUTES:
        codes = [(r["status"] or {}).get("code") for r in rows if r.get("attr_code") == a and r["status"]]
        if codes:
            out[a] = {c: codes.count(c) for c in sorted(set(codes), key=lambda c: (order.get(c, 99), c))}
    return out


def _without_data(r: dict) -> bool:
    """No value entered for the row (status ``no_data``, or no observation at all)."""
    return (r["status"] or {}).get("code") == "no_data" or (r["status"] is not None and not r.get("has_data"))


def _point(r: dict, lang: str) -> dict:
    code = (r["status"] or {}).get("code")
    tag = T("headline.binding_tag", lang) if r.get("attr_code") == "binding" else ""
    if code == "no_data" or not r.get("has_data"):
        text = T("headline.no_data_item", lang, name=r["name"], tag=tag, target=r["target_unit"])
    else:
        text = T("headline.status_bad", lang, name=r["name"], tag=tag, status=r["status"]["label"],
                 latest=r["latest_unit"], target=r["target_unit"])
    return {"text": text, "href": f"{PAGE_FILES['indicators']}#{r['anchor']}", "anchor": r["anchor"],
            "cls": r["status"]["cls"], "symbol": r["status"]["symbol"], "id": r["id"]}


def headline_points(rows: list[dict], lang: str) -> tuple[list[dict], int]:
    """The rows a monitoring or final headline names, in order: binding misses (worst first), binding rows
    without data, then expected misses; at most :data:`HEADLINE_POINTS`. Returns ``(points, left)``,
    ``left`` the number of further misses not named."""
    rank = {c: i for i, c in enumerate(MISSES)}
    code = lambda r: (r["status"] or {}).get("code")  # noqa: E731
    binding = [r for r in rows if r.get("attr_code") == "binding"]
    expected = [r for r in rows if r.get("attr_code") != "binding"]
    misses = lambda rs: sorted((r for r in rs if code(r) in rank), key=lambda r: rank[code(r)])  # noqa: E731
    chosen = misses(binding) + [r for r in binding if code(r) not in rank and _without_data(r)] + misses(expected)
    return [_point(r, lang) for r in chosen[:HEADLINE_POINTS]], max(len(chosen) - HEADLINE_POINTS, 0)


def _finding_points(analysis, audit: list[dict], rows: list[dict], lang: str) -> tuple[list[dict], set]:
    """The plan's own contradictions (high findings, and medium ones on an inconsistent target): one
    sentence each with the key numbers, linked to the audit."""
    points, covered, by_check = [], set(), {}
    for _, f in analysis.audit.iterrows():
        by_check.setdefault(f["check"], []).append(f)
    inconsistent = {r["id"] for r in rows if r.get("inconsistent")}
    assessment = getattr(analysis, "assessment", None)
    if assessment is not None and "consistency" in assessment:
        inconsistent |= set(assessment.loc[assessment["consistency"] == "inconsistent", "id"])
    for item in audit:
        code = item["severity"]["code"]
        if code != "high" and not (code == "medium" and inconsistent & set(item["ids"])):
            continue
        finding = next((f for f in by_check.get(item["check"], []) if str(f.get("ids") or "").split(";") == item["ids"]),
                       None)
        text = _finding_sentence(item, finding if finding is not None else {}, lang)
        high = item["severity"]["code"] == "high"
        topic = T(f"headline.topic.{item['check']}", lang) if has(f"report.headline.topic.{item['check']}", lang) \
            else item["title"]
        points.append({"text": text, "href": f"{PAGE_FILES['audit']}#{item['anchor']}", "anchor": item["anchor"],
                       "cls": item["severity"]["cls"] if high else "c-inconsistent", "topic": topic,
                       "symbol": SEVERITY_SYMBOL["high"] if high else "≠"})
        covered.update(item["ids"])
    return points, covered


def headline(analysis, rows: list[dict], audit: list[dict], lang: str, changes=None, has_previous=False,
             as_of=None) -> dict:
    """本年要点: ``{"intro", "counts", "by_attribute", "points", "more", "findings", "findings_line",
    "change_line", "changes", "none"}``.

    Plan-time: the plan's own contradictions (high audit findings, one sentence each with the key numbers),
    then the targets that are unreachable or need a faster pace. Monitoring and final years: the year's
    answer -- the counts, by attribute (约束性 first), then at most :data:`HEADLINE_POINTS` items (binding
    misses, binding indicators without data, expected misses), what changed since last year (items not
    already named), within :data:`HEADLINE_CHARS` characters; the contradictions go to a section of their own
    (``findings``), linked by one line.
    """
    monitored = any(r["status"] for r in rows)
    kind = next((r.get("kind") for r in rows if r.get("kind")), "monitor" if monitored else "plan")
    key = "status" if monitored else "verdict"
    counted: dict[str, dict] = {}
    for r in rows:
        lab = r[key]
        if lab:
            counted.setdefault(lab["code"], {**lab, "n": 0})["n"] += 1
    order = {c: i for i, c in enumerate(_status_order(rows) if monitored else VERDICTS)}
    counts = [{**c, "text": T("headline.count_item", lang, label=c["label"], n=c["n"])}
              for c in sorted(counted.values(), key=lambda c: (order.get(c["code"], 99), c["code"]))]
    intro = T("headline.status_counts", lang, year=as_of, total=len(rows)) if monitored else \
        T("headline.counts", lang, total=len(rows))
    findings, covered = _finding_points(analysis, audit, rows, lang)
    sep = "、" if lang == "zh" else ", "
    by_attribute = []
    if monitored:
        for a, n in counts_by_attribute(rows).items():
            items = sep.join(T("headline.count_item", lang, label=status(c, lang)["label"], n=k) for c, k in n.items())
            by_attribute.append(T("headline.attribute_counts", lang, attribute=T(f"attribute.{a}", lang),
                                  n=sum(n.values()), items=items))
    points, left, findings_line = [], 0, ""
    if monitored:
        points, left = headline_points(rows, lang)
        if findings:
            findings_line = T("headline.findings_line", lang, n=len(findings),
                              topics=sep.join(dict.fromkeys(f["topic"] for f in findings)))
    else:
        points = [{k: v for k, v in f.items() if k != "topic"} for f in findings]
        for code, key_ in (("unreachable", "headline.unreachable"), ("stretch", "headline.stretch")):
            for r in rows:
                if r["verdict"]["code"] == code and r["id"] not in covered:
                    points.append({"text": T(key_, lang, name=r["name"], pace=r["pace"], reference=r["reference"]),
                                   "href": f"{PAGE_FILES['indicators']}#{r['anchor']}", "anchor": r["anchor"],
                                   "cls": r["verdict"]["cls"], "symbol": r["verdict"]["symbol"]})
    changed, change_line = [], ""
    if monitored:
        named = {p.get("id") for p in points}
        by_id = {r["id"]: r for r in rows}
        if changes is None:
            change_line = T("headline.no_previous", lang) if not has_previous else ""
        elif len(changes) == 0:
            change_line = T("headline.unchanged", lang)
        else:
            repeated = sum(1 for i in changes["id"] if i in named)
            change_line = T("headline.changed", lang, n=len(changes)) + \
                (T("headline.changed_named", lang, n=repeated) if repeated else "")
            for _, c in changes.iterrows():
                if c.get("id") in named:
                    continue  # already named above
                r = by_id.get(c.get("id"))
                before, now = status(c.get("status_before"), lang), status(c.get("status_now"), lang)
                changed.append({"text": T("headline.changed_item", lang, name=r["name"] if r else _name(c, lang),
                                          before=(before or {}).get("label", "—"), now=(now or {}).get("label", "—")),
                                "href": f"{PAGE_FILES['indicators']}#{r['anchor']}" if r else PAGE_FILES["overview"],
                                "anchor": r["anchor"] if r else "table",
                                "cls": (now or {}).get("cls", ""), "symbol": (now or {}).get("symbol", "")})
    head = {"intro": intro, "counts": counts, "by_attribute": by_attribute, "points": points, "more": "",
            "findings": findings if monitored else [], "findings_line": findings_line,
            "findings_href": f"{PAGE_FILES['overview']}#findings",
            "change_line": change_line, "changes": changed, "kind": kind,
            "none": T("headline.none", lang) if not points else ""}
    if monitored:
        _fit(head, left, lang)
    return head


def headline_text(head: dict, more: str = "") -> str:
    """The headline's visible words, as the pages show them (for the length rule)."""
    parts = [head["intro"], *(c["symbol"] + c["text"] for c in head["counts"]), *head["by_attribute"]]
    parts += [p["symbol"] + p["text"] + more for p in head["points"]] + [head["more"], head["none"]]
    parts += [head["findings_line"] + (more if head["findings_line"] else ""), head["change_line"]]
    parts += [p["symbol"] + p["text"] + more for p in head["changes"]]
    return "".join(parts)


def _fit(head: dict, left: int, lang: str) -> None:
    """Keep a monitoring or final headline within :data:`HEADLINE_CHARS` characters: changes beyond the
    first few go first, then the last points (counted in the "and N more" line)."""
    more = T("headline.more", lang)
    heading = T("headline", lang) + T("headline.act", lang)
    budget = HEADLINE_CHARS_BY_LANG.get(lang, HEADLINE_CHARS) - len(heading)

    def set_more():
        head["more"] = T("headline.more_items", lang, n=left) if left else ""

    set_more()
    base, extra = head["change_line"], 0
    while len(headline_text(head, more)) > budget and (head["changes"] or head["points"]):
        if head["changes"]:
            head["changes"].pop()
            extra += 1
            head["change_line"] = base + T("headline.changes_more", lang, n=extra)
        else:
            head["points"].pop()
            left += 1
            set_more()


# ------------------------------------------------------------------------------------ final table
def _common_year(rows: list[dict], key: str, default: int) -> int:
    years = [r[key] for r in rows if r.get(key) != ""]
    return max(set(years), key=years.count) if years else default


def final_columns(rows: list[dict], lang: str) -> dict:
    """Headers of 主要指标完成情况表: 指标, 属性, {baseline}年, {target}年目标, {target}年实际, 完成情况, 说明
    (the years from the rows' own baseline and target years)."""
    y0, y1 = _common_year(rows, "baseline_year", 2020), _common_year(rows, "target_year", FINAL_YEAR)
    return {"name": T("col.name", lang), "attribute": T("col.attribute", lang),
            "baseline": T("final.col.baseline", lang, year=y0), "target": T("final.col.target", lang, year=y1),
            "actual": T("final.col.actual", lang, year=y1), "status": T("final.col.status", lang),
            "note": T("final.col.note", lang), "target_year": y1}


def final_groups(rows: list[dict], lang: str) -> list[dict]:
    """主要指标完成情况表: ``[{"category", "anchor", "rows"}]``, within a category binding indicators first."""
    groups = group_by_category(rows)
    for g in groups:
        g["rows"] = sorted(g["rows"], key=lambda r: r.get("attr_code") != "binding")
    return groups


#: Names a folded line lists at most (the rest are counted): a line for people, bounded whatever the plan.
FOLDED_NAMES_MAX = 30


def final_prose(prose: list[dict], lang: str) -> list[dict]:
    """The plan text's other targets in a final report: ``[{"category", "rows", "folded"}]`` per chapter;
    the rows with actual values one by one, those without folded into one line (``folded``)."""
    sep = "、" if lang == "zh" else "; "
    out: dict[str, dict] = {}
    for r in prose:
        # the plan's chapter (Chinese words: one group without a heading on English pages)
        chapter = r["category_key"].split(" / ")[0] if lang == "zh" else ""
        g = out.setdefault(chapter, {"category": chapter, "rows": [], "missing": []})
        (g["rows"] if r.get("has_data") else g["missing"]).append(r)
    for g in out.values():
        names = list(dict.fromkeys(f"{r['name']}{(' ' if lang != 'zh' else '')}{r['target_unit']}"
                                   if r["target_unit"] != "—" else r["name"] for r in g["missing"]))
        shown = names[:FOLDED_NAMES_MAX] + ([T("final.and_more", lang, n=len(names) - FOLDED_NAMES_MAX)]
                                            if len(names) > FOLDED_NAMES_MAX else [])
        g["folded"] = T("final.no_data_line", lang, n=len(g["missing"]), names=sep.join(shown)) if names else ""
    return list(out.values())


def changes_rows(changes, rows: list[dict], lang: str) -> list[dict]:
    """What changed since last year, for a table: name (linked), before, now, latest before/now."""
    if changes is None or len(changes) == 0:
        return []
    by_id = {r["id"]: r for r in rows}
    out = []
    for _, c in changes.iterrows():
        r = by_id.get(c.get("id"))
        out.append({"name": r["name"] if r else _name(c, lang),
                    "href": f"{PAGE_FILES['indicators']}#{r['anchor']}" if r else "",
                    "anchor": r["anchor"] if r else "table",
                    "before": status(c.get("status_before"), lang), "now": status(c.get("status_now"), lang),
                    "latest_before": plain(c.get("latest_before"), lang), "latest_now": plain(c.get("latest_now"), lang),
                    "reason": _text(c.get("reason_zh") if lang == "zh" else c.get("reason_en"))})
    return out


