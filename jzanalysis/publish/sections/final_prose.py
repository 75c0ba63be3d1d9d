"""Section ``final_prose`` (规划正文中的其他目标完成情况): the plan text's other targets in a final report, by
chapter; those without actual values folded into one line."""

from __future__ import annotations

from jzanalysis.i18n import is_plan_language, punctuation
from jzanalysis.publish.sections.base import Section, link
from jzanalysis.publish.words import (
    T,
)

#: Names a folded line lists at most (the rest are counted): a line for people, bounded whatever the plan.
FOLDED_NAMES_MAX = 30


def final_prose(prose: list[dict], lang: str) -> list[dict]:
    """The plan text's other targets in a final report: ``[{"category", "rows", "folded"}]`` per chapter;
    the rows with actual values one by one, those without folded into one line (``folded``)."""
    pu = punctuation(lang)
    sep = T("final.names_sep", lang)
    out: dict[str, dict] = {}
    for r in prose:
        # the plan's chapter (Chinese words: one group without a heading on English pages)
        chapter = r["category_key"].split(" / ")[0] if is_plan_language(lang) else ""
        g = out.setdefault(chapter, {"category": chapter, "rows": [], "missing": []})
        (g["rows"] if r.get("has_data") else g["missing"]).append(r)
    for g in out.values():
        names = list(dict.fromkeys(f"{r['name']}{pu['space']}{r['target_unit']}"
                                   if r["target_unit"] != "—" else r["name"] for r in g["missing"]))
        shown = names[:FOLDED_NAMES_MAX] + ([T("final.and_more", lang, n=len(names) - FOLDED_NAMES_MAX)]
                                            if len(names) > FOLDED_NAMES_MAX else [])
        g["folded"] = T("final.no_data_line", lang, n=len(g["missing"]), names=sep.join(shown)) if names else ""
    return list(out.values())


def _words(ctx: dict, src) -> dict:
    return {"final_prose": final_prose(ctx["prose"], ctx["lang"]) if ctx["final"] else []}


def _pdf(ctx: dict, pu: dict) -> dict:
    return {"final_prose": [{"category": g.get("category", ""), "rows": pu["rows"](g), "folded": g.get("folded", "")}
                            for g in ctx["final_prose"]], "prose_note": prose_note(ctx)}


def prose_note(ctx: dict) -> str:
    """The note under the heading of the prose targets (the PDF joins the untranslated count to it)."""
    L = ctx["L"]
    return " ".join(x for x in (L["final_prose_note"] if ctx["final"] else L["prose_note"],
                                ctx["prose_untranslated"]) if x)


SECTION = Section("final_prose", page="overview", chapter="indicators", order={"final": 60}, kinds=("final",),
                  needs=("prose",), html="final_prose.html.j2", pdf="final_prose", words=_words, pdf_words=_pdf,
                  toc=lambda ctx: [link("prose", ctx["L"]["prose"], nl=True)])
