"""Charts and display tables for the notebooks and the report (Chinese first, English on request).

Notebooks hold no logic of their own: every table, text block and chart they show comes from here.
Table helpers need only pandas (and jinja2 for the Styler); chart helpers import matplotlib inside the
function, so ``import jzanalysis.publish.plots`` is cheap and ``import jzanalysis`` never loads matplotlib.

Units of paces (the assessment's contract): CAGR, shortfall and growth paces in % a year, linear paces in
the indicator's unit a year.
"""

from __future__ import annotations

import functools
import html
import math

import pandas as pd

from jzanalysis.fmt import OPERATOR_SIGNS
from jzanalysis.fmt import missing as _isnan
from jzanalysis.i18n import plan_words
from jzanalysis.plan.target import Target

LANGS = ("zh", "en")
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
#: Verdict colour and marker shape of the category chart (matplotlib here, SVG in
#: :mod:`jzanalysis.publish.svgchart`): the Okabe-Ito colours, each paired with a shape so that colour is
#: never the only cue.
VERDICT_MARKERS = {
    "met_at_baseline": ("#0072B2", "diamond"), "reachable": ("#009E73", "circle"),
    "stretch": ("#E69F00", "triangle"), "unreachable": ("#D55E00", "cross"),
    "no_reference": ("#7B5EA7", "thin_diamond"), "qualitative": ("#4C9A2A", "plus"),
    "not_assessable": ("#777777", "square"),
}
#: The shapes as matplotlib markers.
MPL_MARKERS = {"diamond": "D", "circle": "o", "triangle": "^", "cross": "X", "thin_diamond": "d", "plus": "P",
               "square": "s"}
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
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    return lang


def _num(x, digits: int = 4) -> str:
    from jzanalysis.fmt import num

    return "—" if _isnan(x) else num(float(x), digits)


# ---------------------------------------------------------------------------------------------- setup
#: Resolution of the chart PNGs (notebook, HTML and PDF).
DPI = 110


def setup(lang: str = "zh", seaborn: bool = False) -> str:
    """Fonts (Noto Sans CJK SC), a white-grid style and pandas display options for a notebook.

    The style is matplotlib's copy of seaborn's ``whitegrid``; ``seaborn=True`` runs
    ``seaborn.set_theme`` instead (with ``font=``, see :func:`jzanalysis.publish.fonts.setup_seaborn`), for
    researchers who draw with seaborn (it costs about 0.7 s of import per kernel). Returns the font family.
    """
    import matplotlib
    import matplotlib.style

    from jzanalysis.publish import fonts

    _lang(lang)
    if seaborn:
        family = fonts.setup_seaborn(style="whitegrid", context="notebook")
    else:
        matplotlib.style.use("seaborn-v0_8-whitegrid")
        family = fonts.setup_matplotlib()
    matplotlib.rcParams["figure.dpi"] = DPI
    pd.set_option("display.max_rows", 200)
    pd.set_option("display.max_columns", 40)
    pd.set_option("display.max_colwidth", 200)
    return family


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


def category_title(analysis, category: str, lang: str = "zh") -> str:
    """``幼有所育`` (zh) or ``Early childhood (幼有所育)`` (en)."""
    if _lang(lang) == "zh":
        return category
    ind = getattr(analysis, "indicators", None)
    if ind is not None and "category_en" in ind:
        hit = ind.loc[ind["category"] == category, "category_en"]
        if len(hit) and hit.iloc[0]:
            return f"{hit.iloc[0]} ({category})"
    return category


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
    if lang == "zh" and isinstance(review, str) and review and review not in (label, "无法评估"):
        return f"{label}（{review}）"
    return label


def _unit(row, lang: str = "zh") -> str:
    """The row's unit; in English the metadata's ``unit_en`` when the row carries it."""
    unit = row.get("unit")
    unit = "" if _isnan(unit) else str(unit)
    if lang == "en":
        en = row.get("unit_en")
        if isinstance(en, str) and en and unit != "%":
            return en
    return unit


def _pace_unit(row, lang) -> str:
    t = TEXT[lang]
    unit = _unit(row, lang)
    return t["pp"] if unit == "%" else (" " + unit if lang == "en" and unit else unit)


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
            t["category"]: (_category_en(analysis, r) if lang == "en" and r.get("source") == TABLE_SOURCE
                            else str(r["category"]).split(" / ")[0]),
            t["name"]: r["name"] if lang == "zh" or not isinstance(r.get("name_en"), str) or not r["name_en"]
            else f"{r['name_en']} ({r['name']})",
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
                when = "" if _isnan(ly) else (f"（{int(ly)}）" if lang == "zh" else f" ({int(ly)})")
                d[t["latest"]] = f"{_num(latest)}{when}"
            d[t["status"]] = status_label(r, lang)
            d["_status"] = r.get("status")
        d["_feasibility"] = r.get("feasibility")
        rows.append(d)
    frame = pd.DataFrame(rows)
    if source != "table" and not frame.empty:
        frame = frame.drop(columns=[t["seq"], t["attribute"]])
    return frame


def _category_en(analysis, row) -> str:
    ind = getattr(analysis, "indicators", None)
    if ind is not None and "category_en" in ind:
        hit = ind.loc[ind["id"] == row["id"], "category_en"]
        if len(hit) and hit.iloc[0]:
            return f"{hit.iloc[0]} ({row['category']})"
    return row["category"]


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
    """Status changes since last year's assessment (:func:`jzanalysis.analysis.status.what_changed`).

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
    if lang == "zh":
        return (f"报告年份：**{year}**；规划文本：{plan_name}；"
                f"实际值：{f'{act_name}（截至{analysis.as_of}年）' if act else '无（仅规划期评估）'}。")
    return (f"Report year **{year}**; plan text {plan_name}; actuals: "
            f"{f'{act_name} (up to {analysis.as_of})' if act else 'none (plan-time assessment only)'}.")


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
    past = past_levels(facts, series, ident, row.get("baseline_value"), int(row.get("baseline_year") or 2020))
    frame = pd.DataFrame([(p.year, p.value, p.estimated) for p in past], columns=["year", "value", "estimated"])
    return frame.drop_duplicates("year").sort_values("year").reset_index(drop=True)


def projection_path(row: pd.Series) -> pd.DataFrame:
    """Yearly path from the 2020 baseline to the 2025 projection at the reference pace (by the primary
    pace method: geometric for CAGR, straight for linear, geometric in the gap to 100 for shortfall)."""
    from jzanalysis.analysis import pace

    x0, proj = row.get("baseline_value"), row.get("projected")
    if _isnan(x0) or _isnan(proj):
        return pd.DataFrame(columns=["year", "value"])
    y0, y1 = int(row.get("baseline_year") or 2020), int(row.get("target_year") or 2025)
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


#: Legend text of the indicator charts (points): a 5-inch chart shown about 360 px wide on a 390-px phone
#: gives 10 pt x 360/(5 x 72) = 10 px (at least 9 px), see :func:`indicator_chart`.
LEGEND_PT = 10


def indicator_chart(analysis, ident: str, lang: str = "zh", ax=None, figsize=(5.0, 3.6)):
    """Chart of one indicator: history, 2020 baseline, projection to 2025 at the reference pace, the target
    and its zone (band or ceiling/floor, shaded); with actuals: observed values, the linear schedule path
    from baseline to target and the projection range at the actual pace. Returns the Figure."""
    import matplotlib.pyplot as plt

    t = TEXT[_lang(lang)]
    a = analysis.assessment.set_index("id")
    row = a.loc[ident]
    if isinstance(row, pd.DataFrame):
        row = row.iloc[0]
    row = row.copy()
    row["id"] = ident
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
        # a fixed layout with the legend under the plot: faster than constrained/tight layout. 5 inches wide
        # so that a phone (the image about 360 px wide: 72 px an inch) shows the legend text at 10 px;
        # printed 12.7 cm wide in the PDF, at its own size
        fig.subplots_adjust(left=0.12, right=0.97, top=0.91, bottom=0.38)
    else:
        fig = ax.figure
    y0, y1 = int(row.get("baseline_year") or 2020), int(row.get("target_year") or 2025)
    x0, tau = row.get("baseline_value"), row.get("target_value")
    values = []

    hist = history_points(analysis, ident)
    if len(hist):
        est = hist["estimated"].astype(bool)
        ax.plot(hist["year"], hist["value"], "o", color="#555555", mfc="white", mew=1.5,
                label=t["history"] + (t["estimated"] if est.all() else ""), zorder=4)
        if (~est).any():
            ax.plot(hist["year"][~est], hist["value"][~est], "o", color="#555555", zorder=4)
        values += hist["value"].tolist()
        if not _isnan(x0):
            ax.plot([hist["year"].iloc[-1], y0], [hist["value"].iloc[-1], x0], ":", color="#888888", lw=1)
    if not _isnan(x0):
        ax.plot([y0], [x0], "s", color="#1f4e79", ms=7, label=t["baseline_pt"], zorder=5)
        values.append(float(x0))
    path = projection_path(row)
    if len(path):
        ax.plot(path["year"], path["value"], "--", color="#1f77b4", lw=1.6, label=t["projection"])
        values += path["value"].tolist()

    zone = _target_zone(row)
    if zone is not None:
        ax.axhline(float(tau), color="#c0392b", lw=1.4, label=f"{t['target_line']} {fmt_target(row)}")
        values.append(float(tau))
    obs = None
    actuals = getattr(analysis, "actuals", None)
    if actuals is not None and len(actuals):
        obs = actuals[actuals["id"] == ident].sort_values("year")
    if obs is not None and len(obs):
        if not _isnan(x0) and not _isnan(tau) and zone is not None:
            ax.plot([y0, y1], [x0, tau], "-", color="#7f7f7f", lw=1, alpha=0.8, label=t["schedule"])
        ax.plot(obs["year"], obs["value"], "o-", color="#e67e22", lw=1.6, ms=6, label=t["observed"], zorder=6)
        values += obs["value"].astype(float).tolist()
        ly, lv = int(obs["year"].iloc[-1]), float(obs["value"].iloc[-1])
        lo, hi, pa = (row.get(c) for c in ("projection_low", "projection_high", "projected_actual"))
        if not _isnan(lo) and not _isnan(hi) and ly < y1:
            ax.fill_between([ly, y1], [lv, float(lo)], [lv, float(hi)], color="#e67e22", alpha=0.18,
                            label=t["proj_band"])
            values += [float(lo), float(hi)]
        if not _isnan(pa) and ly < y1:
            ax.plot([ly, y1], [lv, float(pa)], ":", color="#e67e22", lw=1.4, label=t["proj_actual"])
            values.append(float(pa))
    if row.get("primary_pace") == "growth" and not _isnan(row.get("reference_pace")):
        ax.axhline(float(row["reference_pace"]), color="#1f77b4", ls="--", lw=1.2,
                   label=f"{t['ref_pace']} {float(row['reference_pace']):.2f}%")
        values.append(float(row["reference_pace"]))

    # axes limits and the shaded target zone
    if values:
        lo_v, hi_v = min(values), max(values)
        if row.get("unit") == "%" and row.get("kind") == "share":
            ax.set_ylim(0, 100)  # a share on its whole scale: 97.1 vs 97.5 does not fill the height
        elif lo_v >= 0:
            ax.set_ylim(0, hi_v * 1.12 or 1.0)  # levels from zero: no exaggerated slopes
        else:
            pad = (hi_v - lo_v) * 0.15 or abs(hi_v) * 0.1 or 1.0
            ax.set_ylim(lo_v - pad, hi_v + pad)
    xmin = min([y0 - 1, *hist["year"].tolist()]) - 0.5 if len(hist) else y0 - 0.5
    ax.set_xlim(xmin, y1 + 0.5)
    if zone is not None:
        bottom, top = ax.get_ylim()
        zlo = bottom if zone[0] is None else zone[0]
        zhi = top if zone[1] is None else zone[1]
        ax.axhspan(zlo, zhi, color="#2ecc71", alpha=0.12, lw=0, label=t["target_zone"])
        ax.set_ylim(bottom, top)
    if _isnan(x0) and not (obs is not None and len(obs)):
        ax.text(0.02, 0.92, t["no_baseline"], transform=ax.transAxes, fontsize=9, color="#777777", va="top")
    ax.set_xticks(range(int(math.ceil(xmin)), y1 + 1))
    ax.tick_params(axis="both", labelsize=8)
    name = row["name"] if lang == "zh" else (row.get("name_en") or row["name"])
    unit = row.get("unit") or ""
    if unit:
        name = f"{name}（{unit}）" if lang == "zh" else f"{name} ({unit})"
    ax.set_title(name, fontsize=10, loc="left")
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=LEGEND_PT, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, frameon=False,
                  borderaxespad=0, handlelength=1.6, columnspacing=1.0, labelspacing=0.3)
    return fig


def figure_png(fig, dpi: int = DPI) -> bytes:
    """The figure as PNG bytes, drawn once at its own layout (no tight-bbox second pass)."""
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def show_figure(fig, alt: str | None = None, key: str | None = None) -> None:
    """Display a figure in a notebook now (between other outputs) as PNG and close it (no second copy).

    ``alt`` (default: the first axes' title) is stored as the image's alternative text; ``key`` (an
    indicator id, or ``__categories__``) as ``jz_chart``, so the report finds the chart by its key.
    """
    import matplotlib.pyplot as plt
    from IPython.display import Image, display

    if alt is None:
        axes = fig.get_axes()
        alt = (axes[0].get_title(loc="left") or axes[0].get_title()) if axes else ""
    png = figure_png(fig)
    plt.close(fig)
    meta = {"image/png": {"alt": alt or "chart"}}
    if key:
        meta["jz_chart"] = str(key)
    display(Image(data=png, format="png"), metadata=meta)


def show_indicator_chart(analysis, ident: str, lang: str = "zh") -> None:
    """Draw :func:`indicator_chart`, display it (in a notebook, tagged with the id) and close the figure."""
    show_figure(indicator_chart(analysis, ident, lang), key=ident)


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
    from jzanalysis.publish import briefing

    return briefing.report_kind(getattr(analysis, "as_of", None), getattr(analysis, "actuals", None) is not None) \
        == "final"


def category_chart(analysis, lang: str = "zh", cap: float = 100.0):
    """One compact dot plot: each Table 1-1 target as its change from the 2020 baseline (%), by category.

    Rows are grouped by category; the marker pairs the verdict colour with its symbol shape. Changes beyond
    ``±cap`` % are drawn at the edge and labelled with their value (a marked break, not a stretched axis).
    """
    import matplotlib.pyplot as plt

    from jzanalysis.publish import briefing

    rows = table_rows(analysis.assessment)
    rows = rows[rows["baseline_value"].notna() & rows["target_value"].notna()
                & (rows["target_op"] != "relational") & (rows["baseline_value"] != 0)]
    shapes = {code: MPL_MARKERS[shape] for code, (_, shape) in VERDICT_MARKERS.items()}
    colours = {code: colour for code, (colour, _) in VERDICT_MARKERS.items()}
    n = len(rows)
    height = 0.22 * n + 1.0
    fig, ax = plt.subplots(figsize=(6.3, height))  # printed at its own size: 8 pt stays 8 pt
    fig.subplots_adjust(left=0.45, right=0.97, top=1 - 0.3 / height, bottom=0.55 / height)
    labels, seen = [], set()
    for k, (_, r) in enumerate(rows.iterrows()):
        y = n - 1 - k
        change = (float(r["target_value"]) / float(r["baseline_value"]) - 1) * 100
        shown = max(-cap, min(cap, change))
        code = r.get("feasibility") if r.get("feasibility") in shapes else "not_assessable"
        ax.plot([0, shown], [y, y], "-", color="#999999", lw=1, zorder=1)
        lab = briefing.verdict(code, lang)["label"]
        ax.plot([shown], [y], shapes[code], color=colours[code], ms=6.5, zorder=3,
                label=lab if code not in seen else None)
        seen.add(code)
        if shown != change:
            ax.annotate(f"{change:+.0f}%", (shown, y), xytext=(-4, 4), textcoords="offset points", fontsize=8,
                        ha="right", color="#333333")
        name = r["name"] if lang == "zh" else (r.get("name_en") or r["name"])
        labels.append(str(name)[:22] + ("…" if len(str(name)) > 22 else ""))
    ax.set_yticks(range(n - 1, -1, -1))
    ax.set_yticklabels(labels, fontsize=8)
    ax.axvline(0, color="#333333", lw=0.8)
    ax.set_xlim(-cap * 0.3, cap * 1.05)
    base = plan_words(lang)["plan_base"]  # the plan's base year (plan.yaml)
    ax.set_xlabel(f"目标较{base}年基期的变化（%）" if lang == "zh" else f"target against the {base} baseline (%)", fontsize=8)
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="y", visible=False)
    # 6.3 inches shown 370 px wide on a phone (59 px an inch): 11 pt is 9 px
    ax.legend(fontsize=11, loc="lower right", frameon=True)
    return fig


def verdict_chart(analysis, lang: str = "zh", figsize=(7.5, 3.6)):
    """Stacked horizontal bars: Table 1-1 indicators per category by verdict, in the verdict colours."""
    import matplotlib.pyplot as plt

    tab = counts(analysis, "category", lang)
    t = TEXT[lang]
    tab = tab[tab[t["category"]] != t["total"]].set_index(t["category"]).drop(columns=[t["total"]])
    codes = {verdict_label(k, lang): k for k in FEASIBILITY_COLORS}
    fig, ax = plt.subplots(figsize=figsize)
    fig.subplots_adjust(left=0.13, right=0.8, top=0.9, bottom=0.14)
    ax.set_title("各类别指标评估结论" if lang == "zh" else "Verdicts by category", loc="left", fontsize=11)
    left = pd.Series(0, index=tab.index)
    for col in tab.columns:
        ax.barh(tab.index[::-1], tab[col][::-1], left=left[::-1], label=col,
                color=FEASIBILITY_COLORS.get(codes.get(col), ("#cccccc",))[0], edgecolor="white")
        left = left + tab[col]
    ax.set_xlabel("指标数" if lang == "zh" else "indicators")
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    ax.grid(axis="y", visible=False)
    return fig
