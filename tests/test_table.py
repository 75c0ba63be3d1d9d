"""Table 1-1 as parsed, checked row by row against the document (lines 33-258 of the bundled text)."""

import math

import pandas as pd
import pytest

from jzanalysis.plan.parse import INDICATOR_COLUMNS
from jzanalysis.plan.table import parse_value, split_name

NaN = math.nan
# seq, name, unit, baseline, target, op (after metadata), attribute — copied by hand from the table.
EXPECTED = [
    (1, "孕产妇死亡率", "1/10万", 7.85, 12.5, "<=", "expected"),
    (2, "婴儿死亡率", "‰", 4.79, 5.25, "<=", "expected"),
    (3, "每千人口拥有3岁以下婴幼儿托位数", "个", 0.99, 4.5, ">=", "expected"),
    (4, "适龄儿童免疫规划疫苗接种率", "%", 93.49, 90, ">=", "binding"),
    (5, "学前教育毛入园率", "%", 97.1, 97.5, ">=", "expected"),
    (6, "公办园在园幼儿占比", "%", 57.16, 60, ">=", "expected"),
    (7, "义务教育优质均衡县（市、区）比例", "%", NaN, 20, ">=", "expected"),
    (8, "高中阶段教育毛入学率", "%", 98.8, 99, ">", "expected"),
    (9, "劳动年龄人口平均受教育年限", "年", 11.2, 11.75, ">=", "binding"),
    (10, "从业人员持证率", "%", 21.5, 50, ">", "expected"),
    (11, "全社会劳动持证率", "%", NaN, 25, ">", "expected"),
    (12, "城镇调查失业率", "%", NaN, 5, "~", "expected"),
    (13, "居民人均可支配收入增长率", "%", 5.4, 9, ">=", "expected"),
    (14, "基本医疗保险参保率", "%", NaN, 95, ">=", "expected"),
    (15, "人均预期寿命", "岁", 77.3, 78.1, ">=", "expected"),
    (16, "每千人口医疗卫生机构床位数", "张", 5.23, 5.3, ">=", "expected"),
    (17, "每千人口拥有执业（助理）医师数", "人", 2.39, 2.74, ">=", "expected"),
    (18, "基本养老保险参保率", "%", 93.9, 95.8, ">=", "expected"),
    (19, "养老机构护理型床位占比", "%", 41, 55, ">=", "binding"),
    (20, "生活不能自理特困人员集中供养率", "%", NaN, 60, ">=", "expected"),
    (21, "城镇老旧小区改造", "个", NaN, 852, ">=", "expected"),
    (22, "农村危房改造", "万户", 1.767, 2, ">=", "expected"),
    (23, "困难残疾人生活补贴和重度残疾人护理补贴覆盖率", "%", NaN, 100, ">=", "binding"),
    (24, "有需求残疾人基本康复服务覆盖率", "%", NaN, 85, ">", "expected"),
    (25, "城乡低保平均保障标准年度增速", "%", NaN, NaN, "relational", "expected"),
    (26, "政府安排工作的退役军人安置率", "%", NaN, 100, ">=", "expected"),
    (27, "每万人口拥有公共文化设施建筑面积", "平方米", NaN, 261, ">=", "expected"),
    (28, "公共文化机构服务效率", "总服务人次/馆员规模", NaN, 6851.4, ">=", "expected"),
    (29, "公共图书馆年流通人次", "万人", 73.2, 80, ">=", "expected"),
    (30, "经常参加体育锻炼人数比例", "%", 42.4, 42.9, ">=", "expected"),
    (31, "人均体育场地面积", "平方米", 2.75, 2.9, ">=", "binding"),
]


def same(a, b):
    return (pd.isna(a) and pd.isna(b)) or a == pytest.approx(b)


@pytest.mark.parametrize("row", EXPECTED, ids=[str(r[0]) for r in EXPECTED])
def test_every_row_matches_the_document(parsed, row):
    seq, name, unit, base, target, op, attribute = row
    r = parsed.indicators.set_index("seq").loc[seq]
    assert r["name"] == name
    assert r["unit"] == unit
    assert same(r["baseline_value"], base)
    assert same(r["target_value"], target)
    assert r["target_op"] == op
    assert r["attribute"] == attribute


def test_shape_ids_and_columns(parsed):
    ind = parsed.indicators
    assert list(ind.columns) == INDICATOR_COLUMNS
    assert list(ind["seq"]) == list(range(1, 32))
    assert ind["id"].is_unique and ind["id"].str.fullmatch(r"[a-z][a-z0-9_]*").all()
    assert (ind["baseline_year"] == 2020).all() and (ind["target_year"] == 2025).all()
    # categories carried down from the first row of each group: 4+5+4+4+3+2+3+1+5 = 31
    counts = ind.groupby("category", sort=False).size().to_dict()
    assert counts == {"幼有所育": 4, "学有所教": 5, "劳有所得": 4, "病有所医": 4, "老有所养": 3,
                      "住有所居": 2, "弱有所扶": 3, "优军服务": 1, "文化体育": 5}
    assert ind["attribute"].value_counts().to_dict() == {"expected": 26, "binding": 5}  # rows 4, 9, 19, 23, 31 are 约束性


def test_cell_text_basis_and_qualifiers_kept(parsed):
    ind = parsed.indicators.set_index("id")
    imm = ind.loc["immunization_coverage"]
    assert imm["baseline_text"] == "93.49%（以县为单位）" and imm["baseline_basis"] == "以县为单位"
    assert imm["target_basis"] == "以乡为单位" and bool(imm["basis_change"])
    assert bool(ind.loc["old_residential_compound_renovation", "cumulative"])
    assert bool(ind.loc["disposable_income_growth", "annual_average"])
    assert ind.loc["disposable_income_growth", "target_text"] == "9（年均）"
    assert ind.loc["urban_surveyed_unemployment_rate", "target_text"] == "5左右"
    # band of an "about" target: 5 % of 5 = 0.25 percentage points
    assert ind.loc["urban_surveyed_unemployment_rate", "band_halfwidth"] == pytest.approx(0.25)
    assert ind.loc["quality_balanced_county_share", "baseline_text"] == "—"
    assert ind.loc["maternal_mortality_ratio", "target_op_table"] == "="  # the table prints a bare 12.5
    assert ind.loc["maternal_mortality_ratio", "direction"] == "lower"


def test_sequence_defect_is_corrected_and_warned(parsed):
    ind = parsed.indicators.set_index("seq")
    assert ind.loc[20, "seq_printed"] == 10 and ind.loc[20, "source_line"] == 176
    assert (ind.drop(index=20)["seq_printed"] == ind.drop(index=20).index).all()
    assert len(parsed.warnings) == 1
    w = parsed.warnings[0]
    assert w.line == 176 and "printed as 10, expected 20" in w.message


@pytest.mark.parametrize("text,value,op,basis", [
    ("≥97.5", 97.5, ">=", ""), (">99", 99.0, ">", ""), ("5左右", 5.0, "~", ""), ("—", None, None, ""),
    ("93.49%（以县为单位）", 93.49, "=", "以县为单位"), ("9（年均）", 9.0, "=", ""),
    ("不低于居民人均上年度消费支出增速", None, "relational", ""), ("12.5", 12.5, "=", ""),
])
def test_parse_value(text, value, op, basis):
    v = parse_value(text)
    assert (v.value, v.op, v.basis) == (value, op, basis)


def test_parse_value_rejects_garbage():
    assert parse_value("abc") is None and parse_value("12,5x") is None


def test_split_name():
    assert split_name("城镇老旧小区改造（个）（五年累计）") == ("城镇老旧小区改造", "个", ["五年累计"])
    assert split_name("义务教育优质均衡县（市、区）比例（%）") == ("义务教育优质均衡县（市、区）比例", "%", [])
    assert split_name("孕产妇死亡率（1/10万）") == ("孕产妇死亡率", "1/10万", [])


def test_parse_value_keeps_spaces_meaningful():
    # spaces around the parts are fine; inside the number they are not ("1 2" is not 12, issue 11)
    assert parse_value("≥ 97.5").value == 97.5 and parse_value(" 60 ").value == 60
    assert parse_value("1 2") is None and parse_value("7 85") is None
    # 401 digits parse to inf: the table reader refuses it (tests/test_hostile.py)
    assert math.isinf(parse_value("9" * 401).value)


# --- rows bound to the metadata by name and aliases, not by position (issue 14 item 4) ------------------

def _write(tmp_path, lines, meta=None):
    import yaml

    plan = tmp_path / "plan.txt"
    plan.write_text("\n".join(lines), encoding="utf-8")
    if meta is None:
        return plan, None
    path = tmp_path / "indicators.yaml"
    path.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return plan, path


def _meta():
    import yaml

    from jzanalysis import paths

    return yaml.safe_load(paths.INDICATOR_META.read_text(encoding="utf-8"))


def test_renamed_row_is_a_one_line_error_naming_it(tmp_path, plan_lines):
    from jzanalysis.errors import InputError
    from jzanalysis.plan.parse import parse_plan

    # line 52 is row 2's name cell 婴儿死亡率（‰）
    assert plan_lines[51] == "\t婴儿死亡率（‰）"
    plan, _ = _write(tmp_path, plan_lines[:51] + ["\t新生儿死亡率（‰）"] + plan_lines[52:])
    with pytest.raises(InputError) as exc:
        parse_plan(plan)
    assert (exc.value.line, exc.value.field) == (52, "name")
    assert str(exc.value).startswith(f'{plan}:52: name: "新生儿死亡率" not in indicators.yaml; run `jzanalysis init-plan`')


def test_alias_binds_a_renamed_row(tmp_path, plan_lines):
    from jzanalysis.plan.parse import parse_plan

    meta = _meta()
    meta["indicators"][1]["aliases"] = ["新生儿死亡率"]   # entry 2 = infant_mortality_rate
    plan, path = _write(tmp_path, plan_lines[:51] + ["\t新生儿死亡率（‰）"] + plan_lines[52:], meta)
    ind = parse_plan(plan, path).indicators.set_index("seq")
    assert (ind.loc[2, "id"], ind.loc[2, "name"], ind.loc[2, "target_value"]) == \
        ("infant_mortality_rate", "新生儿死亡率", 5.25)


def test_metadata_order_does_not_matter(tmp_path, plan_lines, parsed):
    from jzanalysis.plan.parse import parse_plan

    meta = _meta()
    meta["indicators"] = meta["indicators"][::-1]   # 31..1: bound by name, the result is the same
    plan, path = _write(tmp_path, plan_lines, meta)
    got = parse_plan(plan, path).indicators
    pd.testing.assert_frame_equal(got, parsed.indicators)


def test_match_rows_refuses_a_name_used_twice():
    from jzanalysis.errors import InputError
    from jzanalysis.plan.metadata import match_rows

    meta = {"indicators": [{"id": "a", "name_zh": "甲"}, {"id": "b", "name_zh": "乙", "aliases": ["甲"]}]}
    with pytest.raises(InputError, match="also belongs to a"):
        match_rows([{"name": "甲", "seq": 1, "source_line": 5}], "p.txt", meta)
    meta = {"indicators": [{"id": "a", "name_zh": "甲"}]}
    rows = [{"name": "甲", "seq": 1, "source_line": 5}, {"name": "甲", "seq": 2, "source_line": 9}]
    with pytest.raises(InputError, match="is indicator a again"):
        match_rows(rows, "p.txt", meta)


# --- the table found by its header (issue 14 item 2) ---------------------------------------------------

def test_bundled_table_found_by_header_alone(plan_path):
    from jzanalysis.plan.table import find_table
    from jzanalysis.plan.text import read_plan

    t = find_table(read_plan(plan_path), caption=None)
    # caption line 33, header cells on lines 34..42 (两 wrapped year cells), 31 rows
    assert (t.caption, t.caption_line, t.header_line) == ("表1-1", 33, 34)
    assert t.title == "表1-1  “十四五”晋中市高品质生活建设主要指标"
    assert (t.baseline_year, t.target_year, len(t.rows), t.continued) == (2020, 2025, 31, 0)
    assert t.columns == {"seq": 0, "category": 1, "name": 2, "baseline": 3, "target": 4, "attribute": 5}
    assert t.header == {"seq": "序号", "category": "类别", "name": "指标名称", "baseline": "2020年实际值",
                        "target": "2025年目标值", "attribute": "属性"}


@pytest.mark.parametrize("cells,expected", [
    (["序号", "类别", "指标名称", "2020年实际值", "2025年目标值", "属性"],
     {"seq": 0, "category": 1, "name": 2, "baseline": 3, "target": 4, "attribute": 5}),
    (["序号", "属性", "指标", "2030年目标值", "2025年实际值", "类别"],
     {"seq": 0, "attribute": 1, "name": 2, "target": 3, "baseline": 4, "category": 5}),
    (["序号", "指标名称", "2025年", "2020年", "属性"],     # bare years: the earlier is the base
     {"seq": 0, "name": 1, "baseline": 3, "target": 2, "attribute": 4}),
    (["序号", "类别", "指标", "基期值", "目标值", "属 性"],
     {"seq": 0, "category": 1, "name": 2, "baseline": 3, "target": 4, "attribute": 5}),
    (["序号", "类别", "指标名称", "2020年实际值", "属性"], None),   # no target column
    (["项目", "内容"], None),
])
def test_header_columns(cells, expected):
    from jzanalysis.plan.table import header_columns

    assert header_columns(cells) == expected
