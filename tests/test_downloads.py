"""Reader downloads and data files as a spreadsheet opens them (issue 15 §6): numbers stored as numbers, the
latest value and its year apart, a frozen header, and no text cell that Excel or WPS would run as a formula
(OWASP "CSV injection": a cell starting with = + - @, tab or CR).
"""

from __future__ import annotations

import csv
import dataclasses
import warnings

import pandas as pd
import pytest

openpyxl = pytest.importorskip("openpyxl")

from conftest import EXAMPLE_ACTUALS  # noqa: E402

from jzanalysis.inputs.workbook import SHEET  # noqa: E402
from jzanalysis.io import FORMULA_LEADS, formula_like, inert, write_csv_atomic  # noqa: E402
from jzanalysis.publish import pages  # noqa: E402
from jzanalysis.publish.template import write_template  # noqa: E402

HYPERLINK = '=HYPERLINK("http://x","统计局")'
DDE = "=cmd|' /C calc'!A0"
SENTENCE = "=1+1 为规划中的一句"


def _monitored(actuals):
    from jzanalysis import analyse

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return analyse(actuals=actuals, as_of=2023)


def _downloads(analysis, lang, folder):
    ctx = pages.build_context(analysis, lang=lang, year=2023, illustrative=False,
                              files=pages.input_files(None, None, None))
    pages.write_downloads(ctx, analysis, folder)
    return folder / "downloads"


def _cells(path):
    wb = openpyxl.load_workbook(path)
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def _csv_cells(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [v for row in csv.reader(fh) for v in row]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The example actuals with a HYPERLINK source and a DDE note on life expectancy, and a plan reason that
    starts with ``=1+1``; downloads written in both languages."""
    folder = tmp_path_factory.mktemp("hostile")
    frame = pd.read_csv(EXAMPLE_ACTUALS, dtype=str, keep_default_na=False)
    life = frame["id"] == "life_expectancy"
    frame.loc[life, "source"] = HYPERLINK
    frame.loc[life, "note"] = DDE
    path = folder / "actuals.csv"
    frame.to_csv(path, index=False)
    a = _monitored(path)
    assessment = a.assessment.copy()
    first = assessment.index[assessment["id"] == "maternal_mortality_ratio"][0]
    assessment.loc[first, "reason_zh"] = SENTENCE
    assessment.loc[first, "reason_en"] = SENTENCE
    a = dataclasses.replace(a, assessment=assessment)
    return {"analysis": a, "zh": _downloads(a, "zh", folder / "zh"), "en": _downloads(a, "en", folder / "en")}


def test_helper_neutralises_text_not_numbers():
    assert [inert(v) for v in ("=1+1", "+0.237 pp", "-x", "@SUM(A1)", "\tA", "\rA")] == \
        ["'=1+1", "'+0.237 pp", "'-x", "'@SUM(A1)", "'\tA", "'\rA"]
    # genuine numbers, as numbers or as number text, are not formulas; other text is untouched
    assert [inert(v) for v in (-5.2, "-5.2", "+3", "1e5", "约78.1", "—", None)] == \
        [-5.2, "-5.2", "+3", "1e5", "约78.1", "—", None]
    assert formula_like("-2+3") and not formula_like("-23")  # Excel computes -2+3 = 1
    assert FORMULA_LEADS == ("=", "+", "-", "@", "\t", "\r")


def test_results_xlsx_holds_no_formula(hostile):
    for lang in ("zh", "en"):
        cells = _cells(hostile[lang] / "results.xlsx")
        assert not [c.coordinate for c in cells if c.data_type == "f"], lang
        texts = {c.value for c in cells if c.data_type == "s"}
        assert {HYPERLINK, DDE, SENTENCE} <= texts, lang  # the text as written, stored as text
        assert all(c.quotePrefix for c in cells if c.value in (HYPERLINK, DDE, SENTENCE))


def test_csv_cells_start_with_a_quote(hostile):
    for lang in ("zh", "en"):
        values = _csv_cells(hostile[lang] / "actual-values.csv") + _csv_cells(hostile[lang] / "results.csv")
        assert "'" + HYPERLINK in values and "'" + DDE in values and "'" + SENTENCE in values
        # no cell a spreadsheet would compute: every one that starts like a formula is a plain number
        assert not [v for v in values if formula_like(v)], lang


def test_english_results_paces_are_neutralised(hostile):
    # "+0.237 percentage points a year" and the like (a signed pace in words) start with "+" or "-"
    values = _csv_cells(hostile["en"] / "results.csv")
    signed = [v for v in values if v.startswith(("'+", "'-"))]
    assert signed and all(v[1:].split(" ")[0].lstrip("+-").replace(".", "").isdigit() for v in signed), signed
    assert any(v.endswith("percentage points a year") for v in signed)


def test_results_store_numbers_as_numbers_value_and_year_apart(hostile):
    wb = openpyxl.load_workbook(hostile["zh"] / "results.xlsx")
    ws = wb["评估结果"]
    assert ws.freeze_panes == "A2"
    head = [c.value for c in ws[1]]
    for col in ("序号", "属性", "2020年", "最新实际值", "年份", "按以往速度推算2025年"):
        assert col in head, col
    assert all(ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width >= 6 for i in range(1, len(head) + 1))
    # no number stored as text anywhere in the workbook
    numeric_text = [c.coordinate for c in _cells(hostile["zh"] / "results.xlsx")
                    if c.data_type == "s" and pd.to_numeric(str(c.value).replace(",", ""), errors="coerce") == c.value]
    assert not numeric_text
    assert not [c.coordinate for ws_ in wb.worksheets for row in ws_.iter_rows(min_row=2) for c in row
                if isinstance(c.value, str) and _is_number(c.value)]
    rows = {r[head.index("指标")]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    life = rows["人均预期寿命"]
    # the example's latest life expectancy: 77.9 in 2023; the plan's 2020 value 77.3; an 预期性 indicator
    assert (life[head.index("2020年")], life[head.index("最新实际值")], life[head.index("年份")]) == (77.3, 77.9, 2023)
    assert life[head.index("属性")] == "预期性"
    nursing = rows["养老机构护理型床位占比"]
    assert nursing[head.index("属性")] == "约束性"
    assert "（2023年）" not in "".join(str(v) for r in rows.values() for v in r if v is not None)
    actual = wb["实际值"]
    years = [r[1] for r in actual.iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(y, int) for y in years) and min(years) >= 2020


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def test_results_csv_numbers_are_plain(hostile):
    frame = pd.read_csv(hostile["zh"] / "results.csv", encoding="utf-8-sig")
    row = frame.set_index("指标").loc["人均预期寿命"]
    assert (row["2020年"], row["最新实际值"], row["年份"]) == (77.3, 77.9, 2023)
    text = (hostile["zh"] / "results.csv").read_text(encoding="utf-8-sig")
    assert "e+" not in text and ",2023.0," not in text  # no exponent, a year is never 2023.0


def test_data_csv_and_negative_numbers(tmp_path):
    frame = pd.DataFrame({"id": ["a", "b"], "value": [-5.2, 3.0], "text": ["-5.2", "=1+1"], "source": ["@x", "ok"]})
    path = write_csv_atomic(frame, tmp_path / "download.csv", reader=True)
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    assert rows[1] == ["a", "-5.2", "-5.2", "'@x"]      # a negative number stays a number, as number or text
    assert rows[2] == ["b", "3.0", "'=1+1", "ok"]
    raw = write_csv_atomic(frame, tmp_path / "data.csv")  # machine-readable: raw, as pandas users need
    assert pd.read_csv(raw)["text"].tolist() == ["-5.2", "=1+1"]


def test_machine_readable_csv_keeps_the_operator(tmp_path):
    """``assess --format csv`` and ``data/*.csv`` write the operator ``=`` raw (issue 22 item 10)."""
    from jzanalysis.cli import main

    out = tmp_path / "assess.csv"
    assert main(["assess", "--out", str(out), "--format", "csv"]) in (0, None)
    ops = pd.read_csv(out)["target_op"]
    assert "'=" not in set(ops) and (ops == "=").sum() > 0


def test_workbook_source_cell_and_template_never_formulas(tmp_path):
    """A source typed as text in the office workbook, and a plan name starting with '=', stay text."""
    from jzanalysis import analyse

    a = analyse()
    assessment = a.assessment.copy()
    assessment.loc[assessment["id"] == "life_expectancy", "name"] = SENTENCE
    template = write_template(tmp_path / "t.xlsx", dataclasses.replace(a, assessment=assessment))
    ws = openpyxl.load_workbook(template)[SHEET]
    name = [c for c in ws["B"] if c.value == SENTENCE]
    assert name and name[0].data_type == "s"
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    wb = openpyxl.load_workbook(template)
    entry = wb[SHEET]
    r = rows["life_expectancy"]
    entry.cell(r, 8).value = 77.9                          # H = 2023
    entry.cell(r, 11).value = HYPERLINK                    # K = source: openpyxl would make it a formula...
    entry.cell(r, 11).data_type = "s"                      # ...an office typing it as text makes it text
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    m = _monitored(filled)
    assert m.actuals.loc[m.actuals["id"] == "life_expectancy", "source"].tolist() == [HYPERLINK]
    out = _downloads(m, "zh", tmp_path / "site")
    cells = [c for c in _cells(out / "results.xlsx") if c.value == HYPERLINK]
    assert cells and all(c.data_type == "s" for c in cells)
    assert "'" + HYPERLINK in _csv_cells(out / "actual-values.csv")
