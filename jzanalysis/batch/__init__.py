"""Many plans, one run: ``jzanalysis batch`` -- every (plan, year, language) one report, on Dask.

* :mod:`~jzanalysis.batch.manifest`: the job list (a YAML or CSV manifest, or ``--plans DIR/*``);
* :mod:`~jzanalysis.batch.record`: the run record of a published job (skip what is unchanged);
* :mod:`~jzanalysis.batch.job`: one job in a worker (the ``report`` library call, published whole);
* :mod:`~jzanalysis.batch.cluster`: a LocalCluster or a running cluster (``--scheduler``); Dask is
  imported only there, when a batch starts (``pip install 'jzanalysis[batch]'``);
* :mod:`~jzanalysis.batch.lock`: one batch at a time per out folder;
* :mod:`~jzanalysis.batch.run`: :func:`run_batch` -- progress, summary, exit status;
* :mod:`~jzanalysis.batch.compare`, :mod:`~jzanalysis.batch.chart`, :mod:`~jzanalysis.batch.pages`: the
  comparison of the shared indicators, its charts and the batch's pages;
* :mod:`~jzanalysis.batch.synthetic`: synthetic plans (the bundled plan renamed, values changed) for tests
  and benchmarks.

Layout of ``OUT`` (``--out``)::

    OUT/ENTRY/LANG/YEAR/      one job: the report (index.html, html/, data/, downloads/) + run-record.json
    OUT/batch/summary.csv     one row per job; index.html the same as a page
    OUT/batch/compare.csv     the shared indicators, one row per plan; compare.html with a chart each
    OUT/.jzanalysis-batch.lock
"""

from jzanalysis.batch.manifest import Job, plan_jobs, read_manifest
from jzanalysis.batch.run import run_batch

__all__ = ["Job", "plan_jobs", "read_manifest", "run_batch"]
