"""Dask for the batch: a LocalCluster (one worker process per core) or a running cluster (``--scheduler``).

Dask is imported here only, when a batch starts: the package and ``jzanalysis report`` work without it
(a batch without it fails with "install jzanalysis[batch]").
"""

from __future__ import annotations

import contextlib
import logging
import os

log = logging.getLogger("jzanalysis.batch")
#: Dask settings of the batch's LocalCluster: worker processes may start the report's notebook processes
#: (not daemonic), and a job on a worker that died is run once more elsewhere, then fails (KilledWorker).
LOCAL_CONFIG = {"distributed.worker.daemon": False, "distributed.scheduler.allowed-failures": 1}
INSTALL = "jzanalysis batch needs Dask: install jzanalysis[batch] (pip install 'jzanalysis[batch]')"


class MissingDask(ImportError):
    """dask.distributed is not installed."""


def distributed():
    """The ``distributed`` module, or :class:`MissingDask` with the install line."""
    try:
        import dask  # noqa: F401
        import distributed as _distributed
    except ImportError:
        raise MissingDask(INSTALL) from None
    return _distributed


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


@contextlib.contextmanager
def client(scheduler: str | None = None, workers: int | None = None):
    """A Dask ``Client``: of the cluster at ``scheduler`` (``tcp://HOST:8786``), else of a new LocalCluster
    of ``workers`` processes (default one per core, one thread each, on 127.0.0.1), closed afterwards."""
    dd = distributed()
    import dask

    if scheduler:
        with dd.Client(scheduler, timeout="30s") as c:
            yield c
        return
    n = int(workers or default_workers())
    with dask.config.set(LOCAL_CONFIG), _quiet():
        with dd.LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                             dashboard_address=":0", silence_logs=logging.ERROR) as cluster:
            with dd.Client(cluster) as c:
                log.info("batch: a LocalCluster of %d worker process(es)", n)
                yield c


@contextlib.contextmanager
def _quiet():
    """Dask's own INFO lines (scheduler, nanny) left out of the batch's terminal: warnings and errors only."""
    logger = logging.getLogger("distributed")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)
