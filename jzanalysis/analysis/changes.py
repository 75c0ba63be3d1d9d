"""What changed since last year: status moves between two monitoring runs, with the new data behind them."""

from __future__ import annotations

import functools
import math
import re

import pandas as pd

from jzanalysis.analysis.reasons import column_names, columns, each, per_language
from jzanalysis.analysis.status import STATUS_ZH
from jzanalysis.fmt import exact as _num
from jzanalysis.fmt import missing as _isnan
from jzanalysis.i18n import is_plan_language, languages, t

#: Columns of :func:`what_changed`.
CHANGE_COLUMNS = ["id", "name", "status_before", "status_now", "latest_before", "latest_now", "new_points",
                  "reason_zh", "reason_en"]  # then reason_xx for each further language (reasons.column_names)
#: Order of severity for :func:`what_changed` (higher = worse). ``no_data`` and ``not_assessable`` are not
#: on the scale: a move from or to them has size 0 (there is no value, or no verdict, to compare).
SEVERITY = {"achieved": 0, "mostly_achieved": 1, "on_track": 1, "at_risk": 2, "needs_acceleration": 3,
            "off_track": 4, "not_achieved": 4, "regressing": 5}
#: Statuses without a verdict (a move between them is not a change worth listing, see :func:`what_changed`).
NO_VERDICT = ("no_data", "not_assessable")


def _points(observed) -> dict[int, float]:
    """``"2021: 5.31; 2022: 5.35"`` -> ``{2021: 5.31, 2022: 5.35}`` (empty for NaN/"")."""
    out = {}
    if not isinstance(observed, str):
        return out
    for part in observed.split(";"):
        if ":" in part:
            y, v = part.split(":", 1)
            out[int(y.strip())] = float(v.strip())
    return out


def _text(v) -> str:
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA else str(v)


def what_changed(previous: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """Rows whose status changed between two monitoring runs, biggest moves first.

    Parameters
    ----------
    previous, current : DataFrame
        :func:`jzanalysis.analysis.status.monitor` outputs (``previous`` typically last year's saved CSV
        read back with pandas).

    Returns
    -------
    DataFrame
        :data:`CHANGE_COLUMNS`, one row per id whose ``status`` differs (ids new in ``current`` have an
        empty ``status_before``; ids gone from it an empty ``status_now``). ``new_points`` lists the
        observed points that are new or revised (``"2023: 5.4"``); the reasons name them and the move of
        R ("2023年新数据 5.4 使 R 由 0.67 升至 1.02").

    Notes
    -----
    Sorted by: a change into or out of ``regressing``/``off_track`` first, then the size of the move on
    the scale achieved 0, mostly_achieved 1, on_track 1, at_risk 2, needs_acceleration 3, off_track 4,
    not_achieved 4, regressing 5 (moves from or to ``no_data``, ``not_assessable`` or nothing count 0),
    worsening before improving, then id.

    A move between the two statuses without a verdict (``no_data`` <-> ``not_assessable``) is not listed:
    there is no verdict to compare (and a file of an older version, before ``no_data`` existed, calls a
    row without values ``not_assessable``).
    """
    prev = previous.drop_duplicates("id").set_index("id")
    cur = current.drop_duplicates("id").set_index("id")
    ids = list(cur.index) + [i for i in prev.index if i not in cur.index]
    rows = []
    for ident in ids:
        p = prev.loc[ident] if ident in prev.index else None
        c = cur.loc[ident] if ident in cur.index else None
        before = _text(p["status"]) if p is not None else ""
        now = _text(c["status"]) if c is not None else ""
        if before == now:
            continue
        if before in NO_VERDICT and now in NO_VERDICT:
            continue  # no verdict then, none now (no data <-> not assessable): nothing to compare
        rows.append(_change_row(ident, p, c, before, now))
    frame = pd.DataFrame(rows, columns=CHANGE_COLUMNS + [c for c in column_names("reason") if c not in CHANGE_COLUMNS])
    if frame.empty:
        return frame
    order = sorted(range(len(frame)), key=lambda i: _order(frame.iloc[i]))
    return frame.iloc[order].reset_index(drop=True)


def _ratio(row) -> float:
    """The row's pace ratio R, NaN when it has none (or there is no row)."""
    return float(row["pace_ratio"]) if row is not None and not _isnan(row.get("pace_ratio")) else math.nan


def _latest(row) -> float:
    """The row's latest value, NaN when it has none (or there is no row)."""
    return float(row["latest_value"]) if row is not None and not _isnan(row.get("latest_value")) else math.nan


def _change_row(ident: str, p, c, before: str, now: str) -> dict:
    """One row of :data:`CHANGE_COLUMNS` for an id whose status moved from ``before`` (last year's row
    ``p``, ``None`` when new) to ``now`` (this year's row ``c``, ``None`` when gone)."""
    old_pts = _points(p.get("observed")) if p is not None else {}
    new_pts = _points(c.get("observed")) if c is not None else {}
    fresh = {y: v for y, v in new_pts.items() if y not in old_pts or not math.isclose(old_pts[y], v)}
    texts = _reasons(before, now, fresh, old_pts, _ratio(p), _ratio(c))
    name = _text(c.get("name")) if c is not None else _text(p.get("name"))
    return {
        "id": ident, "name": name, "status_before": before, "status_now": now,
        "latest_before": _latest(p), "latest_now": _latest(c),
        "new_points": "; ".join(f"{y}: {_num(v)}" for y, v in fresh.items()),
        **columns("reason", texts),
    }


def _reasons(before: str, now: str, fresh: dict, old_pts: dict, r0: float, r1: float) -> dict[str, str]:
    """``{lang: reason}`` of a status move: the new or revised points ``fresh`` (revised when last year had
    the year in ``old_pts``) and the move of R from ``r0`` to ``r1`` (NaN: unknown)."""
    pts = {}
    for lang in languages():
        parts = [t("monitor.change.point_revised" if y in old_pts else "monitor.change.point_new", lang,
                   year=y, value=_num(v)) for y, v in fresh.items()]
        pts[lang] = t("monitor.change.sep", lang).join(parts) if parts else t("monitor.change.no_data", lang)
    if not math.isnan(r0) and not math.isnan(r1):
        key = "up" if r1 > r0 else "down" if r1 < r0 else "same"
        r = each(f"monitor.change.r_move_{key}", r0=f"{r0:.2f}", r1=f"{r1:.2f}")
    elif not math.isnan(r1):
        r = each("monitor.change.r_now", r1=f"{r1:.2f}")
    else:
        r = None
    key = "monitor.change.without_r" if r is None else ("monitor.change.with_data" if fresh
                                                          else "monitor.change.no_new")
    return per_language(lambda lang: _reason(key, lang, pts[lang], before, now, r[lang] if r else None))


def _reason(key: str, lang: str, points: str, before: str, now: str, r: str | None) -> str:
    """One language's reason: Chinese names the statuses (STATUS_ZH); another language quotes the status
    codes (``none`` for no status), its sentence starting with a capital."""
    extra = {"r": r} if r is not None else {}
    if is_plan_language(lang):
        return t(key, lang, points=points, before=STATUS_ZH.get(before, before), now=STATUS_ZH.get(now, now), **extra)
    text = t(key, lang, points=points, before=before or "none", now=now or "none", **extra)
    return text[0].upper() + text[1:]


#: A number as the change's reason writes R (``f"{r:.2f}"``, maybe negative).
_R_NUMBER = r"-?[\d.]+"


@functools.lru_cache(maxsize=16)
def _ratio_pattern(lang: str) -> re.Pattern:
    """The words of R in a reason of ``lang`` with what joins them to the points before, read from the
    catalogue's own templates (``monitor.change.r_*`` and the text between ``{points}`` and ``{r}`` in
    ``with_data`` and ``no_new``): the exact inverse of :func:`_reasons`."""
    said = []
    for key in ("r_move_up", "r_move_down", "r_move_same", "r_now"):
        template = re.escape(t(f"monitor.change.{key}", lang))
        said.append(template.replace(re.escape("{r0}"), _R_NUMBER).replace(re.escape("{r1}"), _R_NUMBER))
    joins = []
    for key in ("with_data", "no_new"):
        template = t(f"monitor.change.{key}", lang)
        if "{points}" in template and "{r}" in template:
            joins.append(re.escape(template.split("{points}", 1)[1].split("{r}", 1)[0]))
    return re.compile(f"(?:{'|'.join(dict.fromkeys(joins)) or ''})(?:{'|'.join(said)})")


def without_ratio(text: str, lang: str) -> str:
    """A change's reason without the pace ratio R (a reader does not know R: -2.67 says nothing without it;
    the status move and the new values say what changed).

    >>> without_ratio("2023年新数据5.4使实际速度与所需速度之比由0.67升至1.02，状态由滞后变为正常。", "zh")
    '2023年新数据5.4，状态由滞后变为正常。'
    >>> without_ratio("No new data; keeps the ratio of the actual to the required pace at -0.5; status a -> b.", "en")
    'No new data; status a -> b.'
    """
    return _ratio_pattern(lang).sub("", text) if isinstance(text, str) else text


def _order(r) -> tuple:
    """Sort key of a change (:func:`what_changed`, Notes): into or out of ``regressing``/``off_track``
    first, then the size of the move on :data:`SEVERITY`, worsening before improving, then id."""
    s0, s1 = SEVERITY.get(r["status_before"]), SEVERITY.get(r["status_now"])
    big = r["status_before"] in ("regressing", "off_track") or r["status_now"] in ("regressing", "off_track")
    size = abs(s1 - s0) if s0 is not None and s1 is not None else 0
    worse = s0 is not None and s1 is not None and s1 > s0
    return (not big, -size, not worse, r["id"])
