"""Tables as people paste them (issue 21, item 6): one row per line with cells split by tabs (a copy from
Word or a PDF viewer) or ``|`` (Markdown), a header without 序号 with the number inside the name, a unit
in ASCII brackets, and the table as its own CSV/xlsx beside the prose (``init-plan TEXT --table FILE``).

Every plan here is SYNTHETIC (tests/plans/pasted_tabs.txt, pasted_markdown.txt, prose_only.txt with
table_only.csv): the same four made-up rows, so each reading must give the same table.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jzanalysis.cli import main
from jzanalysis.errors import InputError
from jzanalysis.plan.parse import parse_plan
from jzanalysis.plan.table import find_table
from jzanalysis.plan.text import read_plan, read_table_file, row_cells

PLANS = Path(__file__).resolve().parent / "plans"
#: The four SYNTHETIC rows: (seq, category, name, unit, base, target, op, attribute)
ROWS = [
    (1, "幼有所育", "每千人口拥有3岁以下婴幼儿托位数", "个", 1.8, 4.5, "=", "expected"),
    (2, "学有所教", "劳动年龄人口平均受教育年限", "年", 10.8, 11.3, "=", "binding"),
    (3, "学有所教", "高中阶段教育毛入学率", "%", 92.0, 95.0, ">=", "binding"),   # category filled down
    (4, "病有所医", "人均预期寿命", "岁", 77.3, 78.3, "=", "expected"),
]


def fields(table) -> list[tuple]:
    return [(r["seq"], r["category"], r["name"], r["unit"], r["baseline_value"], r["target_value"],
             r["target_op_table"], r["attribute"]) for r in table.rows]


def test_row_cells():
    assert row_cells("\t序号") is None and row_cells("普通的一句话。") is None    # the export layout; prose
    assert row_cells("1\t幼有所育\t托位数（个）\t1.8\t4.5\t预期性") == ["1", "幼有所育", "托位数（个）", "1.8", "4.5", "预期性"]
    assert row_cells("| 类别 | 指标 | 2025年 |") == ["类别", "指标", "2025年"]
    assert row_cells("|---|:---:|---:|") == []                                      # a Markdown rule


@pytest.mark.parametrize("name, caption, header_line", [("pasted_tabs.txt", "表1", 6),
                                                          ("pasted_markdown.txt", "专栏1", 6)])
def test_a_table_pasted_one_row_per_line(name, caption, header_line):
    table = find_table(read_plan(PLANS / name))
    assert (table.caption, table.header_line, table.baseline_year, table.target_year) == \
        (caption, header_line, 2025, 2030)
    assert fields(table) == ROWS
    # each row keeps its line of the text: rows on lines 7..10 (tabs) and 8..11 (Markdown, after its rule)
    first = 7 if name == "pasted_tabs.txt" else 8
    assert [r["source_line"] for r in table.rows] == list(range(first, first + 4))


def test_markdown_header_without_seq_reads_the_number_in_the_name():
    table = find_table(read_plan(PLANS / "pasted_markdown.txt"))
    assert "seq" not in table.columns and table.header["name"] == "指标"
    # "1.每千人口拥有3岁以下婴幼儿托位数(个)": seq 1 from the name, unit 个 from the ASCII brackets
    assert [(r["seq_printed"], r["name"], r["unit"]) for r in table.rows][0] == (1, "每千人口拥有3岁以下婴幼儿托位数", "个")


def test_the_prose_does_not_read_a_pasted_table(tmp_path):
    out = tmp_path / "tabs"
    assert main(["init-plan", str(PLANS / "pasted_tabs.txt"), "--out", str(out)]) == 0
    facts = parse_plan(out).narrative_facts
    # the table's lines 6..10 give no fact; line 12 "到2030年，高中阶段教育毛入学率达到95%以上" is the one
    assert facts[["line", "value", "year", "op"]].values.tolist() == [[12, 95.0, "2030", ">="]]


def test_table_as_its_own_csv(tmp_path, capsys):
    out = tmp_path / "po"
    assert main(["init-plan", str(PLANS / "prose_only.txt"), "--table", str(PLANS / "table_only.csv"),
                 "--out", str(out)]) == 0
    assert "table: 表1 at line 1, 4 rows" in capsys.readouterr().out
    # benchmarks.csv: China's published 人均预期寿命 and 高中阶段教育毛入学率 from the bundled reference data
    assert sorted(p.name for p in (out / "raw").iterdir()) == ["PROVENANCE.md", "benchmarks.csv", "prose_only.txt",
                                                               "table_only.csv"]
    result = parse_plan(out)
    assert result.config.table.file == (out / "raw" / "table_only.csv").resolve()
    got = result.indicators
    assert got[["seq", "name", "unit", "baseline_value", "target_value"]].values.tolist() == \
        [[s, n, u, b, t] for s, _, n, u, b, t, _, _ in ROWS]


def test_table_as_its_own_xlsx(tmp_path):
    import csv

    from openpyxl import Workbook

    wb = Workbook()
    for rec in csv.reader((PLANS / "table_only.csv").read_text(encoding="utf-8").splitlines()):
        # numbers as numbers, as a spreadsheet holds them
        wb.active.append([float(c) if c.replace(".", "", 1).isdigit() else c for c in rec])
    xlsx = tmp_path / "table.xlsx"
    wb.save(xlsx)
    assert fields(find_table(read_table_file(xlsx))) == ROWS


def test_a_pasted_row_with_a_missing_cell_names_its_line(tmp_path):
    lines = (PLANS / "pasted_tabs.txt").read_text(encoding="utf-8").split("\n")
    lines[7] = "2\t学有所教\t劳动年龄人口平均受教育年限（年）\t10.8\t约束性"     # line 8: the target is missing
    text = tmp_path / "bad.txt"
    text.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(InputError) as err:
        find_table(read_plan(text))
    assert (err.value.line, err.value.field) == (8, "row")
    assert "row starting at line 8 has 5 cells, expected 6 (序号/类别/指标名称/2025年/2030年/属性)" in err.value.message


def test_a_csv_table_with_a_bad_value_names_the_file_and_record(tmp_path):
    bad = tmp_path / "t.csv"
    bad.write_text((PLANS / "table_only.csv").read_text(encoding="utf-8").replace("10.8", "十点八x"),
                   encoding="utf-8")
    with pytest.raises(InputError) as err:
        find_table(read_table_file(bad))
    # record 4 of the CSV: caption, header, row 1, row 2
    assert (err.value.path, err.value.line) == (str(bad), 4) and "expected a number" in err.value.message
