"""Section ``prose`` (规划正文中的其他目标): the targets stated in the plan's text, one table; on the overview
page and in the PDF's indicators chapter (plan-time and monitoring reports)."""

from __future__ import annotations

from jzanalysis.publish.sections.base import Section, link
from jzanalysis.publish.sections.final_prose import prose_note


def _pdf(ctx: dict, pu: dict) -> dict:
    return {"prose": [r for g in ctx["prose_groups"] for r in pu["rows"](g)], "prose_note": prose_note(ctx)}


SECTION = Section("prose", page="overview", chapter="indicators", order=60, kinds=("plan", "monitor"),
                  needs=("prose_groups",), html="prose.html.j2", pdf="prose", pdf_words=_pdf,
                  toc=lambda ctx: [link("prose", ctx["L"]["prose"], nl=True)])
