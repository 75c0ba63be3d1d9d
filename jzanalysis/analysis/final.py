"""The final evaluation (总结评估) of one indicator at or after the target year: 完成 / 基本完成 / 未完成.

Small pure functions; the status rules that call them are in :mod:`jzanalysis.analysis.status`.

The completion rules (``docs/methods.md``, "Final evaluation")
---------------------------------------------------------------
* ``achieved`` (完成): the target is met, as :func:`jzanalysis.analysis.pace.satisfies` reads it (above it
  for ``>``, at or above for ``≥``, at or below a ceiling, inside the band for 左右).
* ``mostly_achieved`` (基本完成): not met, but close by one of two documented rules:

  1. **printed precision** (:func:`printed_places`, :func:`reaches_when_rounded`): the value rounded
     half-up (四舍五入, with :class:`decimal.Decimal` on its decimal text, never Python's ``round``) to
     the precision the plan *prints* the target with reaches the target, the target value itself included
     (99.0 against >99: no gap at the printed precision; 78.05 -> 78.1 against 78.1). The precision is
     that of the printed number in the stored unit: ``2万户`` stored as 2 (万户) is a step of 1, ``突破2万元``
     stored as 20000 (元) a step of 10000, ``3.5左右`` and ``4.5左右`` a step of 0.1 (the band's
     half-width, 0.05·τ, is the tool's, not printed);
  2. **counts** (:func:`count_close`): for a count of things (``kind`` ``count`` or ``cumulative``:
     households, places, people) the shortfall is at most :data:`COUNT_TOLERANCE` (0.5 %) of the target
     (4,990 of 5,000 places: 10 <= 25);

  and, when the plan gives a baseline that does not meet the target, two bounds that keep a tolerance
  from being larger than the plan's own change: the value has moved from the baseline in the planned
  direction (:func:`moved_as_planned`; a value that stood still or went the wrong way is never 基本完成),
  and the shortfall is at most :data:`MOSTLY_SHARE` (10 %) of the planned change ``|tau - x_b|``
  (:func:`shortfall_share`: at least nine tenths of the planned change done). A row without a plan
  baseline is judged on its latest value alone, however many values it has. Each bound that turns a
  close value into 未完成 is said in the reason.
* ``not_achieved`` (未完成): everything else.

A 年均 growth target is judged on the geometric mean of the yearly rates (:func:`geometric_mean_rate`,
computed in decimal: five years at 8.5 % give 8.5, not 8.499999999999996).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, localcontext

from jzanalysis.analysis.reasons import blank, merged, per_language
from jzanalysis.analysis.reasons import each as _both
from jzanalysis.fmt import exact as _num
from jzanalysis.fmt import missing as _isnan
from jzanalysis.fmt import sig as _sig
from jzanalysis.i18n import is_plan_language, t
from jzanalysis.plan import target as _target
from jzanalysis.plan.numbers import to_ascii_digits
from jzanalysis.plan.target import COUNT_KINDS, COUNT_TOLERANCE, Target  # noqa: F401 (re-exported)

#: 基本完成 with a plan baseline: the shortfall is at most this share of the planned change |tau - x_b|.
MOSTLY_SHARE = Decimal("0.1")
_PRINTED_NUMBER = re.compile(r"\d+(?:\.\d+)?")

#: Final statuses and their labels in a final evaluation (status_zh_review).
FINAL_REVIEW = {"achieved": "done", "mostly_achieved": "mostly_done", "not_achieved": "not_done"}


@dataclass
class Final:
    """The final verdict of one row: status, reason texts (``{lang: text}``), the review label and the gap."""

    status: str
    texts: dict[str, str]
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


def printed_places(target: Target) -> int:
    """Decimals of the target as the plan prints it, in the unit the value is stored in (may be negative).

    Notes
    -----
    The first number of the printed text ``p`` (``target.text``: ``≥97.5``, ``2万元``, ``3.5左右``) has
    ``d`` decimals; when the stored value is ``p * 10**k`` (a 万 or 亿 the unit does not keep) the places
    are ``d - k``. Without a printed text (or when the two do not differ by a power of ten): the decimals
    of the stored value. The band of 左右 is not printed and does not count.

    >>> printed_places(Target(">", 20000.0, text="2万元")), printed_places(Target(">=", 2.0, text="2"))
    (-4, 0)
    >>> printed_places(Target("~", 3.5, 0.175, text="3.5左右")), printed_places(Target("~", 4.5, 0.225, text="4.5左右"))
    (1, 1)
    """
    tau = target.value
    if tau is None or _isnan(tau):
        return 0
    m = _PRINTED_NUMBER.search(to_ascii_digits(target.text or ""))
    if not m:
        return decimals(tau)
    printed = Decimal(m.group(0))
    d = len(m.group(0).split(".")[1]) if "." in m.group(0) else 0
    stored = Decimal(_num(float(tau)))
    if printed == stored:
        return d
    if printed != 0 and stored != 0:
        ratio = stored / printed
        k = ratio.adjusted()
        if ratio == Decimal(1).scaleb(k):
            return d - k
    return decimals(tau)


def reaches_when_rounded(value: float, target: Target) -> tuple[bool, Decimal]:
    """Rule 1 of 基本完成 at the printed precision (:func:`printed_places`): ``(reaches, rounded)``.

    Notes
    -----
    ``rounded = round_half_up(value, printed_places(target))``, compared with the target edge included
    (a strict ``>``/``<`` counts as ``≥``/``≤``). 19,500 against 突破2万元: rounded to 1万 = 20000, reaches;
    1.77 against 2万户: 2, reaches (rule 1 only; :data:`MOSTLY_SHARE` then bounds it).
    """
    rounded = round_half_up(value, printed_places(target))
    edge_op = {">": ">=", "<": "<="}.get(target.op, target.op)
    return target.replaced(op=edge_op, value=float(target.value)).met(float(rounded)), rounded


def shortfall_share(value: float, base: float, target: Target) -> Decimal | None:
    """The shortfall to the target edge as a share of the planned change: ``|edge - x_t| / |tau - x_b|``.

    ``None`` when there is no planned change (the baseline meets the target, or equals it). In exact
    decimals: 1.77 against 2 from 1.767: 0.23 / 0.233 = 0.987; 2.85 against 2.9 from 2.75: 0.05 / 0.15
    = 0.333; 78.06 against 78.1 from 77.3: 0.04 / 0.8 = 0.05.
    """
    tau = float(target.value)
    if target.met(base) or tau == float(base):
        return None
    gap = abs(Decimal(_num(float(target.edge))) - Decimal(_num(float(value))))
    return gap / abs(Decimal(_num(tau)) - Decimal(_num(float(base))))


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
    >>> geometric_mean_rate([8.5] * 5)                    # in binary floats 8.499999999999996
    8.5

    Notes
    -----
    In decimal at 40 digits on each rate's decimal text, the result rounded to 12 decimals, so a rate
    that is its own mean stays exactly itself (and rounds half-up as printed: 8.5 -> 9).
    """
    rates = [float(r) for r in rates]
    if not rates or any(r <= -100 or _isnan(r) for r in rates):
        return math.nan
    with localcontext() as ctx:
        ctx.prec = 40
        product = math.prod((1 + Decimal(_num(r)) / 100 for r in rates), start=Decimal(1))
        mean = (product ** (Decimal(1) / len(rates)) - 1) * 100
        return float(mean.quantize(Decimal("1e-12")))


def _review(key: str) -> str:
    return t(f"monitor.review.{key}", "zh")


def _closeness(value, target: Target, kind, base=None) -> tuple[str, dict[str, str]]:
    """Status of a missed target and the note saying why (rounding, count tolerance, not moved, or too far
    from the planned change); ``base`` the plan baseline (``None``: none, or not comparable)."""
    near, rounded = reaches_when_rounded(value, target)
    close = kind in COUNT_KINDS and target.count_close(value)
    if not (near or close):
        return "not_achieved", blank()
    if base is not None and not target.moved_as_planned(base, value):
        return "not_achieved", _both("monitor.note.not_moved", rounded=_num(float(rounded)))
    share = shortfall_share(value, base, target) if base is not None else None
    if share is not None and share > MOSTLY_SHARE:
        return "not_achieved", _both("monitor.note.too_far", rounded=_num(float(rounded)),
                                     share=f"{float(share):.1%}", limit=f"{float(MOSTLY_SHARE):.0%}")
    if near:
        return "mostly_achieved", _both("monitor.note.rounding", rounded=_num(float(rounded)))
    return "mostly_achieved", _both("monitor.note.count_close")


def final_growth(mean: float, target: Target, late: dict[str, str], common: dict) -> Final:
    """A 年均 growth target judged on the period's geometric mean rate ``mean`` (in %)."""
    target = target.replaced(direction="higher")  # a growth rate: the higher the better
    tau = target.value
    gap = mean - float(tau)
    if target.met(mean):
        return Final("achieved", _both("monitor.reason.final_growth_met", merged(None, late=late), **common), _review("done"), gap)
    status, note = _closeness(mean, target, "growth")
    texts = _both("monitor.reason.final_growth_missed", merged(None, late=late, rounding=note),
                  gap=f"{float(tau) - mean:.2f}", **common)
    return Final(status, texts, _review(FINAL_REVIEW[status]), gap)


def final_level(x_t: float, x_b: float, target: Target, unit: str, latest: dict[str, str],
                late: dict[str, str], kind: str = "", has_base: bool = True) -> Final:
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
        return Final("achieved", _both("monitor.reason.final_met", merged(None, latest=latest, late=late), target=quoted),
                     _review("done"), gap)
    planned = abs(float(tau) - x_b) if has_base else math.nan
    share = abs(gap) / planned if planned else math.nan
    moved = target.moved_as_planned(x_b, x_t) if has_base else True
    status, note = _closeness(x_t, target, kind, x_b if has_base else None)
    gap_unit = per_language(lambda lang: t("monitor.unit.pp", lang) if unit == "%"
                            else (unit if is_plan_language(lang) else ""))
    if abs(gap) < 1e-12:  # a strict target (>99) exactly reached: equal, not above
        gap_text = _both("monitor.piece.equal", edge=_num(edge))
    else:
        # the share of the planned change is quoted for a partial advance only: it means nothing for a
        # ceiling (the plan allows a rise to it) or for a value that moved away (rural housing: 215 %)
        ceiling = target.is_ceiling
        partial = has_base and moved and not _isnan(share) and share <= 1
        key = "monitor.piece.gap" if partial and not ceiling else "monitor.piece.gap_only"
        gap_text = per_language(lambda lang: t(key, lang, gap=f"{_sig(abs(gap))}{gap_unit[lang]}",
                                               **({} if key.endswith("gap_only") else {"share": f"{share:.1%}"})))
    texts = _both("monitor.reason.final_missed", merged(None, latest=latest, late=late, rounding=note, gap=gap_text),
                  target=quoted)
    return Final(status, texts, _review(FINAL_REVIEW[status]), gap, share)
