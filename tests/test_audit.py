"""The self-audit's findings on the bundled plan, one by one, with the arithmetic written out."""

import json

import pytest

from jzanalysis.analysis.audit import AUDIT_COLUMNS

P = 3379498  # 7th census resident population, data/raw/census_2020_population.csv


@pytest.fixture(scope="module")
def findings(analysis):
    return analysis.audit


def one(findings, check, ids_contain):
    sel = findings[(findings["check"] == check) & findings["ids"].str.contains(ids_contain, regex=False)]
    assert len(sel) == 1, sel
    row = sel.iloc[0]
    return row, json.loads(row["numbers"])


def test_columns_and_order(findings):
    assert list(findings.columns) == AUDIT_COLUMNS
    order = {"high": 0, "medium": 1, "low": 2, "info": 3}
    assert list(findings["severity"].map(order)) == sorted(findings["severity"].map(order))
    assert (findings["explanation_zh"] != "").all() and (findings["explanation_en"] != "").all()


def test_income_growth_target_disagrees_with_income_levels(findings):
    row, n = one(findings, "growth_vs_levels", "disposable_income_growth")
    # one reading of 左右 (pace.satisfies): 4.5万元左右 for a higher-is-better income is a floor at
    # 45000 - 2250 = 42750; 56280 >= 42750 and 24259 > 20000, so both can hold: inconsistent, not contradictory
    assert row["severity"] == "medium" and row["contradicts"] == ""
    assert row["inconsistent"] == "disposable_income_growth" and n["both_can_hold"] is True
    # urban: (45000/36578)^(1/5)-1 = 4.231 %; rural: (20000/15767)^(1/5)-1 = 4.871 %
    assert n["urban_disposable_income.implied_growth_pct"] == pytest.approx(4.231, abs=1e-3)
    assert n["rural_disposable_income.implied_growth_pct"] == pytest.approx(4.871, abs=1e-3)
    # at 9 %: 36578 * 1.09^5 = 56280 ; 15767 * 1.09^5 = 24259
    assert n["urban_disposable_income.level_at_target_growth"] == 56280
    assert n["rural_disposable_income.level_at_target_growth"] == 24259
    assert "56,280" in row["explanation_zh"] and "4.23%" in row["explanation_zh"]


def test_childcare_additions_disagree_with_per_capita_target(findings):
    row, n = one(findings, "additions_vs_level", "childcare_places_per_1000")
    # 累计新增5000个托位 has no 以内: a floor (at least 5000), so 4.5 per 1,000 stays possible: inconsistent
    assert row["severity"] == "medium" and row["contradicts"] == ""
    assert row["inconsistent"] == "childcare_places_per_1000;childcare_places_new" and n["commitment_is_floor"]
    # 0.99 * 3379498 / 1000 = 3345.7 places in 2020; 4.5 * 3379498 / 1000 = 15207.7 needed
    assert n["baseline_stock"] == pytest.approx(3345.7)
    assert n["target_stock"] == pytest.approx(15207.7)
    assert n["additions_needed"] == pytest.approx(11862.0)
    # (3345.7 + 5000) * 1000 / 3379498 = 2.470 per 1,000
    assert n["per_1000_with_committed"] == pytest.approx(2.470)
    # the population that would make 8345.7 places = 4.5 per 1,000: 8345.7 * 1000 / 4.5 = 1,854,601
    assert n["population_that_would_fit"] == 1854601


def test_stated_growth_rates(findings):
    urban, n = one(findings, "stated_growth_vs_levels", "urban_disposable_income")
    # (36578/27525)^(1/5)-1 = 5.852 % vs stated 5.9 %: rounding
    assert urban["severity"] == "info" and n["arithmetic_pct"] == pytest.approx(5.852, abs=1e-3)
    rural, n = one(findings, "stated_growth_vs_levels", "rural_disposable_income")
    # (15767/10877)^(1/5)-1 = 7.708 % vs 7.7 %
    assert rural["severity"] == "info" and n["arithmetic_pct"] == pytest.approx(7.708, abs=1e-3)
    gdp, n = one(findings, "stated_growth_vs_levels", "gdp")
    # (1468.8/989.3)^(1/5)-1 = 8.225 % nominal vs 5.1 % stated: real growth; deflator 1.08225/1.051-1 = 2.97 %
    assert gdp["severity"] == "low"
    assert n["arithmetic_pct"] == pytest.approx(8.225, abs=1e-3)
    assert n["implied_deflator_pct"] == pytest.approx(2.97, abs=0.01)
    pension, n = one(findings, "stated_growth_vs_levels", "basic_pension_per_capita")
    # 124 / 1.55 = 80.00 yuan/month in 2015
    assert pension["severity"] == "info" and n["implied_previous_base"] == pytest.approx(80.0)


def test_physicians_per_1000_are_city_totals(findings):
    row, n = one(findings, "unit_wording", "physicians_count")
    assert row["severity"] == "medium"
    # 8070 * 1000 / 3379498 = 2.388 per 1,000 ≈ table 2.39
    assert n["per_1000"] == pytest.approx(2.3879, abs=1e-4)
    # 8070000 / 2.39 = 3,376,569; rounding range 8070000/2.395 .. 8070000/2.385 = 3,369,520 .. 3,383,648
    assert n["implied_population"] == 3376569
    assert n["implied_population_range"] == [3369520, 3383648]
    assert n["implied_population_range"][0] <= P <= n["implied_population_range"][1]
    nurses, n = one(findings, "unit_wording", "nurses_count")
    assert n["per_1000"] == pytest.approx(9172 * 1000 / P, abs=1e-4)  # 2.714


def test_per_capita_targets_in_absolute_numbers(findings):
    _, n = one(findings, "per_capita_in_absolute", "hospital_beds_per_1000")
    # 5.23 * 3379498 / 1000 = 17674.8 beds; 5.3 * 3379498 / 1000 = 17911.3; +236.6 -> 237 (47.3 a year)
    assert (n["stock_base"], n["stock_target"], n["additions_needed"]) == (17675, 17911, 237)
    assert n["per_year_needed"] == pytest.approx(47.3)
    row, n = one(findings, "per_capita_in_absolute", "physicians_per_1000")
    # (2.74 - 2.39) * 3379498 / 1000 = 1182.8 -> 236.6 a year; 2015-2020: (8070 - 6819) / 5 = 250.2 a year
    assert n["additions_needed"] == 1183 and n["per_year_needed"] == pytest.approx(236.6)
    assert n["past_per_year"] == pytest.approx(250.2) and "高于所需速度" in row["explanation_zh"]
    _, n = one(findings, "per_capita_in_absolute", "sports_area_per_capita")
    # (2.9 - 2.75) * 3379498 = 506924.7 m²
    assert n["additions_needed"] == 506925
    # childcare is covered by additions_vs_level (the prose commits 5000 places), not repeated here
    restated = findings[findings["check"] == "per_capita_in_absolute"]["ids"]
    assert not restated.str.contains("childcare").any()


def test_unit_issues_from_metadata(findings):
    row, n = one(findings, "unit_wording", "library_annual_visits")
    assert n["unit_in_table"] == "万人" and "万人次" in row["explanation_zh"]
    row, n = one(findings, "unit_wording", "culture_service_efficiency")
    assert n["unit_in_table"] == "总服务人次/馆员规模"


def test_targets_that_permit_worse_outcomes(findings):
    sel = findings[findings["check"] == "target_permits_worse"]
    assert set(sel["ids"]) == {"maternal_mortality_ratio", "infant_mortality_rate", "immunization_coverage"}
    _, n = one(findings, "target_permits_worse", "maternal_mortality_ratio")
    assert n["change_pct"] == pytest.approx(59.2)   # (12.5-7.85)/7.85 = +59.2 %
    _, n = one(findings, "target_permits_worse", "infant_mortality_rate")
    assert n["change_pct"] == pytest.approx(9.6)    # (5.25-4.79)/4.79 = +9.6 %
    row, n = one(findings, "target_permits_worse", "immunization_coverage")
    assert n["change_pct"] == pytest.approx(-3.7) and "口径改变" in row["explanation_zh"]


def test_table_and_prose_agree(findings):
    sel = findings[findings["check"] == "table_vs_prose"]
    assert list(sel["severity"]) == ["info"]  # no mismatch between the table and the prose
    matched = json.loads(sel.iloc[0]["numbers"])["matched"]
    assert any("人均体育场地面积 2025: 2.9" in m for m in matched)
    assert any("公办园在园幼儿占比 2020: 57.16" in m for m in matched)


def test_table_defect_listed(findings):
    row, n = one(findings, "table_defect", "")
    assert row["severity"] == "low" and n["line"] == 176


def test_count_of_findings(findings):
    # no high: under the one reading of 左右 and of a count commitment both former contradictions can hold
    counts = findings["severity"].value_counts().to_dict()
    assert counts.get("high", 0) == 0
    # medium: growth vs levels, additions vs level (both inconsistent), physicians, nurses, library unit,
    # efficiency unit, maternal, infant, immunization = 9
    assert counts["medium"] == 9
    # low: GDP real vs nominal, table defect = 2
    assert counts["low"] == 2


# --- issue 21, item 7: errors, not crashes; the plan's own words; keys without years -----------------------

def _keys(value) -> list[str]:
    """Every key of a parsed ``numbers`` value, nested ones included."""
    if isinstance(value, dict):
        return [k for key, v in value.items() for k in (key, *_keys(v))]
    if isinstance(value, list):
        return [k for v in value for k in _keys(v)]
    return []


def test_numbers_keys_carry_no_years(findings):
    import re

    keys = [k for n in findings["numbers"] for k in _keys(json.loads(n))]
    assert keys and not [k for k in keys if re.search(r"(19|20)\d\d", k)]
    _, n = one(findings, "growth_vs_levels", "disposable_income_growth")
    # urban 36578 (2020) -> 45000 (2025): the base and the target, whatever the plan's years
    assert (n["urban_disposable_income.base"], n["urban_disposable_income.target"]) == (36578, 45000)


def test_the_audit_quotes_the_plans_own_clause(findings):
    row, _ = one(findings, "unit_wording", "physicians_count")
    # line 7 of the text: "…每千人口执业（助理）医师和注册护士分别由6819人和6242人增加到8070人和9172人，…"
    assert row["explanation_zh"].startswith(
        "正文写“每千人口执业（助理）医师和注册护士分别由6819人和6242人增加到8070人和9172人”")


def test_no_per_1000_finding_for_a_text_that_does_not_say_per_1000(tmp_path):
    import shutil

    import jzanalysis
    from jzanalysis import paths

    folder = tmp_path / "plan"
    shutil.copytree(paths.DEFAULT_PLAN, folder)
    text = next((folder / "raw").glob("*.txt"))
    body = text.read_text(encoding="utf-8")
    assert body.count("每千人口执业（助理）医师和注册护士分别由") == 1
    text.write_text(body.replace("每千人口执业（助理）医师和注册护士分别由", "执业（助理）医师和注册护士分别由"),
                    encoding="utf-8")
    audit = jzanalysis.analyse(folder).audit
    # the counts are still linked (the series' subject matches), but the text no longer calls them per 1,000
    assert not audit["explanation_zh"].str.contains("每千人口不可能").any()


def test_a_series_naming_an_unknown_indicator_stops_parse(tmp_path, capsys):
    import shutil

    from jzanalysis import paths
    from jzanalysis.cli import main
    from jzanalysis.errors import InputError
    from jzanalysis.plan.parse import parse_plan

    folder = tmp_path / "plan"
    shutil.copytree(paths.DEFAULT_PLAN, folder)
    series = folder / "narrative_series.yaml"
    lines = series.read_text(encoding="utf-8").split("\n")
    no = next(i for i, ln in enumerate(lines, 1) if ln.strip() == "indicator: physicians_per_1000")
    lines[no - 1] = lines[no - 1].replace("physicians_per_1000", "physician_per_1000")
    series.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(InputError) as err:
        parse_plan(folder)
    assert (err.value.path, err.value.line, err.value.field) == (str(series.resolve()), no, "indicator")
    assert err.value.message.startswith("unknown id 'physician_per_1000'")
    assert main(["parse", "--plan", str(folder), "--out", str(tmp_path / "out")]) == 2
    assert f"{series.resolve()}:{no}: indicator: unknown id 'physician_per_1000'" in capsys.readouterr().err


def test_reasons_never_print_an_exponent(analysis):
    from jzanalysis.plan.numbers import g_text

    # :g would print 1.5e+07; the reader's sentences print the number
    assert (g_text(15_000_000.0), g_text(4.5), g_text(0.00005)) == ("15000000", "4.5", "0.00005")
    text = " ".join(analysis.assessment.filter(like="reason").astype(str).stack())
    assert text and "e+0" not in text and "e-0" not in text


def test_every_province_has_a_chinese_area_label():
    from jzanalysis.i18n import t
    from jzanalysis.plan.draft import PROVINCES

    for zh, en in PROVINCES.items():
        assert t(f"assess.area.{en}", "zh").startswith(zh), en
        assert t(f"report.area.{en}", "zh").startswith(zh), en
