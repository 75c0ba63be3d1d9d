"""Pace arithmetic, each expected value worked out by hand."""

import math

import pytest

from jzanalysis.analysis import pace


def test_cagr_urban_income():
    # (36578 / 27525) ** (1/5) - 1 = 1.328901 ** 0.2 - 1 = 0.058519  (the plan says 5.9 %)
    assert pace.cagr(27525, 36578, 5) == pytest.approx(0.058519, abs=1e-6)
    # the example: (45000 / 36578) ** (1/5) - 1 = 1.230247 ** 0.2 - 1 = 0.042314
    assert pace.cagr(36578, 45000, 5) == pytest.approx(0.042314, abs=1e-6)


def test_cagr_undefined():
    assert math.isnan(pace.cagr(0, 5, 5)) and math.isnan(pace.cagr(1, 2, 0))


def test_annual_change():
    # (42.9 - 42.4) / 5 = 0.1 points a year
    assert pace.annual_change(42.4, 42.9, 5) == pytest.approx(0.1)


def test_shortfall_rate():
    # shortfall 100-97.1 = 2.9 -> 100-97.5 = 2.5: (2.5/2.9) ** 0.2 - 1 = 0.862069 ** 0.2 - 1 = -0.029248
    assert pace.shortfall_rate(97.1, 97.5, 5) == pytest.approx(-0.029248, abs=1e-6)
    assert pace.shortfall_rate(93.0, 100.0, 5) == -1.0


@pytest.mark.parametrize("method,x0,rate,n,expected", [
    ("cagr", 100.0, 0.1, 2, 121.0),            # 100 * 1.1^2
    ("linear", 5.23, 0.166, 5, 6.06),          # 5.23 + 5 * 0.166
    ("shortfall", 97.1, -0.0292478, 5, 97.5),  # 100 - 2.9 * (1 - 0.0292478)^5 = 100 - 2.5
])
def test_project_inverts_pace(method, x0, rate, n, expected):
    assert pace.project(method, x0, rate, n) == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize("value,op,target,direction,hw,ok", [
    (7.85, "<=", 12.5, "lower", 0, True),     # ceiling met
    (13.0, "<=", 12.5, "lower", 0, False),
    (99.0, ">", 99, "higher", 0, False),      # strictly above
    (99.01, ">", 99, "higher", 0, True),
    (42750, "~", 45000, "higher", 2250, True),   # band edge 45000 - 2250
    (42749, "~", 45000, "higher", 2250, False),
    (5.3, "~", 5, "lower", 0.25, False),      # 5.3 > 5 + 0.25
    (5.2, "~", 5, "band", 0.25, True),
    (4.7, "~", 5, "band", 0.25, False),
    (60, "=", 60, "higher", 0, True),
])
def test_satisfies(value, op, target, direction, hw, ok):
    assert pace.satisfies(value, op, target, direction, hw) is ok


def test_pace_ratio():
    # 0.03 / 0.04 = 0.75 ; lower-is-better: -0.2 / -0.1 = 2
    assert pace.pace_ratio(0.03, 0.04) == pytest.approx(0.75)
    assert pace.pace_ratio(-0.2, -0.1, "lower") == pytest.approx(2.0)
    assert math.isnan(pace.pace_ratio(0.1, 0.0))
