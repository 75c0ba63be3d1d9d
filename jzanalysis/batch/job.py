"""One batch job, run in a worker process: one ``jzanalysis report`` into its own folder, published whole.

:func:`run_job` is what the batch submits to Dask (a plain function of plain data: any worker with the
package runs it). The report is built in a hidden folder beside the job's folder
(``OUT/ENTRY/LANG/.YEAR.tmp-*``; the report's own build folder is inside it), gets its run record, and
replaces the job's folder in one step (:func:`jzanalysis.io.replace_dir`) only when the report succeeded:
a failed or killed job leaves the last good report, never half of one. Its failure is one line (the
error's message), returned, never raised: the other jobs run on.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import tempfile
import time
from pathlib import Path

from jzanalysis.batch.record import current as _current
from jzanalysis.batch.record import write as _write_record
from jzanalysis.errors import LINE_MAX, InputError, shorten

log = logging.getLogger("jzanalysis.batch")
#: Tests only: a file naming a job key (``ENTRY/LANG/YEAR``); the worker running that job removes the
#: file and ends its own process (``os._exit``) after the report is built and before it is published.
CRASH_ENV = "JZANALYSIS_BATCH_TEST_CRASH_ONCE"
TMP_MARK = ".tmp-"


class _LastError(logging.Handler):
    """Keeps the last ERROR line the report logged (its one-line reason for status 1)."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.message = ""

    def emit(self, record):
        self.message = record.getMessage()


def _allow_children() -> None:
    """Let a Dask worker process (daemonic by default) start the report's notebook processes."""
    import multiprocessing

    proc = multiprocessing.current_process()
    if proc.daemon:
        proc._config["daemon"] = False  # noqa: SLF001  (multiprocessing refuses children of daemons)


def clean_temporary(out: Path) -> list[Path]:
    """Remove what an earlier attempt of this job left beside its folder (``.YEAR.tmp-*``)."""
    removed = []
    for p in out.parent.glob(f".{out.name}{TMP_MARK}*"):
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p)
    return removed


def _crash_hook(key: str) -> None:
    marker = os.environ.get(CRASH_ENV)
    if not marker:
        return
    try:
        wanted = Path(marker).read_text(encoding="utf-8").strip()
    except OSError:
        return
    if wanted == key:
        Path(marker).unlink(missing_ok=True)
        Path(marker + ".pid").write_text(str(os.getpid()), encoding="utf-8")
        os._exit(70)


def _report(spec: dict, tmp: Path, jobs: int, timeout: float) -> tuple[int, str]:
    """Run the report into ``tmp`` (its ``tmp/YEAR``); ``(status, the error's one line)``."""
    from jzanalysis.publish.runner import run_report

    catch = _LastError()
    logger = logging.getLogger("jzanalysis")
    logger.addHandler(catch)
    try:
        status = run_report(year=spec["year"], out=tmp, jobs=jobs, formats=tuple(spec["formats"]),
                            lang=spec["lang"], actuals=spec["actuals"] or None, plan=spec["plan"],
                            timeout=timeout)
    finally:
        logger.removeHandler(catch)
    return status, ("" if status == 0 else catch.message or f"report exited with status {status}")


def run_job(spec: dict, record: dict | None = None, jobs: int = 1, timeout: float = 600.0) -> dict:
    """Run one job and publish it; returns its summary row.

    Parameters
    ----------
    spec : dict
        :meth:`jzanalysis.batch.manifest.Job.spec`.
    record : dict, optional
        Its run record (:func:`jzanalysis.batch.record.current`; computed here when not given).
    jobs : int
        Notebook processes of the report.
    timeout : float
        Seconds a notebook cell may run.

    Returns
    -------
    dict
        ``key``, ``status`` (``ok`` or ``failed``), ``seconds``, ``error`` (one line, ``""`` when ok),
        ``worker`` (``host:pid``).
    """
    t0 = time.time()
    out = Path(spec["out"])
    _allow_children()
    status, error, tmp = 1, "", None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        clean_temporary(out)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}{TMP_MARK}", dir=out.parent))
        record = record or _current(spec)
        status, error = _report(spec, tmp, jobs, timeout)
        if status == 0:
            built = tmp / str(spec["year"])
            _write_record(built, {**record, "worker": _worker()})
            _crash_hook(spec["key"])
            from jzanalysis.io import replace_dir

            replace_dir(built, out)
    except InputError as exc:
        status, error = 2, exc.render()
    except Exception as exc:  # the job's failure is its one line; the batch goes on
        status, error = 1, f"{type(exc).__name__}: {exc}"
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    return {"key": spec["key"], "status": "ok" if status == 0 else "failed", "seconds": round(time.time() - t0, 2),
            "error": shorten(error, LINE_MAX) if error else "", "worker": _worker()}


def _worker() -> str:
    """``host:pid`` of the process running the job."""
    return f"{socket.gethostname()}:{os.getpid()}"
