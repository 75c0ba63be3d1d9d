"""A plan is a folder (plan.yaml): its years, title, area, caption and population drive every result.

The other plans here are SYNTHETIC: the bundled plan moved by five years to 2026-2030 (十五五, base
2025), optionally in a made-up city (示范市, 北方省), written by ``tests/plans/shifted_plan.py``. Its
numbers are the bundled plan's, so each expectation is the bundled value with the years moved by 5.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import re
from pathlib import Path

import pytest

import jzanalysis
from jzanalysis import paths
from jzanalysis.errors import InputError
from jzanalysis.plan.config import load_plan_config, period_years, resolve_plan
from jzanalysis.plan.parse import parse_plan

HERE = Path(__file__).resolve().parent
EXAMPLE_ACTUALS = HERE.parent / "examples" / "actuals_example.csv"
_spec = importlib.util.spec_from_file_location("shifted_plan", HERE / "plans" / "shifted_plan.py")
shifted = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(shifted)


def plus5(text) -> str:
    """The bundled plan's text with its years moved to the shifted plan's (2020 -> 2025)."""
    return re.sub(r"(?<!\d)(20[0-4]\d)(?!\d)", lambda m: str(int(m.group(1)) + 5), str(text))


@pytest.fixture(scope="module")
def plan15(tmp_path_factory):
    return shifted.write_shifted_plan(tmp_path_factory.mktemp("p15") / "jinzhong-15")


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory):
    return shifted.write_shifted_plan(tmp_path_factory.mktemp("pa") / "shifan-15", area=True, population=False)


@pytest.fixture(scope="module")
def bundled():
    return jzanalysis.analyse()


@pytest.fixture(scope="module")
def a15(plan15):
    return jzanalysis.analyse(plan15)


# ------------------------------------------------------------------------------------------ plan.yaml
def test_bundled_plan_yaml():
    c = load_plan_config(paths.DEFAULT_PLAN)
    assert c.title == "《晋中市“十四五”高品质生活建设（公共服务和社会保障事业）规划》"
    assert (c.area.name, c.area.level, c.area_word) == ("晋中市", "city", "本市")
    assert [a.name_en for a in c.parent_areas] == ["Shanxi", "China"]
    assert (c.period.name, c.period.first_year, c.period.last_year) == ("十四五", 2021, 2025)
    assert (c.base_year, c.target_year, c.span) == (2020, 2025, 5)
    assert c.years == (2021, 2022, 2023, 2024, 2025)
    assert (c.previous_period.name, c.previous_period.first_year) == ("十三五", 2016)
    assert c.text == paths.PLAN_TEXT and c.metadata == paths.INDICATOR_META and c.benchmarks == paths.BENCHMARKS
    assert (c.population.value, c.population.year, c.population.source) == (3379498, 2020, paths.CENSUS)
    assert c.table.caption == "表1-1" and c.table.header["base"] == "2020年实际值"
    assert c.caption_in("en") == "Table 1-1" and c.drafted is False


def test_period_names_are_dated_or_not_at_all():
    # the n-th five-year plan runs 1950+5n+1 .. 1950+5n+5: 十四五 (n=14) 2021-2025
    assert period_years("十四五") == (2021, 2025)
    assert period_years("十五五") == (2026, 2030)
    assert period_years("十二五") == (2011, 2015)
    assert period_years("五年规划") is None and period_years("") is None


def _plan_yaml(tmp_path, text: str) -> Path:
    folder = tmp_path / "p"
    (folder / "raw").mkdir(parents=True)
    (folder / "raw" / "plan.txt").write_text("x\n", encoding="utf-8")
    (folder / "indicators.yaml").write_text("indicators: []\n", encoding="utf-8")
    (folder / "plan.yaml").write_text(text, encoding="utf-8")
    return folder


GOOD = """schema: 1
title: 《示例规划》
area: {name: 示例县, level: county}
period: {name: 十五五, first_year: 2026, last_year: 2030}
base_year: 2025
target_year: 2030
text: raw/plan.txt
metadata: indicators.yaml
"""


def test_minimal_plan_yaml_and_its_defaults(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="jzanalysis.plan.config"):
        c = load_plan_config(_plan_yaml(tmp_path, GOOD))
    # no title_en: a warning and the Chinese title, never a KeyError
    assert c.title_en == "《示例规划》" and "title_en" in c.fallbacks and "title_en missing" in caplog.text
    # a county plan names its area, not 本市; no population: no per-capita conversion
    assert c.area_word == "示例县" and c.population is None and c.benchmarks is None and c.series is None
    # no previous_period: the one before 十五五 (2021-2025) when the period name dates it
    assert (c.previous_period.name, c.previous_period.first_year, c.previous_period.last_year) == ("十四五", 2021, 2025)
    assert c.table.caption is None and c.caption_in("zh") == "主要指标表" and c.caption_in("en") == "the main table"


@pytest.mark.parametrize("edit, line, key, words", [
    (("target_year: 2030", "target_year: 2O30"), 6, "target_year", "expected a year"),
    (("target_year: 2030", "target_year: 2024"), 6, "target_year", "not after base_year 2025"),
    (("level: county", "level: town"), 3, "area.level", "expected one of city, county, province, nation"),
    (("schema: 1", "schema: 1\ncolour: red"), 2, "colour", "unknown key"),
    (("text: raw/plan.txt", "text: raw/nope.txt"), 7, "text", "file not found"),
    (("base_year: 2025", "base_year: 2025\npopulation: {value: 100, year: 2025, area: 晋中市}"), 6,
     "population.area", "no per-capita conversion with another area's population"),
])
def test_bad_plan_yaml_names_the_line_and_key(tmp_path, edit, line, key, words):
    folder = _plan_yaml(tmp_path, GOOD.replace(*edit))
    with pytest.raises(InputError) as err:
        load_plan_config(folder)
    assert err.value.path.endswith("plan.yaml") and err.value.line == line and err.value.field == key
    assert words in err.value.message


def test_plan_argument_resolves_folder_yaml_or_bare_text(plan15, tmp_path):
    assert resolve_plan(None).folder == paths.DEFAULT_PLAN.resolve()
    assert resolve_plan(plan15).target_year == 2030
    assert resolve_plan(plan15 / "plan.yaml").target_year == 2030
    # a bare text, as before plans were folders: the bundled plan's settings
    text = tmp_path / "copy.txt"
    text.write_bytes(paths.PLAN_TEXT.read_bytes())
    c = resolve_plan(text)
    assert c.text == text and c.target_year == 2025 and c.metadata == paths.INDICATOR_META
    with pytest.raises(InputError, match="no plan.yaml in this folder"):
        resolve_plan(tmp_path)


# ------------------------------------------------------------------------------------------ guardrails
def test_header_years_that_disagree_with_plan_yaml_are_refused(tmp_path, capsys):
    # plan.yaml says base 2024, the table's header prints 2025年 (line 37 of the text, as 2020年 in the bundled)
    folder = shifted.write_shifted_plan(tmp_path / "bad", base_year=2024)
    with pytest.raises(InputError) as err:
        parse_plan(folder)
    assert err.value.path.endswith("plan.txt") and err.value.line == 37 and err.value.field == "header"
    assert "header says 2025年" in err.value.message and "plan.yaml:12 says base_year: 2024" in err.value.message
    from jzanalysis.cli import main

    assert main(["assess", "--plan", str(folder)]) == 2
    err_line = capsys.readouterr().err.strip()
    assert len(err_line.splitlines()) == 1 and "plan.txt:37: header:" in err_line


def test_a_period_name_plan_yaml_does_not_date_is_warned_about(tmp_path):
    lines = paths.PLAN_TEXT.read_text(encoding="utf-8").split("\n")
    lines[20] = lines[20] + "“十二五”期间全市新建学校12所。"  # line 21: a period the plan.yaml does not date
    text = tmp_path / "plan.txt"
    text.write_text("\n".join(lines), encoding="utf-8")
    got = parse_plan(text)
    period = [w for w in got.warnings if w.field == "period"]
    assert [(w.line, "“十二五”" in w.message) for w in period] == [(21, True)]
    # the figure is never given a guessed year (the prose reader alone would date it 2021-2025), nor is it a target
    facts = got.narrative_facts
    row = facts[facts["sentence"].str.contains("十二五")]
    assert list(row["value"]) == [12.0] and list(row["year"]) == [""] and list(row["role"]) == ["context"]


def test_missing_english_name_falls_back_with_a_warning(tmp_path):
    folder = shifted.write_shifted_plan(tmp_path / "noen")
    meta = folder / "indicators.yaml"
    text = meta.read_text(encoding="utf-8")
    # drop the English name of the first indicator (seq 1, maternal mortality): name: {zh: 孕产妇死亡率}
    first = re.search(r"(\n    name: \{zh: [^,}]*), en: [^}]*\}", text)
    meta.write_text(text[:first.start()] + first.group(1) + "}" + text[first.end():], encoding="utf-8")
    got = parse_plan(folder)
    warned = [w for w in got.warnings if w.field.endswith("name_en")]
    assert [w.field for w in warned] == ["maternal_mortality_ratio.name_en"]
    assert got.indicators["name_en"].iloc[0] == got.indicators["name"].iloc[0] == "孕产妇死亡率"
    a = jzanalysis.analyse(folder)  # and the audit and assessment run on it
    assert len(a.assessment) == len(jzanalysis.analyse(shifted.write_shifted_plan(tmp_path / "en")).assessment)


def test_no_population_means_no_per_capita_conversion(elsewhere):
    a = jzanalysis.analyse(elsewhere)
    checks = set(a.audit["check"])
    # the bundled plan has these three checks; without a population none of them, and one note that says so
    assert not checks & {"additions_vs_level", "per_capita_counts", "per_capita_in_absolute"}
    note = a.audit[a.audit["check"] == "no_population"]
    assert list(note["severity"]) == ["info"] and "未将人均指标换算为总量" in note["explanation_zh"].iloc[0]
    assert a.population is None


# ------------------------------------------------------------------------------------------ another period
def test_shifted_plan_parses_to_the_same_table_with_its_years(plan15):
    b, s = parse_plan(), parse_plan(plan15)
    assert s.config.target_year == 2030
    assert set(s.indicators["baseline_year"]) == {2025} and set(s.indicators["target_year"]) == {2030}
    for col in ("id", "seq", "name", "unit", "baseline_value", "target_value", "target_op", "attribute", "kind"):
        assert s.indicators[col].equals(b.indicators[col]), col
    # the prose: the same 98 figures, every year moved by 5 (2016-2020 -> 2021-2025, 2025 -> 2030)
    assert len(s.narrative_facts) == len(b.narrative_facts) == 98
    assert list(s.narrative_facts["year"]) == [plus5(y) if y else y for y in b.narrative_facts["year"]]
    assert list(s.narrative_facts["value"]) == list(b.narrative_facts["value"])
    assert list(s.narrative_facts["series"]) == list(b.narrative_facts["series"])


def test_shifted_plan_assessment_equals_the_bundled_with_moved_years(bundled, a15):
    a, b = a15.assessment, bundled.assessment
    # prose targets' ids are anchored on the plan's own sentence (its years): another text, other ids
    kind = lambda ids: ["nf" if i.startswith("nf_") else i for i in ids]  # noqa: E731
    assert kind(a["id"]) == kind(b["id"]) and list(a["feasibility"]) == list(b["feasibility"])
    assert a["required_pace"].equals(b["required_pace"]) and a["projected"].equals(b["projected"])
    # the reasons name the plan's years: 2025年7.85已满足上限 (bundled: 2020年7.85…)
    row = a.set_index("id").loc["maternal_mortality_ratio"]
    assert row["reason_zh"] == "2025年7.85已满足上限（≤12.5）。"
    assert not a["reason_zh"].str.contains("2020年基期|2025年目标").any()


def test_shifted_plan_audit_names_its_years_and_period(a15):
    text = "\n".join(a15.audit["explanation_zh"])
    # 托位: 0.99 per 1,000 × 3,379,498 / 1000 = 3,346 in 2025; 4.5 per 1,000 -> 15,208 in 2030
    assert "规划承诺“十五五”累计新增5,000个托位，但2025年每千人口0.99个对应约3,346个托位" in text
    assert "2030年只能达到每千人口约2.47个（按2025年常住人口3,379,498人）" in text
    assert "十四五”累计新增" not in text


def test_workbook_years_are_the_plans(a15, tmp_path):
    from openpyxl import load_workbook

    from jzanalysis.publish.template import write_template

    out = write_template(tmp_path / "t.xlsx", a15)
    ws = load_workbook(out)["填报"]
    head = [c.value for c in ws[1]]
    assert head == ["指标代码（勿改）", "指标名称", "单位", "2025年基期值", "2030年目标", "2026年", "2027年", "2028年",
                    "2029年", "2030年", "数据来源", "备注", "统计值/预计值", "属性"]
    help_text = "\n".join(str(r[0].value or "") for r in load_workbook(out)["说明"].iter_rows())
    assert "十五五" in help_text and "2026年至2030年" in help_text and "十四五" not in help_text


def _context(analysis, year, lang="zh"):
    from jzanalysis.publish.pages import build_context

    return build_context(analysis, lang=lang, year=year, illustrative=False)


def test_report_2027_is_monitoring_and_2030_the_final_evaluation(plan15, tmp_path):
    actuals = shifted.shift_actuals(EXAMPLE_ACTUALS, tmp_path / "a.csv")
    m = _context(jzanalysis.analyse(plan15, actuals=actuals, as_of=2027), 2027)
    assert m["titles"]["kind"] == "monitor" and "2027" in m["titles"]["title"] and "总结评估" not in m["titles"]["title"]
    assert m["titles"]["plan"] == "《晋中市“十五五”高品质生活建设（公共服务和社会保障事业）规划》"
    f = _context(jzanalysis.analyse(plan15, actuals=actuals, as_of=2030), 2030)
    assert f["titles"]["kind"] == "final" and "总结评估" in f["titles"]["title"]
    # the bundled plan: 2025 is its final year (the same rule, its own target year)
    b = _context(jzanalysis.analyse(actuals=EXAMPLE_ACTUALS, as_of=2025), 2025)
    assert b["titles"]["kind"] == "final"


def test_report_words_of_a_2030_plan(a15):
    ctx = _context(a15, 2026)
    words = json.dumps(ctx, ensure_ascii=False, default=str)
    assert ctx["titles"]["kind"] == "plan"
    assert "2025年目标" not in words and "2030年目标" in words
    assert "表1-1：31项主要指标" in words  # the caption and the counted rows (31 in this plan)


#: A subject the bundled plan's subject fixes write (its narrative_series.yaml): plan data, so a plan from
#: elsewhere has its own; nothing is left out any more (the test below checks every word).
PROSE_FIX = "\0"


def _jinzhong_free(analysis, drop=PROSE_FIX):
    for lang in ("zh", "en"):
        words = json.dumps(_context(analysis, 2026, lang), ensure_ascii=False, default=str).replace(drop, "")
        yield lang, words


def test_no_jinzhong_words_in_a_plan_from_elsewhere(elsewhere):
    a = jzanalysis.analyse(elsewhere)
    for lang, words in _jinzhong_free(a):
        assert "晋中" not in words and "Jinzhong" not in words and "山西" not in words and "Shanxi" not in words, lang
        assert "示范市" in words or "Shifan" in words
    for frame in (a.assessment, a.audit):
        text = frame.astype(str).to_csv().replace(PROSE_FIX, "")
        assert "晋中" not in text and "Jinzhong" not in text and "山西" not in text and "Shanxi" not in text


# ------------------------------------------------------------------------------------------ --plan DIR
@pytest.mark.parametrize("argv", [["parse", "-q", "--out", "{out}"], ["assess", "--format", "csv", "--out", "{out}/a.csv"],
                                  ["audit", "--format", "csv", "--out", "{out}/b.csv"],
                                  ["template", "--out", "{out}/t.xlsx"]])
def test_every_command_takes_plan_dir(plan15, tmp_path, argv):
    from jzanalysis.cli import main

    argv = [a.format(out=tmp_path) for a in argv] + ["--plan", str(plan15)]
    assert main(argv) == 0
    if argv[0] == "parse":
        import pandas as pd

        ind = pd.read_csv(tmp_path / "indicators.csv")
        assert set(ind["baseline_year"]) == {2025} and set(ind["target_year"]) == {2030}
    if argv[0] == "assess":
        assert "2025年7.85已满足上限" in (tmp_path / "a.csv").read_text(encoding="utf-8")


def test_changes_takes_plan_dir(plan15, tmp_path):
    from jzanalysis.cli import main

    actuals = shifted.shift_actuals(EXAMPLE_ACTUALS, tmp_path / "a.csv")
    prev = tmp_path / "prev.csv"
    jzanalysis.analyse(plan15, actuals=actuals, as_of=2027).assessment.to_csv(prev, index=False)
    assert main(["changes", "--plan", str(plan15), "--previous", str(prev), "--actuals", str(actuals),
                 "--as-of", "2028", "--format", "csv", "--out", str(tmp_path / "c.csv")]) == 0
    # a 2026-2030 plan accepts 2028; the bundled plan's range would be 2021..2035 too, but 2040 is only the new one's
    assert main(["assess", "--plan", str(plan15), "--actuals", str(actuals), "--as-of", "2040", "--format", "csv",
                 "--out", str(tmp_path / "d.csv")]) == 0
    assert main(["assess", "--actuals", str(EXAMPLE_ACTUALS), "--as-of", "2040"]) == 2


def test_no_jinzhong_words_at_all_in_a_plan_from_elsewhere(elsewhere):
    a = jzanalysis.analyse(elsewhere)
    for _lang, words in _jinzhong_free(a, drop="\0"):
        assert "晋中" not in words


def test_a_county_plan_names_its_area_and_its_parent_benchmarks(tmp_path):
    """本市 only for a city: a county plan's reasons name the county; the benchmark area is a parent area."""
    folder = shifted.write_shifted_plan(tmp_path / "county", area=True, population=False)
    text = (folder / "plan.yaml").read_text(encoding="utf-8")
    text = text.replace("area: {name: 示范市, name_en: Shifan, level: city}",
                        "area: {name: 示范县, name_en: Shifan County, level: county}")
    text = text.replace("series: narrative_series.yaml\n", "series: narrative_series.yaml\nbenchmarks: raw/benchmarks.csv\n")
    (folder / "plan.yaml").write_text(text, encoding="utf-8")
    (folder / "raw" / "benchmarks.csv").write_bytes((paths.DEFAULT_PLAN / "raw" / "benchmarks.csv").read_bytes())
    row = jzanalysis.analyse(folder).assessment.set_index("id").loc["preschool_gross_enrollment"]
    # the bundled reason with 本市 -> 示范县, 十三五 -> 十四五 (the previous period) and the target year 2030;
    # the benchmark (China 2015-2020: 75 -> 85.2, published) keeps its own years
    assert row["reason_zh"] == ("需距100的差距年均缩小2.92%；示范县无“十四五”历史速度，以全国2015—2020年（75→85.2）"
                                "同口径的9.95%为基准速度；按此速度2030年约98.3。")
    assert "Shifan County has no 14th-plan history" in row["reason_en"]
    # a benchmark for an area that is not one of parent_areas is refused, naming the line and field
    (folder / "plan.yaml").write_text(text.replace("name_en: China", "name_en: PRC"), encoding="utf-8")
    with pytest.raises(InputError) as err:
        jzanalysis.analyse(folder)
    assert err.value.field == "area" and err.value.line == 2 and "Beifang, PRC" in err.value.message


@pytest.mark.slow
def test_report_on_a_2030_plan_folder(plan15, tmp_path, monkeypatch):
    """`jzanalysis report --plan DIR --actuals … --year 2027 --formats html`: the kernels get the folder;
    the pages carry the plan's title and years, and a 2027 report is a monitoring report."""
    from jzanalysis.cli import main

    monkeypatch.chdir(tmp_path)
    actuals = shifted.shift_actuals(EXAMPLE_ACTUALS, tmp_path / "a.csv")
    assert main(["report", "--plan", str(plan15), "--actuals", str(actuals), "--year", "2027",
                 "--formats", "html", "--jobs", "2", "--out", "out"]) == 0
    index = (tmp_path / "out" / "2027" / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", index, re.S).group(1)
    assert "晋中市“十五五”" in title and "2027" in title and "总结评估" not in title and "十四五”高品质" not in title
    pages = index + "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out" / "2027" / "html").glob("*.html"))
    assert "2030年目标" in pages and "2025年目标" not in pages
    inputs = json.loads((tmp_path / "out" / "2027" / "data" / "inputs.json").read_text(encoding="utf-8"))
    assert inputs["title"] == "《晋中市“十五五”高品质生活建设（公共服务和社会保障事业）规划》"
    assert inputs["parameters"]["plan"] == plan15.name  # never an absolute path of the building machine
    for nb in (tmp_path / "out" / "2027" / "notebooks").glob("*.ipynb"):
        # the folder went to the kernel, as its staged copy (relative: no path of the building machine)
        text = nb.read_text(encoding="utf-8")
        assert f"../.inputs/plan/{plan15.name}" in text and str(plan15.resolve()) not in text, nb.name


def test_shifted_plan_charts_name_its_years(a15):
    # the SVG charts' legends are filled with the plan's own years (a 2026-2030 plan: base 2025, target
    # 2030), whoever drew a chart before (the words are the analysis' plan's, not a cached 2020)
    from jzanalysis.i18n import use_plan_words
    from jzanalysis.publish import svgchart

    use_plan_words(None)  # the bundled plan's words, as in a fresh kernel
    try:
        svg = svgchart.indicator_svg(a15, "hospital_beds_per_1000", "zh")
        assert "2025年基期" in svg and "2030年目标" in svg and "2020年基期" not in svg
    finally:
        use_plan_words(None)
