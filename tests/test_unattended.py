"""The yearly job as a scheduler runs it (issue 16): outputs that never clobber what is not theirs,
inputs that are bounded or refused, the office workbook read right or refused with the cell named."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading

import pytest

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
    r = _cli([a.format(p=p, tmp=out) for a in args])
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
