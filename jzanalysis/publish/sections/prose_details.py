"""Section ``prose_details`` (规划正文中的其他目标): each target stated in the plan's text in detail; the
indicators page."""

from __future__ import annotations

from jzanalysis.publish.sections.base import Section, link

SECTION = Section("prose_details", page="indicators", order=20, needs=("prose",), html="prose_details.html.j2",
                  toc=lambda ctx: [link("prose", ctx["L"]["prose"])])
