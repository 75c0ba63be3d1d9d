"""The report pipeline: run the notebooks, publish reader HTML, the annual A4 PDF and the data behind them.

``run_report(year, out, jobs, formats, lang, actuals, plan, previous) -> exit status`` (``jzanalysis report``)

1. Validate the inputs first (:mod:`jzanalysis.publish.request`: year, language, formats, jobs, plan,
   actuals through :func:`jzanalysis.inputs.actuals.load_actuals`, previous assessment): bad input raises
   :class:`~jzanalysis.errors.InputError` before any kernel starts (the CLI prints one line, exit 2).
2. Execute the notebooks (``notebooks/*.ipynb``) with papermill in a small process pool
   (:mod:`jzanalysis.publish.kernels`; kernel ``python3``); the per-category notebook runs once for all
   categories. Executed copies go to ``OUT/YEAR/notebooks/``.
3. While the kernels start, the parent (:mod:`jzanalysis.publish.outputs`) writes the data
   (``OUT/YEAR/data/``: ``assessment.csv``, ``audit.csv``, ``actuals.csv``, ``what_changed.csv`` when
   there is something to compare, ``inputs.json``), the reader downloads (``OUT/YEAR/downloads/``: CSVs
   with BOM, one ``.xlsx``) and every word of the pages (:func:`jzanalysis.publish.pages.build_context`:
   each section of :mod:`jzanalysis.publish.sections` its words).
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
(2021 for the bundled plan: the plan-time report, titled without a year); ``previous`` is
``OUT/YEAR-1/data/assessment.csv`` when it exists.
"""

import datetime as _dt
import logging
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import TimeoutError as FuturesTimeout
from concurrent.futures import as_completed
from dataclasses import dataclass
from pathlib import Path

from jzanalysis import paths
from jzanalysis.errors import InputError
from jzanalysis.i18n import LANGS
from jzanalysis.io import pid_alive
from jzanalysis.publish.kernels import (
    INPUTS_DIR,
    NOTEBOOK_NICE,
    _cell_text,
    _execute,
    _glyph_problems,
    _log_result,
    _pool,
    _stop_workers,
    notebook_parameters,
    stage_inputs,
)
from jzanalysis.publish.outputs import (
    PDF_SIZE,
    _readable,
    _size,
    add_downloads,
    draw_charts,
    prepare,
    reader_pages,
    report_context,
    report_words,
    save_outputs,
    start_pdf,
    write_data,
)
from jzanalysis.publish.request import DEFAULT_YEAR, FORMATS, YEARS, Inputs, validate

__all__ = ["DEFAULT_YEAR", "FORMATS", "LANGS", "YEARS", "Inputs", "PAGES", "add_downloads", "clean_stale",
           "notebook_jobs", "prepare", "report_context", "report_words", "run_report", "save_outputs", "validate",
           "write_data"]

log = logging.getLogger("jzanalysis.publish.runner")
#: Seconds one notebook cell may run before the report fails (``jzanalysis report --timeout``).
DEFAULT_TIMEOUT = 600.0
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
               previous=None, timeout=DEFAULT_TIMEOUT, accept_implausible=False, binding_first=False) -> int:
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
    accept_implausible, binding_first : bool
        Accept values whose size suggests another unit; binding indicators first in completion.csv.

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
    timeout = _timeout(timeout)
    inputs = validate(year, out, jobs, formats, lang, actuals, plan, previous, accept_implausible, binding_first)
    target, build, runtime = _folders(inputs)
    from jzanalysis.io import build_time

    moment = build_time()  # $SOURCE_DATE_EPOCH when set: the same inputs give the same bytes
    try:
        texts = _build(inputs, build, runtime, moment, timeout, target)
        if texts is None:
            return 1
        _publish(build, texts, target)
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


def _folders(inputs: Inputs) -> tuple[Path, Path, Path]:
    """Log the run, clean what killed runs left and make the build and runtime folders:
    ``(OUT/YEAR, OUT/.build-YEAR-PID-*, $TMPDIR/jzanalysis-runtime-PID-*)``."""
    from jzanalysis.io import recover_dir

    for note in inputs.notes:
        log.warning("%s", note)
    target = inputs.out / str(inputs.year)
    log.info("report %d -> %s (formats %s, lang %s, actuals %s, previous %s)", inputs.year, target,
             ",".join(inputs.formats), inputs.lang, inputs.actuals or "none", inputs.previous or "none")
    inputs.out.mkdir(parents=True, exist_ok=True)
    clean_stale(inputs.out)
    recover_dir(target)
    build = Path(tempfile.mkdtemp(prefix=f".build-{inputs.year}-{os.getpid()}-", dir=inputs.out))
    runtime = Path(tempfile.mkdtemp(prefix=f"{RUNTIME_PREFIX}{os.getpid()}-"))
    return target, build, runtime


def _timeout(value) -> float | None:
    """``--timeout`` as seconds (``None``: no limit); :class:`InputError` unless 0 < seconds < 10^7."""
    try:
        value = float(value) if value is not None else None
    except (TypeError, ValueError):
        value = -1.0
    if value is not None and not 0 < value < 1e7:
        raise InputError("--timeout", None, "timeout", "expected a number of seconds > 0")
    return value


def _build(inputs: Inputs, build: Path, runtime: Path, moment: _dt.datetime, timeout, target: Path) -> dict | None:
    """Run the notebooks and make everything else meanwhile, in ``build``; returns the reader pages
    ``{path: HTML}`` to write, or ``None`` when a notebook, a glyph or the PDF failed (logged)."""
    made = moment.astimezone(_dt.timezone(_dt.timedelta(hours=8))).isoformat(timespec="seconds")
    pages = list(PAGES)
    import papermill  # noqa: F401  (imported before the fork: the pool processes start warm)

    where = prepare(inputs, build)  # the analysis, once for every kernel
    jobs_ = notebook_jobs(inputs, build, pages, timeout=timeout, runtime=str(runtime), prepared=where)
    workers = min(inputs.jobs, len(jobs_))
    log.info("running %d notebooks in %d process(es): %s", len(jobs_), workers, ", ".join(j["name"] for j in jobs_))
    with _pool(max(workers, 1), nice=NOTEBOOK_NICE) as pool:
        futures = [pool.submit(_execute, job) for job in jobs_]
        texts, pdf_future = _while_kernels_run(inputs, build, where, jobs_, pages, moment, made)
        if not _notebooks_done(futures, build, len(pages), target):
            return None
        if pdf_future is not None:
            size = _pdf_done(pdf_future, pool, timeout, target)
            if size is None:
                return None
            texts = {k: v.replace(PDF_SIZE, size) for k, v in texts.items()}
    shutil.rmtree(build / INPUTS_DIR, ignore_errors=True)  # nor the kernels' copies of the inputs
    if where is not None:
        shutil.rmtree(where, ignore_errors=True)  # nor what was made once for the kernels
    return texts


def _while_kernels_run(inputs: Inputs, build: Path, where, jobs_: list, pages, moment, made: str):
    """While the kernels start: the data, the downloads, every word of the pages, the notebooks' outputs,
    the charts (SVG, once), then the PDF (a thread) and the HTML. Returns ``({path: HTML}, PDF future)``."""
    from jzanalysis.publish import pages as pages_
    from jzanalysis.publish.render import embed_font, subset_font, text_chars

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
    return texts, pdf_future


def _notebooks_done(futures: list, build: Path, n_pages: int, target: Path) -> bool:
    """Wait for every notebook; False (logged) when one failed or a glyph was missing."""
    failed, problems = [], []
    for fut in as_completed(futures):
        res = fut.result()
        _log_result(res)
        if not res["ok"]:
            failed.append(res)
            continue
        problems += _glyph_problems(build, res["name"])
    if failed:
        names = ", ".join(f"{r['name']} ({_cell_text(r)}: {r.get('kind') or r.get('ename')})" for r in failed)
        log.error("%d of %d notebooks failed: %s; %s keeps the last good report", len(failed), n_pages, names,
                  target)
        return False
    if problems:
        log.error("missing glyphs (Chinese would not render): %s; %s keeps the last good report",
                  "; ".join(problems[:3]), target)
        return False
    return True


def _pdf_done(pdf_future, pool, timeout, target: Path) -> str | None:
    """Wait for the PDF's layout (bounded by ``timeout`` too: no input makes the yearly job hang); its size
    as the index shows it, or ``None`` (logged) when it failed or ran out of time."""
    try:
        res = pdf_future.result(timeout=timeout)
    except FuturesTimeout:
        _stop_workers(pool)
        log.error("pdf: not laid out within %s s (--timeout); %s keeps the last good report", f"{timeout:g}", target)
        return None
    if not res["ok"]:
        from jzanalysis.errors import shorten

        log.error("pdf failed: %s; %s keeps the last good report (run with -v for details)",
                  shorten(res["error"], 300), target)
        log.debug("pdf failed:\n%s", res.get("traceback", ""))
        return None
    pdf = Path(res["path"])
    log.info("pdf: %s (%s) in %.1f s", pdf.name, _size(pdf), res["seconds"])
    return _size(pdf)


def _publish(build: Path, texts: dict, target: Path) -> None:
    """Write the pages, give the files the usual modes and swap ``build`` in for ``target`` at once."""
    from jzanalysis.io import replace_dir

    for path, text in texts.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    _readable(build)
    replace_dir(build, target)
