"""The yearly sequence into one folder (issue 15 §7): plan-time, then 2022, 2023, 2024 and the final 2025.

The plan-time ``OUT/2021/data/assessment.csv`` has verdicts but no monitoring ``status``; the 2022 report
finds it as "last year's" and must skip it for "what changed" (one info line), never fail. The actuals are
``tests/cases/actuals_sequence_2021_2025.csv``: SYNTHETIC values (marked illustrative) for 2021-2025,
including the six rows of the completion rules (rural housing, high-school enrolment, life expectancy,
new childcare places, maternal mortality, veteran placement).
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import pandas as pd
import pytest

from jzanalysis.errors import InputError

SEQUENCE = Path(__file__).parent / "cases" / "actuals_sequence_2021_2025.csv"


def _plan_time_assessment(path: Path) -> Path:
    from jzanalysis import analyse

    path.parent.mkdir(parents=True, exist_ok=True)
    analyse().assessment.to_csv(path, index=False)  # verdicts only: no `status` column
    return path


def test_plan_time_assessment_as_last_year_is_skipped_not_an_error(tmp_path, caplog):
    from jzanalysis.publish.runner import validate

    out = tmp_path / "out"
    prev = _plan_time_assessment(out / "2022" / "data" / "assessment.csv")
    with caplog.at_level(logging.INFO, logger="jzanalysis"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = validate(year=2023, out=out, actuals=SEQUENCE, formats="html")
        given = validate(year=2023, out=tmp_path / "other", actuals=SEQUENCE, formats="html", previous=prev)
    assert found.previous is None and given.previous is None  # nothing to compare: no "what changed"
    skipped = [r.getMessage() for r in caplog.records if "has no monitoring statuses" in r.getMessage()]
    assert len(skipped) == 2 and skipped[0].startswith("last year's") and skipped[1].startswith("--previous")
    assert all(r.levelno == logging.INFO for r in caplog.records if "has no monitoring statuses" in r.getMessage())


def test_previous_that_is_not_an_assessment_is_still_bad_input(tmp_path):
    from jzanalysis.publish.runner import validate

    bad = tmp_path / "prev.csv"
    bad.write_text("name,value\nx,1\n", encoding="utf-8")  # no id column: not a saved assessment at all
    with pytest.raises(InputError, match="missing \\['id'\\]"):
        validate(year=2023, out=tmp_path / "out", actuals=SEQUENCE, formats="html", previous=bad)


@pytest.mark.slow
def test_yearly_sequence_into_one_folder(tmp_path):
    from jzanalysis.publish.runner import run_report

    out = tmp_path / "outputs"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert run_report(out=out, jobs=2, formats=("html",), lang="zh") == 0  # make report: plan-time
        assert "status" not in pd.read_csv(out / "2021" / "data" / "assessment.csv").columns
        for year in (2022, 2023, 2024, 2025):
            assert run_report(year=year, out=out, jobs=2, formats=("html",), lang="zh", actuals=SEQUENCE) == 0, year
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["2021", "2022", "2023", "2024",
                                                                                   "2025"]
    # 2022 had only the plan-time file before it: nothing to compare; from 2023 on last year's statuses
    assert not (out / "2022" / "data" / "what_changed.csv").exists()
    for year in (2023, 2024, 2025):
        assert (out / str(year) / "data" / "what_changed.csv").is_file(), year
    changed = pd.read_csv(out / "2025" / "data" / "what_changed.csv").set_index("id")
    # 2024 -> 2025: rural housing regressing -> not achieved (1.5 of 2, fell from 1.767: 未完成)
    assert (changed.loc["rural_dilapidated_housing_renovation", ["status_before", "status_now"]].tolist()
            == ["regressing", "not_achieved"])
    index = (out / "2025" / "index.html").read_text(encoding="utf-8")
    assert "总结评估" in index
    final = pd.read_csv(out / "2025" / "data" / "assessment.csv").set_index("id")
    assert final.loc[["rural_dilapidated_housing_renovation", "high_school_gross_enrollment", "life_expectancy",
                      "childcare_places_new", "maternal_mortality_ratio", "veteran_placement_rate"],
                     "status_zh_review"].tolist() == ["未完成", "基本完成", "基本完成", "基本完成", "完成", "完成"]
