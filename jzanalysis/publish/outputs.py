"""What a report run makes besides the notebooks: the data files, the reader downloads, every word of the pages,
the notebooks' outputs made once, the charts (SVG) and the PDF laid out in a thread."""

from __future__ import annotations

import datetime as _dt
import json
import logging
import os
import platform
import time
from pathlib import Path

from jzanalysis._version import __version__
from jzanalysis.publish.kernels import _staged
from jzanalysis.publish.request import Inputs

#: The report run's log (one logger for the runner and its steps: the lines name it).
log = logging.getLogger("jzanalysis.publish.runner")

#: The bundled plan's title; ``data/inputs.json`` carries the plan's own (plan.yaml ``title``).
REPORT_TITLE = "《晋中市“十四五”高品质生活建设（公共服务和社会保障事业）规划》"
#: The notebook whose chart outputs (tagged ``jz_chart``) the reader pages and the PDF show.
CHART_NOTEBOOK = "02_indicators"


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
                                notebooks=[f"{p.name}.ipynb" for p in pages],
                                binding_first=getattr(inputs, "binding_first", False))


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
    """Everything :func:`write_pdf` needs, as plain values (it runs in a thread, :func:`start_pdf`): the
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
