"""Languages are data: a third language is a folder of YAML (here a copy of English with every word marked
"XX "), found through $JZANALYSIS_LOCALES, and the report builds in it without a change of code."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from third_language import make_xx

from jzanalysis import i18n


def test_the_package_has_chinese_then_english():
    assert i18n.languages() == ("zh", "en") == i18n.LANGS
    assert i18n.html_lang("zh") == "zh-CN" and i18n.is_plan_language("zh") and not i18n.is_plan_language("en")
    # punctuation as data: （x） and " (x)"; nothing for an empty remark
    assert i18n.punctuation("zh")["paren"]("以县为单位") == "（以县为单位）"
    assert i18n.punctuation("en")["paren"]("county") == " (county)" and i18n.punctuation("en")["paren"]("") == ""


def test_a_third_language_folder_is_found_with_its_words_and_rules(xx):
    assert i18n.languages() == ("zh", "en", "xx")
    assert i18n.language("xx")["chain"] == ["xx", "en"]
    assert i18n.t("report.headline", "xx") == "XX " + i18n.t("report.headline", "en")
    # English's plural rule, copied: n = 1 takes `one`, n = 2 `other`; Chinese has one form
    assert i18n.t("report.headline.changed", "xx", n=1) == "XX Since last year, 1 indicator changed status."
    assert i18n.t("report.headline.changed", "xx", n=2) == "XX Since last year, 2 indicators changed status."
    assert i18n.t("report.headline.changed", "en", n=1) == "Since last year, 1 indicator changed status."
    assert isinstance(i18n.catalogue("zh")["report.headline.changed"], str)  # one form: 1项, 2项
    # data without xx words: the English ones stand in, then the plan's own; a sentence never in Chinese
    assert i18n.column({"name": "医生", "name_en": "Doctors"}, "name", "xx") == "Doctors"
    assert i18n.column({"name": "医生"}, "name", "xx") == "医生"
    assert i18n.column({"reason_zh": "可实现"}, "reason", "xx", plan_words=False) == ""
    # the plan's words are xx's own where the catalogue has them (plan.area.city, marked), else from the
    # chain: the title is English's
    assert i18n.plan_words("xx")["plan_area"] == "XX the city" and i18n.plan_words("en")["plan_area"] == "the city"
    assert i18n.plan_words("xx")["plan_title"] == i18n.plan_words("en")["plan_title"]


def test_a_language_without_its_description_is_refused(tmp_path, monkeypatch):
    folder = make_xx(tmp_path / "locales")
    text = (folder / "language.yaml").read_text(encoding="utf-8")
    (folder / "language.yaml").write_text(text.replace("plural: one_other\n", ""), encoding="utf-8")
    monkeypatch.setenv(i18n.LOCALES_ENV, str(tmp_path / "locales"))
    i18n.reload()
    try:
        with pytest.raises(ValueError, match=r"xx/language.yaml: plural: missing"):
            i18n.language("xx")
    finally:
        monkeypatch.delenv(i18n.LOCALES_ENV)
        i18n.reload()


@pytest.mark.slow
def test_a_report_builds_in_the_third_language_with_no_code_change(tmp_path):
    make_xx(tmp_path / "locales")
    env = {**os.environ, i18n.LOCALES_ENV: str(tmp_path / "locales"), "SOURCE_DATE_EPOCH": "1767225600"}
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "jzanalysis", "report", "--lang", "xx", "--formats", "html,pdf",
                          "--out", str(out)], env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    index = (out / "2021" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="x-xx">' in index
    headline = "XX " + i18n.t("report.headline", "en")
    assert f"<h2>{headline}</h2>" in index  # the section's heading in xx's words
    overview = (out / "2021" / "html" / "01_overview.html").read_text(encoding="utf-8")
    # the plan's words are xx's too: its caption is plan.caption.table marked, "XX Table 1-1"
    assert f'<h2>XX {i18n.t("report.overview.table", "en", plan_caption="XX Table 1-1")}</h2>' in overview
    assert (out / "2021" / "report-2021.pdf").stat().st_size > 10_000


def test_the_assessment_reasons_are_written_in_the_third_language(xx):
    from jzanalysis.analysis.pipeline import analyse

    res = analyse()
    a = res.assessment.set_index("id")
    # the documented columns stay, the third language's after them
    assert {"reason_zh", "reason_en", "reason_xx"} <= set(a.columns)
    # the xx catalogue is English with every entry marked "XX ": each reason is xx's own template (marked),
    # filled with the English fields (names, units) xx falls back to; never Chinese
    assert a["reason_xx"].str.startswith("XX ").all()
    assert not a["reason_xx"].str.contains(r"[\u4e00-\u9fff]").any()
    # a change of basis: "XX " + the English sentence (assess.reason.basis_change, no fields)
    one = a.loc["immunization_coverage"] if "immunization_coverage" in a.index else \
        a[a["reason_en"].str.startswith("The measurement basis differs")].iloc[0]
    assert one["reason_xx"] == "XX " + one["reason_en"]


def test_the_monitoring_and_final_reasons_are_written_in_the_third_language(xx):
    from jzanalysis import paths
    from jzanalysis.analysis.pipeline import analyse

    # the 2025 final-year case: every status reason is xx's own marked template, never Chinese
    res = analyse(actuals=paths.ROOT / "tests" / "cases" / "actuals_final_2025.csv")
    m = res.assessment  # with actuals: the assessment with the monitoring columns
    assert {"status_reason_zh", "status_reason_en", "status_reason_xx"} <= set(m.columns)
    filled = m[m["status_reason_en"].fillna("") != ""]
    assert len(filled) > 0 and filled["status_reason_xx"].str.startswith("XX ").all()
    assert not filled["status_reason_xx"].str.contains(r"[\u4e00-\u9fff]").any()


def test_the_value_warnings_of_the_actuals_are_written_in_the_third_language(xx, tmp_path):
    import warnings

    from jzanalysis.analysis.pipeline import analyse
    from jzanalysis.inputs.actuals import LOADED_COLUMNS, load_actuals, value_warnings

    assessment = analyse().assessment
    p = tmp_path / "a.csv"
    p.write_text("id,year,value\nurban_disposable_income,2022,4.05\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = load_actuals(p, assessment, accept_implausible=True)
    # the documented columns, then xx's warning
    assert list(a.columns) == [*LOADED_COLUMNS, "value_warning_xx"]
    # 4.05 / 36578 = 0.00011: xx's own marked sentence with English's fields; the year in xx's own words
    assert a.loc[0, "value_warning_xx"] == "XX " + a.loc[0, "value_warning_en"]
    out = value_warnings(assessment, a).set_index("id").loc["urban_disposable_income"]
    assert out["value_warning_xx"] == "XX 2022: XX " + a.loc[0, "value_warning_en"]


def test_a_change_reason_loses_its_pace_ratio_in_the_third_language(xx):
    import math

    from jzanalysis.analysis.changes import _reasons, without_ratio

    # the reader's sentence is the reason without R, read from xx's own templates: the same words as the
    # sentence written without R (monitor.change.without_r), in every language
    with_r = _reasons("off_track", "on_track", {2023: 5.4}, {}, 0.67, 1.02)
    plain = _reasons("off_track", "on_track", {2023: 5.4}, {}, math.nan, math.nan)
    assert "0.67" in with_r["xx"] and with_r["xx"].startswith("XX ")
    for lang in ("zh", "en", "xx"):
        assert without_ratio(with_r[lang], lang) == plain[lang]


def test_a_plan_gives_its_title_and_area_in_the_third_language(xx, tmp_path):
    import shutil

    from jzanalysis import paths
    from jzanalysis.plan.config import load_plan_config

    folder = tmp_path / "plan"
    shutil.copytree(paths.DEFAULT_PLAN, folder)
    text = (folder / "plan.yaml").read_text(encoding="utf-8")
    text = text.replace("  en: Jinzhong's 14th Five-Year Plan", "  xx: Xx title\n  en: Jinzhong's 14th Five-Year Plan")
    text = text.replace("area: {name: {zh: 晋中市, en: Jinzhong}, level: city}",
                        "area: {name: {zh: 晋中市, en: Jinzhong, xx: Xx-Jinzhong}, level: county}")
    (folder / "plan.yaml").write_text(text, encoding="utf-8")
    c = load_plan_config(folder)
    # xx's own labels; English keeps its own; the plan's language prints the plan's
    assert (c.words("xx")["plan_title"], c.words("xx")["plan_area"]) == ("Xx title", "Xx-Jinzhong")
    assert c.words("en")["plan_title"].startswith("Jinzhong's 14th") and c.words("en")["plan_area"] == "Jinzhong"
    assert c.words("zh")["plan_area"] == "晋中市"
    # a plan with no xx labels: English's stand in
    bundled = load_plan_config(paths.DEFAULT_PLAN)
    assert bundled.words("xx")["plan_title"] == bundled.words("en")["plan_title"]
