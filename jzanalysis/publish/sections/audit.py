"""Section ``audit`` (规划自审计): the audit's findings with the arithmetic as a formula in words and
numbers; the audit page and the PDF's audit chapter."""

from __future__ import annotations

import json
import re

import pandas as pd

from jzanalysis.fmt import plain
from jzanalysis.i18n import column, has, is_plan_language, punctuation
from jzanalysis.publish.sections.base import Section, chip, link
from jzanalysis.publish.words import (
    SEVERITIES,
    T,
    severity,
)


def _numbers(finding) -> dict:
    try:
        n = json.loads(finding.get("numbers") or "{}")
        return n if isinstance(n, dict) else {}
    except (TypeError, ValueError):
        return {}


def formula(finding, lang: str, names: dict) -> str:
    """The audit's arithmetic as a formula in words and numbers, from the finding's ``numbers``.

    Empty when the finding's numbers do not have the fields its check needs (the explanation still says it).
    """
    n, check = _numbers(finding), finding.get("check")
    p = lambda v, sig=4: plain(v, lang, sig)  # noqa: E731
    try:
        if check == "additions_vs_level":
            pop = n["population"]
            return T("formula.additions_vs_level", lang, b=p(n["baseline_per_1000"]), pop=p(pop),
                     bs=p(n["baseline_stock"], 4), t=p(n["target_per_1000"]), ts=p(n["target_stock"], 4),
                     needed=p(n["additions_needed"]), committed=p(n["committed_additions"]),
                     reached=p(n["per_1000_with_committed"], 3))
        if check == "growth_vs_levels":
            target = next(v for k, v in n.items() if k.endswith("target_pct"))
            parts = []
            listed = [i for i in str(finding.get("ids") or "").split(";") if f"{i}.implied_growth_pct" in n]
            for ident in listed or dict.fromkeys(k.split(".")[0] for k in n if k.endswith(".implied_growth_pct")):
                parts.append(T("formula.growth_item", lang, name=names.get(ident, ""), x0=p(n[f"{ident}.base"]),
                               x1=p(n[f"{ident}.target"]), g=p(n[f"{ident}.implied_growth_pct"], 3),
                               target=p(target), xl=p(n[f"{ident}.level_at_target_growth"])))
            return punctuation(lang)["semi"].join(parts)
        if check == "target_permits_worse":
            return T("formula.target_permits_worse", lang, t=p(n["target"]), b=p(n["baseline"]),
                     pct=("+" if n["change_pct"] >= 0 else "−") + p(abs(n["change_pct"]), 3))
        if check == "unit_wording" and "count" in n:
            return T("formula.per_capita_count", lang, count=p(n["count"]), pop=p(n["population"]),
                     per=p(n["per_1000"], 3))
        if check == "stated_growth_vs_levels" and "from" in n:
            return T("formula.stated_growth", lang, x1=p(n["to"]), x0=p(n["from"]), n=int(n.get("years", 5)),
                     g=p(n["arithmetic_pct"], 3), stated=p(n["stated_pct"]))
        if check == "stated_growth_vs_levels" and "growth_since_previous_base_pct" in n:
            return T("formula.stated_growth_since", lang, x0=p(n["implied_previous_base"]), x1=p(n["base"]),
                     p=p(n["growth_since_previous_base_pct"]), g=p(n["implied_cagr_pct"], 3))
        if check == "per_capita_in_absolute":
            return T("formula.per_capita_in_absolute", lang, s0=p(n["stock_base"], 6), s1=p(n["stock_target"], 6),
                     add=p(n["additions_needed"], 6), per_year=p(n["per_year_needed"], 4),
                     pop=p(n["population"]))
        if check == "table_vs_prose" and "matched" in n:
            return T("formula.table_vs_prose", lang, n=len(n["matched"]))
    except (KeyError, TypeError, ValueError, StopIteration):
        return ""
    return ""


#: At most this many indicator names in a finding's heading (the rest: "等N项").
HEADING_NAMES = 2


def heading(title: str, names: list[str], lang: str) -> str:
    """A finding's heading names the indicators it is about: ``单位与数字不符：人均体育场地面积``; three or
    more: the first two and how many more."""
    if not names:
        return title
    sep = punctuation(lang)["sep"]
    shown = sep.join(names[:HEADING_NAMES])
    if len(names) > HEADING_NAMES:
        shown += T("audit.heading_more", lang, n=len(names))
    return T("audit.heading", lang, title=title, names=shown)


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
        explanation = column(r, "explanation", lang, plan_words=False)
        if check == "table_defect":
            explanation = _defect_words(r, explanation, lang)
        named = [names[i] for i in ids if names.get(i)]
        items.append({"n": n, "anchor": f"f-{n}", "severity": severity(r.get("severity"), lang),
                      "title": heading(title, named, lang), "short": title,
                      "check": check, "indicators": named,
                      "explanation": explanation,
                      "formula": formula(r, lang, names), "ids": ids})
    return items


def _defect_words(finding, text: str, lang: str) -> str:
    """A misprint the parser corrected, in the report's language (the parser's message is English)."""
    line = _numbers(finding).get("line", "")
    m = re.search(r"sequence number printed as (\d+), expected (\d+) \(previous row (\d+)\)", text)
    if m:
        return T("audit.table_defect.seq", lang, line=line, printed=m.group(1), expected=m.group(2), prev=m.group(3))
    if is_plan_language(lang) and re.search(r"[A-Za-z]{4,}", text):
        return T("audit.table_defect.other", lang, line=line)
    return text


def _pdf(ctx: dict, pu: dict) -> dict:
    return {"audit": [{"n": f["n"], "anchor": f["anchor"], "title": f["title"], "severity": chip(f["severity"]),
                       "indicators": pu["sep"].join(f["indicators"]), "explanation": f["explanation"],
                       "formula": f["formula"] or ""} for f in ctx["audit"]]}


SECTION = Section("audit", page="audit", chapter="audit", order=10, needs=("audit",), html="audit.html.j2",
                  pdf="audit", shown=lambda ctx: bool(ctx["audit"]), pdf_words=_pdf,
                  # the page's "on this page" links keep the short title (a link does not wrap on a phone)
                  toc=lambda ctx: [link(f["anchor"], f"{f['n']}. {f.get('short', f['title'])}") for f in ctx["audit"]])
