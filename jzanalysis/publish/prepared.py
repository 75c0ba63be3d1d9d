"""What one ``jzanalysis report`` run makes once for all its notebooks: the analysis and the charts.

The report runs three notebooks, each in its own kernel. Left alone, every kernel would parse, audit,
assess and monitor the plan again (with actuals that includes importing statsmodels and scipy, about
2 s of CPU per kernel) and the chart notebook would draw every chart while the PDF waits for it. The
runner (:mod:`jzanalysis.publish.runner`) instead

1. pickles the analysis it has already made while checking the inputs into
   ``BUILD/.prepared/analysis.pickle`` (:func:`save_analysis`);
2. draws the charts once, in a side process, into ``BUILD/.prepared/charts/`` (one PNG per chart and
   ``index.json``: :func:`draw_charts`); the chart notebook, the reader pages and the PDF all use them,
   so the PDF is laid out while the notebooks still run.
3. saves every output the notebooks display, made from the words it builds for its pages, into
   ``BUILD/.prepared/outputs.json`` (:func:`jzanalysis.publish.notebook.save_outputs`): the kernels then
   import neither pandas nor matplotlib.

The kernels find the folder through the environment variable ``JZANALYSIS_PREPARED``, which the runner
sets for its own kernels only. In JupyterLab, or with papermill by hand, the variable is unset and the
notebooks compute everything themselves (:func:`analysis` calls :func:`jzanalysis.analyse`,
:meth:`Charts.show` draws); they do the same when their parameters differ from the run's. The executed
notebooks are the same either way: same outputs, same PNG bytes (the same matplotlib settings draw them).

Nothing here imports matplotlib at module level (``import jzanalysis`` stays light).
"""

from __future__ import annotations

import json
import os
import pickle
import time
from pathlib import Path

#: Environment variable naming the run's prepared folder (set by the runner for its kernels).
ENV = "JZANALYSIS_PREPARED"
#: Folder inside the build folder (not published).
FOLDER = ".prepared"
ANALYSIS_FILE = "analysis.pickle"
CHART_DIR = "charts"
CHART_INDEX = "index.json"
#: Key of the per-category chart (the others are indicator ids).
CATEGORY_CHART = "__categories__"
#: Seconds a kernel waits for the side process's charts before drawing them itself.
CHART_WAIT = 300.0


def folder() -> Path | None:
    """The prepared folder of the report run this kernel belongs to, else ``None``."""
    value = os.environ.get(ENV)
    return Path(value) if value and Path(value).is_dir() else None


def _key(plan, actuals, as_of, accept_implausible) -> dict:
    """What makes two :func:`jzanalysis.analyse` calls give the same analysis (absolute paths)."""
    if accept_implausible is None:
        accept_implausible = os.environ.get("JZANALYSIS_ACCEPT_IMPLAUSIBLE") == "1"

    def path(p):
        return str(Path(p).resolve()) if p not in (None, "") else ""

    from jzanalysis._version import __version__

    return {"plan": path(plan), "actuals": path(actuals), "as_of": None if actuals in (None, "") else as_of,
            "accept_implausible": bool(accept_implausible), "version": __version__}


def save_analysis(where: Path, analysis, plan=None, actuals=None, as_of=None,
                  accept_implausible=None) -> Path:
    """Pickle ``analysis`` (made by ``analyse(plan, actuals, as_of, accept_implausible)``) into ``where``."""
    where = Path(where)
    where.mkdir(parents=True, exist_ok=True)
    target = where / ANALYSIS_FILE
    tmp = target.with_suffix(".tmp")
    with open(tmp, "wb") as fh:
        pickle.dump({"key": _key(plan, actuals, as_of, accept_implausible), "analysis": analysis}, fh,
                    protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, target)
    return target


def analysis(plan=None, actuals=None, as_of=None, accept_implausible=None):
    """:func:`jzanalysis.analyse` with these arguments: the report run's analysis when this kernel belongs
    to a run that made it with the same arguments, else computed here."""
    where = folder()
    if where is not None and (where / ANALYSIS_FILE).is_file():
        with open(where / ANALYSIS_FILE, "rb") as fh:
            saved = pickle.load(fh)  # written by this run's own process, in its private build folder
        if saved["key"] == _key(plan, actuals, as_of, accept_implausible):
            return saved["analysis"]
    import jzanalysis

    return jzanalysis.analyse(plan=plan, actuals=actuals, as_of=as_of, accept_implausible=accept_implausible)


# -------------------------------------------------------------------------------------------- charts
def chart_keys(analysis, category: str = "") -> list[str]:
    """The charts of the chart notebook, in its order: the per-category chart (all categories only),
    then one per charted indicator, category by category in table order."""
    from jzanalysis.publish import plots

    rows = plots.table_rows(analysis.assessment)
    charted = set(plots.chart_ids(analysis))
    keys = [] if category else [CATEGORY_CHART]
    for cat in plots.select_categories(analysis, category):
        keys += [i for i in rows[rows["category"] == cat]["id"] if i in charted]
    return keys


def draw(analysis, key: str, lang: str):
    """The figure of chart ``key`` (what the chart notebook draws for it)."""
    from jzanalysis.publish import plots

    if key == CATEGORY_CHART:
        return plots.category_chart(analysis, lang)
    return plots.indicator_chart(analysis, key, lang)


def figure_alt(fig) -> str:
    """The alternative text :func:`jzanalysis.publish.plots.show_figure` gives a figure: its first axes' title."""
    axes = fig.get_axes()
    return ((axes[0].get_title(loc="left") or axes[0].get_title()) if axes else "") or "chart"


def draw_charts(job: dict) -> dict:
    """Draw every chart of the chart notebook once (in a side process of the report); never raises.

    ``job``: ``folder`` (the prepared folder, holding the analysis), ``lang``, ``category``. Writes
    ``charts/KEY.png`` and then ``charts/index.json`` (``{"ok": true, "charts": {key: {"file", "alt"}}}``,
    or ``{"ok": false, "error": ...}``: the notebook then draws itself). Returns
    ``{"ok", "seconds", "charts": {key: {"src": data URI, "alt"}}, "problems": [missing glyph warnings]}``.
    """
    import base64
    import warnings

    start = time.time()
    where = Path(job["folder"])
    out = where / CHART_DIR
    try:
        with open(where / ANALYSIS_FILE, "rb") as fh:
            a = pickle.load(fh)["analysis"]
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        from jzanalysis.publish import plots

        plots.setup(job["lang"])
        out.mkdir(parents=True, exist_ok=True)
        index, charts, problems = {}, {}, []
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for key in chart_keys(a, job.get("category", "")):
                fig = draw(a, key, job["lang"])
                alt = figure_alt(fig)
                png = plots.figure_png(fig)
                plt.close(fig)
                name = f"{len(index):02d}.png"
                (out / name).write_bytes(png)
                index[key] = {"file": name, "alt": alt}
                charts[key] = {"src": "data:image/png;base64," + base64.b64encode(png).decode("ascii"), "alt": alt}
        problems = [str(w.message)[:200] for w in caught if "Glyph" in str(w.message) and "missing" in str(w.message)]
        _write_index(out, {"ok": True, "lang": job["lang"], "charts": index})
        return {"ok": True, "seconds": time.time() - start, "charts": charts, "problems": problems}
    except Exception as exc:
        import traceback

        fail_charts(where, f"{type(exc).__name__}: {exc}")
        return {"ok": False, "seconds": time.time() - start, "error": f"{type(exc).__name__}: {exc}",
                "traceback": traceback.format_exc(), "charts": {}, "problems": []}


def _write_index(out: Path, data: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / (CHART_INDEX + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, out / CHART_INDEX)


def fail_charts(where: Path, error: str) -> None:
    """Tell waiting kernels that no charts come (they draw their own)."""
    try:
        _write_index(Path(where) / CHART_DIR, {"ok": False, "error": error})
    except OSError:
        pass


class Charts:
    """Shows the chart notebook's charts: the run's prepared PNGs (:func:`draw_charts`) when this kernel
    belongs to a report run, else drawn here with :func:`jzanalysis.publish.plots.setup` and
    :func:`jzanalysis.publish.plots.show_figure`."""

    def __init__(self, lang: str = "zh", wait: float = CHART_WAIT):
        self.lang = lang
        self.wait = wait
        self._index = None
        self._ready = False

    def _prepared(self) -> dict:
        if self._index is not None:
            return self._index
        self._index = {}
        where = folder()
        if where is None:
            return self._index
        path = where / CHART_DIR / CHART_INDEX
        deadline = time.time() + self.wait
        while not path.is_file() and time.time() < deadline:
            time.sleep(0.05)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return self._index
        if data.get("ok") and data.get("lang") == self.lang:
            self._index = {k: {**v, "path": where / CHART_DIR / v["file"]} for k, v in data["charts"].items()}
        return self._index

    def setup(self) -> None:
        """matplotlib with the CJK font and the report's style (only when something is drawn here)."""
        if not self._ready:
            from jzanalysis.publish import plots

            plots.setup(self.lang)
            self._ready = True

    def show(self, key: str, make, *args) -> None:
        """Display chart ``key``: the prepared PNG, else ``make(*args)`` (a matplotlib figure) drawn now."""
        found = self._prepared().get(key)
        if found is not None and found["path"].is_file():
            from IPython.display import Image, display

            meta = {"image/png": {"alt": found["alt"]}, "jz_chart": str(key)}
            display(Image(data=found["path"].read_bytes(), format="png"), metadata=meta)
            return
        from jzanalysis.publish import plots

        self.setup()
        plots.show_figure(make(*args), key=key)
