"""Section ``headline`` (本年要点): the year's answer first -- counts and the points to act on, each with
a link; on the index and on the PDF's second page."""

from __future__ import annotations

import re

from jzanalysis.fmt import plain
from jzanalysis.i18n import has, punctuation
from jzanalysis.publish.rows import _name, names_by_id
from jzanalysis.publish.sections.audit import _numbers
from jzanalysis.publish.sections.base import Section, toc_entry
from jzanalysis.publish.sections.changes import now_status
from jzanalysis.publish.sections.counts import counts_by_attribute
from jzanalysis.publish.words import (
    PAGE_FILES,
    SEVERITY_SYMBOL,
    VERDICTS,
    T,
    _status_order,
    status,
)

#: Misses named in the headline, worst first (monitoring statuses and final outcomes).
MISSES = ("not_done", "not_achieved", "regressing", "off_track", "needs_acceleration", "mostly_done")
#: At most this many points in the headline of a monitoring or final year, and this many characters in all.
HEADLINE_POINTS = 6
HEADLINE_CHARS = 600
#: English says the same in up to four times the characters (the same points and changes as the Chinese).
HEADLINE_CHARS_BY_LANG = {"zh": HEADLINE_CHARS, "en": 4 * HEADLINE_CHARS}


def _finding_sentence(item: dict, finding, lang: str) -> str:
    """One plain sentence with the key numbers for a high finding (its explanation's first sentence else)."""
    n, check = _numbers(finding), finding.get("check")
    p = lambda v, sig=4: plain(v, lang, sig)  # noqa: E731
    try:
        if check == "growth_vs_levels":
            target = next(v for k, v in n.items() if k.endswith("target_pct"))
            u, r = str(finding.get("ids") or "").split(";")[1:3]  # the two level series (urban, rural)
            return T("headline.finding.growth_vs_levels", lang, target=p(target), u0=p(n[f"{u}.base"]),
                     u1=p(n[f"{u}.target"]), ug=p(n[f"{u}.implied_growth_pct"], 3),
                     r0=p(n[f"{r}.base"]), r1=p(n[f"{r}.target"]), rg=p(n[f"{r}.implied_growth_pct"], 3),
                     ul=p(n[f"{u}.level_at_target_growth"]), rl=p(n[f"{r}.level_at_target_growth"]))
        if check == "additions_vs_level":
            return T("headline.finding.additions_vs_level", lang, target=p(n["target_per_1000"]),
                     needed=p(n["additions_needed"]), committed=p(n["committed_additions"]),
                     reached=p(n["per_1000_with_committed"], 3))
    except (KeyError, TypeError, ValueError, StopIteration):
        pass
    text = item["explanation"]
    cut = re.split(r"(?<=[。；])|(?<=\.)\s", text, maxsplit=1)[0] if text else ""
    return cut or item["title"]


def _without_data(r: dict) -> bool:
    """No value entered for the row (status ``no_data``, or no observation at all)."""
    return (r["status"] or {}).get("code") == "no_data" or (r["status"] is not None and not r.get("has_data"))


def _point(r: dict, lang: str) -> dict:
    code = (r["status"] or {}).get("code")
    tag = T("headline.binding_tag", lang) if r.get("attr_code") == "binding" else ""
    if code == "no_data" or not r.get("has_data"):
        text = T("headline.no_data_item", lang, name=r["name"], tag=tag, target=r["target_unit"])
    else:
        text = T("headline.status_bad", lang, name=r["name"], tag=tag, status=r["status"]["label"],
                 latest=r["latest_unit"], target=r["target_unit"])
    return {"text": text, "href": f"{PAGE_FILES['indicators']}#{r['anchor']}", "anchor": r["anchor"],
            "cls": r["status"]["cls"], "symbol": r["status"]["symbol"], "id": r["id"]}


def headline_points(rows: list[dict], lang: str) -> tuple[list[dict], int]:
    """The rows a monitoring or final headline names, in order: binding misses (worst first), binding rows
    without data, then expected misses; at most :data:`HEADLINE_POINTS`. Returns ``(points, left)``,
    ``left`` the number of further misses not named."""
    rank = {c: i for i, c in enumerate(MISSES)}
    code = lambda r: (r["status"] or {}).get("code")  # noqa: E731
    binding = [r for r in rows if r.get("attr_code") == "binding"]
    expected = [r for r in rows if r.get("attr_code") != "binding"]
    misses = lambda rs: sorted((r for r in rs if code(r) in rank), key=lambda r: rank[code(r)])  # noqa: E731
    chosen = misses(binding) + [r for r in binding if code(r) not in rank and _without_data(r)] + misses(expected)
    return [_point(r, lang) for r in chosen[:HEADLINE_POINTS]], max(len(chosen) - HEADLINE_POINTS, 0)


def _finding_points(analysis, audit: list[dict], rows: list[dict], lang: str) -> tuple[list[dict], set]:
    """The plan's own contradictions (high findings, and medium ones on an inconsistent target): one
    sentence each with the key numbers, linked to the audit."""
    points, covered, by_check = [], set(), {}
    for _, f in analysis.audit.iterrows():
        by_check.setdefault(f["check"], []).append(f)
    inconsistent = {r["id"] for r in rows if r.get("inconsistent")}
    assessment = getattr(analysis, "assessment", None)
    if assessment is not None and "consistency" in assessment:
        inconsistent |= set(assessment.loc[assessment["consistency"] == "inconsistent", "id"])
    for item in audit:
        code = item["severity"]["code"]
        if code != "high" and not (code == "medium" and inconsistent & set(item["ids"])):
            continue
        finding = next((f for f in by_check.get(item["check"], []) if str(f.get("ids") or "").split(";") == item["ids"]),
                       None)
        text = _finding_sentence(item, finding if finding is not None else {}, lang)
        high = item["severity"]["code"] == "high"
        topic = T(f"headline.topic.{item['check']}", lang) if has(f"report.headline.topic.{item['check']}", lang) \
            else item["title"]
        points.append({"text": text, "href": f"{PAGE_FILES['audit']}#{item['anchor']}", "anchor": item["anchor"],
                       "cls": item["severity"]["cls"] if high else "c-inconsistent", "topic": topic,
                       "symbol": SEVERITY_SYMBOL["high"] if high else "≠"})
        covered.update(item["ids"])
    return points, covered


def headline(analysis, rows: list[dict], audit: list[dict], lang: str, changes=None, has_previous=False,
             as_of=None) -> dict:
    """本年要点: ``{"intro", "counts", "by_attribute", "points", "more", "findings", "findings_line",
    "change_line", "changes", "none"}``.

    Plan-time: the plan's own contradictions (high audit findings, one sentence each with the key numbers),
    then the targets that are unreachable or need a faster pace. Monitoring and final years: the year's
    answer -- the counts, by attribute (约束性 first), then at most :data:`HEADLINE_POINTS` items (binding
    misses, binding indicators without data, expected misses), what changed since last year (items not
    already named), within :data:`HEADLINE_CHARS` characters; the contradictions go to a section of their own
    (``findings``), linked by one line.
    """
    monitored = any(r["status"] for r in rows)
    kind = next((r.get("kind") for r in rows if r.get("kind")), "monitor" if monitored else "plan")
    key = "status" if monitored else "verdict"
    counted: dict[str, dict] = {}
    for r in rows:
        lab = r[key]
        if lab:
            counted.setdefault(lab["code"], {**lab, "n": 0})["n"] += 1
    order = {c: i for i, c in enumerate(_status_order(rows) if monitored else VERDICTS)}
    counts = [{**c, "text": T("headline.count_item", lang, label=c["label"], n=c["n"])}
              for c in sorted(counted.values(), key=lambda c: (order.get(c["code"], 99), c["code"]))]
    intro = T("headline.status_counts", lang, year=as_of, total=len(rows)) if monitored else \
        T("headline.counts", lang, total=len(rows))
    findings, covered = _finding_points(analysis, audit, rows, lang)
    sep = punctuation(lang)["sep"]
    by_attribute = []
    if monitored:
        for a, n in counts_by_attribute(rows).items():
            items = sep.join(T("headline.count_item", lang, label=status(c, lang)["label"], n=k) for c, k in n.items())
            by_attribute.append(T("headline.attribute_counts", lang, attribute=T(f"attribute.{a}", lang),
                                  n=sum(n.values()), items=items))
    points, left, findings_line = [], 0, ""
    if monitored:
        points, left = headline_points(rows, lang)
        if findings:
            findings_line = T("headline.findings_line", lang, n=len(findings),
                              topics=sep.join(dict.fromkeys(f["topic"] for f in findings)))
    else:
        points = [{k: v for k, v in f.items() if k != "topic"} for f in findings]
        for code, key_ in (("unreachable", "headline.unreachable"), ("stretch", "headline.stretch")):
            for r in rows:
                if r["verdict"]["code"] == code and r["id"] not in covered:
                    points.append({"text": T(key_, lang, name=r["name"], pace=r["pace"], reference=r["reference"]),
                                   "href": f"{PAGE_FILES['indicators']}#{r['anchor']}", "anchor": r["anchor"],
                                   "cls": r["verdict"]["cls"], "symbol": r["verdict"]["symbol"]})
    changed, change_line = [], ""
    if monitored:
        named = {p.get("id") for p in points}
        by_id = {r["id"]: r for r in rows}
        if changes is None:
            change_line = T("headline.no_previous", lang) if not has_previous else ""
        elif len(changes) == 0:
            change_line = T("headline.unchanged", lang)
        else:
            names = names_by_id(analysis, lang)  # a prose target's name in the reader's language
            repeated = sum(1 for i in changes["id"] if i in named)
            change_line = T("headline.changed", lang, n=len(changes)) + \
                (T("headline.changed_named", lang, n=repeated) if repeated else "")
            for _, c in changes.iterrows():
                if c.get("id") in named:
                    continue  # already named above
                r = by_id.get(c.get("id"))
                before, now = status(c.get("status_before"), lang), now_status(c, r, lang)
                name = r["name"] if r else names.get(c.get("id")) or _name(c, lang)
                changed.append({"text": T("headline.changed_item", lang, name=name,
                                          before=(before or {}).get("label", "—"), now=(now or {}).get("label", "—")),
                                "href": f"{PAGE_FILES['indicators']}#{r['anchor']}" if r else PAGE_FILES["overview"],
                                "anchor": r["anchor"] if r else "table",
                                "cls": (now or {}).get("cls", ""), "symbol": (now or {}).get("symbol", "")})
    head = {"intro": intro, "counts": counts, "by_attribute": by_attribute, "points": points, "more": "",
            "findings": findings if monitored else [], "findings_line": findings_line,
            "findings_href": f"{PAGE_FILES['overview']}#findings",
            "change_line": change_line, "changes": changed, "kind": kind,
            "none": T("headline.none", lang) if not points else ""}
    if monitored:
        _fit(head, left, lang)
    return head


def headline_text(head: dict, more: str = "") -> str:
    """The headline's visible words, as the pages show them (for the length rule)."""
    parts = [head["intro"], *(c["symbol"] + c["text"] for c in head["counts"]), *head["by_attribute"]]
    parts += [p["symbol"] + p["text"] + more for p in head["points"]] + [head["more"], head["none"]]
    parts += [head["findings_line"] + (more if head["findings_line"] else ""), head["change_line"]]
    parts += [p["symbol"] + p["text"] + more for p in head["changes"]]
    return "".join(parts)


def _fit(head: dict, left: int, lang: str) -> None:
    """Keep a monitoring or final headline within :data:`HEADLINE_CHARS` characters: changes beyond the
    first few go first, then the last points (counted in the "and N more" line)."""
    more = T("headline.more", lang)
    heading = T("headline.final", lang) + T("headline.act", lang)  # the longer of the two titles
    budget = HEADLINE_CHARS_BY_LANG.get(lang, HEADLINE_CHARS) - len(heading)

    def set_more():
        head["more"] = T("headline.more_items", lang, n=left) if left else ""

    set_more()
    base, extra = head["change_line"], 0
    while len(headline_text(head, more)) > budget and (head["changes"] or head["points"]):
        if head["changes"]:
            head["changes"].pop()
            extra += 1
            head["change_line"] = base + T("headline.changes_more", lang, n=extra)
        else:
            head["points"].pop()
            left += 1
            set_more()


def point(p: dict) -> dict:
    """A point of the headline as the PDF shows it."""
    return {"symbol": p["symbol"], "text": p["text"], "anchor": p["anchor"], "cls": p["cls"]}


def _words(ctx: dict, src) -> dict:
    return {"headline": headline(src.analysis, ctx["rows"], ctx["audit"], ctx["lang"], src.changes,
                                 src.has_previous, src.as_of)}


def _pdf(ctx: dict, pu: dict) -> dict:
    h, L = ctx["headline"], ctx["L"]
    return {"headline": {"title": L["headline"], "intro": h["intro"],
                         "counts": [{"symbol": c["symbol"], "label": c["text"], "cls": c["cls"]} for c in h["counts"]],
                         "by_attribute": list(h["by_attribute"]), "act": L["act"], "more": L["more"],
                         "points": [point(p) for p in h["points"]], "more_note": h["more"], "none": h["none"],
                         "findings_line": h["findings_line"], "change_line": h["change_line"],
                         "changes": [point(p) for p in h["changes"]]}}


SECTION = Section("headline", page="index", chapter="headline", order=10, needs=("rows", "audit"),
                  html="headline.html.j2", pdf="headline", words=_words, pdf_words=_pdf,
                  pdf_toc=lambda ctx: [toc_entry(1, "headline", ctx["L"]["headline"])])
