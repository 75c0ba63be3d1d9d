"""What a report run makes once for its notebooks (jzanalysis.publish.prepared): the analysis and the charts.

The kernels take the run's analysis only when their own arguments would give the same one; the charts
drawn once by the report are the texts the chart notebook would draw itself.
"""

from __future__ import annotations

import json

import pytest

from jzanalysis.publish import prepared


@pytest.fixture
def computed(monkeypatch):
    """``jzanalysis.analyse`` replaced by a stub that says it was called, with its arguments."""
    import jzanalysis

    def stub(**kwargs):
        return {"computed": kwargs}

    monkeypatch.setattr(jzanalysis, "analyse", stub)
    monkeypatch.delenv("JZANALYSIS_ACCEPT_IMPLAUSIBLE", raising=False)
    return stub


def _save(tmp_path, monkeypatch, **kwargs):
    where = tmp_path / ".prepared"
    prepared.save_analysis(where, {"saved": 1}, **kwargs)
    monkeypatch.setenv(prepared.ENV, str(where))
    return where


def test_the_runs_analysis_is_taken_when_the_arguments_match(tmp_path, monkeypatch, computed):
    actuals = tmp_path / "actuals.csv"
    actuals.write_text("id,year,value\n", encoding="utf-8")
    _save(tmp_path, monkeypatch, plan=None, actuals=actuals, as_of=2023, accept_implausible=False)
    # the notebook's call: plan "" -> None, actuals as the absolute path string, as_of = year
    assert prepared.analysis(plan=None, actuals=str(actuals), as_of=2023) == {"saved": 1}
    # another year (actuals up to 2024 would be used): computed in the kernel
    assert prepared.analysis(plan=None, actuals=str(actuals), as_of=2024) == {
        "computed": {"plan": None, "actuals": str(actuals), "as_of": 2024, "accept_implausible": None}}
    # another plan file
    other = tmp_path / "plan.txt"
    other.write_text("x", encoding="utf-8")
    assert "computed" in prepared.analysis(plan=str(other), actuals=str(actuals), as_of=2023)
    # --accept-implausible reaches the kernel as JZANALYSIS_ACCEPT_IMPLAUSIBLE=1: another analysis
    monkeypatch.setenv("JZANALYSIS_ACCEPT_IMPLAUSIBLE", "1")
    assert "computed" in prepared.analysis(plan=None, actuals=str(actuals), as_of=2023)


def test_without_actuals_the_year_does_not_matter(tmp_path, monkeypatch, computed):
    # analyse() uses as_of only to cut actuals: with none, as_of=None and as_of=2021 give the same analysis
    _save(tmp_path, monkeypatch, plan=None, actuals=None, as_of=2021)
    assert prepared.analysis(plan=None, actuals=None, as_of=None) == {"saved": 1}
    assert prepared.analysis() == {"saved": 1}


def test_stand_alone_the_notebook_computes(tmp_path, monkeypatch, computed):
    _save(tmp_path, monkeypatch)
    monkeypatch.delenv(prepared.ENV)  # JupyterLab, papermill by hand
    assert prepared.analysis() == {"computed": {"plan": None, "actuals": None, "as_of": None,
                                                "accept_implausible": None}}
    monkeypatch.setenv(prepared.ENV, str(tmp_path / "gone"))  # a folder that no longer exists
    assert "computed" in prepared.analysis()


def test_chart_keys_follow_the_notebook(analysis):
    # plan-time, bundled plan: two indicators have two points (a 2015 level in the prose + the 2020
    # baseline), both in 病有所医, rows 16 and 17 of Table 1-1; the per-category chart comes first
    assert prepared.chart_keys(analysis) == ["__categories__", "hospital_beds_per_1000", "physicians_per_1000"]
    assert prepared.chart_keys(analysis, "病有所医") == ["hospital_beds_per_1000", "physicians_per_1000"]
    assert prepared.chart_keys(analysis, "幼有所育") == []


class _Shown(list):
    def __call__(self, obj, metadata=None):
        self.append((obj.data, metadata))


class _ShownSVG(list):
    def __call__(self, obj, raw=False, metadata=None):
        assert raw and list(obj) == ["image/svg+xml"]
        self.append((obj["image/svg+xml"], metadata))


def test_charts_show_prepared_svgs_else_draw(tmp_path, monkeypatch):
    import IPython.display

    shown = _ShownSVG()
    monkeypatch.setattr(IPython.display, "display", shown)
    where = tmp_path / ".prepared"
    one = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><title>床位</title></svg>'
    two = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 2"><title>医师</title></svg>'
    prepared.save_charts(where, {"beds": {"svg": one, "alt": "床位"}}, "zh")
    assert (where / "charts" / "00.svg").read_text(encoding="utf-8") == one
    monkeypatch.setenv(prepared.ENV, str(where))
    charts = prepared.Charts("zh", wait=0)
    charts.show("beds", lambda: pytest.fail("a prepared chart is not drawn again"))
    assert shown == [(one, {"jz_chart": "beds"})]
    charts.show("doctors", lambda: two)  # not prepared: drawn here
    assert shown[-1] == (two, {"jz_chart": "doctors"})
    # the run could not draw them: everything is drawn in the kernel
    prepared.fail_charts(where, "RuntimeError: boom")
    shown.clear()
    prepared.Charts("zh", wait=0).show("beds", lambda: two)
    assert shown == [(two, {"jz_chart": "beds"})]
    # charts of another language are not shown
    prepared.save_charts(where, {"beds": {"svg": one, "alt": "beds"}}, "en")
    shown.clear()
    prepared.Charts("zh", wait=0).show("beds", lambda: two)
    assert shown == [(two, {"jz_chart": "beds"})]


@pytest.mark.slow
def test_saved_charts_are_the_svgchart_texts(tmp_path, analysis):
    """draw_charts (from the pickled analysis) saves each chart as svgchart writes it, with its title as
    the alternative text, and no matplotlib is needed."""
    from jzanalysis.publish import svgchart

    where = tmp_path / ".prepared"
    prepared.save_analysis(where, analysis)
    res = prepared.draw_charts({"folder": str(where), "lang": "zh", "category": ""})
    assert res["ok"], res.get("traceback")
    assert list(res["charts"]) == ["__categories__", "hospital_beds_per_1000", "physicians_per_1000"]
    index = json.loads((where / "charts" / "index.json").read_text(encoding="utf-8"))
    assert index["ok"] and index["lang"] == "zh" and list(index["charts"]) == list(res["charts"])
    svg = svgchart.indicator_svg(analysis, "hospital_beds_per_1000", "zh")
    got = res["charts"]["hospital_beds_per_1000"]
    assert got["svg"] == svg and got["alt"].startswith("每千人口医疗卫生机构床位数")
    assert (where / "charts" / index["charts"]["hospital_beds_per_1000"]["file"]).read_text(encoding="utf-8") == svg


@pytest.mark.slow
def test_a_kernel_draws_the_same_bytes_stand_alone(tmp_path, analysis, monkeypatch):
    """The chart notebook run by hand (no JZANALYSIS_PREPARED: the kernel draws) shows the SVGs and
    alternative texts the report draws."""
    import nbformat
    import papermill as pm

    from jzanalysis import paths
    from jzanalysis.publish.pages import charts_from_notebook

    monkeypatch.delenv(prepared.ENV, raising=False)
    out = tmp_path / "02.ipynb"
    pm.execute_notebook(str(paths.NOTEBOOKS / "02_indicators.ipynb"), str(out), kernel_name="python3",
                        parameters={"category": "病有所医"}, progress_bar=False, cwd=str(tmp_path))
    by_kernel = charts_from_notebook(nbformat.read(out, as_version=4))
    where = tmp_path / ".prepared"
    prepared.save_analysis(where, analysis)
    res = prepared.draw_charts({"folder": str(where), "lang": "zh", "category": "病有所医"})
    assert list(by_kernel) == ["hospital_beds_per_1000", "physicians_per_1000"]
    assert res["charts"] == by_kernel


@pytest.mark.slow
def test_the_report_drew_its_charts_once_and_publishes_no_prepared_folder(report):
    assert report["status"] == 0, report["log"]
    # 2023 example: 14 indicators with two or more points (history, baseline, actuals) + the per-category chart
    assert "pages, outputs and 15 charts prepared" in report["log"]
    assert not (report["dir"] / ".prepared").exists() and not (report["dir"] / ".font").exists()


def test_notebook_workers_run_at_lower_priority_the_pdf_path_does_not():
    import os

    from jzanalysis.publish.runner import NOTEBOOK_NICE, _pool

    base = os.nice(0)
    with _pool(1, nice=NOTEBOOK_NICE) as pool:
        assert pool.submit(os.nice, 0).result() == min(base + 7, 19)  # NOTEBOOK_NICE = 7 above this process (19 at most)
    with _pool(1) as side:  # an ordinary pool (the floor's): unchanged
        assert side.submit(os.nice, 0).result() == base


def _outputs(path) -> list:
    """Every output of an executed notebook, cell by cell (what a reader of the notebook sees)."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    return [c.get("outputs", []) for c in nb.cells if c.cell_type == "code"]


@pytest.mark.slow
def test_executed_notebooks_are_the_same_with_and_without_the_run(tmp_path, monkeypatch):
    """The three notebooks through papermill, as the report runs them (JZANALYSIS_PREPARED: the run's
    analysis, charts and saved outputs) and stand-alone (everything computed and drawn in the kernel):
    the same outputs, SVG texts included, cell by cell."""
    import shutil

    import papermill as pm
    from test_notebook_outputs import NAMES, made_like_the_report

    _, where, jobs = made_like_the_report(tmp_path)
    shutil.rmtree(where / "charts")  # the real charts, drawn as the report draws them
    assert prepared.draw_charts({"folder": str(where), "lang": "zh", "category": ""})["ok"]
    for name in NAMES:
        job, runs = jobs[name], {}
        for mode in ("run", "alone"):
            if mode == "run":
                monkeypatch.setenv(prepared.ENV, str(where))
            else:
                monkeypatch.delenv(prepared.ENV)
            out = tmp_path / f"{name}-{mode}.ipynb"
            pm.execute_notebook(job["input"], str(out), parameters=job["parameters"], kernel_name="python3",
                                cwd=job["cwd"], progress_bar=False)
            runs[mode] = _outputs(out)
        assert runs["run"] == runs["alone"], name
        # plan-time: 01 shows 7 outputs, 02 45 (3 of them charts), 03 3 (see test_notebook_outputs.py)
        assert sum(map(len, runs["run"])) == {"01_overview": 7, "02_indicators": 45, "03_audit": 3}[name]


def test_one_key_for_the_category_chart():
    # prepared (imported by the kernels, so without pandas) names the same key as plots
    from jzanalysis.publish import plots

    assert prepared.CATEGORY_CHART == plots.CATEGORY_CHART == "__categories__"
