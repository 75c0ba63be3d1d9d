"""Hostile and careless input (issue 11): never a silent wrong answer, one line per error, no traceback.

Plan text: content-anchored ids, invisible characters, values checked against the metadata, linear
extraction. Actuals: implausible values, strict CSV, bounds, cumulative totals, plain numbers. Command
line: one-line errors and exit codes. Report: notebook timeout, dead kernel, stale folders, workers that die
with their parent, atomic publish, file modes.
Line numbers are those of the bundled plan (1-based).
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pandas as pd
import pytest

from jzanalysis import paths
from jzanalysis.cli import main
from jzanalysis.errors import LINE_MAX, InputError, shorten
from jzanalysis.plan.parse import parse_plan
from jzanalysis.plan.prose import EXCERPT, SENTENCE_MAX, extract_facts
from jzanalysis.plan.text import normalise_text, read_plan

EXAMPLE = paths.ROOT / "examples" / "actuals_example.csv"


@pytest.fixture(scope="module")
def lines():
    return paths.PLAN_TEXT.read_text(encoding="utf-8").split("\n")


def write(tmp_path, lines, name="plan.txt"):
    p = tmp_path / name
    p.write_text("\n".join(lines), encoding="utf-8")
    return p


def edit(lines, lineno, new):
    out = list(lines)
    out[lineno - 1] = new
    return out


def parse_error(tmp_path, lines) -> InputError:
    with pytest.raises(InputError) as exc:
        parse_plan(write(tmp_path, lines))
    return exc.value


# --- plan text: ids and subjects anchored on content --------------------------------------------------

def test_facts_and_ids_survive_inserted_and_deleted_lines(tmp_path, lines, parsed):
    base = parsed.narrative_facts
    # a blank line and a bookmark line on top, a bookmark inside a heading, line 260 (the table's second
    # closing blank) deleted, and a copy of the whole Table 1-1 (lines 33..259) after the original
    table = lines[32:259]
    shifted = (["", "[bookmark: _Toc1]"] + lines[:259] + lines[260:])
    shifted = shifted[:2 + 259] + table + [""] + shifted[2 + 259:]
    shifted[2 + 2] = "[bookmark: _Toc999]" + shifted[2 + 2]
    got = parse_plan(write(tmp_path, shifted))
    cols = [c for c in base.columns if c != "line"]
    pd.testing.assert_frame_equal(got.narrative_facts[cols].reset_index(drop=True), base[cols])
    assert list(got.narrative_facts["line"]) == [n + 2 + (227 + 1 if n > 260 else 0) - (n > 260)
                                                  for n in base["line"]]
    ind_cols = [c for c in parsed.indicators.columns if c != "source_line"]
    pd.testing.assert_frame_equal(got.indicators[ind_cols], parsed.indicators[ind_cols])
    # the example: with the old line-keyed overrides the 4.5% unemployment ceiling was credited
    # to another sentence once one blank line was added on top
    row = got.narrative_facts[got.narrative_facts["value_text"] == "4.5%以内"].iloc[0]
    assert row["subject"] == "城镇登记失业率"


def test_overrides_follow_the_sentence_not_the_line(tmp_path, lines, parsed):
    # delete the first prose paragraph (line 4): every later line moves up by one
    got = parse_plan(write(tmp_path, lines[:3] + lines[4:])).narrative_facts
    base = parsed.narrative_facts[parsed.narrative_facts["line"] != 4]
    assert list(got["id"]) == list(base["id"])
    assert list(got["subject"]) == list(base["subject"])
    # line 7's override: 6819人 are physicians (the text says 每千人口, a head count is meant)
    assert got.loc[got["value_text"] == "6819人", "subject"].item() == "执业（助理）医师"


# --- plan text: invisible characters and normalisation ------------------------------------------------

@pytest.mark.parametrize("junk", ["\u200b", "\u200d", "\ufeff", "\x00", "\x0b", "\x85", "\u2028"])
def test_invisible_characters_do_not_make_a_new_category(tmp_path, lines, parsed, junk):
    # line 44 is the category cell of row 1 (幼有所育)
    assert lines[43] == "\t幼有所育"
    got = parse_plan(write(tmp_path, edit(lines, 44, "\t幼有" + junk + "所育")))
    assert list(got.indicators["category"]) == list(parsed.indicators["category"])
    assert got.indicators["category"].nunique() == 9


def test_normalise_text():
    # full-width digits and ％ become ASCII; the plan's full-width （）， stay; zero-width space goes
    assert normalise_text("\u200b孕产妇（１/10万），９７.５％") == "孕产妇（1/10万），97.5%"
    assert normalise_text("plain ascii") == "plain ascii"


def test_unknown_category_names_the_line(tmp_path, lines):
    # line 72 is row 5's category cell 学有所教
    assert lines[71] == "\t学有所教"
    e = parse_error(tmp_path, edit(lines, 72, "\t学有所教育"))
    assert (e.line, e.field) == (72, "类别") and "unknown category '学有所教育'" in str(e)


# --- plan text: values against the metadata -----------------------------------------------------------

@pytest.mark.parametrize("lineno, old, new, field, words", [
    # 401 digits: float() gives inf
    (46, "\t7.85", "\t" + "9" * 401, "2020年实际值", "too large"),
    # "1 2" is not 12
    (46, "\t7.85", "\t7 85", "2020年实际值", "expected a number"),
    # a mortality ceiling of -12.5: bounds [0, null]
    (47, "\t12.5", "\t-12.5", "2025年目标值", "outside the possible range 0..∞"),
    # a share target of 197.5 %: bounds [0, 100]
    (82, "\t60", "\t197.5", "2025年目标值", "outside the possible range 0..100"),
    # the unit in the name cell changes from ‰ to %
    (52, "\t婴儿死亡率（‰）", "\t婴儿死亡率（%）", "指标名称", "unit '%', the metadata declares '‰'"),
    # （五年累计） on a baseline cell would make a count cumulative
    (193, "\t1.767", "\t1.767（五年累计）", "2020年实际值", "marks a cumulative indicator, the metadata says count"),
])
def test_values_checked_against_metadata(tmp_path, lines, lineno, old, new, field, words):
    assert lines[lineno - 1] == old
    e = parse_error(tmp_path, edit(lines, lineno, new))
    assert (e.line, e.field) == (lineno, field), str(e)
    assert words in str(e)
    assert len(str(e)) <= LINE_MAX and "\n" not in str(e)


def test_error_line_never_echoes_a_huge_cell(tmp_path, lines, capsys):
    plan = write(tmp_path, edit(lines, 46, "\t" + "x" * 3_000_000))
    assert main(["parse", str(plan), "--out", str(tmp_path / "out"), "-q"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and len(err) < LINE_MAX + 30
    assert f"{plan}:46: 2020年实际值:" in err and "(3000000 characters)" in err
    assert shorten("a" * 200, 10) == "aaaaaaaaa… (200 characters)"


# --- plan text: speed and size on pathological prose --------------------------------------------------

def test_long_sentence_output_bounded_by_input(tmp_path, lines):
    # one 80 000-character sentence of 40 000 figures "1个": one row per figure, and each row stores at
    # most EXCERPT (80) characters of the sentence plus two ellipses (timing: benchmarks/bench_hostile.py)
    text = "1个" * 40_000
    facts = extract_facts(read_plan(write(tmp_path, ["二、总体要求", text])))
    assert len(facts) == 40_000 <= len(text) // 2
    assert facts["sentence"].str.len().max() <= EXCERPT + 2 < SENTENCE_MAX
    assert facts["subject"].str.len().max() <= 100
    assert facts["id"].is_unique


# --- duplicate prose targets --------------------------------------------------------------------------

def test_targets_stated_twice_have_unique_ids(tmp_path, lines):
    from jzanalysis.analysis.pipeline import analyse

    # line 25 (urban income 4.5万元左右, 80% of spending) and line 364 (sports facilities) stated twice
    doubled = lines[:25] + [lines[24]] + lines[25:364] + [lines[363]] + lines[364:]
    a = analyse(write(tmp_path, doubled))
    assert a.facts["id"].is_unique
    assert a.assessment["id"].is_unique
    assert (a.assessment["id"] == "urban_disposable_income").sum() == 1
    # the repeated sports sentence gives its copies the suffix _2; the assessment keeps one row per target
    assert a.facts["id"].str.endswith("_2").sum() == 7 + 3  # 7 figures on line 364, 3 on line 25
    assert len(a.assessment) == 31 + 45 + 1  # + the 5,000 new places row linked to Table 1-1 (issue 9)


# --- actuals ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def assessment(analysis):
    return analysis.assessment


def actuals(tmp_path, text, name="a.csv", encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return p


def load_error(tmp_path, assessment, text, **kw) -> InputError:
    from jzanalysis.inputs.actuals import load_actuals

    p = actuals(tmp_path, text, **kw)
    with pytest.raises(InputError) as exc:
        load_actuals(p, assessment)
    return exc.value


@pytest.mark.parametrize("value, likely", [
    ("3.92", "万元"),     # 3.92 / 36578 = 1.07e-4 -> 10^-4: 万元
    ("39.2", "千元"),     # 39.2 / 36578 = 1.07e-3 -> 10^-3: 千元
    ("1e308", "times its 2020 baseline 36578 元"),  # 1e308 / 36578 = 2.7e303
])
def test_implausible_income_is_an_error_naming_the_unit(tmp_path, assessment, value, likely):
    e = load_error(tmp_path, assessment, f"id,year,value\nurban_disposable_income,2021,39200\n"
                                         f"urban_disposable_income,2022,{value}\n")
    assert (e.line, e.field) == (3, "value")
    assert likely in str(e) and "--accept-implausible" in str(e)


def test_implausible_accepted_shows_a_warning_column(tmp_path, capsys):
    p = actuals(tmp_path, "id,year,value\nurban_disposable_income,2021,39200\nurban_disposable_income,2022,3.92\n")
    out = tmp_path / "assessment.csv"
    assert main(["assess", "--actuals", str(p), "--format", "csv", "--out", str(out)]) == 2
    assert not out.exists()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert main(["assess", "--actuals", str(p), "--accept-implausible", "--format", "csv",
                     "--out", str(out)]) == 0
    a = pd.read_csv(out, keep_default_na=False).set_index("id")
    zh = a.loc["urban_disposable_income", "value_warning_zh"]
    assert zh.startswith("2022年：数值3.92是2020年基期值36578元的0.00011倍，疑似按万元填报（应为元）")
    assert "万元" in a.loc["urban_disposable_income", "value_warning_en"]
    assert a.loc["life_expectancy", "value_warning_zh"] == ""


def test_share_as_fraction_is_implausible(tmp_path, assessment):
    # 0.95 against the 2020 baseline 93.9 %: a fraction, not a percentage
    e = load_error(tmp_path, assessment, "id,year,value\nbasic_pension_insurance_coverage,2021,0.95\n")
    assert (e.line, e.field) == (2, "value") and "fraction" in str(e)


def test_unterminated_quote(tmp_path, assessment):
    e = load_error(tmp_path, assessment, 'id,year,value,source,note\nlife_expectancy,2021,77.5,"公报,x\n'
                                         "life_expectancy,2022,77.6,,\nlife_expectancy,2023,77.9,,\n")
    assert (e.line, e.field) == (2, "source") and "unterminated quote" in str(e)


def test_negative_income_outside_series_bounds(tmp_path, assessment):
    # narrative_series.yaml: urban_disposable_income bounds [0, null]
    e = load_error(tmp_path, assessment, "id,year,value\nurban_disposable_income,2021,-39200\n")
    assert (e.line, e.field) == (2, "value") and "outside the possible range 0..∞" in str(e)


def test_cumulative_total_going_down(tmp_path, assessment):
    e = load_error(tmp_path, assessment, "id,year,value\nold_residential_compound_renovation,2021,250\n"
                                         "old_residential_compound_renovation,2022,480\n"
                                         "old_residential_compound_renovation,2023,300\n")
    assert (e.line, e.field) == (4, "value")
    assert "total to date 300 in 2023 is below 480 in 2022 (line 3)" in str(e)


@pytest.mark.parametrize("value", ["5_0", "1 2", "inf", "nan", "0x10", "٥٠"])
def test_value_must_be_a_plain_number(tmp_path, assessment, value):
    e = load_error(tmp_path, assessment, f"id,year,value\nregular_exercise_share,2021,{value}\n")
    assert (e.line, e.field) == (2, "value") and "expected a number" in str(e)


def test_reserved_column_and_huge_field(tmp_path, assessment):
    e = load_error(tmp_path, assessment, "id,year,value,line\nlife_expectancy,2021,77.5,3\n")
    assert (e.line, e.field) == (1, "line") and "reserved" in str(e)
    e = load_error(tmp_path, assessment, "id,year,value,note\nlife_expectancy,2021,77.5," + "x" * 140_000 + "\n")
    assert e.line == 2 and "field longer than 131072" in str(e) and len(str(e)) <= LINE_MAX


def test_utf16_and_folder(tmp_path, assessment):
    e = load_error(tmp_path, assessment, "id,year,value\nlife_expectancy,2021,77.5\n", encoding="utf-16")
    assert (e.line, e.field) == (1, "encoding") and "UTF-16" in str(e)
    from jzanalysis.inputs.actuals import load_actuals

    with pytest.raises(InputError, match="found a folder"):
        load_actuals(tmp_path, assessment)


def test_cell_reference_in_errors(monkeypatch, tmp_path, assessment):
    from jzanalysis.inputs import actuals as monitor

    assert InputError("a.xlsx", "填报!D7", "value", "not a number").render() == "a.xlsx: 填报!D7: value: not a number"
    assert InputError("a.csv", 7, "value", "x").render() == "a.csv:7: value: x"

    def fake(path):  # the shape of jzanalysis.inputs.workbook.read_records (contracts.md 1)
        frame = pd.DataFrame({"id": ["life_expectancy"] * 2, "year": ["2021", "2022"], "value": ["77.5", "abc"],
                              "source": ["", ""], "note": ["", ""], "line": [7, 8], "where": ["填报!D7", "填报!D8"]})
        return list(frame.columns[:5]), frame

    monkeypatch.setattr(monitor, "_read_records", fake)
    with pytest.raises(InputError) as exc:
        monitor.load_actuals(tmp_path / "a.xlsx", assessment)
    # in a workbook each year is a column: the field is the year (contracts.md 1)
    assert str(exc.value) == f"{tmp_path / 'a.xlsx'}: 填报!D8: 2022: expected a number, found 'abc'"


# --- command line -------------------------------------------------------------------------------------

def one_line(capsys, code, expected=2) -> str:
    err = capsys.readouterr().err
    assert code == expected, err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("jzanalysis: error:"), err
    assert "Traceback" not in err and "usage:" not in err
    return lines[0]


def test_argument_errors_are_one_line(capsys):
    assert "invalid int value: 'x'" in one_line(capsys, main(["assess", "--as-of", "x"]))
    assert "unrecognized arguments: --bogus" in one_line(capsys, main(["audit", "--bogus"]))
    assert "invalid choice" in one_line(capsys, main(["nope"]))


def test_bad_paths_are_one_line(tmp_path, capsys):
    folder = tmp_path / "folder"
    folder.mkdir()
    file = tmp_path / "file.txt"
    file.write_text("x", encoding="utf-8")
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    utf16 = tmp_path / "u16.csv"
    utf16.write_bytes("id,status\nx,achieved\n".encode("utf-16"))
    cases = [
        (["assess", "--actuals", str(folder)], "found a folder"),
        (["changes", "--previous", str(folder), "--actuals", str(EXAMPLE)], "found a folder"),
        (["changes", "--previous", str(empty), "--actuals", str(EXAMPLE)], "empty"),
        (["changes", "--previous", str(utf16), "--actuals", str(EXAMPLE)], "UTF-16"),
        (["parse", "--out", str(file)], "exists and is not a folder"),
        (["assess", "--out", str(folder)], "is a folder"),
        (["report", "--out", str(file / "sub")], "is a file, not a folder"),
        (["assess", "--out", "/proc/x.csv"], "system folder"),
        (["assess", "--actuals", "/proc/self/mem"], "cannot read"),
        (["parse", "/proc/self/mem", "--out", str(tmp_path / "o")], "cannot read"),
    ]
    for argv, words in cases:
        line = one_line(capsys, main(argv))
        assert words in line, (argv, line)
    assert not (tmp_path / "o").exists()


def test_read_only_output_folder(tmp_path, capsys):
    import os

    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        assert "permission denied" in one_line(capsys, main(["assess", "--out", str(ro / "a.csv")]))
    finally:
        ro.chmod(0o755)


def test_outputs_have_the_usual_modes(tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        assert main(["parse", "--out", str(tmp_path / "p"), "-q"]) == 0
        assert main(["assess", "--format", "csv", "--out", str(tmp_path / "a.csv")]) == 0
    finally:
        os.umask(old)
    for f in (tmp_path / "p" / "indicators.csv", tmp_path / "p" / "narrative_facts.csv", tmp_path / "a.csv"):
        assert stat.S_IMODE(f.stat().st_mode) == 0o644, f


# --- report: execution that cannot hang, leftovers of killed runs, publishing ------------------------

DEAD_PID = 4_194_399  # above the largest Linux PID (pid_max <= 4194304): never a running process


def _notebook(path, body: str) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("year: int = 2021  # report year")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell(body)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


@pytest.mark.slow
def test_report_timeout_dead_kernel_private_runtime_and_stale_cleanup(tmp_path, monkeypatch, caplog):
    import logging
    import tempfile

    from jzanalysis.publish import runner as report

    seen = tmp_path / "runtime.txt"
    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    _notebook(nb_dir / "01_overview.ipynb", "import time\ntime.sleep(60)")
    _notebook(nb_dir / "02_indicators.ipynb", "import os\nos._exit(1)")
    _notebook(nb_dir / "03_audit.ipynb", f"import os\nopen({str(seen)!r}, 'w').write(os.environ['JUPYTER_RUNTIME_DIR'])")
    monkeypatch.setattr(report, "NOTEBOOK_DIR", nb_dir)
    out = tmp_path / "out"
    good = out / "2021"
    good.mkdir(parents=True)
    (good / "index.html").write_text("last good report", encoding="utf-8")
    # what a kill -9 leaves: a build folder and a hidden copy of a dead run, a runtime folder
    (out / f".build-2021-{DEAD_PID}-abcd").mkdir()
    (out / f".2021.old-{DEAD_PID}").mkdir()
    stale_runtime = Path(tempfile.gettempdir()) / f"{report.RUNTIME_PREFIX}{DEAD_PID}-x"
    stale_runtime.mkdir(exist_ok=True)
    live = out / f".build-2021-{os.getppid()}-live"  # a running report's build folder stays
    live.mkdir()
    with caplog.at_level(logging.INFO, logger="jzanalysis.publish.runner"):
        status = report.run_report(year=2021, out=out, jobs=2, formats=("html",), timeout=4)
    assert status == 1
    log = caplog.text
    # the sleeping and the dying cell are the fourth (parameters, papermill's injected parameters,
    # x = 1, then the cell): named by position, as the kernel may not have sent an execution count
    assert "notebook 01_overview TIMED OUT at cell 4 of the notebook: the cell ran longer than 4 s" in log, log
    assert "notebook 02_indicators FAILED: the kernel died at cell 4 of the notebook" in log, log
    assert "before any cell ran" not in log
    assert "notebook 03_audit: done" in log
    runtime = Path(seen.read_text(encoding="utf-8"))
    assert runtime.parent == Path(tempfile.gettempdir()) and runtime.name.startswith(
        f"{report.RUNTIME_PREFIX}{os.getpid()}-")
    assert not runtime.exists(), "the private runtime folder is removed after the run"
    assert not stale_runtime.exists()
    assert sorted(p.name for p in out.iterdir()) == [f".build-2021-{os.getppid()}-live", "2021"]
    assert (good / "index.html").read_text(encoding="utf-8") == "last good report"


def test_pool_workers_die_with_the_report_process(tmp_path):
    import subprocess
    import sys
    import time

    script = ("import os, signal\nfrom jzanalysis.publish.runner import _pool\npool = _pool(1)\n"
              "print(pool.submit(os.getpid).result(), flush=True)\nos.kill(os.getpid(), signal.SIGKILL)\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    worker = int(proc.stdout.split()[0])
    assert proc.returncode == -9

    def gone(pid):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        status = Path(f"/proc/{pid}/status")
        return status.exists() and "\nState:\tZ" in status.read_text()  # a zombie is dead

    deadline = time.time() + 10
    while not gone(worker) and time.time() < deadline:
        time.sleep(0.1)
    assert gone(worker), "the pool worker outlived the killed report process"


def test_publish_is_one_exchange_and_recovers(tmp_path):
    from jzanalysis.io import recover_dir, replace_dir

    target, built = tmp_path / "2021", tmp_path / ".build-2021-1-x"
    target.mkdir()
    (target / "index.html").write_text("old", encoding="utf-8")
    built.mkdir()
    (built / "index.html").write_text("new", encoding="utf-8")
    replace_dir(built, target)
    assert (target / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2021"]
    # a publish killed between two renames (no exchange available) hid the good report: put it back
    os.replace(target, tmp_path / f".2021.old-{DEAD_PID}")
    assert recover_dir(target) == tmp_path / f".2021.old-{DEAD_PID}"
    assert (target / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2021"]


def test_a_file_at_out_year_is_never_moved(tmp_path, capsys):
    from jzanalysis.io import replace_dir

    out = tmp_path / "out"
    out.mkdir()
    (out / "2021").write_text("the user's file", encoding="utf-8")
    built = out / ".build"
    built.mkdir()
    with pytest.raises(InputError, match="not a report folder"):
        replace_dir(built, out / "2021")
    line = one_line(capsys, main(["report", "--year", "2021", "--out", str(out), "--formats", "html"]))
    assert "2021: out: exists and is not a report folder" in line
    assert (out / "2021").read_text(encoding="utf-8") == "the user's file"
    assert "invalid float value" in one_line(capsys, main(["report", "--timeout", "soon"]))
    assert "expected a number of seconds > 0" in one_line(capsys, main(["report", "--timeout", "0"]))


def test_published_modes_respect_the_umask(tmp_path):
    import stat

    from jzanalysis.publish.runner import _readable

    folder = tmp_path / "b"
    (folder / "html").mkdir(parents=True)
    (folder / "html" / "p.html").write_text("x", encoding="utf-8")
    folder.chmod(0o700)
    (folder / "html" / "p.html").chmod(0o600)
    old = os.umask(0o022)
    try:
        _readable(folder)
    finally:
        os.umask(old)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    assert stat.S_IMODE((folder / "html").stat().st_mode) == 0o755
    assert stat.S_IMODE((folder / "html" / "p.html").stat().st_mode) == 0o644


def test_growth_rate_beyond_100_percent_is_implausible(tmp_path, assessment):
    # disposable_income_growth is a yearly growth in % (kind growth): 1e308 % is not a growth rate
    ident = assessment.loc[assessment["kind"] == "growth", "id"].iloc[0]
    e = load_error(tmp_path, assessment, f"id,year,value\n{ident},2021,8.1\n{ident},2022,1e308\n")
    assert (e.line, e.field) == (3, "value") and "not a growth rate" in str(e)


def test_report_accepts_implausible_only_when_asked(tmp_path, monkeypatch):
    from jzanalysis.analysis.pipeline import analyse
    from jzanalysis.publish import runner as report

    p = actuals(tmp_path, "id,year,value\nurban_disposable_income,2021,39200\nurban_disposable_income,2022,3.92\n")
    with pytest.raises(InputError, match="万元"):
        report.validate(2022, tmp_path / "out", formats=("html",), actuals=p)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        inputs = report.validate(2022, tmp_path / "out", formats=("html",), actuals=p, accept_implausible=True)
        a = inputs.analysis.assessment.set_index("id")
        assert "万元" in a.loc["urban_disposable_income", "value_warning_zh"]
        assert any("万元" in note for note in inputs.notes)  # also in the log
        jobs = report.notebook_jobs(inputs, tmp_path / "build", report.PAGES, timeout=5, runtime="rt")
        assert all(j["accept_implausible"] and j["timeout"] == 5 and j["runtime"] == "rt" for j in jobs)
        # the notebooks' kernels get the choice through the environment (set by the pool worker)
        monkeypatch.setenv("JZANALYSIS_ACCEPT_IMPLAUSIBLE", "1")
        assert "万元" in analyse(actuals=p).assessment.set_index("id").loc["urban_disposable_income",
                                                                        "value_warning_en"]
    assert not (tmp_path / "out").exists(), "validation writes nothing"


def test_unwritable_output_folder_without_root(tmp_path, monkeypatch, capsys):
    # as root every folder is writable, so os.access is made to say no (what a normal user would see)
    import jzanalysis.io as jio

    monkeypatch.setattr(jio.os, "access", lambda path, mode: False)
    line = one_line(capsys, main(["assess", "--out", str(tmp_path / "a.csv")]))
    assert "cannot write in" in line and "permission denied" in line
    assert not (tmp_path / "a.csv").exists()


def test_other_failures_are_one_line_exit_1(monkeypatch, capsys):
    from jzanalysis import cli

    def boom(args):
        raise RuntimeError("x" * 5000)

    def disk_full(args):
        raise OSError(28, "No space left on device", "/out/a.csv")

    monkeypatch.setattr(cli, "cmd_audit", boom)
    line = one_line(capsys, main(["audit"]), expected=1)
    assert "RuntimeError: xxx" in line and "(run with -v for details)" in line and len(line) < LINE_MAX + 80
    monkeypatch.setattr(cli, "cmd_audit", disk_full)
    assert one_line(capsys, main(["audit"]), expected=1) == "jzanalysis: error: /out/a.csv: No space left on device"
