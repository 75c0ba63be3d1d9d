"""The self-audit's sentences are data (``locales/*/audit.yaml``), not code: every field a language's sentence
uses is one the audit gives; each branch of each check reads as its catalogue says, with the arithmetic by
hand; a third language gets its own ``explanation_xx`` with no code change."""

from __future__ import annotations

import string
from collections import defaultdict

import pytest

from jzanalysis.analysis import audit as A
from jzanalysis.analysis.reasons import fields_for
from jzanalysis.i18n import LANGS, catalogue

P = 3379498  # 7th census resident population, data/raw/census_2020_population.csv


def _fields(template) -> set[str]:
    forms = template.values() if isinstance(template, dict) else [template]
    return {name for form in forms for _, name, _, _ in string.Formatter().parse(form)
            if name and not name.startswith("plan_")}


@pytest.fixture(scope="module")
def bundled(parsed):
    warnings = [w for w in parsed.warnings if w.field != "period" and not w.field.endswith("name_en")]
    return parsed.indicators, parsed.narrative_facts, warnings


@pytest.fixture
def given(monkeypatch):
    """``{(key, lang): fields}``: what the audit passes to each template (by ``each`` and ``t``)."""
    seen: dict = defaultdict(set)
    real_t, real_each = A.t, A.each

    def t(key, lang="zh", /, **fields):
        seen[key, lang] |= set(fields)
        return real_t(key, lang, **fields)

    def each(key, per=None, **common):
        for lang in LANGS:
            seen[key, lang] |= set(common) | set(fields_for(per, lang))
        return real_each(key, per, **common)

    monkeypatch.setattr(A, "t", t)
    monkeypatch.setattr(A, "each", each)
    return seen


def _variants(bundled):
    """The bundled plan, and the plan changed so that every other branch of the checks is taken."""
    ind, facts, warnings = bundled
    yield "bundled", A.audit(ind, facts, P, warnings)
    yield "no population", A.audit(ind, facts, None, warnings)
    # the table's 2020 public-kindergarten share 57.16 printed as 57.2: table and prose disagree
    changed = ind.copy()
    changed.loc[changed["id"] == "public_kindergarten_share", "baseline_value"] = 57.2
    yield "table differs", A.audit(changed, facts, P, warnings)
    f = facts.copy()
    # the income level targets read as ceilings (以内), the childcare commitment too: neither pair can hold
    f.loc[f["id"].isin(["nf_0898ce231d", "nf_752f69937e", "nf_1f4f9dbdfc"]), "op"] = "<="
    # urban income 27525 -> 36578 (2015-2020) said to grow 9 % a year: the rate does not match the levels
    f.loc[f["id"] == "nf_e98bf9ad14", "value"] = 9.0
    yield "contradictions", A.audit(ind, f, P, warnings)
    # a population of 3,000,000: the table's 2.39 physicians per 1,000 no longer fits the prose's 8070
    yield "other population", A.audit(ind, facts, 3_000_000, warnings)
    # ten times the population: the physicians the target needs each year outrun the past pace
    yield "ten times the population", A.audit(ind, facts, 10 * P, warnings)


@pytest.fixture(scope="module")
def runs(bundled):
    return dict(_variants(bundled))


def test_every_field_a_sentence_uses_is_given(bundled, given):
    for _name, frame in _variants(bundled):
        for lang in LANGS:
            text = frame[f"explanation_{lang}"]
            assert (text != "").all() and not text.str.contains(r"[{}]").any(), (_name, lang)
            # no hole where a word was missing: no double space, no space before a stop or a comma
            assert not text.str.contains(r"  | [.,;)]").any(), (_name, lang)
    for lang in LANGS:
        A._span(3, lang)  # the bundled plan's span is 5: 五年 (audit.span.5); another span: audit.span
        for key, template in catalogue(lang).items():
            if key.startswith("audit.") and _fields(template):  # words without fields: looked up by key
                assert (key, lang) in given, f"{key} is never used"
                assert _fields(template) <= given[key, lang], (key, lang, _fields(template) - given[key, lang])


def test_table_and_prose_disagree(runs):
    row = runs["table differs"].query("check == 'table_vs_prose' and severity == 'high'").iloc[0]
    assert row["explanation_zh"] == "公办园在园幼儿占比：表1-1为57.2，正文（第6行）为57.16。"
    assert row["explanation_en"] == ("Share of pre-school children in public kindergartens: Table 1-1 says 57.2, "
                                     "the prose (line 6) says 57.16.")


def test_levels_read_as_ceilings_contradict(runs):
    a = runs["contradictions"]
    growth = a[a["check"] == "growth_vs_levels"].iloc[0]
    # 36578 x 1.09^5 = 56280 > 45000 and 15767 x 1.09^5 = 24259 > 20000: ceilings cannot both hold with 9 %
    assert growth["severity"] == "high" and growth["contradicts"] == "disposable_income_growth"
    assert growth["explanation_zh"].endswith("城镇居民人均可支配收入56,280元、农村居民人均可支配收入24,259元。两组数字不能同时成立。")
    assert growth["explanation_en"].endswith("would give 56,280 yuan, 24,259 yuan. Both cannot hold.")
    adds = a[a["check"] == "additions_vs_level"].iloc[0]
    assert adds["severity"] == "high"
    assert adds["explanation_zh"].startswith("规划承诺“十四五”累计新增5,000个托位，")
    assert adds["explanation_zh"].endswith("才能达到目标。两个数字不能同时成立。")
    assert adds["explanation_en"].endswith(" Both cannot hold.")


def test_a_stated_rate_that_does_not_match_the_levels(runs):
    a = runs["contradictions"]
    row = a[(a["check"] == "stated_growth_vs_levels") & (a["severity"] == "high")].iloc[0]
    # (36578/27525)^(1/5) - 1 = 5.85 % against the stated 9 %: below it, so not the real-vs-nominal gap
    assert row["explanation_zh"] == ("城镇居民人均可支配收入：27,525元（2015年）→36,578元（2020年），年均9%："
                                     "所述增速与水平值不符。")
    assert row["explanation_en"].endswith("27,525 (2015) -> 36,578 (2020) yuan, stated 9% a year: the stated "
                                          "rate does not match the levels.")


def test_a_count_with_no_table_row_is_stated_as_a_rate(runs):
    a = runs["bundled"]
    row = a[(a["check"] == "unit_wording") & (a["ids"] == "nurses_count")].iloc[0]
    # nurses have no row in the table: 9172 x 1000 / 3379498 = 2.714 -> 2.71 per 1,000
    assert row["explanation_zh"].endswith("这是总数。按总数计为每千人口2.71人。")
    assert row["explanation_en"].endswith("it is the total. As a total it is 2.71 per 1,000.")


def test_a_population_the_table_does_not_imply(runs):
    a = runs["other population"]
    row = a[(a["check"] == "unit_wording") & a["ids"].str.startswith("physicians_count")].iloc[0]
    # 8070 x 1000 / 3000000 = 2.690 against the table's 2.39; the table implies 8070000 / 2.39 = 3,376,569,
    # rounding range 8070000 / 2.395 = 3,369,520 to 8070000 / 2.385 = 3,383,648: 3,000,000 is outside
    assert row["explanation_zh"].endswith("按总数计，8,070×1000/3,000,000 = 2.690，与表1-1的2.39不符；隐含人口3,376,569人"
                                          "（四舍五入区间3,369,520–3,383,648），与2020年常住人口3,000,000人不符。")
    assert row["explanation_en"].endswith("As a total, 2.690 per 1,000, which does not match the table's 2.39; the "
                                          "table implies a population of 3,376,569 (rounding range 3,369,520-3,383,648) "
                                          "against the 2020 population 3,000,000.")


def test_a_past_pace_slower_than_needed(runs):
    a = runs["ten times the population"]
    row = a[(a["check"] == "per_capita_in_absolute") & a["ids"].str.startswith("physicians_per_1000")].iloc[0]
    # stock 2.39 x 33,794,980 / 1000 = 80,770 -> 2.74 x 33,794,980 / 1000 = 92,598: +11,828 in 5 years, 2,366 a
    # year; 2015-2020: (8070 - 6819) / 5 = 250 a year, slower
    assert row["explanation_zh"] == ("每千人口拥有执业（助理）医师数由2.39到2.74：按2020年常住人口33,794,980人计，总量约由"
                                     "80,770人增至92,598人，五年需新增约11,828人（年均约2,366人）。“十三五”期间由6,819人增至"
                                     "8,070人，年均增加250人，低于所需速度。")
    assert row["explanation_en"] == ("Licensed (assistant) physicians per 1,000 population from 2.39 to 2.74: at the "
                                     "2020 population of 33,794,980 the total goes from about 80,770 to 92,598, i.e. "
                                     "about 11,828 more in 5 years (2,366 a year). In 2015-2020 it grew from 6,819 to "
                                     "8,070, 250 a year: slower than needed.")


def test_no_population(runs):
    row = runs["no population"].query("check == 'no_population'").iloc[0]
    # a reader's sentence: no file name
    assert row["explanation_zh"] == "未给出本规划地区的常住人口（附来源），因此未将人均指标换算为总量（不借用其他地区的人口）。"
    assert row["explanation_en"].startswith("No population of the plan's area is given (with its source)")


def test_a_drafted_plan_without_english_labels_still_reads(parsed):
    # a drafted series of additions with no English name or unit counts in the plan's own noun
    ind, facts = parsed.indicators, parsed.narrative_facts
    series = {k: dict(v) for k, v in A.series_for(None).items()}
    s = series["childcare_places_new"]
    for key in ("name_en", "unit_en", "noun_zh", "noun_en"):
        s.pop(key, None)
    row = A.audit(ind, facts, P, series=series).query("check == 'additions_vs_level'").iloc[0]
    # 0.99 x 3379498 / 1000 = 3,346 places now; 4.5 x 3379498 / 1000 = 15,208 needed: 11,862 new
    assert row["explanation_en"].startswith("The plan commits 5,000 new 新增托位 over 2021-2025, but 0.99 per 1,000 "
                                            "in 2020 is about 3,346 新增托位 and 4.5 per 1,000 needs about 15,208, i.e. "
                                            "11,862 new 新增托位.")
    assert row["explanation_zh"].startswith("规划承诺“十四五”累计新增5,000个新增托位，")


def test_spans_and_bases_in_words():
    assert [A._span(5, "zh"), A._span(3, "zh"), A._span(5, "en"), A._span(1, "en")] == \
        ["五年", "3年", "5 years", "1 year"]
    assert A._basis("以县为单位", "en") == "by county" and A._basis("以县为单位", "zh") == "以县为单位"
    assert A._basis("以省为单位", "en") == "以省为单位"  # none in the catalogue: as printed


def test_the_audit_is_written_in_a_third_language(xx, bundled):
    ind, facts, warnings = bundled
    a = A.audit(ind, facts, P, warnings, series=A.series_for(None))
    # the documented columns first, then xx's
    assert list(a.columns) == [*A.AUDIT_COLUMNS, "explanation_xx"]
    # every sentence is xx's own marked template, with the English names and numbers: never Chinese
    assert a["explanation_xx"].str.startswith("XX ").all()
    assert not a["explanation_xx"].str.contains(r"[\u4e00-\u9fff]").any()
    defect = a[a["check"] == "table_defect"].iloc[0]
    # xx's sentence, with xx's caption (its plan.caption.table, marked: "XX Table 1-1")
    assert defect["explanation_xx"] == "XX " + defect["explanation_en"].replace("Table 1-1", "XX Table 1-1")
