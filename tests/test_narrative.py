"""Figures in the plan's prose, checked against the bundled document by hand (line numbers are 1-based)."""

import re
from pathlib import Path

import pytest

from jzanalysis import paths
from jzanalysis.plan.prose import (
    FACT_COLUMNS,
    clean_subject,
    cn_number,
    extract_facts,
    fact_id,
    find_figures,
    prose_lines,
    sentence_key,
    split_parallel,
)
from jzanalysis.plan.text import Line, PlanText, read_plan

TABLE_LINES = range(33, 260)  # caption (33) through the table's last cell lines
# Prose lines with digits but no figure: 1 (2021—2025年, 2035年), 32 (到2035年), 270 (35-64岁, an age
# range), 294 (4号基地), 346 (“12348” hotline). Line 350 (60周岁, 1-4级残疾军人, 到2025年) has figures in
# Chinese numerals only (三县光荣院, 三个县级光荣院).
NO_FIGURE_LINES = {1, 32, 270, 294, 346}
N_FACTS = 98  # every row reviewed by eye against the text, line by line (5 in Chinese numerals)


@pytest.fixture(scope="module")
def plan():
    return read_plan(paths.PLAN_TEXT)


@pytest.fixture(scope="module")
def facts(plan):
    return extract_facts(plan)


def fact(facts, where):
    """The fact at ``"LLL.KK"``: the KK-th figure of line LLL of the bundled plan (ids are content hashes)."""
    line, k = (int(x) for x in where.split("."))
    rows = facts[facts["line"] == line]
    assert len(rows) >= k, where
    return rows.iloc[k - 1]


def check(facts, ident, subject, value, unit, year, role, op, words, qualifier=None):
    row = fact(facts, ident)
    assert row["subject"] == subject, (ident, row["subject"])
    assert row["value"] == pytest.approx(value, rel=1e-12), ident
    assert (row["unit"], row["year"], row["role"], row["op"]) == (unit, year, role, op), ident
    assert words in row["sentence"], ident
    if qualifier is not None:
        assert row["qualifier"] == qualifier, ident


# --- schema -------------------------------------------------------------------------------------------

def test_columns_and_types(facts):
    assert list(facts.columns) == FACT_COLUMNS == [
        "id", "line", "section", "sentence", "subject", "value", "unit", "value_text", "year", "role",
        "op", "qualifier"]
    assert str(facts["value"].dtype) == "float64"
    assert str(facts["line"].dtype) == "int64"
    for col in FACT_COLUMNS:
        if col not in ("line", "value"):
            assert facts[col].map(type).eq(str).all(), col
    assert not facts.isna().any().any()
    assert (facts["subject"] != "").all()
    assert set(facts["role"]) == {"history", "target", "context"}
    assert set(facts["op"]) <= {">=", ">", "<=", "~", "="}


def test_row_count(facts):
    assert len(facts) == N_FACTS
    assert facts["role"].value_counts().to_dict() == {"target": 53, "history": 40, "context": 5}


def test_ids_unique_and_stable(plan, facts):
    assert facts["id"].is_unique
    assert facts["id"].str.fullmatch(r"nf_[0-9a-f]{10}").all()
    # the id is the hash of (heading, sentence without spaces, position of the figure in the sentence)
    k = facts.groupby(["line", "sentence"], sort=False).cumcount() + 1
    expected = [fact_id(sentence_key(sec, sen), i) for sec, sen, i in zip(facts["section"], facts["sentence"], k)]
    assert facts["id"].tolist() == expected
    again = extract_facts(read_plan(paths.PLAN_TEXT))
    assert again.equals(facts)


def test_sections_come_from_headings(plan, facts):
    for row in facts.itertuples():
        assert row.section == plan.heading_at(row.line)
    assert fact(facts, "005.01")["section"] == "一、规划背景 / （一）“十三五”发展回顾"


# --- what is not a figure -----------------------------------------------------------------------------

def test_no_bare_years(facts):
    years = facts[facts["value"].between(1990, 2040)]
    assert (~years["unit"].isin(["", "年"])).all()
    assert not facts["value_text"].str.contains("年").any()


def test_nothing_from_table(facts):
    assert not facts["line"].between(34, 259).any()
    assert not facts["line"].isin(TABLE_LINES).any()


def test_names_ages_and_ordinals_are_not_figures(facts):
    text = "".join(facts["value_text"])
    for bad in ("岁", "号", "级", "12348"):
        assert bad not in text
    assert not facts["line"].isin(NO_FIGURE_LINES).any()
    # 60岁以上 and 65岁以上 are part of the subjects; only the shares are figures
    assert list(facts.loc[facts["line"] == 14, "value"]) == [18.96, 12.99]
    # 3岁以下 stays inside the subject of the 4.5 places per 1000 people
    assert fact(facts, "268.05")["subject"] == "每千人口拥有3岁以下婴幼儿托位数"


def test_every_prose_line_with_a_digit_is_covered(plan, facts):
    with_facts = set(facts["line"])
    digit_lines = {ln.no for ln in prose_lines(plan) if re.search(r"\d", ln.text)}
    assert NO_FIGURE_LINES <= digit_lines
    # lines with figures in Chinese numerals only: 278 一所, 292 一人, 340 两项 (350 also has digits)
    assert digit_lines - NO_FIGURE_LINES | {278, 292, 340} == with_facts


def test_prose_lines_skip_table_and_headings(plan):
    numbers = [ln.no for ln in prose_lines(plan)]
    assert not set(numbers) & set(TABLE_LINES)
    assert 261 not in numbers and 267 not in numbers and 2 not in numbers  # headings
    assert 262 in numbers and 268 in numbers and 32 in numbers


# --- the special patterns -----------------------------------------------------------------------------

def test_line5_income_training_employment(facts):
    # 27.35万人 = 27.35 * 10000 = 273500 人; 21.89万人 = 21.89 * 10000 = 218900 人
    check(facts, "005.01", "职业技能培训", 273500, "人", "2016-2020", "history", "=", "累计培训27.35万人", "累计")
    check(facts, "005.02", "城镇新增就业", 218900, "人", "2016-2020", "history", "=", "新增城镇就业21.89万人")
    check(facts, "005.03", "城镇登记失业率", 4.5, "%", "2016-2020", "history", "<=",
          "城镇登记失业率每年均控制在4.5%以内", "以内")
    urban = "城镇常住人口人均可支配收入"
    check(facts, "005.04", urban, 27525, "元", "2015", "history", "=", f"{urban}由27525元增加到36578元")
    check(facts, "005.05", urban, 36578, "元", "2020", "history", "=", "增加到36578元")
    check(facts, "005.06", urban + "年均增长", 5.9, "%", "2016-2020", "history", "=", "年均增长5.9%", "年均")
    rural = "农村常住人口人均可支配收入"
    check(facts, "005.07", rural, 10877, "元", "2015", "history", "=", "由10877元增加到15767元")
    check(facts, "005.08", rural, 15767, "元", "2020", "history", "=", "增加到15767元")
    check(facts, "005.09", rural + "年均增长", 7.7, "%", "2016-2020", "history", "=", "年均增长7.7%")


def test_line7_paired_doctors_and_nurses(facts):
    words = "分别由6819人和6242人增加到8070人和9172人"
    check(facts, "007.01", "执业（助理）医师", 6819, "人", "2015", "history", "=", words)
    check(facts, "007.02", "注册护士", 6242, "人", "2015", "history", "=", words)
    check(facts, "007.03", "执业（助理）医师", 8070, "人", "2020", "history", "=", words)
    check(facts, "007.04", "注册护士", 9172, "人", "2020", "history", "=", words)
    check(facts, "007.05", "每千人口床位数较2015年增加", 0.83, "张", "2016-2020", "history", "=",
          "每千人口床位数较2015年增加0.83张")


def test_line7_facility_counts(facts):
    expected = [("三甲综合医院", 1, "所"), ("二级综合医院", 16, "所"), ("乡镇卫生院", 118, "所"),
                ("村卫生室", 2848, "所"), ("社区卫生服务中心（站）", 33, "个")]
    for k, (subject, value, unit) in enumerate(expected, start=6):
        check(facts, f"007.{k:02d}", subject, value, unit, "2020", "history", "=", f"{value}{unit}{subject}")


def test_line13_gdp(facts):
    # 989.3亿元 = 989.3 * 10^8 = 98 930 000 000 元; 1468.8亿元 = 1468.8 * 10^8 = 146 880 000 000 元
    check(facts, "013.01", "地区生产总值", 98_930_000_000, "元", "2015", "history", "=", "由2015年的989.3亿元")
    check(facts, "013.02", "地区生产总值", 146_880_000_000, "元", "2020", "history", "=",
          "增长到2020年的1468.8亿元")
    check(facts, "013.03", "地区生产总值年均增速", 5.1, "%", "2016-2020", "history", "=", "年均增速5.1%")
    assert len(facts[facts["line"] == 13]) == 3  # 2015年的 / 2020年的 are not values


def test_line25_targets(facts):
    check(facts, "025.01", "民生事业投入占一般公共预算支出", 80, "%", "2025", "target", ">=",
          "民生事业投入占一般公共预算支出稳定在80%以上", "以上")
    # 4.5万元 = 4.5 * 10000 = 45000 元
    check(facts, "025.02", "城镇居民人均可支配收入", 45000, "元", "2025", "target", "~",
          "全市城镇居民人均可支配收入达到4.5万元左右", "左右")
    assert fact(facts, "025.02")["value_text"] == "4.5万元左右"
    # 2万元 = 2 * 10000 = 20000 元; 突破 = exceeds
    check(facts, "025.03", "农村居民人均可支配收入", 20000, "元", "2025", "target", ">",
          "农村居民人均可支配收入突破2万元大关", "突破")


def test_line268_childcare(facts):
    check(facts, "268.01", "榆社、和顺各建成普惠性托育机构", 2, "个", "2021-2025", "target", ">=",
          "榆社、和顺各建成2个以上普惠性托育机构", "以上")
    check(facts, "268.02", "昔阳、寿阳、左权、祁县、太谷各建成普惠性托育机构", 3, "个", "2021-2025", "target",
          ">=", "太谷各建成3个以上的普惠性托育机构")
    check(facts, "268.03", "榆次、介休、平遥各建成普惠性托育机构", 5, "个", "2021-2025", "target", ">=",
          "平遥各建成5个以上普惠性托育机构")
    check(facts, "268.04", "托位", 5000, "个", "2021-2025", "target", "=", "全市累计新增5000个托位", "累计")
    check(facts, "268.05", "每千人口拥有3岁以下婴幼儿托位数", 4.5, "个", "2025", "target", "=",
          "2025年达到每千人口拥有3岁以下婴幼儿托位数4.5个")
    assert len(facts[facts["line"] == 268]) == 5


def test_line364_sports(facts):
    expected = [
        ("体育公园", 5, "个", "2021-2025", ">=", "体育公园5个以上"),
        ("全民健身中心", 2, "个", "2021-2025", ">=", "全民健身中心2个以上"),
        ("足球场", 5, "个", "2021-2025", "=", "足球场5个"),
        ("健身步道", 300, "公里", "2021-2025", ">=", "新建健身步道300公里以上"),
        ("人均体育场地面积", 2.9, "平方米", "2025", "=", "人均体育场地面积达到2.9平方米"),
        ("每万人拥有足球场数量", 0.946, "块", "2025", "=", "每万人拥有足球场数量达到0.946块"),
        ("城市每万人拥有足球场场地数量", 1, "块", "2025", ">=", "城市每万人拥有足球场场地数量达到1块以上"),
    ]
    for k, (subject, value, unit, year, op, words) in enumerate(expected, start=1):
        check(facts, f"364.{k:02d}", subject, value, unit, year, "target", op, words)
    assert len(facts[facts["line"] == 364]) == len(expected)


def test_line322_elderly_care_years(facts):
    check(facts, "322.01", "整合提升改造区域养老服务中心", 40, "个", "2022", "target", "=",
          "到2022年全市整合提升改造区域养老服务中心40个")
    check(facts, "322.02", "区域养老服务中心在乡镇（街道）的覆盖率", 60, "%", "2025", "target", "=",
          "覆盖率总体达到60%")
    check(facts, "322.03", "农村老年人日间照料中心", 100, "个", "2022", "target", "=",
          "到2022年全市新建农村老年人日间照料中心100个", "新建")
    check(facts, "322.04", "农村老年人日间照料中心总数", 1000, "个", "2025", "target", "=", "总数达到1000个")


def test_line338_range_and_fadeout(facts):
    # 5%-10% is a range: two rows sharing value_text, lower bound (>=) and upper bound (<=)
    subject = "特殊困难群众救助水平提高比例（占当地低保标准）"
    check(facts, "338.01", subject, 5, "%", "", "target", ">=", "不低于当地低保标准的5%-10%的比例", "区间下限")
    check(facts, "338.02", subject, 10, "%", "", "target", "<=", "5%-10%", "区间上限")
    assert fact(facts, "338.01")["value_text"] == fact(facts, "338.02")["value_text"] == "5%-10%"
    check(facts, "338.03", "渐退期", 6, "个月", "", "context", "=", "给予6个月的渐退期")


def test_line6_percentage_points(facts):
    check(facts, "006.04", "义务教育巩固率", 99.5, "%", "2020", "history", "=", "义务教育巩固率达到99.5%")
    check(facts, "006.05", "义务教育巩固率高出全国标准", 4.5, "个百分点", "2020", "history", "=",
          "高出全国标准4.5个百分点")
    check(facts, "006.03", "通过义务教育均衡发展国家评估认定的县（区、市）", 11, "个", "2020", "history", "=",
          "11个县（区、市）在全省率先通过")


def test_line8_pension_and_insurance(facts):
    check(facts, "008.01", "城乡居民基础养老金", 124, "元/月", "2020", "history", "=", "人均达到124元/月")
    check(facts, "008.02", "城乡居民基础养老金较2015年增长", 55, "%", "2016-2020", "history", "=",
          "较2015年增长55%")
    # 32.9万人 = 32.9 * 10000 = 329000 人; 41万人 = 41 * 10000 = 410000 人
    words = "失业、工伤社会保险参保人数分别达到32.9万人和41万人"
    check(facts, "008.03", "失业社会保险参保人数", 329000, "人", "2020", "history", "=", words)
    check(facts, "008.04", "工伤社会保险参保人数", 410000, "人", "2020", "history", "=", words)
    check(facts, "008.07", "市、县、乡、村四级退役军人服务中心（站）", 2545, "个", "2020", "history", "=",
          "2545个退役军人服务中心（站）")


@pytest.mark.parametrize("ident, value, unit, role, year", [
    ("008.05", 113, "个", "history", "2020"),        # 养老服务机构113个
    ("009.02", 4100, "公里", "history", "2016-2020"),  # 累计建成4100公里健身步道
    ("014.01", 18.96, "%", "history", "2020"),       # 截至2020年 … 60岁以上的人口占比
    ("264.01", 28, "周", "context", ""),             # 孕28周前
    ("264.02", 1, "次", "target", "2025"),           # 至少接受1次产前检查
    ("274.01", 38, "所", "target", "2021-2025"),     # 新建、改扩建38所公办幼儿园
    ("274.03", 97.5, "%", "target", "2025"),         # 学前教育三年入园率达到97.5%以上
    ("306.01", 2, "个", "context", ""),              # 以现有2个省级重点临床专科
    ("330.01", 852, "个", "target", "2021-2025"),    # 852个城镇老旧小区改造
    ("332.01", 4, "个", "context", ""),              # 4个重点帮扶县为重点
    ("344.01", 7, "个", "target", "2021-2025"),      # 7个县级殡仪馆建设
    ("358.01", 192, "个", "target", "2021-2025"),    # 打造192个省级典型基层综合文化服务中心
    ("366.01", 500, "场", "target", "2021-2025"),    # 全民健身赛事活动500场
    ("366.02", 16, "项", "target", "2025"),          # 16项专项行动
])
def test_counts_and_roles(facts, ident, value, unit, role, year):
    row = fact(facts, ident)
    assert (row["value"], row["unit"], row["role"], row["year"]) == (value, unit, role, year)


def test_review_section_is_history(facts):
    review = facts[facts["section"].str.contains("“十三五”发展回顾")]
    assert len(review) == 35 and (review["role"] == "history").all()
    later = facts[~facts["section"].str.startswith("一、")]
    assert set(later["role"]) == {"target", "context"}


# --- the rules on their own ---------------------------------------------------------------------------

def test_find_figures_units_and_exclusions():
    figs = find_figures("由2015年的989.3亿元增至4.5万元左右，35-64岁，60周岁，1-4级，4号，“12348”，5%-10%，3.8人")
    assert [(f.value, f.unit, f.text) for f in figs] == [
        (98_930_000_000.0, "元", "989.3亿元"), (45000.0, "元", "4.5万元左右"),
        (5.0, "%", "5%-10%"), (10.0, "%", "5%-10%"), (3.8, "人", "3.8人")]
    assert [f.bound for f in figs] == ["", "", "lower", "upper", ""]


def test_clean_subject_and_parallel():
    assert clean_subject("力争到2025年全市人均体育场地面积达到") == "人均体育场地面积"
    assert clean_subject("城镇登记失业率每年均控制在") == "城镇登记失业率"
    assert clean_subject("地区生产总值由2015年的") == "地区生产总值"
    assert clean_subject("榆社、和顺各建成") == "榆社、和顺各建成"
    assert split_parallel("失业、工伤社会保险参保人数") == ["失业社会保险参保人数", "工伤社会保险参保人数"]
    assert split_parallel("甲指标和乙指标") == ["甲指标", "乙指标"]


def _plan(texts):
    return PlanText(Path("x.txt"), [Line(no, raw, raw.strip()) for no, raw in enumerate(texts, start=1)])


def test_synthetic_plan():
    plan = _plan([
        "一、规划背景",
        "（一）“十三五”发展回顾",
        "“十三五”期间，甲收入由100元增加到150元，年均增长8.4%；新增城镇就业2.5万人。",
        "乙和丙分别由10人和20人增加到30人和40人，全市共有3所医院。",
        "表1-1  主要指标",
        "\t序号",
        "\t2020年",
        "实际值",
        "\t12.5",
        "",
        "二、总体要求",
        "到2025年，丁覆盖率达到90%以上，戊收入达到3.2万元左右。“十四五”期间，新建健身步道12公里以上。",
        "依托“12348”热线和4号基地，为35-64岁妇女服务，60岁以上人口占比控制在20%以内。",
    ])
    got = extract_facts(plan)
    where = [f"{ln:03d}.{k:02d}" for ln, k in zip(got["line"], got.groupby("line").cumcount() + 1)]
    rows = [(w, *r) for w, r in zip(where, got[["subject", "value", "unit", "year", "role", "op", "qualifier"]]
                                     .itertuples(index=False))]
    assert rows == [
        ("003.01", "甲收入", 100.0, "元", "2015", "history", "=", ""),
        ("003.02", "甲收入", 150.0, "元", "2020", "history", "=", ""),
        ("003.03", "甲收入年均增长", 8.4, "%", "2016-2020", "history", "=", "年均"),
        # 2.5万人 = 2.5 * 10000 = 25000 人
        ("003.04", "城镇就业", 25000.0, "人", "2016-2020", "history", "=", "新增"),
        ("004.01", "乙", 10.0, "人", "2015", "history", "=", ""),
        ("004.02", "丙", 20.0, "人", "2015", "history", "=", ""),
        ("004.03", "乙", 30.0, "人", "2020", "history", "=", ""),
        ("004.04", "丙", 40.0, "人", "2020", "history", "=", ""),
        ("004.05", "医院", 3.0, "所", "2020", "history", "=", ""),
        ("012.01", "丁覆盖率", 90.0, "%", "2025", "target", ">=", "以上"),
        # 3.2万元 = 3.2 * 10000 = 32000 元
        ("012.02", "戊收入", 32000.0, "元", "2025", "target", "~", "左右"),
        ("012.03", "健身步道", 12.0, "公里", "2021-2025", "target", ">=", "以上"),
        ("013.01", "60岁以上人口占比", 20.0, "%", "2025", "target", "<=", "以内"),
    ]
    assert got.loc[0, "sentence"] == "“十三五”期间，甲收入由100元增加到150元，年均增长8.4%"
    assert got.loc[0, "section"] == "一、规划背景 / （一）“十三五”发展回顾"


def test_empty_plan_gives_empty_frame():
    got = extract_facts(_plan(["一、规划背景", "没有数字的一段话。"]))
    assert got.empty and list(got.columns) == FACT_COLUMNS
    assert str(got["value"].dtype) == "float64" and str(got["line"].dtype) == "int64"


# --- Chinese numerals (issue 9/11) ---------------------------------------------------------------------

def test_cn_number():
    # 十二 = 1*10 + 2; 三十五 = 3*10 + 5; 两 = 2
    assert [cn_number(t) for t in ("一", "两", "十", "十二", "三十", "三十五", "一一", "十十")] == \
        [1, 2, 10, 12, 30, 35, None, None]


def test_chinese_numerals_are_figures(facts):
    check(facts, "278.01", "每个县建好办强的公办普通高中", 1, "所", "2025", "target", ">=",
          "每个县至少建好办强一所公办普通高中", "至少")
    check(facts, "292.01", "零就业家庭每户就业人数", 1, "人", "2025", "target", ">=", "确保零就业家庭至少一人就业",
          "至少")
    check(facts, "340.01", "“孤儿医疗康复·明天计划”和“福彩圆梦·孤儿助学”工程", 2, "项", "2025", "target", "=",
          "两项工程")
    check(facts, "350.01", "榆次、和顺、祁县光荣院", 3, "县", "2021-2025", "target", "=", "祁县三县光荣院新建")
    check(facts, "350.02", "升级改造平遥、寿阳、榆社县级光荣院", 3, "个", "2021-2025", "target", "=",
          "榆社三个县级光荣院")


def test_chinese_numerals_in_names_are_not_figures():
    figs = find_figures("第十四个五年规划，深化“五个一批”，第四人民医院，每千人口，一人一档，三次分配，至少一人就业")
    assert [(f.value, f.unit, f.text) for f in figs] == [(1.0, "人", "一人")]


def test_every_override_applies_to_exactly_one_fact(plan):
    # a content-keyed override that no longer matches would be a silent wrong subject; the 13 fixes are the
    # bundled plan's data (subject_fixes in its narrative_series.yaml), not code
    from jzanalysis.plan.prose import sentence_facts, split_sentences
    from jzanalysis.plan.series import load_subject_fixes

    OVERRIDES = load_subject_fixes()
    assert len(OVERRIDES) == 13

    hits = dict.fromkeys(OVERRIDES, 0)
    for line in prose_lines(plan):
        for sentence in split_sentences(line.text):
            rows = sentence_facts(sentence, plan.heading_at(line.no), False)
            for phrase, text, n in OVERRIDES:
                if phrase in sentence and len([r for r in rows if r["value_text"] == text]) >= n:
                    hits[(phrase, text, n)] += 1
    assert hits == dict.fromkeys(OVERRIDES, 1)
