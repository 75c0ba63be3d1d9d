"""Straight-line least squares with a prediction interval, in numpy alone.

The monitoring fits one line per indicator through 3 to about 15 yearly points
(:func:`jzanalysis.analysis.status.fit_pace`). statsmodels gave the same numbers but its import took
2.7 s of the report's 15 (issue 15 §10); these closed forms are the textbook ones it computes.

* :func:`t_cdf`: Student's t distribution function for a whole number of degrees of freedom
  (Abramowitz & Stegun 26.7.3-26.7.4: a finite series in ``cos θ``).
* :func:`t_quantile`: its inverse, by bisection to the last bit of a double.
* :func:`line_fit`: ``y = a + b x`` by ordinary least squares and the ``1 - alpha`` prediction interval
  of a new observation at ``x0`` (statsmodels' ``obs_ci_lower`` / ``obs_ci_upper``).
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["line_fit", "t_cdf", "t_quantile"]


def t_cdf(t: float, df: int) -> float:
    """P(T <= t) for Student's t with ``df`` (a whole number >= 1) degrees of freedom.

    Notes
    -----
    With ``θ = atan(t / sqrt(df))`` and ``A = P(|T| <= |t|)`` (Abramowitz & Stegun 26.7.3, 26.7.4):

    * ``df`` odd: ``A = (2/π) [θ + sin θ (cos θ + (2/3) cos³θ + ... + (2·4···(df-3))/(1·3···(df-2)) cos^(df-2) θ)]``
      (``A = 2θ/π`` for ``df = 1``);
    * ``df`` even: ``A = sin θ [1 + (1/2) cos²θ + (1·3)/(2·4) cos⁴θ + ... + (1·3···(df-3))/(2·4···(df-2)) cos^(df-2) θ]``.

    ``P(T <= t) = (1 + sign(t) A) / 2``.

    Examples
    --------
    >>> round(t_cdf(12.706204736174707, 1), 12)   # the 97.5 % point of t with 1 df
    0.975
    >>> t_cdf(0.0, 5)
    0.5
    """
    df = int(df)
    if df < 1:
        raise ValueError(f"degrees of freedom must be a whole number >= 1, not {df}")
    if math.isinf(t):
        return 1.0 if t > 0 else 0.0
    theta = math.atan(abs(t) / math.sqrt(df))
    s, c = math.sin(theta), math.cos(theta)
    c2 = c * c
    if df % 2:  # odd
        total, term = 0.0, c
        for k in range(1, (df - 1) // 2 + 1):  # terms c, (2/3) c³, (2·4)/(1·3·5) c⁵ ... up to c^(df-2)
            if k > 1:
                term *= c2 * (2 * (k - 1)) / (2 * (k - 1) + 1)
            total += term
        a = 2.0 / math.pi * (theta + s * total)
    else:
        total, term = 0.0, 1.0
        for k in range(df // 2):  # terms 1, (1/2) c², (1·3)/(2·4) c⁴ ... up to c^(df-2)
            if k > 0:
                term *= c2 * (2 * k - 1) / (2 * k)
            total += term
        a = s * total
    return 0.5 + math.copysign(0.5 * min(a, 1.0), t)


def t_quantile(p: float, df: int) -> float:
    """The ``p`` quantile of Student's t with ``df`` degrees of freedom (inverse of :func:`t_cdf`).

    Notes
    -----
    Bisection on :func:`t_cdf` (monotone) until the bracket cannot shrink in double precision; exact
    closed forms for ``df = 1`` (``tan(π (p - 1/2))``) and ``df = 2`` (``(2p - 1) / sqrt(2 p (1 - p))``).

    Examples
    --------
    >>> round(t_quantile(0.975, 1), 3), round(t_quantile(0.975, 3), 3), round(t_quantile(0.975, 10), 3)
    (12.706, 3.182, 2.228)
    """
    if not 0.0 < p < 1.0:
        raise ValueError(f"p must lie strictly between 0 and 1, not {p}")
    df = int(df)
    if df < 1:
        raise ValueError(f"degrees of freedom must be a whole number >= 1, not {df}")
    if df == 1:
        return math.tan(math.pi * (p - 0.5))
    if df == 2:
        return (2.0 * p - 1.0) / math.sqrt(2.0 * p * (1.0 - p))
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    lo, hi = 0.0, 1.0
    while t_cdf(hi, df) < p:
        hi *= 2.0
    while True:
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            return hi
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid


def line_fit(x, y, x0: float, alpha: float = 0.05) -> dict:
    """Least-squares line ``y = a + b x`` and the ``1 - alpha`` prediction interval of a new ``y`` at ``x0``.

    Parameters
    ----------
    x, y : array-like of float
        At least three points, not all with the same ``x``.
    x0 : float
        Where the new observation is predicted.
    alpha : float
        1 - the interval's coverage (0.05: 95 %).

    Returns
    -------
    dict
        ``intercept``, ``slope``, ``predicted`` (``a + b x0``), ``low``, ``high``.

    Notes
    -----
    ``b = Σ(x - x̄)(y - ȳ) / Σ(x - x̄)²``, ``a = ȳ - b x̄``; residual variance ``s² = Σ e² / (n - 2)``;
    standard error of a new observation at ``x0``: ``s sqrt(1 + 1/n + (x0 - x̄)² / Σ(x - x̄)²)``; interval
    ``ŷ ± t(1 - alpha/2, n - 2) · se`` (what statsmodels' ``OLS(...).get_prediction(...).summary_frame``
    calls ``obs_ci_lower`` / ``obs_ci_upper``).

    Examples
    --------
    >>> f = line_fit([0, 1, 2], [1.0, 2.0, 3.0], 5)
    >>> round(f["slope"], 12), round(f["predicted"], 12), round(f["high"] - f["low"], 12)
    (1.0, 6.0, 0.0)
    """
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    n = len(xs)
    if n < 3 or len(ys) != n:
        raise ValueError("a line with a prediction interval needs at least three points")
    xbar, ybar = xs.mean(), ys.mean()
    sxx = float(((xs - xbar) ** 2).sum())
    if sxx == 0:
        raise ValueError("all points have the same x")
    slope = float(((xs - xbar) * (ys - ybar)).sum()) / sxx
    intercept = float(ybar - slope * xbar)
    resid = ys - (intercept + slope * xs)
    s2 = float((resid ** 2).sum()) / (n - 2)
    predicted = intercept + slope * x0
    se = math.sqrt(s2 * (1.0 + 1.0 / n + (x0 - xbar) ** 2 / sxx))
    half = t_quantile(1.0 - alpha / 2.0, n - 2) * se
    return {"intercept": intercept, "slope": slope, "predicted": predicted, "low": predicted - half,
            "high": predicted + half}
