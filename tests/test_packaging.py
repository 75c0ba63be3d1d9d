"""Installable anywhere: the wheel carries its inputs, paths resolve, the command follows conventions."""

from __future__ import annotations

import glob
import logging
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from jzanalysis import __version__, paths

REPO = Path(__file__).resolve().parent.parent


def _repo_inputs() -> dict[str, Path]:
    """The repository files the wheel must carry, by their path inside ``jzanalysis/_bundle/``."""
    out = {}
    for pattern in paths.BUNDLED:
        for f in sorted(glob.glob(str(REPO / pattern))):
            if Path(f).is_file():
                out[Path(f).relative_to(REPO).as_posix()] = Path(f)
    return out


def test_bundled_list_is_the_same_in_setup_py_and_paths():
    import ast

    tree = ast.parse((REPO / "setup.py").read_text(encoding="utf-8"))
    found = [ast.literal_eval(n.value) for n in tree.body
             if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "BUNDLED"]
    assert found == [paths.BUNDLED]
    names = set(_repo_inputs())
    # the plan text, the census CSV, both metadata files and the three notebooks at least
    plan = "data/plans/jinzhong-14/"
    assert {plan + "plan.yaml", plan + "indicators.yaml", plan + "narrative_series.yaml",
            plan + "raw/population.csv", plan + "raw/benchmarks.csv", plan + "raw/PROVENANCE.md",
            plan + "raw/jinzhong_14th_fyp_public_services_2021_2025.txt", "notebooks/01_overview.ipynb",
            "notebooks/02_indicators.ipynb", "notebooks/03_audit.ipynb"} <= names


@pytest.mark.slow
def test_built_wheel_carries_identical_copies_of_the_inputs(tmp_path):
    """sdist -> wheel (as `python -m build`): every bundled file byte-identical to the repository's."""
    pytest.importorskip("build")
    res = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(tmp_path), str(REPO)],
                         capture_output=True, text=True, timeout=600, check=False)
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    (whl,) = tmp_path.glob("jzanalysis-*.whl")
    assert whl.name.startswith(f"jzanalysis-{__version__}-")
    with zipfile.ZipFile(whl) as z:
        names = set(z.namelist())
        bundled = {n.removeprefix("jzanalysis/_bundle/") for n in names if n.startswith("jzanalysis/_bundle/")}
        assert bundled == set(_repo_inputs())
        for rel, src in _repo_inputs().items():
            assert z.read(f"jzanalysis/_bundle/{rel}") == src.read_bytes(), rel
        meta = z.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: MIT" in meta
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert not any(n.startswith(("data/", "notebooks/", "tests/")) for n in names)


def test_inputs_found_in_the_checkout():
    assert paths.ROOT_KIND in ("checkout", "JZANALYSIS_ROOT")
    for p in (paths.PLAN_CONFIG, paths.PLAN_TEXT, paths.CENSUS, paths.INDICATOR_META, paths.NARRATIVE_META,
              paths.BENCHMARKS):
        assert p.is_file(), p
    assert paths.DEFAULT_PLAN == paths.DATA / "plans" / "jinzhong-14"
    # outputs are relative: they land in the folder the command runs in, never in the package
    assert not paths.PROCESSED.is_absolute() and not paths.OUTPUTS.is_absolute()


def test_inputs_found_in_an_installed_bundle(tmp_path):
    """A copy of the package with ``_bundle`` and no checkout around it reads the bundle."""
    import shutil

    pkg = tmp_path / "site" / "jzanalysis"
    shutil.copytree(REPO / "jzanalysis", pkg, ignore=shutil.ignore_patterns("__pycache__"))
    for rel, src in _repo_inputs().items():
        (pkg / "_bundle" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, pkg / "_bundle" / rel)
    env = {k: v for k, v in os.environ.items() if k != "JZANALYSIS_ROOT"}
    env["PYTHONPATH"] = str(tmp_path / "site")
    code = "from jzanalysis import paths; print(paths.ROOT_KIND, paths.PLAN_TEXT.is_file(), paths.NOTEBOOKS)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path,
                         check=True).stdout.split()
    assert out == ["package", "True", str(pkg / "_bundle" / "notebooks")]


def test_missing_inputs_say_what_is_wrong(tmp_path):
    """No bundle and no checkout: the error names the missing file and the two remedies."""
    import shutil

    pkg = tmp_path / "site" / "jzanalysis"
    shutil.copytree(REPO / "jzanalysis", pkg, ignore=shutil.ignore_patterns("__pycache__"))
    env = {k: v for k, v in os.environ.items() if k != "JZANALYSIS_ROOT"}
    env["PYTHONPATH"] = str(tmp_path / "site")
    res = subprocess.run([sys.executable, "-m", "jzanalysis", "assess"], capture_output=True, text=True,
                         env=env, cwd=tmp_path, check=False)
    assert res.returncode == 2
    err = res.stderr.strip().splitlines()[-1]
    assert "plan.yaml" in err and "bundled input missing" in err and "JZANALYSIS_ROOT" in err, err


def test_resolve_input_launch_folder_then_project_root(tmp_path, monkeypatch):
    rel = "examples/actuals_example.csv"
    monkeypatch.delenv("JZANALYSIS_LAUNCH_DIR", raising=False)
    # JupyterLab: the kernel runs in notebooks/; the README's relative path is found at the project root
    monkeypatch.chdir(REPO / "notebooks")
    assert paths.resolve_input(rel) == (REPO / rel).resolve()
    # papermill / jzanalysis report: the folder the user launched from comes first
    (tmp_path / "examples").mkdir()
    (tmp_path / rel).write_text("id,year,value\n", encoding="utf-8")
    monkeypatch.setenv("JZANALYSIS_LAUNCH_DIR", str(tmp_path))
    assert paths.resolve_input(rel) == (tmp_path / rel).resolve()
    # nowhere: the path under the launch folder, so that "file not found" names it
    assert paths.resolve_input("nope.csv") == tmp_path / "nope.csv"
    assert paths.resolve_input("") is None and paths.resolve_input(None) is None
    assert paths.resolve_input(str(tmp_path / rel)) == tmp_path / rel


def test_version_is_defined_once(capsys):
    from jzanalysis.cli import main

    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"jzanalysis {__version__}"
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in text and "\nversion =" not in text.split("[tool.setuptools.dynamic]")[0]


SUBCOMMANDS = ["parse", "assess", "audit", "changes", "report", "template"]


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_every_subcommand_help_has_a_description_and_an_example(name, capsys):
    from jzanalysis.cli import main

    with pytest.raises(SystemExit):
        main([name, "--help"])
    out = capsys.readouterr().out
    assert "examples:" in out and f"jzanalysis {name}" in out.split("examples:")[1]
    description = out.split("\n\n")[1]
    assert len(description) > 40 and "`" not in out


def test_top_level_help_has_no_rest_markup(capsys):
    from jzanalysis.cli import main

    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "``" not in out and "template" in out and "examples:" in out


def test_verbose_after_the_subcommand():
    from jzanalysis.cli import build_parser

    p = build_parser()
    assert p.parse_args(["audit", "-v"]).verbose is True
    assert p.parse_args(["-v", "audit"]).verbose is True
    assert p.parse_args(["audit"]).verbose is False


def test_cli_logging_leaves_the_library_logger_alone(tmp_path):
    """After main(), the library logger keeps propagating and has no handler of the CLI's."""
    from jzanalysis.cli import main

    lib = logging.getLogger("jzanalysis")
    before = list(lib.handlers)
    assert main(["audit", "--format", "csv", "--out", str(tmp_path / "audit.csv")]) == 0
    assert lib.propagate is True and lib.handlers == before


def test_cli_works_from_any_folder(tmp_path):
    """The command run from an unrelated folder: inputs from the package, outputs in that folder."""
    res = subprocess.run([sys.executable, "-m", "jzanalysis", "parse", "-q"], capture_output=True, text=True,
                         cwd=tmp_path, check=False)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "data" / "processed" / "indicators.csv").is_file()
    # Table 1-1 has 31 indicators: header + 31 lines
    assert len((tmp_path / "data" / "processed" / "indicators.csv").read_text(encoding="utf-8").splitlines()) == 32


def test_notebook_pairs_are_in_sync():
    """Every notebooks/*.ipynb has a py:percent pair (jupytext.toml) with the same cells and tags."""
    jupytext = pytest.importorskip("jupytext")
    notebooks = sorted((REPO / "notebooks").glob("*.ipynb"))
    assert notebooks
    for nb_path in notebooks:
        pair = nb_path.with_suffix(".py")
        assert pair.is_file(), f"{pair.name} missing: run `make notebooks-sync`"
        a, b = jupytext.read(nb_path), jupytext.read(pair)
        cells_a = [(c.cell_type, c.source.strip(), c.metadata.get("tags", [])) for c in a.cells]
        cells_b = [(c.cell_type, c.source.strip(), c.metadata.get("tags", [])) for c in b.cells]
        assert cells_a == cells_b, f"{nb_path.name} and {pair.name} differ: run `make notebooks-sync`"


def test_license_and_spdx():
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'license = "MIT"' in text and 'requires = ["setuptools>=77"]' in text
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_cjk_font_comes_from_the_system_or_the_named_file(monkeypatch, tmp_path):
    pytest.importorskip("fontTools")
    from jzanalysis.errors import InputError
    from jzanalysis.publish import fonts

    monkeypatch.setenv("JZANALYSIS_CJK_FONT", str(tmp_path / "none.otf"))
    with pytest.raises(InputError, match="JZANALYSIS_CJK_FONT: font file not found"):
        fonts.find_font()
    monkeypatch.delenv("JZANALYSIS_CJK_FONT")
    path, how = fonts.find_font()
    assert how in ("fontconfig", "system", "mplfonts")
    # Debian's collection: JP, KR, SC, TC, HK faces; the SC face is the third (index 2)
    if path.name == "NotoSansCJK-Regular.ttc":
        assert fonts._sc_face(path) == 2
        assert fonts.font_path().name.startswith("NotoSansCJK-Regular-2-")
