"""The yearly job as a scheduler runs it (issue 16): outputs that never clobber what is not theirs,
inputs that are bounded or refused, the office workbook read right or refused with the cell named."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from jzanalysis import paths
from jzanalysis.cli import main


@pytest.fixture(scope="module")
def audit_csv(tmp_path_factory) -> bytes:
    """The audit as CSV, written to a regular file: what every other --out target must receive."""
    out = tmp_path_factory.mktemp("ref") / "audit.csv"
    assert main(["audit", "--format", "csv", "--out", str(out)]) == 0
    data = out.read_bytes()
    # the header, then the 18 findings of the bundled plan: 1 + 18 = 19 lines
    assert data.startswith(b"check,severity,ids,") and data.count(b"\n") == 1 + 18
    return data


# ------------------------------------------------------------------------------- 1. --out targets
def test_out_dev_null_stays_a_device(capsys):
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert main(["audit", "--format", "csv", "--out", "/dev/null"]) == 0
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)  # still the character device, not a plain file
    assert capsys.readouterr().out == ""  # nothing went to stdout instead


def test_out_fifo_gets_the_csv_and_stays_a_fifo(tmp_path, audit_csv):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert main(["audit", "--format", "csv", "--out", str(fifo)]) == 0
    reader.join(timeout=30)
    assert not reader.is_alive()
    assert got == [audit_csv]  # the reader got every byte of the CSV
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no temporary file left beside it


def test_out_dash_is_stdout(tmp_path, monkeypatch, capsys, audit_csv):
    monkeypatch.chdir(tmp_path)
    assert main(["audit", "--format", "csv", "--out", "-"]) == 0
    assert capsys.readouterr().out.encode() == audit_csv
    assert not (tmp_path / "-").exists() and list(tmp_path.iterdir()) == []


def test_out_symlink_is_followed_and_stays_a_link(tmp_path, audit_csv):
    real = tmp_path / "real" / "audit.csv"
    real.parent.mkdir()
    real.write_text("old content\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert main(["audit", "--format", "csv", "--out", str(link)]) == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == audit_csv and stat.S_ISREG(os.lstat(real).st_mode)
    assert sorted(p.name for p in real.parent.iterdir()) == ["audit.csv"]


def test_out_dash_for_a_folder_command_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["parse", "--out", "-", "-q"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("jzanalysis: error: -: out: standard output cannot hold a folder") and "\n" not in err
    assert list(tmp_path.iterdir()) == []


def test_template_to_dev_null_and_stdout(tmp_path, monkeypatch, capsysbinary):
    monkeypatch.chdir(tmp_path)
    assert main(["template", "--out", "/dev/null"]) == 0
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert main(["template", "--out", "-"]) == 0
    data = capsysbinary.readouterr().out
    assert data[:2] == b"PK"  # an xlsx (a zip archive) on stdout
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- 2. bounded inputs
def _cli(args, timeout=60):
    """Run the CLI in a subprocess with a timeout: an input that blocks or never ends fails the test."""
    return subprocess.run([sys.executable, "-m", "jzanalysis", *args], capture_output=True, text=True,
                          timeout=timeout)


@pytest.mark.parametrize("args", [["parse", "{p}", "-q", "--out", "{tmp}"],
                                  ["assess", "--plan", "{p}"],
                                  ["assess", "--actuals", "{p}"],
                                  ["changes", "--previous", "{p}", "--actuals", "examples/actuals_example.csv"],
                                  ["report", "--actuals", "{p}", "--out", "{tmp}"]])
@pytest.mark.parametrize("kind", ["dev_zero", "fifo", "folder"])
def test_inputs_that_are_not_regular_files_are_refused(tmp_path, args, kind):
    if kind == "dev_zero":
        p, found = "/dev/zero", "found a character device"
    elif kind == "fifo":
        p, found = str(tmp_path / "pipe"), "found a FIFO"
        os.mkfifo(p)  # no writer: reading it would block forever
    else:
        p, found = str(tmp_path), "found a folder"
    out = tmp_path / "out"
    plan_folder = kind == "folder" and ("--plan" in args or args[0] == "parse")
    if plan_folder:  # a folder given as the plan is a plan folder (docs/plans.md): it must hold plan.yaml
        p, found = str(tmp_path / "plan.yaml"), "no plan.yaml in this folder"
    r = _cli([a.format(p=tmp_path if plan_folder else p, tmp=out) for a in args])
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"jzanalysis: error: {p}: ") and found in lines[0], r.stderr
    assert not out.exists()


def test_inputs_over_the_size_cap_are_refused(tmp_path):
    from jzanalysis.errors import InputError
    from jzanalysis.inputs.actuals import _read_records
    from jzanalysis.inputs.previous import read_assessment
    from jzanalysis.io import CSV_MAX_BYTES, PLAN_MAX_BYTES, XLSX_MAX_BYTES
    from jzanalysis.plan.text import read_plan

    assert (PLAN_MAX_BYTES, CSV_MAX_BYTES, XLSX_MAX_BYTES) == (16 << 20, 8 << 20, 32 << 20)
    big = tmp_path / "plan.txt"
    with open(big, "wb") as fh:  # a sparse file: 16 MiB + 1 byte, nothing written to disk
        fh.truncate(PLAN_MAX_BYTES + 1)
    with pytest.raises(InputError, match=r"plan.txt: file: the file is 16.0 MiB; an input over 16.0 MiB"):
        read_plan(big)
    csv_ = tmp_path / "a.csv"
    with open(csv_, "wb") as fh:
        fh.truncate(CSV_MAX_BYTES + 1)
    for reader in (_read_records, read_assessment):  # --actuals CSV, --previous
        with pytest.raises(InputError, match=r"a.csv: file: the file is 8.0 MiB; an input over 8.0 MiB"):
            reader(csv_)
    xlsx = tmp_path / "a.xlsx"
    with open(xlsx, "wb") as fh:
        fh.truncate(XLSX_MAX_BYTES + 1)
    with pytest.raises(InputError, match=r"a.xlsx: file: the file is 32.0 MiB; an input over 32.0 MiB"):
        _read_records(xlsx)


# --------------------------------------------------------------------- 3. the office workbook X1-X5
HEAD = ["指标代码（勿改）", "指标名称", "单位", "2020年基期值", "2025年目标", "2021年", "2022年", "2023年",
        "2024年", "2025年", "数据来源", "备注"]


def _book(path, rows, head=HEAD, extra=None):
    """A workbook laid out like the template: sheet 填报 (``head`` then ``rows``), sheet 说明, and
    ``extra`` {sheet name: rows} more sheets; returns (workbook, path) after saving."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "填报"
    ws.append(head)
    for r in rows:
        ws.append(r)
    wb.create_sheet("说明").append(["说明"])
    for name, more in (extra or {}).items():
        other = wb.create_sheet(name)
        for r in more:
            other.append(r)
    wb.save(path)
    return path


def _records(path):
    from jzanalysis.inputs.workbook import read_records

    return read_records(path)[1]


def _refused(path) -> str:
    from jzanalysis.errors import InputError

    with pytest.raises(InputError) as err:
        _records(path)
    return str(err.value)


ROW = ["disposable_income_growth", "居民人均可支配收入增长", "%", "6.9", "6左右"]


def test_x1_a_percentage_typed_the_excel_way_is_read_as_shown(tmp_path):
    import openpyxl

    path = _book(tmp_path / "x1.xlsx", [ROW + [None, None, 0.086, None, None]])
    wb = openpyxl.load_workbook(path)
    wb["填报"]["H2"].number_format = "0.0%"  # Excel shows 8.6%, stores 0.086
    wb["填报"]["G2"].value, wb["填报"]["G2"].number_format = 0.95, "0%"  # shows 95%
    wb["填报"]["F2"].value = 7.1  # a General cell: read as typed
    wb.save(path)
    rec = _records(path).set_index("where")["value"].to_dict()
    # 0.086 x 100 = 8.6 (not 8.599999999999999); 0.95 x 100 = 95; 7.1 stays 7.1
    assert rec == {"填报!H2": "8.6", "填报!G2": "95", "填报!F2": "7.1"}


def test_x2_two_columns_with_the_same_year_are_refused(tmp_path):
    head = HEAD[:7] + ["2022年"] + HEAD[8:]  # H1 says 2022 like G1
    path = _book(tmp_path / "x2.xlsx", [ROW + [None, 7.0, 7.2, None, None]], head=head)
    msg = _refused(path)
    assert msg.endswith("x2.xlsx: 填报!G1: header: two columns for 2022: 填报!G1 and 填报!H1 both say it; "
                        "keep one column per year"), msg


@pytest.mark.parametrize("header", [None, "2023年（预计）"])
def test_x3_numbers_under_a_header_that_is_not_a_year_are_refused(tmp_path, header):
    head = HEAD[:7] + [header] + HEAD[8:]  # merged header cells leave H1 empty, or text in it
    path = _book(tmp_path / "x3.xlsx", [ROW + [None, 7.0, 7.2, None, None]], head=head)
    msg = _refused(path)
    assert "x3.xlsx: 填报!H1: header: numbers below (e.g. 填报!H2) but the header is" in msg, msg
    # numbers in the baseline and target columns (D, E) are not values: accepted
    ok = _book(tmp_path / "ok.xlsx", [ROW[:3] + [6.9, 6.0, 7.0]])
    assert _records(ok)[["where", "value"]].values.tolist() == [["填报!F2", "7"]]


def test_x4_a_formula_without_a_saved_result_is_refused(tmp_path):
    path = _book(tmp_path / "x4.xlsx", [ROW + [6.5, "=F2+0.5", None, None, None]])  # openpyxl saves no result
    msg = _refused(path)
    assert msg.startswith(str(tmp_path / "x4.xlsx") + ": 填报!G2: value: a formula (=F2+0.5) without a saved "
                          "result"), msg


def test_x5_values_in_a_copy_of_the_sheet_are_refused(tmp_path):
    path = _book(tmp_path / "x5.xlsx", [ROW + [None] * 5],
                 extra={"填报 (2)": [HEAD, ROW + [None, None, 8.6, None, None]]})
    msg = _refused(path)
    assert msg.startswith(str(tmp_path / "x5.xlsx") + ": 填报 (2)!H2: sheet: values for 2023 in sheet "
                          "'填报 (2)'; only sheet 填报 is read"), msg


def test_a_workbook_without_any_value_is_refused(tmp_path):
    path = _book(tmp_path / "empty.xlsx", [ROW + [None] * 7])
    msg = _refused(path)
    assert msg.endswith("empty.xlsx: 填报!F2: value: no value entered: the year columns 2021..2025 of sheet "
                        "填报 are all empty; fill in the values the office has, then send the workbook"), msg


def test_workbook_bounds_rows_columns_text(tmp_path):
    import openpyxl

    from jzanalysis.inputs.workbook import MAX_COLS, MAX_ROWS, TEXT_MAX

    assert (MAX_ROWS, MAX_COLS, TEXT_MAX) == (5000, 64, 4000)
    # a note of 4,001 characters is refused with its cell named (L = 12th column)
    path = _book(tmp_path / "long.xlsx", [ROW + [7.0, None, None, None, None, "统计局", "x" * 4001]])
    assert "long.xlsx: 填报!L2: text: a text of 4001 characters; a cell over 4000" in _refused(path)
    # a value in row 5,001 (beyond the bounds) is refused, naming it; so is one in column 65 (BM)
    path = _book(tmp_path / "rows.xlsx", [ROW + [7.0]])
    wb = openpyxl.load_workbook(path)
    wb["填报"].cell(5001, 6).value = 1
    wb.save(path)
    assert "rows.xlsx: 填报!F5001: sheet: a cell beyond 5000 rows or 64 columns" in _refused(path)
    path = _book(tmp_path / "cols.xlsx", [ROW + [7.0]])
    wb = openpyxl.load_workbook(path)
    wb["填报"].cell(2, 65).value = 1
    wb.save(path)
    assert "cols.xlsx: 填报!BM2: sheet: a cell beyond 5000 rows or 64 columns" in _refused(path)


def test_a_declared_size_of_a_whole_sheet_is_not_trusted(tmp_path):
    """A workbook that declares A1:XFD1048576 (openpyxl would pad every row to 16,384 cells) reads its
    one value, within the bounds."""
    import zipfile

    path = _book(tmp_path / "wide.xlsx", [ROW + [7.0]])
    patched = tmp_path / "declared.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:L2" />', b'<dimension ref="A1:XFD1048576" />')
                assert b"XFD1048576" in data
            dst.writestr(item, data)
    assert _records(patched)[["where", "value"]].values.tolist() == [["填报!F2", "7"]]


# ------------------------------------------------------------------ 4. plan values read right or refused
PLAN = paths.PLAN_TEXT


def _plan_with(tmp_path, line_no: int, old: str, new: str) -> Path:
    lines = PLAN.read_text(encoding="utf-8").split("\n")
    assert lines[line_no - 1] == old  # the bundled plan's line, as the test expects it
    lines[line_no - 1] = new
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _plan_refused(path) -> str:
    from jzanalysis.errors import InputError
    from jzanalysis.plan.parse import parse_plan

    with pytest.raises(InputError) as err:
        parse_plan(path)
    return str(err.value)


def test_a_gross_ratio_of_twice_the_age_group_is_refused(tmp_path):
    # line 75: 学前教育毛入园率 target ≥97.5 typed as ≥197.5; its bounds are now [0, 150]
    path = _plan_with(tmp_path, 75, "\t≥97.5", "\t≥197.5")
    assert _plan_refused(path) == (f"{path}:75: 2025年目标值: 学前教育毛入园率: ≥197.5 is outside the possible "
                                   "range 0..150 %")
    # a little over 100 stays a plan value: 103 < 150
    from jzanalysis.plan.parse import parse_plan

    ok = _plan_with(tmp_path, 75, "\t≥97.5", "\t≥103")
    ind = parse_plan(ok).indicators.set_index("id")
    assert ind.loc["preschool_gross_enrollment", ["target_value", "upper_bound"]].tolist() == [103.0, 150.0]


@pytest.mark.parametrize("cell", ["4.79%", "4.79％"])
def test_a_percent_sign_in_a_per_mille_row_is_refused(tmp_path, cell):
    # line 53: 婴儿死亡率（‰） 2020 value 4.79; ％ (full width) is % after NFKC
    path = _plan_with(tmp_path, 53, "\t4.79", "\t" + cell)
    assert _plan_refused(path) == (f"{path}:53: 2020年实际值: 婴儿死亡率: '4.79%' is written with '%', the row's "
                                   "unit is '‰'; a value in another unit is not read as ‰")


def test_the_row_s_own_unit_sign_is_accepted(tmp_path):
    from jzanalysis.plan.parse import parse_plan

    path = _plan_with(tmp_path, 53, "\t4.79", "\t4.79‰")
    ind = parse_plan(path).indicators.set_index("id")
    assert ind.loc["infant_mortality_rate", "baseline_value"] == 4.79


# ------------------------------------------------------------------------ 5. one-line errors
class _NoLibraries:
    """Stands for ``typst`` when its compiled extension cannot be loaded (a wheel for a newer C library
    than the server's): any name taken from it raises the ImportError Python raises there (a multi-line
    message)."""

    def __getattr__(self, name):
        raise ImportError("/lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34' not found (required by "
                          "typst/_typst.abi3.so)\nthe wheel was built for a newer C library than this one")


def _tiny_notebooks(folder: Path) -> Path:
    import nbformat

    folder.mkdir()
    for name in ("01_overview", "02_indicators", "03_audit"):
        nb = nbformat.v4.new_notebook()
        params = nbformat.v4.new_code_cell("year: int = 2021  # report year")
        params.metadata["tags"] = ["parameters"]
        nb.cells = [nbformat.v4.new_markdown_cell("# 测试"), params, nbformat.v4.new_code_cell("print('ok')")]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, folder / f"{name}.ipynb")
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("verbose", [False, True])
def test_a_pdf_step_that_fails_is_one_line_and_exit_1(tmp_path, monkeypatch, caplog, verbose):
    import logging

    from jzanalysis.publish import runner

    monkeypatch.setattr(runner, "NOTEBOOK_DIR", _tiny_notebooks(tmp_path / "notebooks"))
    monkeypatch.setitem(sys.modules, "typst", _NoLibraries())  # the PDF is laid out in a thread of this process
    out = tmp_path / "out"
    argv = ["report", "--year", "2021", "--out", str(out), "--formats", "pdf", "--jobs", "1"]
    with caplog.at_level(logging.DEBUG if verbose else logging.INFO, logger="jzanalysis"):
        assert main(["-v", *argv] if verbose else argv) == 1
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and "\n" not in errors[0], errors
    assert errors[0].startswith("pdf failed: ImportError: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34' "
                                "not found"), errors
    assert errors[0].endswith(f"{out / '2021'} keeps the last good report (run with -v for details)")
    # the traceback only with -v
    assert ("Traceback (most recent call last)" in caplog.text) is verbose
    assert not (out / "2021").exists()


# ------------------------------------------------- 6. no machine paths, 7. reproducible bytes (slow)
EPOCH = "1735689600"  # 2025-01-01T00:00:00Z
CHECKOUT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory):
    """Two runs of `jzanalysis report --formats html,pdf` with SOURCE_DATE_EPOCH, from two folders, each
    with its own copy of the example actuals given by a relative path."""
    import shutil

    runs = []
    for name in ("first", "second"):
        home = tmp_path_factory.mktemp(name)
        shutil.copyfile(CHECKOUT / "examples" / "actuals_example.csv", home / "actuals.csv")
        env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
        r = subprocess.run([sys.executable, "-m", "jzanalysis", "report", "--actuals", "actuals.csv", "--out",
                            "out", "--formats", "html,pdf"], cwd=home, env=env, capture_output=True, text=True,
                           timeout=1200)
        assert r.returncode == 0, r.stderr[-3000:]
        runs.append((home, home / "out" / "2023"))  # 2023: the latest year of the example actuals
    return runs


def _published(folder: Path) -> dict[str, bytes]:
    """Every published file's bytes by relative path; an .xlsx also by member (``x.xlsx!xl/...``)."""
    import zipfile

    files = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            rel = str(p.relative_to(folder))
            files[rel] = p.read_bytes()
            if p.suffix == ".xlsx":
                with zipfile.ZipFile(p) as z:
                    files.update({f"{rel}!{m}": z.read(m) for m in z.namelist()})
            if p.suffix == ".pdf":  # its objects, links and metadata are in compressed streams
                files[f"{rel}!streams"] = _pdf_streams(files[rel])
    return files


def _pdf_streams(data: bytes) -> bytes:
    from visible import pdf_streams

    return pdf_streams(data)


@pytest.mark.slow
def test_published_report_has_no_absolute_path_of_the_machine(two_reports):
    home, report = two_reports[0]
    files = _published(report)
    assert {"index.html", "data/inputs.json", "notebooks/02_indicators.ipynb", "report-2023.pdf",
            "report-2023.pdf!streams", "downloads/results.xlsx!docProps/core.xml"} <= set(files)
    machine = {str(home), str(home.resolve()), str(CHECKOUT), "/tmp/", str(Path.home()) + "/",
               str(Path(__import__("tempfile").gettempdir())) + "/", str(report.parent / ".build")}
    leaks = sorted(f"{name}: {m}" for name, data in files.items() for m in machine if m.encode() in data)
    assert leaks == [], leaks
    import json

    manifest = json.loads(files["data/inputs.json"])
    # inputs named by their file name (they are outside OUT), with their SHA-256
    assert manifest["parameters"]["actuals"] == "actuals.csv" and manifest["parameters"]["plan"] == ""
    assert [r["path"] for r in manifest["inputs"]][:2] == ["jinzhong_14th_fyp_public_services_2021_2025.txt",
                                                          "actuals.csv"]
    nb = json.loads(files["notebooks/01_overview.ipynb"])
    pm = nb["metadata"]["papermill"]
    assert (pm["input_path"], pm["output_path"]) == ("01_overview.ipynb", "notebooks/01_overview.ipynb")
    assert pm["parameters"]["actuals"] == "../.inputs/actuals/actuals.csv"
    assert not {"start_time", "end_time", "duration"} & set(pm)


@pytest.mark.slow
def test_source_date_epoch_gives_byte_identical_reports(two_reports):
    import hashlib

    (_, a), (_, b) = two_reports
    fa, fb = _published(a), _published(b)
    assert sorted(fa) == sorted(fb)
    differ = sorted(k for k in fa if hashlib.sha256(fa[k]).digest() != hashlib.sha256(fb[k]).digest())
    assert differ == [], f"files that differ between two runs: {differ}"
    # the time stamps are the epoch: 2025-01-01T00:00:00Z = 08:00 Beijing time
    import json

    assert json.loads(fa["data/inputs.json"])["made"] == "2025-01-01T08:00:00+08:00"
    assert b"<dcterms:created xsi:type=\"dcterms:W3CDTF\">2025-01-01T00:00:00Z" in fa[
        "downloads/results.xlsx!docProps/core.xml"]
    info = fa["report-2023.pdf"] + fa["report-2023.pdf!streams"]  # Typst: the Info dictionary is not in a stream
    assert b"/CreationDate(D:20250101000000Z)" in info and b"/ModDate(D:20250101000000Z)" in info


# --------------------------------------------------------------------------- the PDF is bounded
def test_the_pdf_lists_are_bounded_whatever_the_plan():
    """A plan with tens of thousands of prose targets must not make the yearly PDF run for ever: every
    list of the PDF holds at most PDF_ROWS_MAX rows and the PDF says how many it leaves out; the pages and
    the downloads keep them all. Here the bundled plan's prose targets are repeated to 1,000 rows."""
    import jzanalysis
    from jzanalysis.publish import pages

    a = jzanalysis.analyse()
    ctx = pages.build_context(a, lang="zh", year=2021, illustrative=False)
    prose = ctx["prose_groups"][0]["rows"]
    n = len(prose)
    many = (prose * (1000 // n + 1))[:1000]
    ctx = {**ctx, "prose_groups": [{**ctx["prose_groups"][0], "rows": many}]}
    cut = pages.pdf_bounded(ctx, limit=300)
    assert sum(len(g["rows"]) for g in cut["prose_groups"]) == 300
    # 31 table indicators fit; 1,000 - 300 = 700 prose rows are left out and counted
    assert sum(len(g["rows"]) for g in cut["groups"]) == 31
    assert cut["pdf_omitted"] == "本PDF每个列表最多列300项，共有700项未列入，完整内容见网页和下载表格（results.xlsx）。"
    model = pages.pdf_model(ctx)
    assert model["omitted"] == cut["pdf_omitted"] and len(model["prose"]) == 300
    assert pages.pdf_bounded({**ctx, "prose_groups": [{"rows": prose}]})["pdf_omitted"] == ""


def test_a_folded_line_names_at_most_thirty_targets():
    from jzanalysis.publish import sections

    rows = [{"name": f"目标{i}", "target_unit": "—", "category_key": "第一章", "has_data": False} for i in range(100)]
    (g,) = sections.final_prose.final_prose(rows, "zh")
    # 100 targets without data: 30 named, the other 100 - 30 = 70 counted
    assert g["folded"].startswith("100项正文目标未填报实际值：目标0、目标1、") and g["folded"].endswith("目标29、等70项")


def _never_done(job):  # a PDF layout that does not end (a pathological input); runs in the layout thread
    import time

    time.sleep(120)


@pytest.mark.slow
def test_a_pdf_layout_past_the_timeout_is_one_line_and_exit_1(tmp_path, monkeypatch, caplog):
    """--timeout bounds the PDF layout as well as each notebook cell: past it the run stops its workers,
    says so in one line and exits 1, and OUT/YEAR is not published (nor hangs the yearly job: the layout
    thread is a daemon)."""
    import logging
    import time

    from jzanalysis.publish import outputs, runner

    monkeypatch.setattr(runner, "NOTEBOOK_DIR", _tiny_notebooks(tmp_path / "notebooks"))
    monkeypatch.setattr(outputs, "write_pdf", _never_done)  # looked up by the layout thread
    out = tmp_path / "out"
    t0 = time.monotonic()
    with caplog.at_level(logging.INFO, logger="jzanalysis"):
        assert main(["report", "--year", "2021", "--out", str(out), "--formats", "pdf", "--jobs", "1",
                     "--timeout", "5"]) == 1
    assert time.monotonic() - t0 < 100  # stopped at the timeout, never the 120 s the layout would take
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [f"pdf: not laid out within 5 s (--timeout); {out / '2021'} keeps the last good report"]
    assert not (out / "2021").exists()


@pytest.mark.slow
def test_a_second_report_in_one_process_after_typst_was_used_does_not_hang(tmp_path, monkeypatch):
    """Typst lays out on a Rust (rayon) thread pool: a forked child of a process that has used Typst waits
    forever for threads it does not have. The PDF is laid out in the report process itself, so a second
    report in one Python session (a researcher's, a test run) works; before, it hung until --timeout."""
    from jzanalysis.publish import pages, render, runner

    monkeypatch.setattr(runner, "NOTEBOOK_DIR", _tiny_notebooks(tmp_path / "notebooks"))
    first = tmp_path / "first"
    first.mkdir()
    import jzanalysis

    ctx = pages.build_context(jzanalysis.analyse(), lang="zh", year=2021, illustrative=False)
    assert render.write_pdf(pages.pdf_model(ctx), first / "r.pdf", root=first).stat().st_size > 0  # Typst used here
    out = tmp_path / "out"
    assert main(["report", "--year", "2021", "--out", str(out), "--formats", "pdf", "--jobs", "1",
                 "--timeout", "60"]) == 0
    assert (out / "2021" / "report-2021.pdf").stat().st_size > 0
