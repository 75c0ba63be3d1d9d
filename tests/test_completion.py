"""The final evaluation's completion download (completion.csv, sheet 完成情况) and estimates (预计值):
issue 22 items 2, 3 and 8. Values from tests/cases/actuals_final_2025.csv (illustrative test data)."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import jzanalysis
from jzanalysis.errors import InputError
from jzanalysis.publish import pages
from jzanalysis.publish.template import write_template

HERE = Path(__file__).resolve().parent
FINAL = HERE / "cases" / "actuals_final_2025.csv"


def _downloads(analysis, lang, folder, binding_first=False):
    ctx = pages.build_context(analysis, lang=lang, year=2025, illustrative=True, binding_first=binding_first,
                              files=pages.input_files(None, None, None))
    pages.write_downloads(ctx, analysis, folder)
    return folder / "downloads"


def _rows(path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def final():
    return jzanalysis.analyse(actuals=FINAL, as_of=2025)


@pytest.fixture(scope="module")
def estimated(tmp_path_factory):
    """The final-year case with life expectancy's 2025 value marked as an estimate (预计值)."""
    frame = pd.read_csv(FINAL, dtype=str, keep_default_na=False)
    frame["value_kind"] = ""
    frame.loc[(frame["id"] == "life_expectancy") & (frame["year"] == "2025"), "value_kind"] = "预计值"
    path = tmp_path_factory.mktemp("est") / "actuals.csv"
    frame.to_csv(path, index=False)
    return jzanalysis.analyse(actuals=path, as_of=2025)


def test_completion_csv_in_the_offices_layout(final, tmp_path):
    out = _downloads(final, "zh", tmp_path)
    rows = _rows(out / "completion.csv")
    assert list(rows[0]) == ["序号", "指标", "单位", "属性", "2020年", "2025年目标", "完成值", "年份", "统计值/预计值",
                             "完成情况", "说明"]
    assert len(rows) == 31 and [r["序号"] for r in rows[:3]] == ["1", "2", "3"]   # the plan's order
    by = {r["指标"]: r for r in rows}
    life = by["人均预期寿命"]
    assert (life["2020年"], life["2025年目标"], life["完成值"], life["年份"], life["完成情况"]) == \
        ("77.3", "78.1", "78.06", "2025", "基本完成")
    # the income growth judged is the five-year geometric mean, not the 2025 rate (5.5):
    # (1.086 * 1.059 * 1.063 * 1.06 * 1.055)^(1/5) - 1 = 6.45 %
    income = by["居民人均可支配收入增长率"]
    assert (income["完成值"], income["年份"], income["完成情况"]) == ("6.45", "2021—2025", "未完成")
    assert by["孕产妇死亡率"]["完成情况"] == "缺少数据" and by["孕产妇死亡率"]["完成值"] == ""
    # the workbook's first sheet is the same table
    wb = openpyxl.load_workbook(out / "results.xlsx")
    assert wb.sheetnames[0] == "完成情况"
    assert [c.value for c in wb["完成情况"][1]][:4] == ["序号", "指标", "单位", "属性"]
    assert wb["完成情况"].cell(16, 7).value == 78.06          # row 15 + header: a number, not text


def test_binding_first_option(final, tmp_path):
    rows = _rows(_downloads(final, "zh", tmp_path, binding_first=True) / "completion.csv")
    attrs = [r["属性"] for r in rows]
    # 5 binding rows (4, 9, 19, 23, 31) first, each group in the plan's order
    assert attrs == ["约束性"] * 5 + ["预期性"] * 26
    assert [r["序号"] for r in rows[:5]] == ["4", "9", "19", "23", "31"]


def test_completion_csv_in_english(final, tmp_path):
    rows = _rows(_downloads(final, "en", tmp_path) / "completion.csv")
    assert list(rows[0])[:4] == ["No.", "Indicator", "Unit", "Type"]
    assert openpyxl.load_workbook(tmp_path / "downloads" / "results.xlsx").sheetnames[0] == "Completion"


def test_no_completion_download_before_the_target_year(tmp_path):
    a = jzanalysis.analyse(actuals=HERE.parent / "examples" / "actuals_example.csv", as_of=2023)
    ctx = pages.build_context(a, lang="zh", year=2023, illustrative=True, files=pages.input_files(None, None, None))
    pages.write_downloads(ctx, a, tmp_path)
    assert not (tmp_path / "downloads" / "completion.csv").exists()


def test_an_estimate_is_marked(estimated, final, tmp_path):
    a = estimated.assessment.set_index("id")
    assert a.loc["life_expectancy", "final_is_estimate"] and not a.loc["hospital_beds_per_1000", "final_is_estimate"]
    assert not final.assessment["final_is_estimate"].any()
    assert set(estimated.actuals["value_kind"]) == {"statistic", "estimate"}
    ctx = pages.build_context(estimated, lang="zh", year=2025, illustrative=True)
    life = next(r for r in ctx["rows"] if r["id"] == "life_expectancy")
    assert life["final_actual"] == "78.06（预计）" and life["estimate"]
    rows = {r["指标"]: r for r in _rows(_downloads(estimated, "zh", tmp_path) / "completion.csv")}
    assert rows["人均预期寿命"]["统计值/预计值"] == "预计值" and rows["每千人口医疗卫生机构床位数"]["统计值/预计值"] == "统计值"
    en = pages.build_context(estimated, lang="en", year=2025, illustrative=True)
    assert next(r for r in en["rows"] if r["id"] == "life_expectancy")["final_actual"] == "78.06 (estimate)"


def test_a_bad_value_kind_is_refused(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id,year,value,value_kind\nlife_expectancy,2025,78.06,maybe\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"a.csv:2: value_kind: .*'maybe'"):
        jzanalysis.analyse(actuals=path)


def _filled(tmp_path, lang, value, kind=None):
    template = write_template(tmp_path / f"t_{lang}.xlsx", lang=lang)
    wb = openpyxl.load_workbook(template)
    ws = wb["填报"]
    head = [c.value for c in ws[1]]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "life_expectancy")
    ws.cell(row, head.index("2025年" if lang == "zh" else "2025") + 1).value = value
    if kind is not None:
        ws.cell(row, head.index("统计值/预计值" if lang == "zh" else "Statistic/Estimate") + 1).value = kind
    path = tmp_path / f"filled_{lang}.xlsx"
    wb.save(path)
    return path, row


def test_workbook_value_kind_column(tmp_path):
    path, _ = _filled(tmp_path, "zh", 78.06, "预计值")
    a = jzanalysis.analyse(actuals=path, as_of=2025)
    assert a.actuals.loc[a.actuals["id"] == "life_expectancy", "value_kind"].tolist() == ["estimate"]
    assert a.assessment.set_index("id").loc["life_expectancy", "final_is_estimate"]


@pytest.mark.parametrize("lang, words", [
    ("zh", "应为数字，实际为'96.5%'；请只填数字96.5"),
    ("en", "expected a number, found '96.5%'; write the number only: 96.5"),
])
def test_workbook_errors_in_the_workbooks_language_with_the_fix(tmp_path, lang, words):
    path, row = _filled(tmp_path, lang, "96.5%")
    with pytest.raises(InputError) as err:
        jzanalysis.analyse(actuals=path)
    assert words in str(err.value) and f"填报!J{row}" in str(err.value)   # J: the 2025 column


def test_workbook_help_example_is_in_its_language(tmp_path):
    for lang, word, other in (("zh", "应为数字", "expected a number"), ("en", "expected a number", "应为数字")):
        wb = openpyxl.load_workbook(write_template(tmp_path / f"h_{lang}.xlsx", lang=lang))
        text = "\n".join(str(r[0].value or "") for r in wb["说明"].iter_rows())
        assert word in text and other not in text
