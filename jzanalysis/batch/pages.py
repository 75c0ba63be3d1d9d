"""The batch's own files in ``OUT/batch/``: ``summary.csv``, ``index.html`` (one row per job),
``compare.csv`` and ``compare.html`` (the shared indicators side by side, one chart each).

Rendered with the report's Jinja2 templates (``templates/batch.html.j2``, ``templates/compare.html.j2`` on
``_page.html.j2``: the same CSS, the same phone rules, one embedded CJK font subset) and written
atomically (:func:`jzanalysis.io.write_text_atomic`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from jzanalysis.fmt import missing, plain

STATUS_CHIPS = {"ok": ("✓", "s-achieved", "ok"), "failed": ("×", "s-not_achieved", "failed"),
                "skipped (unchanged)": ("=", "s-on_track", "skipped")}


def _t(key: str, lang: str, **fields) -> str:
    from jzanalysis.i18n import t

    return t("batch." + key, lang, **fields)


def _lang_name(code: str, lang: str) -> str:
    """A report language's name in the page's language (``batch.language.CODE``), else its own name."""
    from jzanalysis.i18n import has, language

    if has(f"batch.language.{code}", lang):
        return _t(f"language.{code}", lang)
    try:
        return str(language(code)["name"])
    except ValueError:
        return code


def status_chip(status: str, lang: str) -> dict:
    symbol, cls, key = STATUS_CHIPS.get(status, ("?", "s-other", "failed"))
    return {"symbol": symbol, "cls": cls, "label": _t(f"status.{key}", lang)}


def _common(lang: str, title: str, current: str, moment) -> dict:
    from jzanalysis._version import __version__
    from jzanalysis.i18n import html_lang, punctuation
    from jzanalysis.publish.render import markup, page_css
    from jzanalysis.publish.sections.provenance import beijing_time

    nav = [{"href": "index.html", "label": _t("nav.summary", lang), "current": current == "index"},
           {"href": "compare.html", "label": _t("nav.compare", lang), "current": current == "compare"}]
    return {"html_lang": html_lang(lang), "version": __version__, "page_title": title, "css": markup(page_css()),
            "nav": nav, "illustrative": False, "title": title, "P": punctuation(lang),
            "footer": _t("footer", lang, version=__version__, made=beijing_time(moment, lang))}


def summary_rows(summary: pd.DataFrame, lang: str) -> list[dict]:
    """The summary's rows as the page shows them (words, links relative to ``OUT/batch/``)."""
    rows = []
    for _, r in summary.iterrows():
        published = r["status"] != "failed"
        rows.append({"plan": r["plan"], "year": int(r["year"]), "language": _lang_name(r["language"], lang),
                     "status": status_chip(r["status"], lang), "seconds": plain(r["seconds"], lang),
                     "href": f"../{r['output']}/index.html" if published else "", "output": r["output"],
                     "error": r["error"] if isinstance(r["error"], str) else ""})
    return rows


def summary_html(summary: pd.DataFrame, lang: str, moment) -> str:
    """``OUT/batch/index.html`` (without its font)."""
    from jzanalysis.publish.render import render_template

    counts = summary["status"].value_counts()
    subtitle = _t("subtitle", lang, n=len(summary), ok=int(counts.get("ok", 0)),
                  skipped=int(counts.get("skipped (unchanged)", 0)), failed=int(counts.get("failed", 0)))
    C = {k: _t(f"col.{k}", lang) for k in ("plan", "year", "language", "status", "seconds", "output", "error")}
    return render_template("batch.html.j2", **_common(lang, _t("title", lang), "index", moment), subtitle=subtitle,
                           C=C, rows=summary_rows(summary, lang), open=_t("open", lang))


def _value(v, lang: str) -> str:
    return "—" if missing(v) else plain(v, lang)


def display_rows(group: pd.DataFrame, lang: str) -> list[dict]:
    """One shared indicator's rows as the page shows them: the plan's numbers as :func:`jzanalysis.fmt.plain`
    writes them, the verdict, status and final evaluation as chips."""
    from jzanalysis.batch.compare import final_status, target_cell
    from jzanalysis.i18n import column, is_plan_language
    from jzanalysis.publish import rows as report_rows
    from jzanalysis.publish import words

    plan_lang = is_plan_language(lang)
    out = []
    for _, r in group.iterrows():
        how = r["matched_by"]
        attribute = words.attribute_code(r)
        final = final_status(r)
        out.append({
            "plan": r["plan"], "area": r["area"] if plan_lang else r["area_en"],
            "period": r["period"] if plan_lang else r.get("period_en", r["period"]),
            "href": f"../{r['href']}/index.html", "name": column(r, "name", lang),
            "matched": _t(f"compare.matched_by.{how}", lang) if how in ("alias", "name") else "",
            "base": f"{_value(r.get('baseline_value'), lang)}" + (
                f" ({int(r['baseline_year'])})" if not missing(r.get("baseline_year")) else ""),
            "target": target_cell(r, lang), "attribute": words.T(f"attribute.{attribute}", lang) if attribute else "—",
            "pace": report_rows.pace_text(r.to_dict(), lang), "verdict": words.verdict(r.get("feasibility"), lang),
            "latest": _value(r.get("latest_value"), lang), "status": words.status(r.get("status"), lang),
            "final": words.status(final, lang) if final else None})
    return out


def compare_blocks(matched: pd.DataFrame, lang: str) -> list[dict]:
    """One block per shared indicator: its title, its chart (SVG), its rows."""
    from jzanalysis.batch.chart import compare_svg
    from jzanalysis.i18n import column, is_plan_language, punctuation
    from jzanalysis.publish.render import markup

    chart_words = {k: _t(f"compare.chart.{k}", lang) for k in ("base", "target", "latest")}
    shared = matched[matched["group"] != ""]
    blocks = []
    for gid, grp in shared.groupby("group", sort=False):
        first = grp.iloc[0]
        unit = column(first, "unit", lang)
        title = column(first, "name", lang) + punctuation(lang)["paren"](unit)
        labels = grp["area"] if is_plan_language(lang) else grp["area_en"]
        chart = grp.assign(label=list(labels), base_value=grp["baseline_value"],
                           latest_value=grp["latest_value"] if "latest_value" in grp else None)
        svg = compare_svg(gid, title, chart, chart_words, lang)
        blocks.append({"anchor": f"i-{len(blocks) + 1}", "title": title, "svg": markup(svg),
                       "rows": display_rows(grp, lang)})
    return blocks


def compare_html(matched: pd.DataFrame, table: pd.DataFrame, lang: str, moment) -> str:
    """``OUT/batch/compare.html`` (without its font)."""
    from jzanalysis.batch.compare import unmatched
    from jzanalysis.publish.render import render_template

    blocks = compare_blocks(matched, lang) if not table.empty else []
    plans = matched["plan"].nunique() if "plan" in matched else 0
    C = {k: _t(f"compare.col.{k}", lang) for k in ("area", "period", "base", "target", "attribute", "pace",
                                                    "verdict", "latest", "status", "final")}
    C["plan"] = _t("col.plan", lang)
    alone = unmatched(matched, lang) if blocks else {}
    from jzanalysis.i18n import t

    common = _common(lang, _t("compare.title", lang), "compare", moment)
    if "illustrative" in matched and bool(matched["illustrative"].any()):
        common.update(illustrative=True, illustrative_text=t("report.illustrative", lang))
    return render_template("compare.html.j2", **common,
                           subtitle=_t("compare.subtitle", lang, plans=plans, shared=len(blocks)),
                           intro=_t("compare.intro", lang), none=_t("compare.none", lang), blocks=blocks, C=C,
                           unmatched_title=_t("compare.unmatched", lang), unmatched=alone)


def write_pages(summary: pd.DataFrame, jobs: list, folder: Path, out: Path, lang: str = "zh") -> list[Path]:
    """Write ``summary.csv``, ``index.html``, ``compare.csv`` and ``compare.html`` into ``folder``
    (``OUT/batch``); returns their paths."""
    from jzanalysis.batch.compare import compare_frame, comparison
    from jzanalysis.io import build_time, write_csv_atomic, write_text_atomic
    from jzanalysis.publish.render import embed_font

    folder.mkdir(parents=True, exist_ok=True)
    moment = build_time()
    matched = comparison(summary, jobs, lang)
    table = compare_frame(matched, lang)
    pages = embed_font({"index.html": summary_html(summary, lang, moment),
                        "compare.html": compare_html(matched, table, lang, moment)})
    written = [write_csv_atomic(summary, folder / "summary.csv"), write_csv_atomic(table, folder / "compare.csv")]
    written += [write_text_atomic(folder / name, text) for name, text in pages.items()]
    return written
