"""jzanalysis batch --scheduler: a real ``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1
(free ports), the same jobs sent to them through the command line; all stopped in teardown."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pandas as pd
import pytest

pytest.importorskip("distributed")

from jzanalysis import paths  # noqa: E402
from jzanalysis.batch import synthetic  # noqa: E402

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, seconds: float = 60.0) -> None:
    end = time.time() + seconds
    while time.time() < end:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise TimeoutError(f"no scheduler on 127.0.0.1:{port}")


@pytest.fixture()
def dask_cluster(tmp_path):
    """``dask scheduler`` + 2 ``dask worker`` processes (the package on PYTHONPATH, workers not daemonic)."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(paths.ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "DASK_DISTRIBUTED__WORKER__DAEMON": "False", "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1"}
    log = open(tmp_path / "dask.log", "wb")
    procs = [subprocess.Popen([sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], env=env, stdout=log, stderr=log)]
    try:
        _wait_for(port)
        address = f"tcp://127.0.0.1:{port}"
        for _ in range(2):
            procs.append(subprocess.Popen([sys.executable, "-m", "dask", "worker", address, "--nthreads", "1",
                                           "--nworkers", "1", "--host", "127.0.0.1", "--no-dashboard"],
                                          env=env, stdout=log, stderr=log))
        _wait_workers(address, 2)
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in reversed(procs):
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
        log.close()


def _wait_workers(address: str, n: int, seconds: float = 90.0) -> None:
    from distributed import Client

    with Client(address, timeout="30s") as c:
        c.wait_for_workers(n, timeout=seconds)


def test_batch_on_a_running_scheduler(dask_cluster, tmp_path):
    synthetic.make_plan(tmp_path / "plans" / "a", 0, 1.1)
    synthetic.make_plan(tmp_path / "plans" / "b", 1, 1.0)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "jzanalysis", "batch", "--plans", str(tmp_path / "plans" / "*"), "--out", str(out),
           "--scheduler", dask_cluster]
    env = {**os.environ, "PYTHONPATH": str(paths.ROOT)}
    res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-2000:]
    s = pd.read_csv(out / "batch" / "summary.csv", keep_default_na=False)
    assert s[["plan", "year", "language", "status", "output"]].values.tolist() == [
        ["a", 2021, "zh", "ok", "a/zh/2021"], ["b", 2021, "zh", "ok", "b/zh/2021"]]
    # progress on stderr: one line per job, then done N/M
    assert "done 2/2, failures 0, about 0 s left" in res.stderr
    assert res.stderr.count("done ") == 2
    c = pd.read_csv(out / "batch" / "compare.csv")
    # life expectancy (岁, a level row): 77.3 x 1.1 = 85.03 -> 85.0 (a), 77.3 (b)
    life = c[c["indicator_id"] == "life_expectancy"]
    assert life[["plan", "base_value"]].values.tolist() == [["a", 85.0], ["b", 77.3]]
    # the same command again: nothing to do, no cluster needed
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and again.stderr.count("skipped (unchanged)") >= 2
