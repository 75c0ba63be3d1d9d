"""One SVG chart per shared indicator: each plan a row, its base value, target and latest value on one axis.

Drawn with the primitives of :mod:`jzanalysis.publish.svgchart` (no matplotlib): the same font, size,
markers, ticks and legend as the report's charts.
"""

from __future__ import annotations

import pandas as pd

from jzanalysis.fmt import missing
from jzanalysis.publish import svgchart as sc

ROW_H = 26
LABEL_W = 150
C_BASE, C_TARGET, C_LATEST = sc.C_BASE, sc.C_TARGET, sc.C_OBS


def _values(rows: pd.DataFrame) -> list[float]:
    cols = ["base_value", "target_value", "latest_value"]
    return [float(v) for c in cols if c in rows for v in rows[c] if not missing(v)]


def x_range(values: list[float]) -> tuple[float, float]:
    """The axis: the values' range widened by 8 % of it on each side (±1 when all are equal).

    >>> x_range([10.0, 20.0])
    (9.2, 20.8)
    """
    lo, hi = min(values), max(values)
    if hi == lo:
        return lo - 1.0, hi + 1.0
    pad = (hi - lo) * 0.08
    return round(lo - pad, 10), round(hi + pad, 10)


def _row_parts(r, y: float, sx, lang: str) -> list[str]:
    label = r["label"]
    parts = [sc._text(sc.PAD, y + sc.FONT * 0.36, sc.wrap(label, LABEL_W - 8, sc.FONT)[0], "jz-row-label")]
    base, target, latest = (r.get(c) for c in ("base_value", "target_value", "latest_value"))
    if not missing(base) and not missing(target):
        parts.append(sc._line(sx(base), y, sx(target), y, sc.C_CONNECT, 1.0, cls="jz-connect"))
    for value, colour, shape, cls in ((base, C_BASE, "circle", "jz-base"), (target, C_TARGET, "diamond", "jz-target"),
                                      (latest, C_LATEST, "square", "jz-latest")):
        if not missing(value):
            data = f' data-value="{sc.f(float(value))}"'
            parts.append(sc._marker(shape, sx(float(value)), y, colour, 5, cls=cls, data=data))
    return parts


def compare_svg(key: str, title: str, rows: pd.DataFrame, words: dict, lang: str = "zh") -> str:
    """The chart of one shared indicator as SVG text.

    Parameters
    ----------
    key : str
        The shared indicator's id (the SVG's id).
    title : str
        Its name and unit (the chart's ``<title>``: its alternative text; the page's heading shows it).
    rows : DataFrame
        One row per plan: ``label`` (the plan's area), ``base_value``, ``target_value``, ``latest_value``.
    words : dict
        ``base``, ``target``, ``latest``: the legend's words.

    Notes
    -----
    A value v is drawn at x = left + w (v - lo) / (hi - lo), (lo, hi) from :func:`x_range`; row k at
    y = top + (k + 0.5) x 26.
    """
    values = _values(rows)
    lo, hi = x_range(values) if values else (0.0, 1.0)
    left, right, top = LABEL_W, sc.WIDTH - sc.PAD - 10, sc.PAD
    bottom = top + ROW_H * len(rows)

    def sx(v: float) -> float:
        return left + (right - left) * (float(v) - lo) / (hi - lo)

    ticks = sc.nice_ticks(lo, hi, 5)
    entries = [(words["base"], {"kind": "marker", "colour": C_BASE, "shape": "circle", "r": 5}),
               (words["target"], {"kind": "marker", "colour": C_TARGET, "shape": "diamond", "r": 5})]
    if "latest_value" in rows and rows["latest_value"].notna().any():
        entries.append((words["latest"], {"kind": "marker", "colour": C_LATEST, "shape": "square", "r": 5}))
    legend, legend_h = sc._legend(entries, bottom + sc.FONT + 16)
    parts, _ = sc._open(f"cmp-{key}", bottom + sc.FONT + 16 + legend_h + sc.PAD, title)
    parts += [sc._line(sx(t), top, sx(t), bottom, sc.C_GRID, 1, cls="jz-grid") for t in ticks]
    for k, (_, r) in enumerate(rows.iterrows()):
        parts += _row_parts(r, top + (k + 0.5) * ROW_H, sx, lang)
    parts.append(f'<rect class="jz-frame" x="{sc.f(left)}" y="{sc.f(top)}" width="{sc.f(right - left)}" '
                 f'height="{sc.f(bottom - top)}" fill="none" stroke="{sc.C_FRAME}" stroke-width="1"/>')
    parts.append('<g class="jz-xticks">')
    parts += [sc._text(sx(t), bottom + sc.FONT + 3, sc.tick_label(t, lang), "jz-xtick", "middle") for t in ticks]
    parts.append("</g>")
    parts += legend
    parts.append("</svg>")
    return "\n".join(parts)
