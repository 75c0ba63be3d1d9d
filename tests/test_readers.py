"""What readers see: numbers as the plan writes them, pace in the reader's unit, the headline, one language
per report, downloads a policy office can open, the plan-time PDF's length.

Fast tests build the pages from the analysis without notebooks (:mod:`jzanalysis.publish.pages`); slow tests read
the session's report (year 2023, example actuals, ``conftest.report``) and one plan-time run.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import pandas as pd
import pytest
from conftest import EXAMPLE_ACTUALS
from visible import problems, visible_text

from jzanalysis.fmt import plain
from jzanalysis.publish import pages, sections, words
from jzanalysis.publish import rows as reader_rows

PAGES = ("index.html", "html/01_overview.html", "html/02_indicators.html", "html/03_audit.html")


@pytest.fixture(scope="module")
def monitored():
    from jzanalysis import analyse

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return analyse(actuals=EXAMPLE_ACTUALS, as_of=2023)


def _row(analysis, ident, lang="zh", source="all"):
    return next(r for r in reader_rows.indicator_rows(analysis, lang, source) if r["id"] == ident)


def _site(analysis, lang, tmp_path, **kw) -> dict:
    """Reader pages rendered without notebooks: ``{relative path: html}``."""
    from jzanalysis.publish.render import page_css

    made = dt.datetime(2026, 3, 1, 1, 30, tzinfo=dt.timezone.utc)  # 09:30 in Beijing
    ctx = pages.build_context(analysis, lang=lang, year=2021, illustrative=False, made=made,
                              files=pages.input_files(None, None, None), notebooks=["01_overview.ipynb"], **kw)
    ctx["downloads"] = pages.write_downloads(ctx, analysis, tmp_path)
    return pages.render_pages(ctx, page_css(), pdf_href="report-2021.pdf", pdf_size="1 MB")


# ------------------------------------------------------------------------------------------ numbers
@pytest.mark.parametrize("value, lang, text", [
    (36578, "zh", "36,578"),            # thousands separator
    (5000.0, "zh", "5,000"),            # no trailing .0
    (7.850, "zh", "7.85"),
    (0.0920, "zh", "0.092"),
    (98930000000.0, "zh", "989.3亿"),   # 98,930,000,000 / 1e8 = 989.3
    (98930000000.0, "en", "98.93 billion"),
    (35.367829, "zh", "35.37"),         # 4 significant digits
    (1e-7, "zh", "0"),                  # never 1e-07
    (float("nan"), "zh", "—"),
])
def test_plain_numbers(value, lang, text):
    assert plain(value, lang) == text


def test_targets_as_the_plan_writes_them(analysis):
    assert _row(analysis, "maternal_mortality_ratio")["target"] == "≤12.5"          # a ceiling is signed
    assert _row(analysis, "old_residential_compound_renovation")["target"] == "852（五年累计）"
    assert _row(analysis, "urban_disposable_income")["target"] == "4.5万元左右"      # the prose's own words
    assert _row(analysis, "preschool_gross_enrollment")["target"] == "≥97.5"
    assert _row(analysis, "culture_service_efficiency")["target"] == "6,851.4"
    assert _row(analysis, "old_residential_compound_renovation", "en")["target"] == "852 (5-year total)"


def test_required_pace_in_the_readers_unit_with_its_direction(analysis):
    # 学前教育毛入园率 97.1 -> 97.5 in 5 years: (97.5 - 97.1)/5 = 0.08 percentage points a year (up), not -2.92 %
    assert _row(analysis, "preschool_gross_enrollment")["pace"] == "每年增加0.08个百分点"
    # 基本养老保险参保率 93.9 -> 95.8: (95.8 - 93.9)/5 = 0.38 pp a year
    assert _row(analysis, "basic_pension_insurance_coverage")["pace"] == "每年增加0.38个百分点"
    # urban income 36,578 -> 45,000: (45000/36578)^(1/5) - 1 = 4.231 %
    assert _row(analysis, "urban_disposable_income")["pace"] == "每年提高约4.23%"
    # life expectancy 77.3 -> 78.1: 0.8/5 = 0.16 years a year
    assert _row(analysis, "life_expectancy")["pace"] == "每年增加0.16岁"
    # 852 compounds over five years: 852/5 = 170.4 a year
    assert _row(analysis, "old_residential_compound_renovation")["pace"] == "每年增加170个"
    assert _row(analysis, "maternal_mortality_ratio")["pace"] == "基期已达标"       # 7.85 <= 12.5
    assert _row(analysis, "preschool_gross_enrollment", "en")["pace"] == "up 0.08 percentage points a year"
    # the past pace of a share is shown the same way, never as a (negative) shortfall rate
    row = analysis.assessment.set_index("id").loc["preschool_gross_enrollment"]
    if not pd.isna(row["projected"]):
        d = (row["projected"] - 97.1) / 5     # e.g. (98.28 - 97.1)/5 = 0.236 pp a year
        # a benchmark: its own change first, China (85.2 - 75) / 5 = +2.04 pp a year (issue 22 item 9)
        assert _row(analysis, "preschool_gross_enrollment")["reference"].endswith(f"本市每年+{plain(d, 'zh', 3)}个百分点")
        assert _row(analysis, "preschool_gross_enrollment")["reference"].startswith("全国2015—2020年每年+2.04个百分点")
    assert _row(analysis, "urban_disposable_income", "en")["pace"] == "up about 4.23% a year"


def test_titles_plan_time_monitoring_and_final():
    plan = words.titles(None, False, "zh")
    assert plan["kind"] == "plan" and plan["title"].endswith("规划期评估") and not re.search(r"20\d\d", plan["title"])
    assert words.titles(2023, True, "zh")["title"].endswith("2023年度监测评估")
    final = words.titles(2025, True, "zh")
    assert final["kind"] == "final" and final["title"].endswith("总结评估")
    assert "final evaluation" in words.titles(2026, True, "en")["title"]


def test_default_year_is_the_latest_actuals_year(tmp_path):
    from jzanalysis.publish.runner import validate

    years = pd.read_csv(EXAMPLE_ACTUALS)["year"]
    inputs = validate(out=tmp_path / "out", actuals=EXAMPLE_ACTUALS)
    assert inputs.year == int(years.max())


# ----------------------------------------------------------------------------------------- headline
def test_headline_counts_and_the_two_contradictions(analysis):
    rows = reader_rows.indicator_rows(analysis, "zh")
    names = reader_rows.names_by_id(analysis, "zh")
    audit = sections.audit.audit_items(analysis.audit, "zh", names)
    head = sections.headline.headline(analysis, rows, audit, "zh")
    assert sum(c["n"] for c in head["counts"]) == 31
    texts = [p["text"] for p in head["points"]]
    # childcare: 0.99 x 3,379,498/1000 = 3,345.7 places; 4.5 x 3,379,498/1000 = 15,207.7; needed 11,862;
    # with 5,000: (3,345.7 + 5,000) x 1000 / 3,379,498 = 2.47 per 1,000
    assert any("11,862" in t and "5,000" in t and "2.47" in t for t in texts), texts
    # income: (45000/36578)^(1/5)-1 = 4.23 %, (20000/15767)^(1/5)-1 = 4.87 %; 36578 x 1.09^5 = 56,280
    assert any("4.23%" in t and "4.87%" in t and "56,280" in t for t in texts), texts
    assert all(p["href"].startswith(("03_audit.html#f-", "02_indicators.html#i-")) for p in head["points"])


def test_audit_formula_in_words_and_numbers(analysis):
    names = reader_rows.names_by_id(analysis, "zh")
    items = {(i["check"], tuple(i["ids"])): i for i in sections.audit.audit_items(analysis.audit, "zh", names)}
    worse = items[("target_permits_worse", ("maternal_mortality_ratio",))]
    # (12.5 - 7.85) / 7.85 = 0.592 -> +59.2 %
    assert worse["formula"] == "(12.5－7.85)÷7.85 = +59.2%（目标相对现状的变化）"
    assert all("{" not in i["formula"] and "'" not in i["formula"] for i in items.values()), "no dict dumps"


def test_legend_pairs_every_colour_with_a_symbol_and_a_line():
    groups = sections.legend.legend("zh", monitored=True)
    *coloured, words = groups
    items = [i for g in coloured for i in g["items"]]
    # verdicts, "disagrees with other numbers", statuses (mostly_achieved and no_data among them), severities
    assert len(items) == 7 + 1 + 10 + 4
    assert all(i["symbol"] and i["help"] and i["label"] for i in items)
    # the words the reasons use are explained once, here: 距100的差距年均缩小, 基准参照, 约束性／预期性
    assert [w["label"] for w in words["items"]] == ["距100的差距年均缩小", "基准参照", "约束性／预期性"]
    final = sections.legend.legend("zh", monitored=True, kind="final")[1]["items"]
    assert [i["label"] for i in final] == ["完成", "基本完成", "未完成", "缺少数据", "无法评估"]
    verdict_symbols = [i["symbol"] for i in groups[0]["items"]]  # the seven verdicts (qualitative: a target in words) and ≠
    assert len(set(verdict_symbols)) == len(verdict_symbols), "each verdict its own symbol"


# --------------------------------------------------------------------------------- one language
def test_zh_pages_have_no_identifiers_reprs_or_scientific_numbers(analysis, tmp_path):
    site = _site(analysis, "zh", tmp_path)
    for name in PAGES:
        text = visible_text(site[name])
        assert not problems(text, "zh"), (name, problems(text, "zh")[:5])
    index = site["index.html"]
    assert index.find('id="headline"') < index.find('id="contents"') < index.find('id="provenance"')
    assert "2026年3月1日 09:30（北京时间）" in index      # 01:30 UTC = 09:30 in Beijing
    assert "/work/" not in visible_text(index) and str(Path.home()) not in index


def test_en_pages_are_english_throughout(analysis, tmp_path):
    """Everything this report writes is English; the reasons and explanations of the assessment and the
    audit are shown as given (class ``given``) and checked in the next test."""
    site = _site(analysis, "en", tmp_path)
    for name in PAGES:
        text = visible_text(site[name], skip_classes=("file", "given"))
        assert not problems(text, "en"), (name, problems(text, "en")[:5])


def test_en_reasons_as_given_are_english(analysis, tmp_path):
    site = _site(analysis, "en", tmp_path)
    for name in PAGES:
        text = visible_text(site[name])
        assert not problems(text, "en"), (name, problems(text, "en")[:5])


def test_monitored_pages_show_status_and_warning_column(monitored, tmp_path):
    frame = monitored.assessment.copy()
    frame["value_warning_zh"] = ""
    frame.loc[frame["id"] == "infant_mortality_rate", "value_warning_zh"] = "数值疑似以千分比之外的单位填报"
    import dataclasses

    site = _site(dataclasses.replace(monitored, assessment=frame), "zh", tmp_path)
    overview = site["html/01_overview.html"]
    assert "数值疑似以千分比之外的单位填报" in overview
    assert "监测状态" in overview and "2023年度监测评估" in site["index.html"]


# ------------------------------------------------------------------------------------------ downloads
def test_downloads_csv_with_bom_and_chinese_headers_and_a_workbook(analysis, tmp_path):
    _site(analysis, "zh", tmp_path)
    csv = tmp_path / "downloads" / "results.csv"
    raw = csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM (Excel)"
    header = raw[3:].decode("utf-8").splitlines()[0].split(",")
    assert header[:3] == ["序号", "类别", "指标"]
    assert (tmp_path / "downloads" / "self-audit.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    book = pd.read_excel(tmp_path / "downloads" / "results.xlsx", sheet_name=None)
    assert set(book) == {"评估结果", "自审计"}
    assert len(book["评估结果"]) == len(analysis.assessment)
    assert "孕产妇死亡率" in set(book["评估结果"]["指标"])


# ------------------------------------------------------------------------------ the real report
def _without_file_names(text: str, *names) -> str:
    """PDF text without the input file names that the appendix lists by name (the plan, the metadata...)."""
    from jzanalysis import paths

    text = re.sub(r"\s+", " ", text)
    for name in (paths.PLAN_TEXT.name, paths.INDICATOR_META.name, paths.NARRATIVE_META.name, paths.CENSUS.name,
                 *names):
        text = text.replace(name, "")
    return text


def _pdftext(pdf: Path) -> tuple[int, str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1)), text


@pytest.fixture(scope="module")
def plan_report(tmp_path_factory):
    """One plan-time run (no actuals), HTML and PDF."""
    from jzanalysis.publish.runner import run_report

    out = tmp_path_factory.mktemp("plan") / "out"
    status = run_report(out=out, jobs=2, formats=("html", "pdf"), lang="zh")
    assert status == 0
    return out / "2021"


@pytest.mark.slow
def test_plan_time_pdf_is_10_to_16_pages_with_the_headline_first(plan_report):
    pages_, text = _pdftext(plan_report / "report-2021.pdf")
    assert 10 <= pages_ <= 16, pages_
    sheets = text.split("\f")
    assert "规划期评估" in sheets[0] and not re.search(r"监测评估报告\s*20\d\d", sheets[0])
    assert "本年要点" in sheets[1], "the first page after the cover opens with the headline"
    assert not problems(_without_file_names(text), "zh")


@pytest.mark.slow
def test_plan_time_index_title_and_no_build_paths(plan_report):
    index = (plan_report / "index.html").read_text(encoding="utf-8")
    assert "规划期评估" in index and "2021" not in re.search(r"<h1>(.*?)</h1>", index).group(1)
    assert str(plan_report.parent) not in index, "no absolute build paths on the page"


@pytest.mark.slow
def test_session_report_pages_and_pdf_text(report):
    assert report["status"] == 0, report["log"]
    d = report["dir"]
    for name in PAGES:
        text = visible_text((d / name).read_text(encoding="utf-8"))
        assert not problems(text, "zh"), (name, problems(text, "zh")[:5])
    _, text = _pdftext(d / f"report-{2023}.pdf")
    assert not problems(_without_file_names(text, EXAMPLE_ACTUALS.name), "zh")
    assert "本年要点" in text.split("\f")[1]
    for csv in (d / "downloads").glob("*.csv"):
        assert csv.read_bytes().startswith(b"\xef\xbb\xbf"), csv.name
    book = pd.read_excel(d / "downloads" / "results.xlsx", sheet_name=None)
    assert {"评估结果", "自审计", "实际值"} <= set(book)


@pytest.fixture(scope="module")
def final_report(tmp_path_factory):
    """One final-evaluation run (2025, tests/cases/actuals_final_2025.csv), HTML and PDF."""
    from jzanalysis.publish.runner import run_report

    actuals = Path(__file__).parent / "cases" / "actuals_final_2025.csv"
    out = tmp_path_factory.mktemp("final") / "out"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        status = run_report(year=2025, out=out, jobs=2, formats=("html", "pdf"), lang="zh", actuals=actuals)
    assert status == 0
    return out / "2025"


@pytest.mark.slow
def test_final_pdf_at_most_18_pages_none_with_a_single_line(final_report):
    pages_, text = _pdftext(final_report / "report-2025.pdf")
    assert pages_ <= 18, pages_
    sheets = [s for s in text.split("\f") if s.strip()]
    lines = [len([x for x in s.splitlines() if x.strip()]) for s in sheets]
    # the running header (示例数据…) and the page number are two lines of every page but the cover
    assert min(lines[1:]) > 2 + 1, lines
    assert "总结评估要点" in sheets[1] and "约束性指标5项" in sheets[1]
    assert "主要指标完成情况表" in text and "目标与基期相比" not in text
    overview = visible_text((final_report / "html" / "01_overview.html").read_text(encoding="utf-8"))
    assert "主要指标完成情况表" in overview and "目标与基期相比" not in overview
    assert not problems(_without_file_names(text, "actuals_final_2025.csv"), "zh")


def test_every_anchor_is_unique_and_every_internal_link_lands(monitored, tmp_path):
    site = _site(monitored, "zh", tmp_path)
    ctx = pages.build_context(monitored, lang="zh", year=2023, illustrative=True)
    for name, text in site.items():
        ids = re.findall(r'\sid="([^"]+)"', text)
        assert len(ids) == len(set(ids)), f"{name}: duplicate ids {sorted({i for i in ids if ids.count(i) > 1})}"
        for target in re.findall(r'href="#([^"]+)"', text):
            assert target in ids, f"{name}: link to a missing anchor #{target}"
    for name, text in site.items():
        for page, target in re.findall(r'href="(0\d_\w+\.html)#([^"]+)"', text):
            assert f'id="{target}"' in site[f"html/{page}"], f"{name}: {page}#{target} missing"
    # the PDF: Typst refuses a link to a label the document lacks or holds twice, so a laid-out PDF is
    # the check; a link to a missing indicator shows that the refusal is real
    import typst

    from jzanalysis.publish import render

    model = pages.pdf_model(ctx)
    assert render.write_pdf(model, tmp_path / "r.pdf", root=tmp_path).stat().st_size > 0
    model["headline"]["points"][0]["anchor"] = "i-999"
    with pytest.raises(typst.TypstError, match="does not exist"):
        render.write_pdf(model, tmp_path / "bad.pdf", root=tmp_path)


def test_a_benchmark_area_of_two_words_is_read_whole():
    from jzanalysis.publish.rows import benchmark_area

    # assess writes "benchmark {area} {y0}-{y1}: {x0} -> {x1} {unit} ({titles})"; an area may have a space
    row = {"reference_source": "benchmark Inner Mongolia 2015-2020: 75 -> 85.2 % (统计公报)"}
    assert benchmark_area(row) == "Inner Mongolia"
    assert benchmark_area({"reference_source": "benchmark China 2015-2020: 1 -> 2 % (x)"}) == "China"
    assert benchmark_area({"reference_source": "plan prose 2015-2020"}) == ""
