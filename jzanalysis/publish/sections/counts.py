"""Section ``counts`` (各类别评估结论统计): verdicts or statuses counted by category, on the overview."""

from __future__ import annotations

from jzanalysis.i18n import punctuation
from jzanalysis.publish.rows import group_by_category
from jzanalysis.publish.sections.base import Section, chip, link
from jzanalysis.publish.words import (
    ATTRIBUTES,
    VERDICTS,
    T,
    _status_order,
    status,
    verdict,
)


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
                               .rstrip("。."), names=punctuation(lang)["sep"].join(named)))
    return {"columns": [label(c, lang) for c in codes], "rows": out, "totals": totals, "total": len(rows),
            "notes": notes}


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


def _words(ctx: dict, src) -> dict:
    return {"counts": category_counts(ctx["rows"], ctx["lang"], ctx["monitored"])}


def _pdf(ctx: dict, pu: dict) -> dict:
    c = ctx["counts"]
    return {"counts": {"columns": [chip(x) for x in c["columns"]],
                       "rows": [{"category": r["category"], "cells": [n or "" for n in r["cells"]], "total": r["total"]}
                                for r in c["rows"]],
                       "totals": list(c["totals"]), "total": c["total"], "notes": list(c["notes"])}}


SECTION = Section("counts", page="overview", chapter="overview", order=40, needs=("rows",), html="counts.html.j2",
                  pdf="counts", words=_words, pdf_words=_pdf,
                  toc=lambda ctx: [link("counts", ctx["L"]["counts"])])
