"""The prose reader dates by plan.yaml (issue 21, item 3): its periods and its review section's name,
never the 14th plan's; 第一章/第一节 headings; 二〇二五年 is a year; 百分之四点五以内 is read.

The plans here are SYNTHETIC (tests/plans/): ``national_chapters.txt`` (a national-style plan with
第一章/第一节 headings) and the bundled plan moved to 2026-2030 (``shifted_plan.py``).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from jzanalysis.cli import main
from jzanalysis.plan.parse import parse_plan
from jzanalysis.plan.prose import ProseFrame, extract_facts, frame_of, sentence_facts
from jzanalysis.plan.text import PlanText, read_plan

HERE = Path(__file__).resolve().parent
PLANS = HERE / "plans"
_spec = importlib.util.spec_from_file_location("shifted_plan", PLANS / "shifted_plan.py")
shifted = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(shifted)


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    out = tmp_path_factory.mktemp("nc") / "national"
    assert main(["init-plan", str(PLANS / "national_chapters.txt"), "--out", str(out)]) == 0
    return parse_plan(out)


def test_a_national_plans_first_section_is_its_review(national):
    f = national.narrative_facts
    review = f[f["section"] == "第一章 发展环境 / 第一节 发展基础"]
    # 91% and 2.2平方米 are the 2020 levels of the review (not 2025 targets); 累计…万人 a 2016-2020 flow
    assert list(zip(review["value"], review["year"], review["role"])) == [
        (91.0, "2020", "history"), (2.2, "2020", "history"), (65_640_000.0, "2016-2020", "history")]


def test_chinese_years_and_percentages_in_words(national):
    f = national.narrative_facts.set_index("subject")
    # 到二〇二三年 dates the figure 2023 (not the period's 2025); 百分之五点五以内 is 5.5 % at most
    assert (f.loc["养老机构护理型床位占比", "year"], f.loc["养老机构护理型床位占比", "role"]) == ("2023", "target")
    row = f.loc["城镇调查失业率"]
    assert (row["value"], row["unit"], row["op"], row["year"], row["value_text"]) == \
        (5.5, "%", "<=", "2025", "百分之五点五以内")
    # the stored sentence is the plan's own (Chinese digits kept)
    assert row["sentence"].startswith("到二〇二五年")


def test_the_frame_comes_from_plan_yaml(tmp_path):
    plan15 = shifted.write_shifted_plan(tmp_path / "p15")
    from jzanalysis.plan.config import load_plan_config

    frame = frame_of(load_plan_config(plan15))
    assert (frame.base_year, frame.target_year, frame.first_year, frame.previous_first) == (2025, 2030, 2026, 2021)
    assert frame.history_period == ("2020", "2025") and frame.plan_period == ("2025", "2030")
    assert frame.review[:2] == ("“十四五”发展回顾", "十四五发展回顾")
    facts = parse_plan(plan15).narrative_facts
    # the text says 十四五 and 较2020年: so does narrative_facts.csv (no shift into the 14th plan's frame)
    assert facts["section"].str.contains("“十四五”发展回顾").any()
    assert not facts["section"].str.contains("十三五").any()
    assert facts["sentence"].str.contains("较2020年").any() and not facts["sentence"].str.contains("较2015年").any()
    # 城乡居民基础养老金人均达到124元/月 in the review: the base year 2025
    pension = facts[facts["value_text"] == "124元/月"].iloc[0]
    assert (pension["year"], pension["role"]) == ("2025", "history")


def test_review_sections_in_plan_yaml(tmp_path):
    lines = ["《某市“十五五”规划》", "一、规划背景", "（一）过去五年的成绩",
             "全市普惠性幼儿园覆盖率达90%。", "二、主要任务", "普惠性幼儿园覆盖率达到95%。"]
    plan = PlanText(tmp_path / "t.txt", [])
    from jzanalysis.plan.text import Line

    plan = PlanText(tmp_path / "t.txt", [Line(i, t, t) for i, t in enumerate(lines, 1)])
    default = ProseFrame(2025, 2030, 2026, 2021)
    named = ProseFrame(2025, 2030, 2026, 2021, review=("过去五年的成绩",))
    # not named a review: chapter 一 is context; named in plan.yaml: history of the base year 2025
    assert extract_facts(plan, {}, default)[["year", "role"]].values.tolist() == [["", "context"], ["2030", "target"]]
    assert extract_facts(plan, {}, named)[["year", "role"]].values.tolist() == [["2025", "history"], ["2030", "target"]]


def test_review_sections_key_is_checked(tmp_path):
    import shutil

    from jzanalysis import paths
    from jzanalysis.errors import InputError
    from jzanalysis.plan.config import load_plan_config

    folder = tmp_path / "p"
    shutil.copytree(paths.DEFAULT_PLAN, folder)
    with open(folder / "plan.yaml", "a", encoding="utf-8") as fh:
        fh.write("review_sections: 发展回顾\n")
    with pytest.raises(InputError) as err:
        load_plan_config(folder)
    assert err.value.field == "review_sections" and "expected a list" in err.value.message
    text = (folder / "plan.yaml").read_text(encoding="utf-8").replace("review_sections: 发展回顾",
                                                                      "review_sections: [“十三五”发展回顾]")
    (folder / "plan.yaml").write_text(text, encoding="utf-8")
    assert load_plan_config(folder).review_sections == ("“十三五”发展回顾",)


def test_a_sentence_in_the_default_frame_is_the_bundled_plans():
    # 2020 is the bundled base year: a flow in the review is 2016-2020
    rows = sentence_facts("全市累计新增托位5000个", "一、规划背景 / （一）“十三五”发展回顾", True)
    assert [(r["year"], r["role"]) for r in rows] == [("2016-2020", "history")]
    assert read_plan(PLANS / "national_chapters.txt").heading_at(4) == "第一章 发展环境 / 第一节 发展基础"
