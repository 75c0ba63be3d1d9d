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
                  "no_reference": "◇", "not_assessable": "–"}
STATUS_SYMBOL = {"achieved": "✓", "mostly_achieved": "≈", "on_track": "○", "at_risk": "△", "needs_acceleration": "▽",
                 "off_track": "×", "regressing": "▼", "not_achieved": "×", "no_data": "…", "not_assessable": "–"}
SEVERITY_SYMBOL = {"high": "×", "medium": "△", "low": "○", "info": "✓"}
VERDICTS = list(VERDICT_SYMBOL)
STATUSES = list(STATUS_SYMBOL)
SEVERITIES = list(SEVERITY_SYMBOL)
BAD_STATUSES = ("not_achieved", "regressing", "off_track", "needs_acceleration")
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
    """``{"code", "label", "symbol", "cls"}`` of a monitoring status; ``None`` when there is none."""
    if not isinstance(code, str) or not code:
        return None
    if code not in STATUS_SYMBOL:
        return {"code": "other", "label": T("status.other", lang), "symbol": "?", "cls": "s-other"}
    return {"code": code, "label": T(f"status.{code}", lang), "symbol": STATUS_SYMBOL[code], "cls": f"s-{code}"}


def consistency(code, lang: str) -> dict | None:
    """A chip for a target that disagrees with the plan's other numbers (``consistency == "inconsistent"``)."""
    if code != "inconsistent":
        return None
    return {"code": code, "label": T("consistency.inconsistent", lang), "symbol": "≠", "cls": "c-inconsistent"}


def severity(code, lang: str) -> dict:
    code = code if code in SEVERITY_SYMBOL else "info"
    return {"code": code, "label": T(f"severity.{code}", lang), "symbol": SEVERITY_SYMBOL[code],
            "cls": f"sev-{code}"}


def legend(lang: str, monitored: bool) -> list[dict]:
    """Groups of ``{"title", "items": [{"label", "symbol", "cls", "help"}]}`` for the legend of terms."""
    groups = [{"title": T("legend.verdict", lang),
               "items": [{**verdict(c, lang), "help": T(f"verdict_help.{c}", lang)} for c in VERDICTS]}]
    if monitored:
        groups.append({"title": T("legend.status", lang),
                       "items": [{**status(c, lang), "help": T(f"status_help.{c}", lang)} for c in STATUSES]})
    groups[0]["items"].append({**consistency("inconsistent", lang), "help": T("consistency_help.inconsistent", lang)})
    groups.append({"title": T("legend.severity", lang),
                   "items": [{**severity(c, lang), "help": T(f"severity_help.{c}", lang)} for c in SEVERITIES]})
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
    extra = indicators.drop_duplicates("id").set_index("id")[cols]
    return assessment.drop(columns=[c for c in cols if c in assessment]).join(extra, on="id")


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
            "attribute": T(f"attribute.{r['attribute']}", lang) if r.get("attribute") in ("binding", "expected") else "",
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
            "status": None, "latest": "—", "status_reason": "", "warning": "", "actuals": [],
        }
        if monitored:
            latest, ly, seen = r.get("latest_value"), r.get("latest_year"), r.get("observed")
            if not missing(latest) and isinstance(seen, str) and seen.strip():
                d["latest"] = T("latest", lang, value=plain(latest, lang), year=int(ly)) if not missing(ly) \
                    else plain(latest, lang)
            d["status"] = status(r.get("status"), lang)
            d["status_reason"] = _text(r.get("status_reason_zh") if lang == "zh" else r.get("status_reason_en"))
            d["warning"] = _text(r.get(f"value_warning_{lang}"))
            obs = actuals[actuals["id"] == r.get("id")].sort_values("year")
            d["actuals"] = [{"year": int(y), "value": plain(v, lang), "source": _text(s), "note": _text(n)}
                            for y, v, s, n in zip(obs["year"], obs["value"], obs.get("source", [""] * len(obs)),
                                                  obs.get("note", [""] * len(obs)))]
        rows.append(d)
    return rows


def _text(v) -> str:
    return "" if missing(v) else str(v)


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
    codes = [c for c in (STATUSES if monitored else VERDICTS)
             if any((r[key] or {}).get("code") == c for r in rows)]
    label = status if monitored else verdict
    out = []
    for g in group_by_category(rows):
        cells = [sum(1 for r in g["rows"] if (r[key] or {}).get("code") == c) for c in codes]
        out.append({"category": g["category"], "cells": cells, "total": len(g["rows"])})
    totals = [sum(r["cells"][i] for r in out) for i in range(len(codes))]
    return {"columns": [label(c, lang) for c in codes], "rows": out, "totals": totals, "total": len(rows)}


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
        items.append({"n": n, "anchor": f"f-{n}", "severity": severity(r.get("severity"), lang), "title": title,
                      "check": check, "indicators": [names[i] for i in ids if names.get(i)],
                      "explanation": _text(r.get("explanation_zh") if lang == "zh" else r.get("explanation_en")),
                      "formula": formula(r, lang, names), "ids": ids})
    return items


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


def headline(analysis, rows: list[dict], audit: list[dict], lang: str, changes=None, has_previous=False,
             as_of=None) -> dict:
    """本年要点: ``{"intro", "counts": [...], "points": [{"text", "href", "cls"}], "changes": [...]}``.

    Points: the high audit findings (one sentence each with the key numbers), then the targets that are
    unreachable or need a faster pace (not already named by a high finding); with actuals, the targets
    whose status is not achieved / moving away / off track / needs acceleration, and what changed.
    """
    monitored = any(r["status"] for r in rows)
    key = "status" if monitored else "verdict"
    codes = STATUSES if monitored else VERDICTS
    counts = []
    for c in codes:
        k = sum(1 for r in rows if (r[key] or {}).get("code") == c)
        if k:
            lab = (status if monitored else verdict)(c, lang)
            counts.append({**lab, "n": k, "text": T("headline.count_item", lang, label=lab["label"], n=k)})
    intro = T("headline.status_counts", lang, year=as_of, total=len(rows)) if monitored else \
        T("headline.counts", lang, total=len(rows))
    points = []
    covered = set()
    by_check = {}
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
        points.append({"text": text, "href": f"{PAGE_FILES['audit']}#{item['anchor']}", "anchor": item["anchor"],
                       "cls": item["severity"]["cls"] if item["severity"]["code"] == "high" else "c-inconsistent",
                       "symbol": SEVERITY_SYMBOL["high"] if item["severity"]["code"] == "high" else "≠"})
        covered.update(item["ids"])
    by_anchor = {r["id"]: r for r in rows}
    if monitored:
        for code in BAD_STATUSES:
            for r in rows:
                if (r["status"] or {}).get("code") == code:
                    points.append({"text": T("headline.status_bad", lang, name=r["name"], status=r["status"]["label"],
                                             latest=r["latest"], target=r["target"]),
                                   "href": f"{PAGE_FILES['indicators']}#{r['anchor']}", "anchor": r["anchor"],
                                   "cls": r["status"]["cls"],
                                   "symbol": r["status"]["symbol"]})
    else:
        for code, key_ in (("unreachable", "headline.unreachable"), ("stretch", "headline.stretch")):
            for r in rows:
                if r["verdict"]["code"] == code and r["id"] not in covered:
                    points.append({"text": T(key_, lang, name=r["name"], pace=r["pace"], reference=r["reference"]),
                                   "href": f"{PAGE_FILES['indicators']}#{r['anchor']}", "anchor": r["anchor"],
                                   "cls": r["verdict"]["cls"],
                                   "symbol": r["verdict"]["symbol"]})
    changed = []
    change_line = ""
    if monitored:
        if changes is None:
            change_line = T("headline.no_previous", lang) if not has_previous else ""
        elif len(changes) == 0:
            change_line = T("headline.unchanged", lang)
        else:
            change_line = T("headline.changed", lang, n=len(changes))
            for _, c in changes.iterrows():
                r = by_anchor.get(c.get("id"))
                before, now = status(c.get("status_before"), lang), status(c.get("status_now"), lang)
                changed.append({"text": T("headline.changed_item", lang, name=r["name"] if r else _name(c, lang),
                                          before=(before or {}).get("label", "—"), now=(now or {}).get("label", "—")),
                                "href": f"{PAGE_FILES['indicators']}#{r['anchor']}" if r else PAGE_FILES["overview"],
                                "anchor": r["anchor"] if r else "table",
                                "cls": (now or {}).get("cls", ""), "symbol": (now or {}).get("symbol", "")})
    return {"intro": intro, "counts": counts, "points": points, "change_line": change_line, "changes": changed,
            "none": T("headline.none", lang) if not points else ""}


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


