"""What the report's notebooks call: every output they display, made once by the report run.

The three report notebooks (``notebooks/01_overview``, ``02_indicators``, ``03_audit``) call only this
module (and :class:`jzanalysis.publish.prepared.Charts` through :data:`Charts`). Each function returns
what the notebook displays: a Markdown or HTML string, or a list the chart notebook loops over.

* Under ``jzanalysis report`` (``JZANALYSIS_PREPARED`` set, :mod:`jzanalysis.publish.prepared`) the report
  process has already built every word of the report for its pages; it saves each output the notebooks
  will display into ``BUILD/.prepared/outputs.json`` (:func:`save_outputs`), keyed by the call and its
  arguments, and the kernel returns the saved one. The kernel then imports neither pandas nor matplotlib
  nor :mod:`jzanalysis.analysis`: it costs little more than an empty one.
* Stand-alone (JupyterLab, papermill by hand: the variable unset), or when the arguments differ from the
  run's, or when the report process could not save them, each output is computed here exactly as
  before (:mod:`jzanalysis.publish.plots`, :func:`jzanalysis.publish.pages.fragment`); the executed
  notebooks are the same either way.

:func:`analysis` returns a lazy handle: ``analysis.assessment`` (any attribute) loads the real analysis
on first access (the run's pickle, or :func:`jzanalysis.analyse` here), so researchers use it as before.

Nothing here imports pandas, matplotlib or :mod:`jzanalysis.analysis` at module level.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from jzanalysis.publish import prepared
from jzanalysis.publish.prepared import Charts  # noqa: F401  (the chart notebook's charts)

#: File of the saved outputs in the prepared folder (``{"ok", "key", "outputs": {call: output}}``).
OUTPUTS_FILE = "outputs.json"
#: Seconds a kernel waits for the report process to save the outputs before computing them itself (the
#: kernels start before the report process has built its words; a failed build is reported at once).
OUTPUTS_WAIT = prepared.CHART_WAIT

#: The parts of the report whose words depend on last year's assessment (``previous``).
CHANGE_PARTS = ("headline", "changes")


# ------------------------------------------------------------------------------------ the analysis
class Analysis:
    """The analysis of :func:`jzanalysis.analyse` with these arguments, loaded on first use of an attribute
    (``analysis.assessment``, ``analysis.audit``, ...): the report run's (:func:`prepared.analysis`) when
    this kernel belongs to one and the arguments match, else computed here."""

    def __init__(self, plan=None, actuals=None, as_of=None, accept_implausible=None):
        self._args = {"plan": plan, "actuals": actuals, "as_of": as_of, "accept_implausible": accept_implausible}
        self._key = prepared._key(plan, actuals, as_of, accept_implausible)
        self._real = None
        self._cache: dict = {}

    def load(self):
        """The real analysis (loaded or computed once)."""
        if self._real is None:
            self._real = prepared.analysis(**self._args)
        return self._real

    def __getattr__(self, name):
        if name.startswith("_"):  # no loading for pickle, copy and IPython's probes
            raise AttributeError(name)
        return getattr(self.load(), name)

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(dir(self.load())))

    def __repr__(self) -> str:
        state = "loaded" if self._real is not None else "not loaded yet"
        return f"<jzanalysis analysis ({state}): .assessment, .audit, .indicators, .actuals, ...>"


def analysis(plan=None, actuals=None, as_of=None, accept_implausible=None) -> Analysis:
    """The notebook's analysis (a lazy :class:`Analysis`): same arguments as :func:`jzanalysis.analyse`."""
    return Analysis(plan=plan, actuals=actuals, as_of=as_of, accept_implausible=accept_implausible)


def real(a):
    """The real analysis behind ``a`` (a handle or already an analysis)."""
    return a.load() if isinstance(a, Analysis) else a


# ------------------------------------------------------------------------------------ saved outputs
_SAVED: dict = {}


def call_key(name: str, *args) -> str:
    """The key of one output: the function and its arguments, as JSON."""
    return json.dumps([name, *args], ensure_ascii=False)


def _path(p, cwd=None) -> str:
    """An input path as the key names it: absolute (relative ones against ``cwd``, default the process's)."""
    if p in (None, ""):
        return ""
    p = Path(p)
    return str(((Path(cwd) / p) if cwd is not None and not p.is_absolute() else p).resolve())


def _saved(wait: float | None = None) -> dict:
    """The run's saved outputs (``{}`` outside a run, or when the report process could not save them)."""
    where = prepared.folder()
    if where is None:
        return {}
    path = where / OUTPUTS_FILE
    found = _SAVED.get(str(path))
    if found is not None:
        return found
    deadline = time.time() + (OUTPUTS_WAIT if wait is None else wait)
    while not path.is_file() and time.time() < deadline:
        time.sleep(0.02)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}  # not there in time: everything is computed here (waited for once only)
    data = data if data.get("ok") else {}
    _SAVED[str(path)] = data
    return data


def _output(a, key: str, make):
    """The saved output ``key`` when ``a`` is the run's analysis, else ``make(maker)`` computed here."""
    if isinstance(a, Analysis) and prepared.folder() is not None:
        data = _saved()
        if data.get("key") == a._key and key in data.get("outputs", {}):
            return data["outputs"][key]
    return make(_maker(a))


# ------------------------------------------------------------------------- what the notebooks call
def monitored(a) -> bool:
    """Actual values were given (a monitoring or final report)."""
    return _output(a, call_key("monitored"), lambda m: m.monitored())


def inputs_md(a, year: int, lang: str = "zh") -> str:
    """:func:`jzanalysis.publish.plots.inputs_md`: which plan and actuals the notebook shows (Markdown)."""
    return _output(a, call_key("inputs_md", int(year), lang), lambda m: m.inputs_md(year, lang))


def illustrative_banner(a, lang: str = "zh") -> str:
    """:func:`jzanalysis.publish.plots.illustrative_banner` (HTML, ``""`` without illustrative values)."""
    return _output(a, call_key("illustrative_banner", lang), lambda m: m.illustrative_banner(lang))


def fragment(a, part: str, lang: str = "zh", previous="", ids=()) -> str:
    """:func:`jzanalysis.publish.pages.fragment`: HTML of one part of the report, its words built once per
    analysis, language and ``previous`` (last year's ``data/assessment.csv``, for ``headline`` and
    ``changes``)."""
    ids = [str(i) for i in ids]
    previous = _path(previous) if part in CHANGE_PARTS else ""
    return _output(a, call_key("fragment", part, lang, previous, ids), lambda m: m.fragment(part, lang, previous, ids))


def is_final(a) -> bool:
    """:func:`jzanalysis.publish.plots.is_final`: a final evaluation (no plan-time chart)."""
    return _output(a, call_key("is_final"), lambda m: m.is_final())


def categories(a, category: str = "") -> list[str]:
    """:func:`jzanalysis.publish.plots.select_categories`: ``[category]`` or every category, in table order."""
    return _output(a, call_key("categories", category), lambda m: m.categories(category))


def category_heading(a, category: str, lang: str = "zh") -> str:
    """The Markdown heading of a category (``## 幼有所育``)."""
    return _output(a, call_key("category_heading", category, lang), lambda m: m.category_heading(category, lang))


def indicators(a, category: str) -> list[str]:
    """The ids of a category's Table 1-1 indicators, in table order."""
    return _output(a, call_key("indicators", category), lambda m: m.indicators(category))


def chart_ids(a) -> list[str]:
    """:func:`jzanalysis.publish.plots.chart_ids`: the indicators with a chart."""
    return _output(a, call_key("chart_ids"), lambda m: m.chart_ids())


def category_chart(a, lang: str = "zh") -> str:
    """:func:`jzanalysis.publish.svgchart.category_svg` (an SVG text, drawn only when not prepared)."""
    from jzanalysis.publish import svgchart

    return svgchart.category_svg(real(a), lang)


def indicator_chart(a, ident: str, lang: str = "zh") -> str:
    """:func:`jzanalysis.publish.svgchart.indicator_svg` (an SVG text, drawn only when not prepared)."""
    from jzanalysis.publish import svgchart

    return svgchart.indicator_svg(real(a), ident, lang)


# -------------------------------------------------------------------------------- computing them
class _Maker:
    """Computes the outputs of one analysis. In a kernel each page's words are built once
    (:func:`jzanalysis.publish.pages.notebook_context`); in the report process they are the report's own
    (``report``: its context, ``previous`` and ``has_previous``) wherever they are the same."""

    def __init__(self, analysis, report: dict | None = None):
        self.a = analysis
        self.report = report
        self.contexts: dict = {}
        self.changes: dict = {}
        self._rows = None

    def _changes(self, previous: str):
        if previous not in self.changes:
            from jzanalysis.publish import plots

            self.changes[previous] = plots.changes_since(previous, self.a)
        return self.changes[previous]

    def context(self, part: str, lang: str, previous: str) -> dict:
        """The notebook's words for ``part``: :func:`pages.notebook_context` with last year's changes."""
        r = self.report
        if r is not None and r["ctx"]["lang"] == lang:
            if part not in CHANGE_PARTS:  # the words of these parts do not depend on last year
                return r["ctx"]
            changes = self._changes(previous)
            if previous == r["previous"] and (changes is not None) == r["has_previous"]:
                return r["ctx"]
        if part not in CHANGE_PARTS:  # any of this language's contexts (01_overview: the one with changes)
            for (lang_, _), ctx in self.contexts.items():
                if lang_ == lang:
                    return ctx
            previous = ""
        key = (lang, previous)
        if key not in self.contexts:
            from jzanalysis.publish import pages

            self.contexts[key] = pages.notebook_context(self.a, lang, self._changes(previous) if previous else None)
        return self.contexts[key]

    def monitored(self) -> bool:
        return self.a.actuals is not None

    def inputs_md(self, year, lang):
        from jzanalysis.publish import plots

        return plots.inputs_md(self.a, year, lang)

    def illustrative_banner(self, lang):
        from jzanalysis.publish import plots

        return plots.illustrative_banner(self.a, lang)

    def fragment(self, part, lang, previous, ids):
        from jzanalysis.publish import pages

        return pages.fragment(self.a, part, lang, ids=ids, ctx=self.context(part, lang, previous))

    def is_final(self) -> bool:
        from jzanalysis.publish import plots

        return bool(plots.is_final(self.a))

    def categories(self, category):
        from jzanalysis.publish import plots

        return [str(c) for c in plots.select_categories(self.a, category)]

    def category_heading(self, category, lang):
        from jzanalysis.publish import plots

        return "## " + plots.md_text(plots.category_title(self.a, category, lang))

    def indicators(self, category):
        if self._rows is None:
            from jzanalysis.publish import plots

            self._rows = plots.table_rows(self.a.assessment)
        rows = self._rows
        return [str(i) for i in rows[rows["category"] == category]["id"]]

    def chart_ids(self):
        from jzanalysis.publish import plots

        return [str(i) for i in plots.chart_ids(self.a)]


_MAKERS: list = []


def _maker(a) -> _Maker:
    """One :class:`_Maker` per analysis (its words built once), kept for the last few analyses."""
    if isinstance(a, Analysis):
        if "maker" not in a._cache:
            a._cache["maker"] = _Maker(a.load())
        return a._cache["maker"]
    for obj, maker in _MAKERS:
        if obj is a:
            return maker
    _MAKERS.insert(0, (a, _Maker(a)))
    del _MAKERS[4:]
    return _MAKERS[0][1]


# ------------------------------------------------------------------------ made by the report process
def calls(name: str, params: dict, cwd, m: _Maker) -> dict:
    """``{call key: output}`` of every output notebook ``name`` displays with ``params`` (the papermill
    parameters; relative paths against the kernel's working folder ``cwd``)."""
    year, lang = int(params.get("year", 0)), params.get("lang", "zh")
    out = {call_key("monitored"): m.monitored(), call_key("inputs_md", year, lang): m.inputs_md(year, lang),
           call_key("illustrative_banner", lang): m.illustrative_banner(lang)}

    def frag(part, previous="", ids=()):
        ids = [str(i) for i in ids]
        out[call_key("fragment", part, lang, previous, ids)] = m.fragment(part, lang, previous, ids)

    if name == "01_overview":
        previous = _path(params.get("previous", ""), cwd)
        for part in ("headline", "changes", "table", "counts", "prose", "legend"):
            frag(part, previous if part in CHANGE_PARTS else "")
    elif name == "02_indicators":
        category = params.get("category", "")
        out[call_key("is_final")] = m.is_final()
        out[call_key("chart_ids")] = m.chart_ids()
        cats = out[call_key("categories", category)] = m.categories(category)
        for cat in cats:
            out[call_key("category_heading", cat, lang)] = m.category_heading(cat, lang)
            ids = out[call_key("indicators", cat)] = m.indicators(cat)
            for ident in ids:
                frag("indicator", ids=[ident])
    elif name == "03_audit":
        frag("audit")
    return out


def save_outputs(where, analysis, key: dict, jobs, ctx: dict | None = None, previous=None,
                 has_previous: bool = False) -> Path:
    """Compute every output the notebooks ``jobs`` (``[{"name", "parameters", "cwd"}]``) display and save
    them into ``where/outputs.json`` (tmp + rename), for the kernels of the analysis ``key``
    (:func:`jzanalysis.publish.prepared._key`). ``ctx``: the report's words
    (:func:`jzanalysis.publish.pages.build_context`, built with last year's ``previous``, ``has_previous``),
    taken wherever the notebook's would be the same. On any error the kernels are told to compute
    themselves (:func:`fail_outputs`) and the error is raised."""
    try:
        report = None if ctx is None else {"ctx": ctx, "previous": _path(previous), "has_previous": bool(has_previous)}
        m = _Maker(analysis, report)
        outputs: dict = {}
        for job in jobs:
            outputs.update(calls(job["name"], job["parameters"], job.get("cwd"), m))
        return _write(where, {"ok": True, "key": key, "outputs": outputs})
    except BaseException as exc:
        fail_outputs(where, f"{type(exc).__name__}: {exc}")
        raise


def fail_outputs(where, error: str) -> None:
    """Tell waiting kernels that no outputs come (they compute their own)."""
    try:
        _write(where, {"ok": False, "error": error})
    except OSError:
        pass


def _write(where, data: dict) -> Path:
    where = Path(where)
    where.mkdir(parents=True, exist_ok=True)
    target = where / OUTPUTS_FILE
    tmp = where / (OUTPUTS_FILE + f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, target)
    return target
