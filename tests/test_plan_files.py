"""A plan folder is untrusted input (issue 21, item 8): only regular files within it, each size-capped,
are read or staged; YAML aliases are refused before they expand; every refusal names the file."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from jzanalysis import paths
from jzanalysis.errors import InputError
from jzanalysis.plan.config import load_plan_config
from jzanalysis.plan.files import YAML_MAX_BYTES, staged_files
from jzanalysis.plan.metadata import load_metadata


@pytest.fixture()
def folder(tmp_path) -> Path:
    """A copy of the bundled plan folder (regular files only)."""
    dst = tmp_path / "plan"
    shutil.copytree(paths.DEFAULT_PLAN, dst)
    return dst


def laughs(depth: int) -> str:
    """The "billion laughs": each level a list of ten aliases of the one before; ``depth`` levels expand
    to 10**depth strings (depth 8: 100 million) from about 60 * depth bytes."""
    out = ["a0: &a0 [lol]"]
    for i in range(1, depth + 1):
        out.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    return "\n".join(out) + "\n"


def test_yaml_aliases_are_refused_before_they_expand(folder):
    text = (folder / "plan.yaml").read_text(encoding="utf-8")
    (folder / "plan.yaml").write_text(text + laughs(8), encoding="utf-8")
    t0 = time.perf_counter()
    with pytest.raises(InputError) as err:
        load_plan_config(folder)
    assert time.perf_counter() - t0 < 2  # 10**8 nodes were never built
    lines = text.count("\n")
    # the first anchor is on the first added line: plan.yaml's lines + 1
    assert err.value.path.endswith("plan.yaml") and err.value.line == lines + 1
    assert "anchors and aliases" in err.value.message


def test_aliases_in_the_indicator_metadata_are_refused(folder):
    meta = folder / "indicators.yaml"
    meta.write_text(laughs(3) + meta.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_metadata(meta)
    assert err.value.path == str(meta) and err.value.line == 1


def test_plan_yaml_as_a_symlink_to_dev_zero_or_a_fifo_is_refused(folder):
    (folder / "plan.yaml").unlink()
    (folder / "plan.yaml").symlink_to("/dev/zero")
    with pytest.raises(InputError) as err:
        load_plan_config(folder)
    assert err.value.path.endswith("plan.yaml") and "outside the plan folder" in err.value.message
    (folder / "plan.yaml").unlink()
    os.mkfifo(folder / "plan.yaml")
    with pytest.raises(InputError) as err:  # refused before it is opened: never blocks
        load_plan_config(folder)
    assert err.value.path.endswith("plan.yaml") and "FIFO" in err.value.message


def test_a_huge_plan_yaml_is_refused(folder):
    with open(folder / "plan.yaml", "a", encoding="utf-8") as fh:
        fh.write("#" * (YAML_MAX_BYTES + 1))
    with pytest.raises(InputError, match="refused"):
        load_plan_config(folder)


@pytest.mark.parametrize("target, words", [
    ("/dev/zero", "outside the plan folder"),
    ("../../outside.txt", "outside the plan folder"),
])
def test_a_named_file_that_leads_out_of_the_folder_is_refused(folder, target, words):
    text_line = next(i for i, ln in enumerate((folder / "plan.yaml").read_text().split("\n"), 1)
                     if ln.startswith("text:"))
    (folder.parent / "outside.txt").write_text("x\n", encoding="utf-8")
    link = folder / "raw" / "link.txt"
    link.symlink_to(target)
    text = (folder / "plan.yaml").read_text(encoding="utf-8")
    (folder / "plan.yaml").write_text(
        "\n".join("text: raw/link.txt" if ln.startswith("text:") else ln for ln in text.split("\n")),
        encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_plan_config(folder)
    assert err.value.path.endswith("plan.yaml") and err.value.line == text_line and err.value.field == "text"
    assert "raw/link.txt" in err.value.message and words in err.value.message


def test_an_absolute_path_in_plan_yaml_is_refused(folder):
    text = (folder / "plan.yaml").read_text(encoding="utf-8")
    (folder / "plan.yaml").write_text(text.replace("metadata: indicators.yaml", f"metadata: {paths.INDICATOR_META}"),
                                      encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_plan_config(folder)
    assert err.value.field == "metadata" and "outside the plan folder" in err.value.message


def test_staging_copies_only_regular_files_and_refuses_a_stray_device_link(folder, tmp_path):
    from jzanalysis.publish.kernels import stage_inputs
    from jzanalysis.publish.request import Inputs

    # the bundled folder: its 7 regular files (plan.yaml, indicators.yaml, narrative_series.yaml and the
    # four under raw/)
    assert [str(p) for p in staged_files(folder)] == [
        "indicators.yaml", "narrative_series.yaml", "plan.yaml", "raw/PROVENANCE.md", "raw/benchmarks.csv",
        "raw/jinzhong_14th_fyp_public_services_2021_2025.txt", "raw/population.csv"]
    inputs = Inputs(year=2023, out=tmp_path / "out", jobs=1, formats=("html",), lang="zh", plan=folder,
                    actuals=None, previous=None)
    build = tmp_path / "build"
    stage_inputs(inputs, build)
    staged = sorted(str(p.relative_to(build / ".inputs" / "plan" / "plan"))
                    for p in (build / ".inputs" / "plan" / "plan").rglob("*") if p.is_file())
    assert staged == [str(p) for p in staged_files(folder)]
    (folder / "raw" / "zero").symlink_to("/dev/zero")
    t0 = time.perf_counter()
    with pytest.raises(InputError) as err:
        stage_inputs(inputs, tmp_path / "build2")
    assert time.perf_counter() - t0 < 2 and err.value.path.endswith("raw/zero")
    assert "outside the plan folder" in err.value.message
