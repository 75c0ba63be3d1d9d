"""Section ``changes`` (与上年相比的变化): what changed since last year, on the overview of a monitoring or
final report that has last year's assessment."""

from __future__ import annotations

from jzanalysis.fmt import plain
from jzanalysis.i18n import column
from jzanalysis.publish.rows import _name
from jzanalysis.publish.sections.base import Section, chip, link
from jzanalysis.publish.words import (
    PAGE_FILES,
    status,
)


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
                    "reason": column(c, "reason", lang, plan_words=False)})
    return out


def _words(ctx: dict, src) -> dict:
    return {"changes": changes_rows(src.changes, ctx["rows"], ctx["lang"])}


def _pdf(ctx: dict, pu: dict) -> dict:
    return {"changes": [{"name": c["name"], "anchor": c.get("anchor", "") if c.get("href") else "",
                         "before": chip(c["before"]), "latest_before": c.get("latest_before", ""),
                         "now": chip(c["now"]), "latest_now": c.get("latest_now", ""), "reason": c["reason"]}
                        for c in ctx["changes"]]}


SECTION = Section("changes", page="overview", chapter="overview", order=20, kinds=("monitor", "final"),
                  html="changes.html.j2", pdf="changes", words=_words, pdf_words=_pdf,
                  shown=lambda ctx: bool(ctx["changes"]),
                  toc=lambda ctx: [link("changes", ctx["L"]["changes"])] if ctx["changes"] else [])
