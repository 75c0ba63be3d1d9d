"""Section ``details`` (分类指标详情): each indicator of the main table with its baseline, target, paces,
reason and chart, by category; the indicators page and the PDF's indicators chapter."""

from __future__ import annotations

from jzanalysis.publish.sections.base import Section, link, toc_entry

SECTION = Section("details", page="indicators", chapter="indicators", order=10, needs=("groups", "charts"),
                  html="details.html.j2", pdf="details", shown=lambda ctx: bool(ctx["groups"]),
                  toc=lambda ctx: [link(g["anchor"], g["category"]) for g in ctx["groups"]],
                  pdf_toc=lambda ctx: [toc_entry(2, f"d-{g['anchor']}", g["category"]) for g in ctx["groups"]])
