"""Numbers as plans print them (plan/numbers.py): each expected value worked out by hand in the comment."""

import pytest

from jzanalysis.plan.numbers import (
    Reading,
    cn_decimal,
    cn_number,
    is_text_target,
    read_amount,
    read_value,
    to_ascii_digits,
)
from jzanalysis.plan.prose import find_figures, op_of, qualifier_of
from jzanalysis.plan.table import parse_value


@pytest.mark.parametrize("text,value", [
    ("五千", 5000),                 # 5 * 1000
    ("四万五千", 45000),            # 4 * 10^4 + 5 * 10^3
    ("二〇二五", 2025),             # digit by digit: 2 0 2 5
    ("二〇三〇", 2030),
    ("三十五", 35),                 # 3 * 10 + 5
    ("十二", 12),                   # leading 十 = 一十: 10 + 2
    ("一百零五", 105),              # 1 * 100 + 零 + 5
    ("十万", 100000),               # (10) * 10^4
    ("一亿二千万", 120000000),      # 1 * 10^8 + 2000 * 10^4
    ("两", 2),
    ("一一", None),                 # two digits without a place
    ("十十", None),                 # a place twice
    ("五x", None),
])
def test_cn_number(text, value):
    assert cn_number(text) == value


def test_cn_decimal():
    # 4 + 0.5; 12 + 0.05; 0 + 0.1 (decimal, so exactly 0.1)
    assert [cn_decimal(t) for t in ("四点五", "十二点零五", "零点一", "四点", "点五")] == [4.5, 12.05, 0.1, None, None]


@pytest.mark.parametrize("text,value,unit", [
    ("五千个", 5000.0, "个"),
    ("四万五千元", 45000.0, "元"),
    ("二〇二五年", 2025.0, "年"),
    ("百分之四点五", 4.5, "%"),
    ("４．５万人", 45000.0, "人"),      # full-width 4.5, then 万: 4.5 * 10^4
    ("1,000人", 1000.0, "人"),
    ("27.35万人", 273500.0, "人"),      # 27.35 * 10^4 in decimal, exact
])
def test_read_amount(text, value, unit):
    a = read_amount(text)
    assert (a.value, a.unit) == (value, unit)


def test_read_amount_refuses_what_is_not_one_amount():
    assert read_amount("百分之四点五元") is None and read_amount("多个") is None and read_amount("一一个") is None


def test_full_width_digits():
    assert to_ascii_digits("４．５％") == "4.5%" and to_ascii_digits("≥９７．５") == "≥97.5"
    assert to_ascii_digits("（以县为单位）〔１５〕") == "（以县为单位）〔15〕"  # structure kept


@pytest.mark.parametrize("text,value,op,percent,cumulative,paren", [
    ("４．５", 4.5, "=", False, False, ""),
    ("百分之四点五", 4.5, "=", True, False, ""),
    ("〔1500〕", 1500.0, "=", False, True, ""),           # five-year cumulative
    ("〔≥1500〕", 1500.0, ">=", False, True, ""),
    ("约1000", 1000.0, "~", False, False, ""),
    ("1000左右", 1000.0, "~", False, False, ""),
    ("大于5", 5.0, ">", False, False, ""),
    ("小于5", 5.0, "<", False, False, ""),
    ("不低于95%", 95.0, ">=", True, False, ""),
    ("不超过4.5", 4.5, "<=", False, False, ""),
    ("90%以上", 90.0, ">=", True, False, ""),
    ("5以下", 5.0, "<=", False, False, ""),
    ("≥97.5", 97.5, ">=", False, False, ""),
    ("≤ 12", 12.0, "<=", False, False, ""),
    ("1,200", 1200.0, "=", False, False, ""),
    ("-12.5", -12.5, "=", False, False, ""),
    ("93.49%（以县为单位）", 93.49, "=", True, False, "以县为单位"),
    ("五千", 5000.0, "=", False, False, ""),
])
def test_read_value_numbers(text, value, op, percent, cumulative, paren):
    assert read_value(text) == Reading(text, value, op, percent, cumulative, paren)


@pytest.mark.parametrize("text,op", [
    ("—", None), ("/", None),
    ("不低于居民人均上年度消费支出增速", "relational"), ("高于全省平均水平", "relational"),
    ("应保尽保", "text_target"), ("全覆盖", "text_target"), ("稳步提高", "text_target"),
    ("城乡差距逐步缩小", "text_target"),
])
def test_read_value_without_a_number(text, op):
    r = read_value(text)
    assert (r.value, r.op) == (None, op)


@pytest.mark.parametrize("text", ["abc", "12,5x", "1 2", "4.5个左右吧", "≥5以下", "学有所教育", "x"])
def test_read_value_refuses(text):
    assert read_value(text) is None


def test_text_target_needs_words_only():
    assert is_text_target("应保尽保") and not is_text_target("95%全覆盖") and not is_text_target("提高")


@pytest.mark.parametrize("text,value,op,basis,qualifier", [
    ("〔1500〕", 1500.0, "=", "", "五年累计"),   # 〔〕 is the table's （五年累计）
    ("应保尽保", None, "text_target", "", ""),
    ("约5", 5.0, "~", "", ""),
    ("不低于95", 95.0, ">=", "", ""),
    ("４．５", 4.5, "=", "", ""),
    ("百分之四点五", 4.5, "=", "", ""),
    ("9（年均）", 9.0, "=", "", "年均"),
])
def test_table_parse_value_reads_plan_forms(text, value, op, basis, qualifier):
    v = parse_value(text)
    assert (v.value, v.op, v.basis, v.qualifier) == (value, op, basis, qualifier)


def test_prose_reads_written_out_amounts():
    figs = find_figures("累计新增五千个托位，补贴四万五千元以上，新建一百二十所学校，每千人口，三县")
    # 5 * 1000; 4 * 10^4 + 5 * 10^3 with 以上; 1 * 100 + 2 * 10; 每千 is not a figure; 三县 = 3 as before
    assert [(f.value, f.unit, f.text, f.suffix) for f in figs] == [
        (5000.0, "个", "五千个", ""), (45000.0, "元", "四万五千元以上", "以上"), (120.0, "所", "一百二十所", ""),
        (3.0, "县", "三县", "")]


def test_prose_about_and_comparison_words():
    fig = find_figures("培训约1000人")[0]
    assert qualifier_of("培训约", fig) == "约" and op_of("约") == "~"
    fig = find_figures("床位大于500张")[0]
    assert qualifier_of("床位大于", fig) == "大于" and op_of("大于") == ">"
    assert op_of("小于") == "<"


def test_period_markers_date_any_five_year_plan():
    from jzanalysis.plan.prose import markers

    # the n-th plan starts in 1966 + 5 (n - 3): 十五五 -> 1966 + 60 = 2026 .. 2030; 十三五 -> 2016 .. 2020
    assert markers("“十五五”期间，到“十五五”末，“十三五”以来，“十四五”时期") == [
        (0, "2026-2030"), (9, "2030"), (16, "2016-2020"), (24, "2021-2025")]


@pytest.mark.parametrize("text,sign", [("4.79‰", "‰"), ("4.79%", "%"), ("4.79％", "%"), ("百分之四点五", "%"), ("4.79", "")])
def test_read_value_sign(text, sign):
    # the unit sign written after the number, kept so that the table can refuse 4.79% in a ‰ row
    r = read_value(text)
    assert r.sign == sign and r.value == 4.79 if text.startswith("4") else r.value == 4.5
