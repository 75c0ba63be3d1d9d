"""The published report's pages, PDF document model and reader downloads, from one analysis.

:func:`build_context` gathers everything into one picklable dict of plain text and numbers: the rows
(:mod:`jzanalysis.publish.rows`) and the audit every section reads, then each section's words
(:mod:`jzanalysis.publish.sections`, the registry of the report's sections) and the charts (SVG,
:mod:`jzanalysis.publish.svgchart`, set by :func:`set_charts`). :func:`render_pages` turns it into HTML:
each page is its registered sections' blocks, rendered with the Jinja2 templates (autoescape: the one
place where HTML is produced, so a hostile string in the plan, the actuals or a file name reaches the
reader as text); :func:`pdf_model` into the PDF's document model (laid out by Typst,
``templates/report.typ``); :func:`write_downloads` writes the reader copies of the data (CSV with BOM and
headers in the report's language, one ``.xlsx`` workbook).
"""

from __future__ import annotations

import datetime as _dt
import html
from pathlib import Path

import pandas as pd

from jzanalysis import i18n
from jzanalysis._version import __version__
from jzanalysis.publish import plots, rows, sections, words
from jzanalysis.publish.sections.audit import audit_items
from jzanalysis.publish.sections.base import chip
from jzanalysis.publish.sections.final_table import completion_records
from jzanalysis.publish.sections.provenance import beijing_time
from jzanalysis.publish.sections.researchers import research
from jzanalysis.publish.words import T

CHART_KEY = "jz_chart"
#: The reader pages: key and file (their sections: :mod:`jzanalysis.publish.sections`).
PAGES = tuple((k, f.removeprefix("html/")) for k, f in sections.PAGES.items() if k != "index")
#: The catalogue key of a page's opening paragraph, above its "on this page" list.
PAGE_INTROS = {"audit": "intro"}


def _labels(lang: str, prefix: str, keys) -> dict:
    return {k: T(f"{prefix}{k}", lang) for k in keys}


def labels(lang: str, kind: str = "plan") -> dict:
    """Words for the templates: ``L`` (sections), ``C`` (columns), ``P`` (provenance); in a final report
    (``kind``) the headline is 总结评估要点, not 本年要点."""
    cols = ("seq", "category", "name", "unit", "attribute", "baseline", "target", "pace", "reference", "projected",
            "verdict", "latest", "status", "warning", "reason", "status_reason", "severity", "finding",
            "indicators", "formula", "count", "total", "before", "now", "source", "note", "year", "value")
    L = {"headline": T("headline.final" if kind == "final" else "headline", lang), "act": T("headline.act", lang), "more": T("headline.more", lang),
         "legend": T("legend", lang), "contents": T("contents", lang), "on_this_page": T("on_this_page", lang),
         "downloads": T("section.downloads", lang), "researchers": T("section.researchers", lang),
         "researchers_note": T("section.researchers_note", lang), "provenance": T("section.provenance", lang),
         "methods": T("section.methods", lang), "table": T("overview.table", lang),
         "counts": T("overview.counts", lang), "chart": T("overview.chart", lang),
         "chart_note": T("overview.chart_note", lang), "prose": T("overview.prose", lang),
         "prose_note": T("overview.prose_note", lang), "audit": T("overview.audit", lang),
         "changes": T("overview.changes", lang), "chart_none": T("indicator.chart_none", lang),
         "reference_from": T("indicator.reference_from", lang), "actuals": T("indicator.actuals", lang),
         "intro": T("audit.intro", lang), "audit_intro": T("audit.intro", lang),
         "caveat": T("caveat.title", lang), "findings": T("findings", lang), "findings_note": T("findings_note", lang),
         "final_table": T("final.table", lang), "final_note": T("final.note", lang),
         "final_prose": T("final.prose", lang), "final_prose_note": T("final.prose_note", lang)}
    P = _labels(lang, "prov.", ("file", "role", "sha256", "software", "made"))
    return {"L": L, "C": {**_labels(lang, "col.", cols), "final_status": T("final.col.status", lang)}, "P": P}


def punctuation(lang: str) -> dict:
    """``colon``, ``sep``, ``semi``, ``space``, ``joiner`` and ``paren`` (a function) in the report's language
    (:func:`jzanalysis.i18n.punctuation`, from ``locales/LANG/language.yaml``)."""
    return i18n.punctuation(lang)


def charts_from_notebook(nb) -> dict:
    """``{key: {"svg": text, "alt": text}}`` of the SVG outputs tagged ``jz_chart`` in an executed notebook
    (the alternative text is the SVG's own ``<title>``)."""
    import re

    charts = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data, meta = out.get("data", {}), out.get("metadata", {})
            key = meta.get(CHART_KEY)
            if key and "image/svg+xml" in data:
                svg = data["image/svg+xml"]
                svg = svg if isinstance(svg, str) else "".join(svg)
                title = re.search(r"<title[^>]*>(.*?)</title>", svg, re.S)
                alt = html.unescape(title.group(1)) if title else ""
                charts[str(key)] = {"svg": svg, "alt": alt}
    return charts


def input_files(plan, actuals, previous, config=None) -> list[tuple[str, Path]]:
    """``(role key, path)`` of every input, in the order the appendix lists them (``config``: the plan
    folder's files, as its plan.yaml names them)."""
    from jzanalysis import paths

    if config is not None:
        pop = config.population.source if config.population is not None else None
        rows = [("plan", config.text), ("actuals", actuals), ("previous", previous),
                ("metadata", config.metadata), ("series", config.series), ("census", pop)]
        return [(k, Path(p)) for k, p in rows if p not in (None, "")]
    rows = [("plan", plan or paths.PLAN_TEXT), ("actuals", actuals), ("previous", previous),
            ("metadata", paths.INDICATOR_META), ("series", paths.NARRATIVE_META), ("census", paths.CENSUS)]
    return [(k, Path(p)) for k, p in rows if p not in (None, "")]


def build_context(analysis, *, lang: str, year: int, illustrative: bool, changes=None, has_previous=False,
                  made: _dt.datetime | None = None, files=(), formats=("html", "pdf"), charts=None,
                  notebooks=(), downloads=(), binding_first: bool = False) -> dict:
    """Everything the pages and the PDF show, as plain (picklable) data: the rows and the audit every
    section reads, then each section's words (:func:`jzanalysis.publish.sections.add_words`)."""
    if made is None:
        from jzanalysis.io import build_time

        made = build_time()
    monitored = getattr(analysis, "actuals", None) is not None
    as_of = analysis.as_of if monitored else None
    plots.use_words_of(analysis)  # the reader's words (title, years, caption, area) are this plan's
    titles = words.titles(as_of, monitored, lang, words.final_year(analysis))
    table_rows = rows.indicator_rows(analysis, lang, "table")
    prose = rows.indicator_rows(analysis, lang, "prose")
    # a prose target known only by its Chinese words is named by its place in the plan's text (one language
    # per report, and the same targets as the Chinese report)
    untranslated = sum(1 for r in prose if not r["translated"])
    prose = [r if r["translated"] else rows.named_by_place(r, lang) for r in prose]
    given_all = rows.sources_once(table_rows + prose, lang)  # one source for every value: said once
    charts = dict(charts or {})
    category_chart = charts.pop("__categories__", None)
    ctx = {
        "lang": lang, "html_lang": i18n.html_lang(lang), "year": year, "version": __version__,
        "titles": titles, "made_at": made, "made_text": T("made", lang, when=beijing_time(made, lang)),
        "illustrative": illustrative, "illustrative_text": T("illustrative", lang) if illustrative else "",
        "monitored": monitored, "final": titles["kind"] == "final", "binding_first": bool(binding_first),
        "rows": table_rows, "groups": rows.group_by_category(table_rows), "prose": prose,
        "prose_groups": [{"category": "", "anchor": "prose-list", "rows": prose}],
        "prose_untranslated": T("overview.prose_untranslated", lang, n=untranslated) if untranslated else "",
        "actuals_given_all": given_all,
        "audit": audit_items(analysis.audit, lang, rows.names_by_id(analysis, lang)),
        "charts": charts, "category_chart": category_chart,
        "page_titles": {k: T(f"page.{k}", lang) for k, _ in PAGES},
        "page_notes": {k: T(f"page.{k}_note_final" if titles["kind"] == "final" and i18n.has(
            f"report.page.{k}_note_final", lang) else f"page.{k}_note", lang) for k, _ in PAGES},
        "formats": list(formats), "notebooks": list(notebooks), "downloads": list(downloads),
        "footer": T("footer", lang, title=titles["title"], made=beijing_time(made, lang)),
        **labels(lang, titles["kind"]),
    }
    src = sections.Source(analysis, changes, has_previous, as_of, tuple(files))
    return sections.add_words(ctx, src)


def set_charts(ctx: dict, charts: dict) -> dict:
    """Put the report's charts (``{key: {"svg", "alt"}}``, :func:`jzanalysis.publish.svgchart.chart_svgs`)
    into ``ctx`` (the per-category one apart). The SVG texts are trusted markup (every input string in
    them is escaped where they are written) and go inline into the pages: they use the pages' font."""
    charts = {k: {**v, "svg": _markup(v.get("svg") or "")} for k, v in dict(charts).items()}
    ctx["category_chart"] = charts.pop("__categories__", None)
    ctx["charts"] = charts
    return ctx


def _env(ctx: dict) -> dict:
    return {**ctx, **punctuation(ctx["lang"])}


def render_blocks(page: str, env: dict) -> str:
    """The HTML of a page's shown sections (:func:`jzanalysis.publish.sections.on_page`), each on a new line."""
    from jzanalysis.publish.render import render_template

    kind = env["titles"]["kind"]
    return "".join("\n" + render_template(f"sections/{s.html}", **env)
                   for s in sections.on_page(page, kind) if s.html and s.shown(env))


def render_pages(ctx: dict, css: str, pdf_href: str | None = None, pdf_size: str = "") -> dict:
    """``{relative path: HTML}`` for ``index.html`` and ``html/0N_*.html``: each page its sections."""
    from jzanalysis.publish.render import render_template

    env = {**_env(ctx), "css": _markup(css)}
    lang = ctx["lang"]
    out = {}
    nav_items = [("../index.html", T("index", lang), None)] + [(f, ctx["page_titles"][k], k) for k, f in PAGES]
    for key, file in PAGES:
        nav = [{"href": h, "label": lab, "current": k == key} for h, lab, k in nav_items]
        intro = ctx["L"][PAGE_INTROS[key]] if key in PAGE_INTROS else ""
        out[f"html/{file}"] = render_template("page.html.j2", **env, nav=nav, heading=ctx["page_titles"][key],
                                              intro=intro, toc=sections.page_toc(key, ctx),
                                              body=_markup(render_blocks(key, env)),
                                              page_title=f"{ctx['page_titles'][key]} · {ctx['titles']['short']}")
    nav = [{"href": "index.html", "label": T("index", lang), "current": True}] + \
        [{"href": f"html/{f}", "label": ctx["page_titles"][k], "current": False} for k, f in PAGES]
    pages = [{"href": f"html/{f}", "label": ctx["page_titles"][k], "note": ctx["page_notes"][k]} for k, f in PAGES] \
        if "html" in ctx["formats"] else []
    downloads = []
    if pdf_href:
        downloads.append({"href": pdf_href, "label": T("section.pdf", lang), "size": pdf_size})
    downloads += ctx["downloads"]
    env = {**env, "nav": nav, "pages": pages, "downloads": downloads, "research": research(ctx),
           "page_title": ctx["titles"]["title"]}
    out["index.html"] = render_template("index.html.j2", **env, body=_markup(render_blocks("index", env)))
    return out


#: Rows one list of the PDF holds at most (indicators, prose targets, audit findings): the PDF's size and
#: layout time are bounded whatever the plan (a 5 MB plan of prose targets); the pages and the downloads
#: keep every row, and the PDF says how many it leaves out.
PDF_ROWS_MAX = 300


def _cut_groups(groups: list[dict], budget: int) -> tuple[list[dict], int]:
    """``groups`` (``[{"rows": [...], ...}]``) with at most ``budget`` rows in all; and how many were cut."""
    out, cut = [], 0
    for g in groups:
        rows = g["rows"][:max(budget, 0)]
        budget -= len(rows)
        cut += len(g["rows"]) - len(rows)
        if rows or g.get("folded"):
            out.append({**g, "rows": rows})
    return out, cut


def pdf_bounded(ctx: dict, limit: int = PDF_ROWS_MAX) -> dict:
    """The context with every list of the PDF cut to ``limit`` rows, and ``pdf_omitted``: the sentence that
    says how many rows the PDF leaves out (``""`` when none)."""
    out, cut = dict(ctx), 0
    for key in ("groups", "prose_groups", "final_prose"):
        out[key], n = _cut_groups(ctx.get(key) or [], limit)
        cut += n
    audit = ctx.get("audit") or []
    out["audit"] = audit[:limit]
    cut += len(audit) - len(out["audit"])
    out["pdf_omitted"] = T("pdf.omitted", ctx["lang"], n=cut, limit=limit) if cut else ""
    return out


def pdf_chart_file(key: str, keys) -> str:
    """File name of the SVG of chart ``key`` for the PDF (``chart-N.svg``: never a name from an input)."""
    return f"chart-{sorted(keys).index(key) + 1}.svg"


def pdf_images(ctx: dict) -> dict[str, bytes]:
    """``{file name: SVG bytes}`` of the charts the PDF shows (:func:`pdf_model` names them)."""
    charts = _pdf_charts(ctx)
    return {pdf_chart_file(key, charts): str(chart["svg"]).encode("utf-8") for key, chart in charts.items()}


def _pdf_charts(ctx: dict) -> dict:
    """The charts the PDF shows, by key: every drawn one, the per-category chart too except in a final report."""
    charts = {k: v for k, v in (ctx.get("charts") or {}).items() if v and v.get("svg")}
    cat = ctx.get("category_chart") if not ctx["final"] else None
    if cat and cat.get("svg"):
        charts["__categories__"] = cat
    return charts


def _row(r: dict, paren, colon: str, semi: str, join: str, L: dict, C: dict, chart: str) -> dict:
    """One indicator or prose target as the PDF shows it (plain text only)."""
    actuals = ""
    if r.get("actuals"):
        parts = []
        for o in r["actuals"]:
            given = semi.join(x for x in (o.get("source"), o.get("note")) if x)
            parts.append(f"{o['year']}{colon}{o['value']}{paren(given)}")
        actuals = semi.join(parts) + paren(r.get("actuals_given", ""))
    return {"anchor": r["anchor"], "seq": str(r["seq"]) if r["seq"] not in ("", None) else "", "name": r["name"],
            "unit": paren(r["unit"]), "attribute": r["attribute"] or "—", "binding": r["attr_code"] == "binding",
            "baseline": r["baseline"], "target": r["target"], "pace": r["pace"],
            "pace_detail": r.get("pace_detail") or r["pace"],
            "reference_label": r.get("reference_label") or C["reference"], "reference": r["reference"],
            "projected_label": r.get("projected_label") or C["projected"],
            "projected": r["projected"] if r["projected"] != "—" else "",
            "verdict": chip(r["verdict"]), "inconsistent": chip(r["inconsistent"]),
            # a final report shows the final outcome only, no plan-time verdict (✓基期已达标) beside it
            "final": r["kind"] == "final",
            "latest": r["latest"], "status": chip(r["status"]),
            "status_label": C["final_status"] if r["kind"] == "final" else C["status"],
            "final_actual": r["final_actual"], "note": r["status_reason"] if r["has_data"] else "",
            "reason": r["reason"], "status_reason": r["status_reason"], "warning": r["warning"],
            "reference_from": r.get("reference_from") or L["reference_from"],
            "reference_source": r["reference_source"], "caveats": join.join(r["caveats"]),
            "actuals": actuals, "chart": chart}


def pdf_model(ctx: dict) -> dict:
    """The A4 PDF as one document model: plain strings, numbers and lists, nothing else (no markup).

    ``jzanalysis/templates/report.typ`` reads it as JSON (``sys.inputs.doc``) and shows every string as
    text, so a plan or actuals file holding ``#set``, ``$x$``, ``<script>`` prints as written. Cover, then
    the chapters (:data:`jzanalysis.publish.sections.CHAPTERS`), each its sections' blocks in the order
    ``order`` gives (:func:`jzanalysis.publish.sections.pdf_order`), their data from each section's
    ``pdf_words``; every list at most :data:`PDF_ROWS_MAX` rows (:func:`pdf_bounded`). Charts are named
    ``chart-N.svg`` (:func:`pdf_images` has their bytes).
    """
    ctx = pdf_bounded(ctx)
    lang, L, C, P = ctx["lang"], ctx["L"], ctx["C"], ctx["P"]
    pu = punctuation(lang)
    join = pu["joiner"]
    charts = _pdf_charts(ctx)

    def chart(key):
        c = charts.get(key)
        return {"file": pdf_chart_file(key, charts), "alt": c.get("alt", "")} if c else None

    def rows_of(g):
        return [_row(r, pu["paren"], pu["colon"], pu["semi"], join, L, C, chart(r["id"])) for r in g["rows"]]

    model = {
        "lang": lang, "version": ctx["version"], "final": bool(ctx["final"]), "monitored": bool(ctx["monitored"]),
        "title": ctx["titles"]["title"], "cover": {"plan": ctx["titles"]["plan"], "short": ctx["titles"]["short"],
                                                   "subtitle": ctx["titles"]["subtitle"],
                                                   "made": f"{ctx['made_text']} · jzanalysis {ctx['version']}"},
        "note": ctx["illustrative_text"] if ctx["illustrative"] else "",
        "colon": pu["colon"], "sep": pu["sep"], "contents": L["contents"], "toc": sections.pdf_toc(ctx),
        "overview": ctx["page_titles"]["overview"], "indicators": ctx["page_titles"]["indicators"],
        "audit_title": ctx["page_titles"]["audit"], "L": dict(L), "C": dict(C), "P": dict(P),
        "F": {k: v for k, v in ctx["final_columns"].items() if isinstance(v, str)},
        "groups": [{"category": g["category"], "anchor": g["anchor"], "rows": rows_of(g)} for g in ctx["groups"]],
        "omitted": ctx["pdf_omitted"], "order": sections.pdf_order(ctx),
        "actuals_given_all": ctx.get("actuals_given_all", ""),
    }
    helpers = {**pu, "rows": rows_of, "chart": chart}
    for s in sections.REGISTRY:
        if s.pdf_words is not None:
            model.update(s.pdf_words(ctx, helpers))
    return model


def _markup(text: str):
    from jzanalysis.publish.render import markup

    return markup(text)


# -------------------------------------------------------------------------------------- downloads
def _number(x, sig: int | None = None):
    """A number for a download cell: ``int`` when whole, else ``float`` (``sig`` significant digits, as the
    pages round a computed value; none for a value as entered or printed); ``None`` for a missing one."""
    from jzanalysis.fmt import missing

    if missing(x):
        return None
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    if x != x or x in (float("inf"), float("-inf")):
        return None
    if sig is not None and x:
        import math

        x = round(x, max(0, sig - 1 - int(math.floor(math.log10(abs(x))))))
    return int(x) if x.is_integer() and abs(x) < 1e15 else x


def _number_text(text):
    """A cell printed as a bare number (``12.5``, ``5,000``) as that number; any other text unchanged."""
    import re

    if isinstance(text, str) and re.fullmatch(r"-?\d{1,3}(?:,\d{3})*(?:\.\d+)?|-?\d+(?:\.\d+)?", text.strip()):
        return _number(text.strip().replace(",", ""))
    return text


def reader_tables(ctx: dict, analysis) -> dict[str, pd.DataFrame]:
    """Reader copies of the data: ``{sheet key: frame}`` with headers in the report's language.

    Numbers are numbers (``int`` or ``float``, empty when missing): the 2020 value and the latest actual
    value as entered, the projection to 4 significant digits as on the pages; the latest value and its
    year are two columns. Text that reads as a sentence (targets with their sign, paces, reasons) stays text.
    """
    lang, C = ctx["lang"], ctx["C"]
    monitored = ctx["monitored"]
    rows_ = [r for g in ctx["groups"] for r in g["rows"]] + ctx["prose"]
    raw = analysis.assessment.drop_duplicates("id").set_index("id")
    res = []
    for r in rows_:
        a = raw.loc[r["id"]] if r["id"] in raw.index else pd.Series(dtype=object)
        d = {C["seq"]: _number(r["seq"]), C["category"]: r["category"], C["name"]: r["name"],
             C["attribute"]: r.get("attribute", ""), C["unit"]: r["unit"],
             C["baseline"]: _number(a.get("baseline_value")), C["target"]: _number_text(r["target"]),
             C["pace"]: r["pace"],
             C["reference"]: r["reference"], C["projected"]: _number(a.get("projected"), 4),
             C["verdict"]: r["verdict"]["label"], C["reason"]: r["reason"]}
        if monitored:
            seen = a.get("observed")
            has = isinstance(seen, str) and bool(seen.strip())
            d.update({C["latest"]: _number(a.get("latest_value")) if has else None,
                      C["year"]: _number(a.get("latest_year")) if has else None,
                      C["status"]: (r["status"] or {}).get("label", ""),
                      C["status_reason"]: r["status_reason"], C["warning"]: r["warning"]})
        res.append(d)
    tables = {}
    if ctx["final"]:  # what an office pastes into its 总结评估: first in the workbook and the downloads
        tables["completion"] = pd.DataFrame(completion_records(ctx, _number, _number_text), dtype=object)
    tables["assessment"] = pd.DataFrame(res, dtype=object)
    tables["audit"] = pd.DataFrame([{C["severity"]: f["severity"]["label"], C["finding"]: f["title"],
                                     C["indicators"]: punctuation(lang)["sep"].join(f["indicators"]),
                                     C["reason"]: f["explanation"], C["formula"]: f["formula"]}
                                    for f in ctx["audit"]])
    actuals = getattr(analysis, "actuals", None)
    if actuals is not None:
        names = rows.names_by_id(analysis, lang)
        tables["actuals"] = pd.DataFrame({C["name"]: [names.get(i, "") for i in actuals["id"]],
                                          C["year"]: [_number(y) for y in actuals["year"]],
                                          C["value"]: [_number(v) for v in actuals["value"]],
                                          C["source"]: actuals.get("source", pd.Series([""] * len(actuals))).values,
                                          C["note"]: actuals.get("note", pd.Series([""] * len(actuals))).values},
                                         dtype=object)
    if ctx["changes"]:
        tables["changes"] = pd.DataFrame([{C["name"]: c["name"], C["before"]: (c["before"] or {}).get("label", ""),
                                           C["now"]: (c["now"] or {}).get("label", ""), C["reason"]: c["reason"]}
                                          for c in ctx["changes"]])
    return tables


DOWNLOAD_FILES = {"completion": "completion", "assessment": "results", "audit": "self-audit",
                  "actuals": "actual-values", "changes": "changes"}
DOWNLOAD_LABELS = {"completion": "section.csv_completion", "assessment": "section.csv", "audit": "section.csv_audit",
                   "actuals": "section.csv_actuals", "changes": "section.csv_changes"}
#: Width of a column in ``results.xlsx``: the longest cell (a CJK character counts 2), within these bounds.
XLSX_WIDTH = (6, 60)


def _width(value) -> int:
    text = "" if value is None else str(value)
    return sum(2 if "\u2e80" <= ch <= "\uffef" else 1 for ch in text)


def _format_sheet(ws) -> None:
    """A reader's sheet: header row frozen and bold, column widths from the content, long text wrapped,
    formula-like text made inert (:func:`jzanalysis.io.inert_sheet`)."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from jzanalysis.io import inert_sheet

    inert_sheet(ws)
    ws.freeze_panes = "A2"
    lo, hi = XLSX_WIDTH
    for i, column in enumerate(ws.iter_cols(), start=1):
        width = max([_width(c.value) for c in column] + [lo])
        ws.column_dimensions[get_column_letter(i)].width = min(width + 2, hi)
        if width > hi:
            for c in column[1:]:
                c.alignment = Alignment(wrap_text=True, vertical="top")
    for c in ws[1]:
        c.font = Font(bold=True)


def write_downloads(ctx: dict, analysis, build: Path) -> list[dict]:
    """``downloads/*.csv`` (UTF-8 with BOM: Excel opens Chinese correctly) and ``downloads/results.xlsx``.

    Numbers are stored as numbers; a text cell that a spreadsheet would run as a formula (``=``, ``+``,
    ``-``, ``@``, tab, CR first) is made inert (:func:`jzanalysis.io.inert`: a leading ``'`` in CSV, a
    string cell with Excel's quote prefix in the workbook). The workbook has a frozen header row and
    column widths. Returns the links for the index: ``[{"href", "label", "size"}]``.
    """
    from jzanalysis.io import atomic_path, write_csv_atomic

    lang = ctx["lang"]
    folder = Path(build) / "downloads"
    folder.mkdir(parents=True, exist_ok=True)
    tables = reader_tables(ctx, analysis)
    links = []
    for key, frame in tables.items():
        path = write_csv_atomic(frame, folder / f"{DOWNLOAD_FILES[key]}.csv", encoding="utf-8-sig", reader=True)
        links.append({"href": f"downloads/{path.name}", "label": T(DOWNLOAD_LABELS[key], lang), "size": ""})
    xlsx = folder / "results.xlsx"
    with atomic_path(xlsx) as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for key, frame in tables.items():
                name = T(f"sheet.{key}", lang)[:31]
                frame.to_excel(writer, sheet_name=name, index=False)
                _format_sheet(writer.sheets[name])
    from jzanalysis.io import reproducible_zip

    reproducible_zip(xlsx, ctx.get("made_at"))  # dated the report's time, not the moment of saving
    links.insert(0, {"href": f"downloads/{xlsx.name}", "label": T("section.xlsx", lang), "size": ""})
    return links


def notebook_context(analysis, lang: str = "zh", changes=None) -> dict:
    """:func:`build_context` for a notebook (build it once, pass it to :func:`fragment` many times)."""
    first = words.plan_config(analysis).period.first_year
    return build_context(analysis, lang=lang, year=analysis.as_of or first, illustrative=False, changes=changes,
                         has_previous=changes is not None)


def fragment(analysis, part: str, lang: str = "zh", changes=None, ids=(), ctx: dict | None = None) -> str:
    """HTML of one part of the report for a notebook: ``headline``, ``legend``, ``table``, ``counts``,
    ``prose``, ``changes``, ``audit`` or ``indicator`` (the rows whose id is in ``ids``).

    ``ctx``: from :func:`notebook_context` (built here when not given).
    """
    from jzanalysis.publish.render import render_template

    ctx = ctx if ctx is not None else notebook_context(analysis, lang, changes)
    every = [r for g in ctx["groups"] for r in g["rows"]] + ctx["prose"]
    selected = [r for i in ids for r in every if r["id"] == i]
    return render_template("fragment.html.j2", **_env(ctx), part=part, selected=selected, pdf=False)
