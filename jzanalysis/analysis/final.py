"""The final evaluation (总结评估) of one indicator at or after the target year: 完成 / 基本完成 / 未完成.

Small pure functions; the status rules that call them are in :mod:`jzanalysis.analysis.status`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from jzanalysis.analysis import pace
from jzanalysis.analysis.reasons import both as _both
from jzanalysis.fmt import exact as _num
from jzanalysis.fmt import missing as _isnan
from jzanalysis.fmt import sig as _sig
from jzanalysis.i18n import t


@dataclass
class Final:
    """The final verdict of one row: status, reason texts (zh, en), the review label and the gap."""

    status: str
    texts: tuple[str, str]
    review: str
    gap: float = math.nan
    gap_share: float = math.nan


def decimals(v: float) -> int:
    """Decimals of ``v`` as published (shortest exact form): 77.3 -> 1, 5.23 -> 2, 700 -> 0."""
    text = _num(v)
    return len(text.split(".")[1]) if "." in text else 0


def precision(values) -> float:
    """The published precision of a series: one unit of its finest last digit (77.3, 77.45 -> 0.01)."""
    d = max((decimals(v) for v in values if not _isnan(v)), default=0)
    return 10.0 ** -d


def meets_when_rounded(value: float, op: str, tau: float, direction: str, hw: float = 0.0) -> tuple[bool, float]:
    """基本完成: does ``value`` rounded to the decimals ``tau`` is printed with meet the target?

    Notes
    -----
    ``round(value, decimals(tau))`` against :func:`jzanalysis.analysis.pace.satisfies`: a miss that the
    plan's own rounding of the target could explain (78.06 against 78.1: 78.1 -> broadly achieved).
    """
    rounded = round(float(value), decimals(tau))
    return pace.satisfies(rounded, op, tau, direction, hw), rounded


def _review(key: str) -> str:
    return t(f"monitor.review.{key}", "zh")


def final_growth(mean: float, op: str, tau: float, hw: float, late: tuple[str, str], common: dict) -> Final:
    """A 年均 growth target judged on the period's mean rate ``mean`` (in %)."""
    gap = mean - float(tau)
    if pace.satisfies(mean, op, tau, "higher", hw):
        return Final("achieved", _both("monitor.reason.final_growth_met", zh={"late": late[0]},
                                       en={"late": late[1]}, **common), _review("done"), gap)
    near, rounded = meets_when_rounded(mean, op, tau, "higher", hw)
    rnd = _both("monitor.note.rounding", rounded=_num(rounded)) if near else ("", "")
    texts = _both("monitor.reason.final_growth_missed", zh={"late": late[0], "rounding": rnd[0]},
                  en={"late": late[1], "rounding": rnd[1]}, gap=f"{float(tau) - mean:.2f}", **common)
    return Final("not_achieved", texts, _review("mostly_done" if near else "not_done"), gap)


def final_level(x_t: float, x_b: float, op: str, tau: float, direction: str, hw: float, unit: str,
                target: str, latest: tuple[str, str], late: tuple[str, str]) -> Final:
    """A level target judged on the latest value ``x_t`` (the baseline ``x_b`` gives the planned change).

    Notes
    -----
    ``gap = x_t - edge`` (``edge`` the binding edge of the target: ``tau``, or the band's edge for 左右);
    for a miss, ``gap_share = |gap| / |tau - x_b|``.
    """
    now_ok = pace.satisfies(x_t, op, tau, direction, hw)
    edge = pace.threshold(op, float(tau), direction, hw) if op in ("~",) else float(tau)
    gap = x_t - edge
    if now_ok:
        return Final("achieved", _both("monitor.reason.final_met", zh={"latest": latest[0], "late": late[0]},
                                       en={"latest": latest[1], "late": late[1]}, target=target),
                     _review("done"), gap)
    planned = abs(float(tau) - x_b)
    share = abs(gap) / planned if planned else math.nan
    near, rounded = meets_when_rounded(x_t, op, tau, direction, hw)
    rnd = _both("monitor.note.rounding", rounded=_num(rounded)) if near else ("", "")
    gap_unit = {lang: t("monitor.unit.pp", lang) if unit == "%" else (unit if lang == "zh" else "")
                for lang in ("zh", "en")}
    texts = _both("monitor.reason.final_missed",
                  zh={"latest": latest[0], "late": late[0], "rounding": rnd[0],
                      "gap": f"{_sig(abs(gap))}{gap_unit['zh']}"},
                  en={"latest": latest[1], "late": late[1], "rounding": rnd[1],
                      "gap": f"{_sig(abs(gap))}{gap_unit['en']}"},
                  target=target, share="—" if _isnan(share) else f"{share:.1%}")
    return Final("not_achieved", texts, _review("mostly_done" if near else "not_done"), gap, share)
