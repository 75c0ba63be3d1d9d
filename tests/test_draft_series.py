"""A drafted plan folder loses nothing (issue 21, item 1): ``init-plan`` drafts the prose series, copies
the benchmarks and population the bundled reference data has, and the bundled text drafted into a fresh
folder gives the bundled folder's verdicts, audit findings and headline; what it cannot draft is a
``check`` line and said on the page ("no history for N indicators")."""

from __future__ import annotations

import json

import pytest

import jzanalysis
from jzanalysis import paths
from jzanalysis.cli import main
from jzanalysis.plan.draft_series import closeness, norm, row_measure, row_stem


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    out = tmp_path_factory.mktemp("d14") / "jinzhong-14-drafted"
    assert main(["init-plan", str(paths.PLAN_TEXT), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def both(drafted, analysis):
    return analysis, jzanalysis.analyse(drafted)


def table_rows(a):
    return a.assessment[~a.assessment["source"].str.startswith("prose")].reset_index(drop=True)


def test_the_same_verdicts(both):
    b, d = both
    # the 31 rows of Table 1-1 in order: the same verdict each (10 of them reachable/stretch only with the
    # prose series and the benchmarks)
    assert list(table_rows(d)["feasibility"]) == list(table_rows(b)["feasibility"])
    assert table_rows(d)["required_pace"].round(6).equals(table_rows(b)["required_pace"].round(6))
    reached = table_rows(d)["feasibility"].isin(["reachable", "stretch"]).sum()
    assert reached == 10
    # the prose targets that are the same figure (by name) have the same verdict
    pb = b.assessment[b.assessment["source"].str.startswith("prose")].set_index("name")["feasibility"]
    pd_ = d.assessment[d.assessment["source"].str.startswith("prose")].set_index("name")["feasibility"]
    pb, pd_ = (x[~x.index.duplicated(keep=False)] for x in (pb, pd_))  # names stated once
    common = sorted(set(pb.index) & set(pd_.index))
    assert len(common) >= 30 and all(pb[n] == pd_[n] for n in common)


def test_the_same_audit_findings(both):
    b, d = both
    key = lambda a: sorted(zip(a.audit["check"], a.audit["severity"]))  # noqa: E731
    assert len(d.audit) == len(b.audit) == 18 and key(d) == key(b)
    # the headline contradictions: income growth 9% against the income levels, childcare places
    for check in ("growth_vs_levels", "additions_vs_level"):
        nb = json.loads(b.audit.loc[b.audit["check"] == check, "numbers"].iloc[0])
        nd = json.loads(d.audit.loc[d.audit["check"] == check, "numbers"].iloc[0])
        values = lambda n: sorted(v for v in n.values() if isinstance(v, (int, float)))  # noqa: E731
        assert values(nd) == values(nb), check


def test_the_same_headline(both):
    from jzanalysis.publish import pages

    b, d = both
    for lang in ("zh", "en"):
        hb = pages.build_context(b, lang=lang, year=2021, illustrative=False)["headline"]
        hd = pages.build_context(d, lang=lang, year=2021, illustrative=False)["headline"]
        assert json.dumps(hd, ensure_ascii=False, default=str) == json.dumps(hb, ensure_ascii=False, default=str)


def test_what_is_missing_is_said_on_the_page(both):
    from jzanalysis.publish import pages

    _, d = both
    ctx = pages.build_context(d, lang="zh", year=2021, illustrative=False)
    # 7 rows have no history in the text and no benchmark (as in the bundled folder): said on the index
    assert "本分析有7项指标没有历史数据" in ctx["drafted_note"]
    en = pages.build_context(d, lang="en", year=2021, illustrative=False)["drafted_note"]
    assert "This analysis has no history for 7 indicators" in en


def test_drafted_references_and_checks(drafted, capsys):
    import pandas as pd

    bench = pd.read_csv(drafted / "raw" / "benchmarks.csv")
    # 7 rows x 2 published levels (China, 2015-ish and 2020-ish), each with its source and quote
    assert len(bench) == 14 and set(bench["area"]) == {"China"} and bench["quote"].notna().all()
    assert "copied by `init-plan` from the bundled reference data" in \
        (drafted / "raw" / "PROVENANCE.md").read_text(encoding="utf-8").lower()
    out = drafted.parent / "again"
    assert main(["init-plan", str(paths.PLAN_TEXT), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "series: 10 table rows with prose figures, 7 series of the prose alone" in printed
    assert "- benchmarks: 14 published levels for 7 rows copied from the bundled reference data" in printed
    assert "- series: no prose figure bound to 20 rows" in printed
    assert "population: none drafted" not in printed


def test_series_rules_by_hand():
    assert norm("城镇常住人口人均可支配收入") == "城镇居民人均可支配收入"
    # 公办园在园幼儿率 / 公办园在园幼儿占比: 7 characters in order of the shorter 8
    assert closeness("公办园在园幼儿率", "公办园在园幼儿占比") == pytest.approx(7 / 8)
    # 城镇登记失业率 / 城镇调查失业率: 5 of 7, below 0.75: another indicator
    assert closeness("城镇登记失业率", "城镇调查失业率") == pytest.approx(5 / 7)
    assert row_stem("每千人口拥有执业（助理）医师数") == "执业（助理）医师"
    row = {"name": "每千人口拥有执业（助理）医师数", "unit": "人", "baseline_value": 2.39}
    entry = {"id": "p", "per_population": 1000}
    fact = {"subject": "每千人口执业（助理）医师", "unit": "人", "value": 8070.0, "role": "history", "year": "2020",
            "qualifier": ""}
    # 8070 >= 50 x 2.39: the count behind the rate
    assert row_measure(fact, row, entry) == "numerator"
    assert row_measure({**fact, "value": 2.39}, row, entry) == "level"
    beds = {"name": "每千人口医疗卫生机构床位数", "unit": "张", "baseline_value": 5.23}
    change = {"subject": "每千人口床位数较2015年增加", "unit": "张", "value": 0.83, "role": "history",
              "year": "2016-2020", "qualifier": ""}
    assert row_measure(change, beds, {"id": "b", "per_population": 1000}) == "change"
