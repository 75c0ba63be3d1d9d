"""jzanalysis batch on a real LocalCluster of 2 worker processes (127.0.0.1): reports published whole, a
worker killed mid-job retried elsewhere, a second run skipped, a broken plan failing alone, the comparison.

Synthetic plans (jzanalysis.batch.synthetic): the bundled plan renamed to made-up areas, values changed.
"""

from __future__ import annotations

import json
import logging

import pandas as pd
import pytest

pytest.importorskip("distributed")

from jzanalysis.batch import cluster, manifest, run_batch, synthetic  # noqa: E402
from jzanalysis.batch.job import CRASH_ENV  # noqa: E402

pytestmark = pytest.mark.slow
RENAMES = {"maternal_mortality_ratio": ("maternal_deaths_ratio", "孕产妇死亡比"),
           "infant_mortality_rate": ("infant_deaths_rate", None)}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """One batch of 3 jobs (2 plans; plan b in zh and en) on a LocalCluster of 2 processes; the worker
    running b/zh/2021 ends its own process once, after building and before publishing."""
    root = tmp_path_factory.mktemp("batch")
    synthetic.make_plan(root / "plans" / "a", 0, 1.1, renames=RENAMES)
    synthetic.make_plan(root / "plans" / "b", 1, 1.0)
    m = root / "m.yaml"
    m.write_text("jobs:\n  - plan: plans/a\n  - plan: plans/b\n    languages: [zh, en]\n", encoding="utf-8")
    marker = root / "crash-marker"
    marker.write_text("b/zh/2021", encoding="utf-8")
    out = root / "out"
    mp = pytest.MonkeyPatch()
    mp.setenv(CRASH_ENV, str(marker))  # inherited by the worker processes
    logging.getLogger("distributed").setLevel(logging.ERROR)
    try:
        jobs = manifest.read_manifest(m, out)
        status = run_batch(jobs, out, workers=2)
    finally:
        mp.undo()
    return {"root": root, "out": out, "manifest": m, "marker": marker, "jobs": jobs, "status": status,
            "summary": pd.read_csv(out / "batch" / "summary.csv", keep_default_na=False)}


def test_all_published(batch):
    s = batch["summary"]
    assert batch["status"] == 0
    assert s[["plan", "year", "language", "status", "output", "error"]].values.tolist() == [
        ["a", 2021, "zh", "ok", "a/zh/2021", ""], ["b", 2021, "zh", "ok", "b/zh/2021", ""],
        ["b", 2021, "en", "ok", "b/en/2021", ""]]
    assert (s["seconds"] > 0).all()
    for key in s["output"]:
        folder = batch["out"] / key
        assert (folder / "index.html").is_file() and (folder / "data" / "assessment.csv").is_file()
        rec = json.loads((folder / "run-record.json").read_text("utf-8"))
        assert rec["year"] == 2021 and rec["formats"] == ["html"] and rec["lang"] == key.split("/")[1]
    assert '<html lang="en">' in (batch["out"] / "b/en/2021/index.html").read_text("utf-8")


def test_killed_worker_retried_elsewhere_nothing_half_written(batch):
    crashed = batch["marker"].with_name("crash-marker.pid")
    assert not batch["marker"].exists() and crashed.is_file()  # the job did end its worker once
    rec = json.loads((batch["out"] / "b/zh/2021/run-record.json").read_text("utf-8"))
    assert rec["worker"].rsplit(":", 1)[1] != crashed.read_text("utf-8")  # published by another process
    out = batch["out"]
    # nothing half-written beside or inside the job folders, and no build folder left
    leftovers = [p for p in out.rglob(".*") if p.name != ".jzanalysis-batch.lock"]
    assert leftovers == []
    assert (out / "b/zh/2021/index.html").is_file()


def test_compare_csv_hand_worked(batch):
    c = pd.read_csv(batch["out"] / "batch" / "compare.csv")
    # plans a (甲坪市, values x 1.1) and b (乙坪市, x 1.0) share all 31 Table 1-1 indicators
    assert c["plan"].value_counts().to_dict() == {"a": 31, "b": 31}
    beds = c[c["indicator_id"] == "childcare_places_per_1000"]
    # 0.99 x 1.1 = 1.089 -> 1.09 (the cell's 2 decimals); 4.5 x 1.1 = 4.95 -> 5.0, shown ≥5
    assert beds[["plan", "area", "base_year", "base_value", "target", "attribute"]].values.tolist() == [
        ["a", "甲坪市", 2020, 1.09, "≥5", "expected"], ["b", "乙坪市", 2020, 0.99, "≥4.5", "expected"]]
    # required CAGR (a): (5.0 / 1.09)^(1/5) - 1 = exp(ln(4.5872) / 5) - 1 = exp(0.30466) - 1 = 35.62 %;
    # (b): (4.5 / 0.99)^(1/5) - 1 = exp(ln(4.5455) / 5) - 1 = exp(0.30283) - 1 = 35.37 %
    assert beds["required_pace"].round(2).tolist() == [35.62, 35.37]
    # a's 孕产妇死亡比 carries the alias 孕产妇死亡率 (b's name); a's infant_deaths_rate has b's name 婴儿死亡率
    mmr = c[c["name"].isin(["孕产妇死亡比", "孕产妇死亡率"])]
    assert mmr["indicator_id"].tolist() == ["maternal_deaths_ratio", "maternal_deaths_ratio"]
    assert c[c["name"] == "婴儿死亡率"]["indicator_id"].tolist() == ["infant_deaths_rate"] * 2
    page = (batch["out"] / "batch" / "compare.html").read_text("utf-8")
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg"') == 31
    assert 'href="../a/zh/2021/index.html"' in page and "按别名匹配" in page
    from visible import problems, visible_text

    text = visible_text(page)
    assert "每千人口拥有3岁以下婴幼儿托位数（个）" in text and "1.09" in text and "≥5" in text
    assert problems(text, "zh") == []  # no snake_case ids, no nan/None, no 1e+05


def test_english_pages(batch, tmp_path):
    from visible import problems, visible_text

    from jzanalysis.batch import pages

    summary = pd.read_csv(batch["out"] / "batch" / "summary.csv", keep_default_na=False)
    pages.write_pages(summary, batch["jobs"], tmp_path, batch["out"], "en")
    page = (tmp_path / "compare.html").read_text("utf-8")
    text = visible_text(page)
    assert '<html lang="en">' in page and "Plans compared: the indicators they share" in text
    assert "Jiaping" in text and "matched by alias" in text
    assert problems(text, "en", allowed_cjk="") == []
    c = pd.read_csv(tmp_path / "compare.csv")
    assert c.loc[c["indicator_id"] == "childcare_places_per_1000", ["area", "period", "unit"]].values.tolist() == [
        ["Jiaping", "2021-2025", "places per 1,000 population"], ["Yiping", "2021-2025", "places per 1,000 population"]]
    index = visible_text((tmp_path / "index.html").read_text("utf-8"))
    assert "3 reports: 3 done, 0 skipped (unchanged), 0 failed" in index and problems(index, "en") == []


def test_second_run_skips_everything(batch):
    before = {k: (batch["out"] / k / "index.html").stat().st_mtime_ns for k in batch["summary"]["output"]}
    jobs = manifest.read_manifest(batch["manifest"], batch["out"])
    assert run_batch(jobs, batch["out"], workers=2) == 0
    s = pd.read_csv(batch["out"] / "batch" / "summary.csv", keep_default_na=False)
    assert s["status"].tolist() == ["skipped (unchanged)"] * 3
    assert s["seconds"].tolist() == [0.0] * 3
    after = {k: (batch["out"] / k / "index.html").stat().st_mtime_ns for k in s["output"]}
    assert after == before  # no report work


def test_broken_plan_fails_alone(batch, monkeypatch):
    root = batch["root"]
    bad = synthetic.make_plan(root / "plans" / "broken", 2, 1.0)
    meta = bad / "indicators.yaml"
    meta.write_text(meta.read_text("utf-8").replace("direction: lower", "direction: sideways", 1), encoding="utf-8")
    m = root / "m2.yaml"
    m.write_text(batch["manifest"].read_text("utf-8") + "  - plan: plans/broken\n", encoding="utf-8")
    records = {k: (batch["out"] / k / "run-record.json").stat().st_mtime_ns for k in batch["summary"]["output"]}
    status = run_batch(manifest.read_manifest(m, batch["out"]), batch["out"], workers=2)
    s = pd.read_csv(batch["out"] / "batch" / "summary.csv", keep_default_na=False)
    assert status == 1
    assert s["status"].tolist() == ["skipped (unchanged)"] * 3 + ["failed"]
    assert "maternal_mortality_ratio.direction: expected one of ['band', 'higher', 'lower'], found 'sideways'" \
        in s["error"].iloc[3]
    assert not (batch["out"] / "broken" / "zh" / "2021").exists()
    assert list((batch["out"] / "broken" / "zh").iterdir()) == []  # its temporary folder removed
    assert {k: (batch["out"] / k / "run-record.json").stat().st_mtime_ns for k in records} == records


def test_missing_dask_message(monkeypatch):
    import builtins

    real = builtins.__import__

    def no_dask(name, *a, **k):
        if name.split(".")[0] in ("dask", "distributed"):
            raise ImportError(name)
        return real(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    with pytest.raises(cluster.MissingDask, match=r"install jzanalysis\[batch\]"):
        cluster.distributed()
