"""Wall time of a full report (HTML + PDF) against the same number of EMPTY notebooks in the same pool.

    python benchmarks/bench_report.py [--jobs 2] [--actuals examples/actuals_example.csv] [--repeat 1]

The empty-notebook run is the floor that kernel start and papermill impose (one kernel per notebook,
the same process pool, the same papermill options); the ratio says how much the report's own work adds.
Default: the plan-time report (no actuals). Goal (issue 8): the full report (HTML + PDF) under 15 s on
2 cores, and the first run no slower than later ones (``--repeat 3`` shows each run). Prints figures;
asserts nothing.

Recorded (2 cores shared with other work, load average 2-4, plan-time report, ``--repeat 3``):

    before issue 8 (30-page PDF, 31 charts, nbconvert pages):  27-83 s
    after:  full report 18.9 s (runs 18.9, 21.9, 16.4); 3 empty notebooks 4.3 s; ratio 4.4
    final:  full report 17.2 s (runs 22.3, 16.3, 17.2); 3 empty notebooks 3.0 s; ratio 5.7 (load 3)
    (`make report` alone on the same machine: 14.8-24.5 s; notebooks 3-6 s each, PDF layout 5-7 s)
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent


def empty_notebooks(folder: Path, n: int) -> list[dict]:
    """``n`` notebooks with a parameters cell and nothing else, as report jobs."""
    jobs = []
    for i in range(n):
        nb = nbformat.v4.new_notebook()
        cell = nbformat.v4.new_code_cell("year: int = 2021  # report year")
        cell.metadata["tags"] = ["parameters"]
        nb.cells = [cell]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        src = folder / f"empty_{i}.ipynb"
        nbformat.write(nb, src)
        jobs.append({"name": src.stem, "input": str(src), "output": str(folder / f"out_{i}.ipynb"),
                     "parameters": {"year": 2021}, "cwd": str(folder), "progress": False})
    return jobs


def time_empty(n: int, jobs: int) -> float:
    from jzanalysis.publish.runner import _execute, _pool

    with tempfile.TemporaryDirectory() as tmp:
        work = empty_notebooks(Path(tmp), n)
        start = time.perf_counter()
        with _pool(min(jobs, n)) as pool:
            results = list(pool.map(_execute, work))
        seconds = time.perf_counter() - start
    bad = [r for r in results if not r["ok"]]
    if bad:
        raise SystemExit(f"empty notebook failed: {bad}")
    return seconds


def time_report(jobs: int, actuals: str | None, year: int | None) -> float:
    from jzanalysis.publish.runner import run_report

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        status = run_report(year=year, out=tmp, jobs=jobs, formats=("html", "pdf"), actuals=actuals)
        seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"report failed with status {status}")
    return seconds


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--actuals", default="",
                   help="actuals CSV (default: none, the plan-time report; e.g. examples/actuals_example.csv)")
    p.add_argument("--year", type=int, default=None)
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("-v", "--verbose", action="store_true", help="show the report's log")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    from jzanalysis.publish.runner import PAGES

    actuals = args.actuals or None
    if actuals and not Path(actuals).is_file():
        actuals = None
    n = len(PAGES)
    # warm the file cache and imports once so both measurements start equal
    time_empty(1, 1)
    reports, empties = [], []
    for _ in range(args.repeat):
        reports.append(time_report(args.jobs, actuals, args.year))
        empties.append(time_empty(n, args.jobs))
    full, empty = statistics.median(reports), statistics.median(empties)
    print(f"cpus: {os.cpu_count()}  jobs: {args.jobs}  notebooks: {n}  actuals: {actuals or 'none'}  "
          f"repeat: {args.repeat}")
    print(f"full report (html+pdf):      {full:6.2f} s   runs: {', '.join(f'{x:.2f}' for x in reports)}")
    print(f"{n} empty notebooks, same pool: {empty:6.2f} s   runs: {', '.join(f'{x:.2f}' for x in empties)}")
    print(f"ratio full / empty:          {full / empty:6.2f}   (full report goal < 15 s on 2 cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
