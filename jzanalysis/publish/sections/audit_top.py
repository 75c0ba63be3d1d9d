"""Section ``audit_top`` (规划自审计要点): the audit's high and medium findings as links to the audit page;
on the overview."""

from __future__ import annotations

from jzanalysis.publish.sections.base import Section, link


def _words(ctx: dict, src) -> dict:
    return {"audit_top": [f for f in ctx["audit"] if f["severity"]["code"] in ("high", "medium")]}


SECTION = Section("audit_top", page="overview", order=70, needs=("audit",), html="audit_top.html.j2",
                  words=_words, toc=lambda ctx: [link("audit", ctx["L"]["audit"])])
