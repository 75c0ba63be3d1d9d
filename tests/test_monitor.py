"""Monitoring: hand-computed statuses, validation of the actuals file, and the year-on-year changes.

Assessment rows are built by hand (:func:`arow`), so these tests do not depend on the parser.
Notation: b base year, t latest year, x values, tau target, R = actual pace / required pace.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import pandas as pd
import pytest

from jzanalysis.analysis.assess import ASSESS_COLUMNS
from jzanalysis.analysis.changes import what_changed
from jzanalysis.analysis.status import MONITOR_COLUMNS, fit_pace, monitor
from jzanalysis.errors import InputError
from jzanalysis.inputs.actuals import LOADED_COLUMNS, UnitWarning, load_actuals

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "actuals_example.csv"
NAN = math.nan


def arow(ident, base, tau, op=">=", *, pace="linear", direction="higher", kind="level", unit="",
         hw=NAN, feasibility="reachable", reason_zh="", reason_en="", required=None, name=None,
         basis_change=False) -> dict:
    """One assessment row with every ASSESS_COLUMNS field; the required pace as jzanalysis.analysis.assess computes it."""
    if required is None:
        x0 = 0.0 if kind == "cumulative" else base
        if kind == "growth":
            required = tau
        elif pace == "cagr":
            required = ((tau / x0) ** (1 / 5) - 1) * 100
        elif pace == "shortfall":
            required = (((100 - tau) / (100 - x0)) ** (1 / 5) - 1) * 100
        elif pace == "linear" and not math.isnan(x0):
            required = (tau - x0) / 5
        else:
            required = NAN
    row = {c: NAN for c in ASSESS_COLUMNS}
    row.update(id=ident, seq=pd.NA, source="Table 1-1", name=name or ident, name_en=ident, unit=unit,
               direction=direction, kind=kind, baseline_year=2020,
               baseline_value=0.0 if kind == "cumulative" else base, target_year=2025, target_value=tau,
               target_op=op, band_halfwidth=hw, primary_pace="growth" if kind == "growth" else pace,
               required_pace=required, feasibility=feasibility, reason_zh=reason_zh, reason_en=reason_en,
               reference_source="", basis_change=basis_change)
    return row


def frame(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows))[ASSESS_COLUMNS]


def obs(ident, points: dict) -> pd.DataFrame:
    return pd.DataFrame({"id": ident, "year": list(points), "value": [float(v) for v in points.values()]})


def one(row: dict, points: dict, as_of: int = 2023) -> pd.Series:
    out = monitor(frame(row), obs(row["id"], points), as_of)
    return out.iloc[0]


# Rows with the plan's 2020 baselines and 2025 targets (data/raw plan, Table 1-1 and prose).
INFANT = arow("infant_mortality_rate", 4.79, 5.25, "<=", direction="lower", kind="rate", unit="‰",
              feasibility="met_at_baseline")
BEDS = arow("hospital_beds_per_1000", 5.23, 5.3, pace="cagr", kind="per_capita", unit="张")
RENOVATION = arow("old_residential_compound_renovation", NAN, 852, kind="cumulative", unit="个",
                  feasibility="no_reference")
PENSION = arow("basic_pension_insurance_coverage", 93.9, 95.8, pace="shortfall", kind="share", unit="%")
EXERCISE = arow("regular_exercise_share", 42.4, 42.9, kind="share", unit="%")
PHYSICIANS = arow("physicians_per_1000", 2.39, 2.74, pace="cagr", kind="per_capita", unit="人")
KINDERGARTEN = arow("public_kindergarten_share", 57.16, 60, kind="share", unit="%")
NURSING = arow("nursing_bed_share", 41, 55, kind="share", unit="%")
LIFE = arow("life_expectancy", 77.3, 78.1, unit="岁")
LIBRARY = arow("library_annual_visits", 73.2, 80, pace="cagr", unit="万人")
CERTIFIED = arow("certified_employee_share", 21.5, 50, ">", kind="share", unit="%")
UNEMPLOYMENT = arow("urban_surveyed_unemployment_rate", NAN, 5.0, "~", direction="lower", kind="rate",
                    unit="%", hw=0.25, feasibility="not_assessable",
                    reason_en="No 2020 baseline: the required pace cannot be computed.")
INCOME_GROWTH = arow("disposable_income_growth", 5.4, 9, kind="growth", pace="none", unit="%")
IMMUNIZATION = arow("immunization_coverage", 93.49, 90, pace="shortfall", kind="share", unit="%",
                    feasibility="not_assessable", basis_change=True,
                    reason_zh="统计口径改变（以县为单位→以乡为单位），不跨口径计算增速。",
                    reason_en="The measurement basis changes between 2020 and 2025; no pace is computed across it.")
REHAB = arow("disabled_rehabilitation_coverage", NAN, 85, ">", pace="shortfall", kind="share", unit="%",
             feasibility="not_assessable")
SUBSISTENCE = arow("subsistence_allowance_growth", NAN, NAN, "relational", kind="growth", unit="%",
                   feasibility="not_assessable")
URBAN = arow("urban_disposable_income", 36578, 45000, "~", pace="cagr", unit="元", hw=2250)
RURAL = arow("rural_disposable_income", 15767, 20000, ">", pace="cagr", unit="元")
ALL = [INFANT, BEDS, RENOVATION, PENSION, EXERCISE, PHYSICIANS, KINDERGARTEN, NURSING, LIFE, LIBRARY, CERTIFIED,
       UNEMPLOYMENT, INCOME_GROWTH, IMMUNIZATION, REHAB, SUBSISTENCE, URBAN, RURAL]


# ------------------------------------------------------------------------------------------------ statuses

def test_at_risk_ceiling_met_now_but_projected_to_be_breached():
    m = one(INFANT, {2021: 4.95, 2022: 5.10, 2023: 5.22})
    # 4 points 2020..2023, OLS of x on year, centred years -1.5, -0.5, 0.5, 1.5 (sum of squares 5):
    # slope = (-1.5*4.79 - 0.5*4.95 + 0.5*5.10 + 1.5*5.22) / 5 = 0.72 / 5 = +0.144 per year
    assert m["actual_pace"] == pytest.approx(0.144)
    # 5.22 <= 5.25 now; projection 5.22 + 2 * 0.144 = 5.508 > 5.25 -> at_risk
    assert m["projected_actual"] == pytest.approx(5.508)
    assert m["status"] == "at_risk"
    assert m["status_zh_review"] == "基本符合预期"
    assert "预警" in m["status_reason_zh"] and "5.508" in m["status_reason_zh"]
    assert "Warning" in m["status_reason_en"]
    # met at the base and now: the plan's "required" +0.092 is slack, not a pace towards the target
    assert math.isnan(m["pace_ratio"])
    # 95 % prediction band of the fit at 2025 brackets the projection
    assert m["projection_low"] < 5.508 < m["projection_high"]


def test_achieved_with_exactly_two_points_has_no_band():
    m = one(BEDS, {2022: 5.35})
    # R = ((5.35/5.23)**(1/2)-1) / ((5.3/5.23)**(1/5)-1) = 0.011408/0.002662 = 4.29
    assert m["n_points"] == 2
    assert m["actual_pace"] == pytest.approx(1.1408, abs=1e-4)
    assert m["pace_ratio"] == pytest.approx(4.285, abs=1e-3)
    # 5.35 >= 5.3 and 5.35 * 1.011408**3 = 5.535 still >= 5.3 -> achieved
    assert m["projected_actual"] == pytest.approx(5.5352, abs=1e-4)
    assert m["status"] == "achieved" and m["status_zh_review"] == "提前实现"
    assert math.isnan(m["projection_low"]) and math.isnan(m["projection_high"])


def test_cumulative_count_ahead_of_schedule():
    m = one(RENOVATION, {2021: 250, 2022: 480, 2023: 700})
    # 时间过半、任务过半: f = (2023-2020)/5 = 0.6; completed 700/852 = 0.822 >= 0.6;
    # run rate 700/3 = 233.3 >= required (852-700)/(2025-2023) = 76.0 -> on_track
    assert m["time_share"] == pytest.approx(0.6)
    assert m["progress_share"] == pytest.approx(700 / 852)
    # OLS on (2020, 0), (2021, 250), (2022, 480), (2023, 700): (-0.5*250 + 0.5*480 + 1.5*700)/5 = 233
    # R = 233 / (852/5 = 170.4) = 1.367
    assert m["actual_pace"] == pytest.approx(233.0)
    assert m["pace_ratio"] == pytest.approx(1.3674, abs=1e-4)
    assert m["status"] == "on_track"
    # pi = 0.822 >= f + 0.1 = 0.7 -> 快于预期
    assert m["status_zh_review"] == "快于预期"
    assert "82.2%" in m["status_reason_zh"] and "233.3" in m["status_reason_zh"]
    assert "76.0" in m["status_reason_zh"] and "时间过半、任务过半" in m["status_reason_zh"]


def test_cumulative_count_behind_schedule():
    m = one(RENOVATION, {2021: 100, 2022: 250}, as_of=2022)
    # f = 0.4; completed 250/852 = 0.293 < 0.4 -> not on track;
    # OLS of 3 evenly spaced points: slope = (250 - 0)/2 = 125; R = 125/170.4 = 0.734 -> needs_acceleration
    assert m["pace_ratio"] == pytest.approx(0.7336, abs=1e-4)
    assert m["status"] == "needs_acceleration" and m["status_zh_review"] == "滞后"
    assert "任务进度落后于时间进度" in m["status_reason_zh"]


def test_share_near_100_uses_the_shortfall_pace():
    m = one(PENSION, {2021: 94.3, 2022: 94.6}, as_of=2022)
    # shortfalls 100-x: 6.1, 5.7, 5.4; OLS of log shortfall on 3 evenly spaced years: slope = (ln5.4-ln6.1)/2
    # = (1.686399 - 1.808289)/2 = -0.060945; pace = e^slope - 1 = -5.9125 %/yr
    # required = ((100-95.8)/(100-93.9))**(1/5) - 1 = (4.2/6.1)**0.2 - 1 = -7.1923 %/yr
    # R = -5.9125 / -7.1923 = 0.822 -> needs_acceleration
    assert m["actual_pace"] == pytest.approx(-5.9125, abs=1e-4)
    assert m["required_pace"] == pytest.approx(-7.1923, abs=1e-4)
    assert m["pace_ratio"] == pytest.approx(0.8221, abs=1e-4)
    assert m["status"] == "needs_acceleration"
    # projection: 100 - 5.4 * (1 - 0.059125)**3 = 100 - 4.4976 = 95.502
    assert m["projected_actual"] == pytest.approx(95.502, abs=1e-3)
    # the band is on the share's scale (100 - e^y), below 100
    assert m["projection_low"] < m["projection_high"] < 100


def test_falling_series_is_regressing():
    m = one(EXERCISE, {2021: 42.2, 2022: 41.9, 2023: 41.5})
    # OLS: (-1.5*42.4 - 0.5*42.2 + 0.5*41.9 + 1.5*41.5)/5 = -1.5/5 = -0.3 pp/yr; required (42.9-42.4)/5 = +0.1
    # R = -0.3 / 0.1 = -3.0 < 0 -> regressing
    assert m["actual_pace"] == pytest.approx(-0.3)
    assert m["pace_ratio"] == pytest.approx(-3.0)
    assert m["status"] == "regressing" and m["status_zh_review"] == "滞后"
    assert "-0.3个百分点" in m["status_reason_zh"] and "实际速度为所需的-3.00倍" in m["status_reason_zh"]


def test_gap_year_uses_the_real_years():
    m = one(PHYSICIANS, {2021: 2.43, 2023: 2.55})
    # years 2020, 2021, 2023 (no 2022): x = 0, 1, 3, mean 4/3, dx = -4/3, -1/3, 5/3, Sxx = 42/9 = 4.6667
    # y = ln 2.39, ln 2.43, ln 2.55 = 0.871293, 0.887891, 0.936093
    # Sxy = -4/3*0.871293 - 1/3*0.887891 + 5/3*0.936093 = 0.102467; slope = 0.021957; pace = e^0.021957-1 = 2.2200 %
    # (treating the points as consecutive would give (0.936093-0.871293)/2 = 0.0324 -> 3.29 %, wrong)
    assert m["actual_pace"] == pytest.approx(2.2200, abs=1e-4)
    # R = 2.2200 / ((2.74/2.39)**0.2 - 1 = 2.7710 %) = 0.801 -> needs_acceleration
    assert m["pace_ratio"] == pytest.approx(0.8012, abs=1e-4)
    assert m["status"] == "needs_acceleration"
    assert m["n_points"] == 3 and m["observed"] == "2021: 2.43; 2023: 2.55"
    assert m["projection_low"] < m["projected_actual"] < m["projection_high"]


def test_on_track_and_the_review_labels():
    m = one(KINDERGARTEN, {2021: 57.6, 2022: 58.3, 2023: 59.0})
    # OLS: (-1.5*57.16 - 0.5*57.6 + 0.5*58.3 + 1.5*59.0)/5 = 3.11/5 = 0.622; R = 0.622/0.568 = 1.095 -> on_track
    # pi = (59-57.16)/(60-57.16) = 0.648 < f + 0.1 = 0.7 and R < 1.2 -> 基本符合预期
    assert m["pace_ratio"] == pytest.approx(1.0951, abs=1e-4)
    assert m["progress_share"] == pytest.approx(0.6479, abs=1e-4)
    assert (m["status"], m["status_zh_review"]) == ("on_track", "基本符合预期")
    m = one(LIFE, {2021: 77.5, 2022: 77.6, 2023: 77.9})
    # OLS: (-1.5*77.3 - 0.5*77.5 + 0.5*77.6 + 1.5*77.9)/5 = 0.95/5 = 0.19; R = 0.19/0.16 = 1.1875 -> on_track
    # pi = 0.6/0.8 = 0.75 >= 0.7 -> 快于预期
    assert m["pace_ratio"] == pytest.approx(1.1875)
    assert (m["status"], m["status_zh_review"]) == ("on_track", "快于预期")


def test_needs_acceleration_and_off_track():
    m = one(NURSING, {2021: 42.0, 2022: 43.5}, as_of=2022)
    # 3 evenly spaced points: slope = (43.5 - 41)/2 = 1.25; R = 1.25 / ((55-41)/5 = 2.8) = 0.446 -> off_track
    assert m["pace_ratio"] == pytest.approx(0.4464, abs=1e-4)
    assert m["status"] == "off_track"
    m = one(NURSING, {2021: 42.0, 2022: 43.5, 2023: 46.5})
    # OLS: (-1.5*41 - 0.5*42 + 0.5*43.5 + 1.5*46.5)/5 = 9/5 = 1.8; R = 1.8/2.8 = 0.643 -> needs_acceleration
    assert m["pace_ratio"] == pytest.approx(0.6429, abs=1e-4)
    assert m["status"] == "needs_acceleration"
    # the reason quotes the numbers
    assert m["status_reason_zh"] == ("2023年46.5，年均变化+1.8个百分点，需+2.8个百分点（实际速度为所需的0.64倍）；"
                                     "按此速度2025年约50.1（目标≥55）。")


def test_growth_target_is_the_geometric_mean_of_yearly_rates():
    m = one(INCOME_GROWTH, {2021: 8.6, 2022: 5.9, 2023: 6.3})
    # geometric mean (1.086 * 1.059 * 1.063)^(1/3) - 1 = 1.2225287^(1/3) - 1 = 6.9267 % (arithmetic 6.933);
    # R = 6.9267/9 = 0.7696 -> needs_acceleration (the 2020 rate 5.4 is the baseline point, not part of the
    # 2021-2025 average)
    assert m["actual_pace"] == pytest.approx(6.9267, abs=1e-4)
    assert m["pace_ratio"] == pytest.approx(0.7696, abs=1e-4)
    assert m["status"] == "needs_acceleration" and m["n_points"] == 4
    # a mean above the target before 2025 is on track, not achieved: (1.095 * 1.093)^(1/2) - 1 = 9.39995 %,
    # R = 1.0444
    m = one(INCOME_GROWTH, {2021: 9.5, 2022: 9.3}, as_of=2022)
    assert m["pace_ratio"] == pytest.approx(1.0444, abs=1e-4)
    assert m["status"] == "on_track"
    # at 2025 (final): (1.095 * 1.09 * 1.092 * 1.089 * 1.094)^(1/5) - 1 = 1.5527747^(1/5) - 1 = 9.1998 % >= 9
    # -> achieved, 完成
    m = one(INCOME_GROWTH, {2021: 9.5, 2022: 9.0, 2023: 9.2, 2024: 8.9, 2025: 9.4}, as_of=2025)
    assert m["actual_pace"] == pytest.approx(9.1998, abs=1e-4) and m["status"] == "achieved"
    assert m["status_zh_review"] == "完成" and math.isnan(m["projected_actual"])
    # a constant 8.0: mean 8.0, gap 9 - 8 = 1 point; 8.0 rounded half-up to 0 decimals = 8 < 9 -> 未完成
    m = one(INCOME_GROWTH, {2021: 8, 2022: 8, 2023: 8, 2024: 8, 2025: 8}, as_of=2025)
    assert (m["status"], m["status_zh_review"]) == ("not_achieved", "未完成")
    assert m["final_gap"] == pytest.approx(-1.0)
    # a constant 8.6: mean 8.6 rounds half-up to 9 >= 9 -> the plan's rounding explains the miss: 基本完成
    m = one(INCOME_GROWTH, {2021: 8.6, 2022: 8.6, 2023: 8.6, 2024: 8.6, 2025: 8.6}, as_of=2025)
    assert (m["status"], m["status_zh_review"]) == ("mostly_achieved", "基本完成")


def test_not_assessable_cases():
    m = one(REHAB, {2023: 86.0})
    # no 2020 baseline and one observed point: 1 point < 2
    assert m["n_points"] == 1
    assert (m["status"], m["status_zh_review"]) == ("not_assessable", "无法评估")
    assert "仅有1个可比数据点" in m["status_reason_zh"]
    m = one(IMMUNIZATION, {2021: 99.1, 2022: 99.3, 2023: 99.2})
    assert m["status"] == "not_assessable" and "口径" in m["status_reason_zh"]
    m = one(SUBSISTENCE, {2021: 5.0, 2022: 6.0})
    assert m["status"] == "not_assessable" and "参照序列" in m["status_reason_zh"]
    out = monitor(frame(BEDS, EXERCISE), obs("hospital_beds_per_1000", {2022: 5.35}), 2023)
    ex = out.set_index("id").loc["regular_exercise_share"]
    # no value at all: no data (缺少数据), counted apart from not assessable; the period after the 2020 baseline
    assert ex["status"] == "no_data" and ex["status_reason_en"] == "No data: no actual value for 2021-2023."
    assert ex["status_reason_zh"] == "缺少数据：2021—2023年没有实际值。"
    assert ex["observed"] == ""


def test_no_baseline_takes_the_first_observed_point_as_base():
    m = one(UNEMPLOYMENT, {2021: 5.3, 2022: 5.5}, as_of=2022)
    # base 2021: 5.3 (above the band edge 5.25); required (5.0 - 5.3)/(2025-2021) = -0.075 per year
    # actual (5.5 - 5.3)/1 = +0.2; R = 0.2 / -0.075 = -2.67 -> regressing
    assert m["required_pace"] == pytest.approx(-0.075)
    assert m["pace_ratio"] == pytest.approx(-2.6667, abs=1e-4)
    assert m["time_share"] == pytest.approx(0.25)  # (2022-2021)/(2025-2021)
    assert m["status"] == "regressing" and "以2021年5.3为基期" in m["status_reason_zh"]
    m = one(UNEMPLOYMENT, {2021: 5.3, 2022: 5.5, 2023: 5.2})
    # 5.2 <= 5.0 + 0.25; OLS slope (5.2 - 5.3)/2 = -0.05, projection 5.2 - 2*0.05 = 5.1 still in -> achieved
    assert m["projected_actual"] == pytest.approx(5.1)
    assert m["status"] == "achieved"


def test_met_at_baseline_then_breached_needs_the_pace_back():
    m = one(INFANT, {2021: 5.0, 2023: 5.4})
    # 5.4 > 5.25: required from the latest point back to the ceiling: (5.25 - 5.4)/2 = -0.075 per year
    # OLS on (2020, 4.79), (2021, 5.0), (2023, 5.4): x = 0, 1, 3, mean 4/3, Sxx = 42/9,
    # Sxy = -4/3*4.79 - 1/3*5.0 + 5/3*5.4 = -6.38667 - 1.66667 + 9.0 = 0.94667; slope = 0.94667/4.66667
    # = 0.20286 -> R = 0.20286 / -0.075 = -2.705
    assert m["actual_pace"] == pytest.approx(0.20286, abs=1e-5)
    assert m["pace_ratio"] == pytest.approx(-2.7048, abs=1e-4)
    assert "需-0.075‰" in m["status_reason_zh"] and "基期已达标" in m["status_reason_zh"]
    assert m["status"] == "regressing"


def test_target_year_reached_and_missed_is_not_achieved():
    m = one(NURSING, {2023: 50, 2025: 53}, as_of=2025)
    # 53 < 55: gap 53 - 55 = -2 points, planned 55 - 41 = 14: share 2/14 = 14.3 %; no projection
    assert (m["status"], m["status_zh_review"]) == ("not_achieved", "未完成")
    assert m["final_gap"] == pytest.approx(-2.0) and m["final_gap_share"] == pytest.approx(2 / 14)
    assert math.isnan(m["projected_actual"]) and m["status_rule"] == "final"
    assert "总结评估" in m["status_reason_zh"] and "差距2个百分点" in m["status_reason_zh"]
    assert "14.3%" in m["status_reason_zh"] and "提前" not in m["status_reason_zh"]


def test_monitor_keeps_rows_and_columns():
    a = frame(*ALL)
    out = monitor(a, obs("life_expectancy", {2021: 77.5}), 2023)
    assert list(out.columns) == ASSESS_COLUMNS + MONITOR_COLUMNS
    assert list(out["id"]) == list(a["id"])
    assert (out["status"] != "").all()


def test_fit_pace_methods():
    # two points: the endpoints, no band
    f = fit_pace("linear", [2020, 2022], [1.0, 2.0])
    assert f["pace"] == pytest.approx(0.5) and math.isnan(f["low"]) and f["how"] == "endpoints"
    # three exactly linear points: slope 1, band collapses onto 6 at 2025
    f = fit_pace("linear", [2020, 2021, 2022], [1.0, 2.0, 3.0])
    assert f["pace"] == pytest.approx(1.0) and f["low"] == pytest.approx(6.0) and f["high"] == pytest.approx(6.0)
    # cagr: 10 % a year exactly
    f = fit_pace("cagr", [2020, 2021, 2023], [100, 110, 133.1])
    assert f["pace"] == pytest.approx(10.0)


# ------------------------------------------------------------------------------------------------ validation

def write(tmp_path, text: str, name: str = "a.csv", encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def error(tmp_path, text, **kw) -> InputError:
    p = write(tmp_path, text, **kw)
    with pytest.raises(InputError) as exc:
        load_actuals(p, frame(*ALL))
    return exc.value


def test_load_actuals_returns_typed_columns_and_the_illustrative_flag(tmp_path):
    p = write(tmp_path, "id,year,value,source,note\n"
                        "life_expectancy,2021,77.5,晋中市统计公报2021,\n"
                        "\n"
                        "life_expectancy,2022,77.6,,示例数据\n"
                        "nursing_bed_share,2022,43.5,Illustrative,\n")
    a = load_actuals(p, frame(*ALL))
    assert list(a.columns) == LOADED_COLUMNS
    assert list(a["line"]) == [2, 4, 5]  # the blank line 3 keeps its number
    assert list(a["illustrative"]) == [False, True, True]
    assert a["year"].dtype.kind == "i" and a["value"].dtype.kind == "f"
    # source and note are optional
    p = write(tmp_path, "id,year,value\nlife_expectancy,2021,77.5\n", name="b.csv")
    a = load_actuals(p, frame(*ALL))
    assert a.loc[0, "source"] == "" and not a.loc[0, "illustrative"]


def test_unknown_id_names_line_and_close_ids(tmp_path):
    e = error(tmp_path, "id,year,value\nlife_expectancy,2021,77.5\nhospital_beds_per_100,2021,5.3\n")
    assert (e.line, e.field) == (3, "id")
    assert str(e).startswith(f"{tmp_path / 'a.csv'}:3: id: unknown id 'hospital_beds_per_100'")
    assert "hospital_beds_per_1000" in str(e)


def test_year_out_of_range(tmp_path):
    e = error(tmp_path, "id,year,value\nlife_expectancy,2021,77.5\nlife_expectancy,2040,78\n")
    assert str(e) == f"{tmp_path / 'a.csv'}:3: year: year 2040 outside 2015..2035"


def test_non_numeric_value(tmp_path):
    e = error(tmp_path, "id,year,value\nlife_expectancy,2021,abc\n")
    assert str(e) == f"{tmp_path / 'a.csv'}:2: value: expected a number, found 'abc'"


def test_non_numeric_year(tmp_path):
    e = error(tmp_path, "id,year,value\nlife_expectancy,2021,77.5\nlife_expectancy,二〇二二,77.6\n")
    assert (e.line, e.field) == (3, "year") and "二〇二二" in str(e)


def test_duplicate_names_both_lines(tmp_path):
    e = error(tmp_path, "id,year,value\nlife_expectancy,2021,77.5\nlife_expectancy,2022,77.6\n"
                        "life_expectancy,2021,77.7\n")
    assert str(e) == f"{tmp_path / 'a.csv'}:4: year: duplicate (id, year) = (life_expectancy, 2021): lines 2 and 4"


def test_share_outside_0_100(tmp_path):
    e = error(tmp_path, "id,year,value\nbasic_pension_insurance_coverage,2021,120\n")
    assert (e.line, e.field) == (2, "value")
    assert "basic_pension_insurance_coverage value 120 outside the possible range 0..100" in str(e)


def test_missing_column(tmp_path):
    e = error(tmp_path, "id,year,Value\nlife_expectancy,2021,77.5\n")
    assert (e.line, e.field) == (1, "value")
    assert "missing required column 'value'" in str(e) and "found 'Value'" in str(e)


def test_empty_file(tmp_path):
    e = error(tmp_path, "")
    assert (e.line, e.field) == (1, "header") and "empty" in str(e)


def test_non_utf8(tmp_path):
    e = error(tmp_path, "id,year,value,source\nlife_expectancy,2021,77.5,x\nlife_expectancy,2022,77.6,统计公报\n",
              encoding="gbk")
    assert (e.line, e.field) == (3, "encoding") and "UTF-8" in str(e)


def test_header_only_file_is_an_empty_table(tmp_path):
    p = write(tmp_path, "id,year,value,source,note\n")  # like data/raw/actuals_template.csv
    a = load_actuals(p, frame(*ALL))
    assert a.empty and list(a.columns) == LOADED_COLUMNS
    out = monitor(frame(*ALL), a)
    # no value anywhere: every row is no data, except those no value could make assessable (a relational
    # target, a target with no number; a change of basis is judged on the new basis in the final year, the
    # default as-of year of an empty file)
    structural = out["target_op"].eq("relational") | out["target_value"].isna()
    assert set(out.loc[structural, "status"]) == {"not_assessable"}
    assert set(out.loc[~structural, "status"]) == {"no_data"}


def test_first_error_by_line_wins(tmp_path):
    e = error(tmp_path, "id,year,value\nlife_expectancy,2021,77.5\nlife_expectancy,2019,x\nnope,2040,1\n")
    assert (e.line, e.field) == (3, "value")


def test_unit_warning_wan_yuan(tmp_path):
    p = write(tmp_path, "id,year,value\nurban_disposable_income,2021,39200\nurban_disposable_income,2022,4.05\n")
    # 4.05 / 36578 = 1.1e-4 -> 万元 where 元 is expected: an error by default (issue 11) ...
    with pytest.raises(InputError) as exc:
        load_actuals(p, frame(*ALL))
    assert (exc.value.line, exc.value.field) == (3, "value") and "万元" in str(exc.value)
    # ... a warning (and a warning column) when accepted explicitly
    with pytest.warns(UnitWarning) as rec:
        a = load_actuals(p, frame(*ALL), accept_implausible=True)
    msg = str(rec[0].message)
    assert f"{p}:3:" in msg and "urban_disposable_income" in msg and "万元" in msg
    assert len(a) == 2
    assert list(a["value_warning_en"] != "") == [False, True] and "万元" in a.loc[1, "value_warning_zh"]
    # a plausible file warns about nothing
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnitWarning)
        load_actuals(EXAMPLE, frame(*ALL))


# ------------------------------------------------------------------------------------------------ example + what_changed

def test_example_file_is_illustrative_and_valid():
    a = load_actuals(EXAMPLE, frame(*ALL))
    assert a["illustrative"].all()
    assert set(a["source"]) == {"illustrative, not official"} and set(a["note"]) == {"示例数据，非官方统计"}
    assert {"urban_disposable_income", "rural_disposable_income"} <= set(a["id"])
    assert a["year"].between(2021, 2023).all()


def test_two_year_sequence_what_changed(tmp_path):
    a = frame(*ALL)
    actuals = load_actuals(EXAMPLE, a)
    m22 = monitor(a, actuals, 2022)
    m22.to_csv(tmp_path / "assessment_2022.csv", index=False)
    previous = pd.read_csv(tmp_path / "assessment_2022.csv")  # last year's saved output, read back
    m23 = monitor(a, actuals, 2023)
    st = m23.set_index("id")["status"]
    assert st["infant_mortality_rate"] == "at_risk"
    assert st["old_residential_compound_renovation"] == "on_track"
    assert st["disabled_rehabilitation_coverage"] == "not_assessable"
    ch = what_changed(previous, m23)
    assert list(ch.columns) == ["id", "name", "status_before", "status_now", "latest_before", "latest_now",
                                "new_points", "reason_zh", "reason_en"]
    rows = [tuple(r) for r in ch[["id", "status_before", "status_now", "new_points"]].itertuples(index=False)]
    assert rows == [
        # 2022: base 2021 5.3, +0.2 vs -0.075 needed, R = -2.67; 2023: 5.2 inside 5 ± 0.25 -> achieved (5 steps)
        ("urban_surveyed_unemployment_rate", "regressing", "achieved", "2023: 5.2"),
        # 2022: 3 points 73.2, 60.5, 55 -> pace e^((ln55-ln73.2)/2)-1 = -13.32 %, R = -7.43;
        # 2023: OLS slope of ln(73.2, 60.5, 55, 78) = 0.047616/5 = 0.0095232 -> 0.957 %, R = 0.957/1.7925 = 0.53,
        # but 78 is ahead of the straight line 73.2 + 0.6 * 6.8 = 77.28 (pi = 4.8/6.8 = 0.71 >= f = 0.6):
        # the straight-line rule makes it on_track, not lagging
        ("library_annual_visits", "regressing", "on_track", "2023: 78"),
        # R 1.25/2.8 = 0.45 -> 1.8/2.8 = 0.64
        ("nursing_bed_share", "off_track", "needs_acceleration", "2023: 46.5"),
        # shortfall pace -5.91 % -> -6.87 % against -7.19 %: R 0.82 -> 0.955
        ("basic_pension_insurance_coverage", "needs_acceleration", "on_track", "2023: 95.1"),
        # R 0.15/0.16 = 0.94 -> 0.19/0.16 = 1.19
        ("life_expectancy", "needs_acceleration", "on_track", "2023: 77.9"),
    ]
    first = ch.iloc[0]
    assert first["latest_before"] == pytest.approx(5.5) and first["latest_now"] == pytest.approx(5.2)
    # said in words, never with the variable name R (issue 15 §5)
    assert first["reason_zh"] == "2023年新数据5.2使实际速度与所需速度之比由-2.67升至0.67，状态由逆向变化变为已达标。"
    assert first["reason_en"] == ("New 2023 value 5.2 moves the ratio of the actual to the required pace from -2.67 "
                                  "to 0.67; status regressing -> achieved.")
    assert ch.iloc[3]["reason_zh"] == "2023年新数据95.1使实际速度与所需速度之比由0.82升至0.95，状态由需加快变为进度正常。"


def test_what_changed_new_ids_and_no_change():
    a = frame(LIFE, NURSING)
    prev = monitor(frame(LIFE), obs("life_expectancy", {2021: 77.5, 2022: 77.6}), 2022)
    cur = monitor(a, pd.concat([obs("life_expectancy", {2021: 77.5, 2022: 77.6}),
                                obs("nursing_bed_share", {2021: 42.0, 2022: 43.5})]), 2022)
    ch = what_changed(prev, cur)
    assert list(ch["id"]) == ["nursing_bed_share"]
    assert ch.iloc[0]["status_before"] == "" and ch.iloc[0]["status_now"] == "off_track"
    assert ch.iloc[0]["new_points"] == "2021: 42; 2022: 43.5"
    assert what_changed(cur, cur).empty


# ------------------------------------------------------------------------------------------------ integration

def test_analyse_with_the_example_actuals():
    try:
        import jzanalysis.plan.prose  # noqa: F401
    except ImportError:
        pytest.skip("jzanalysis.plan.prose (the prose parser) is not available yet")
    import jzanalysis

    a = jzanalysis.analyse(actuals=EXAMPLE, as_of=2023)
    out = a.assessment.set_index("id")
    assert set(MONITOR_COLUMNS) <= set(out.columns)
    assert out.loc["infant_mortality_rate", "status"] == "at_risk"
    assert out.loc["old_residential_compound_renovation", "status"] == "on_track"
    assert out.loc["regular_exercise_share", "status"] == "regressing"
    assert out.loc["immunization_coverage", "status"] == "not_assessable"
    assert out.loc["urban_disposable_income", "n_points"] >= 3


def test_value_warnings_are_joined_by_year_in_each_language(tmp_path):
    from jzanalysis.inputs.actuals import value_warnings

    p = write(tmp_path, "id,year,value\nurban_disposable_income,2022,4.05\nurban_disposable_income,2023,4.2\n")
    with pytest.warns(UnitWarning):
        a = load_actuals(p, frame(*ALL), accept_implausible=True)
    out = value_warnings(frame(*ALL), a).set_index("id").loc["urban_disposable_income"]
    # 4.05 / 36578 = 0.000111 -> 0.00011 times the 2020 baseline; 4.2 / 36578 = 0.000115 -> 0.00011: 10^-4, 万元
    zh1 = "数值4.05是2020年基期值36578元的0.00011倍，疑似按万元填报（应为元）"
    zh2 = "数值4.2是2020年基期值36578元的0.00011倍，疑似按万元填报（应为元）"
    assert out["value_warning_zh"] == f"2022年：{zh1}；2023年：{zh2}"
    en1 = "value 4.05 is 0.00011 times its 2020 baseline 36578 元; it looks like it is in 万元, expected 元"
    assert out["value_warning_en"].startswith(f"2022: {en1}; 2023: value 4.2 ")
