"""Bad plan files: one clear line naming file, line and field; exit 2; no traceback; nothing written."""

import pytest

from jzanalysis.cli import main


def run(tmp_path, text=None, data=None, capsys=None):
    plan = tmp_path / "plan.txt"
    if data is not None:
        plan.write_bytes(data)
    else:
        plan.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    code = main(["parse", str(plan), "--out", str(out), "-q"])
    err = capsys.readouterr().err
    return code, err, out, plan


def edit(lines, lineno, new):
    lines = list(lines)
    lines[lineno - 1] = new
    return "\n".join(lines)


def assert_clean_failure(code, err, out, plan, line, field):
    assert code == 2
    msg = [ln for ln in err.splitlines() if ln.startswith("jzanalysis: error:")]
    assert len(msg) == 1, err
    assert f"{plan}:{line}: {field}:" in msg[0]
    assert "Traceback" not in err
    assert not out.exists() or not any(out.iterdir())


def test_no_table(tmp_path, plan_lines, capsys):
    text = "\n".join(ln for ln in plan_lines if not ln.startswith("表1-1"))
    code, err, out, plan = run(tmp_path, text, capsys=capsys)
    assert code == 2 and "no Table 1-1 found" in err and "Traceback" not in err
    assert not out.exists()


def test_missing_number(tmp_path, plan_lines, capsys):
    # line 46 is the 2020 value of row 1 (孕产妇死亡率, 7.85)
    assert plan_lines[45] == "\t7.85"
    code, err, out, plan = run(tmp_path, edit(plan_lines, 46, "\t"), capsys=capsys)
    assert_clean_failure(code, err, out, plan, 46, "2020年实际值")
    assert "empty cell" in err


def test_non_numeric_target(tmp_path, plan_lines, capsys):
    # line 61 is the 2025 target of row 3 (托位数, 4.5)
    assert plan_lines[60] == "\t4.5"
    code, err, out, plan = run(tmp_path, edit(plan_lines, 61, "\t4.5个左右吧"), capsys=capsys)
    assert_clean_failure(code, err, out, plan, 61, "2025年目标值")
    assert "'4.5个左右吧'" in err


def test_truncated_table(tmp_path, plan_lines, capsys):
    # cut the file after line 118 (row 11 has only 5 of its 6 cells: 序号…目标值, no 属性)
    code, err, out, plan = run(tmp_path, "\n".join(plan_lines[:117]), capsys=capsys)
    assert_clean_failure(code, err, out, plan, 118, "row")
    assert "truncated" in err


def test_table_missing_rows(tmp_path, plan_lines, capsys):
    # drop rows 30 and 31 (lines 246-259) but keep the rest of the document
    text = "\n".join(plan_lines[:245] + plan_lines[259:])
    code, err, out, plan = run(tmp_path, text, capsys=capsys)
    assert code == 2 and "has 29 indicator rows" in err and "describes 31" in err


def test_empty_file(tmp_path, capsys):
    code, err, out, plan = run(tmp_path, "", capsys=capsys)
    assert_clean_failure(code, err, out, plan, 1, "file")
    assert "empty" in err


def test_not_utf8(tmp_path, plan_lines, capsys):
    data = "\n".join(plan_lines).encode("gb18030")
    code, err, out, plan = run(tmp_path, data=data, capsys=capsys)
    # the first non-ASCII character is on line 1
    assert_clean_failure(code, err, out, plan, 1, "encoding")
    assert "UTF-8" in err


def test_not_utf8_names_the_right_line(tmp_path, plan_lines, capsys):
    data = "\n".join(plan_lines).encode("utf-8").replace("孕产妇死亡率".encode(), "孕产妇死亡率".encode("gbk"))
    code, err, out, plan = run(tmp_path, data=data, capsys=capsys)
    assert_clean_failure(code, err, out, plan, 45, "encoding")


def test_failed_parse_keeps_previous_output(tmp_path, plan_lines, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "indicators.csv").write_text("previous good output\n", encoding="utf-8")
    plan = tmp_path / "plan.txt"
    plan.write_text(edit(plan_lines, 46, "\tx"), encoding="utf-8")
    assert main(["parse", str(plan), "--out", str(out), "-q"]) == 2
    assert (out / "indicators.csv").read_text(encoding="utf-8") == "previous good output\n"
    assert sorted(p.name for p in out.iterdir()) == ["indicators.csv"]  # no temp files left


@pytest.mark.parametrize("argv,needle", [
    (["assess", "--as-of", "2022"], "needs --actuals"),
])
def test_cli_argument_errors(argv, needle, capsys):
    assert main(argv) == 2
    assert needle in capsys.readouterr().err
