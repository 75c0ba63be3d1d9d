"""Scale figures of ``jzanalysis batch`` (issue 23 §5): printed, not asserted.

    python benchmarks/bench_batch.py [--plans 8] [--years 2021,2022,2023] [--plain 6] [--cli 3]

Jobs: ``--plans`` SYNTHETIC plans (:mod:`jzanalysis.batch.synthetic`: the bundled plan renamed to made-up
areas, count and level values x 0.9-1.2) x ``--years`` with the example actuals
(``examples/actuals_example.csv``, illustrative), HTML only, one notebook process per report: 8 x 3 = 24
plan-years by default. Figures:

* jobs per minute with a LocalCluster of 1 and of 2 worker processes (the whole ``run_batch``: cluster
  start, hashing, submission, the pages), and the speed-up 2 : 1 (goal >= 1.7);
* the per-job overhead of the batch against a plain report: the batch's wall time per job with 1 worker
  against ``run_report`` called in one process for ``--plain`` of the same jobs (the strictest floor), and
  against ``--cli`` whole ``jzanalysis report`` processes (what a user runs by hand); goal < 10 %;
* peak memory per worker: the largest summed RSS of one worker process and its children (the report's
  notebook pool and kernels), sampled every 0.2 s (psutil);
* the arithmetic for 1,800 reports in 10 minutes.

On a shared machine absolute seconds are noise (the load average is printed before and after).
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACTUALS = ROOT / "examples" / "actuals_example.csv"


def cpu() -> float:
    """User + system CPU seconds of this process and of its children that have ended (the LocalCluster's
    workers once the cluster is closed, with the notebook processes they waited for)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


class TreeRSS(threading.Thread):
    """The peak summed RSS of each child process tree of this process (each LocalCluster worker)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak: dict[int, int] = {}
        self.stop = threading.Event()

    def run(self):
        import psutil

        me = psutil.Process()
        while not self.stop.is_set():
            for child in me.children():
                try:
                    total = child.memory_info().rss + sum(p.memory_info().rss for p in child.children(recursive=True))
                except psutil.Error:
                    continue
                self.peak[child.pid] = max(self.peak.get(child.pid, 0), total)
            time.sleep(0.2)


def make_jobs(root: Path, n_plans: int, years: list[int]):
    from jzanalysis.batch import synthetic

    synthetic.make_plans(root / "plans", n_plans)
    lines = ["jobs:"] + [f"  - plan: plans/synthetic-{k + 1:02d}\n    actuals: {ACTUALS}\n    years: {years}"
                         for k in range(n_plans)]
    m = root / "manifest.yaml"
    m.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return m


def timed_batch(m: Path, out: Path, workers: int) -> tuple[float, int, int, dict, float]:
    """Seconds of one whole batch, its jobs, its failures, the peak RSS per worker tree, the sum of the
    jobs' own seconds (in the workers)."""
    from jzanalysis.batch import manifest, run_batch

    shutil.rmtree(out, ignore_errors=True)
    jobs = manifest.read_manifest(m, out)
    sampler = TreeRSS()
    sampler.start()
    t, c = time.perf_counter(), cpu()
    with open(os.devnull, "w") as quiet:
        status = run_batch(jobs, out, workers=workers, force=True, stream=quiet)
    seconds = time.perf_counter() - t
    print(f"  {workers} worker(s): {seconds:.1f} s, {cpu() - c:.1f} CPU s ({(cpu() - c) / len(jobs):.2f} a job)")
    sampler.stop.set()
    import pandas as pd

    s = pd.read_csv(out / "batch" / "summary.csv")
    failures = int((s["status"] == "failed").sum())
    if status and failures:
        print(f"  ! {failures} failed: {s.loc[s['status'] == 'failed', 'error'].iloc[0]}")
    rss = {k: v for k, v in sampler.peak.items() if v > 150 * 2**20}
    return seconds, len(jobs), failures, rss, float(s["seconds"].sum())


def plain_reports(m: Path, out: Path, n: int, first: int = 0) -> tuple[float, float]:
    """Seconds and CPU seconds per report of ``run_report`` called in this process for ``n`` jobs from
    ``first``."""
    from jzanalysis.batch import manifest
    from jzanalysis.publish.runner import run_report

    jobs = manifest.read_manifest(m, out)[first:first + n]
    t, c = time.perf_counter(), cpu()
    for j in jobs:
        run_report(year=j.year, out=out / "plain" / j.key, jobs=1, formats=("html",), lang=j.lang,
                   actuals=j.actuals, plan=j.plan)
    return (time.perf_counter() - t) / len(jobs), (cpu() - c) / len(jobs)


def cli_reports(m: Path, out: Path, n: int) -> float:
    """Seconds per report of whole ``jzanalysis report`` processes for the first ``n`` jobs."""
    from jzanalysis.batch import manifest

    jobs = manifest.read_manifest(m, out)[:n]
    t = time.perf_counter()
    for j in jobs:
        subprocess.run([sys.executable, "-m", "jzanalysis", "report", "--year", str(j.year), "--plan", str(j.plan),
                        "--actuals", str(j.actuals), "--formats", "html", "--jobs", "1", "--out",
                        str(out / "cli" / j.key)], check=True, capture_output=True)
    return (time.perf_counter() - t) / len(jobs)


def arithmetic(per_min_1: float, speedup: float) -> list[str]:
    """Workers for 1,800 reports in 10 minutes: 1,800 / (10 x jobs per minute per worker)."""
    need = 1800 / 10
    lines = [f"1,800 reports in 10 min = {need:.0f} reports/min; one worker does {per_min_1:.2f}/min"]
    lines.append(f"  linear:            ceil({need:.0f} / {per_min_1:.2f}) = {math.ceil(need / per_min_1)} workers")
    eff = speedup / 2
    lines.append(f"  at the measured 2-worker efficiency {eff:.2f} ({speedup:.2f} / 2): ceil({need:.0f} / "
                 f"({per_min_1:.2f} x {eff:.2f})) = {math.ceil(need / (per_min_1 * eff))} workers")
    return lines


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--plans", type=int, default=8)
    p.add_argument("--years", default="2021,2022,2023")
    p.add_argument("--plain", type=int, default=6, help="jobs run as plain in-process reports")
    p.add_argument("--cli", type=int, default=3, help="jobs run as whole `jzanalysis report` processes")
    a = p.parse_args(argv)
    years = [int(y) for y in a.years.split(",")]
    print(f"load average before: {os.getloadavg()[0]:.2f}, cores: {os.cpu_count()}")
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        root = Path(tmp)
        m = make_jobs(root, a.plans, years)
        n = a.plans * len(years)
        print(f"{n} SYNTHETIC plan-years ({a.plans} made-up plans x years {a.years}), html, 1 notebook process each")
        half = max(1, a.plain // 2)
        before = plain_reports(m, root, half)  # before and after the batches: the load drifts
        s1, jobs, f1, rss1, own1 = timed_batch(m, root / "out1", 1)
        s2, _, f2, rss2, _ = timed_batch(m, root / "out2", 2)
        after = plain_reports(m, root, half, half)
        plain, plain_cpu = (before[0] + after[0]) / 2, (before[1] + after[1]) / 2
        print(f"  plain: {before[0]:.2f} s a report before the batches, {after[0]:.2f} s after; "
              f"{plain_cpu:.2f} CPU s a report")
        cli = cli_reports(m, root, a.cli) if a.cli else float("nan")
    j1, j2 = jobs / s1 * 60, jobs / s2 * 60
    per_job = s1 / jobs
    print(f"1 worker:  {s1:.1f} s for {jobs} jobs ({f1} failed): {j1:.2f} jobs/min, {per_job:.2f} s a job")
    print(f"2 workers: {s2:.1f} s for {jobs} jobs ({f2} failed): {j2:.2f} jobs/min; speed-up {j2 / j1:.2f}x "
          f"(goal >= 1.7)")
    own = own1 / jobs
    print(f"plain run_report in one process: {plain:.2f} s a report ({2 * half} reports, half before and half "
          "after the batches)")
    print(f"  a job in the worker (its own seconds, the summary): {own:.2f} s = {(own / plain - 1) * 100:+.1f} % "
          "against the plain report (goal < 10 %)")
    print(f"  the whole batch per job (cluster start and stop, hashing, pages: {s1 - own1:.1f} s in all, "
          f"{(s1 - own1) / jobs:.2f} s a job): {(per_job / plain - 1) * 100:+.1f} %")
    if a.cli:
        print(f"whole `jzanalysis report` processes: {cli:.2f} s a report ({a.cli} reports); batch per job "
              f"{(per_job / cli - 1) * 100:+.1f} % against it")
    for label, rss in (("1 worker", rss1), ("2 workers", rss2)):
        mb = ", ".join(f"{v / 2**20:.0f} MB" for v in sorted(rss.values(), reverse=True)[:2])
        print(f"peak RSS per worker tree ({label}): {mb}")
    for line in arithmetic(j1, j2 / j1):
        print(line)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
