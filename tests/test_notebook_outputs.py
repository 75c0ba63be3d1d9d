"""The report's notebooks show the outputs the report process made once (jzanalysis.publish.notebook).

The notebooks' code cells are replayed in a fresh Python (papermill's way: the parameters cell, then the
run's parameters, then the other cells), once with ``JZANALYSIS_PREPARED`` naming a prepared folder made
as ``jzanalysis report`` makes it (analysis pickle, charts index, ``outputs.json``) and once without it
(JupyterLab): the kernel of a report run imports neither pandas nor matplotlib nor the analysis, and
both give the same outputs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from jzanalysis import paths
from jzanalysis.publish import notebook, prepared, runner

ROOT = Path(__file__).resolve().parent.parent
NAMES = ("01_overview", "02_indicators", "03_audit")

#: Replays one notebook's code cells; prints the displayed outputs and the heavy modules imported.
REPLAY = r"""
import json, sys
import IPython.display

shown = []

def display(obj, raw=False, metadata=None):
    meta = metadata or {}
    if "jz_chart" in meta:
        shown.append(["chart", meta["jz_chart"]])
    else:
        shown.append([type(obj).__name__, obj.data])

IPython.display.display = display
job = json.loads(sys.argv[1])
if not job["draw"]:  # the charts' keys only (their bytes are compared in test_prepared.py)
    from jzanalysis.publish import prepared
    prepared.Charts.show = lambda self, key, make, *args: shown.append(["chart", key])
cells = job["cells"]
space = {}
exec(cells[0], space)  # the parameters cell
for name, value in job["parameters"].items():
    space[name] = value
for source in cells[1:]:
    exec(source, space)
heavy = [m for m in ("pandas", "matplotlib", "jzanalysis.analysis", "statsmodels", "jinja2") if m in sys.modules]
# then, as a researcher would: the analysis behind the handle (loaded now)
frame = space["analysis"].assessment
assessment = [type(frame).__name__, len(frame)]
print(json.dumps({"shown": shown, "heavy": heavy, "assessment": assessment}, ensure_ascii=False))
"""


def _cells(name: str) -> list[str]:
    nb = nbformat.read(paths.NOTEBOOKS / f"{name}.ipynb", as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in cells[0].metadata.get("tags", [])
    return [c.source for c in cells]


def replay(job: dict, prepared_dir: Path | None, draw: bool = False) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in (prepared.ENV, "JZANALYSIS_ACCEPT_IMPLAUSIBLE")}
    env["MPLBACKEND"] = "Agg"
    if prepared_dir is not None:
        env[prepared.ENV] = str(prepared_dir)
    arg = json.dumps({"cells": _cells(job["name"]), "parameters": job["parameters"], "draw": draw})
    done = subprocess.run([sys.executable, "-c", REPLAY, arg], cwd=job["cwd"], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def made_like_the_report(tmp_path: Path, **kwargs):
    """What ``jzanalysis report`` makes before its kernels read it: inputs staged, analysis pickled, the
    pages' words built, the notebooks' outputs saved; the charts index with stand-in SVGs."""
    import datetime as dt

    inputs = runner.validate(out=tmp_path / "out", **kwargs)
    build = tmp_path / "out" / ".build"
    build.mkdir(parents=True)
    where = runner.prepare(inputs, build)
    jobs = runner.notebook_jobs(inputs, build, runner.PAGES, prepared=where)
    runner.write_data(inputs, build, "2026-01-01T08:00:00+08:00")
    ctx = runner.report_context(inputs, build, list(runner.PAGES), dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    runner.save_outputs(inputs, ctx, where, jobs)
    keys = prepared.chart_keys(inputs.analysis)
    prepared.save_charts(where, {k: {"svg": f"<svg><title>{k}</title></svg>", "alt": k} for k in keys}, inputs.lang)
    return inputs, where, {j["name"]: j for j in jobs}


def test_saved_outputs_are_keyed_by_call_and_the_runs_analysis(tmp_path):
    inputs, where, jobs = made_like_the_report(tmp_path)
    data = json.loads((where / notebook.OUTPUTS_FILE).read_text(encoding="utf-8"))
    assert data["ok"] and data["key"] == prepared._key(None, None, None, False)
    out = data["outputs"]
    # bundled plan, plan-time: 9 categories of Table 1-1, 31 indicators; 01_overview shows 6 parts of the
    # report (no "changes" shown without actuals, but made all the same), 02_indicators one per indicator,
    # 03_audit one: 6 + 31 + 1 = 38 fragments; the chart notebook's lists: 9 headings, 9 id lists
    assert sum(k.startswith('["fragment"') for k in out) == 38
    assert out[notebook.call_key("categories", "")][:2] == ["幼有所育", "学有所教"]
    assert sum(len(out[notebook.call_key("indicators", c)]) for c in out[notebook.call_key("categories", "")]) == 31
    assert out[notebook.call_key("chart_ids")] == ["hospital_beds_per_1000", "physicians_per_1000"]
    assert out[notebook.call_key("monitored")] is False and out[notebook.call_key("is_final")] is False
    assert out[notebook.call_key("category_heading", "幼有所育", "zh")] == "## 幼有所育"
    # the bundled plan's text file, its underscores made inert for Markdown (plots.md_text)
    assert out[notebook.call_key("inputs_md", 2021, "zh")] == ("报告年份：**2021**；规划文本："
                                                             r"jinzhong\_14th\_fyp\_public\_services\_2021\_2025.txt；"
                                                             "实际值：无（仅规划期评估）。")


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_plan_time_kernels_import_nothing_heavy_and_show_the_same(tmp_path, name):
    _, where, jobs = made_like_the_report(tmp_path)
    fast = replay(jobs[name], where)
    assert fast["heavy"] == []  # no pandas, matplotlib, jzanalysis.analysis, statsmodels, jinja2
    alone = replay(jobs[name], None, draw=name == "02_indicators")
    assert "pandas" in alone["heavy"]  # computed for real
    assert fast["shown"] == alone["shown"]
    # analysis.assessment: the DataFrame either way (bundled plan: 31 Table 1-1 rows + 46 prose targets)
    assert fast["assessment"] == alone["assessment"] and fast["assessment"][0] == "DataFrame"
    assert fast["assessment"][1] == 31 + 46
    # 01: inputs, banner, headline, table, counts, prose, legend (no "changes" without actuals) = 7;
    # 02: inputs, banner, the per-category chart, 9 headings, 31 indicators, 2 indicator charts = 45;
    # 03: inputs, banner, the findings = 3
    assert len(fast["shown"]) == {"01_overview": 7, "02_indicators": 45, "03_audit": 3}[name]
    if name == "02_indicators":
        assert [s[1] for s in fast["shown"] if s[0] == "chart"] == \
            ["__categories__", "hospital_beds_per_1000", "physicians_per_1000"]


@pytest.mark.slow
def test_monitoring_kernels_with_last_years_assessment(tmp_path):
    """2023 example with last year's (2022) assessment: the headline and the changes table the overview
    shows are the notebook's own words (changes since 2022), taken from the report's."""
    import jzanalysis

    actuals = ROOT / "examples" / "actuals_example.csv"
    last = tmp_path / "out" / "2022" / "data" / "assessment.csv"
    last.parent.mkdir(parents=True)
    jzanalysis.analyse(actuals=actuals, as_of=2022).assessment.to_csv(last, index=False)
    inputs, where, jobs = made_like_the_report(tmp_path, actuals=actuals)
    assert inputs.year == 2023 and inputs.previous == last.resolve()
    assert jobs["01_overview"]["parameters"]["previous"] == "../.inputs/previous/assessment.csv"
    for name in NAMES:
        fast = replay(jobs[name], where)
        assert fast["heavy"] == [], name
        alone = replay(jobs[name], None)
        assert fast["shown"] == alone["shown"], name
        if name == "01_overview":  # inputs, banner, headline, changes, table, counts, prose, legend
            assert [s[0] for s in fast["shown"]] == ["Markdown"] + ["HTML"] * 7
            assert r"actuals\_example.csv（截至2023年）" in fast["shown"][0][1]
            assert "上年状态" in fast["shown"][3][1]  # the changes table: status in 2022, in 2023


def test_other_arguments_are_computed_in_the_kernel(tmp_path, monkeypatch):
    where = tmp_path / ".prepared"
    notebook._write(where, {"ok": True, "key": prepared._key(None, None, None, False),
                            "outputs": {notebook.call_key("inputs_md", 2021, "zh"): "saved"}})
    monkeypatch.setenv(prepared.ENV, str(where))
    monkeypatch.delenv("JZANALYSIS_ACCEPT_IMPLAUSIBLE", raising=False)
    made = []

    class Maker:
        def inputs_md(self, year, lang):
            made.append((year, lang))
            return "computed"

        def illustrative_banner(self, lang):
            return None

    monkeypatch.setattr(notebook, "_maker", lambda a: Maker())
    notebook._SAVED.clear()
    a = notebook.analysis()
    assert notebook.inputs_md(a, 2021, "zh") == "saved" and made == []
    assert notebook.inputs_md(a, 2021, "en") == "computed" and made == [(2021, "en")]  # another call
    other = notebook.analysis(as_of=2021, actuals=str(tmp_path / "a.csv"))  # another analysis
    assert notebook.inputs_md(other, 2021, "zh") == "computed"
    monkeypatch.delenv(prepared.ENV)  # JupyterLab
    assert notebook.inputs_md(a, 2021, "zh") == "computed"
    # the report process could not make them: told at once, the kernel computes
    monkeypatch.setenv(prepared.ENV, str(where))
    notebook._SAVED.clear()
    notebook.fail_outputs(where, "KeyError: 'x'")
    assert notebook.inputs_md(a, 2021, "zh") == "computed"
    # no file at all (the report process died before making them): waited for once, then computed
    monkeypatch.setenv(prepared.ENV, str(tmp_path))
    monkeypatch.setattr(notebook, "OUTPUTS_WAIT", 0.1)
    assert notebook.inputs_md(a, 2021, "zh") == "computed"
    monkeypatch.setattr(notebook, "OUTPUTS_WAIT", 60)

    def sleep(seconds):
        raise AssertionError("waited again")

    monkeypatch.setattr(notebook.time, "sleep", sleep)  # not waited for again
    assert notebook.inputs_md(a, 2021, "zh") == "computed" and notebook.illustrative_banner(a, "zh") is None
    assert made == [(2021, "en"), (2021, "zh"), (2021, "zh"), (2021, "zh"), (2021, "zh"), (2021, "zh")]


def test_the_analysis_handle_loads_on_first_use(monkeypatch):
    import jzanalysis

    calls = []

    class Real:
        assessment = "the frame"

    monkeypatch.delenv(prepared.ENV, raising=False)
    monkeypatch.setattr(jzanalysis, "analyse", lambda **kw: calls.append(kw) or Real())
    a = notebook.analysis(plan=None, actuals=None, as_of=None)
    assert calls == [] and "not loaded" in repr(a)
    assert a.assessment == "the frame" and a.assessment == "the frame"
    assert calls == [{"plan": None, "actuals": None, "as_of": None, "accept_implausible": None}]  # once
    with pytest.raises(AttributeError):
        getattr(a, "_private")  # noqa: B009  (no loading for private names)
