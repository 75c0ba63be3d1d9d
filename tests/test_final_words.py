"""Words of the final report (issue 22 items 5, 6, 7, 9): one word for one outcome, tables that keep words
whole, English that is the same report, the detail pages' words. Data: tests/cases (illustrative)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import jzanalysis
from jzanalysis.analysis.changes import what_changed
from jzanalysis.publish import pages, rows

HERE = Path(__file__).resolve().parent
SEQUENCE = HERE / "cases" / "actuals_sequence_2021_2025.csv"
FINAL = HERE / "cases" / "actuals_final_2025.csv"


@pytest.fixture(scope="module")
def yearly():
    """The yearly sequence's last step: 2024 (monitoring) then 2025 (final) with the 2024 assessment."""
    before = jzanalysis.analyse(actuals=SEQUENCE, as_of=2024)
    final = jzanalysis.analyse(actuals=SEQUENCE, as_of=2025)
    return final, what_changed(before.assessment, final.assessment)


def _ctx(analysis, lang, changes=None):
    return pages.build_context(analysis, lang=lang, year=2025, illustrative=True, changes=changes,
                               has_previous=changes is not None)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_changes_say_the_final_outcome_in_the_tables_word(yearly, lang):
    final, changes = yearly
    ctx = _ctx(final, lang, changes)
    by_id = {r["id"]: r for r in ctx["rows"]}
    mmr = next(c for c in ctx["changes"] if c["anchor"] == by_id["maternal_mortality_ratio"]["anchor"])
    done = "完成" if lang == "zh" else "achieved"
    # 12.5 against <=12.5 in 2025: the table says 完成, and so do the change and its reason (not 已达标)
    assert by_id["maternal_mortality_ratio"]["status"]["label"] == done == mmr["now"]["label"]
    assert "已达标" not in mmr["reason"] and mmr["reason"].endswith(("变为完成。", "-> achieved."))
    for c in ctx["changes"]:
        assert not re.search(r"[a-z]+_[a-z]+", c["reason"]), c["reason"]      # no status codes
        assert "所需速度之比" not in c["reason"] and "the ratio" not in c["reason"]  # no pace ratio R
    if lang == "en":  # a prose target (新增托位) is named in English
        assert all(not re.search(r"[\u4e00-\u9fff]", c["name"]) for c in ctx["changes"])


def test_no_plan_time_badge_beside_the_final_status(tmp_path):
    ctx = _ctx(jzanalysis.analyse(actuals=FINAL, as_of=2025), "zh")
    html = pages.render_pages(ctx, "")["html/02_indicators.html"]
    beds = html[html.index('id="i-16"'):]
    beds = beds[:beds.index("</article>")]
    assert "完成情况" in beds and "基期已达标" not in beds and "评估</dt>" not in beds
    model = pages.pdf_model(ctx)
    assert all(r.get("final") for g in model["groups"] for r in g["rows"])


def test_table_cells_keep_words_and_numbers_whole():
    css = (Path(jzanalysis.__file__).parent / "templates" / "report.css").read_text(encoding="utf-8")
    assert "table.jz-table td.c-attr { white-space: nowrap; }" in css
    assert "table.jz-table td, table.jz-table th { overflow-wrap: break-word; }" in css


def test_english_is_the_same_report():
    a = jzanalysis.analyse(actuals=FINAL, as_of=2025)
    zh, en = _ctx(a, "zh"), _ctx(a, "en")
    by = {r["id"]: r for r in en["rows"]}
    # the five-year mean said once: 6.45% a year on average, not "% per year a year on average"
    assert by["disposable_income_growth"]["final_actual"] == "6.45% a year on average 2021-2025"
    assert by["immunization_coverage"]["target"] == "90 (township basis)"
    # every prose target of the Chinese report is in the English one (named by its line when untranslated)
    assert len(en["prose"]) == len(zh["prose"]) == 46
    assert any(r["name"].startswith("Target on line ") for r in en["prose"])
    # the same headline points in both languages
    assert len(en["headline"]["points"]) == len(zh["headline"]["points"])
    pre = next(r for r in en["rows"] if r["id"] == "preschool_gross_enrollment")
    assert "Statistical Communiqué on National Educational Development 2020" in pre["reference_source"]


def test_benchmark_pace_is_the_benchmarks_own():
    a = jzanalysis.analyse()
    r = a.assessment.set_index("id").loc["preschool_gross_enrollment"].to_dict()
    r["id"] = "preschool_gross_enrollment"
    # China 2015 -> 2020: 75 -> 85.2 %, (85.2 - 75) / 5 = +2.04 points a year; its gap to 100 narrowing
    # (14.8 / 25)^(1/5) - 1 = -9.95 % a year; from 97.1 that narrowing gives (98.28 - 97.1) / 5 = +0.237
    text = rows.reference_text(r, "zh")
    assert text == "全国2015—2020年每年+2.04个百分点（距100的差距年均缩小9.95%）；按此缩小速度，本市每年+0.237个百分点"


def test_audit_headings_name_the_indicator():
    ctx = _ctx(jzanalysis.analyse(), "zh")
    titles = [f["title"] for f in ctx["audit"]]
    assert "目标是否允许比现状更差：孕产妇死亡率" in titles
    assert all("：" in t or not f["indicators"] for t, f in zip(titles, ctx["audit"], strict=True))


def test_one_source_for_every_value_is_said_once():
    a = jzanalysis.analyse(actuals=HERE.parent / "examples" / "actuals_example.csv", as_of=2023)
    ctx = pages.build_context(a, lang="zh", year=2023, illustrative=True)
    assert ctx["actuals_given_all"] == "以下所有实际值的来源和备注相同：illustrative, not official；示例数据，非官方统计。"
    html = pages.render_pages(ctx, "")["html/02_indicators.html"]
    # the illustrative banner and the one note, not once per indicator (about 80 values)
    assert html.count("示例数据，非官方统计") == 2


def test_a_shortfall_pace_beside_its_reason_in_the_same_words():
    ctx = pages.build_context(jzanalysis.analyse(), lang="zh", year=2021, illustrative=False)
    pre = next(r for r in ctx["rows"] if r["id"] == "preschool_gross_enrollment")
    # (97.5 - 97.1) / 5 = +0.08 points a year; gap 2.9 -> 2.5: (2.5 / 2.9)^(1/5) - 1 = -2.92 % a year
    assert pre["pace_detail"] == "每年增加0.08个百分点（即距100的差距年均缩小2.92%）"
    assert "距100的差距年均缩小2.92%" in pre["reason"]


def test_pdf_links_only_to_details_it_holds(yearly):
    """A change of a prose target links to its detail on the pages; the PDF holds Table 1-1's details only."""
    final, changes = yearly
    model = pages.pdf_model(_ctx(final, "zh", changes))
    anchors = [c["anchor"] for c in model["changes"]]
    assert anchors and all(a == "" or a.startswith("i-") for a in anchors)
    assert "" in anchors   # 新增托位 (childcare_places_new), a prose target


def test_english_sentences_say_a_count_in_ten_thousands_as_a_count():
    a = jzanalysis.analyse(actuals=SEQUENCE, as_of=2025)
    by = {r["id"]: r for r in _ctx(a, "en")["rows"]}
    housing = by["rural_dilapidated_housing_renovation"]       # 1.5 万户 of 2 万户: 1.5 * 10,000 = 15,000
    assert (housing["latest_unit"], housing["target_unit"]) == ("15,000 households in 2025", "20,000 households")
    assert housing["target"] == "2"                            # the table keeps the plan's number
