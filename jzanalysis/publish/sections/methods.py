"""Section ``methods`` (方法说明): how paces, references, statuses and the shortfall rate are computed, in a
paragraph each; on the index and as the PDF's appendix."""

from __future__ import annotations

from jzanalysis.i18n import plan_words
from jzanalysis.publish.sections.base import Section, toc_entry
from jzanalysis.publish.words import T

#: The paragraphs, in order (``searched`` only when the plan names the statistics it searched).
PARAGRAPHS = ("pace", "reference", "searched", "status", "shortfall")


def _words(ctx: dict, src) -> dict:
    lang = ctx["lang"]
    return {"methods": [T(f"methods.{k}", lang) for k in PARAGRAPHS
                        if k != "searched" or plan_words(lang).get("plan_searched")]}


SECTION = Section("methods", page="index", chapter="appendix", order=40, html="methods.html.j2", pdf="methods",
                  words=_words, pdf_words=lambda ctx, pu: {"methods": list(ctx["methods"])},
                  pdf_toc=lambda ctx: [toc_entry(1, "methods", ctx["L"]["methods"])])
