"""Section ``table`` (主要指标一览): every indicator of the plan's main table in one table, by category, with
its verdict (and status); on the overview of a plan-time or monitoring report."""

from __future__ import annotations

from jzanalysis.publish.sections.base import Section, link

SECTION = Section("table", page="overview", chapter="overview", order=30, kinds=("plan", "monitor"),
                  needs=("groups",), html="table.html.j2", pdf="table",
                  toc=lambda ctx: [link("table", ctx["L"]["table"], nl=True)])
