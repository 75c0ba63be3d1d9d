"""The Target value type (jzanalysis/plan/target.py): one test per kind and per method, each expected value
worked out by hand (the arithmetic is in the comments)."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

from jzanalysis import fmt
from jzanalysis.plan.table import parse_value
from jzanalysis.plan.target import (
    Target,
    chosen_op,
    decimals,
    fact_op,
    precision,
    relation_of,
    round_half_up,
)

# ------------------------------------------------------------------------------------------------- kinds


def test_kind_number_with_each_operator():
    # the operator as printed before or after the number; a bare number is "="
    cases = {"≥97.5": (">=", 97.5), ">99": (">", 99.0), "不超过12.5": ("<=", 12.5), "<5": ("<", 5.0),
             "12.5": ("=", 12.5), "97.5%以上": (">=", 97.5)}
    for text, (op, value) in cases.items():
        target = Target.read(text)
        assert (target.kind, target.op, target.value) == ("number", op, value), text


def test_kind_about_with_its_band():
    # 3.5左右 with band 0.05: h = 0.05 * 3.5 = 0.175
    target = Target.read("3.5左右").with_band(0.05)
    assert (target.kind, target.op) == ("about", "~")
    assert target.halfwidth == pytest.approx(0.175)
    assert Target.read("约1000").kind == "about"
    # no band until the metadata gives one: h = 0
    assert Target.read("5左右").halfwidth is None and Target.read("5左右").hw == 0.0


def test_kind_cumulative_total():
    # 〔〕 and （五年累计） both mark a five-year total; neither is a measurement basis
    for text in ("〔1500〕", "852（五年累计）"):
        target = Target.read(text)
        assert (target.kind, target.cumulative, target.basis) == ("cumulative", True, ""), text
    assert Target.read("〔1500〕").value == 1500.0


def test_kind_annual_average():
    target = Target.read("9（年均）")
    assert (target.kind, target.op, target.value, target.annual_average, target.basis) == \
        ("annual_average", "=", 9.0, True, "")


def test_basis_in_parentheses():
    # a parenthesis that is no qualifier is the measurement basis
    target = Target.read("90%（以乡为单位）")
    assert (target.kind, target.value, target.basis) == ("number", 90.0, "以乡为单位")


def test_kind_text_target():
    for text in ("应保尽保", "稳步提高", "全覆盖"):
        assert Target.read(text).kind == "text", text
    # the bundled readings stay: these two are worded targets, not relational ones
    assert Target.read("与经济增长同步").kind == "text"
    assert Target.read("同步增长").kind == "text"


def test_kind_relational_names_the_other_series():
    t1 = Target.read("不低于居民人均上年度消费支出增速")
    assert (t1.kind, t1.op, t1.relation, t1.other) == ("relational", "relational", ">=", "居民人均上年度消费支出增速")
    t2 = Target.read("高于GDP增长")
    assert (t2.kind, t2.relation, t2.other) == ("relational", ">", "GDP增长")
    t3 = Target.read("与GDP增长同步")   # new: read as in step with GDP growth (not a worded target)
    assert (t3.kind, t3.relation, t3.other, t3.value) == ("relational", "sync", "GDP增长", None)


def test_the_table_reads_the_new_relational_form():
    v = parse_value("与GDP增长同步")
    assert (v.value, v.op, v.basis, v.qualifier) == (None, "relational", "", "")


def test_kind_missing():
    assert Target.read("—").kind == "missing"
    assert Target(">=", None).kind == "missing"      # an operator without a number
    assert Target.read("abc") is None                # not a value at all


def test_from_row_reads_an_assessment_row():
    row = {"target_op": "~", "target_value": 5.0, "band_halfwidth": 0.25, "direction": "lower",
           "target_text": "5左右", "target_op_table": "~", "cumulative": "False", "annual_average": False,
           "target_basis": math.nan}
    target = Target.from_row(row)
    assert (target.op, target.value, target.halfwidth, target.direction, target.text, target.cumulative,
            target.basis) == ("~", 5.0, 0.25, "lower", "5左右", False, "")
    # NaN numbers are None; a parsed table row (no target_op) takes the printed operator
    bare = Target.from_row({"target_op_table": "=", "target_value": math.nan, "direction": math.nan})
    assert (bare.op, bare.value, bare.halfwidth, bare.direction) == ("=", None, None, "")


def test_of_fact_and_with_band():
    # a prose figure: 4.5万元左右 = 45000 with band 0.05: h = 0.05 * 45000 = 2250
    t = Target.of_fact("~", 45000.0, 0.05)
    assert (t.op, t.halfwidth) == ("~", 2250.0)
    # an op that is no comparison is "=" and gets no band
    assert (Target.of_fact("", 40.0, 0.05).op, Target.of_fact("", 40.0, 0.05).halfwidth) == ("=", None)


# ----------------------------------------------------------------------------------------------- signs


def test_sign_in_a_sentence_and_in_a_cell():
    expected = {">=": ("≥", "≥"), ">": (">", ">"), "<=": ("≤", "≤"), "<": ("<", "<"), "=": ("=", ""),
                "~": ("约", "≈"), "relational": ("", ""), "text_target": ("", ""), None: ("", "")}
    for op, (sentence, cell) in expected.items():
        assert (Target(op, 1.0).sign("sentence"), Target(op, 1.0).sign("cell")) == (sentence, cell), op
    with pytest.raises(ValueError):
        Target(">=", 1.0).sign("table")


def test_the_two_old_maps_are_derived_from_the_one_table():
    from jzanalysis.publish import plots

    # the table cells' map as it was written in plots.py
    assert plots.OP_SIGN == {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "", "~": "≈", "relational": ""}
    # the sentences' map: the old four signs, and > < which the old map left to the ``.get(op, op)`` fallback
    assert fmt.OP_SIGN == {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "=", "~": "约"}


def test_quote_as_a_reason_quotes_it():
    assert Target(">=", 95.0).quote() == "≥95"
    assert Target(">", 99.0).quote() == ">99"
    assert Target("=", 5000.0).quote() == "5000"                 # bare, as printed
    assert Target("~", 45000.0, 2250.0).quote() == "45000±2250"  # 0.05 * 45000 = 2250
    assert Target("~", 5.0).quote() == "5±0"                     # no band: h = 0


def test_cell_as_a_table_shows_it():
    assert Target("~", 5.0, 0.25).cell() == "5±0.25"
    assert Target("~", 5.0).cell() == "≈5"
    assert Target(">=", 97.5).cell() == "≥97.5"
    assert Target("=", 4.5).cell() == "4.5"
    assert Target("<=", 12.5).cell() == "≤12.5"
    assert Target.read("不低于居民人均上年度消费支出增速").cell() == "不低于居民人均上年度消费支出增速"
    assert Target(None).cell() == "—"


def test_printed_sign_signs_every_ceiling():
    # the table prints a bare 12.5 that the metadata reads as a ceiling: signed ≤ (not "reach 12.5")
    assert Target("<=", 12.5, printed_op="=").printed_sign() == "≤"
    assert Target(">=", 97.5, printed_op=">=").printed_sign() == "≥"
    assert Target(">=", 4.5, printed_op="=").printed_sign() == ""    # a bare floor stays bare
    assert Target("~", 5.0, printed_op="~").printed_sign() == ""


# ------------------------------------------------------------------------------------------ comparisons


def test_met_for_each_operator():
    assert Target(">=", 95.0).met(95.0) and not Target(">=", 95.0).met(94.99)
    assert Target(">", 99.0).met(99.1) and not Target(">", 99.0).met(99.0)
    assert Target("<=", 12.5).met(12.5) and not Target("<=", 12.5).met(12.51)
    assert Target("<", 5.0).met(4.9) and not Target("<", 5.0).met(5.0)
    # a bare target by direction: a floor, a ceiling, exact for a band
    assert Target("=", 100.0, direction="higher").met(100.0)
    assert Target("=", 12.5, direction="lower").met(7.85)
    assert not Target("=", 5.0, direction="band").met(5.1)
    assert not Target(">=", None).met(5.0) and not Target(">=", 5.0).met(math.nan)


def test_met_about_binds_only_the_side_against_the_direction():
    # 4.5万元左右, higher is better, h = 2250: edge 45000 - 2250 = 42750; overshooting is never a miss
    income = Target("~", 45000.0, 2250.0, "higher")
    assert income.met(42750.0) and not income.met(42749.0) and income.met(60000.0)
    # 5左右, lower is better, h = 0.25: edge 5 + 0.25 = 5.25
    unemployment = Target("~", 5.0, 0.25, "lower")
    assert unemployment.met(5.25) and not unemployment.met(5.26) and unemployment.met(1.0)
    # a band indicator: inside 5 ± 0.25 = [4.75, 5.25]
    band = Target("~", 5.0, 0.25, "band")
    assert band.met(4.75) and not band.met(4.74) and not band.met(5.26)


def test_met_at_baseline():
    assert not Target(">=", 97.5).met_at_baseline(97.1)                          # 97.1 < 97.5
    assert Target("<=", 12.5, direction="lower").met_at_baseline(7.85)           # 7.85 <= 12.5
    assert not Target(">=", 852.0, cumulative=True).met_at_baseline(900.0)      # a total counts from 0


def test_edge_and_gap():
    # 5左右 lower is better, h = 0.25: edge 5.25; 5.5 - 5.25 = 0.25 over it
    t = Target("~", 5.0, 0.25, "lower")
    assert t.edge == 5.25 and t.gap(5.5) == pytest.approx(0.25)
    # higher is better: edge 5 - 0.25 = 4.75; a band's edge is the upper one, 5.25
    assert Target("~", 5.0, 0.25, "higher").edge == 4.75
    assert Target("~", 5.0, 0.25, "band").edge == 5.25
    # any other operator: tau itself; 78.05 - 78.1 = -0.05
    assert Target(">=", 78.1).gap(78.05) == pytest.approx(-0.05)


def test_zone():
    # 3.5左右 with band 0.05: zone 3.5 ± 0.175 = [3.325, 3.675]
    low, high = Target.read("3.5左右").with_band(0.05).zone
    assert (low, high) == (pytest.approx(3.325), pytest.approx(3.675))
    assert Target("<=", 12.5).zone == (None, 12.5)
    assert Target("=", 12.5, direction="lower").zone == (None, 12.5)
    assert Target(">", 99.0).zone == (99.0, None)
    assert Target("=", 4.5, direction="higher").zone == (4.5, None)
    assert Target("=", 4.5, direction="band").zone is None
    assert Target.read("不低于居民人均上年度消费支出增速").zone is None
    assert Target(">=", None).zone is None


def test_direction_implied_by_the_operator():
    assert Target(">=", 1.0, direction="lower").implied_direction == "higher"
    assert Target("<", 1.0).implied_direction == "lower"
    assert Target("=", 1.0, direction="lower").implied_direction == "lower"   # bare: the row's
    assert [Target(op).printed_bound for op in (">=", "<=", "=", "~")] == ["floor", "ceiling", "", ""]
    # worded as a ceiling: a ceiling operator, or any target of a lower-is-better indicator
    assert Target("<=", 1.0).is_ceiling and Target("~", 5.0, direction="lower").is_ceiling
    assert not Target(">=", 1.0).is_ceiling


def test_as_bound_reads_a_bare_target_by_direction():
    assert Target("=", 12.5, direction="lower").as_bound().op == "<="
    assert Target("=", 4.5, direction="higher").as_bound().op == ">="
    assert Target(">", 99.0, direction="lower").as_bound().op == ">"     # printed: unchanged
    assert Target("=", None).as_bound().op == "="                         # no number: unchanged


# ------------------------------------------------------------------------------------- final evaluation


def test_places_and_met_when_rounded():
    # printed decimals: 78.1 -> 1; 左右 takes the half-width's too: 5 ± 0.25 -> 2
    assert Target(">=", 78.1).places == 1 and Target("~", 5.0, 0.25).places == 2
    # 78.05 rounded half-up to 1 decimal is 78.1 >= 78.1 (Python's round gives 78.0)
    assert Target(">=", 78.1).met_when_rounded(78.05) == (True, Decimal("78.1"))
    # 99.0 against >99: rounded to 0 decimals 99, and the strict edge counts: 99 >= 99
    assert Target(">", 99.0).met_when_rounded(99.0) == (True, Decimal("99"))
    # 78.04 -> 78.0 < 78.1
    assert Target(">=", 78.1).met_when_rounded(78.04) == (False, Decimal("78.0"))


def test_count_close():
    # 4,990 of 5,000: shortfall 10 <= 0.005 * 5000 = 25
    assert Target("=", 5000.0).count_close(4990)
    # 4,970: shortfall 30 > 25
    assert not Target("=", 5000.0).count_close(4970)


def test_planned_sign_and_moved_as_planned():
    # rural housing: baseline 1.767 does not meet >=2; 2 > 1.767: the plan wants a rise (+1)
    housing = Target(">=", 2.0)
    assert housing.planned_sign(1.767) == 1
    # 1.5 - 1.767 = -0.267: moved against the plan; 1.9 - 1.767 = +0.133: as planned
    assert not housing.moved_as_planned(1.767, 1.5) and housing.moved_as_planned(1.767, 1.9)
    # maternal mortality: the baseline 7.85 already meets <=12.5, so the direction decides: lower -> -1
    mortality = Target("<=", 12.5, direction="lower")
    assert mortality.planned_sign(7.85) == -1
    assert not mortality.moved_as_planned(7.85, 12.54)   # 12.54 - 7.85 > 0: a rise, against the plan
    # a band kept at its baseline has no planned direction: any value counts as moved
    assert Target("~", 5.0, 0.25, "band").moved_as_planned(5.0, 5.0)


def test_decimals_precision_and_rounding():
    assert [decimals(v) for v in (77.3, 5.23, 700)] == [1, 2, 0]
    assert precision([77.3, 77.45, math.nan]) == 0.01          # the finest last digit: 2 decimals
    assert round_half_up(1.5, 0) == Decimal("2") and round_half_up(78.05, 1) == Decimal("78.1")


# --------------------------------------------------------------------------------------------- helpers


def test_chosen_op_what_the_table_prints_wins():
    assert chosen_op("~", ">=") == "~" and chosen_op(">", "<=") == ">"
    assert chosen_op("relational", ">=") == "relational"
    assert chosen_op("=", "<=") == "<="         # a bare number read by the metadata
    assert chosen_op(">=", None) == ">="


def test_fact_op_and_relation_of():
    assert [fact_op(op) for op in (">=", "~", "=", "", None)] == [">=", "~", "=", "=", "="]
    assert relation_of("不少于100人") == (">=", "100人")
    assert relation_of("稳步提高") == ("", "稳步提高")
