"""Section ``findings`` (规划数字的矛盾): the plan's own contradictions, one sentence each with the key
numbers; on the overview of a monitoring or final report (a plan-time headline names them itself)."""

from __future__ import annotations

from jzanalysis.publish.sections.base import Section, link
from jzanalysis.publish.sections.headline import point


def _pdf(ctx: dict, pu: dict) -> dict:
    return {"findings": [point(p) for p in ctx["headline"]["findings"]]}


SECTION = Section("findings", page="overview", chapter="overview", order=10, needs=("headline",),
                  html="findings.html.j2", pdf="findings", pdf_words=_pdf,
                  toc=lambda ctx: [link("findings", ctx["L"]["findings"])] if ctx["headline"]["findings"] else [])
