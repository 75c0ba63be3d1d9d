"""What a failed notebook run says (publish/kernels._execute): a cell that ran too long, and a kernel that
never answered, are told apart; no real kernel is started."""

from __future__ import annotations

import pytest

from jzanalysis.publish import kernels


class CellTimeoutError(TimeoutError):
    pass


def _job(tmp_path, timeout):
    return {"name": "01_overview", "input": str(tmp_path / "in.ipynb"), "output": str(tmp_path / "out.ipynb"),
            "parameters": {}, "progress": False, "cwd": str(tmp_path), "timeout": timeout,
            "runtime": str(tmp_path / "rt")}


@pytest.fixture
def fail_with(monkeypatch):
    # _execute sets the kernel's environment in its (pool) process: here the test's, so restore it after
    for key in ("JUPYTER_RUNTIME_DIR", "JZANALYSIS_PREPARED", "JZANALYSIS_ACCEPT_IMPLAUSIBLE"):
        monkeypatch.delenv(key, raising=False)
    def set_failure(exc):
        def execute(*args, **kwargs):
            raise exc
        import papermill

        monkeypatch.setattr(papermill, "execute_notebook", execute)  # _execute imports papermill when it runs
        monkeypatch.setattr(kernels, "_register_engine", lambda: None)
    return set_failure


def test_a_cell_that_runs_too_long(tmp_path, fail_with):
    exc = CellTimeoutError("A cell timed out while it was being executed, after 30 seconds.")
    exc.jz_cell = (7, 9)  # execution count 7, the 9th cell of the notebook
    fail_with(exc)
    res = kernels._execute(_job(tmp_path, 30))
    assert (res["ok"], res["kind"], res["cell"], res["cell_no"]) == (False, "timeout", 7, 9)
    assert res["evalue"] == "the cell ran longer than 30 s (report --timeout)"
    assert kernels._cell_text(res) == "cell 9 of the notebook"


def test_a_kernel_that_never_answers_is_not_a_slow_cell(tmp_path, fail_with):
    # a timeout before any cell started, with no --timeout given: not "the cell ran longer than …"
    fail_with(TimeoutError("Timeout waiting for kernel_info reply"))
    res = kernels._execute(_job(tmp_path, None))
    assert res["kind"] == "timeout" and res["cell_no"] is None
    assert res["evalue"].startswith("the kernel did not answer before any cell ran (Timeout waiting for "
                                    "kernel_info reply)")
    assert kernels._cell_text(res) == "an unknown cell"
