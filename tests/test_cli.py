"""The command line as users script against it: outputs, formats, exit codes."""

import json
import subprocess
import sys

import pandas as pd

from jzanalysis.cli import main

EXAMPLE = "examples/actuals_example.csv"


def test_import_is_light():
    code = "import sys, jzanalysis; print('matplotlib' in sys.modules, 'nbclient' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_parse_writes_both_tables(tmp_path, capsys, caplog):
    assert main(["parse", "--out", str(tmp_path)]) == 0
    ind = pd.read_csv(tmp_path / "indicators.csv")
    facts = pd.read_csv(tmp_path / "narrative_facts.csv")
    assert len(ind) == 31 and len(facts) == 98  # 93 figures in digits + 5 in Chinese numerals
    out = capsys.readouterr()
    assert "31 indicators in Table 1-1" in out.out
    # the warning is a log record (the CLI's logging.basicConfig yields to pytest's handlers)
    assert ":176: 序号: sequence number printed as 10, expected 20" in out.err + caplog.text


def test_assess_csv_and_json(tmp_path):
    assert main(["assess", "--format", "csv", "--out", str(tmp_path / "a.csv")]) == 0
    a = pd.read_csv(tmp_path / "a.csv")
    for col in ["id", "seq", "name", "baseline_value", "target_value", "target_op", "required_cagr",
                "required_annual_change", "reference_pace", "reference_source", "projected",
                "feasibility", "reason_zh", "reason_en"]:
        assert col in a.columns
    assert a["seq"].dropna().astype(int).tolist() == list(range(1, 32))
    assert main(["assess", "--format", "json", "--out", str(tmp_path / "a.json")]) == 0
    rows = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert rows[0]["id"] == "maternal_mortality_ratio" and rows[0]["feasibility"] == "met_at_baseline"


def test_audit_table_to_stdout(capsys):
    assert main(["audit"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "severity  check  ids"
    assert "medium  additions_vs_level  childcare_places_per_1000" in out  # issue 9: inconsistent, not contradictory


def test_assess_with_actuals(tmp_path):
    out = tmp_path / "m.csv"
    assert main(["assess", "--actuals", EXAMPLE, "--as-of", "2023", "--format", "csv", "--out", str(out)]) == 0
    m = pd.read_csv(out).set_index("id")
    # example: compounds renovated 700 of 852 by 2023: 700/852 = 0.82 >= f = 3/5 = 0.6 -> on track
    assert m.loc["old_residential_compound_renovation", "status"] == "on_track"
    assert m.loc["infant_mortality_rate", "status"] == "at_risk"


def test_bad_actuals_exit_2_nothing_written(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,year,value\nlife_expectancy,2021,77.5\nlife_expectancy,2040,78\n", encoding="utf-8")
    out = tmp_path / "m.csv"
    assert main(["assess", "--actuals", str(bad), "--format", "csv", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:3: year:" in err and "Traceback" not in err
    assert not out.exists()


def test_changes_between_two_years(tmp_path, capsys):
    prev = tmp_path / "a2022.csv"
    assert main(["assess", "--actuals", EXAMPLE, "--as-of", "2022", "--format", "csv", "--out", str(prev)]) == 0
    out = tmp_path / "c.csv"
    assert main(["changes", "--previous", str(prev), "--actuals", EXAMPLE, "--as-of", "2023",
                 "--format", "csv", "--out", str(out)]) == 0
    c = pd.read_csv(out).set_index("id")
    # the example's 2023 values move five statuses (asserted one by one in test_monitor.py)
    assert len(c) == 5
    assert (c.loc["life_expectancy", "status_before"], c.loc["life_expectancy", "status_now"]) == \
        ("needs_acceleration", "on_track")
    assert c.loc["life_expectancy", "new_points"] == "2023: 77.9"


def test_as_of_out_of_range(capsys):
    assert main(["assess", "--actuals", EXAMPLE, "--as-of", "2050"]) == 2
    assert "--as-of: as-of: year 2050 outside 2021..2035" in capsys.readouterr().err
