"""Pure arithmetic of pace: growth rates, required paces, projections and target satisfaction.

All rates are returned as fractions (0.0423 for 4.23 % a year); the assessment tables show them in %.
"""

from __future__ import annotations

import math

from jzanalysis.plan.target import Target

SHORTFALL_CAP = 100.0


def cagr(x0: float, x1: float, years: float) -> float:
    """Compound annual growth rate from ``x0`` to ``x1`` over ``years``.

    Notes
    -----
    ``CAGR = (x1 / x0) ** (1 / years) - 1``. NaN when a value is not positive or ``years <= 0``.
    """
    if x0 is None or x1 is None or years <= 0 or not (x0 > 0 and x1 > 0):
        return math.nan
    return (x1 / x0) ** (1.0 / years) - 1.0


def annual_change(x0: float, x1: float, years: float) -> float:
    """Linear pace: ``(x1 - x0) / years`` in the indicator's unit per year."""
    if x0 is None or x1 is None or years <= 0:
        return math.nan
    return (x1 - x0) / years


def shortfall_rate(x0: float, x1: float, years: float, cap: float = SHORTFALL_CAP) -> float:
    """Annual rate at which the shortfall to ``cap`` changes (negative = the gap closes).

    Notes
    -----
    ``r = ((cap - x1) / (cap - x0)) ** (1 / years) - 1``, the CAGR of the shortfall ``cap - x``. Used for
    shares near 100 %, where a linear or CAGR pace on the share itself hides how hard the last points are.
    When the target is the cap itself (shortfall 0) the rate is -1 (the gap must close completely).
    """
    s0, s1 = cap - x0, cap - x1
    if years <= 0 or s0 <= 0 or s1 < 0:
        return math.nan
    if s1 == 0:
        return -1.0
    return (s1 / s0) ** (1.0 / years) - 1.0


def pace(method: str, x0: float, x1: float, years: float) -> float:
    """Pace by method: ``cagr`` (fraction/yr), ``linear`` (unit/yr) or ``shortfall`` (fraction/yr)."""
    if method == "cagr":
        return cagr(x0, x1, years)
    if method == "linear":
        return annual_change(x0, x1, years)
    if method == "shortfall":
        return shortfall_rate(x0, x1, years)
    return math.nan


def project(method: str, x0: float, rate: float, years: float) -> float:
    """Value after ``years`` at pace ``rate`` by ``method`` (inverse of :func:`pace`).

    Notes
    -----
    cagr: ``x0 * (1 + r) ** n``; linear: ``x0 + r * n``; shortfall: ``cap - (cap - x0) * (1 + r) ** n``.
    """
    if x0 is None or rate is None or math.isnan(rate):
        return math.nan
    if method == "cagr":
        return x0 * (1.0 + rate) ** years
    if method == "linear":
        return x0 + rate * years
    if method == "shortfall":
        return SHORTFALL_CAP - (SHORTFALL_CAP - x0) * (1.0 + rate) ** years
    return math.nan


def satisfies(value: float, op: str, target: float, direction: str = "higher",
              halfwidth: float = 0.0, tol: float = 1e-9) -> bool:
    """Does ``value`` meet the target ``op target``?

    Notes
    -----
    ``>=``, ``>``, ``<=``, ``<`` as written; ``=`` is read by direction (a floor when higher is better, a
    ceiling when lower is better, exact within ``tol`` for a band); ``~`` (about, 左右) is a band of
    ``target ± halfwidth``, of which only the side against the direction binds: a higher-is-better value
    meets it at ``>= target - halfwidth``, a lower-is-better one at ``<= target + halfwidth``, a band
    indicator inside both edges.

    This is **the** reading of targets (:meth:`jzanalysis.plan.target.Target.met`, which the assessment, the
    monitoring status, the final evaluation and the self-audit (:mod:`jzanalysis.analysis.audit`) all call,
    directly or through this function), so 4.5万元左右 (higher is better) is met by any value >= 42750,
    overshooting included.
    """
    return Target(op, target, halfwidth, direction).met(value, tol)


def threshold(op: str, target: float, direction: str, halfwidth: float = 0.0) -> float:
    """The value that just satisfies the target (the band's binding edge for ``~``): :attr:`Target.edge
    <jzanalysis.plan.target.Target.edge>`."""
    if op != "~":
        return target
    return Target(op, target, halfwidth, direction).edge


def pace_ratio(actual: float, required: float, direction: str = "higher") -> float:
    """Eurostat pace ratio ``R = actual / required`` (both signed as 'towards the target' paces).

    Notes
    -----
    Eurostat (EU SDG monitoring): ``R = CAGR_actual / CAGR_required``; for lower-is-better indicators
    both signs flip, which cancels in the ratio. NaN when the required pace is zero or undefined.
    """
    if required is None or actual is None or math.isnan(required) or math.isnan(actual) or required == 0:
        return math.nan
    return actual / required
