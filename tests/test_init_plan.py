"""`jzanalysis init-plan`: the drafted plan folder, on the bundled plan and on SYNTHETIC plans.

The synthetic plans under tests/plans/ are short texts written for these tests (each says SYNTHETIC on its
first line); every expected value below was read off those files by hand (line numbers included).
"""

import hashlib
import math
from pathlib import Path

import pytest
import yaml

from jzanalysis import paths
from jzanalysis.cli import main
from jzanalysis.errors import InputError
from jzanalysis.plan.draft import draft_plan, period_name, period_years
from jzanalysis.plan.metadata import load_metadata
from jzanalysis.plan.parse import _join_metadata, parse_plan
from jzanalysis.plan.table import find_table, parse_table
from jzanalysis.plan.text import read_plan

PLANS = Path(__file__).parent / "plans"
NaN = math.nan
#: sha256 of the bundled text, as recorded in data/raw/PROVENANCE.md
BUNDLED_SHA = "3181aecce177cd514c8e2f1f1c711dbcfe31b98ae6a8f0ca9710b730a4ed2f6a"


def same(a, b):
    return (a is None or (isinstance(a, float) and math.isnan(a))) and (
        b is None or (isinstance(b, float) and math.isnan(b))) or a == b


def table_fields(table):
    """(seq, category, name, unit, base, target, table op, attribute, qualifiers) per row."""
    return [(r["seq"], r["category"], r["name"], r["unit"], r["baseline_value"], r["target_value"],
             r["target_op_table"], r["attribute_zh"], r["qualifiers"]) for r in table.rows]


def assert_rows(got, expected):
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert all(same(a, b) for a, b in zip(g, e)), (g, e)


# --- the five-year plan arithmetic -----------------------------------------------------------------------

def test_period_years_and_names():
    # 3rd plan 1966-1970, then every 5 years: 14 -> 1966 + 5 * 11 = 2021; 15 -> 2026; 13 -> 2016
    assert [period_years(n) for n in (13, 14, 15)] == [(2016, 2020), (2021, 2025), (2026, 2030)]
    assert [period_name(n) for n in (10, 13, 14, 15)] == ["十五", "十三五", "十四五", "十五五"]


# --- the bundled plan --------------------------------------------------------------------------------------

def test_bundled_plan_yaml(tmp_path, capsys):
    out = tmp_path / "jinzhong-14"
    assert main(["init-plan", str(paths.PLAN_TEXT), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    plan = yaml.safe_load((out / "plan.yaml").read_text(encoding="utf-8"))
    # line 1: 《晋中市“十四五”高品质生活建设（公共服务和社会保障事业）规划》…规划期为2021—2025年; line 33: 表1-1;
    # header 序号/类别/指标名称/2020年+实际值/2025年+目标值/属  性; the text names 山西 (全省 does not count)
    assert plan == {
        "schema": 1,
        # labels keyed by language (docs/plans.md)
        "title": {"zh": "《晋中市“十四五”高品质生活建设（公共服务和社会保障事业）规划》",
                  "en": "Jinzhong 14th Five-Year Plan"},
        "title_short": "晋中市“十四五”公共服务规划",
        "issuer": "晋中市人民政府",
        "area": {"name": {"zh": "晋中市", "en": "Jinzhong"}, "level": "city"},
        "parent_areas": [{"name": {"zh": "山西省", "en": "Shanxi"}, "level": "province"},
                         {"name": {"zh": "全国", "en": "China"}, "level": "nation"}],
        "period": {"name": "十四五", "first_year": 2021, "last_year": 2025},
        "base_year": 2020, "target_year": 2025,
        "previous_period": {"name": "十三五", "first_year": 2016, "last_year": 2020},
        "text": "raw/jinzhong_14th_fyp_public_services_2021_2025.txt",
        # the bundled reference data has China's published levels of 7 of its rows and 晋中市's 2020 population
        "metadata": "indicators.yaml", "series": "narrative_series.yaml", "benchmarks": "raw/benchmarks.csv",
        "table": {"caption": "表1-1", "header": {"seq": "序号", "category": "类别", "name": "指标名称",
                                                 "base": "2020年实际值", "target": "2025年目标值",
                                                 "attribute": "属性"}},
        "population": {"value": 3379498, "year": 2020, "area": "晋中市", "source": "raw/population.csv"},
        "drafted": True,
    }
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        "indicators.yaml", "narrative_series.yaml", "plan.yaml", "raw", "raw/PROVENANCE.md", "raw/benchmarks.csv",
        "raw/jinzhong_14th_fyp_public_services_2021_2025.txt", "raw/population.csv"]
    copied = out / "raw" / "jinzhong_14th_fyp_public_services_2021_2025.txt"
    assert hashlib.sha256(copied.read_bytes()).hexdigest() == BUNDLED_SHA
    assert f"`{BUNDLED_SHA}`" in (out / "raw" / "PROVENANCE.md").read_text(encoding="utf-8")
    # the prose series: 10 table rows with prose figures and 7 series of the prose alone (tests/test_draft_series.py)
    assert len(yaml.safe_load((out / "narrative_series.yaml").read_text(encoding="utf-8"))["series"]) == 17
    # what it found and what to check, one line each
    assert "  table: 表1-1 at line 33, 31 rows, header 序号/类别/指标名称/2020年实际值/2025年目标值/属性" in printed
    assert "  period: 十四五 2021-2025 (from “规划期为2021—2025年”)" in printed
    assert "  - direction: 3 lower-is-better (1 孕产妇死亡率、2 婴儿死亡率、12 城镇调查失业率), the rest higher" in printed
    assert "  - table line 176: sequence number printed as 10, expected 20 (previous row 19); using 20" in printed


FIELDS = ("seq", "category", "name", "unit", "baseline_value", "target_value", "attribute", "direction", "kind")


def test_bundled_plan_table_fields_at_least_90_percent_right(parsed):
    """Drafted (row, field) pairs against the parsed table and the curated data/indicators.yaml.

    31 rows x 9 fields = 279 pairs. The table fields (seq, category, name, unit, values, attribute) are read,
    not guessed: 31 x 7 = 217. direction: 死亡率 x2 and 失业率 lower, the rest higher, as curated: 31.
    kind: all 31 as curated (3 rate + 5 per_capita + 15 share + 4 level + 2 growth + 1 cumulative + 1 count
    = 31). 217 + 31 + 31 = 279 of 279, above 0.9 * 279 = 251.1.
    """
    draft = draft_plan(paths.PLAN_TEXT)
    meta = {e["seq"]: e for e in load_metadata()["indicators"]}
    truth = parsed.indicators.set_index("seq")
    drafted = {e["seq"]: e for e in draft.indicators["indicators"]}
    right = 0
    wrong = []
    for row in draft.table.rows:
        s = row["seq"]
        got = {**{k: row[k] for k in FIELDS[:7]}, "direction": drafted[s]["direction"], "kind": drafted[s]["kind"]}
        want = {**{k: truth.loc[s, k] for k in FIELDS[:7] if k != "seq"}, "seq": s,
                "direction": meta[s]["direction"], "kind": meta[s]["kind"]}
        for f in FIELDS:
            if same(got[f], want[f]) or (isinstance(got[f], float) and got[f] == pytest.approx(want[f])):
                right += 1
            else:
                wrong.append((s, f, got[f], want[f]))
    assert (right, wrong) == (279, [])
    assert right >= 0.9 * 31 * 9
    kinds = [drafted[s]["kind"] for s in range(1, 32)]
    assert kinds.count("share") == 15 and kinds.count("per_capita") == 5 and kinds.count("rate") == 3
    assert kinds.count("level") == 4 and kinds.count("growth") == 2
    assert kinds.count("cumulative") == 1 and kinds.count("count") == 1  # 15 + 5 + 3 + 4 + 2 + 1 + 1 = 31


def test_drafted_metadata_parses_the_bundled_text(tmp_path, parsed):
    out = tmp_path / "x"
    assert main(["init-plan", str(paths.PLAN_TEXT), "--out", str(out)]) == 0
    got = parse_plan(out).indicators  # the drafted folder: its text, its metadata, its (empty) series
    for col in ("seq", "category", "name", "unit", "baseline_value", "target_value", "target_op", "attribute",
                "direction", "cumulative", "annual_average", "baseline_year", "target_year"):
        assert got[col].tolist() == pytest.approx(parsed.indicators[col].tolist(), nan_ok=True) \
            if got[col].dtype.kind == "f" else got[col].tolist() == parsed.indicators[col].tolist(), col
    # ids from the glossary: 孕产妇 maternal + 死亡率 mortality rate
    assert got["id"].iloc[0] == "maternal_mortality_rate" and got["id"].is_unique


def test_existing_folder_needs_force(tmp_path, capsys):
    out = tmp_path / "plan"
    out.mkdir()
    (out / "mine.txt").write_text("keep", encoding="utf-8")
    assert main(["init-plan", str(paths.PLAN_TEXT), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"jzanalysis: error: {out}: out: already exists; give another --out, or --force to replace it"]
    assert [p.name for p in out.iterdir()] == ["mine.txt"]
    assert main(["init-plan", str(paths.PLAN_TEXT), "--out", str(out), "--force"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["indicators.yaml", "narrative_series.yaml", "plan.yaml", "raw"]
    assert [p.name for p in tmp_path.iterdir()] == ["plan"]  # no temporary folder left behind


def test_text_without_a_table_is_one_line_and_writes_nothing(tmp_path, capsys):
    text = tmp_path / "plan.txt"
    text.write_text("《某市“十五五”规划》\n规划期为2026—2030年。\n", encoding="utf-8")
    assert main(["init-plan", str(text), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"jzanalysis: error: {text}: table: no indicator table found")
    assert not (tmp_path / "out").exists()


# --- SYNTHETIC (a): moved to 十五五, renamed / removed / added indicators, caption 表2-1 -------------------

FIFTEENTH = [
    # seq, category (carried down), name, unit, 2025 value, 2030 target, op as printed, 属性, qualifiers
    (1, "幼有所育", "婴儿死亡率", "‰", 4.5, 4.0, "<=", "预期性", []),                    # ≤4
    (2, "幼有所育", "每千人口拥有3岁以下婴幼儿托位数", "个", 4.5, 5.5, "=", "预期性", []),
    (3, "学有所教", "学前教育毛入园率", "%", 97.5, 98.0, ">=", "约束性", []),               # ≥98
    (4, "学有所教", "普惠性幼儿园覆盖率", "%", 90.0, 95.0, ">=", "预期性", []),             # 95以上 (added)
    (5, "病有所医", "每千人口拥有执业医师数", "人", 2.74, 3.2, "=", "预期性", []),           # renamed
    (6, "住有所居", "城镇老旧小区改造", "个", None, 600.0, "=", "预期性", ["五年累计"]),     # base —
]


def test_fifteenth_period_plan(tmp_path):
    path = PLANS / "fifteenth_period.txt"
    t = find_table(read_plan(path))
    assert (t.caption, t.caption_line, t.header_line, t.continued) == ("表2-1", 8, 9, 0)
    assert (t.baseline_year, t.target_year) == (2025, 2030)   # 2025年 实际值 / 2030年 目标值 (lines 12-15)
    assert t.header == {"seq": "序号", "category": "类别", "name": "指标名称", "baseline": "2025年实际值",
                        "target": "2030年目标值", "attribute": "属性"}
    assert_rows(table_fields(t), FIFTEENTH)
    assert all((r["baseline_year"], r["target_year"]) == (2025, 2030) for r in t.rows)
    assert [r["source_line"] for r in t.rows] == [18, 25, 32, 39, 46, 53]

    d = draft_plan(path)
    p = d.plan
    assert (p["title"], p["title_short"], p["title_en"]) == (
        "《晋中市“十五五”公共服务规划》", "晋中市“十五五”公共服务规划", "Jinzhong 15th Five-Year Plan")
    # 规划期为2026—2030年 (line 2); the previous plan 十四五: 2026 - 5 = 2021 .. 2025
    assert p["period"] == {"name": "十五五", "first_year": 2026, "last_year": 2030}
    assert (p["base_year"], p["target_year"]) == (2025, 2030)
    assert p["previous_period"] == {"name": "十四五", "first_year": 2021, "last_year": 2025}
    assert p["table"] == {"caption": "表2-1", "header": {
        "seq": "序号", "category": "类别", "name": "指标名称", "base": "2025年实际值", "target": "2030年目标值",
        "attribute": "属性"}}
    assert p["area"] == {"name": "晋中市", "name_en": "Jinzhong", "level": "city"}
    assert [a["name"] for a in p["parent_areas"]] == ["山西省", "全国"]   # 山西省 on line 5
    got = [(e["direction"], e["kind"], e.get("target_op"), e.get("per_population"))
           for e in d.indicators["indicators"]]
    assert got == [("lower", "rate", None, None),            # ≤4 printed: no target_op needed
                   ("higher", "per_capita", ">=", 1000),     # 每千人口; bare 5.5 read as a floor
                   ("higher", "share", None, None),
                   ("higher", "share", None, None),
                   ("higher", "per_capita", ">=", 1000),
                   ("higher", "cumulative", ">=", None)]     # （五年累计）


def test_fifteenth_period_with_the_14th_metadata_names_the_added_row(tmp_path):
    path = PLANS / "fifteenth_period.txt"
    plan = read_plan(path)
    rows, _ = parse_table(plan, caption="表2-1")
    with pytest.raises(InputError) as exc:
        _join_metadata(rows, path, load_metadata())
    # row 1 婴儿死亡率 and row 2 托位数 are in the 14th metadata; row 3 学前教育毛入园率 too; row 4 is new (line 41)
    assert str(exc.value) == (f'{path}:41: name: "普惠性幼儿园覆盖率" not in indicators.yaml; run `jzanalysis '
                              'init-plan` to draft it, or add it as an alias of the indicator it renames')


# --- SYNTHETIC (b): 属性 before 类别, target before base, a page break repeating the header -------------

COLUMN_ORDER = [
    (1, "学有所教", "劳动年龄人口平均受教育年限", "年", 11.2, 11.5, "~", "约束性", []),       # 约11.5
    (2, "学有所教", "高中阶段教育毛入学率", "%", 90.5, 92.0, ">", "预期性", []),              # ９０．５ / 大于92
    (3, "劳有所得", "城镇调查失业率", "%", None, 5.5, "~", "预期性", []),                    # — / 5.5左右
    (4, "劳有所得", "居民人均可支配收入增长率", "%", 6.1, 6.0, ">=", "预期性", []),          # 不低于6
    (5, "病有所医", "人均预期寿命", "岁", 77.5, 78.0, ">=", "预期性", []),                   # ≥78
]


def test_column_order_and_page_break():
    path = PLANS / "column_order_page_break.txt"
    t = find_table(read_plan(path))
    # header cells, lines 6-11: 序号 指标名称 属性 类别 2025年目标值 2020年实际值
    assert t.columns == {"seq": 0, "name": 1, "attribute": 2, "category": 3, "target": 4, "baseline": 5}
    assert (t.caption, t.caption_line, t.header_line) == ("表1", 5, 6)
    assert (t.baseline_year, t.target_year) == (2020, 2025)
    # rows 1-3 on lines 13, 20, 27; blank, form feed, 续表1 and the header again (lines 33-41); rows 4-5
    assert t.continued == 1
    assert [r["source_line"] for r in t.rows] == [13, 20, 27, 43, 50]
    assert_rows(table_fields(t), COLUMN_ORDER)
    assert t.warnings == []

    d = draft_plan(path)
    p = d.plan
    assert p["area"] == {"name": "平遥县", "name_en": "", "level": "county"}
    assert [a["name"] for a in p["parent_areas"]] == ["山西省", "全国"]
    assert p["period"] == {"name": "十四五", "first_year": 2021, "last_year": 2025}   # 规划期为2021-2025年
    assert (p["base_year"], p["target_year"]) == (2020, 2025)
    assert p["table"]["caption"] == "表1"
    assert p["table"]["header"] == {"seq": "序号", "category": "类别", "name": "指标名称", "base": "2020年实际值",
                                    "target": "2025年目标值", "attribute": "属性"}
    got = [(e["direction"], e["kind"], e["pace"], e["bounds"]) for e in d.indicators["indicators"]]
    assert got == [("higher", "level", "linear", [0, None]),     # 年
                   ("higher", "share", "shortfall", [0, None]),  # 毛入学率 can pass 100; target 92 >= 90
                   ("lower", "rate", "linear", [0, 100]),        # 失业率
                   ("higher", "growth", "none", [None, None]),   # 增长率
                   ("higher", "level", "linear", [0, 120])]      # 岁
    assert any("area.name.en: 平遥县 is not in the built-in list" in c for c in d.checks)


def test_page_break_without_the_repeated_header_ends_the_table(tmp_path):
    lines = (PLANS / "column_order_page_break.txt").read_text(encoding="utf-8").split("\n")
    # drop the repeated header (lines 36-42): after 续表1 come the cells of row 4, which are not a header
    text = tmp_path / "plan.txt"
    text.write_text("\n".join(lines[:35] + lines[42:]), encoding="utf-8")
    t = find_table(read_plan(text))
    assert [r["seq"] for r in t.rows] == [1, 2, 3] and t.continued == 0


# --- SYNTHETIC (c): national style, 专栏1, bare year columns, 〔〕 and worded targets ----------------------

NATIONAL = [
    (1, "幼有所育", "每千人口拥有3岁以下婴幼儿托位数", "个", 1.8, 4.5, "=", "预期性", []),
    (2, "学有所教", "劳动年龄人口平均受教育年限", "年", 10.8, 11.3, "=", "约束性", []),
    (3, "劳有所得", "城镇新增就业人数", "万人", None, 5500.0, "=", "预期性", ["五年累计"]),   # 〔5500〕
    (4, "弱有所扶", "低保对象救助", "", None, None, "text_target", "约束性", []),             # 应保尽保
    (5, "老有所养", "养老机构护理型床位占比", "%", None, 55.0, "=", "约束性", []),
    (6, "优军服务", "退役军人服务站覆盖率", "", None, None, "text_target", "预期性", []),     # 全覆盖
    (7, "文化体育", "人均体育场地面积", "平方米", 2.2, 2.6, "=", "预期性", []),
]


def test_national_style_plan():
    path = PLANS / "national_style.txt"
    t = find_table(read_plan(path))
    assert (t.caption, t.caption_line, t.header_line) == ("专栏1", 6, 7)
    assert t.title == "专栏1  “十四五”公共服务发展主要指标"
    # bare 2020年 / 2025年: the earlier is the base
    assert (t.baseline_year, t.target_year) == (2020, 2025)
    assert t.header == {"seq": "序号", "category": "类别", "name": "指标", "baseline": "2020年", "target": "2025年",
                        "attribute": "属性"}
    assert_rows(table_fields(t), NATIONAL)
    assert t.rows[3]["baseline_text"] == "应保尽保" and t.rows[3]["baseline_value"] is None

    d = draft_plan(path)
    p = d.plan
    assert p["title"] == "《“十四五”公共服务规划》" and p["issuer"] is None
    assert p["area"] == {"name": "全国", "name_en": "China", "level": "nation"} and p["parent_areas"] == []
    # no 规划期 sentence: the years come from the header, 2020 + 1 .. 2025
    assert p["period"] == {"name": "十四五", "first_year": 2021, "last_year": 2025}
    assert p["previous_period"] == {"name": "十三五", "first_year": 2016, "last_year": 2020}
    assert p["table"] == {"caption": "专栏1", "header": {
        "seq": "序号", "category": "类别", "name": "指标", "base": "2020年", "target": "2025年", "attribute": "属性"}}
    entries = d.indicators["indicators"]
    assert [e["kind"] for e in entries] == ["per_capita", "level", "cumulative", "level", "share", "share",
                                            "per_capita"]
    # worded targets keep their own verdict: no numeric target_op is drafted for them
    assert ["target_op" in e for e in entries] == [True, True, True, False, True, False, True]
    assert entries[3]["id"] == "ind_4" and entries[3]["name_en"] == ""   # 低保对象救助: not in the glossary
    assert any(c.startswith("targets in words: 4 低保对象救助、6 退役军人服务站覆盖率") for c in d.checks)


def test_national_style_drafted_metadata_binds_every_row(tmp_path):
    out = tmp_path / "national"
    assert main(["init-plan", str(PLANS / "national_style.txt"), "--out", str(out)]) == 0
    plan = read_plan(out / "raw" / "national_style.txt")
    rows, _ = parse_table(plan, caption="专栏1")
    ind = _join_metadata(rows, plan.path, load_metadata(out / "indicators.yaml"))
    assert ind["target_op"].tolist() == [">=", ">=", ">=", "text_target", ">=", "text_target", ">="]
    assert ind["cumulative"].tolist() == [False, False, True, False, False, False, False]
    assert ind["id"].tolist()[3] == "ind_4"


def test_text_targets_keep_their_own_verdict(tmp_path):
    """A target in words (应保尽保, 全覆盖 in the SYNTHETIC national-style plan) is neither dropped nor a
    crash: the drafted folder assesses it as ``qualitative`` (文字目标) with a reason naming the words, and
    the yearly status says it is checked by the office, not measured."""
    import pandas as pd

    import jzanalysis
    from jzanalysis.cli import main

    folder = tmp_path / "national"
    assert main(["init-plan", str(PLANS / "national_style.txt"), "--out", str(folder)]) == 0
    result = jzanalysis.analyse(folder)
    ind = result.indicators.set_index("name")
    assert list(ind.loc[ind["target_op"] == "text_target", "target_text"]) == ["应保尽保", "全覆盖"]
    a = result.assessment.set_index("name")
    words = a[a["target_op"] == "text_target"]
    assert list(words.index) == ["低保对象救助", "退役军人服务站覆盖率"]
    assert set(words["feasibility"]) == {"qualitative"}
    assert "目标以文字表述（应保尽保）" in words.loc["低保对象救助", "reason_zh"]
    actuals = tmp_path / "a.csv"
    pd.DataFrame({"id": [a.loc["人均体育场地面积", "id"]], "year": [2021], "value": [2.3]}).to_csv(actuals, index=False)
    m = jzanalysis.analyse(folder, actuals=actuals).assessment.set_index("name")
    assert m.loc["低保对象救助", "status"] == "not_assessable"
    assert "由主管部门对照核实" in m.loc["低保对象救助", "status_reason_zh"]
