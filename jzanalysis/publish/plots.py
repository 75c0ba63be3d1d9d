"""Display tables and the charts' data for the notebooks and the report (Chinese first, English on request).

Notebooks hold no logic of their own: every table and text block they show comes from here, and the data
every chart is drawn from (:func:`history_points`, :func:`projection_path`, ``_target_zone``,
:func:`chart_ids`, :func:`chart_keys`, :data:`VERDICT_MARKERS`). The charts themselves are drawn once, as
SVG, by :mod:`jzanalysis.publish.svgchart` (:func:`~jzanalysis.publish.svgchart.show_indicator` displays
one in JupyterLab). The helpers need only pandas (and jinja2 for the Styler): nothing here imports
matplotlib, which is no dependency of the report (it comes with the ``[lab]`` extra, for researchers).

Units of paces (the assessment's contract): CAGR, shortfall and growth paces in % a year, linear paces in
the indicator's unit a year.
"""

from __future__ import annotations

import functools
import html

import pandas as pd

from jzanalysis.fmt import OPERATOR_SIGNS
from jzanalysis.fmt import missing as _isnan
from jzanalysis.i18n import column, is_plan_language, languages, punctuation
from jzanalysis.plan.target import Target
from jzanalysis.publish import words

TABLE_SOURCE = "Table 1-1"

#: Cell colours of the verdicts (background, text).
FEASIBILITY_COLORS = {
    "met_at_baseline": ("#a8dab5", "#0b3d1a"), "reachable": ("#d4efd9", "#0b3d1a"),
    "stretch": ("#ffe49c", "#4d3800"), "unreachable": ("#f5b3b3", "#5c0000"),
    "no_reference": ("#e4e4e4", "#333333"), "qualitative": ("#eef3e8", "#333333"), "not_assessable": ("#f3f3f3", "#555555"),
}
#: Colours of the monitoring statuses (:data:`jzanalysis.analysis.status.STATUSES`); unknown -> grey.
STATUS_COLORS = {
    "achieved": ("#a8dab5", "#0b3d1a"), "on_track": ("#d4efd9", "#0b3d1a"), "at_risk": ("#ffe49c", "#4d3800"),
    "needs_acceleration": ("#ffd08a", "#4d2a00"), "off_track": ("#f5b3b3", "#5c0000"),
    "regressing": ("#e88080", "#3d0000"), "not_assessable": ("#f3f3f3", "#555555"),
    "mostly_achieved": ("#d4efd9", "#0b3d1a"), "not_achieved": ("#f5b3b3", "#5c0000"),
    "no_data": ("#ffffff", "#555555"),
}
#: Verdict colour and marker shape of the category chart (:func:`jzanalysis.publish.svgchart.category_svg`):
#: the Okabe-Ito colours, each paired with a shape so that colour is never the only cue.
VERDICT_MARKERS = {
    "met_at_baseline": ("#0072B2", "diamond"), "reachable": ("#009E73", "circle"),
    "stretch": ("#E69F00", "triangle"), "unreachable": ("#D55E00", "cross"),
    "no_reference": ("#7B5EA7", "thin_diamond"), "qualitative": ("#4C9A2A", "plus"),
    "not_assessable": ("#777777", "square"),
}
#: How an operator reads in a table cell: the cell column of :data:`jzanalysis.fmt.OPERATOR_SIGNS`
#: (:meth:`jzanalysis.plan.target.Target.sign`).
OP_SIGN = {op: cell for op, (_, cell) in OPERATOR_SIGNS.items()}

@functools.lru_cache(maxsize=4)
def _words(lang: str) -> dict:
    """The ``plots.*`` entries of one language's catalogue, without the prefix (built once per language)."""
    from jzanalysis.i18n import catalogue

    return {k[6:]: v for k, v in catalogue(lang).items() if k.startswith("plots.")}


class _Words:
    """``TEXT[lang][key]``: the words of the tables and charts, from ``locales/<lang>/plots.yaml``, with the
    plan's own words filled in (``{plan_base}`` -> 2020, :func:`jzanalysis.i18n.plan_words`: the plan being
    published, not always the bundled one); other fields (``{value}``, ...) are left for the caller."""

    def __getitem__(self, lang: str) -> dict:
        from jzanalysis.i18n import fill_plan_words

        return {k: fill_plan_words(v, lang) for k, v in _words(lang).items()}

    def values(self) -> list[dict]:
        from jzanalysis.i18n import LANGS

        return [self[lang] for lang in LANGS]


TEXT = _Words()


def use_words_of(analysis) -> None:
    """Make the words of ``analysis``'s plan (title, years, caption, area: ``{plan_base}`` -> its base year)
    the ones every label is filled with (:func:`jzanalysis.i18n.use_plan_words`); nothing for an analysis
    without a plan configuration (the bundled plan's words stay)."""
    from jzanalysis.i18n import use_plan_words

    config = getattr(analysis, "config", None)
    if config is not None:
        use_plan_words({k: {**w, "plan_rows": len(analysis.indicators)} for k, w in config.all_words().items()})


def _lang(lang: str) -> str:
    if lang not in languages():
        raise ValueError(f"lang must be one of {languages()}, not {lang!r}")
    return lang


def _num(x, digits: int = 4) -> str:
    from jzanalysis.fmt import num

    return "—" if _isnan(x) else num(float(x), digits)


# ----------------------------------------------------------------------------------- selecting rows
def table_rows(assessment: pd.DataFrame) -> pd.DataFrame:
    """The Table 1-1 indicators (31 in the bundled plan), in table order."""
    rows = assessment[assessment["source"] == TABLE_SOURCE]
    return rows.sort_values("seq", kind="stable")


def prose_rows(assessment: pd.DataFrame) -> pd.DataFrame:
    """Targets with a number found in the plan's prose (not in Table 1-1)."""
    return assessment[assessment["source"] != TABLE_SOURCE]


def categories(analysis) -> list[str]:
    """The Table 1-1 categories in table order (e.g. 幼有所育, 学有所教, ...)."""
    return list(dict.fromkeys(table_rows(analysis.assessment)["category"]))


def _category_shown(analysis, category: str, lang: str, rows=None) -> str:
    """The category as printed in the plan's language; else its label in ``lang`` (or its fallback's) with
    the printed one in brackets: ``Early childhood (幼有所育)``; as printed when there is no label."""
    if is_plan_language(_lang(lang)):
        return category
    ind = getattr(analysis, "indicators", None)
    if ind is not None:
        hit = ind[rows(ind) if rows is not None else ind["category"] == category]
        label = column(hit.iloc[0], "category", lang, plan_words=False) if len(hit) else ""
        if label:
            return f"{label}{punctuation(lang)['paren'](category)}"
    return category


def category_title(analysis, category: str, lang: str = "zh") -> str:
    """``幼有所育`` (zh) or ``Early childhood (幼有所育)`` (en)."""
    return _category_shown(analysis, category, lang)


def select_categories(analysis, category: str = "") -> list[str]:
    """``[category]`` after checking it exists, or all categories for ``""``."""
    cats = categories(analysis)
    if not category:
        return cats
    if category not in cats:
        raise ValueError(f"unknown category {category!r}; expected one of {cats} or ''")
    return [category]


# ------------------------------------------------------------------------------------- formatting
def verdict_label(code: str, lang: str = "zh") -> str:
    if _isnan(code) or code == "":
        return "—"
    from jzanalysis.i18n import has, t

    key = f"assess.verdict.{code}"
    return t(key, _lang(lang)) if has(key, _lang(lang)) else str(code)


def status_name(code, lang: str = "zh") -> str:
    """A monitoring status code in words: ``on_track`` -> 进度正常 / on track."""
    if _isnan(code) or code == "":
        return "—"
    from jzanalysis.i18n import has, t

    key = f"monitor.status.{code}"
    return t(key, _lang(lang)) if has(key, _lang(lang)) else str(code).replace("_", " ")


def status_label(row: pd.Series, lang: str = "zh") -> str:
    """The monitoring status of a row in words; in Chinese with the mid-term review label when it differs
    (``需加快（滞后）``)."""
    code = row.get("status")
    label = status_name(code, lang)
    review = row.get("status_zh_review")
    if is_plan_language(lang) and isinstance(review, str) and review and review not in (label, "无法评估"):
        return f"{label}（{review}）"
    return label


def _unit(row, lang: str = "zh") -> str:
    """The row's unit; in English the metadata's ``unit_en`` when the row carries it."""
    unit = row.get("unit")
    unit = "" if _isnan(unit) else str(unit)
    if not is_plan_language(lang) and unit != "%":
        return column(row, "unit", lang, plan_words=False) or unit
    return unit


def _pace_unit(row, lang) -> str:
    t = TEXT[lang]
    unit = _unit(row, lang)
    return t["pp"] if unit == "%" else (punctuation(lang)["space"] + unit if unit else unit)


def fmt_pace(value, method: str, row=None, lang: str = "zh") -> str:
    """A pace as text: ``4.23%`` (CAGR, shortfall, growth; in % a year) or ``+0.568个百分点`` (linear)."""
    if _isnan(value):
        return "—"
    value = float(value)
    if method in ("cagr", "shortfall", "growth"):
        return f"{value:.2f}%"
    unit = _pace_unit(row if row is not None else {}, lang)
    return f"{value:+.3g}{unit}"


def fmt_target(row: pd.Series) -> str:
    """``≥97.5``, ``5±0.25`` (about), ``≤12.5``; the table's text for relational targets
    (:meth:`jzanalysis.plan.target.Target.cell`)."""
    return Target.from_row(row).cell()


def _colour_css(colours: dict, code) -> str:
    bg, fg = colours.get(code, ("#f3f3f3", "#555555"))
    return f"background-color: {bg}; color: {fg}; font-weight: bold"


def _with_table_text(assessment: pd.DataFrame, indicators: pd.DataFrame | None) -> pd.DataFrame:
    """The assessment with the table's ``target_text`` and ``unit_en`` (empty for prose targets)."""
    cols = [c for c in ("target_text", "unit_en") if indicators is not None and c in indicators]
    if not cols:
        return assessment.assign(target_text="", unit_en="")
    extra = indicators.drop_duplicates("id").set_index("id")[cols]
    return assessment.drop(columns=[c for c in cols if c in assessment]).join(extra, on="id")


# ------------------------------------------------------------------------------------------ tables
def status_frame(analysis, lang: str = "zh", source: str = "table") -> pd.DataFrame:
    """One display row per indicator: baseline, target, paces, projection, verdict (and monitoring status).

    ``source``: ``"table"`` (Table 1-1), ``"prose"`` (targets in the prose) or ``"all"``.
    Hidden code columns ``_feasibility`` and ``_status`` carry the codes for colouring.
    """
    t = TEXT[_lang(lang)]
    a = analysis.assessment
    a = {"table": table_rows, "prose": prose_rows, "all": lambda x: x}[source](a)
    a = _with_table_text(a, getattr(analysis, "indicators", None))
    monitored = "status" in a.columns and getattr(analysis, "actuals", None) is not None
    rows = []
    for _, r in a.iterrows():
        method = r.get("primary_pace")
        d = {
            t["seq"]: "" if _isnan(r.get("seq")) else int(r["seq"]),
            t["category"]: (_category_of_row(analysis, r, lang) if not is_plan_language(lang) and r.get("source") == TABLE_SOURCE
                            else str(r["category"]).split(" / ")[0]),
            t["name"]: _name_shown(r, lang),
            t["unit"]: _unit(r, lang),
            t["attribute"]: t.get(f"attribute.{r.get('attribute')}", "")
            if isinstance(r.get("attribute"), str) else "",
            t["baseline"]: _num(r.get("baseline_value")),
            t["target"]: fmt_target(r),
            t["required"]: fmt_pace(r.get("required_pace"), method, r, lang),
            t["reference"]: fmt_pace(r.get("reference_pace"), method, r, lang),
            t["projected"]: _num(r.get("projected")),
            t["verdict"]: verdict_label(r.get("feasibility"), lang),
        }
        if monitored:
            latest, ly, seen = r.get("latest_value"), r.get("latest_year"), r.get("observed")
            if _isnan(latest) or not (isinstance(seen, str) and seen.strip()):
                d[t["latest"]] = "—"  # no observed value (the plan's baseline is not news)
            else:
                when = "" if _isnan(ly) else punctuation(lang)["paren"](int(ly))
                d[t["latest"]] = f"{_num(latest)}{when}"
            d[t["status"]] = status_label(r, lang)
            d["_status"] = r.get("status")
        d["_feasibility"] = r.get("feasibility")
        rows.append(d)
    frame = pd.DataFrame(rows)
    if source != "table" and not frame.empty:
        frame = frame.drop(columns=[t["seq"], t["attribute"]])
    return frame


def _name_shown(r, lang: str) -> str:
    """The name in the table: the plan's (its language), or the translation with the plan's in brackets."""
    tr = column(r, "name", lang, plan_words=False)
    return r["name"] if is_plan_language(lang) or not tr else f"{tr}{punctuation(lang)['paren'](r['name'])}"


def _category_of_row(analysis, row, lang: str) -> str:
    """The category of one indicator row in ``lang`` (:func:`_category_shown`, by the row's id)."""
    return _category_shown(analysis, row["category"], lang, rows=lambda ind: ind["id"] == row["id"])


#: Short label columns kept on one line (class ``jz-nowrap``); other cells may wrap (``jz-wrap``).
NOWRAP_COLUMNS = {t[k] for t in TEXT.values() for k in ("seq", "attribute", "verdict", "severity", "baseline",
                                                        "projected", "before", "now")}


def _style(frame: pd.DataFrame, colour_cols: dict, caption: str | None = None):
    """A Styler without index, hidden code columns, colour-coded cells and the ``jz-table`` class.

    Cells of short columns get the class ``jz-nowrap`` (the PDF keeps them on one line).
    """
    codes = {c: frame[c] for c in frame.columns if c.startswith("_")}
    shown = frame.drop(columns=list(codes))
    styler = shown.style.format(escape="html").hide(axis="index").set_table_attributes('class="jz-table"')
    classes = pd.DataFrame({c: ["jz-nowrap" if c in NOWRAP_COLUMNS else "jz-wrap"] * len(shown)
                            for c in shown.columns}, index=shown.index)
    styler = styler.set_td_classes(classes)
    for col, (code_col, colours) in colour_cols.items():
        if col in shown.columns and code_col in codes:
            css = [_colour_css(colours, c) for c in codes[code_col]]
            styler = styler.apply(lambda s, css=css: css, subset=[col], axis=0)
    if caption:
        styler = styler.set_caption(html.escape(caption))
    return styler


def status_table(analysis, lang: str = "zh", source: str = "table", caption: str | None = None):
    """:func:`status_frame` as a pandas Styler with the verdict (and status) cells coloured."""
    t = TEXT[_lang(lang)]
    frame = status_frame(analysis, lang, source)
    return _style(frame, {t["verdict"]: ("_feasibility", FEASIBILITY_COLORS),
                          t["status"]: ("_status", STATUS_COLORS)}, caption)


def counts(analysis, by: str = "category", lang: str = "zh", column: str = "feasibility") -> pd.DataFrame:
    """Number of Table 1-1 indicators by ``category`` or ``attribute`` and verdict (or monitoring status).

    Columns follow the verdict order of :data:`jzanalysis.analysis.assess.FEASIBILITY`; a total row and column.
    """
    from jzanalysis.analysis.assess import FEASIBILITY

    t = TEXT[_lang(lang)]
    a = table_rows(analysis.assessment).copy()
    if by == "attribute":
        a["_by"] = a["attribute"].map(lambda x: t.get(f"attribute.{x}", ""))
        label = t["attribute"]
    elif by == "category":
        a["_by"] = a["category"]
        label = t["category"]
    else:
        raise ValueError("by must be 'category' or 'attribute'")
    if column == "feasibility":
        order = [v for v in FEASIBILITY if v in set(a["feasibility"])]
        a["_col"] = a["feasibility"]
        names = {v: verdict_label(v, lang) for v in order}
    elif column == "status":
        from jzanalysis.analysis.status import STATUSES

        order = [v for v in STATUSES if v in set(a["status"])]
        a["_col"] = a["status"]
        names = {v: status_name(v, lang) for v in order}
    else:
        raise ValueError("column must be 'feasibility' or 'status'")
    tab = pd.crosstab(pd.Categorical(a["_by"], categories=list(dict.fromkeys(a["_by"]))), a["_col"],
                      margins=True, margins_name=t["total"])
    tab = tab[[*order, t["total"]]].rename(columns=names)
    tab.index.name, tab.columns.name = label, None
    return tab.reset_index()


def changes_since(previous, analysis) -> pd.DataFrame | None:
    """Status changes since last year's assessment (:func:`jzanalysis.analysis.changes.what_changed`).

    ``None`` when there is nothing to compare: no actuals now, no previous file, or a previous file
    without monitoring (no ``status`` column: last year had no actuals).
    """
    if getattr(analysis, "actuals", None) is None:
        return None
    from jzanalysis.inputs.previous import read_previous

    prev = previous if isinstance(previous, pd.DataFrame) else read_previous(previous)
    if prev is None or "status" not in prev.columns:
        return None
    from jzanalysis.analysis.changes import what_changed

    return what_changed(prev, analysis.assessment)


def illustrative_banner(analysis, lang: str = "zh") -> str:
    """HTML banner when any actual value is illustrative (else an empty string)."""
    obs = getattr(analysis, "actuals", None)
    if obs is None or "illustrative" not in obs or not obs["illustrative"].astype(bool).any():
        return ""
    return (f'<div class="jz-illustrative" style="border:2px solid #b00020;color:#b00020;padding:6px 10px;'
            f'font-weight:bold;margin:8px 0">{html.escape(TEXT[lang]["illustrative"])}</div>')


def inputs_md(analysis, year: int, lang: str = "zh") -> str:
    """Which plan and actuals the notebook shows (a short Markdown paragraph)."""
    plan = getattr(analysis, "plan", "")
    act = getattr(analysis, "actuals_path", None)
    plan_name = md_text(getattr(plan, "name", plan))
    act_name = md_text(act.name) if act else ""
    from jzanalysis.i18n import t

    if act:
        return t("plots.inputs_md.actuals", lang, year=year, plan=plan_name, actuals=act_name, as_of=analysis.as_of)
    return t("plots.inputs_md.plan_only", lang, year=year, plan=plan_name)


def md_text(value) -> str:
    """An input-derived string made inert inside Markdown: HTML-escaped, Markdown punctuation escaped."""
    text = html.escape(str(value), quote=True)
    return "".join("\\" + c if c in "\\`*_[]{}()#+!|~" else c for c in text)


# -------------------------------------------------------------------------------------------- charts
def history_points(analysis, ident: str, _indexed: tuple | None = None) -> pd.DataFrame:
    """Past levels of an indicator from the plan's prose: columns ``year, value, estimated``.

    A ``level`` fact of a linked series gives a point as printed; a stated change over a period gives the
    start level ``x_2020 - change`` (estimated); two counts of the numerator of a per-capita indicator give
    ``x_2020 * count_start / count_2020`` (population held constant, as in the reference pace; estimated).
    The 2020 baseline itself is not repeated here.
    """
    from jzanalysis.analysis.facts import past_levels

    by_id, facts, series = _indexed or _index(analysis)
    row = by_id.loc[ident]
    if isinstance(row, pd.DataFrame):
        row = row.iloc[0]
    past = past_levels(facts, series, ident, row.get("baseline_value"), words.row_years(row)[0])
    frame = pd.DataFrame([(p.year, p.value, p.estimated) for p in past], columns=["year", "value", "estimated"])
    return frame.drop_duplicates("year").sort_values("year").reset_index(drop=True)


def projection_path(row: pd.Series) -> pd.DataFrame:
    """Yearly path from the 2020 baseline to the 2025 projection at the reference pace (by the primary
    pace method: geometric for CAGR, straight for linear, geometric in the gap to 100 for shortfall)."""
    from jzanalysis.analysis import pace

    x0, proj = row.get("baseline_value"), row.get("projected")
    if _isnan(x0) or _isnan(proj):
        return pd.DataFrame(columns=["year", "value"])
    y0, y1 = words.row_years(row)
    n = y1 - y0
    method = row.get("primary_pace")
    if method not in ("cagr", "linear", "shortfall"):
        method = "linear"
    rate = pace.pace(method, float(x0), float(proj), n)
    if _isnan(rate):
        method, rate = "linear", pace.annual_change(float(x0), float(proj), n)
    return pd.DataFrame({"year": list(range(y0, y1 + 1)),
                         "value": [pace.project(method, float(x0), rate, k) for k in range(n + 1)]})


def _target_zone(row):
    """(low, high) of the region that meets the target, ``None`` for open ends; None if no target
    (:attr:`jzanalysis.plan.target.Target.zone`)."""
    return Target.from_row(row).zone


def _index(analysis) -> tuple:
    """What :func:`history_points` looks an indicator up in: the assessment by id, the facts, the series."""
    from jzanalysis.plan.series import series_for

    return analysis.assessment.set_index("id"), analysis.facts, series_for(getattr(analysis, "config", None))


def point_count(analysis, ident: str, _indexed: tuple | None = None) -> int:
    """Data points of an indicator: past levels in the prose, the 2020 baseline and observed actual values."""
    _indexed = _indexed or _index(analysis)
    row = _indexed[0].loc[ident]
    if isinstance(row, pd.DataFrame):
        row = row.iloc[0]
    n = len(history_points(analysis, ident, _indexed)) + (0 if _isnan(row.get("baseline_value")) else 1)
    actuals = getattr(analysis, "actuals", None)
    if actuals is not None and len(actuals):
        n += int((actuals["id"] == ident).sum())
    return n


def chart_ids(analysis) -> list[str]:
    """Table 1-1 indicators worth a chart: at least two data points (history, baseline, actuals)."""
    from jzanalysis.analysis.facts import index_facts

    by_id, facts, series = _index(analysis)  # looked up once for all indicators
    indexed = (by_id, index_facts(facts), series)
    return [i for i in table_rows(analysis.assessment)["id"] if point_count(analysis, i, indexed) >= 2]


#: Key of the per-category chart (the other charts' keys are indicator ids).
CATEGORY_CHART = "__categories__"


def chart_keys(analysis, category: str = "") -> list[str]:
    """The charts of the chart notebook, in its order: the per-category chart (all categories only),
    then one per charted indicator, category by category in table order."""
    rows = table_rows(analysis.assessment)
    charted = set(chart_ids(analysis))
    keys = [] if category else [CATEGORY_CHART]
    for cat in select_categories(analysis, category):
        keys += [i for i in rows[rows["category"] == cat]["id"] if i in charted]
    return keys


def is_final(analysis) -> bool:
    """A final evaluation: actuals given and the year at or after the plan's target year."""
    return words.kind_of(analysis) == "final"
