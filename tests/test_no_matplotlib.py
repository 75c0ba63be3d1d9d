"""One chart renderer: the charts are SVG (jzanalysis.publish.svgchart), the report needs no matplotlib.

matplotlib and seaborn are in the ``[lab]`` extra only (researchers' own charts in JupyterLab): not in
the core dependencies nor in ``requirements.lock`` (what the scheduled report installs), and a whole
report runs in a Python that refuses to import them, in the report process and in its notebook kernels.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import EXAMPLE_ACTUALS, YEAR

REPO = Path(__file__).resolve().parent.parent
PLOTTING = {"matplotlib", "seaborn"}

#: sitecustomize.py of a Python without matplotlib and seaborn (as a core install): every process notes
#: that it started (and whether it is a notebook kernel), and any import of them fails, noted too.
BLOCKER = r'''
import os, sys

_LOG = os.environ["JZ_BLOCK_LOG"]
_KERNEL = any("ipykernel" in a for a in sys.orig_argv)  # sys.argv is not set yet
with open(_LOG, "a", encoding="utf-8") as fh:
    fh.write(f"start {os.getpid()} {'kernel' if _KERNEL else 'python'}\n")


class _NoPlotting:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("matplotlib", "seaborn"):
            with open(_LOG, "a", encoding="utf-8") as fh:
                fh.write(f"import {os.getpid()} {name}\n")
            raise ModuleNotFoundError(f"No module named {name!r} (not in the core install)", name=name)
        return None


sys.meta_path.insert(0, _NoPlotting())
'''

REPORT = """
import sys
from jzanalysis.cli import main
code = main(["report", "--out", sys.argv[1], "--year", sys.argv[2], "--actuals", sys.argv[3],
             "--formats", "html,pdf"])
print("status", code, "plotting", sorted(m for m in ("matplotlib", "seaborn") if m in sys.modules))
"""


def _pins(lock: str) -> set[str]:
    """The project names pinned in a uv lock file (``name==version``)."""
    text = (REPO / lock).read_text(encoding="utf-8")
    return {m.group(1).lower() for m in re.finditer(r"^([A-Za-z0-9_.-]+)==", text, re.MULTILINE)}


def _names(reqs: list[str]) -> set[str]:
    return {re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0].strip().lower() for r in reqs}


def test_matplotlib_and_seaborn_are_lab_extras_only():
    meta = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not _names(meta["dependencies"]) & PLOTTING
    assert not _names(meta["optional-dependencies"]["dev"]) & PLOTTING
    assert PLOTTING <= _names(meta["optional-dependencies"]["lab"])
    # the locks: core (the scheduled report) and dev (+ tests, lint) without them, lab (+ JupyterLab) with
    assert not _pins("requirements.lock") & PLOTTING
    assert not _pins("requirements-dev.lock") & PLOTTING
    assert PLOTTING <= _pins("requirements-lab.lock")
    # the report's other dependencies are all still there: ipykernel pins matplotlib-inline, not matplotlib
    assert {"pandas", "papermill", "typst", "ipykernel", "matplotlib-inline"} <= _pins("requirements.lock")


def test_plots_and_svgchart_import_no_matplotlib():
    code = ("import sys, jzanalysis.publish.plots, jzanalysis.publish.svgchart, jzanalysis.publish.fonts; "
            "print(sorted(m for m in ('matplotlib', 'seaborn') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "[]"


def test_the_matplotlib_chart_code_is_gone():
    """A chart change is made once: plots holds the charts' data, not a second drawing of them."""
    from jzanalysis.publish import plots

    for name in ("indicator_chart", "category_chart", "verdict_chart", "setup", "figure_png", "show_figure",
                 "show_indicator_chart", "MPL_MARKERS", "DPI", "LEGEND_PT"):
        assert not hasattr(plots, name), name
    for path in (REPO / "jzanalysis").rglob("*.py"):
        if path.name != "fonts.py":  # setup_matplotlib / setup_seaborn, for the [lab] path, import lazily
            assert not re.search(r"^\s*(import|from)\s+(matplotlib|seaborn)\b", path.read_text(encoding="utf-8"),
                                 re.MULTILINE), path


@pytest.mark.slow
def test_a_whole_report_runs_where_matplotlib_cannot_be_imported(tmp_path):
    """The monitoring report of the session's year (html and pdf) with matplotlib and seaborn refused in
    every process: exit 0, no process even asked for them, and the notebook kernels were among them."""
    if not EXAMPLE_ACTUALS.is_file():
        pytest.skip(f"{EXAMPLE_ACTUALS} missing")
    block = tmp_path / "block"
    block.mkdir()
    (block / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    log = tmp_path / "block.log"
    env = {**os.environ, "JZ_BLOCK_LOG": str(log),
           "PYTHONPATH": os.pathsep.join([str(block), str(REPO), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", REPORT, str(tmp_path / "out"), str(YEAR), str(EXAMPLE_ACTUALS)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split()[-4:] == ["status", "0", "plotting", "[]"], done.stdout + done.stderr[-3000:]
    lines = log.read_text(encoding="utf-8").splitlines()
    assert not [ln for ln in lines if ln.startswith("import ")], lines
    # the report process and its 3 notebook kernels (01_overview, 02_indicators, 03_audit) at least
    assert sum(ln.endswith(" kernel") for ln in lines) >= 3, lines
    assert (tmp_path / "out" / str(YEAR) / f"report-{YEAR}.pdf").is_file()
    assert (tmp_path / "out" / str(YEAR) / "html" / "02_indicators.html").is_file()
