"""The yearly job as a scheduler runs it (issue 16): outputs that never clobber what is not theirs,
inputs that are bounded or refused, the office workbook read right or refused with the cell named."""

from __future__ import annotations

import os
import stat
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
