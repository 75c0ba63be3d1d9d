"""The report pipeline: run the notebooks, publish reader HTML, the annual A4 PDF and the data behind them.

``run_report(year, out, jobs, formats, lang, actuals, plan, previous) -> exit status`` (``jzanalysis report``)

1. Validate the inputs first (year 2021..2035, language, formats, jobs, plan, actuals through
   :func:`jzanalysis.inputs.actuals.load_actuals`, previous assessment): bad input raises
   :class:`~jzanalysis.errors.InputError` before any kernel starts (the CLI prints one line, exit 2).
2. Execute the notebooks (``notebooks/*.ipynb``) with the papermill Python API in a small process pool
   (``ProcessPoolExecutor(max_workers=jobs)``; kernel ``python3``); the per-category notebook runs once
   for all categories. Executed copies go to ``OUT/YEAR/notebooks/``.
3. While the kernels start, the parent writes the data (``OUT/YEAR/data/``: ``assessment.csv``,
   ``audit.csv``, ``actuals.csv``, ``what_changed.csv`` when there is something to compare,
   ``inputs.json``), the reader downloads (``OUT/YEAR/downloads/``: CSVs with BOM, one ``.xlsx``) and
   every word of the pages (:func:`jzanalysis.publish.pages.build_context`).
4. Made once for the whole run (:mod:`jzanalysis.publish.prepared`, :mod:`jzanalysis.publish.notebook`):
   the kernels load the analysis the validation made (pickled into the build folder) only if a cell asks
   for it, and show the outputs the parent saved from its own words and the charts it drew once (SVG,
   :mod:`jzanalysis.publish.svgchart`). Then the A4 PDF is laid out in a thread (Typst,
   :func:`jzanalysis.publish.render.write_pdf`) while the parent renders ``OUT/YEAR/index.html`` and
   ``OUT/YEAR/html/*.html`` from the Jinja2 templates (autoescaped: the one place HTML is produced) with
   one subset of the CJK font; the kernels run at lower priority (:data:`NOTEBOOK_NICE`).

Atomic per year: everything is built in ``OUT/.build-YEAR-xxxx`` and replaces ``OUT/YEAR`` only when all
steps succeeded. When a notebook fails the others still run, the log names the notebook and its failing
cell, ``OUT/YEAR`` keeps the last good report, the temporary folder is removed and the status is 1.

Defaults: ``year`` is the latest actuals year when actuals are given, else the plan period's first year
(2021 for the bundled plan: the plan-time report,
titled without a year); ``previous`` is ``OUT/YEAR-1/data/assessment.csv`` when it exists.
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import multiprocessing
import os
import platform
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures import TimeoutError as FuturesTimeout
from dataclasses import dataclass, field
from pathlib import Path

from jzanalysis import paths
from jzanalysis._version import __version__
from jzanalysis.analysis.pipeline import FIRST_YEAR, LAST_YEAR
from jzanalysis.errors import InputError
from jzanalysis.io import pid_alive

log = logging.getLogger("jzanalysis.publish.runner")

YEARS = (FIRST_YEAR, LAST_YEAR)  # shared with `jzanalysis assess --as-of`
#: Report folder without actuals (the plan-time report has no year in its title).
DEFAULT_YEAR = 2021
FORMATS = ("html", "pdf")
LANGS = ("zh", "en")
KERNEL = "python3"
#: Quiets the kernel process's own log: "Kernel is running over TCP without encryption" (every start) and
#: "KeyboardInterrupt caught in kernel" (jupyter_client interrupts before shutdown). Cell errors still
#: reach papermill through the messaging protocol.
KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL"]
START_TIMEOUT = 120
#: Seconds one notebook cell may run before the report fails (``jzanalysis report --timeout``).
DEFAULT_TIMEOUT = 600.0
#: The bundled plan's title; ``data/inputs.json`` carries the plan's own (plan.yaml ``title``).
REPORT_TITLE = "《晋中市“十四五”高品质生活建设（公共服务和社会保障事业）规划》"
#: The notebook whose chart outputs (tagged ``jz_chart``) the reader pages and the PDF show.
CHART_NOTEBOOK = "02_indicators"
#: Where the notebooks are read from (tests point this at a copy).
NOTEBOOK_DIR = paths.NOTEBOOKS


@dataclass(frozen=True)
class Page:
    """One notebook run for the report: file stem and its reader title (catalogue key)."""

    name: str
    key: str

    def title(self, lang: str) -> str:
        from jzanalysis.i18n import t

        return t(f"report.page.{self.key}", lang)


#: The notebooks run for the report, in reading order (the per-category one once for all categories).
#: ``notebooks/04_method_walkthrough.ipynb`` is for researchers and not part of the report.
PAGES = (Page("01_overview", "overview"), Page("02_indicators", "indicators"), Page("03_audit", "audit"))


@dataclass
class Inputs:
    """Validated inputs of one report run."""

    year: int
    out: Path
    jobs: int
    formats: tuple
    lang: str
    plan: Path | None
    actuals: Path | None
    previous: Path | None
    analysis: object = None
    illustrative: bool = False
    notes: list = field(default_factory=list)

    def parameters(self) -> dict:
        """Parameters for the notebooks (each gets those its ``parameters`` cell declares)."""
        return {"year": self.year, "lang": self.lang, "actuals": str(self.actuals or ""),
                "plan": str(self.plan or ""), "previous": str(self.previous or ""), "category": ""}


# ------------------------------------------------------------------------------------------ inputs
def _year(value, where: str = "--year", years: tuple[int, int] = YEARS) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise InputError(where, None, "year", f"expected a year such as 2023, found {value!r}") from None
    if not years[0] <= year <= years[1]:
        raise InputError(where, None, "year", f"year {year} outside {years[0]}..{years[1]}")
    return year


def validate(year=None, out="outputs", jobs=2, formats=FORMATS, lang="zh", actuals=None, plan=None,
             previous=None, accept_implausible=False) -> Inputs:
    """Check every input and load the analysis; raises :class:`InputError` (nothing is written)."""
    import warnings

    from jzanalysis.analysis.pipeline import analyse, status_years
    from jzanalysis.plan.config import resolve_plan

    if plan not in (None, "") and not Path(plan).exists():
        raise InputError(plan, None, "plan", "file or folder not found")
    config = resolve_plan(plan)  # a plan folder (plan.yaml) or a bare text with the bundled plan's config
    years = status_years(config)
    if year is not None:
        year = _year(year, years=years)
    if lang not in LANGS:
        raise InputError("--lang", None, "lang", f"expected one of {', '.join(LANGS)}, found {lang!r}")
    if isinstance(formats, str):
        formats = [f.strip() for f in formats.split(",") if f.strip()]
    formats = tuple(dict.fromkeys(formats or ()))
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise InputError("--formats", None, "formats", f"expected a comma list of {', '.join(FORMATS)}, "
                         f"found {','.join(formats) or 'nothing'}")
    try:
        jobs = int(jobs)
    except (TypeError, ValueError):
        jobs = 0
    if jobs < 1:
        raise InputError("--jobs", None, "jobs", "expected a whole number >= 1")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(out, None, "out", "exists and is not a folder")
    from jzanalysis.io import check_output_dir

    check_output_dir(out)
    from jzanalysis.io import check_input_file

    for label, p in (("plan", plan), ("actuals", actuals), ("previous", previous)):
        if p not in (None, "") and not (label == "plan" and Path(p).is_dir()):  # a plan folder
            try:
                check_input_file(p, "a file")  # not /dev/zero, a FIFO or a folder (issue 16)
            except InputError as exc:
                raise InputError(p, None, label, exc.message) from None
    plan = Path(plan).resolve() if plan else None
    actuals = Path(actuals).resolve() if actuals else None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # parses the plan; with actuals, jzanalysis.inputs.actuals.load_actuals validates them (InputError naming
        # the line and field) and the default as-of year is the latest year in the file
        analysis = analyse(config, actuals=actuals, as_of=year, accept_implausible=accept_implausible)
    notes = [str(w.message) for w in caught]
    if year is None:
        # the plan-time report's folder is the period's first year (DEFAULT_YEAR for the bundled plan)
        year = config.period.first_year if actuals is None else analysis.as_of
        if year is None:
            raise InputError(actuals, None, "year", "no actual values in the file: give --year")
        year = _year(year, str(actuals), years)
    target = out / str(year)
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise InputError(target, None, "out", "exists and is not a report folder; it is left untouched "
                         "(move it away or choose another --out)")
    explicit = previous not in (None, "")
    if not explicit:
        guess = out / str(year - 1) / "data" / "assessment.csv"
        previous = guess if guess.is_file() else None
    previous = Path(previous).resolve() if previous else None
    if previous is not None:
        from jzanalysis.inputs.previous import has_statuses, read_assessment

        # folder, empty, UTF-16, not a CSV, no id column: one-line errors. A file without monitoring
        # statuses (the plan-time report's assessment.csv) is skipped for "what changed", never an error.
        if not has_statuses(read_assessment(previous, require_status=False)):
            log.info("%s %s has no monitoring statuses (a plan-time assessment); 'what changed' is skipped",
                     "--previous" if explicit else "last year's", previous)
            previous = None
    illustrative = bool(analysis.actuals is not None and "illustrative" in analysis.actuals
                        and analysis.actuals["illustrative"].astype(bool).any())
    inputs = Inputs(year, out, jobs, formats, lang, plan, actuals, previous, analysis, illustrative, notes)
    inputs.accept_implausible = bool(accept_implausible)
    return inputs


# ------------------------------------------------------------------------------- notebook workers
_IPC_MANAGER = None


def _kernel_manager_class():
    """A kernel manager on IPC sockets (POSIX): kernels started at the same moment by several pool
    processes cannot race for the same TCP port (``ZMQError: Address already in use``), and nothing is
    sent over TCP in clear. ``None`` (papermill's default, TCP) on Windows."""
    global _IPC_MANAGER
    if os.name != "posix":
        return None
    if _IPC_MANAGER is None:
        import uuid

        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.paths import jupyter_runtime_dir
        from traitlets import default

        class IPCKernelManager(AsyncKernelManager):
            @default("transport")
            def _default_transport(self):
                return "ipc"

            @default("ip")
            def _default_ip(self):
                # an absolute, unique socket prefix (the default "kernel-ipc" is relative to the cwd,
                # which differs between this process and the kernel)
                runtime = Path(jupyter_runtime_dir())
                runtime.mkdir(parents=True, exist_ok=True)
                return str(runtime / f"jz-{uuid.uuid4().hex[:12]}")

        _IPC_MANAGER = IPCKernelManager
    return _IPC_MANAGER


def _running_cell(nb) -> tuple[int | None, int | None]:
    """(execution count, 1-based cell number) of the last cell papermill started (the one running when
    execution stopped); (None, None) when no cell started."""
    found = (None, None)
    for number, cell in enumerate(nb.cells, start=1):
        if cell.get("metadata", {}).get("papermill", {}).get("start_time"):
            found = (cell.get("execution_count"), number)
    return found


_ENGINE = "jzanalysis"


def _register_engine() -> None:
    """A papermill engine that records, on any exception (timeout, dead kernel), which cell was running:
    ``exc.jz_cell = (execution count, cell number)``."""
    from papermill.engines import NBClientEngine, papermill_engines

    if _ENGINE in papermill_engines._engines:
        return

    class TrackingEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
            try:
                return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
            except Exception as exc:
                exc.jz_cell = _running_cell(nb_man.nb)
                raise

    papermill_engines.register(_ENGINE, TrackingEngine)


def _execute(job: dict) -> dict:
    """Run one notebook with papermill (in a pool process). Never raises: returns a result dict.

    ``job["timeout"]`` (seconds per cell) fails the notebook with ``kind == "timeout"``; a kernel that
    dies gives ``kind == "dead_kernel"``; both name the cell (``cell``: execution count, ``cell_no``:
    position in the notebook). Kernels use the run's private Jupyter runtime folder ``job["runtime"]``.
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    logging.getLogger("papermill").setLevel(logging.WARNING)
    if job.get("runtime"):
        os.environ["JUPYTER_RUNTIME_DIR"] = job["runtime"]
    if job.get("accept_implausible"):
        os.environ["JZANALYSIS_ACCEPT_IMPLAUSIBLE"] = "1"  # read by jzanalysis.analyse in the kernel
    if job.get("prepared"):
        os.environ["JZANALYSIS_PREPARED"] = job["prepared"]  # jzanalysis.publish.prepared, in the kernel
    else:
        os.environ.pop("JZANALYSIS_PREPARED", None)
    start = time.time()
    result = {"name": job["name"], "ok": False, "kind": ""}
    extra = {}
    manager = _kernel_manager_class()
    if manager is not None:
        extra["kernel_manager_class"] = manager
    timeout = job.get("timeout")
    _register_engine()
    try:
        pm.execute_notebook(job["input"], job["output"], parameters=job["parameters"], kernel_name=KERNEL,
                            engine_name=_ENGINE,
                            progress_bar=job["progress"], cwd=job["cwd"], log_output=False,
                            request_save_on_cell_execute=False, start_timeout=START_TIMEOUT,
                            execution_timeout=timeout, extra_arguments=KERNEL_ARGS, **extra)
        from jzanalysis.publish.render import tidy_notebook

        tidy_notebook(job["output"], job["name"])  # no machine paths, timings or random ids (issue 16)
        result["ok"] = True
    except PapermillExecutionError as exc:
        result.update(kind="error", cell=exc.exec_count, ename=exc.ename, evalue=exc.evalue)
    except Exception as exc:  # timeout, kernel died, notebook unreadable, ...
        name = type(exc).__name__
        kind = ("timeout" if isinstance(exc, TimeoutError) or "Timeout" in name
                else "dead_kernel" if name == "DeadKernelError" or "died" in str(exc).lower() else "error")
        count, number = getattr(exc, "jz_cell", (None, None))
        evalue = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        if kind == "timeout":
            evalue = f"the cell ran longer than {timeout:g} s (report --timeout)"
        result.update(kind=kind, cell=count, cell_no=number, ename=name, evalue=evalue)
    result["seconds"] = time.time() - start
    return result


def _die_with_parent(parent: int) -> None:
    """Pool initializer: the worker gets SIGKILL when the report process dies (Linux ``PR_SET_PDEATHSIG``),
    so a ``kill -9`` of the report leaves no worker behind; elsewhere nothing is done."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except Exception:  # pragma: no cover - no prctl: the worker ends with the pool as before
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _stop_workers(*pools: ProcessPoolExecutor) -> None:
    """End the pools' worker processes now (a PDF layout past its time): leaving the ``with`` block would
    otherwise wait for them. ``_processes`` is the executor's own table of its workers (Python 3.11-3.13)."""
    for pool in pools:
        for proc in list((getattr(pool, "_processes", None) or {}).values()):
            proc.kill()
        pool.shutdown(wait=False, cancel_futures=True)


def _pool(jobs: int, nice: int = 0) -> ProcessPoolExecutor:
    """The process pool (fork on Linux: the workers start with papermill already imported); workers die
    with the report process (:func:`_die_with_parent`); ``nice`` > 0 lowers the workers' priority (and
    their kernels', which inherit it): see :data:`NOTEBOOK_NICE`."""
    ctx = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
    if nice > 0 and hasattr(os, "nice"):
        return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_low_priority_worker,
                                   initargs=(os.getpid(), nice))
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_die_with_parent,
                               initargs=(os.getpid(),))


#: Niceness of the notebook workers and their kernels. The PDF is the longest single piece of work and
#: can only start once the charts and the font subset exist; on 2 cores the kernels (which only have
#: to be done by the time the PDF is) would otherwise take half of the CPU from that critical path.
NOTEBOOK_NICE = 7


def _low_priority_worker(parent: int, nice: int) -> None:
    _die_with_parent(parent)
    try:
        os.nice(nice)
    except OSError:  # pragma: no cover - not allowed: run at the usual priority
        pass


def notebook_parameters(path: Path, params: dict) -> dict:
    """The subset of ``params`` that the notebook's ``parameters`` cell declares."""
    import papermill as pm

    declared = pm.inspect_notebook(str(path))
    return {k: v for k, v in params.items() if k in declared}


#: Copies of the inputs the kernels read, inside the build folder (removed before publishing): the
#: notebooks get paths relative to their folder, so no absolute path lands in a published notebook.
INPUTS_DIR = ".inputs"


def stage_inputs(inputs: Inputs, build: Path) -> dict:
    """The notebook parameters, with each input file copied to ``BUILD/.inputs/ROLE/NAME`` and given as
    ``../.inputs/ROLE/NAME`` (relative to the notebooks' folder, their working folder)."""
    params = inputs.parameters()
    for role in ("plan", "actuals", "previous"):
        src = getattr(inputs, role)
        if src in (None, ""):
            continue
        dst = build / INPUTS_DIR / role / Path(src).name
        dst.parent.mkdir(parents=True, exist_ok=True)
        if Path(src).is_dir():  # a plan folder (plan.yaml with its files)
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            shutil.copyfile(src, dst)
        params[role] = f"../{INPUTS_DIR}/{role}/{dst.name}"
    return params


def notebook_jobs(inputs: Inputs, build: Path, pages, timeout: float | None = None,
                  runtime: str | None = None, prepared: Path | None = None) -> list[dict]:
    """One papermill job per page, the longest (per category, with the charts) first."""
    nb_dir = build / "notebooks"
    nb_dir.mkdir(parents=True, exist_ok=True)
    tty = sys.stderr.isatty()
    # explicit width: some terminals (CI ptys, `script`) report 0 columns and tqdm would draw nothing
    width = min(shutil.get_terminal_size((100, 20)).columns, 120)
    params = stage_inputs(inputs, build)
    jobs = []
    order = sorted(range(len(pages)), key=lambda i: (pages[i].name != "02_indicators", i))
    for pos, i in enumerate(order):
        page = pages[i]
        src = Path(NOTEBOOK_DIR) / f"{page.name}.ipynb"
        if not src.is_file():
            raise FileNotFoundError(f"notebook {src} not found")
        progress = {"desc": f"{page.name:<14}", "position": pos, "leave": True, "ncols": width} if tty else False
        jobs.append({"name": page.name, "input": str(src), "output": str(nb_dir / f"{page.name}.ipynb"),
                     "parameters": notebook_parameters(src, params), "cwd": str(nb_dir), "progress": progress,
                     "timeout": timeout, "runtime": runtime, "prepared": str(prepared or ""),
                     "accept_implausible": getattr(inputs, "accept_implausible", False)})
    return jobs


def _cell_text(res: dict) -> str:
    """``cell [7]`` (execution count), ``cell 5 of the notebook`` (position: timeouts and dead kernels,
    where the kernel may not have sent a count) or ``before any cell ran``."""
    if res.get("kind") in ("timeout", "dead_kernel") and res.get("cell_no") is not None:
        return f"cell {res['cell_no']} of the notebook"
    if res.get("cell") is not None:
        return f"cell [{res['cell']}]"
    if res.get("cell_no") is not None:
        return f"cell {res['cell_no']} of the notebook"
    return "an unknown cell" if res.get("kind") in ("timeout", "dead_kernel") else "before any cell ran"


def _log_result(res: dict) -> None:
    if res["ok"]:
        log.info("notebook %s: done in %.1f s", res["name"], res["seconds"])
    elif res.get("kind") == "timeout":
        log.error("notebook %s TIMED OUT at %s: %s", res["name"], _cell_text(res), res.get("evalue"))
    elif res.get("kind") == "dead_kernel":
        log.error("notebook %s FAILED: the kernel died at %s (%s: %s)", res["name"], _cell_text(res),
                  res.get("ename"), res.get("evalue"))
    else:
        log.error("notebook %s FAILED at %s: %s: %s", res["name"], _cell_text(res), res.get("ename"),
                  res.get("evalue"))


# ----------------------------------------------------------------------------------------- outputs
def _files(inputs: Inputs) -> list:
    from jzanalysis.publish.pages import input_files

    return input_files(inputs.analysis.plan, inputs.actuals, inputs.previous, inputs.analysis.config)


def _published_path(inputs: Inputs, path) -> str:
    """An input as ``inputs.json`` names it: relative to the report folder ``OUT/YEAR`` when it lies under
    ``OUT`` (last year's ``../2022/data/assessment.csv``), else its file name only; never an absolute path
    of the building machine (issue 16)."""
    if path in (None, ""):
        return ""
    p = Path(path).resolve()
    out = Path(inputs.out).resolve()
    if p.is_relative_to(out):
        return os.path.relpath(p, out / str(inputs.year))
    return p.name


def _input_rows(inputs: Inputs) -> list[dict]:
    """The inputs for ``data/inputs.json``: role, file name, path (:func:`_published_path`) and SHA-256."""
    from jzanalysis.io import sha256_file

    return [{"label": role, "name": p.name, "path": _published_path(inputs, p),
             "sha256": sha256_file(p) if p.is_file() else "(missing)"} for role, p in _files(inputs)]


def write_data(inputs: Inputs, build: Path, made: str) -> list[Path]:
    """``data/``: assessment.csv, audit.csv, what_changed.csv (when comparable), actuals.csv, inputs.json."""
    from jzanalysis.io import write_csv_atomic, write_text_atomic
    from jzanalysis.publish.plots import changes_since

    a = inputs.analysis
    data = build / "data"
    written = [write_csv_atomic(a.assessment, data / "assessment.csv"),
               write_csv_atomic(a.audit, data / "audit.csv")]
    if a.actuals is not None:
        written.append(write_csv_atomic(a.actuals, data / "actuals.csv"))
        changes = changes_since(inputs.previous, a)
        if changes is not None:
            written.append(write_csv_atomic(changes, data / "what_changed.csv"))
    manifest = {
        "title": a.config.title if a.config is not None else REPORT_TITLE, "year": inputs.year, "made": made, "jzanalysis": __version__,
        "python": platform.python_version(), "as_of": a.as_of, "illustrative": inputs.illustrative,
        "parameters": {"year": inputs.year, "lang": inputs.lang, "formats": list(inputs.formats),
                       "jobs": inputs.jobs, "plan": _published_path(inputs, inputs.plan),
                       "actuals": _published_path(inputs, inputs.actuals),
                       "previous": _published_path(inputs, inputs.previous)},
        "inputs": _input_rows(inputs),
        "notes": inputs.notes,
    }
    written.append(write_text_atomic(data / "inputs.json",
                                     json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"))
    return written


def _size(path: Path) -> str:
    n = path.stat().st_size
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} KB"


PDF_SIZE = "__PDF_SIZE__"


def report_words(inputs: Inputs, pages, made: _dt.datetime, charts: dict | None = None) -> dict:
    """What every page and the PDF show (:func:`jzanalysis.publish.pages.build_context`), without the
    downloads (:func:`add_downloads`)."""
    from jzanalysis.publish import pages as pages_
    from jzanalysis.publish.plots import changes_since

    changes = changes_since(inputs.previous, inputs.analysis)
    return pages_.build_context(inputs.analysis, lang=inputs.lang, year=inputs.year,
                                illustrative=inputs.illustrative, changes=changes,
                                has_previous=inputs.previous is not None, made=made, files=_files(inputs),
                                formats=inputs.formats, charts=charts,
                                notebooks=[f"{p.name}.ipynb" for p in pages])


def add_downloads(ctx: dict, inputs: Inputs, build: Path) -> dict:
    """Write the reader downloads into ``build`` and name them, and the data files, in ``ctx``."""
    from jzanalysis.publish import pages as pages_

    ctx["downloads"] = pages_.write_downloads(ctx, inputs.analysis, build)
    ctx["data_files"] = sorted(f.name for f in (build / "data").iterdir()) if (build / "data").is_dir() else []
    return ctx


def report_context(inputs: Inputs, build: Path, pages, made: _dt.datetime, charts: dict | None = None) -> dict:
    """What every page and the PDF show (:func:`report_words`), with the downloads written (:func:`add_downloads`)."""
    return add_downloads(report_words(inputs, pages, made, charts), inputs, build)


def reader_pages(ctx: dict, inputs: Inputs) -> dict:
    """``{relative path: HTML}``: index and the three pages (the font not yet embedded:
    :func:`jzanalysis.publish.render.embed_font`). The PDF's size is left as ``__PDF_SIZE__``."""
    from jzanalysis.publish import pages as pages_
    from jzanalysis.publish.render import page_css

    pdf = f"report-{inputs.year}.pdf" if "pdf" in inputs.formats else None
    out = pages_.render_pages(ctx, page_css(), pdf_href=pdf, pdf_size=PDF_SIZE)
    if "html" not in inputs.formats:
        out = {"index.html": out["index.html"]}
    return out


def pdf_context(ctx: dict, build: Path, year: int) -> dict:
    """Everything :func:`write_pdf` needs, as plain picklable values (it runs in a pool process): the
    document model (:func:`jzanalysis.publish.pages.pdf_model`) and the chart SVGs it names."""
    from jzanalysis.publish import pages as pages_

    return {"model": pages_.pdf_model(ctx), "images": pages_.pdf_images(ctx), "build": str(build),
            "target": str(build / f"report-{year}.pdf")}


def start_pdf(ctx: dict, inputs: Inputs, build: Path):
    """Lay the PDF out in a thread of this process (Typst embeds its own subset of the CJK font); returns
    a future of :func:`write_pdf`'s result, ``None`` when no PDF is asked for.

    Notes
    -----
    Not in a forked process: Typst lays out on a Rust (rayon) thread pool, which a forked child of a
    process that has used Typst before (a second report in one Python session, a test run) inherits
    without its threads, and waits for forever. In this process the layout overlaps with the HTML
    rendering and the kernels (the parent is otherwise idle waiting for them); the thread is a daemon, so
    a layout past ``--timeout`` cannot keep the yearly job alive.
    """
    import threading
    from concurrent.futures import Future

    if "pdf" not in inputs.formats:
        return None
    job = pdf_context(ctx, build, inputs.year)
    future: Future = Future()

    def lay_out():
        try:
            future.set_result(write_pdf(job))
        except BaseException as exc:  # write_pdf returns its errors; this is for what it cannot catch
            future.set_exception(exc)

    threading.Thread(target=lay_out, name="jzanalysis-pdf", daemon=True).start()
    return future


def write_pdf(job: dict) -> dict:
    """The annual A4 PDF: cover, 本年要点 and the legend, contents, overview, indicators, audit, appendix.

    ``job`` from :func:`pdf_context`. Returns ``{"ok", "seconds", "path"}`` or the error.
    """
    start = time.time()
    try:
        from jzanalysis.publish import render

        render.write_pdf(job["model"], Path(job["target"]), root=job["build"], images=job["images"])
        return {"ok": True, "seconds": time.time() - start, "path": job["target"]}
    except Exception as exc:
        import traceback

        return {"ok": False, "seconds": time.time() - start, "error": f"{type(exc).__name__}: {exc}",
                "traceback": traceback.format_exc()}


def _readable(folder: Path) -> None:
    """Temporary files and folders are created private (0600/0700); publish with the usual modes."""
    mask = os.umask(0)
    os.umask(mask)
    folder.chmod(0o777 & ~mask)
    for path in folder.rglob("*"):
        path.chmod((0o777 if path.is_dir() else 0o666) & ~mask)


def _glyph_problems(build: Path, name: str) -> list[str]:
    """'Glyph ... missing' warnings in an executed notebook's stderr (a CJK font problem); logs other stderr."""
    import nbformat

    from jzanalysis.publish.render import clean_notebook

    nb = nbformat.read(build / "notebooks" / f"{name}.ipynb", as_version=4)
    _, stderr = clean_notebook(nb)
    problems = []
    for s in stderr:
        if "Glyph" in s and "missing" in s:
            problems.append(f"{name}: {s.strip()[:200]}")
        elif s.strip():
            log.warning("notebook %s wrote to stderr: %s", name, s.strip()[:300])
    return problems


# ------------------------------------------------------------------------- made once for the notebooks
def prepare(inputs: Inputs, build: Path) -> Path | None:
    """Pickle the validated analysis for the kernels (:mod:`jzanalysis.publish.prepared`); returns the
    folder, or ``None`` when the analysis gave Python warnings (the kernels then make their own, so their
    stderr shows the warnings as before)."""
    from jzanalysis.publish import prepared

    if inputs.notes or inputs.analysis is None:
        return None
    where = build / prepared.FOLDER
    staged = _staged(inputs, build)
    prepared.save_analysis(where, inputs.analysis, staged["plan"], staged["actuals"],
                           inputs.year if inputs.actuals else None, getattr(inputs, "accept_implausible", False))
    return where


def _staged(inputs: Inputs, build: Path) -> dict:
    """The paths the kernels are given (the prepared things are keyed by them): the copies in
    ``BUILD/.inputs/ROLE/`` (:func:`stage_inputs`), ``None`` for an input not given."""
    return {role: build / INPUTS_DIR / role / Path(src).name if src not in (None, "") else None
            for role, src in (("plan", inputs.plan), ("actuals", inputs.actuals), ("previous", inputs.previous))}


def save_outputs(inputs: Inputs, ctx: dict | None, where: Path | None, jobs_: list) -> None:
    """Every output the notebooks display, made once from the report's words ``ctx``
    (:func:`jzanalysis.publish.notebook.save_outputs`); the kernels wait for them. ``ctx`` ``None`` (the
    words could not be built) or any error: the kernels are told to compute them themselves. Never raises."""
    from jzanalysis.publish import notebook, prepared

    if where is None:
        return
    if ctx is None:
        notebook.fail_outputs(where, "the report's words were not built")
        return
    t = time.time()
    staged = _staged(inputs, where.parent)
    key = prepared._key(staged["plan"], staged["actuals"], inputs.year if inputs.actuals else None,
                        getattr(inputs, "accept_implausible", False))
    try:
        notebook.save_outputs(where, inputs.analysis, key, jobs_, ctx=ctx, previous=staged["previous"],
                              has_previous=inputs.previous is not None)
    except Exception as exc:  # the kernels compute them (and fail as before if they cannot)
        log.warning("notebook outputs not made ahead (%s: %s); the notebooks compute them", type(exc).__name__, exc)
        log.debug("notebook outputs", exc_info=True)
        return
    log.info("notebook outputs made in %.1f s", time.time() - t)


def draw_charts(inputs: Inputs, where: Path | None, jobs_: list) -> dict:
    """The report's charts, once (``{key: {"svg", "alt"}}``, :func:`jzanalysis.publish.svgchart.chart_svgs`:
    SVG written by hand, milliseconds each), saved for the chart notebook's kernel
    (:func:`jzanalysis.publish.prepared.save_charts`); the pages and the PDF show the same. If drawing
    fails, the waiting kernel is told at once (:func:`jzanalysis.publish.prepared.fail_charts`) and the
    error goes up (the report fails, one line)."""
    from jzanalysis.publish import prepared, svgchart

    job = next((j for j in jobs_ if j["name"] == CHART_NOTEBOOK), None)
    category = job["parameters"].get("category", "") if job else ""
    t = time.time()
    try:
        charts = svgchart.chart_svgs(inputs.analysis, inputs.lang, category)
        if where is not None:
            prepared.save_charts(where, charts, inputs.lang)
    except BaseException as exc:
        if where is not None:
            prepared.fail_charts(where, f"{type(exc).__name__}: {exc}")
        raise
    log.debug("charts: %d drawn in %.2f s", len(charts), time.time() - t)
    return charts


# ---------------------------------------------------------------------------------------- pipeline
#: Prefix of the private Jupyter runtime folder of a run (in the system temp folder: IPC socket paths
#: must stay short), followed by the PID of the run.
RUNTIME_PREFIX = "jzanalysis-runtime-"


def clean_stale(out: Path) -> list[Path]:
    """Remove what killed runs left behind; returns the removed paths.

    Notes
    -----
    ``OUT/.build-YEAR-PID-*`` folders and ``$TMPDIR/jzanalysis-runtime-PID-*`` runtime folders whose
    PID is no longer running (a kill -9 skips the normal cleanup). Folders of a running report are
    kept, so two runs can share ``OUT``. Old-style ``.build-YEAR-xxxx`` folders without a PID are
    removed when older than one hour.
    """
    import re as _re

    removed = []
    candidates = [(p, _re.fullmatch(r"\.build-\d{4}-(\d+)-.*", p.name)) for p in Path(out).glob(".build-*")]
    temp = Path(tempfile.gettempdir())
    candidates += [(p, _re.fullmatch(rf"{RUNTIME_PREFIX}(\d+)-.*", p.name))
                   for p in temp.glob(f"{RUNTIME_PREFIX}*")]
    for path, m in candidates:
        if not path.is_dir() or path.is_symlink():
            continue
        try:
            stale = (not pid_alive(int(m.group(1)))) if m else time.time() - path.stat().st_mtime > 3600
        except OSError:
            continue
        if stale and int(m.group(1) if m else -1) != os.getpid():
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
            log.info("removed %s left by an interrupted run", path)
    return removed


def run_report(year=None, out="outputs", jobs=2, formats=FORMATS, lang="zh", actuals=None, plan=None,
               previous=None, timeout=DEFAULT_TIMEOUT, accept_implausible=False) -> int:
    """Run the notebooks and publish ``OUT/YEAR`` (HTML pages, index, A4 PDF, data); returns the exit status.

    Parameters
    ----------
    year : int, optional
        Report year, the plan's first year .. target year + 10 (bundled plan: 2021..2035; default: the
        latest year in ``actuals``, else the period's first year); actuals up to this year are used. A
        year before the target year is a monitoring report; the target year and after, the final
        evaluation (总结评估).
    out : path-like
        Output folder; the report goes to ``OUT/YEAR/`` (replaced only when every step succeeded).
    jobs : int
        Notebook processes (kernels running at the same time).
    formats : iterable of {"html", "pdf"}
    lang : {"zh", "en"}
    actuals, plan, previous : path-like, optional
        Actual values CSV; plan folder with plan.yaml, or a bare plan text (default: the bundled plan,
        ``data/plans/jinzhong-14``; the notebooks' kernels get the same folder); last year's
        ``data/assessment.csv`` (default:
        ``OUT/YEAR-1/data/assessment.csv`` when it exists).
    timeout : float
        Seconds one notebook cell may run (default 600); a slower cell fails the run (status 1, the log
        names the notebook and the cell).
    accept_implausible : bool
        Accept actual values whose size suggests another unit (shown with a warning); default: an error.

    Returns
    -------
    int
        0 success; 1 a notebook or a rendering step failed or timed out, or a kernel died (``OUT/YEAR``
        untouched).

    Raises
    ------
    InputError
        Bad input (raised before any kernel starts or anything is written).

    Notes
    -----
    Robustness: build folders (``OUT/.build-YEAR-PID-*``) and private Jupyter runtime folders of runs
    whose process is gone are removed at the start; a report hidden by an interrupted publish
    (``OUT/.YEAR.old-PID``) is put back; pool workers die with the report process; the switch to the new
    report is one atomic exchange of folders (:func:`jzanalysis.io.replace_dir`); published files get
    the usual modes (0644/0755 under the default umask).

    Overlap: while the kernels start (on the analysis made once, :func:`prepare`), the parent writes
    ``data/`` and ``downloads/``, builds every word of the pages, saves the notebooks' outputs and draws
    the charts (:func:`draw_charts`); then the PDF is laid out in a thread (:func:`start_pdf`) while the parent
    renders the HTML pages and the notebooks finish.
    """
    t0 = time.time()
    try:
        timeout = float(timeout) if timeout is not None else None
    except (TypeError, ValueError):
        timeout = -1.0
    if timeout is not None and not 0 < timeout < 1e7:
        raise InputError("--timeout", None, "timeout", "expected a number of seconds > 0")
    inputs = validate(year, out, jobs, formats, lang, actuals, plan, previous, accept_implausible)
    for note in inputs.notes:
        log.warning("%s", note)
    target = inputs.out / str(inputs.year)
    log.info("report %d -> %s (formats %s, lang %s, actuals %s, previous %s)", inputs.year, target,
             ",".join(inputs.formats), inputs.lang, inputs.actuals or "none", inputs.previous or "none")
    inputs.out.mkdir(parents=True, exist_ok=True)
    from jzanalysis.io import recover_dir

    clean_stale(inputs.out)
    recover_dir(target)
    build = Path(tempfile.mkdtemp(prefix=f".build-{inputs.year}-{os.getpid()}-", dir=inputs.out))
    runtime = Path(tempfile.mkdtemp(prefix=f"{RUNTIME_PREFIX}{os.getpid()}-"))
    from jzanalysis.io import build_time

    moment = build_time()  # $SOURCE_DATE_EPOCH when set: the same inputs give the same bytes
    made = moment.astimezone(_dt.timezone(_dt.timedelta(hours=8))).isoformat(timespec="seconds")
    pages = list(PAGES)
    try:
        import papermill  # noqa: F401  (imported before the fork: the pool processes start warm)

        where = prepare(inputs, build)  # the analysis, once for every kernel
        jobs_ = notebook_jobs(inputs, build, pages, timeout=timeout, runtime=str(runtime), prepared=where)
        workers = min(inputs.jobs, len(jobs_))
        log.info("running %d notebooks in %d process(es): %s", len(jobs_), workers,
                 ", ".join(j["name"] for j in jobs_))
        texts: dict[Path, str] = {}
        failed, problems = [], []
        pdf_future = None
        from jzanalysis.publish import pages as pages_
        from jzanalysis.publish.render import embed_font, subset_font, text_chars

        with _pool(max(workers, 1), nice=NOTEBOOK_NICE) as pool:
            futures = [pool.submit(_execute, job) for job in jobs_]
            # while the kernels start: the data, the downloads, every word of the pages, the notebooks'
            # outputs, the charts (SVG, once), then the PDF (a thread) and the HTML
            t = time.time()
            ctx = None
            try:
                ctx = report_words(inputs, pages, moment, {})
            finally:  # the kernels wait for their outputs: made from these words, or told to compute them
                save_outputs(inputs, ctx, where, jobs_)
            write_data(inputs, build, made)
            add_downloads(ctx, inputs, build)
            charts = draw_charts(inputs, where, jobs_)
            pages_.set_charts(ctx, charts)
            log.info("pages, outputs and %d charts prepared in %.1f s", len(charts), time.time() - t)
            pdf_future = start_pdf(ctx, inputs, build)
            t = time.time()
            html_pages = reader_pages(ctx, inputs)
            font = subset_font(text_chars(*html_pages.values()))
            texts = {build / k: v for k, v in embed_font(html_pages, font).items()}
            log.info("html: %d pages in %.1f s", len(texts), time.time() - t)
            for fut in as_completed(futures):
                res = fut.result()
                _log_result(res)
                if not res["ok"]:
                    failed.append(res)
                    continue
                problems += _glyph_problems(build, res["name"])
            if failed:
                names = ", ".join(f"{r['name']} ({_cell_text(r)}: {r.get('kind') or r.get('ename')})"
                                  for r in failed)
                log.error("%d of %d notebooks failed: %s; %s keeps the last good report", len(failed),
                          len(pages), names, target)
                return 1
            if problems:
                log.error("missing glyphs (Chinese would not render): %s; %s keeps the last good report",
                          "; ".join(problems[:3]), target)
                return 1
            if pdf_future is not None:
                try:  # the layout is bounded in time too: no input makes the yearly job hang
                    res = pdf_future.result(timeout=timeout)
                except FuturesTimeout:
                    _stop_workers(pool)
                    log.error("pdf: not laid out within %s s (--timeout); %s keeps the last good report",
                              f"{timeout:g}", target)
                    return 1
                if not res["ok"]:
                    from jzanalysis.errors import shorten

                    log.error("pdf failed: %s; %s keeps the last good report (run with -v for details)",
                              shorten(res["error"], 300), target)
                    log.debug("pdf failed:\n%s", res.get("traceback", ""))
                    return 1
                pdf = Path(res["path"])
                log.info("pdf: %s (%s) in %.1f s", pdf.name, _size(pdf), res["seconds"])
                texts = {k: v.replace(PDF_SIZE, _size(pdf)) for k, v in texts.items()}
        shutil.rmtree(build / INPUTS_DIR, ignore_errors=True)  # nor the kernels' copies of the inputs
        if where is not None:
            shutil.rmtree(where, ignore_errors=True)  # nor what was made once for the kernels
        for path, text in texts.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        _readable(build)
        from jzanalysis.io import replace_dir

        replace_dir(build, target)
        log.info("report %d written to %s in %.1f s", inputs.year, target, time.time() - t0)
        return 0
    except KeyboardInterrupt:
        log.error("interrupted; %s keeps the last good report", target)
        raise
    except Exception as exc:  # one line; the traceback with -v
        from jzanalysis.errors import shorten

        log.error("report %d failed: %s; %s keeps the last good report (run with -v for details)", inputs.year,
                  shorten(f"{type(exc).__name__}: {exc}", 300), target)
        log.debug("details", exc_info=True)
        return 1
    finally:
        if build.exists():
            shutil.rmtree(build, ignore_errors=True)
        shutil.rmtree(runtime, ignore_errors=True)
