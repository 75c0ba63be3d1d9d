"""Section ``legend`` (术语说明): each verdict, status and severity in one line, with its symbol; on the index
and, in the PDF, after 本年要点."""

from __future__ import annotations

from jzanalysis.publish.sections.base import Section, chip
from jzanalysis.publish.words import (
    FINAL_STATUSES,
    SEVERITIES,
    STATUSES,
    VERDICTS,
    T,
    consistency,
    severity,
    status,
    verdict,
)


def legend(lang: str, monitored: bool, kind: str | None = None) -> list[dict]:
    """Groups of ``{"title", "items": [{"label", "symbol", "cls", "help"}]}`` for the legend of terms.

    ``kind == "final"``: the final outcomes (完成 / 基本完成 / 未完成 / 缺少数据 / 无法评估) instead of the
    yearly statuses. The last group explains, once for the whole report, the words the reasons use
    ("距100的差距年均缩小", "基准参照").
    """
    groups = [{"title": T("legend.verdict", lang),
               "items": [{**verdict(c, lang), "help": T(f"verdict_help.{c}", lang)} for c in VERDICTS]}]
    if monitored:
        codes = FINAL_STATUSES if kind == "final" else STATUSES
        groups.append({"title": T("legend.final" if kind == "final" else "legend.status", lang),
                       "items": [{**status(c, lang), "help": T(f"status_help.{c}", lang)} for c in codes]})
    groups[0]["items"].append({**consistency("inconsistent", lang), "help": T("consistency_help.inconsistent", lang)})
    groups.append({"title": T("legend.severity", lang),
                   "items": [{**severity(c, lang), "help": T(f"severity_help.{c}", lang)} for c in SEVERITIES]})
    groups.append({"title": T("legend.words", lang),
                   "items": [{"code": w, "label": T(f"word.{w}", lang), "symbol": "", "cls": "term-word",
                              "help": T(f"word_help.{w}", lang)} for w in ("shortfall", "benchmark", "attribute")]})
    return groups


def _words(ctx: dict, src) -> dict:
    return {"legend": legend(ctx["lang"], ctx["monitored"], ctx["titles"]["kind"])}


def _pdf(ctx: dict, pu: dict) -> dict:
    return {"legend_title": ctx["L"]["legend"],
            "legend": [{"title": g["title"], "items": [{"chip": chip(i) if i["symbol"] else None, "label": i["label"],
                                                        "help": i["help"]} for i in g["items"]]}
                       for g in ctx["legend"]]}


SECTION = Section("legend", page="index", chapter="headline", order=30, needs=("titles",), html="legend.html.j2",
                  pdf="legend", words=_words, pdf_words=_pdf)
