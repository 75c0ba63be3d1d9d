"""The final evaluation (总结评估) of one indicator at or after the target year: 完成 / 基本完成 / 未完成.

Small pure functions; the status rules that call them are in :mod:`jzanalysis.analysis.status`.

The completion rules (``docs/methods.md``, "Final evaluation")
---------------------------------------------------------------
* ``achieved`` (完成): the target is met, as :func:`jzanalysis.analysis.pace.satisfies` reads it (above it
  for ``>``, at or above for ``≥``, at or below a ceiling, inside the band for 左右).
* ``mostly_achieved`` (基本完成): not met, but close by one of two documented rules, and the value has
  moved from its baseline in the planned direction (:func:`moved_as_planned`; a value that stood still or
  went the wrong way is never 基本完成):

  1. **printed precision** (:func:`meets_when_rounded`): the value rounded half-up (四舍五入, with
     :class:`decimal.Decimal` on its decimal text, never Python's ``round``) to the decimals the target is
     printed with reaches the target, the target value itself included (99.0 against >99: no gap at the
     printed precision; 78.05 -> 78.1 against 78.1);
  2. **counts** (:func:`count_close`): for a count of things (``kind`` ``count`` or ``cumulative``:
     households, places, people) the shortfall is at most :data:`COUNT_TOLERANCE` (0.5 %) of the target
     (4,990 of 5,000 places: 10 <= 25).
* ``not_achieved`` (未完成): everything else.

A 年均 growth target is judged on the geometric mean of the yearly rates (:func:`geometric_mean_rate`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from jzanalysis.analysis.reasons import both as _both
from jzanalysis.fmt import exact as _num
from jzanalysis.fmt import missing as _isnan
from jzanalysis.fmt import sig as _sig
from jzanalysis.i18n import t
from jzanalysis.plan import target as _target
from jzanalysis.plan.target import COUNT_KINDS, COUNT_TOLERANCE, Target  # noqa: F401 (re-exported)

#: Final statuses and their labels in a final evaluation (status_zh_review).
FINAL_REVIEW = {"achieved": "done", "mostly_achieved": "mostly_done", "not_achieved": "not_done"}


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
    return _target.decimals(v)


def precision(values) -> float:
    """The published precision of a series: one unit of its finest last digit (77.3, 77.45 -> 0.01)."""
    return _target.precision(values)


def round_half_up(value: float, places: int) -> Decimal:
    """``value`` rounded half-up (四舍五入) to ``places`` decimals, on its shortest decimal text.

    >>> round_half_up(78.05, 1), round(78.05, 1)      # Python's round works on the binary float
    (Decimal('78.1'), 78.0)
    >>> round_half_up(1.5, 0), round_half_up(4990, 0)
    (Decimal('2'), Decimal('4990'))
    """
    return _target.round_half_up(value, places)


def meets_when_rounded(value: float, op: str, tau: float, direction: str, hw: float = 0.0) -> tuple[bool, Decimal]:
    """Rule 1 of 基本完成: does ``value``, rounded half-up to the decimals ``tau`` is printed with, reach the target?

    Notes
    -----
    The rounded value is compared with the target edge itself included: a strict ``>`` or ``<`` counts as
    ``≥`` / ``≤`` (99.0 against >99 rounds to 99: no gap at the printed precision). For 左右 the decimals
    are those of the band's edge (``tau`` and the half-width). Returns ``(reaches, rounded)``.
    """
    return Target(op, tau, hw, direction).met_when_rounded(value)


def count_close(value: float, op: str, tau: float, direction: str, hw: float = 0.0) -> bool:
    """Rule 2 of 基本完成 (counts only): the shortfall to the target edge is at most 0.5 % of the target.

    ``|edge - value| <= 0.005 * |tau|`` with exact decimals: 4,990 of 5,000 -> 10 <= 25, True;
    1.5 of 2 -> 0.5 > 0.01, False.
    """
    return Target(op, tau, hw, direction).count_close(value)


def planned_sign(x_b: float, op: str, tau: float, direction: str, hw: float = 0.0) -> int:
    """+1 when the plan wants the value to rise from its baseline, -1 to fall, 0 when it does not say.

    The sign of ``tau - x_b``; when the baseline already meets the target (a ceiling with room, a level to
    keep) the row's ``direction`` (higher: +1, lower: -1, band: 0).
    """
    return Target(op, tau, hw, direction).planned_sign(x_b)


def moved_as_planned(x_b: float, x_t: float, op: str, tau: float, direction: str, hw: float = 0.0) -> bool:
    """Has ``x_t`` moved from the baseline ``x_b`` in the planned direction (strictly)?

    Rural housing: baseline 1.767, target 2 (rise), value 1.5: moved -0.267, against the plan -> False.
    With no planned direction (a band kept at its baseline) any value counts as moved.
    """
    return Target(op, tau, hw, direction).moved_as_planned(x_b, x_t)


def geometric_mean_rate(rates) -> float:
    """Average annual rate (%) of yearly rates (%): ``((1+r1)(1+r2)...(1+rn))^(1/n) - 1``.

    >>> round(geometric_mean_rate([12, 6, 9, 9, 9]), 4)   # 1.12*1.06*1.09**3 = 1.537458, ** (1/5) = 1.089835
    8.9835
    """
    rates = [float(r) for r in rates]
    if not rates or any(r <= -100 for r in rates):
        return math.nan
    product = math.prod(1.0 + r / 100.0 for r in rates)
    return (product ** (1.0 / len(rates)) - 1.0) * 100.0


def _review(key: str) -> str:
    return t(f"monitor.review.{key}", "zh")


def _closeness(value, target: Target, kind, moved) -> tuple[str, tuple[str, str]]:
    """Status of a missed target and the note saying why (rounding, count tolerance, or not moved)."""
    near, rounded = target.met_when_rounded(value)
    close = kind in COUNT_KINDS and target.count_close(value)
    if not (near or close):
        return "not_achieved", ("", "")
    if not moved:
        return "not_achieved", _both("monitor.note.not_moved", rounded=_num(float(rounded)))
    if near:
        return "mostly_achieved", _both("monitor.note.rounding", rounded=_num(float(rounded)))
    return "mostly_achieved", _both("monitor.note.count_close")


def final_growth(mean: float, target: Target, late: tuple[str, str], common: dict) -> Final:
    """A 年均 growth target judged on the period's geometric mean rate ``mean`` (in %)."""
    target = target.replaced(direction="higher")  # a growth rate: the higher the better
    tau = target.value
    gap = mean - float(tau)
    if target.met(mean):
        return Final("achieved", _both("monitor.reason.final_growth_met", zh={"late": late[0]},
                                       en={"late": late[1]}, **common), _review("done"), gap)
    status, note = _closeness(mean, target, "growth", True)
    texts = _both("monitor.reason.final_growth_missed", zh={"late": late[0], "rounding": note[0]},
                  en={"late": late[1], "rounding": note[1]}, gap=f"{float(tau) - mean:.2f}", **common)
    return Final(status, texts, _review(FINAL_REVIEW[status]), gap)


def final_level(x_t: float, x_b: float, target: Target, unit: str, latest: tuple[str, str],
                late: tuple[str, str], kind: str = "", has_base: bool = True) -> Final:
    """A level target judged on the latest value ``x_t`` (the baseline ``x_b`` gives the planned change).

    Notes
    -----
    ``gap = x_t - edge`` (``edge`` the binding edge of the target: ``tau``, or the band's edge for 左右);
    for a miss, ``gap_share = |gap| / |tau - x_b|``. ``has_base`` False (a single value, no baseline):
    the movement condition of 基本完成 is not applied and there is no planned change to share.
    """
    tau, edge, quoted = target.value, target.edge, target.quote()
    gap = target.gap(x_t)
    if target.met(x_t):
        return Final("achieved", _both("monitor.reason.final_met", zh={"latest": latest[0], "late": late[0]},
                                       en={"latest": latest[1], "late": late[1]}, target=quoted),
                     _review("done"), gap)
    planned = abs(float(tau) - x_b) if has_base else math.nan
    share = abs(gap) / planned if planned else math.nan
    moved = target.moved_as_planned(x_b, x_t) if has_base else True
    status, note = _closeness(x_t, target, kind, moved)
    gap_unit = {lang: t("monitor.unit.pp", lang) if unit == "%" else (unit if lang == "zh" else "")
                for lang in ("zh", "en")}
    if abs(gap) < 1e-12:  # a strict target (>99) exactly reached: equal, not above
        gap_text = _both("monitor.piece.equal", edge=_num(edge))
    else:
        # the share of the planned change is quoted for a partial advance only: it means nothing for a
        # ceiling (the plan allows a rise to it) or for a value that moved away (rural housing: 215 %)
        ceiling = target.is_ceiling
        partial = has_base and moved and not _isnan(share) and share <= 1
        key = "monitor.piece.gap" if partial and not ceiling else "monitor.piece.gap_only"
        gap_text = tuple(t(key, lang, gap=f"{_sig(abs(gap))}{gap_unit[lang]}",
                           **({} if key.endswith("gap_only") else {"share": f"{share:.1%}"}))
                         for lang in ("zh", "en"))
    texts = _both("monitor.reason.final_missed",
                  zh={"latest": latest[0], "late": late[0], "rounding": note[0], "gap": gap_text[0]},
                  en={"latest": latest[1], "late": late[1], "rounding": note[1], "gap": gap_text[1]},
                  target=quoted)
    return Final(status, texts, _review(FINAL_REVIEW[status]), gap, share)
