"""Section ``researchers`` (供研究人员): the executed notebooks and the machine-readable data, on the index
and at the end of the PDF."""

from __future__ import annotations

from jzanalysis.publish.sections.base import Section


def research_label(file: str, lang: str) -> str:
    """Words for a researcher's file (``what_changed.csv`` -> 与上年相比的变化), never a bare identifier."""
    from jzanalysis.i18n import has
    from jzanalysis.publish.words import T

    stem = file.rsplit(".", 1)[0]
    return T(f"research.{stem}", lang) if has(f"report.research.{stem}", lang) else T("research.other", lang)


def research(ctx: dict) -> list[dict]:
    """``[{"href", "label"}]``: the notebooks, then the data files."""
    from jzanalysis.publish.words import T

    lang = ctx["lang"]
    out = [{"href": f"notebooks/{n}", "label": T("section.notebook", lang, name=research_label(n, lang))}
           for n in ctx["notebooks"]]
    return out + [{"href": f"data/{n}", "label": T("section.data", lang, name=research_label(n, lang))}
                  for n in ctx.get("data_files", [])]


SECTION = Section("researchers", page="index", chapter="appendix", order=60, needs=("notebooks",),
                  html="researchers.html.j2", pdf="researchers",
                  pdf_words=lambda ctx, pu: {"research": [r["label"] for r in research(ctx)]})
