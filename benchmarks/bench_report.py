"""Wall time of every kind of report against the floor, measured side by side (issue 15 §10).

    python benchmarks/bench_report.py [--pairs 3] [--kinds plan,monitoring,final] [--jobs 2] [-v]

The floor: three one-cell notebooks run through papermill's API in a pool of ``--jobs`` processes (the
report's own pool, papermill options and kernel manager: ``jzanalysis.publish.kernels._execute``), as one
whole process (Python start, imports, pool, kernels). The report: ``python -m jzanalysis report`` (HTML
and PDF) as one whole process too, into a fresh folder. Kinds:

* ``plan``: the plan-time report (no actuals);
* ``monitoring``: ``--actuals examples/actuals_example.csv`` (the 2023 example);
* ``final``: ``--actuals tests/cases/actuals_final_2025.csv --year 2025``.

Floor and report alternate (floor first in even pairs, report first in odd ones, so a drift in the
machine's load hits both alike); the ratio is taken per pair and its median printed. Peak memory:
the peak of the whole process tree's summed RSS (parent, pool workers, kernels) and the
largest single process, sampled every 20 ms (psutil). CPU: user + system seconds of the whole tree
(on 2 busy cores the wall-clock ratio drifts towards the CPU ratio). The load average before and after is
printed: on a shared machine absolute seconds are noise, the paired ratio is the figure. Goal: ratio
at most 2 for every kind. Prints figures; asserts nothing.

Recorded (2 cores, nothing else running but the benchmark; see docs/reports.md, "Speed", for the table):

    issue 15 (idle):   plan-time 8.2 s median, ratio 3.95 (3 pairs); 2023 monitoring about 16 s
    before §10:        plan-time 15.3 s, ratio 3.90, 22.0 CPU s; monitoring 25.6 s, 7.05, 32.2 CPU s;
                       final 21.1 s, 5.41, 28.3 CPU s
    after §10:         plan-time 5.4-5.7 s, ratio 1.33-1.39, 7.1-7.3 CPU s; monitoring 6.8-7.7 s,
                       1.60-1.79, 8.4-9.0 CPU s; final 7.0-7.2 s, 1.29-1.82, 8.9-9.0 CPU s (floor 3.8-7.2 s)
    peak RSS (tree):   after §10 482-542 MB (before up to 1,039 MB); the floor 354-387 MB
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = {
    "plan": [],
    "monitoring": ["--actuals", str(ROOT / "examples" / "actuals_example.csv")],
    "final": ["--actuals", str(ROOT / "tests" / "cases" / "actuals_final_2025.csv"), "--year", "2025"],
}
#: What the floor process runs (``python -c``): the report's pool and papermill call on 3 one-cell notebooks.
FLOOR = r"""
import sys, tempfile
from pathlib import Path
import nbformat
from jzanalysis.publish.kernels import _execute, _pool
n, jobs = int(sys.argv[1]), int(sys.argv[2])
with tempfile.TemporaryDirectory() as tmp:
    work = []
    for i in range(n):
        nb = nbformat.v4.new_notebook()
        cell = nbformat.v4.new_code_cell("year: int = 2021  # report year")
        cell.metadata["tags"] = ["parameters"]
        nb.cells = [cell]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        src = Path(tmp) / f"empty_{i}.ipynb"
        nbformat.write(nb, src)
        work.append({"name": src.stem, "input": str(src), "output": str(Path(tmp) / f"out_{i}.ipynb"),
                     "parameters": {"year": 2021}, "cwd": tmp, "progress": False})
    with _pool(min(jobs, n)) as pool:
        bad = [r for r in pool.map(_execute, work) if not r["ok"]]
if bad:
    sys.exit(f"empty notebook failed: {bad}")
"""


def _tree_rss(pid: int) -> tuple[int, int]:
    """(summed RSS, largest single RSS) in bytes of ``pid`` and all its descendants (0, 0 when psutil is
    missing or the process ended)."""
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil comes with ipykernel
        return 0, 0
    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0, 0
    sizes = []
    for p in procs:
        try:
            sizes.append(p.memory_info().rss)
        except psutil.Error:
            pass
    return sum(sizes), max(sizes, default=0)


def run(argv: list[str], verbose: bool = False) -> dict:
    """Run ``argv`` as one process; wall seconds, exit status, peak tree RSS and largest single RSS (MB)."""
    peak = [0, 0]
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=None if verbose else subprocess.DEVNULL,
                            stderr=None if verbose else subprocess.PIPE, text=True)
    done = threading.Event()

    def sample():
        while not done.is_set():
            tree, single = _tree_rss(proc.pid)
            peak[0], peak[1] = max(peak[0], tree), max(peak[1], single)
            done.wait(0.02)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    thread.join()
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = now.ru_utime + now.ru_stime - used.ru_utime - used.ru_stime
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:4])} ... failed with status {proc.returncode}:\n{(err or '')[-2000:]}")
    return {"seconds": seconds, "cpu": cpu, "tree_mb": peak[0] / 2**20, "single_mb": peak[1] / 2**20}


def floor(jobs: int, verbose: bool = False) -> dict:
    return run([sys.executable, "-c", FLOOR, "3", str(jobs)], verbose)


def report(kind: str, jobs: int, verbose: bool = False) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        return run([sys.executable, "-m", "jzanalysis", "report", "--out", tmp, "--jobs", str(jobs),
                    "--formats", "html,pdf", *KINDS[kind], *(["-v"] if verbose else [])], verbose)


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover
        return "?"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--pairs", type=int, default=3, help="floor/report pairs per kind (default 3)")
    p.add_argument("--kinds", default=",".join(KINDS), help=f"comma list of {', '.join(KINDS)}")
    p.add_argument("-v", "--verbose", action="store_true", help="show the report's log")
    args = p.parse_args(argv)
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    bad = [k for k in kinds if k not in KINDS]
    if bad:
        p.error(f"unknown kind(s) {', '.join(bad)}; expected {', '.join(KINDS)}")
    print(f"cpus: {os.cpu_count()}  jobs: {args.jobs}  pairs: {args.pairs}  load average before: {_load()}",
          flush=True)
    floor(args.jobs)  # warm the file cache and the font cache once, so both sides start equal
    report(kinds[0], args.jobs)
    rows = []
    for kind in kinds:
        floors, reports = [], []
        for i in range(args.pairs):
            if i % 2 == 0:
                floors.append(floor(args.jobs))
                reports.append(report(kind, args.jobs, args.verbose))
            else:
                reports.append(report(kind, args.jobs, args.verbose))
                floors.append(floor(args.jobs))
        ratios = [r["seconds"] / f["seconds"] for r, f in zip(reports, floors)]
        row = {"kind": kind, "report": statistics.median(r["seconds"] for r in reports),
               "floor": statistics.median(f["seconds"] for f in floors), "ratio": statistics.median(ratios),
               "tree_mb": max(r["tree_mb"] for r in reports),
               "single_mb": max(r["single_mb"] for r in reports),
               "floor_tree_mb": max(f["tree_mb"] for f in floors),
               "cpu": statistics.median(r["cpu"] for r in reports), "floor_cpu": statistics.median(f["cpu"] for f in floors)}
        rows.append(row)
        runs = ", ".join(f"{r['seconds']:.2f}/{f['seconds']:.2f}" for r, f in zip(reports, floors))
        print(f"{kind:<11} report {row['report']:6.2f} s  floor {row['floor']:5.2f} s  ratio {row['ratio']:5.2f}"
              f"  (pairs report/floor: {runs})  CPU s report {row['cpu']:.1f} floor {row['floor_cpu']:.1f}"
              f"  peak RSS: tree {row['tree_mb']:.0f} MB, largest process {row['single_mb']:.0f} MB"
              f" (floor tree {row['floor_tree_mb']:.0f} MB)  load {_load()}", flush=True)
    print(f"load average after: {_load()}")
    worst = max(rows, key=lambda r: r["ratio"])
    print(f"worst ratio: {worst['ratio']:.2f} ({worst['kind']}); goal: at most 2 for every kind")
    return 0


if __name__ == "__main__":
    sys.exit(main())
