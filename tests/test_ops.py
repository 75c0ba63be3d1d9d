"""Operations: one supported Python line, the locks, packaging, the make targets and the scheduled runs
(the workflow's script, the cron wrapper, the systemd unit). Expected values are read off the files by hand:
Python 3.11 is the floor (requires-python, the lock flags, CI), the report of the session fixture is year
2023 in Chinese (tests/conftest.py)."""

from __future__ import annotations

import ast
import os
import re
import shutil
import stat
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
LOCKS = ["requirements.lock", "requirements-dev.lock", "requirements-lab.lock"]


def _pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def _name(req: str) -> str:
    """The normalised project name of a requirement string ("IPython>=8.0" -> "ipython")."""
    return re.split(r"[<>=!~;\[ ]", req, maxsplit=1)[0].strip().lower().replace("_", "-")


def _bound(req: str) -> str:
    """The version bound of a requirement string ("pandas>=2.1.1  # x" -> ">=2.1.1")."""
    m = re.search(r"(>=|==|<=|~=|>|<)\s*([0-9][^\s,;#]*)", req)
    return f"{m.group(1)}{m.group(2)}" if m else ""


def _executable(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


# ------------------------------------------------------------------------------------- Python line
def test_python_floor_is_3_11_everywhere():
    meta = _pyproject()
    assert meta["project"]["requires-python"] == ">=3.11"
    assert meta["tool"]["ruff"]["target-version"] == "py311"
    versions = {c.rsplit(":: ", 1)[1] for c in meta["project"]["classifiers"]
                if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)}
    assert versions == {"3.11", "3.12", "3.13"}
    assert meta["project"]["authors"] == [{"name": "jzanalysis contributors"}]
    assert "--python-version 3.11 " in (REPO / "Makefile").read_text(encoding="utf-8")
    for lock in LOCKS:
        header = (REPO / lock).read_text(encoding="utf-8").splitlines()[1]
        assert "--python-version 3.11 " in header, (lock, header)
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    assert "python>=3.11" in env["dependencies"]
    tests = yaml.safe_load((REPO / ".github/workflows/tests.yml").read_text(encoding="utf-8"))
    assert tests["jobs"]["test"]["strategy"]["matrix"]["python"] == ["3.11", "3.12", "3.13"]
    for wf in (REPO / ".github/workflows").glob("*.yml"):
        assert '"3.10"' not in wf.read_text(encoding="utf-8"), wf.name
    assert "find_python.sh\" 3.11" in (REPO / "scripts/test_lowest.sh").read_text(encoding="utf-8")


def _pins(lock: str) -> dict[str, list[tuple[str, str]]]:
    """{name: [(version, marker), ...]} of a uv lock file."""
    pins: dict[str, list[tuple[str, str]]] = {}
    for line in (REPO / lock).read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)(?: ; (.*?))? \\$", line)
        if m:
            pins.setdefault(m.group(1).lower(), []).append((m.group(2), m.group(3) or ""))
    return pins


@pytest.mark.parametrize("lock", LOCKS)
def test_each_lock_has_one_major_of_pandas_and_numpy_on_every_supported_python(lock):
    """The issue: pandas 2.3.3 on 3.10 and 3.1.1 on 3.11+. With the floor at 3.11 one major each."""
    pins = _pins(lock)
    assert len(pins) > 50, "the lock was read"
    for name in ("pandas", "numpy"):
        majors = {v.split(".")[0] for v, _ in pins[name]}
        assert len(majors) == 1, (lock, name, pins[name])
    for name, versions in pins.items():
        for _, marker in versions:
            assert "'3.10'" not in marker and "< '3.11'" not in marker, (lock, name, marker)


def test_nbconvert_is_not_a_dependency():
    """Nothing in the package imports nbconvert (it pulls in pandoc on conda-forge)."""
    meta = _pyproject()
    assert "nbconvert" not in {_name(r) for r in meta["project"]["dependencies"]}
    assert "nbconvert" not in _pins("requirements.lock")
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    assert not {_name(d) for d in env["dependencies"] if isinstance(d, str)} & {"nbconvert", "pandoc"}
    for py in (REPO / "jzanalysis").rglob("*.py"):
        for node in ast.walk(ast.parse(py.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                assert not any(a.name.split(".")[0] == "nbconvert" for a in node.names), py
            elif isinstance(node, ast.ImportFrom):
                assert (node.module or "").split(".")[0] != "nbconvert", py


# conda-forge names of the PyPI projects whose names differ there
CONDA_NAMES = {"matplotlib-base": "matplotlib", "seaborn-base": "seaborn", "python-build": "build"}
CONDA_ONLY = {"python", "poppler", "pip"}


def test_environment_yml_has_the_names_and_bounds_of_pyproject():
    meta = _pyproject()["project"]
    wanted = {_name(r): _bound(r) for r in meta["dependencies"]}
    for extra in ("dev", "lab"):
        wanted.update({_name(r): _bound(r) for r in meta["optional-dependencies"][extra]})
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    got = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):  # the pip: section (the package itself)
            assert dep == {"pip": ["-e ."]}
            continue
        name = _name(dep)
        if name in CONDA_ONLY:
            continue
        got[CONDA_NAMES.get(name, name)] = _bound(dep)
    assert got == wanted


# ------------------------------------------------------------------------------------------ packaging
def test_manifest_prunes_the_tests():
    lines = [ln.strip() for ln in (REPO / "MANIFEST.in").read_text(encoding="utf-8").splitlines()]
    assert "prune tests" in lines


@pytest.mark.slow
def test_sdist_ships_no_test_suite_but_what_the_wheel_needs(tmp_path):
    """setuptools adds tests/test*.py to an sdist by default; without conftest.py and tests/cases/ they
    cannot run, so the sdist ships none."""
    pytest.importorskip("build")
    res = subprocess.run([sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(tmp_path),
                          str(REPO)], capture_output=True, text=True, timeout=600, check=False)
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    (sdist,) = tmp_path.glob("jzanalysis-*.tar.gz")
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    assert not any(n == "tests" or n.startswith("tests/") for n in names), sorted(names)
    assert {"setup.py", "pyproject.toml", "LICENSE", "data/plans/jinzhong-14/indicators.yaml", "notebooks/01_overview.ipynb",
            "jzanalysis/__init__.py"} <= names


# --------------------------------------------------------------------------------------- Makefile
def _make(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    if shutil.which("make") is None:
        pytest.skip("make not installed")
    return subprocess.run(["make", "--no-print-directory", "-C", str(cwd), *args], capture_output=True,
                          text=True, timeout=60, check=False)


def _phony() -> set[str]:
    text = (REPO / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    line = next(ln for ln in text.splitlines() if ln.startswith(".PHONY:"))
    return set(line.split(":", 1)[1].split())


def test_make_help_lists_every_target_once_one_line_each():
    res = _make("-s", "help")
    assert res.returncode == 0, res.stderr
    lines = res.stdout.rstrip("\n").splitlines()
    names = [ln.split()[1] for ln in lines]
    assert all(ln.startswith("  make ") and len(ln.split()) > 2 for ln in lines), lines
    assert sorted(names) == sorted(_phony()) and len(names) == len(set(names))
    assert names[:1] == ["help"]
    assert _make("-s").stdout == res.stdout, "plain `make` shows the help"


def _stamps(venv: Path, dev: float | None, lab: float | None) -> None:
    venv.mkdir(parents=True, exist_ok=True)
    for name, when in ((".jzanalysis-installed", dev), (".jzanalysis-lab-installed", lab)):
        if when is not None:
            (venv / name).touch()
            os.utime(venv / name, (when, when))


def test_make_lab_passes_args_and_reinstalls_the_lab_lock_when_it_is_newer(tmp_path):
    venv = tmp_path / "venv"
    later = time.time() + 3600  # both stamps newer than every lock: nothing to install
    _stamps(venv, later, later)
    out = _make("-n", "lab", f"VENV={venv}", "ARGS=--port=8899 --no-browser").stdout.strip().splitlines()
    assert len(out) == 1, out
    assert out[0].startswith(f"{venv}/bin/jupyter lab --notebook-dir=.")
    assert out[0].endswith("--port=8899 --no-browser")
    # the lab lock newer than its stamp (after `make lock`): installed again, then the stamp
    _stamps(venv, later, 1_000_000_000.0)
    out = _make("-n", "lab", f"VENV={venv}").stdout
    assert f"{venv}/bin/python -m pip install -q --require-hashes -r requirements-lab.lock" in out
    assert f"touch {venv}/.jzanalysis-lab-installed" in out
    # the dev set installed again after the lab (it may have moved shared pins): the lab lock again
    _stamps(venv, later, later - 60)
    assert "-r requirements-lab.lock" in _make("-n", "lab", f"VENV={venv}").stdout


# -------------------------------------------------------------------------------- finding Pythons
def test_find_python_finds_this_interpreter_version_and_explains_a_missing_one(tmp_path):
    script = REPO / "scripts" / "find_python.sh"
    want = f"{sys.version_info.major}.{sys.version_info.minor}"
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    res = subprocess.run([str(script), want], capture_output=True, text=True, env=env, timeout=120, check=False)
    assert res.returncode == 0, res.stderr
    found = res.stdout.strip()
    ver = subprocess.run([found, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                         capture_output=True, text=True, check=True).stdout.strip()
    assert ver == want
    env.update(UV=str(tmp_path / "no-uv"), PYENV_ROOT=str(tmp_path))
    res = subprocess.run([str(script), "2.1"], capture_output=True, text=True, env=env, timeout=60, check=False)
    assert res.returncode == 1 and res.stdout == ""
    assert res.stderr.startswith("no Python 2.1 found; looked at: python2.1 on PATH;"), res.stderr


def test_ci_runs_pre_commit_both_pythons_and_the_wheel():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "pre-commit run --all-files" in ci
    assert "find_python.sh 3.11" in ci and "find_python.sh 3.13" in ci
    assert "make test-wheel" in ci and "SKIPPED" in ci
    hook = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = {h["id"]: h["entry"] for r in hook["repos"] for h in r["hooks"]}
    assert entries["nbstripout"].endswith("nbstripout --keep-id")


# --------------------------------------------------------------------- the GitHub yearly workflow
ANNUAL = REPO / "scripts" / "annual_report.sh"

STUB_REPORT = """#!/bin/sh
# stands in for jzanalysis: records its arguments, writes OUT/YEAR/, logs like the report, exits STUB_EXIT
printf '%s\\n' "$@" > "$STUB_ARGS"
out=; year=${STUB_YEAR:-2023}
while [ $# -gt 0 ]; do
  case $1 in --out) out=$2; shift ;; --year) [ -n "${STUB_YEAR:-}" ] || year=$2; shift ;; esac
  shift
done
[ "${STUB_EXIT:-0}" = 0 ] || { echo "2026-03-01 ERROR jzanalysis.report: report failed" >&2; exit "$STUB_EXIT"; }
mkdir -p "$out/$year/data"
echo "2026-03-01 09:17:00,000 INFO jzanalysis.report: report $year -> $out/$year (formats html,pdf)" >&2
echo "2026-03-01 09:18:00,000 INFO jzanalysis.report: report $year written to $out/$year in 61.0 s" >&2
"""


def _run_annual(tmp_path: Path, **env) -> tuple[subprocess.CompletedProcess, list[str], str]:
    stub = _executable(tmp_path / "jzanalysis-stub", STUB_REPORT)
    args_file, gh_out = tmp_path / "args.txt", tmp_path / "github_output"
    args_file.unlink(missing_ok=True)
    gh_out.unlink(missing_ok=True)
    full = {k: v for k, v in os.environ.items() if k not in ("YEAR", "ACTUALS", "PREVIOUS", "REPORT_LANG")}
    full.update(JZANALYSIS=str(stub), STUB_ARGS=str(args_file), GITHUB_OUTPUT=str(gh_out), **env)
    res = subprocess.run([str(ANNUAL), "run", str(tmp_path / "outputs")], capture_output=True, text=True,
                         env=full, stdin=subprocess.DEVNULL, timeout=60, check=False)
    args = args_file.read_text(encoding="utf-8").splitlines() if args_file.exists() else []
    return res, args, gh_out.read_text(encoding="utf-8") if gh_out.exists() else ""


def test_annual_run_names_the_folder_the_report_wrote_not_the_newest(tmp_path):
    (tmp_path / "outputs" / "2030").mkdir(parents=True)  # what `ls -d outputs/20* | tail -n 1` picked
    res, args, gh_out = _run_annual(tmp_path, ACTUALS="data/my actuals.xlsx", REPORT_LANG="zh")
    assert res.returncode == 0, res.stderr
    out = tmp_path / "outputs"
    assert gh_out == f"dir={out}/2023\nyear=2023\n"
    assert f"dir={out}/2023" in res.stdout.splitlines()
    # a path with a space stays one argument; no --year: the report's own default
    assert args == ["report", "--out", str(out), "--jobs", "2", "--lang", "zh", "--actuals", "data/my actuals.xlsx"]
    assert "report 2023 written to" in res.stderr, "the report's log still shows"


def test_annual_run_passes_the_year_and_refuses_another_one(tmp_path):
    res, args, gh_out = _run_annual(tmp_path, YEAR="2024", REPORT_LANG="en", PREVIOUS="prev.csv")
    assert res.returncode == 0, res.stderr
    assert args[-6:] == ["--lang", "en", "--year", "2024", "--previous", "prev.csv"]
    assert gh_out.endswith("year=2024\n")
    res, _, gh_out = _run_annual(tmp_path, YEAR="2024", STUB_YEAR="2023")
    assert res.returncode == 1 and gh_out == ""
    assert "asked for year 2024, the report wrote 2023" in res.stderr


@pytest.mark.parametrize("status", [1, 2])
def test_annual_run_fails_with_the_report_status(tmp_path, status):
    res, _, gh_out = _run_annual(tmp_path, STUB_EXIT=str(status))
    assert res.returncode == status and gh_out == ""
    assert f"jzanalysis report exited with {status}" in res.stderr


def test_annual_check_refuses_a_folder_without_the_pdf(tmp_path):
    (tmp_path / "2023").mkdir()
    res = subprocess.run([str(ANNUAL), "check", str(tmp_path / "2023")], capture_output=True, text=True,
                         timeout=60, check=False)
    assert res.returncode == 1 and "report-2023.pdf: missing or empty" in res.stderr


@pytest.mark.slow
def test_the_report_log_names_the_year_the_workflow_reads(report, tmp_path):
    """The line `run` reads ("report YEAR written to DIR") is the one the report logs."""
    assert report["status"] == 0
    log = tmp_path / "report.log"
    log.write_text(report["log"], encoding="utf-8")
    res = subprocess.run([str(ANNUAL), "year-from-log", str(log)], capture_output=True, text=True, check=True)
    assert res.stdout.strip() == "2023"


def _check(directory: Path, lang: str) -> subprocess.CompletedProcess:
    for tool in ("pdfinfo", "pdffonts", "pdftotext"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} (poppler-utils) not installed")
    env = dict(os.environ, REPORT_LANG=lang)
    return subprocess.run([str(ANNUAL), "check", str(directory)], capture_output=True, text=True, env=env,
                          timeout=120, check=False)


@pytest.mark.slow
def test_annual_check_passes_on_a_freshly_built_report(report):
    """The workflow's "Check the PDF" step on the session's report (year 2023, Chinese, html + pdf)."""
    assert report["status"] == 0
    res = _check(report["dir"], "zh")
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr
    last = res.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"annual_report: .*report-2023\.pdf: \d+ A4 pages, \d+ fonts all embedded, "
                        r"title words found \(zh\)", last), last


@pytest.mark.slow
def test_annual_check_fails_when_the_title_is_not_there(report):
    """Not a check that always passes: the Chinese report lacks the English title words."""
    res = _check(report["dir"], "en")
    assert res.returncode == 1
    assert "title words 'Jinzhong' (en) are not in the text" in res.stderr


def test_annual_workflow_calls_the_script_off_the_hour_with_current_actions():
    text = (REPO / ".github/workflows/annual-report.yml").read_text(encoding="utf-8")
    wf = yaml.safe_load(text)
    runs = [s.get("run", "") for s in wf["jobs"]["report"]["steps"]]
    assert "scripts/annual_report.sh run outputs" in runs
    assert any(r.startswith("scripts/annual_report.sh check ") for r in runs)
    assert "ls -d" not in text and "监测评估报告" not in text
    schedule = wf[True]["schedule"] if True in wf else wf["on"]["schedule"]  # YAML 1.1 reads `on` as True
    minute = schedule[0]["cron"].split()[0]
    assert minute.isdigit() and int(minute) not in (0, 30), schedule
    # the current major versions (checked December 2026)
    current = {"actions/checkout": 7, "actions/setup-python": 7, "actions/upload-artifact": 7}
    for wf_file in (REPO / ".github/workflows").glob("*.yml"):
        for action, major in re.findall(r"uses: ([\w-]+/[\w-]+)@v(\d+)", wf_file.read_text(encoding="utf-8")):
            assert int(major) >= current[action], (wf_file.name, action, major)
    for doc in (".github/workflows/annual-report.yml", "deploy/README.md", "docs/reports.md"):
        body = (REPO / doc).read_text(encoding="utf-8")
        assert "60 days" in body and "gh workflow enable" in body, doc


# ---------------------------------------------------------------------------------------------- cron
WRAPPER = REPO / "deploy" / "run-report.sh"


def _wrapper(tmp_path: Path, status: int, settings: str | None = None, **env):
    """Run deploy/run-report.sh with a jzanalysis that exits `status` and a logger that keeps its lines."""
    bindir = tmp_path / "bin"
    bindir.mkdir(exist_ok=True)
    args_file, logged = tmp_path / "args.txt", tmp_path / "logged.txt"
    stub = _executable(bindir / "jzanalysis", f"""#!/bin/sh
printf '%s\\n' "$@" > {args_file}
echo "2026-03-01 INFO jzanalysis.report: report 2023 -> somewhere"
echo "2026-03-01 ERROR jzanalysis.report: a line on stderr" >&2
exit {status}
""")
    _executable(bindir / "logger", f"""#!/bin/sh
echo "logger $*" >> {logged}
[ $# -gt 2 ] || cat >> {logged}
""")
    conf = tmp_path / "default"
    if settings is not None:
        conf.write_text(settings, encoding="utf-8")
    full = {k: v for k, v in os.environ.items() if not k.startswith("JZ")}
    full.update(PATH=f"{bindir}{os.pathsep}{os.environ['PATH']}", JZ_HOME=str(tmp_path), JZANALYSIS=str(stub),
                JZ_SETTINGS=str(conf), **env)
    res = subprocess.run(["/bin/sh", "-c", str(WRAPPER)], capture_output=True, text=True, env=full,
                         stdin=subprocess.DEVNULL, timeout=60, check=False)
    return (res, args_file.read_text(encoding="utf-8").splitlines() if args_file.exists() else [],
            logged.read_text(encoding="utf-8") if logged.exists() else "")


@pytest.mark.parametrize("status", [0, 1, 2])
def test_cron_wrapper_exits_with_the_report_status(tmp_path, status):
    """Run from cron's /bin/sh: the old `... | logger` line exited 0 whatever the report did."""
    res, args, logged = _wrapper(tmp_path, status)
    assert res.returncode == status
    assert args == ["report", "--out", f"{tmp_path}/outputs", "--jobs", "2"]
    assert "logger -t jzanalysis-report\n" in logged
    assert "report 2023 -> somewhere" in logged and "a line on stderr" in logged, "stdout and stderr logged"
    if status:
        msg = f"yearly report FAILED with exit status {status}"
        assert msg in res.stderr, "one line for cron's mail"
        assert f"logger -t jzanalysis-report -p user.err {msg}" in logged
    else:
        assert res.stdout == res.stderr == "", "nothing for cron to mail"


def test_cron_wrapper_reads_the_service_settings_without_running_them(tmp_path):
    settings = ('# comment\nJZ_OUT=/srv/jz out\nJZ_REPORT_ARGS="--actuals /srv/a.xlsx --lang en"\n'
                "EVIL=$(touch /tmp/should-not-exist)\n")
    _, args, _ = _wrapper(tmp_path, 0, settings)
    assert args == ["report", "--out", "/srv/jz out", "--jobs", "2", "--actuals", "/srv/a.xlsx", "--lang", "en"]
    # the environment (a line of the cron file) wins over the file
    _, args, _ = _wrapper(tmp_path, 0, settings, JZ_REPORT_ARGS="--year 2022")
    assert args[-2:] == ["--year", "2022"] and args[2] == "/srv/jz out"


def test_cron_file_runs_the_wrapper_with_a_mail_option():
    lines = [ln for ln in (REPO / "deploy/jzanalysis-report.cron").read_text(encoding="utf-8").splitlines()
             if ln and not ln.startswith("#")]
    job = [ln for ln in lines if re.match(r"^[0-9*]", ln)]
    assert job == ["30 6 1 3 * jzanalysis /opt/jzanalysis/run-report.sh"]
    assert "MAILTO=" in lines
    assert os.access(WRAPPER, os.X_OK) and WRAPPER.read_text(encoding="utf-8").startswith("#!/usr/bin/env bash")


# ------------------------------------------------------------------------------------------- systemd
UNIT = REPO / "deploy" / "jzanalysis-report.service"


def _unit_values(path: Path, key: str) -> list[str]:
    return [ln.split("=", 1)[1] for ln in path.read_text(encoding="utf-8").splitlines() if ln.startswith(f"{key}=")]


def test_unit_output_folder_agrees_with_its_write_access():
    """ReadWritePaths= cannot use $JZ_OUT: the default JZ_OUT, the settings file and the one writable
    folder must name the same path."""
    out = "/opt/jzanalysis/outputs"
    assert _unit_values(UNIT, "ReadWritePaths") == [out]
    assert f"Environment=JZ_OUT={out}" in UNIT.read_text(encoding="utf-8")
    assert _unit_values(REPO / "deploy/jzanalysis-report.env", "JZ_OUT") == [out]
    assert _unit_values(UNIT, "ProtectSystem") == ["strict"]
    (failure,) = _unit_values(UNIT, "OnFailure")
    assert failure == "jzanalysis-report-failure@%N.service"
    assert (REPO / "deploy" / "jzanalysis-report-failure@.service").is_file()


def test_unit_security_exposure_is_at_most_4(tmp_path):
    tool = shutil.which("systemd-analyze")
    if tool is None:
        pytest.skip("systemd-analyze not installed")
    unit = tmp_path / UNIT.name
    shutil.copyfile(UNIT, unit)
    # --threshold is on systemd's internal 0-100 scale: 40 is the printed exposure 4.0
    res = subprocess.run([tool, "security", "--offline=true", "--threshold=40", "--no-pager", str(unit)],
                         capture_output=True, text=True, timeout=120, check=False)
    m = re.search(r"Overall exposure level for jzanalysis-report\.service: (\d+\.\d)", res.stdout + res.stderr)
    assert m, res.stdout[-2000:] + res.stderr
    assert float(m.group(1)) <= 4.0 and res.returncode == 0, res.stdout[-3000:]


def test_failure_template_is_a_valid_unit(tmp_path):
    tool = shutil.which("systemd-analyze")
    if tool is None:
        pytest.skip("systemd-analyze not installed")
    unit = tmp_path / "jzanalysis-report-failure@jzanalysis-report.service"
    shutil.copyfile(REPO / "deploy" / "jzanalysis-report-failure@.service", unit)
    res = subprocess.run([tool, "verify", "--man=no", str(unit)], capture_output=True, text=True, timeout=120,
                         check=False)
    assert res.returncode == 0 and res.stderr.strip() == "", res.stderr
