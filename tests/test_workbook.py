"""The actuals workbook: `jzanalysis template` writes it, `--actuals FILE.xlsx` reads it (contract 1)."""

from __future__ import annotations

import csv

import pytest

openpyxl = pytest.importorskip("openpyxl")

from conftest import EXAMPLE_ACTUALS  # noqa: E402

from jzanalysis.errors import InputError  # noqa: E402
from jzanalysis.inputs.workbook import HELP_SHEET, SHEET, plain_number, read_records  # noqa: E402
from jzanalysis.publish.template import write_template  # noqa: E402

HEADERS = ["指标代码（勿改）", "指标名称", "单位", "2020年基期值", "2025年目标", "2021年", "2022年", "2023年",
           "2024年", "2025年", "数据来源", "备注", "统计值/预计值", "属性"]
YEAR_COL = {2021: 6, 2022: 7, 2023: 8, 2024: 9, 2025: 10}  # F..J


@pytest.fixture(scope="module")
def analysis():
    import jzanalysis

    return jzanalysis.analyse()


@pytest.fixture(scope="module")
def template(tmp_path_factory, analysis):
    path = tmp_path_factory.mktemp("wb") / "template.xlsx"
    write_template(path, analysis)
    return path


def _fill(template, target, records):
    """Copy the template and enter ``records`` (dicts of the long CSV) as an office would."""
    wb = openpyxl.load_workbook(template)
    ws = wb[SHEET]
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    for rec in records:
        r = rows[rec["id"]]
        ws.cell(r, YEAR_COL[int(rec["year"])]).value = float(rec["value"])
        ws.cell(r, 11).value = rec.get("source") or None
        ws.cell(r, 12).value = rec.get("note") or None
    wb.save(target)
    return rows


def test_template_layout(template, analysis):
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == [SHEET, HELP_SHEET]
    ws = wb[SHEET]
    assert [c.value for c in ws[1]] == HEADERS
    # one row per assessment row: 31 indicators of Table 1-1 + the prose targets, after the header row
    assert ws.max_row == len(analysis.assessment) + 1
    assert [ws.cell(r, 1).value for r in range(2, 33)][:2] == ["maternal_mortality_ratio", "infant_mortality_rate"]
    # the plan's Table 1-1, row 1: 孕产妇死亡率, 1/10万, 2020: 7.85, 2025 target 12.5 with target_op "<="
    assert [ws.cell(2, c).value for c in range(1, 6)] == ["maternal_mortality_ratio", "孕产妇死亡率", "1/10万",
                                                          "7.85", "≤12.5"]
    # the plan's attribute (Table 1-1 last column) in column N: 约束性 / 预期性; prose targets have none
    attr = {ws.cell(r, 1).value: ws.cell(r, 14).value for r in range(2, ws.max_row + 1)}
    assert attr["maternal_mortality_ratio"] == "预期性" and attr["nursing_bed_share"] == "约束性"
    assert sorted(i for i, v in attr.items() if v == "约束性") == [
        "disability_subsidy_coverage", "immunization_coverage", "mean_years_schooling_working_age",
        "nursing_bed_share", "sports_area_per_capita"]
    assert attr["childcare_places_new"] is None
    # every year cell is empty and validated as a decimal number
    assert all(ws.cell(r, c).value is None for r in range(2, ws.max_row + 1) for c in range(6, 11))
    ranges = {str(dv.sqref): dv.type for dv in ws.data_validations.dataValidation}
    last = ws.max_row
    # and column M (统计值/预计值) a list of the two words
    assert ranges == {**{f"{col}2:{col}{last}": "decimal" for col in "FGHIJ"}, f"M2:M{last}": "list"}
    text = "\n".join(str(c.value) for c in wb[HELP_SHEET]["A"] if c.value)
    assert "jzanalysis report --actuals" in text and "请勿修改" in text


def test_round_trip_gives_the_same_statuses_as_the_csv(template, tmp_path):
    import jzanalysis

    with open(EXAMPLE_ACTUALS, encoding="utf-8") as fh:
        records = list(csv.DictReader(fh))
    filled = tmp_path / "filled.xlsx"
    _fill(template, filled, records)
    _, frame = read_records(filled)
    assert len(frame) == len(records)  # one record per filled year cell (45 in the example)
    a = jzanalysis.analyse(actuals=EXAMPLE_ACTUALS)
    b = jzanalysis.analyse(actuals=filled)
    assert b.as_of == a.as_of == max(int(r["year"]) for r in records)
    cols = ["id", "status", "status_zh_review", "status_reason_zh"]
    assert a.assessment[cols].fillna("").equals(b.assessment[cols].fillna(""))
    assert sorted(b.actuals["value"]) == sorted(float(r["value"]) for r in records)


def test_records_name_their_cell(template, tmp_path):
    filled = tmp_path / "filled.xlsx"
    rows = _fill(template, filled, [{"id": "life_expectancy", "year": "2023", "value": "78.05"}])
    header, frame = read_records(filled)
    assert header == ["id", "year", "value", "source", "note", "value_kind"]
    rec = frame.iloc[0]
    r = rows["life_expectancy"]
    # 2023 is the third year column: F=2021, G=2022, H=2023
    assert (rec["id"], rec["year"], rec["value"], rec["line"], rec["where"]) == (
        "life_expectancy", "2023", "78.05", r, f"{SHEET}!H{r}")


def test_text_in_a_year_cell_is_bad_input_naming_the_row(template, tmp_path):
    import jzanalysis

    filled = tmp_path / "filled.xlsx"
    rows = _fill(template, filled, [{"id": "life_expectancy", "year": "2022", "value": "78"}])
    wb = openpyxl.load_workbook(filled)
    r = rows["life_expectancy"]
    wb[SHEET].cell(r, YEAR_COL[2023]).value = "约78.1"  # pasted text bypasses Excel's validation
    wb.save(filled)
    with pytest.raises(InputError) as err:
        jzanalysis.analyse(actuals=filled)
    msg = str(err.value)
    # file, cell (row r, column H = 2023), the year as the field, the message in the workbook's language
    # with the fix (issue 22 item 8)
    assert f"filled.xlsx: {SHEET}!H{r}: 2023: 应为数字，实际为'约78.1'；请只填数字78.1" in msg, msg


def test_a_workbook_without_the_entry_sheet_is_bad_input(tmp_path):
    path = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    wb.save(path)
    with pytest.raises(InputError, match="no sheet named 填报"):
        read_records(path)
    (tmp_path / "bad.xlsx").write_text("id,year,value\n", encoding="utf-8")
    with pytest.raises(InputError, match="not an Excel workbook"):
        read_records(tmp_path / "bad.xlsx")


@pytest.mark.parametrize("value, text", [(1e6, "1000000"), (0.1, "0.1"), (12.50, "12.5"), (36578.0, "36578"),
                                         (float("nan"), "")])
def test_plain_number_never_uses_exponents(value, text):
    assert plain_number(value) == text


def test_cli_template_default_name_and_no_overwrite(tmp_path, monkeypatch, capsys):
    from jzanalysis.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["template"]) == 0
    assert (tmp_path / "actuals_template.xlsx").is_file()
    assert main(["template"]) == 2  # an existing (maybe filled-in) workbook is not replaced
    assert "already exists" in capsys.readouterr().err
    assert main(["template", "--force", "-v"]) == 0
    assert main(["template", "--out", "x.csv"]) == 2


def test_attribute_column_round_trip_and_any_column_order(template, tmp_path):
    """The reader finds its columns by header: the new 属性 column (or it moved to the front) changes nothing."""
    filled = tmp_path / "filled.xlsx"
    _fill(template, filled, [{"id": "life_expectancy", "year": "2023", "value": "78.05", "source": "统计公报"}])
    _, frame = read_records(filled)
    assert frame[["id", "year", "value", "source"]].values.tolist() == [["life_expectancy", "2023", "78.05", "统计公报"]]
    wb = openpyxl.load_workbook(filled)
    wb[SHEET].move_range("M1:M200", cols=1)         # M -> N: the attribute column elsewhere
    wb[SHEET].insert_cols(1)                        # and a new first column before the id
    wb.save(filled)
    _, moved = read_records(filled)
    assert moved[["id", "year", "value", "source"]].values.tolist() == frame[["id", "year", "value", "source"]
                                                                           ].values.tolist()
    assert moved["where"].tolist() == [f"{SHEET}!I{frame['line'].iloc[0]}"]  # H -> I after the insert


def test_template_in_english_has_the_attribute_in_words(analysis, tmp_path):
    path = write_template(tmp_path / "en.xlsx", analysis, lang="en")
    ws = openpyxl.load_workbook(path)[SHEET]
    assert ws.cell(1, 13).value == "Statistic/Estimate" and ws.cell(1, 14).value == "Attribute"
    assert {ws.cell(r, 14).value for r in range(2, 33)} == {"binding", "expected"}
