"""The charts, as SVG text written by hand: the one chart renderer of the project (the pages, the PDF, the
chart notebook and researchers in JupyterLab all show these). No matplotlib: its import costs ~0.6 s and
every ``savefig`` ~0.17 s; a chart built here costs milliseconds.

:func:`indicator_svg` draws one indicator, :func:`category_svg` every target against its baseline, from the
data helpers of :mod:`jzanalysis.publish.plots` (:func:`~jzanalysis.publish.plots.history_points`,
:func:`~jzanalysis.publish.plots.projection_path`, ``_target_zone``, :func:`~jzanalysis.publish.plots.fmt_target`)
and with its words (``plots.*``, :data:`jzanalysis.publish.plots.TEXT`). :func:`chart_svgs` gives every chart
of a report, in the order of :func:`jzanalysis.publish.plots.chart_keys`. In a notebook, :func:`show`,
:func:`show_indicator` and :func:`show_categories` display one (``image/svg+xml``, the text as written).

Each SVG

* has a ``viewBox`` :data:`WIDTH` user units wide and ``width="100%"``: it scales to its box (a 390-px phone
  shows it about 360 px wide: text of :data:`FONT` = 13 units is 13 x 360 / 500 = 9.4 px there);
* is an image with a name: ``role="img"``, ``aria-labelledby`` and a ``<title>`` (the chart's title, also
  its alternative text);
* writes its words as ``<text>`` in :data:`jzanalysis.publish.fonts.CSS_STACK` (browsers, and Typst, find
  Noto Sans CJK SC in it), every string from the plan or the actuals XML-escaped;
* is deterministic (ids derived from the indicator id), refers to nothing outside itself (only ``#`` ids
  of its own), and rounds coordinates to 2 decimals.

Elements carry classes (``jz-frame``, ``jz-observed``, ``jz-baseline`` ...) and the data they show
(``data-year``, ``data-value``), for tests and for styling.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr

import pandas as pd

from jzanalysis.fmt import exact, missing, num, plain
from jzanalysis.i18n import column, is_plan_language, punctuation
from jzanalysis.publish import plots, words
from jzanalysis.publish.fonts import CSS_STACK
from jzanalysis.publish.plots import VERDICT_MARKERS  # the verdicts' colours and shapes

#: Width of every chart in user units (the viewBox).
WIDTH = 500
#: Font size of tick labels, legend and notes (user units): >= 13 keeps them >= 9 px on a phone.
FONT = 13
#: Font size of the visible title.
TITLE_FONT = 15
#: Height of the plot area of an indicator chart.
PLOT_HEIGHT = 220
#: Outer margin.
PAD = 8
#: Widest names' column of the category chart (user units; longer names wrap, up to 3 lines).
LABEL_MAX = 230
#: Length of a legend key (the line or marker sample) and the gap after it.
KEY_W, KEY_GAP = 24, 6
#: Height of a legend row.
LEGEND_ROW = 19

# colours of the indicator chart
C_HISTORY, C_CONNECT, C_BASE, C_PROJ = "#555555", "#888888", "#1f4e79", "#1f77b4"
C_TARGET, C_ZONE, C_SCHEDULE, C_OBS = "#c0392b", "#2ecc71", "#7f7f7f", "#e67e22"
C_GRID, C_FRAME, C_TEXT, C_NOTE = "#e3e3e3", "#cccccc", "#333333", "#777777"

# --------------------------------------------------------------------------------------------- text
def esc(text) -> str:
    """``text`` safe as XML character data."""
    return _escape(str(text))


def attr(text) -> str:
    """``text`` as a quoted XML attribute value (quotes and ``&<>`` escaped)."""
    return quoteattr(str(text))


def f(x: float) -> str:
    """A coordinate to 2 decimals, without trailing zeros: ``12.5``, ``300``, ``-0.25``."""
    text = f"{float(x):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


#: Advance widths (1/1000 em) of the printable ASCII characters, space to ``~``, in Noto Sans CJK SC (read
#: once from the font's ``hmtx`` table with fontTools; other characters: 1 em when wide, else 0.7 em).
ASCII_WIDTHS = (
    224, 323, 474, 555, 555, 921, 680, 278, 338, 338, 467, 555, 278, 347, 278, 392, 555, 555, 555, 555, 555, 555,
    555, 555, 555, 555, 278, 278, 555, 555, 555, 474, 946, 608, 657, 638, 688, 589, 552, 689, 728, 293, 535, 646,
    543, 812, 723, 742, 633, 742, 635, 596, 599, 721, 575, 878, 573, 531, 603, 338, 392, 338, 555, 559, 606, 563,
    618, 510, 620, 554, 325, 564, 607, 275, 275, 552, 284, 926, 610, 606, 620, 620, 388, 468, 377, 607, 521, 802,
    498, 521, 475, 338, 270, 338, 555)


def text_width(text: str, size: float) -> float:
    """Advance width of ``text`` at font size ``size`` in Noto Sans CJK SC, plus 3 % (a fallback font may be
    a little wider): ``text_width("2020", 13)`` = 4 x 0.555 x 13 x 1.03 = 29.72."""
    return size * 1.03 * sum(_em(c) for c in str(text))


def _em(c: str) -> float:
    if " " <= c <= "~":
        return ASCII_WIDTHS[ord(c) - 32] / 1000
    return 1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.7


def wrap(text: str, width: float, size: float) -> list[str]:
    """``text`` in lines of at most ``width`` units (at the last space when there is one, else anywhere)."""
    lines, line = [], ""
    for c in str(text):
        if line and text_width(line + c, size) > width:
            cut = line.rfind(" ")
            if cut > 0 and c != " ":
                lines.append(line[:cut])
                line = line[cut + 1:]
            else:
                lines.append(line.rstrip())
                line = ""
            if c == " " and not line:
                continue
        line += c
    if line or not lines:
        lines.append(line)
    return lines


def tick_label(x: float, lang: str = "zh") -> str:
    """A tick number as the plan writes it (:func:`jzanalysis.fmt.num`: ``48,000``, ``2.5``), never ``1e-05``."""
    x = 0.0 if abs(x) < 1e-12 else x
    text = num(x)
    if "e" in text:
        return exact(x)  # 1e-05 -> 0.00001
    return plain(x, lang) if not is_plan_language(lang) and "亿" in text else text


def nice_ticks(lo: float, hi: float, most: int = 7) -> list[float]:
    """Tick values between ``lo`` and ``hi`` (both included when they fall on a step): steps of 1, 2 or 5
    x 10^k, the smallest that gives at most ``most`` intervals. ``nice_ticks(0, 88.36)`` -> 0, 20, ..., 80."""
    span = hi - lo
    if not span > 0 or not math.isfinite(span):
        return [lo]
    mag = 10 ** math.floor(math.log10(span / most))
    step = next(m * mag for m in (1, 2, 5, 10, 20) if span / (m * mag) <= most + 1e-9)
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    return [round(k * step, 10) for k in range(first, last + 1)]


def _dom_id(key: str) -> str:
    """An XML id from a chart key: ``jz-`` + the key's letters, digits, ``_`` and ``-`` (+ a short hash of
    the key when anything else had to go, so two keys never share an id)."""
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", str(key))
    if safe != str(key) or not safe:
        safe += "-" + hashlib.sha1(str(key).encode("utf-8")).hexdigest()[:8]
    return "jz-" + safe


def _open(key: str, height: float, title: str) -> tuple[list[str], str]:
    """The opening of an SVG (its name, the font, a white ground) and its id prefix."""
    ident = _dom_id(key)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {f(height)}" width="100%" '
        f'role="img" aria-labelledby="{ident}-title" font-family={attr(CSS_STACK)} font-size="{FONT}" '
        f'class="jz-chart" id="{ident}">',
        f'<title id="{ident}-title">{esc(title)}</title>',
        f'<rect class="jz-ground" x="0" y="0" width="{WIDTH}" height="{f(height)}" fill="#ffffff"/>',
    ]
    return parts, ident


def _text(x, y, text, cls, anchor="start", size=FONT, fill=C_TEXT, extra="") -> str:
    return (f'<text class="{cls}" x="{f(x)}" y="{f(y)}" font-size="{size}" fill="{fill}"'
            + ("" if anchor == "start" else f' text-anchor="{anchor}"') + f'{extra}>{esc(text)}</text>')


# ---------------------------------------------------------------------------------------- markers
def _marker(shape: str, x: float, y: float, colour: str, r: float = 4.5, hollow: bool = False,
            cls: str = "", data: str = "") -> str:
    """A marker centred on (x, y): circle, square, diamond, thin_diamond, triangle, cross or plus."""
    fill = "#ffffff" if hollow else colour
    stroke = f' stroke="{colour}" stroke-width="1.5"' if hollow else ""
    head = f'class="{cls}"{data} fill="{fill}"{stroke}'
    if shape == "circle":
        return f'<circle {head} cx="{f(x)}" cy="{f(y)}" r="{f(r)}"/>'
    if shape == "square":
        return f'<rect {head} x="{f(x - r)}" y="{f(y - r)}" width="{f(2 * r)}" height="{f(2 * r)}"/>'
    if shape in ("diamond", "thin_diamond"):
        w = r * (0.75 if shape == "thin_diamond" else 1.2)
        h = r * 1.25
        pts = [(x, y - h), (x + w, y), (x, y + h), (x - w, y)]
    elif shape == "triangle":
        pts = [(x, y - r * 1.2), (x + r * 1.15, y + r * 0.8), (x - r * 1.15, y + r * 0.8)]
    elif shape in ("cross", "plus"):
        a, b = r, r * 0.38  # arm half-length and half-width
        arm = [(-b, -a), (b, -a), (b, -b), (a, -b), (a, b), (b, b), (b, a), (-b, a), (-b, b), (-a, b),
               (-a, -b), (-b, -b)]
        if shape == "cross":  # the plus turned by 45 degrees
            c = math.sqrt(0.5)
            arm = [((u - v) * c, (u + v) * c) for u, v in arm]
        pts = [(x + u, y + v) for u, v in arm]
    else:
        raise ValueError(f"unknown marker shape {shape!r}")
    return f'<polygon {head} points="{" ".join(f"{f(u)},{f(v)}" for u, v in pts)}"/>'


def _line(x1, y1, x2, y2, colour, width=1.0, dash="", cls="", opacity=None) -> str:
    return (f'<line class="{cls}" x1="{f(x1)}" y1="{f(y1)}" x2="{f(x2)}" y2="{f(y2)}" stroke="{colour}" '
            f'stroke-width="{width}"' + (f' stroke-dasharray="{dash}"' if dash else "")
            + (f' stroke-opacity="{opacity}"' if opacity is not None else "") + "/>")


def _polyline(points, colour, width, dash="", cls="") -> str:
    return (f'<polyline class="{cls}" fill="none" stroke="{colour}" stroke-width="{width}"'
            + (f' stroke-dasharray="{dash}"' if dash else "")
            + f' points="{" ".join(f"{f(x)},{f(y)}" for x, y in points)}"/>')


# legend keys: (kind, colour, dash, marker shape, hollow, opacity)
DASHED, DOTTED, LOOSE_DOTS = "6 3", "1.5 2", "1.5 2.5"


def _legend(entries: list[tuple[str, dict]], top: float, left: float = PAD,
            width: float = WIDTH - 2 * PAD) -> tuple[list[str], float]:
    """A legend of ``(label, key)`` entries from ``top``: 2 columns filled column by column (the
    first half of the entries on the left), or one when a label would not fit its column. Returns (parts, height)."""
    if not entries:
        return [], 0.0
    col_w = width / 2
    two = all(KEY_W + KEY_GAP + text_width(label, FONT) <= col_w - 6 for label, _ in entries)
    ncol = 2 if two and len(entries) > 1 else 1
    per_col = math.ceil(len(entries) / ncol)
    parts = ['<g class="jz-legend">']
    for k, (label, key) in enumerate(entries):
        col, row = divmod(k, per_col)
        x = left + col * col_w
        yc = top + row * LEGEND_ROW + LEGEND_ROW / 2
        kind = key["kind"]
        if kind == "patch":
            parts.append(f'<rect class="jz-key" x="{f(x + 2)}" y="{f(yc - 5)}" width="{KEY_W - 4}" height="10" '
                         f'fill="{key["colour"]}" fill-opacity="{key.get("opacity", 1)}"/>')
        if kind in ("line", "line+marker"):
            parts.append(_line(x, yc, x + KEY_W, yc, key["colour"], key.get("width", 1.5), key.get("dash", ""),
                               "jz-key", key.get("opacity")))
        if kind in ("marker", "line+marker"):
            parts.append(_marker(key.get("shape", "circle"), x + KEY_W / 2, yc, key["colour"], key.get("r", 4.5),
                                 key.get("hollow", False), "jz-key"))
        parts.append(_text(x + KEY_W + KEY_GAP, yc + FONT * 0.36, label, "jz-legend-text"))
    parts.append("</g>")
    return parts, per_col * LEGEND_ROW


# --------------------------------------------------------------------------------- indicator chart
def _row(analysis, ident: str) -> pd.Series:
    """The assessment row of indicator ``ident`` (the first one; found by position: no copy of the frame)."""
    a = analysis.assessment
    hits = (a["id"].to_numpy() == ident).nonzero()[0]
    if not len(hits):
        raise KeyError(f"no indicator {ident!r} in the assessment")
    return a.iloc[int(hits[0])].copy()


def _observed(analysis, ident: str) -> list[tuple[int, float]]:
    """The actual values of ``ident`` as ``(year, value)`` in year order (none without actuals)."""
    actuals = getattr(analysis, "actuals", None)
    if actuals is None or not len(actuals):
        return []
    hit = actuals["id"].to_numpy() == ident
    return sorted((int(y), float(v)) for y, v in zip(actuals["year"].to_numpy()[hit], actuals["value"].to_numpy()[hit]))


def _name(row, lang: str) -> str:
    """The indicator's name (in another language than the plan's, the metadata's ``name_en`` ... when there
    is one: :func:`jzanalysis.i18n.column`)."""
    return str(row["name"]) if is_plan_language(lang) else str(column(row, "name", lang) or row["name"])


def chart_title(row, lang: str = "zh", analysis=None) -> str:
    """``name（unit）`` (zh) or ``name (unit)`` (en, with the metadata's ``unit_en`` from
    ``analysis.indicators`` when there is one, as the tables write it): the title and alternative text of an
    indicator chart."""
    name = _name(row, lang)
    ind = getattr(analysis, "indicators", None)
    if not is_plan_language(lang) and ind is not None and "unit_en" in ind and "unit_en" not in row:
        hit = (ind["id"].to_numpy() == row["id"]).nonzero()[0]
        if len(hit):
            row = {**row.to_dict(), "unit_en": ind["unit_en"].iloc[int(hit[0])]}
    unit = plots._unit(row, lang)
    if unit:
        name = name + punctuation(lang)["paren"](unit)
    return name


def y_limits(row, values: list[float]) -> tuple[float, float]:
    """The y axis of :func:`indicator_svg`: a % share on 0-100, levels (all values >= 0) from 0 to
    112 % of the highest value, else the values' range padded by 15 %."""
    if not values:
        return 0.0, 1.0
    lo_v, hi_v = min(values), max(values)
    if row.get("unit") == "%" and row.get("kind") == "share":
        return 0.0, 100.0
    if lo_v >= 0:
        return 0.0, (hi_v * 1.12) or 1.0
    pad = (hi_v - lo_v) * 0.15 or abs(hi_v) * 0.1 or 1.0
    return lo_v - pad, hi_v + pad


def _indicator_marks(analysis, ident: str, row, t: dict) -> dict:
    """What :func:`indicator_svg` draws, in data units and in drawing order: ``marks``, the
    ``legend`` entries, every plotted ``values`` (for the axis), the history ``hist``, the observed
    points ``obs`` and the target ``zone``."""
    y0, y1 = words.row_years(row)
    x0, tau = row.get("baseline_value"), row.get("target_value")
    values: list[float] = []
    legend: list[tuple[str, dict]] = []
    marks: list[tuple] = []  # what to draw, in data units, in drawing order

    hist = plots.history_points(analysis, ident)
    if len(hist):
        est = hist["estimated"].astype(bool)
        label = t["history"] + (t["estimated"] if est.all() else "")
        legend.append((label, {"kind": "marker", "colour": C_HISTORY, "hollow": True}))
        values += [float(v) for v in hist["value"]]
        if not missing(x0):
            marks.append(("connect", float(hist["year"].iloc[-1]), float(hist["value"].iloc[-1]), y0, float(x0)))
        marks.append(("history", [(int(y), float(v), bool(e)) for y, v, e in
                                  zip(hist["year"], hist["value"], est)]))
    if not missing(x0):
        legend.append((t["baseline_pt"], {"kind": "marker", "shape": "square", "colour": C_BASE, "r": 4.5}))
        values.append(float(x0))
        marks.append(("baseline", y0, float(x0)))
    path = plots.projection_path(row)
    if len(path):
        legend.append((t["projection"], {"kind": "line", "colour": C_PROJ, "width": 1.6, "dash": DASHED}))
        values += [float(v) for v in path["value"]]
        marks.append(("projection", [(int(y), float(v)) for y, v in zip(path["year"], path["value"])]))
    zone = plots._target_zone(row)
    if zone is not None:
        legend.append((f"{t['target_line']} {plots.fmt_target(row)}", {"kind": "line", "colour": C_TARGET,
                                                                        "width": 1.4}))
        values.append(float(tau))
        marks.append(("target", float(tau), plots.fmt_target(row)))
    obs = _observed(analysis, ident)
    if obs:
        if not missing(x0) and not missing(tau) and zone is not None:
            legend.append((t["schedule"], {"kind": "line", "colour": C_SCHEDULE, "width": 1, "opacity": 0.8}))
            marks.append(("schedule", y0, float(x0), y1, float(tau)))
        legend.append((t["observed"], {"kind": "line+marker", "colour": C_OBS, "width": 1.6, "r": 4}))
        points = obs
        values += [v for _, v in points]
        ly, lv = points[-1]
        lo, hi, pa = (row.get(c) for c in ("projection_low", "projection_high", "projected_actual"))
        if not missing(lo) and not missing(hi) and ly < y1:
            legend.append((t["proj_band"], {"kind": "patch", "colour": C_OBS, "opacity": 0.18}))
            values += [float(lo), float(hi)]
            marks.append(("band", ly, lv, y1, float(lo), float(hi)))
        if not missing(pa) and ly < y1:
            legend.append((t["proj_actual"], {"kind": "line", "colour": C_OBS, "width": 1.4, "dash": LOOSE_DOTS}))
            values.append(float(pa))
            marks.append(("proj_actual", ly, lv, y1, float(pa)))
        marks.append(("observed", points))
    if row.get("primary_pace") == "growth" and not missing(row.get("reference_pace")):
        ref = float(row["reference_pace"])
        legend.append((f"{t['ref_pace']} {ref:.2f}%", {"kind": "line", "colour": C_PROJ, "width": 1.2,
                                                      "dash": DASHED}))
        values.append(ref)
        marks.append(("ref_pace", ref))
    if zone is not None:
        legend.append((t["target_zone"], {"kind": "patch", "colour": C_ZONE, "opacity": 0.12}))

    return {"values": values, "legend": legend, "marks": marks, "hist": hist, "obs": obs, "zone": zone}


def _mark_parts(marks: list, sx, sy, left: float, right: float) -> tuple[list, list]:
    """SVG elements of ``marks`` (:func:`_indicator_marks`) with the scales ``sx``, ``sy``: the lines and
    areas (clipped to the plot), and the markers drawn on top of them (not clipped)."""
    parts: list[str] = []
    later = []  # markers on top of the lines
    for mark in marks:
        kind = mark[0]
        if kind == "connect":
            _, hx, hv, bx, bv = mark
            parts.append(_line(sx(hx), sy(hv), sx(bx), sy(bv), C_CONNECT, 1, DOTTED, "jz-connect"))
        elif kind == "history":
            later += [_marker("circle", sx(y), sy(v), C_HISTORY, 4, hollow=e, cls="jz-history",
                              data=f' data-year="{y}" data-value="{f(v)}"') for y, v, e in mark[1]]
        elif kind == "baseline":
            later.append(_marker("square", sx(mark[1]), sy(mark[2]), C_BASE, 4.5, cls="jz-baseline",
                                 data=f' data-year="{mark[1]}" data-value="{f(mark[2])}"'))
        elif kind == "projection":
            parts.append(_polyline([(sx(y), sy(v)) for y, v in mark[1]], C_PROJ, 1.6, DASHED, "jz-projection"))
        elif kind == "target":
            parts.append(_line(left, sy(mark[1]), right, sy(mark[1]), C_TARGET, 1.4, cls="jz-target"))
        elif kind == "schedule":
            _, a, av, b, bv = mark
            parts.append(_line(sx(a), sy(av), sx(b), sy(bv), C_SCHEDULE, 1, cls="jz-schedule", opacity=0.8))
        elif kind == "band":
            _, ly, lv, b, lo, hi = mark
            pts = [(sx(ly), sy(lv)), (sx(b), sy(hi)), (sx(b), sy(lo))]
            parts.append(f'<polygon class="jz-proj-band" fill="{C_OBS}" fill-opacity="0.18" '
                         f'points="{" ".join(f"{f(x)},{f(y)}" for x, y in pts)}"/>')
        elif kind == "proj_actual":
            _, ly, lv, b, pa = mark
            parts.append(_line(sx(ly), sy(lv), sx(b), sy(pa), C_OBS, 1.4, LOOSE_DOTS, "jz-proj-actual"))
        elif kind == "observed":
            parts.append(_polyline([(sx(y), sy(v)) for y, v in mark[1]], C_OBS, 1.6, cls="jz-observed-line"))
            later += [_marker("circle", sx(y), sy(v), C_OBS, 4, cls="jz-observed",
                              data=f' data-year="{y}" data-value="{f(v)}"') for y, v in mark[1]]
        elif kind == "ref_pace":
            parts.append(_line(left, sy(mark[1]), right, sy(mark[1]), C_PROJ, 1.2, DASHED, "jz-ref-pace"))
    return parts, later


def indicator_svg(analysis, ident: str, lang: str = "zh") -> str:
    """The chart of one indicator as SVG text: history, baseline, projection at the reference
    pace, the target and its zone; with actuals the observed values, the schedule path and the projection
    at the actual pace; the reference pace line of growth rows."""
    plots.use_words_of(analysis)  # the legend's years are this plan's
    t = plots.TEXT[plots._lang(lang)]
    row = _row(analysis, ident)
    y0, y1 = words.row_years(row)
    x0 = row.get("baseline_value")
    drawn = _indicator_marks(analysis, ident, row, t)
    values, legend, marks = drawn["values"], drawn["legend"], drawn["marks"]
    hist, obs, zone = drawn["hist"], drawn["obs"], drawn["zone"]

    ylo, yhi = y_limits(row, values)
    xmin = (min([y0 - 1, *[int(y) for y in hist["year"]]]) - 0.5) if len(hist) else y0 - 0.5
    xmax = y1 + 0.5
    yticks = nice_ticks(ylo, yhi)
    ylabels = [tick_label(v, lang) for v in yticks]

    # layout: title lines, plot, x tick labels, legend
    title = chart_title(row, lang, analysis)
    title_lines = wrap(title, WIDTH - 2 * PAD, TITLE_FONT)
    top = PAD + len(title_lines) * (TITLE_FONT + 5) + 6
    left = PAD + max([text_width(s, FONT) for s in ylabels] + [0]) + 8
    right = WIDTH - PAD - 4
    pw, ph = right - left, PLOT_HEIGHT
    bottom = top + ph

    def sx(year: float) -> float:
        return left + pw * (year - xmin) / (xmax - xmin)

    def sy(value: float) -> float:
        return top + ph * (yhi - value) / (yhi - ylo)

    legend_parts, legend_h = _legend(legend, bottom + FONT + 18)
    height = bottom + FONT + 18 + legend_h + PAD
    parts, ident_id = _open(ident, height, title)
    parts.append(f'<defs><clipPath id="{ident_id}-clip"><rect x="{f(left)}" y="{f(top)}" width="{f(pw)}" '
                 f'height="{f(ph)}"/></clipPath></defs>')
    for k, line in enumerate(title_lines):
        parts.append(_text(PAD, PAD + TITLE_FONT + k * (TITLE_FONT + 5), line, "jz-title", size=TITLE_FONT,
                           fill="#222222"))

    # grid, ticks and the frame
    xticks = list(range(int(math.ceil(xmin)), y1 + 1))
    label_w = text_width("2020", FONT) + 4
    every = max(1, math.ceil(label_w / (pw / max(1, xmax - xmin))))  # thin the year labels when crowded
    parts.append('<g class="jz-grid">')
    parts += [_line(left, sy(v), right, sy(v), C_GRID, 0.8) for v in yticks]
    parts += [_line(sx(x), top, sx(x), bottom, C_GRID, 0.8) for x in xticks]
    parts.append("</g>")
    parts.append('<g class="jz-yticks">')
    parts += [_text(left - 5, sy(v) + FONT * 0.36, s, "jz-ytick", "end", extra=f' data-value="{f(v)}"')
              for v, s in zip(yticks, ylabels)]
    parts.append('</g><g class="jz-xticks">')
    parts += [_text(sx(x), bottom + FONT + 4, str(x), "jz-xtick", "middle") for x in xticks
              if (x - xticks[-1]) % every == 0]
    parts.append("</g>")

    # the data, clipped to the plot
    parts.append(f'<g class="jz-data" clip-path="url(#{ident_id}-clip)">')
    if zone is not None:
        zlo = ylo if zone[0] is None else max(ylo, zone[0])
        zhi = yhi if zone[1] is None else min(yhi, zone[1])
        if zhi > zlo:
            parts.append(f'<rect class="jz-target-zone" x="{f(left)}" y="{f(sy(zhi))}" width="{f(pw)}" '
                         f'height="{f(sy(zlo) - sy(zhi))}" fill="{C_ZONE}" fill-opacity="0.12"/>')
    lines, later = _mark_parts(marks, sx, sy, left, right)
    parts += lines
    parts.append("</g>")
    parts += later  # not clipped: a share at 100 shows its whole marker
    parts.append(f'<rect class="jz-frame" x="{f(left)}" y="{f(top)}" width="{f(pw)}" height="{f(ph)}" '
                 f'fill="none" stroke="{C_FRAME}" stroke-width="1"/>')
    if missing(x0) and not obs:
        parts.append(_text(left + 8, top + FONT + 6, t["no_baseline"], "jz-note", fill=C_NOTE))
    parts += legend_parts
    parts.append("</svg>")
    return "\n".join(parts)


# ---------------------------------------------------------------------------------- category chart
def category_rows(analysis) -> pd.DataFrame:
    """The rows of the category chart: Table 1-1 targets with a number, a baseline and a non-zero baseline."""
    rows = plots.table_rows(analysis.assessment)
    return rows[rows["baseline_value"].notna() & rows["target_value"].notna()
                & (rows["target_op"] != "relational") & (rows["baseline_value"] != 0)]


def _category_items(analysis, lang: str, cap: float) -> list[dict]:
    """One item per row of :func:`category_rows`: its ``id``, ``name``, ``category``, verdict ``code``, the
    ``change`` of the target from the baseline (%) and the change ``shown`` (cut to ``±cap``).

    Notes
    -----
    change = (target / baseline - 1) x 100; shown = max(-cap, min(cap, change)).
    """
    items = []
    for _, r in category_rows(analysis).iterrows():
        change = (float(r["target_value"]) / float(r["baseline_value"]) - 1) * 100
        code = r.get("feasibility") if r.get("feasibility") in VERDICT_MARKERS else "not_assessable"
        items.append({"id": r["id"], "name": _name(r, lang), "category": r["category"], "change": change,
                      "shown": max(-cap, min(cap, change)), "code": code})
    return items


def _category_layout(items: list[dict], cap: float) -> tuple[list[dict], dict]:
    """Where the category chart's rows go: the items with their name's ``lines`` (up to 3, cut with … after
    that), row height ``h`` and centre ``y``; and the frame (``left``, ``right``, ``pw``, ``top``,
    ``bottom``, ``line_h``) with the x range ``xlo``-``xhi`` (% change).

    Notes
    -----
    The names' column is as wide as the longest name, at most :data:`LABEL_MAX` (longer names wrap); a row
    is max(22, lines x (FONT + 3) + 6) high. x runs from min(-0.3 cap, 1.05 x the lowest change shown) (a
    change below -30 % stays on the plot) to 1.05 cap.
    """
    label_w = min(LABEL_MAX, max([text_width(it["name"], FONT) for it in items] + [40.0]))
    box = {"xlo": min([-cap * 0.3] + [it["shown"] * 1.05 for it in items]), "xhi": cap * 1.05,
           "label_w": label_w, "left": PAD + label_w + 8, "right": WIDTH - PAD - 6, "top": PAD + 4,
           "line_h": FONT + 3}
    box["pw"] = box["right"] - box["left"]
    placed, y = [], box["top"]
    for it in items:
        lines = wrap(it["name"], label_w, FONT)
        if len(lines) > 3:
            lines = [*lines[:2], lines[2][:-1] + "…"]
        h = max(22.0, len(lines) * box["line_h"] + 6)
        placed.append({**it, "lines": lines, "h": h, "y": y + h / 2})
        y += h
    box["bottom"] = max(y, box["top"] + 22)
    return placed, box


def _category_grid(items: list[dict], box: dict, sx, xticks: list[float]) -> list[str]:
    """The grid of the category chart: a line at each x tick, a dashed rule between two categories."""
    parts = ['<g class="jz-grid">']
    parts += [_line(sx(v), box["top"], sx(v), box["bottom"], C_GRID, 0.8) for v in xticks]
    prev = None
    for it in items:  # a line between categories
        if prev is not None and it["category"] != prev:
            yb = it["y"] - it["h"] / 2
            parts.append(_line(PAD, yb, box["right"], yb, "#bbbbbb", 0.8, "3 3", "jz-category-rule"))
        prev = it["category"]
    parts.append("</g>")
    return parts


def _category_row_parts(it: dict, box: dict, sx) -> list[str]:
    """One row of the category chart: the name (right-aligned, its lines centred on the row), the stem
    from 0 to the change shown, the verdict's marker, and the change's value when it was cut."""
    parts = []
    yc, n = it["y"], len(it["lines"])
    for k, line in enumerate(it["lines"]):
        ty = yc + FONT * 0.36 + (k - (n - 1) / 2) * box["line_h"]
        parts.append(_text(box["left"] - 6, ty, line, "jz-name", "end"))
    colour, shape = VERDICT_MARKERS[it["code"]]
    parts.append(_line(sx(0), yc, sx(it["shown"]), yc, "#999999", 1, cls="jz-stem"))
    parts.append(_marker(shape, sx(it["shown"]), yc, colour, 5, cls=f"jz-point jz-{it['code']}",
                         data=f' data-id={attr(it["id"])} data-change="{f(it["change"])}"'))
    if it["shown"] != it["change"]:
        anchor = "end" if it["change"] > 0 else "start"
        dx = -7 if it["change"] > 0 else 7
        parts.append(_text(sx(it["shown"]) + dx, yc - 4, f"{it['change']:+.0f}%", "jz-cut", anchor))
    return parts


def category_svg(analysis, lang: str = "zh", cap: float = 100.0) -> str:
    """The per-category chart as SVG text: each Table 1-1 target as its change from the baseline (%), one
    row each, grouped by category (a thin line between categories); the marker pairs the verdict colour
    with its shape; changes beyond ``±cap`` % are drawn at the edge and labelled.

    Notes
    -----
    The rows (:func:`_category_items`) are placed by :func:`_category_layout`; a change v (%) is drawn at
    x = left + pw (v - xlo) / (xhi - xlo).
    """
    plots.use_words_of(analysis)  # the legend's years are this plan's
    from jzanalysis.i18n import t as tr
    from jzanalysis.publish import words

    t = plots.TEXT[plots._lang(lang)]
    items, box = _category_layout(_category_items(analysis, lang, cap), cap)
    left, pw, top, bottom = box["left"], box["pw"], box["top"], box["bottom"]

    def sx(v: float) -> float:
        return left + pw * (v - box["xlo"]) / (box["xhi"] - box["xlo"])

    xticks = nice_ticks(box["xlo"], box["xhi"])
    codes = list(dict.fromkeys(it["code"] for it in items))
    legend = [(words.verdict(c, lang)["label"],
               {"kind": "marker", "colour": VERDICT_MARKERS[c][0], "shape": VERDICT_MARKERS[c][1], "r": 5})
              for c in codes]
    axis_y = bottom + FONT + 20
    legend_parts, legend_h = _legend(legend, axis_y + 10)
    parts, _ = _open(plots.CATEGORY_CHART, axis_y + 10 + legend_h + PAD, tr("report.overview.chart_note", lang))
    parts += _category_grid(items, box, sx, xticks)
    parts.append(_line(sx(0), top, sx(0), bottom, C_TEXT, 0.8, cls="jz-zero"))
    for it in items:
        parts += _category_row_parts(it, box, sx)
    parts.append(f'<rect class="jz-frame" x="{f(left)}" y="{f(top)}" width="{f(pw)}" height="{f(bottom - top)}" '
                 f'fill="none" stroke="{C_FRAME}" stroke-width="1"/>')
    parts.append('<g class="jz-xticks">')
    parts += [_text(sx(v), bottom + FONT + 3, tick_label(v, lang), "jz-xtick", "middle") for v in xticks]
    parts.append("</g>")
    parts.append(_text(left + pw / 2, axis_y, t["change_axis"], "jz-axis-label", "middle"))
    parts += legend_parts
    parts.append("</svg>")
    return "\n".join(parts)


# ------------------------------------------------------------------------------------------ all charts
def chart_svgs(analysis, lang: str = "zh", category: str = "") -> dict[str, dict]:
    """Every chart of a report as ``{key: {"svg", "alt"}}``, in the order of
    :func:`jzanalysis.publish.plots.chart_keys` (the category chart, key
    :data:`~jzanalysis.publish.plots.CATEGORY_CHART`, first; none in a final evaluation)."""
    from jzanalysis.i18n import t as tr

    final = plots.is_final(analysis)
    out = {}
    for key in plots.chart_keys(analysis, category):
        if key == plots.CATEGORY_CHART:
            if final:
                continue
            out[key] = {"svg": category_svg(analysis, lang), "alt": tr("report.overview.chart_note", lang)}
        else:
            out[key] = {"svg": indicator_svg(analysis, key, lang), "alt": chart_title(_row(analysis, key), lang, analysis)}
    return out


# ----------------------------------------------------------------------------------------- in a notebook
def show(svg: str, key: str | None = None) -> None:
    """Display an SVG chart in a notebook (JupyterLab, papermill) as ``image/svg+xml``, the text as written
    (IPython's ``SVG`` class would parse and re-serialise it). ``key`` (an indicator id, or
    :data:`~jzanalysis.publish.plots.CATEGORY_CHART`) is stored as the output's ``jz_chart`` metadata, as
    the report's chart notebook tags its charts."""
    from IPython.display import display

    display({"image/svg+xml": svg}, raw=True, metadata={"jz_chart": str(key)} if key else None)


def show_indicator(analysis, ident: str, lang: str = "zh") -> None:
    """Display the chart of indicator ``ident`` (:func:`indicator_svg`) in a notebook, tagged with its id."""
    show(indicator_svg(analysis, ident, lang), key=ident)


def show_categories(analysis, lang: str = "zh", cap: float = 100.0) -> None:
    """Display the per-category chart (:func:`category_svg`) in a notebook, tagged ``__categories__``."""
    show(category_svg(analysis, lang, cap), key=plots.CATEGORY_CHART)
