"""No year of any plan is written in the code: a 2026-2030 plan's reports for 2026-2029 are monitoring
reports, its 2030 report the final evaluation (issue 21 item 2).

The plan here is SYNTHETIC: the bundled plan moved by five years (``tests/plans/shifted_plan.py``).
"""

from __future__ import annotations

import importlib.util
import json
import tokenize
from pathlib import Path

import pytest

import jzanalysis
from jzanalysis.publish import words
from jzanalysis.publish.pages import build_context

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent / "jzanalysis"
_spec = importlib.util.spec_from_file_location("shifted_plan", HERE / "plans" / "shifted_plan.py")
shifted = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(shifted)

#: The code where the report's kind and words are decided (publish, inputs, the final evaluation).
#: Every module of the package: a plan's years come from its plan.yaml (the bundled plan's from
#: plan.config.default_config), never from the code.
NO_YEARS = sorted(PACKAGE.rglob("*.py"))


def _year_literals(path: Path) -> list[str]:
    """Number tokens 2000..2049 in the code (docstrings, comments and strings are not numbers)."""
    with open(path, "rb") as fh:
        return [f"{path.name}:{tok.start[0]}" for tok in tokenize.tokenize(fh.readline)
                if tok.type == tokenize.NUMBER and tok.string.isdigit() and 2000 <= int(tok.string) <= 2049]


def test_no_year_literal_in_the_report_code():
    assert [hit for p in NO_YEARS for hit in _year_literals(p)] == []


@pytest.fixture(scope="module")
def plan15(tmp_path_factory):
    return shifted.write_shifted_plan(tmp_path_factory.mktemp("p15") / "jinzhong-15")


@pytest.fixture(scope="module")
def actuals15(tmp_path_factory):
    # the final-year test case moved by five years: 2021..2025 -> 2026..2030
    return shifted.shift_actuals(HERE / "cases" / "actuals_final_2025.csv",
                                 tmp_path_factory.mktemp("a15") / "actuals.csv")


def test_final_year_is_the_plans_target_year(plan15):
    a = jzanalysis.analyse(plan15)
    assert words.final_year(a) == 2030 and words.final_year(jzanalysis.analyse()) == 2025
    assert words.report_kind(2029, True, 2030) == "monitor" and words.report_kind(2030, True, 2030) == "final"


@pytest.mark.parametrize("year", [2026, 2029])
def test_years_before_2030_are_monitoring_reports(plan15, actuals15, year):
    a = jzanalysis.analyse(plan15, actuals=actuals15, as_of=year)
    ctx = build_context(a, lang="zh", year=year, illustrative=False)
    assert ctx["titles"]["kind"] == "monitor" and not ctx["final"]
    assert {r["kind"] for r in ctx["rows"]} == {"monitor"}
    # no final outcome (完成 / 基本完成 / 未完成) on any row of a monitoring year
    codes = {(r["status"] or {}).get("code") for r in ctx["rows"]}
    assert not codes & {"done", "mostly_done", "not_done", "achieved", "mostly_achieved", "not_achieved"}
    text = json.dumps(ctx.get("headline", ""), ensure_ascii=False, default=str)
    assert "✓完成" not in text and "完成1项" not in text and "完成情况" not in text


def test_2030_is_the_final_evaluation(plan15, actuals15):
    a = jzanalysis.analyse(plan15, actuals=actuals15, as_of=2030)
    ctx = build_context(a, lang="zh", year=2030, illustrative=False)
    assert ctx["final"] and ctx["final_columns"]["target"] == "2030年目标"
    hosp = next(r for r in ctx["rows"] if r["id"] == "hospital_beds_per_1000")
    assert hosp["status"]["code"] == "done"  # 5.35 against >=5.3 in 2030: 完成, as 2025 for the bundled plan
