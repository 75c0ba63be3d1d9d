"""The notebooks' kernels: papermill in a small process pool, on IPC sockets, with the cell that failed or ran
too long named (:func:`_execute`), the inputs staged for them in the build folder (:func:`stage_inputs`)."""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jzanalysis.publish.request import Inputs

#: The report run's log (one logger for the runner and its steps: the lines name it).
log = logging.getLogger("jzanalysis.publish.runner")

KERNEL = "python3"
#: Quiets the kernel process's own log: "Kernel is running over TCP without encryption" (every start) and
#: "KeyboardInterrupt caught in kernel" (jupyter_client interrupts before shutdown). Cell errors still
#: reach papermill through the messaging protocol.
KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL"]
START_TIMEOUT = 120
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
        if kind == "timeout" and number is None:  # no cell started: the kernel never answered
            evalue = (f"the kernel did not answer before any cell ran ({evalue or name}); the machine may be "
                      "too busy: try again, or with fewer --jobs")
        elif kind == "timeout" and timeout:
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
    ``../.inputs/ROLE/NAME`` (relative to the notebooks' folder, their working folder). Of a plan folder
    only the regular files within it are copied (:func:`jzanalysis.plan.files.staged_files`: a symlink to
    ``/dev/zero`` or out of the folder is refused, naming it)."""
    params = inputs.parameters()
    for role in ("plan", "actuals", "previous"):
        src = getattr(inputs, role)
        if src in (None, ""):
            continue
        dst = build / INPUTS_DIR / role / Path(src).name
        dst.parent.mkdir(parents=True, exist_ok=True)
        if Path(src).is_dir():  # a plan folder: only its regular files within it, each capped (issue 21)
            from jzanalysis.plan.files import staged_files

            for rel in staged_files(src):
                (dst / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(Path(src) / rel, dst / rel)
        else:
            shutil.copyfile(src, dst)
        params[role] = f"../{INPUTS_DIR}/{role}/{dst.name}"
    return params


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


def _staged(inputs: Inputs, build: Path) -> dict:
    """The paths the kernels are given (the prepared things are keyed by them): the copies in
    ``BUILD/.inputs/ROLE/`` (:func:`stage_inputs`), ``None`` for an input not given."""
    return {role: build / INPUTS_DIR / role / Path(src).name if src not in (None, "") else None
            for role, src in (("plan", inputs.plan), ("actuals", inputs.actuals), ("previous", inputs.previous))}
