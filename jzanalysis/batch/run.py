"""The batch run: lock, skip what is unchanged, send the rest to Dask, report progress, write the pages.

``run_batch(jobs, out, ...) -> exit status`` (``jzanalysis batch``): 0 every job ok or skipped, 1 any
job failed (after all the others ran).
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

import pandas as pd

from jzanalysis.batch.manifest import BATCH_DIR, Job
from jzanalysis.batch.record import file_sha256, folder_sha256, is_unchanged, make

log = logging.getLogger("jzanalysis.batch")
#: The summary's columns (``OUT/batch/summary.csv``; docs/data_dictionary.md).
SUMMARY_COLUMNS = ["plan", "year", "language", "status", "seconds", "output", "error"]
OK, FAILED, SKIPPED = "ok", "failed", "skipped (unchanged)"


def plan_records(jobs: list[Job]) -> dict[str, dict]:
    """The run record each job's inputs give now, ``{job key: record}`` (each plan folder hashed once).

    Notes
    -----
    The folder hash (:func:`jzanalysis.batch.record.folder_sha256`) is the costly part; it is made once
    per plan folder and actuals file, then combined with each job's language, year and formats.
    """
    folders: dict[Path, str] = {}
    files: dict[Path | None, str] = {}
    out = {}
    for job in jobs:
        if job.plan not in folders:
            folders[job.plan] = folder_sha256(job.plan)
        if job.actuals not in files:
            files[job.actuals] = file_sha256(job.actuals)
        out[job.key] = make(folders[job.plan], files[job.actuals], job.spec())
    return out


def split(jobs: list[Job], records: dict, force: bool) -> tuple[list[Job], list[Job]]:
    """``(to run, skipped)``: a job is skipped when its folder's run record equals its record now."""
    if force:
        return list(jobs), []
    skipped = [j for j in jobs if is_unchanged(j.spec(), records[j.key])]
    return [j for j in jobs if j not in skipped], skipped


def progress_line(done: int, total: int, failures: int, elapsed: float) -> str:
    """``done N/M, failures F, about S s left``.

    Notes
    -----
    S = elapsed / done x (total - done), rounded: the remaining jobs at the pace so far (all workers
    together); ``?`` before the first job has finished.
    """
    left = f"{elapsed / done * (total - done):.0f}" if done else "?"
    return f"done {done}/{total}, failures {failures}, about {left} s left"


def _job_line(job: Job, row: dict) -> str:
    text = f"{row['status']:<7} {job.label} {job.year} {job.lang}  {row['seconds']:.1f} s  {job.key}"
    return text + (f"  {row['error']}" if row.get("error") else "")


def _row(job: Job, status: str, seconds: float, error: str, out: Path) -> dict:
    return {"plan": job.label, "year": job.year, "language": job.lang, "status": status,
            "seconds": round(float(seconds), 1), "output": job.out.relative_to(out).as_posix(), "error": error}


def _result(fut) -> dict:
    """A finished future's row; a job whose worker died twice (KilledWorker) or that raised: failed."""
    try:
        return fut.result()
    except Exception as exc:  # noqa: BLE001  (the job's failure is its one line)
        from jzanalysis.errors import shorten

        return {"status": FAILED, "seconds": 0.0, "error": shorten(f"{type(exc).__name__}: {exc}", 300)}


def submit_all(client, jobs: list[Job], records: dict, report_jobs: int, timeout: float) -> dict:
    """Send every job to the cluster (``retries=1``: a job that raised runs once more); ``{future: job}``."""
    from jzanalysis.batch.job import run_job

    futures = {}
    for job in jobs:
        fut = client.submit(run_job, job.spec(), records[job.key], report_jobs, timeout, retries=1, pure=False,
                            key=f"jzanalysis-{job.key}-{time.time_ns()}")
        futures[fut] = job
    return futures


def gather(futures: dict, out: Path, total: int, done: int, stream=None) -> tuple[list[dict], int]:
    """Wait for the jobs, one line per finished job and the progress line on ``stream`` (stderr)."""
    from jzanalysis.batch.cluster import distributed

    stream = stream or sys.stderr
    t0, rows, failures = time.time(), [], 0
    for fut in distributed().as_completed(list(futures)):
        job = futures[fut]
        res = _result(fut)
        status = OK if res.get("status") == OK else FAILED
        failures += status == FAILED
        row = _row(job, status, res.get("seconds", 0.0), res.get("error", ""), out)
        row["worker"] = res.get("worker", "")
        rows.append(row)
        done += 1
        print(_job_line(job, row), file=stream)
        print(progress_line(done, total, failures, time.time() - t0), file=stream, flush=True)
    return rows, failures


def summary_frame(rows: list[dict], jobs: list[Job], out: Path) -> pd.DataFrame:
    """The summary in the jobs' order (manifest order), columns :data:`SUMMARY_COLUMNS`."""
    by_key = {r["output"]: r for r in rows}
    ordered = [by_key[j.out.relative_to(out).as_posix()] for j in jobs if j.out.relative_to(out).as_posix() in by_key]
    return pd.DataFrame(ordered, columns=SUMMARY_COLUMNS)


def run_batch(jobs: list[Job], out, scheduler: str | None = None, workers: int | None = None, force: bool = False,
              lang: str = "zh", report_jobs: int = 1, timeout: float = 600.0, stream=None) -> int:
    """Run the batch and write ``OUT/batch/summary.csv``, ``index.html``, ``compare.csv``, ``compare.html``.

    Parameters
    ----------
    jobs : list of Job
        From :func:`jzanalysis.batch.manifest.read_manifest` or :func:`~jzanalysis.batch.manifest.plan_jobs`.
    out : path-like
        The batch's out folder (locked for the run: :func:`jzanalysis.batch.lock.batch_lock`).
    scheduler : str, optional
        ``tcp://HOST:8786`` of a running Dask cluster; default a LocalCluster of ``workers`` processes.
    force : bool
        Rerun jobs whose run record is unchanged.
    lang : str
        Language of the batch pages.
    report_jobs, timeout
        Notebook processes and cell timeout of each report.

    Returns
    -------
    int
        0 every job ok or skipped; 1 any job failed.
    """
    import jzanalysis.batch.cluster as cluster
    import jzanalysis.batch.pages as pages
    from jzanalysis.batch.lock import batch_lock

    out = Path(out).resolve()
    stream = stream or sys.stderr
    with batch_lock(out):
        records = plan_records(jobs)
        todo, skipped = split(jobs, records, force)
        rows = [_row(j, SKIPPED, 0.0, "", out) for j in skipped]
        for j, r in zip(skipped, rows):
            print(_job_line(j, r), file=stream)
        failures = 0
        if todo:
            with cluster.client(scheduler, workers) as c:
                futures = submit_all(c, todo, records, report_jobs, timeout)
                done_rows, failures = gather(futures, out, len(jobs), len(skipped), stream)
            rows += done_rows
        from jzanalysis.batch.job import clean_temporary

        for j in jobs:  # what killed attempts left beside the job folders
            clean_temporary(j.out)
        summary = summary_frame(rows, jobs, out)
        pages.write_pages(summary, jobs, out / BATCH_DIR, out, lang)
    print(f"batch: {len(jobs)} jobs: {(summary['status'] == OK).sum()} ok, {len(skipped)} skipped (unchanged), "
          f"{failures} failed; {out / BATCH_DIR / 'index.html'}", file=stream)
    return 1 if failures else 0
