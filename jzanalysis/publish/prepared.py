"""What one ``jzanalysis report`` run makes once for all its notebooks: the analysis and the charts.

The report runs three notebooks, each in its own kernel. Left alone, every kernel would parse, audit,
assess and monitor the plan again and the chart notebook would draw every chart while the PDF waits for
it. The runner (:mod:`jzanalysis.publish.runner`) instead

1. pickles the analysis it has already made while checking the inputs into
   ``BUILD/.prepared/analysis.pickle`` (:func:`save_analysis`);
2. draws the charts once (SVG, :mod:`jzanalysis.publish.svgchart`: milliseconds each, no matplotlib) and
   saves them into ``BUILD/.prepared/charts/`` (one ``NN.svg`` per chart and ``index.json``:
   :func:`save_charts`); the chart notebook, the reader pages and the PDF all use them, so the PDF is
   laid out while the notebooks still run.
3. saves every output the notebooks display, made from the words it builds for its pages, into
   ``BUILD/.prepared/outputs.json`` (:func:`jzanalysis.publish.notebook.save_outputs`): the kernels then
   import neither pandas nor matplotlib.

The kernels find the folder through the environment variable ``JZANALYSIS_PREPARED``, which the runner
sets for its own kernels only. In JupyterLab, or with papermill by hand, the variable is unset and the
notebooks compute everything themselves (:func:`analysis` calls :func:`jzanalysis.analyse`,
:meth:`Charts.show` draws); they do the same when their parameters differ from the run's. The executed
notebooks are the same either way: same outputs, same SVG bytes (the same functions write them).

Nothing here imports matplotlib (``import jzanalysis`` stays light).
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
CATEGORY_CHART = "__categories__"  # = jzanalysis.publish.plots.CATEGORY_CHART (this module stays light)
#: Seconds a kernel waits for the report's charts before drawing them itself.
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
    """:func:`jzanalysis.publish.plots.chart_keys` (imported when called: the kernels import this module)."""
    from jzanalysis.publish import plots

    return plots.chart_keys(analysis, category)


def save_charts(where: Path, charts: dict, lang: str) -> None:
    """Write the charts of a report run (``{key: {"svg", "alt"}}``, :func:`jzanalysis.publish.svgchart.chart_svgs`)
    into ``where/charts/``: ``NN.svg`` and then ``index.json`` (``{"ok": true, "lang", "charts": {key:
    {"file", "alt"}}}``), which the chart notebook's kernel waits for (:class:`Charts`)."""
    out = Path(where) / CHART_DIR
    out.mkdir(parents=True, exist_ok=True)
    index = {}
    for key, chart in charts.items():
        name = f"{len(index):02d}.svg"
        (out / name).write_text(chart["svg"], encoding="utf-8")
        index[key] = {"file": name, "alt": chart["alt"]}
    _write_index(out, {"ok": True, "lang": lang, "charts": index})


def draw_charts(job: dict) -> dict:
    """Draw every chart of the chart notebook once from the pickled analysis; never raises.

    ``job``: ``folder`` (the prepared folder, holding the analysis), ``lang``, ``category``. The charts are
    SVG written by :mod:`jzanalysis.publish.svgchart` (no matplotlib), saved by :func:`save_charts` (or,
    on failure, ``{"ok": false, "error": ...}`` in the index: the notebook then draws its own). Returns
    ``{"ok", "seconds", "charts": {key: {"svg", "alt"}}, "problems": []}``.
    """
    start = time.time()
    where = Path(job["folder"])
    try:
        with open(where / ANALYSIS_FILE, "rb") as fh:
            a = pickle.load(fh)["analysis"]
        from jzanalysis.publish import svgchart

        charts = svgchart.chart_svgs(a, job["lang"], job.get("category", ""))
        save_charts(where, charts, job["lang"])
        return {"ok": True, "seconds": time.time() - start, "charts": charts, "problems": []}
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
    """Shows the chart notebook's charts (SVG, :mod:`jzanalysis.publish.svgchart`): the run's saved ones
    (:func:`save_charts`) when this kernel belongs to a report run, else drawn here; the same bytes
    either way."""

    def __init__(self, lang: str = "zh", wait: float = CHART_WAIT):
        self.lang = lang
        self.wait = wait
        self._index = None

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
            time.sleep(0.02)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return self._index
        if data.get("ok") and data.get("lang") == self.lang:
            self._index = {k: {**v, "path": where / CHART_DIR / v["file"]} for k, v in data["charts"].items()}
        return self._index

    def show(self, key: str, make, *args) -> None:
        """Display chart ``key`` (tagged ``jz_chart``): the saved SVG, else ``make(*args)`` (an SVG text)."""
        from IPython.display import display

        found = self._prepared().get(key)
        if found is not None and found["path"].is_file():
            svg = found["path"].read_text(encoding="utf-8")
        else:
            svg = make(*args)
        # raw: the text as written (IPython's SVG class would parse and re-serialise it)
        display({"image/svg+xml": svg}, raw=True, metadata={"jz_chart": str(key)})
