"""Least squares and Student's t without statsmodels (jzanalysis.analysis.ols): values worked out by hand."""

import math

import pytest

from jzanalysis.analysis.ols import line_fit, t_cdf, t_quantile
from jzanalysis.analysis.status import fit_pace


@pytest.mark.parametrize("df, table", [(1, 12.706), (2, 4.303), (3, 3.182), (4, 2.776), (5, 2.571), (10, 2.228),
                                       (30, 2.042)])
def test_t_quantile_matches_the_printed_table(df, table):
    # two-sided 95 % points of Student's t, as every statistics table prints them (3 decimals)
    assert round(t_quantile(0.975, df), 3) == table
    assert t_quantile(0.025, df) == pytest.approx(-t_quantile(0.975, df))


def test_t_closed_forms():
    # df = 1 (Cauchy): tan(pi (p - 1/2)); p = 0.75 -> tan(pi/4) = 1
    assert t_quantile(0.75, 1) == pytest.approx(1.0)
    # df = 2: (2p - 1) / sqrt(2p(1 - p)); p = 0.975 -> 0.95 / sqrt(0.04875) = 0.95 / 0.2207940 = 4.3026527
    assert t_quantile(0.975, 2) == pytest.approx(0.95 / math.sqrt(0.04875))
    # the distribution function: df = 2, P(T <= t) = 1/2 + t / (2 sqrt(2 + t^2)); t = 1 -> 0.5 + 1/(2 sqrt 3)
    assert t_cdf(1.0, 2) == pytest.approx(0.5 + 1 / (2 * math.sqrt(3)))
    # df = 3, t = sqrt(3): theta = atan(1) = pi/4, A = (2/pi)(pi/4 + sin cos) = (2/pi)(pi/4 + 1/2) = 0.5 + 1/pi
    assert t_cdf(math.sqrt(3), 3) == pytest.approx(0.5 + (0.5 + 1 / math.pi) / 2)
    # the inverse really inverts, odd and even df
    for df in (3, 4, 7, 12):
        assert t_cdf(t_quantile(0.9, df), df) == pytest.approx(0.9, abs=1e-14)


def test_line_fit_by_hand():
    # x = 0..3, y = 1, 3, 2, 4: x̄ = 1.5, ȳ = 2.5, Sxx = 2.25 + 0.25 + 0.25 + 2.25 = 5,
    # Sxy = 2.25 - 0.25 - 0.25 + 2.25 = 4 -> b = 0.8, a = 2.5 - 0.8 * 1.5 = 1.3
    # residuals -0.3, 0.9, -0.9, 0.3 -> SSE = 1.8, s² = 1.8 / 2 = 0.9
    # at x0 = 5: ŷ = 1.3 + 4 = 5.3; se = sqrt(0.9 (1 + 1/4 + 3.5² / 5)) = sqrt(0.9 * 3.7) = sqrt(3.33)
    # half width = t(0.975, 2) * se = 4.3026527 * 1.8248288 = 7.2993152 + 0.5522893 = 7.8516044
    f = line_fit([0, 1, 2, 3], [1, 3, 2, 4], 5)
    assert f["slope"] == pytest.approx(0.8) and f["intercept"] == pytest.approx(1.3)
    assert f["predicted"] == pytest.approx(5.3)
    half = (0.95 / math.sqrt(0.04875)) * math.sqrt(3.33)
    assert half == pytest.approx(7.8516044, rel=1e-7)
    assert f["low"] == pytest.approx(5.3 - half) and f["high"] == pytest.approx(5.3 + half)


def test_fit_pace_band_by_hand():
    # linear, 2020..2023 with values 1, 3, 2, 4: the fit above; the band at 2025 (x0 = 5) is 5.3 ± 7.8516044
    f = fit_pace("linear", [2020, 2021, 2022, 2023], [1, 3, 2, 4], 2025)
    assert f["how"] == "OLS" and f["pace"] == pytest.approx(0.8)
    assert f["low"] == pytest.approx(5.3 - 7.8516044) and f["high"] == pytest.approx(5.3 + 7.8516044)


def test_same_numbers_as_statsmodels():
    # an independent computation, where the dev environment has statsmodels
    sm = pytest.importorskip("statsmodels.api")
    import numpy as np

    x = np.array([0.0, 1, 2, 4, 5, 7])
    y = np.log([100.0, 104, 109, 117, 121, 133])
    fit = sm.OLS(y, sm.add_constant(x)).fit()
    band = fit.get_prediction(np.array([[1.0, 10.0]])).summary_frame(alpha=0.05)
    ours = line_fit(x, y, 10.0)
    assert ours["slope"] == pytest.approx(float(fit.params[1]), rel=1e-12)
    assert ours["low"] == pytest.approx(float(band["obs_ci_lower"].iloc[0]), rel=1e-12)
    assert ours["high"] == pytest.approx(float(band["obs_ci_upper"].iloc[0]), rel=1e-12)


@pytest.mark.parametrize("bad", [([0, 1], [1, 2]), ([1, 1, 1], [1, 2, 3])])
def test_line_fit_refuses_too_few_or_equal_x(bad):
    with pytest.raises(ValueError):
        line_fit(*bad, 5)
