"""Section ``changes`` (与上年相比的变化): what changed since last year, on the overview of a monitoring or
final report that has last year's assessment."""

from __future__ import annotations

from jzanalysis.analysis.changes import without_ratio
from jzanalysis.fmt import plain
from jzanalysis.i18n import column, is_plan_language
from jzanalysis.publish.rows import _name, names_by_id
from jzanalysis.publish.sections.base import Section, chip, link
from jzanalysis.publish.words import (
    PAGE_FILES,
    status,
)


def now_status(c, r: dict | None, lang: str) -> dict | None:
    """This year's status of a change as the row shows it: in a final report the final outcome (✓ 完成, the
    word of the completion table), else the status (one word for one outcome)."""
    if r is not None and r.get("kind") == "final" and r.get("status"):
        return r["status"]
    return status(c.get("status_now"), lang)


def _replace_one(text: str, old: str, new: str, last: bool) -> str:
    head, sep, tail = text.rpartition(old) if last else text.partition(old)
    return head + new + tail if sep else text


def reason_words(text: str, c, before: dict | None, now: dict | None, lang: str) -> str:
    """A change's reason with the statuses in the reader's words: the row's own word for this year's status
    (完成, not 已达标, in a final report), in English labels instead of status codes, and no pace ratio
    (:func:`jzanalysis.analysis.changes.without_ratio`)."""
    if not isinstance(text, str) or not text:
        return ""
    text = without_ratio(text, lang)
    for col, shown, last in (("status_now", now, True), ("status_before", before, False)):
        code = c.get(col)
        if not isinstance(code, str) or not code or shown is None:
            continue
        said = (status(code, lang) or {}).get("label", code)
        for old in [said] + ([code] if not is_plan_language(lang) else []):
            if old and old != shown["label"] and old in text:
                text = _replace_one(text, old, shown["label"], last)
                break
    return text


def changes_rows(changes, rows: list[dict], lang: str, names: dict | None = None) -> list[dict]:
    """What changed since last year, for a table: name (linked), before, now, latest before/now (``names``:
    the reader's names by id, for a row not on the pages, :func:`jzanalysis.publish.rows.names_by_id`)."""
    if changes is None or len(changes) == 0:
        return []
    by_id = {r["id"]: r for r in rows}
    names = names or {}
    out = []
    for _, c in changes.iterrows():
        r = by_id.get(c.get("id"))
        before, now = status(c.get("status_before"), lang), now_status(c, r, lang)
        out.append({"name": r["name"] if r else names.get(c.get("id")) or _name(c, lang),
                    "href": f"{PAGE_FILES['indicators']}#{r['anchor']}" if r else "",
                    "anchor": r["anchor"] if r else "table",
                    "before": before, "now": now,
                    "latest_before": plain(c.get("latest_before"), lang), "latest_now": plain(c.get("latest_now"), lang),
                    "reason": reason_words(column(c, "reason", lang, plan_words=False), c, before, now, lang)})
    return out


def _words(ctx: dict, src) -> dict:
    names = names_by_id(src.analysis, ctx["lang"]) if src.changes is not None and len(src.changes) else {}
    return {"changes": changes_rows(src.changes, ctx["rows"] + ctx["prose"], ctx["lang"], names)}


def _pdf(ctx: dict, pu: dict) -> dict:
    # the PDF holds the details of Table 1-1 only (i-N): a prose target's change is not linked there
    return {"changes": [{"name": c["name"],
                         "anchor": c.get("anchor", "") if c.get("href") and c.get("anchor", "").startswith("i-") else "",
                         "before": chip(c["before"]), "latest_before": c.get("latest_before", ""),
                         "now": chip(c["now"]), "latest_now": c.get("latest_now", ""), "reason": c["reason"]}
                        for c in ctx["changes"]]}


SECTION = Section("changes", page="overview", chapter="overview", order=20, kinds=("monitor", "final"),
                  html="changes.html.j2", pdf="changes", words=_words, pdf_words=_pdf,
                  shown=lambda ctx: bool(ctx["changes"]),
                  toc=lambda ctx: [link("changes", ctx["L"]["changes"])] if ctx["changes"] else [])
