"""Plan-time verdicts: table-driven cases per target form, then the bundled plan row by row."""

import math
from pathlib import Path

import pandas as pd
import pytest
import yaml

from jzanalysis.assess import ASSESS_COLUMNS, assess_row
from jzanalysis.series import series_by_id

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
    out = assess_row(row, parsed.narrative_facts, series_by_id(), CASES[4]["meta"], {"growth_x": ("矛盾", "contra")})
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
    "mean_years_schooling_working_age": "no_reference",
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
    "library_annual_visits": "no_reference",
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
    assert a.loc["physicians_per_1000", "projected_2025"] == pytest.approx(2.8285, abs=1e-3)
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
    assert len(analysis.assessment) == 31 + 41  # 31 table indicators + 40 narrative targets + the 5,000 places row
