"""Plan-time verdicts: table-driven cases per target form, then the bundled plan row by row."""

import math
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from jzanalysis.analysis.assess import ASSESS_COLUMNS, assess_row
from jzanalysis.inputs.reference import BENCHMARK_COLUMNS, load_benchmarks
from jzanalysis.plan.series import series_by_id

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "assess_cases.yaml").read_text(encoding="utf-8"))
DEFAULTS = {"seq": 1, "name": "x", "name_en": "x", "category": "c", "attribute": "expected", "unit": "",
            "baseline_year": 2020, "target_year": 2025, "target_text": "", "band_halfwidth": math.nan,
            "lower_bound": math.nan, "upper_bound": math.nan, "cumulative": False, "basis_change": False,
            "baseline_basis": "", "target_basis": ""}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case, parsed):
    row = pd.Series({**DEFAULTS, **case["row"]})
    out = assess_row(row, parsed.narrative_facts, series_by_id(), case.get("meta", {}), {})
    for key, want in case["expect"].items():
        if isinstance(want, float):
            assert out[key] == pytest.approx(want, abs=1e-2), (key, case["why"])
        else:
            assert out[key] == want, (key, case["why"])
    assert out["reason_zh"] and out["reason_en"]


def test_contradiction_overrides(parsed):
    row = pd.Series({**DEFAULTS, **CASES[4]["row"]})
    out = assess_row(row, parsed.narrative_facts, series_by_id(), CASES[4]["meta"], {"growth_x": {"zh": "矛盾", "en": "contra"}})
    assert out["feasibility"] == "unreachable" and out["reason_en"] == "contra"


# The bundled plan: every table indicator's verdict, with why.
EXPECTED_FEASIBILITY = {
    "maternal_mortality_ratio": "met_at_baseline",          # 7.85 <= 12.5
    "infant_mortality_rate": "met_at_baseline",             # 4.79 <= 5.25
    "childcare_places_per_1000": "no_reference",            # no history or benchmark; inconsistent with 5000 new places
    "immunization_coverage": "not_assessable",              # county -> township basis
    "preschool_gross_enrollment": "reachable",             # China gap 25 -> 14.8: -9.95 %/yr; 2.9*0.9005^5 = 1.72 -> 98.3
    "public_kindergarten_share": "no_reference",
    "quality_balanced_county_share": "not_assessable",      # no baseline
    "high_school_gross_enrollment": "reachable",           # China gap 13 -> 8.8: -7.51 %/yr; 1.2*0.9249^5 = 0.81 -> 99.2
    "mean_years_schooling_working_age": "reachable",       # China (10.7-10.23)/4 = 0.1175 >= 0.11 a year
    "certified_employee_share": "no_reference",
    "labour_force_certification_rate": "not_assessable",
    "urban_surveyed_unemployment_rate": "not_assessable",
    "disposable_income_growth": "stretch",                  # 9 % > rural 7.71 %; audit: inconsistent, not contradictory
    "basic_medical_insurance_coverage": "not_assessable",
    "life_expectancy": "reachable",                        # China (77.93-76.34)/5 = 0.318 >= 0.16 a year
    "hospital_beds_per_1000": "reachable",                  # needs 0.27 %/yr, history 3.52 %/yr
    "physicians_per_1000": "reachable",                     # needs 2.77 %/yr, count history 3.43 %/yr
    "basic_pension_insurance_coverage": "no_reference",
    "nursing_bed_share": "no_reference",
    "extreme_poor_centralized_care_rate": "not_assessable",
    "old_residential_compound_renovation": "no_reference",  # cumulative, 170.4 a year, no past run rate
    "rural_dilapidated_housing_renovation": "no_reference",
    "disability_subsidy_coverage": "not_assessable",
    "disabled_rehabilitation_coverage": "not_assessable",
    "subsistence_allowance_growth": "not_assessable",       # relational
    "veteran_placement_rate": "not_assessable",
    "culture_floor_area_per_10k": "not_assessable",
    "culture_service_efficiency": "not_assessable",
    "library_annual_visits": "reachable",                  # China (90135/58892)^(1/4)-1 = 11.23 % >= 1.79 %
    "regular_exercise_share": "reachable",                 # China 3.3 pp over 2014-2020 = 0.55 >= 0.1 a year
    "sports_area_per_capita": "reachable",                 # China (2.20/1.46)^(1/7)-1 = 6.03 % >= 1.07 %
}


def test_bundled_verdicts(analysis):
    table = analysis.assessment[analysis.assessment["source"] == "Table 1-1"]
    assert list(table.columns) == ASSESS_COLUMNS
    assert len(table) == 31
    assert dict(zip(table["id"], table["feasibility"])) == EXPECTED_FEASIBILITY


def test_bundled_numbers(analysis):
    a = analysis.assessment.set_index("id")
    # physicians: required (2.74/2.39)^0.2-1 = 2.7710 %; reference (8070/6819)^0.2-1 = 3.4262 %
    assert a.loc["physicians_per_1000", "required_cagr"] == pytest.approx(2.7710, abs=1e-3)
    assert a.loc["physicians_per_1000", "reference_pace"] == pytest.approx(3.4262, abs=1e-3)
    # 2.39 * 1.034262^5 = 2.39 * (8070/6819) = 2.8285
    assert a.loc["physicians_per_1000", "projected"] == pytest.approx(2.8285, abs=1e-3)
    # certified employees: (50-21.5)/5 = 5.7 points a year, primary (linear)
    assert a.loc["certified_employee_share", "required_pace"] == pytest.approx(5.7)
    # library visits: (80/73.2)^0.2-1 = 1.7925 %
    assert a.loc["library_annual_visits", "required_cagr"] == pytest.approx(1.7925, abs=1e-3)
    # urban income: the reason quotes 4.23 % and 5.85 %
    assert "4.23%" in a.loc["urban_disposable_income", "reason_zh"]
    assert "5.85%" in a.loc["urban_disposable_income", "reason_zh"]
    assert a.loc["urban_disposable_income", "feasibility"] == "reachable"
    # rural income "突破2万": (20000/15767)^0.2-1 = 4.8712 % vs 7.7080 % -> reachable
    assert a.loc["rural_disposable_income", "required_cagr"] == pytest.approx(4.8712, abs=1e-3)
    assert a.loc["rural_disposable_income", "feasibility"] == "reachable"
    assert a.loc["rural_disposable_income", "target_op"] == ">"


def test_narrative_targets_present(analysis):
    a = analysis.assessment
    narrative = a[a["source"] != "Table 1-1"]
    assert narrative["seq"].isna().all()
    # targets that repeat a table indicator (e.g. 2.9 m² sports area) are not listed twice
    assert not narrative["name"].str.contains("人均体育场地面积").any()
    assert {"urban_disposable_income", "rural_disposable_income"} <= set(narrative["id"])


def test_ids_unique_for_actuals(analysis):
    # actuals files refer to these ids, so they must be unique across table and narrative rows
    assert analysis.assessment["id"].is_unique
    # 31 table indicators + 45 narrative targets with a number (40 in digits + 5 in Chinese numerals: 一所, 一人,
    # 两项, 三县, 三个) + the 5,000 new places row linked to Table 1-1 (issue 9)
    assert len(analysis.assessment) == 31 + 45 + 1


# ------------------------------------------------------------------------------------------- issue 9

def bench(*rows) -> pd.DataFrame:
    """Synthetic benchmark rows (indicator_id, area, year, value, measure); numbers are made up for the test."""
    cols = ["indicator_id", "area", "year", "value", "measure"]
    frame = pd.DataFrame([dict(zip(cols, r, strict=True)) for r in rows])
    return frame.assign(unit="", source_title="t", source_url="u", quote="q", line=2)


BENCH_CASES = [
    # a level: CAGR vs CAGR. ref (2.90/2.22)^(1/5)-1 = 5.4894 %; 2.39 * 2.90/2.22 = 3.1221 >= 2.74 -> reachable
    ({"id": "lvl", "kind": "per_capita", "pace": "cagr", "baseline_value": 2.39, "target_value": 2.74},
     [("lvl", "China", 2015, 2.22, "level"), ("lvl", "China", 2020, 2.90, "level")],
     {"feasibility": "reachable", "reference_pace": 5.4894, "projected": 3.1221}),
    # a share near 100: the gap closing rate. (14.8/25)^(1/5)-1 = -9.9542 %; 100 - 2.9 * 0.592 = 98.283 >= 97.5
    ({"id": "sat", "kind": "share", "pace": "shortfall", "baseline_value": 97.1, "target_value": 97.5},
     [("sat", "China", 2015, 75.0, "level"), ("sat", "China", 2020, 85.2, "level")],
     {"feasibility": "reachable", "reference_pace": -9.9542, "projected": 98.2832}),
    # a rate from a stated change: +3.3 points 2014 -> 2020 = 0.55 a year; 42.4 + 5 * 0.55 = 45.15 >= 42.9
    ({"id": "rate", "kind": "share", "pace": "linear", "baseline_value": 42.4, "target_value": 42.9},
     [("rate", "China", 2020, 37.2, "level"), ("rate", "China", 2014, 3.3, "change")],
     {"feasibility": "reachable", "reference_pace": 0.55, "projected": 45.15}),
    # Shanxi before China: Shanxi (2.0/1.6)^(1/5)-1 = 4.5640 %; 1.0 * 1.25 = 1.25 < 2 -> stretch
    ({"id": "prov", "kind": "per_capita", "pace": "cagr", "baseline_value": 1.0, "target_value": 2.0},
     [("prov", "China", 2015, 1.0, "level"), ("prov", "China", 2020, 3.0, "level"),
      ("prov", "Shanxi", 2015, 1.6, "level"), ("prov", "Shanxi", 2020, 2.0, "level")],
     {"feasibility": "stretch", "reference_pace": 4.5640, "projected": 1.25}),
]


@pytest.mark.parametrize(("row", "rows", "expect"), BENCH_CASES, ids=[c[0]["id"] for c in BENCH_CASES])
def test_benchmark_reference(row, rows, expect, parsed):
    r = pd.Series({**DEFAULTS, "direction": "higher", "target_op": ">=", "unit": "%", "source": "Table 1-1", **row})
    out = assess_row(r, parsed.narrative_facts, series_by_id(), {}, {}, bench(*rows))
    for key, want in expect.items():
        assert out[key] == (pytest.approx(want, abs=1e-3) if isinstance(want, float) else want), key
    assert out["reference_source"].startswith("benchmark ")
    # labelled with its area, never as the city's own history; "基准参照" is explained once, in the legend
    assert re.search(r"以(全国|山西省)\d{4}—\d{4}年", out["reason_zh"]) and "为基准速度" in out["reason_zh"]
    assert "基准参照" not in out["reason_zh"] and "the benchmark is the" in out["reason_en"]


def test_benchmark_only_for_table_rows(parsed):
    row, rows, _ = BENCH_CASES[0]
    r = pd.Series({**DEFAULTS, "direction": "higher", "target_op": ">=", "source": "prose line 9", **row})
    assert assess_row(r, parsed.narrative_facts, series_by_id(), {}, {}, bench(*rows))["feasibility"] == "no_reference"


def test_bundled_benchmarks_are_sourced(analysis):
    a = analysis.assessment.set_index("id")
    b = load_benchmarks()
    assert (b["quote"].str.len() > 0).all() and b["source_url"].str.startswith("http").all()
    for ident in set(b["indicator_id"]):
        assert a.loc[ident, "reference_source"].startswith("benchmark China"), ident
        assert "以全国" in a.loc[ident, "reason_zh"] and "为基准速度" in a.loc[ident, "reason_zh"]
    # preschool: China 75.0 -> 85.2 (2015-2020): (14.8/25)^(1/5)-1 = -9.9542 %; needs -2.9248 %
    assert a.loc["preschool_gross_enrollment", "reference_pace"] == pytest.approx(-9.9542, abs=1e-3)
    # life expectancy: (77.93-76.34)/5 = 0.318 a year against (78.1-77.3)/5 = 0.16
    assert a.loc["life_expectancy", "reference_pace"] == pytest.approx(0.318)
    # schooling 2015 -> 2019: (10.7-10.23)/4 = 0.1175 years a year; 11.2 + 5*0.1175 = 11.7875 >= 11.75
    assert a.loc["mean_years_schooling_working_age", "reference_pace"] == pytest.approx(0.1175)
    assert a.loc["mean_years_schooling_working_age", "projected"] == pytest.approx(11.7875)
    # sports area 2013 -> 2020: (2.20/1.46)^(1/7)-1 = 6.0324 %
    assert a.loc["sports_area_per_capita", "reference_pace"] == pytest.approx(6.0324, abs=1e-3)
    # library visits 2015 -> 2019 (national totals, 万人次): (90135/58892)^(1/4)-1 = 11.2268 %;
    # 73.2 * (90135/58892)^(5/4) = 124.61 >= 80 (needs (80/73.2)^0.2-1 = 1.7925 %)
    assert a.loc["library_annual_visits", "reference_pace"] == pytest.approx(11.2268, abs=1e-3)
    assert a.loc["library_annual_visits", "projected"] == pytest.approx(124.611, abs=1e-3)
    assert a.loc["library_annual_visits", "reference_source"].startswith("benchmark China 2015-2019")
    # no_reference rows name the sources searched
    assert "已查找" in a.loc["nursing_bed_share", "reason_zh"]


def test_plan_statements_run_rates_and_links(analysis):
    a = analysis.assessment.set_index("id")
    # 城镇登记失业率每年均控制在4.5%以内 (2016-2020) meets the 2025 ceiling <= 4.5
    assert a.loc["registered_unemployment_rate", "feasibility"] == "met_at_baseline"
    # 累计建成4100公里健身步道 over 2016-2020 is a flow: 4100/5 = 820 a year against 300/5 = 60 needed
    assert a.loc["fitness_trails", "required_pace"] == pytest.approx(60)
    assert a.loc["fitness_trails", "reference_pace"] == pytest.approx(820)
    assert a.loc["fitness_trails", "feasibility"] == "reachable"
    # 5000 new places: its own row, 5000/5 = 1000 a year, linked to the table row, inconsistent with 4.5/1000
    places = a.loc["childcare_places_new"]
    assert places["linked_to"] == "childcare_places_per_1000" and places["required_pace"] == pytest.approx(1000)
    assert places["consistency"] == "inconsistent"
    assert a.loc["childcare_places_per_1000", "consistency"] == "inconsistent"
    assert a.loc["childcare_places_per_1000", "feasibility"] != "unreachable"
    # 9 % growth: a stretch against the faster 13th-plan growth 7.71 %, the audit finding beside it
    assert a.loc["disposable_income_growth", "feasibility"] == "stretch"
    assert a.loc["disposable_income_growth", "consistency"] == "inconsistent"
    assert "不一致" in a.loc["disposable_income_growth", "reason_zh"]
    # two-year counts for 2022: 40 centres -> 40/2 = 20 a year; 100 day-care centres -> 50 a year
    by_name = analysis.assessment.set_index("name")
    assert by_name.loc["整合提升改造区域养老服务中心", "required_pace"] == pytest.approx(20)
    assert by_name.loc["农村老年人日间照料中心", "required_pace"] == pytest.approx(50)
    assert int(by_name.loc["农村老年人日间照料中心", "target_year"]) == 2022


def test_reasons_are_one_language(analysis):
    import re

    a = analysis.assessment
    for zh in a["reason_zh"]:
        assert not re.search(r"[A-Za-z_]{2,}", zh), zh
    for en in a["reason_en"]:
        assert not re.search(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", en), en


def test_bad_benchmark_file(tmp_path):
    from jzanalysis.errors import InputError

    p = tmp_path / "b.csv"
    p.write_text(",".join(BENCHMARK_COLUMNS) + "\nx,China,2015,abc,%,level,t,http://u,q\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"b.csv:2: value: expected a number, found 'abc'"):
        load_benchmarks(p)
    p.write_text(",".join(BENCHMARK_COLUMNS) + "\nx,China,2015,1,%,level,t,http://u,\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"b.csv:2: quote: empty"):
        load_benchmarks(p)
