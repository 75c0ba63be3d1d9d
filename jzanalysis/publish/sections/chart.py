"""Section ``chart`` (按类别的目标变化图): the category chart, where there is one to draw; on the overview
of a plan-time or monitoring report."""

from __future__ import annotations

from jzanalysis.publish.sections.base import Section, link


def _shown(ctx: dict) -> bool:
    return bool(ctx.get("category_chart"))


def _pdf(ctx: dict, pu: dict) -> dict:
    return {"category_chart": pu["chart"]("__categories__")}


SECTION = Section("chart", page="overview", chapter="overview", order=50, kinds=("plan", "monitor"),
                  needs=("category_chart",), html="chart.html.j2", pdf="chart", pdf_words=_pdf, shown=_shown,
                  toc=lambda ctx: [link("chart", ctx["L"]["chart"])] if _shown(ctx) else [])
