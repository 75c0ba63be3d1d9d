"""本年要点 of a monitoring or final year (issue 15 §2-3), the final-year table (§4) and the reader's words (§5).

Table-driven: each case gives the rows' attributes and statuses and the exact words expected, with the
arithmetic beside it. The end-to-end cases build the pages from the analysis (no notebooks): the 2025 final
scenario ``tests/cases/actuals_final_2025.csv`` and the 2023 example actuals.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import warnings

import pandas as pd
import pytest
from conftest import EXAMPLE_ACTUALS
from visible import visible_text

from jzanalysis import paths
from jzanalysis.publish import pages, sections, words
from jzanalysis.publish import rows as reader_rows

FINAL_ACTUALS = paths.ROOT / "tests" / "cases" / "actuals_final_2025.csv"


def _row(i, attr, code, *, data=True, latest="2025年实际53%", target="≥55%"):
    return {"id": f"x{i}", "name": f"指标{i}", "anchor": f"i-{i}", "attr_code": attr, "kind": "final",
            "status": words.status(code, "zh"), "has_data": data, "latest_unit": latest if data else "",
            "target_unit": target, "verdict": words.verdict("reachable", "zh"), "inconsistent": None}


def _head(rows, changes=None, as_of=2025):
    analysis = types.SimpleNamespace(audit=pd.DataFrame(columns=["check", "ids"]), assessment=None)
    return sections.headline.headline(analysis, rows, [], "zh", changes, changes is not None, as_of)


# ------------------------------------------------------------------------------------ counts by attribute
COUNT_CASES = [
    # 5 binding: 2 done + 1 mostly done + 1 not done + 1 no data = 5; 26 expected: 20 done + 6 not assessable
    ([("binding", "done")] * 2 + [("binding", "mostly_done"), ("binding", "not_done"), ("binding", "no_data")]
     + [("expected", "done")] * 20 + [("expected", "not_assessable")] * 6,
     ["约束性指标5项：完成2项、基本完成1项、未完成1项、缺少数据1项", "预期性指标26项：完成20项、无法评估6项"]),
    # binding listed first even when the expected rows come first in the table; statuses in legend order
    # (未完成 before 缺少数据 before 无法评估) whatever order they occur in
    ([("expected", "not_assessable"), ("expected", "not_done"), ("binding", "no_data"), ("binding", "done")],
     ["约束性指标2项：完成1项、缺少数据1项", "预期性指标2项：未完成1项、无法评估1项"]),
    # monitoring statuses: 1 on track + 2 need acceleration = 3 binding; expected none -> no line
    ([("binding", "needs_acceleration"), ("binding", "on_track"), ("binding", "needs_acceleration")],
     ["约束性指标3项：进度正常1项、需加快2项"]),
]


@pytest.mark.parametrize("spec, lines", COUNT_CASES)
def test_counts_by_attribute_line(spec, lines):
    rows = [_row(i, a, c) for i, (a, c) in enumerate(spec, start=1)]
    assert _head(rows)["by_attribute"] == lines


def test_counts_by_attribute_counts_whatever_statuses_occur():
    rows = [_row(1, "binding", "no_data"), _row(2, "binding", "no_data"), _row(3, "expected", "achieved")]
    assert sections.counts.counts_by_attribute(rows) == {"binding": {"no_data": 2}, "expected": {"achieved": 1}}


# ------------------------------------------------------------------------------------------ points
POINT_CASES = [
    # binding misses (未完成 before 基本完成), then binding without data, then expected misses
    ([("expected", "not_done"), ("binding", "mostly_done"), ("binding", "no_data"), ("binding", "not_done"),
      ("expected", "done")],
     ["x4", "x2", "x3", "x1"], ""),
    # 8 misses: at most 6 named, 8 - 6 = 2 left
    ([("expected", "not_done")] * 8, ["x1", "x2", "x3", "x4", "x5", "x6"], "另有2项未列出，见总览表。"),
    # nothing missed: no points
    ([("binding", "done"), ("expected", "done")], [], ""),
    # monitoring: 明显滞后 before 需加快 within the binding group, binding before expected 逆向变化
    ([("expected", "regressing"), ("binding", "needs_acceleration"), ("binding", "off_track")],
     ["x3", "x2", "x1"], ""),
]


@pytest.mark.parametrize("spec, order, more", POINT_CASES)
def test_points_binding_first_at_most_six(spec, order, more):
    rows = [_row(i, a, c) for i, (a, c) in enumerate(spec, start=1)]
    head = _head(rows)
    assert [p["id"] for p in head["points"]] == order
    assert head["more"] == more
    assert len(head["points"]) <= sections.headline.HEADLINE_POINTS == 6


def test_point_words_carry_units_and_the_binding_tag():
    head = _head([_row(1, "binding", "not_done"), _row(2, "binding", "no_data", data=False, target="≥11.75年"),
                  _row(3, "expected", "not_done", latest="2021—2025年年均6.45%", target="9%（年均）")])
    assert [p["text"] for p in head["points"]] == [
        "指标1（约束性）：未完成，2025年实际53%，目标≥55%。",
        "指标2（约束性）：缺少数据，目标≥11.75年。",
        "指标3：未完成，2021—2025年年均6.45%，目标9%（年均）。"]


@pytest.mark.parametrize("text, unit, out", [
    ("≥55", "%", "≥55%"),
    ("852（五年累计）", "个", "852个（五年累计）"),
    ("4.5万元左右", "元", "4.5万元左右"),      # the plan's words already name the unit
    ("≤12.5", "1/10万", "≤12.5/10万"),
    ("11.75", "年", "11.75年"),
    ("—", "%", "—"),
])
def test_with_unit(text, unit, out):
    assert reader_rows.with_unit(text, {"unit": unit}, "zh") == out


def test_annual_average_is_the_period_geometric_mean():
    # (1.12 x 1.06 x 1.09^3)^(1/5) - 1: 1.12 x 1.06 = 1.1872; 1.09^3 = 1.295029; product 1.537458;
    # ^(1/5) = exp(ln(1.537458)/5) = exp(0.086026) = 1.089835 -> 8.98 %, not the arithmetic mean (12+6+9+9+9)/5 = 9
    assert reader_rows.period_mean_growth([12, 6, 9, 9, 9]) == pytest.approx(8.9835, abs=1e-3)


def test_changes_already_named_are_not_repeated():
    rows = [_row(1, "binding", "not_done"), _row(2, "expected", "done")]
    changes = pd.DataFrame({"id": ["x1", "x2"], "status_before": ["needs_acceleration", "on_track"],
                            "status_now": ["not_achieved", "achieved"], "name": ["指标1", "指标2"]})
    head = _head(rows, changes)
    # a final report says this year's outcome in the completion table's word (issue 22 item 5)
    assert [c["text"] for c in head["changes"]] == ["指标2：由“进度正常”变为“完成”。"]
    assert head["change_line"] == "与上年相比：2项指标状态发生变化。（上文已列出的1项不再重复）"


# ------------------------------------------------------------------------------------ end to end
@pytest.fixture(scope="module")
def final_analysis():
    from jzanalysis import analyse

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return analyse(actuals=FINAL_ACTUALS, as_of=2025)


@pytest.fixture(scope="module")
def monitored():
    from jzanalysis import analyse

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return analyse(actuals=EXAMPLE_ACTUALS, as_of=2023)


def _site(analysis, year, tmp_path, lang="zh"):
    from jzanalysis.publish.render import page_css

    made = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.timezone.utc)
    ctx = pages.build_context(analysis, lang=lang, year=year, illustrative=False, made=made,
                              files=pages.input_files(None, None, None))
    return ctx, pages.render_pages(ctx, page_css())


def _headline_text(html: str) -> str:
    start = html.index('<section class="headline" id="headline">')
    return visible_text(html[start:html.index("</section>", start)]).strip()


@pytest.mark.parametrize("which", ["final", "monitored"])
def test_headline_within_600_characters_counts_first(which, final_analysis, monitored, tmp_path):
    analysis, year = (final_analysis, 2025) if which == "final" else (monitored, 2023)
    ctx, site = _site(analysis, year, tmp_path)
    text = _headline_text(site["index.html"])
    assert len(text) <= 600, (len(text), text)
    title = "总结评估要点" if which == "final" else "本年要点"  # issue 22 item 1: the final year's own title
    assert text.startswith(f"{title} 按截至{year}年的实际值，表1-1的31项指标中：")
    assert text.index("约束性指标5项") < text.index("预期性指标26项") < text.index("需要关注")
    # the plan's contradictions are not in the headline, only one line linking their own section
    assert "11,862" not in text and "56,280" not in text and "规划自身数字有2处矛盾（托位、收入增长）" in text
    overview = site["html/01_overview.html"]
    assert 'id="findings"' in overview and "11,862" in visible_text(overview)
    assert len(ctx["headline"]["points"]) <= 6


def test_final_headline_names_the_binding_miss_first_with_units(final_analysis, tmp_path):
    ctx, _ = _site(final_analysis, 2025, tmp_path)
    head = ctx["headline"]
    # 5 binding rows in Table 1-1; nursing beds 53 < 55 -> 未完成; the other 4 have no value
    assert head["by_attribute"][0].startswith("约束性指标5项：未完成1项")
    texts = [p["text"] for p in head["points"]]
    assert texts[0] == "养老机构护理型床位占比（约束性）：未完成，2025年实际53%，目标55%。"
    assert all("（约束性）" in t for t in texts[:5]) and "（约束性）" not in texts[5]
    # income growth 8.6, 5.9, 6.3, 6.0, 5.5: (1.086 x 1.059 x 1.063 x 1.06 x 1.055)^(1/5) - 1 = 6.45 % a year
    assert texts[5] == "居民人均可支配收入增长率：未完成，2021—2025年年均6.45%，目标9%（年均）。"


# ----------------------------------------------------------------------------------- final table
def test_final_table_columns_and_grouping(final_analysis, tmp_path):
    ctx, site = _site(final_analysis, 2025, tmp_path)
    f = ctx["final_columns"]
    # the years from the rows' baseline_year (2020) and target_year (2025) columns
    assert [f[k] for k in ("name", "attribute", "baseline", "target", "actual", "status", "note")] == \
        ["指标", "属性", "2020年", "2025年目标", "2025年实际", "完成情况", "说明"]
    groups = ctx["final_groups"]
    assert [g["category"] for g in groups] == ["幼有所育", "学有所教", "劳有所得", "病有所医", "老有所养", "住有所居",
                                               "弱有所扶", "优军服务", "文化体育"]
    assert sum(len(g["rows"]) for g in groups) == 31
    # binding first within a category: 幼有所育 lists 免疫规划 (binding, Table 1-1 row 4) first
    assert groups[0]["rows"][0]["attr_code"] == "binding" and groups[0]["rows"][0]["seq"] == 4
    rows = {r["id"]: r for g in groups for r in g["rows"]}
    assert rows["nursing_bed_share"]["final_actual"] == "53" and rows["nursing_bed_share"]["status"]["label"] == "未完成"
    # a 年均 target: the mean of 2021-2025 with its unit, 6.45 % (see the headline test)
    assert rows["disposable_income_growth"]["final_actual"] == "2021—2025年年均6.45%"
    assert rows["life_expectancy"]["status"]["label"] == "基本完成"      # 78.06 -> 78.1 at the printed precision
    assert rows["hospital_beds_per_1000"]["status"]["label"] == "完成"   # 5.35 >= 5.3
    overview = visible_text(site["html/01_overview.html"])
    assert "主要指标完成情况表" in overview and "目标与基期相比" not in overview
    # 按类别统计 counts the final outcomes, each column once: 2 + 1 + 2 + 25 + 1 = 31; 25 indicators have
    # no value in the scenario (缺少数据, counted apart; 免疫规划 among them: on its new basis a value would be
    # judged, issue 22 item 4) and 1 cannot be judged by the rules (无法评估: the relational target)
    counts = ctx["counts"]
    assert [c["label"] for c in counts["columns"]] == ["完成", "基本完成", "未完成", "缺少数据", "无法评估"]
    assert counts["totals"] == [2, 1, 2, 25, 1] and sum(counts["totals"]) == counts["total"] == 31
    # prose targets without data: one line per chapter, never one row each
    folded = [g["folded"] for g in ctx["final_prose"] if g["folded"]]
    chapters = {r["category_key"].split(" / ")[0] for r in ctx["prose"] if not r["has_data"]}
    assert len(folded) == len(chapters) and all(re.match(r"\d+项正文目标未填报实际值：", s) for s in folded)


# ------------------------------------------------------------------------------------------ words
def test_no_variable_names_in_reader_text(monitored, tmp_path):
    """What changed is said in words: "实际速度与所需速度之比由…升至…", never "R 由"."""
    from jzanalysis.analysis.changes import what_changed

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from jzanalysis import analyse

        before = analyse(actuals=EXAMPLE_ACTUALS, as_of=2022).assessment
    changes = what_changed(before, monitored.assessment)
    ctx = pages.build_context(monitored, lang="zh", year=2023, illustrative=False, changes=changes,
                              has_previous=True, files=pages.input_files(None, None, None))
    from jzanalysis.publish.render import page_css

    site = pages.render_pages(ctx, page_css())
    for name, html in site.items():
        text = visible_text(html)
        assert not re.search(r"\bR\s*(由|为|=)", text), name
    # the pace ratio is not in a change's reason either (issue 22 item 9: -2.67 says nothing to a reader)
    assert ctx["changes"] and not any("实际速度与所需速度之比" in c["reason"] for c in ctx["changes"])


def test_zh_audit_page_has_no_english_finding(final_analysis, tmp_path):
    _, site = _site(final_analysis, 2025, tmp_path)
    text = visible_text(site["html/03_audit.html"])
    assert not re.search(r"[A-Za-z]{4,}", text), re.findall(r"[^。]*[A-Za-z]{4,}[^。]*", text)[:3]
    # the parser's "sequence number printed as 10, expected 20 (previous row 19)" in words
    assert "序号印为10，按顺序应为20（上一行为19），已按20处理。" in text


def test_benchmarks_are_labelled_national_and_weak_ones_say_why(final_analysis):
    rows = {r["id"]: r for r in reader_rows.indicator_rows(final_analysis, "zh")}
    pre = rows["preschool_gross_enrollment"]
    assert pre["reference_label"] == "基准速度（全国）" and pre["reference_from"].startswith("基准速度来源（全国")
    # 97.5 - 97.1 = 0.4 percentage points planned, and a gross ratio can exceed 100
    assert pre["caveats"] == [words.T("caveat.gross_ratio", "zh"),
                              "规划增幅只有0.4个百分点，在统计误差范围内，参照速度的快慢对判断意义不大。"]
    assert rows["urban_surveyed_unemployment_rate"]["reference_label"] == "以往速度"   # no benchmark: the plan's own
    assert all("基准参照" not in r["reason"] and "已查找国家" not in r["reason"] for r in rows.values())


def test_ceiling_reason_has_no_share_of_planned_increase():
    row = {"target_op": "<=", "direction": "lower"}
    text = "总结评估：2025年13，未达到目标≤12.5，差距0.5（占规划增量的10.8%）。"
    assert reader_rows._ceiling_words(row, text) == "总结评估：2025年13，未达到目标≤12.5，差距0.5。"
    assert reader_rows._ceiling_words({"target_op": ">=", "direction": "higher"}, text) == text
