"""Table shapes plans really print (issue 21, item 5), one SYNTHETIC plan per shape in tests/plans/:

* ``shape_aggregate_column.txt``: targets in a 年均/累计 column instead of the target-year column;
* ``shape_relational.txt``: 高于GDP增长 / 与GDP增长同步 tied to the GDP row, 保持在合理区间 a text target;
* ``shape_footnote_base.txt``: a base value marked ``*`` whose footnote gives 2023: the row's base year;
* ``shape_sub_rows.txt``: one indicator printed as two sub-rows sharing 序号 and 属性;
* ``shape_fullwidth_cumulative_base.txt``: full-width ＞/＜ and 〔〕 in the base column.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import jzanalysis
from jzanalysis.cli import main
from jzanalysis.plan.parse import parse_plan
from jzanalysis.plan.table import find_table
from jzanalysis.plan.text import read_plan

PLANS = Path(__file__).resolve().parent / "plans"


def table(name):
    return find_table(read_plan(PLANS / name))


def drafted(tmp_path, name):
    out = tmp_path / Path(name).stem
    assert main(["init-plan", str(PLANS / name), "--out", str(out)]) == 0
    return out


def test_targets_in_the_aggregate_column():
    t = table("shape_aggregate_column.txt")
    assert t.header["aggregate"] == "年均/累计"
    rows = {r["name"]: r for r in t.rows}
    gdp, jobs, school = rows["地区生产总值增长"], rows["城镇新增就业人数"], rows["高中阶段教育毛入学率"]
    # 2030年 "—", 年均/累计 "5.5": an annual average of 5.5; "〔300〕": a five-year total of 300
    assert (gdp["target_value"], gdp["qualifiers"], gdp["target_from_aggregate"]) == (5.5, ["年均"], True)
    assert (jobs["target_value"], jobs["qualifiers"]) == (300.0, ["五年累计"])
    # a target in its own column wins; the aggregate cell "—" is not read
    assert (school["target_value"], school["target_op_table"], school["target_from_aggregate"]) == (95.0, ">=", False)


def test_aggregate_column_drafts_growth_and_cumulative(tmp_path):
    ind = parse_plan(drafted(tmp_path, "shape_aggregate_column.txt")).indicators.set_index("name")
    assert (ind.loc["地区生产总值增长", "kind"], ind.loc["地区生产总值增长", "annual_average"]) == ("growth", True)
    assert (ind.loc["城镇新增就业人数", "kind"], ind.loc["城镇新增就业人数", "cumulative"]) == ("cumulative", True)
    assert "target given in the 年均/累计 column" in ind.loc["地区生产总值增长", "notes"]


def test_relational_targets_are_tied_to_the_row_they_name(tmp_path):
    rows = {r["name"]: r for r in table("shape_relational.txt").rows}
    # 与GDP增长同步 and 高于GDP增长 name GDP: row 1 地区生产总值增长; 全国平均水平 is no row of the table
    assert rows["居民人均可支配收入增长"]["relates_to"] == 1 and rows["农村居民人均可支配收入增长"]["relates_to"] == 1
    assert "relates_to" not in rows["居民消费价格涨幅"]
    assert rows["城镇调查失业率"]["target_op_table"] == "text_target"   # 保持在合理区间
    result = jzanalysis.analyse(drafted(tmp_path, "shape_relational.txt"))
    ind = result.indicators.set_index("name")
    assert "relational target tied to row 1" in ind.loc["居民人均可支配收入增长", "notes"]
    a = result.assessment.set_index("name")
    assert a.loc["城镇调查失业率", "feasibility"] == "qualitative"
    assert a.loc["农村居民人均可支配收入增长", "feasibility"] == "not_assessable"


def test_a_footnoted_base_year_is_the_rows_own(tmp_path):
    rows = table("shape_footnote_base.txt").rows
    doctors = rows[1]
    # "2.9*" with "注：*为2023年数据。" under the table: base 2.9 in 2023, not the header's 2025
    assert (doctors["baseline_value"], doctors["baseline_year"], doctors["base_mark"]) == (2.9, 2023, "*")
    assert [r["baseline_year"] for r in (rows[0], rows[2])] == [2025, 2025]
    a = jzanalysis.analyse(drafted(tmp_path, "shape_footnote_base.txt")).assessment.set_index("name")
    # the pace over 2023-2030, 7 years: (3.4 / 2.9) ** (1/7) - 1 = 2.298 % a year (over 5 years: 3.232 %)
    assert a.loc["每千人口执业（助理）医师数", "required_pace"] == pytest.approx(((3.4 / 2.9) ** (1 / 7) - 1) * 100)


def test_a_mark_without_its_footnote_is_a_warning(tmp_path):
    text = (PLANS / "shape_footnote_base.txt").read_text(encoding="utf-8").replace("注：*为2023年数据。", "")
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    t = find_table(read_plan(path))
    assert t.rows[1]["baseline_year"] == 2025
    assert any("marked * but no footnote" in w.message for w in t.warnings)


def test_two_sub_rows_sharing_one_attribute_cell():
    rows = table("shape_sub_rows.txt").rows
    assert [(r["seq"], r["seq_printed"], r["name"], r["attribute_zh"], r["category"]) for r in rows] == [
        (1, 1, "人均预期寿命", "预期性", "病有所医"),
        (2, 2, "基本养老保险参保率", "约束性", "老有所养"),
        (3, 2, "城乡居民养老保险参保率", "约束性", "老有所养"),     # the sub-row: 序号 2 and 属性 of row 2
        (4, 3, "高中阶段教育毛入学率", "约束性", "学有所教")]       # printed 3 after the sub-row: no warning
    assert (rows[2]["baseline_value"], rows[2]["target_value"], rows[2]["sub_row_of"]) == (88.0, 92.0, 2)
    assert table("shape_sub_rows.txt").warnings == []


def test_full_width_operators_and_a_cumulative_base():
    rows = table("shape_fullwidth_cumulative_base.txt").rows
    assert [(r["target_op_table"], r["target_value"]) for r in rows[:2]] == [("<", 12.0), (">", 95.0)]
    # 〔1200〕 in the base column: a five-year total, as the target 〔1500〕
    assert (rows[2]["baseline_value"], rows[2]["qualifiers"]) == (1200.0, ["五年累计", "五年累计"])


# --- issue 21, item 4: a guessed meaning is checked against the numbers and said on the page ------------

def test_a_guessed_direction_is_checked_against_the_numbers(tmp_path, capsys):
    """SYNTHETIC ``guessed_direction.txt``: 个人卫生支出…比重 29.3 -> 25左右 is meant to fall."""
    out = drafted(tmp_path, "guessed_direction.txt")
    printed = capsys.readouterr().out
    assert "direction: 1 个人卫生支出占卫生总费用的比重 read as lower-is-better from its numbers" in printed
    result = jzanalysis.analyse(out)
    ind = result.indicators.set_index("name")
    # lower is better: 25左右 binds as a ceiling; the base 29.3 is above it, so not met at baseline
    assert ind.loc["个人卫生支出占卫生总费用的比重", "direction"] == "lower"
    # a basis change (以县为单位 -> 以乡为单位) is not read from the numbers: the words say higher
    assert ind.loc["适龄儿童免疫规划疫苗接种率", "direction"] == "higher"
    a = result.assessment.set_index("name")
    assert a.loc["个人卫生支出占卫生总费用的比重", "feasibility"] != "met_at_baseline"
    worse = result.audit[result.audit["check"] == "target_permits_worse"]
    assert not worse["ids"].str.contains(ind.loc["个人卫生支出占卫生总费用的比重", "id"]).any()


def test_the_reader_pages_say_a_drafted_plan_was_not_checked(tmp_path, analysis):
    from jzanalysis.publish import pages

    out = drafted(tmp_path, "guessed_direction.txt")
    ctx = pages.build_context(jzanalysis.analyse(out), lang="zh", year=2026, illustrative=False)
    html = pages.render_pages(ctx, "")["index.html"]
    # 3 rows, each with direction, kind, pace, bounds, id guessed
    assert '<section id="drafted">' in html and "指标方向等为自动推断，未经核对" in html
    assert "3项指标的指标方向" in ctx["drafted_note"]
    # the PDF says it too: the drafted block right after the headline, with the same sentence
    doc = pages.pdf_model(ctx)
    assert doc["order"]["headline"][:2] == ["headline", "drafted"] and doc["drafted_note"] == ctx["drafted_note"]
    en = pages.build_context(jzanalysis.analyse(out), lang="en", year=2026, illustrative=False)
    assert en["drafted_note"].startswith("Indicator directions and other fields were inferred automatically")
    # the bundled plan is reviewed: no note
    bundled = pages.build_context(analysis, lang="zh", year=2021, illustrative=False)
    assert bundled["drafted_note"] == "" and '<section id="drafted">' not in pages.render_pages(bundled, "")["index.html"]
