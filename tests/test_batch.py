"""jzanalysis batch without a cluster: the manifest, the run record, the lock, the matching and the
comparison table, the progress line, the synthetic plans (hand-worked values)."""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import pytest

from jzanalysis import paths
from jzanalysis.batch import compare, manifest, record, synthetic
from jzanalysis.batch.lock import batch_lock
from jzanalysis.batch.run import progress_line
from jzanalysis.errors import InputError


@pytest.fixture()
def plans(tmp_path):
    """Two plan folders (copies of the bundled plan)."""
    import shutil

    for name in ("p1", "p2"):
        shutil.copytree(paths.DEFAULT_PLAN, tmp_path / "plans" / name)
    return tmp_path


def test_yaml_manifest_jobs_and_folders(plans):
    m = plans / "m.yaml"
    m.write_text("defaults: {formats: [html]}\njobs:\n  - plan: plans/p1\n    years: [2022, 2023]\n"
                 "    languages: [zh, en]\n  - plan: plans/p2\n    out: second\n", encoding="utf-8")
    jobs = manifest.read_manifest(m, plans / "out")
    # p1: 2 years x 2 languages = 4 jobs; p2: default year = the period's first year (2021), zh
    assert [(j.label, j.year, j.lang, j.key) for j in jobs] == [
        ("p1", 2022, "zh", "p1/zh/2022"), ("p1", 2022, "en", "p1/en/2022"), ("p1", 2023, "zh", "p1/zh/2023"),
        ("p1", 2023, "en", "p1/en/2023"), ("p2", 2021, "zh", "second/zh/2021")]
    assert jobs[0].out == (plans / "out" / "p1" / "zh" / "2022").resolve()
    assert jobs[0].formats == ("html",) and jobs[0].where[1] == 3  # the entry's line


def test_csv_manifest_and_default_year_from_actuals(plans):
    actuals = plans / "a.csv"
    actuals.write_text("id,year,value\nlife_expectancy,2022,78.0\nlife_expectancy,2023,78.2\n", encoding="utf-8")
    m = plans / "m.csv"
    m.write_text("plan,actuals,years,languages,out\nplans/p1,a.csv,,zh;en,\nplans/p2,,2024,,x\n", encoding="utf-8")
    jobs = manifest.read_manifest(m, plans / "out")
    # the latest year in a.csv is 2023
    assert [(j.key, j.actuals.name if j.actuals else None) for j in jobs] == [
        ("p1/zh/2023", "a.csv"), ("p1/en/2023", "a.csv"), ("x/zh/2024", None)]
    assert [j.where[1] for j in jobs] == [2, 2, 3]


@pytest.mark.parametrize("text, message", [
    ("jobs:\n  - plan: plans/p1\n  - plan: plans/nowhere\n", "m.yaml:3: plan: plans/nowhere: not a plan folder"),
    ("jobs:\n  - plan: plans/p1\n    years: [twenty]\n", "m.yaml:3: years: expected years such as 2023"),
    ("jobs:\n  - plan: plans/p1\n    languages: [fr]\n", "m.yaml:3: languages: expected some of"),
    ("jobs:\n  - plan: plans/p1\n    colour: red\n", "m.yaml:3: colour: unknown key"),
    ("jobs:\n  - plan: plans/p1\n  - plan: plans/p1\n", "m.yaml:3: out: p1/zh/2021 is also the folder"),
    ("jobs:\n  - plan: plans/p1\n    out: ../elsewhere\n", "m.yaml:3: out: '../elsewhere': expected a folder"),
    ("jobs:\n  - plan: plans/p1\n    out: batch\n", "m.yaml:3: out: 'batch': batch/ holds"),
    ("jobs: [\n", "m.yaml:2: yaml:"),
    ("plans: []\n", "m.yaml:1: jobs: expected a list of jobs"),
])
def test_bad_manifest_one_line(plans, text, message):
    m = plans / "m.yaml"
    m.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        manifest.read_manifest(m, plans / "out")
    assert message in err.value.render().replace(str(plans) + "/", "")


def test_cli_bad_manifest_exit_2(plans, capsys):
    from jzanalysis.cli import main

    m = plans / "m.yaml"
    m.write_text("jobs:\n  - plan: plans/p1\n    years: [1999x]\n", encoding="utf-8")
    assert main(["batch", str(m), "--out", str(plans / "out")]) == 2
    err = capsys.readouterr().err
    assert "m.yaml:3: years: expected years such as 2023, found '1999x'" in err
    assert not (plans / "out" / "batch").exists()


def test_plans_option_expands_a_pattern(plans):
    (plans / "plans" / "README.md").write_text("not a plan", encoding="utf-8")
    jobs = manifest.plan_jobs([str(plans / "plans" / "*")], plans / "out", {"years": "2022", "languages": "zh,en"})
    assert [j.key for j in jobs] == ["p1/zh/2022", "p1/en/2022", "p2/zh/2022", "p2/en/2022"]


def test_folder_hash_by_hand(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_bytes(b"xy")
    (tmp_path / "b" / "c.txt").write_bytes(b"")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_bytes(b"ignored")
    # sorted relative paths: a.txt (2 bytes "xy"), b/c.txt (0 bytes); hidden folders left out
    want = hashlib.sha256(b"a.txt\x002\x00xy" + b"b/c.txt\x000\x00").hexdigest()
    assert record.folder_sha256(tmp_path) == want
    (tmp_path / "b" / "c.txt").write_bytes(b"!")
    assert record.folder_sha256(tmp_path) != want


def test_run_record_skip_rules(tmp_path):
    plan = tmp_path / "plan"
    plan.mkdir()
    (plan / "plan.yaml").write_text("x", encoding="utf-8")
    out = tmp_path / "out"
    spec = {"plan": str(plan), "actuals": "", "lang": "zh", "year": 2021, "formats": ["html"], "out": str(out)}
    rec = record.current(spec)
    assert rec["plan_sha256"] == hashlib.sha256(b"plan.yaml\x001\x00x").hexdigest()
    assert rec["actuals_sha256"] == "" and rec["year"] == 2021 and rec["formats"] == ["html"]
    assert not record.is_unchanged(spec)  # nothing published
    out.mkdir()
    (out / "index.html").write_text("<html>", encoding="utf-8")
    record.write(out, rec)
    assert json.loads((out / record.RECORD).read_text("utf-8"))["lang"] == "zh"
    assert record.is_unchanged(spec)
    assert not record.is_unchanged({**spec, "lang": "en"})
    assert not record.is_unchanged({**spec, "formats": ["html", "pdf"]})
    (plan / "plan.yaml").write_text("y", encoding="utf-8")
    assert not record.is_unchanged(spec)


def test_lock_refuses_a_second_batch(tmp_path):
    with batch_lock(tmp_path) as path:
        assert path.read_text().strip().isdigit()
        with pytest.raises(InputError) as err:
            with batch_lock(tmp_path):
                pass
        assert "another batch (PID" in err.value.render()
    with batch_lock(tmp_path):  # released
        pass


def test_cli_refused_while_locked(plans, capsys):
    from jzanalysis.cli import main

    m = plans / "m.yaml"
    m.write_text("jobs:\n  - plan: plans/p1\n", encoding="utf-8")
    with batch_lock(plans / "out"):
        assert main(["batch", str(m), "--out", str(plans / "out")]) == 2
    assert "another batch (PID" in capsys.readouterr().err


def test_progress_line():
    # 3 of 12 done in 30 s: 10 s a job, 9 left -> about 90 s
    assert progress_line(3, 12, 1, 30.0) == "done 3/12, failures 1, about 90 s left"
    assert progress_line(0, 4, 0, 0.0) == "done 0/4, failures 0, about ? s left"


def test_normalise():
    assert compare.normalise("每千人口医院床位数（张）") == "每千人口医院床位数"
    assert compare.normalise("人均 体育场地面积 (平方米)") == "人均体育场地面积"
    assert compare.normalise("人均预期寿命岁", "岁") == "人均预期寿命"


def _rows():
    common = {"unit": "张", "unit_en": "", "name_en": "", "baseline_year": 2020, "target_op": ">=",
              "band_halfwidth": None, "direction": "higher", "attribute": "expected", "feasibility": "reachable",
              "required_pace": 2.5, "status": None, "report_year": 2021, "target_year_plan": 2025}
    return pd.DataFrame([
        {**common, "plan": "p1", "area": "甲市", "area_en": "A", "period": "十四五 2021-2025", "id": "beds",
         "name": "每千人口医院床位数", "aliases": [], "baseline_value": 5.0, "target_value": 6.0},
        {**common, "plan": "p1", "area": "甲市", "area_en": "A", "period": "十四五 2021-2025", "id": "mmr",
         "name": "孕产妇死亡率", "aliases": [], "baseline_value": 7.85, "target_value": 12.5, "target_op": "<="},
        {**common, "plan": "p1", "area": "甲市", "area_en": "A", "period": "十四五 2021-2025", "id": "only1",
         "name": "只在甲", "aliases": [], "baseline_value": 1.0, "target_value": 2.0},
        {**common, "plan": "p2", "area": "乙市", "area_en": "B", "period": "十五五 2026-2030", "id": "beds",
         "name": "医院床位", "aliases": [], "baseline_value": 4.0, "target_value": 4.5},
        {**common, "plan": "p2", "area": "乙市", "area_en": "B", "period": "十五五 2026-2030", "id": "maternal",
         "name": "孕产妇死亡比", "aliases": ["孕产妇死亡率"], "baseline_value": 9.0, "target_value": 10.0,
         "target_op": "<="},
        {**common, "plan": "p3", "area": "丙市", "area_en": "C", "period": "十四五 2021-2025", "id": "b3",
         "name": "每千人口医院床位数 （张）", "aliases": [], "baseline_value": 3.0, "target_value": 3.3},
    ])


def test_match_by_id_then_alias_then_name():
    m = compare.match(_rows())
    assert list(m["group"]) == ["beds", "mmr", "", "beds", "mmr", "beds"]
    # p1/p2 beds share the id; p2's 孕产妇死亡比 lists 孕产妇死亡率 as an alias; p3's name without
    # spaces and the bracketed unit is p1's 每千人口医院床位数
    assert list(m["matched_by"]) == ["id", "alias", "", "id", "alias", "name"]
    assert compare.unmatched(m) == {"p1": ["只在甲"]}


def test_compare_rows_by_hand():
    table = compare.compare_frame(compare.match(_rows()))
    assert list(table.columns) == compare.COLUMNS
    beds = table[table["indicator_id"] == "beds"]
    assert beds[["plan", "area", "base_year", "base_value", "target"]].values.tolist() == [
        ["p1", "甲市", 2020, 5.0, "≥6"], ["p2", "乙市", 2020, 4.0, "≥4.5"], ["p3", "丙市", 2020, 3.0, "≥3.3"]]
    mmr = table[table["indicator_id"] == "mmr"]
    assert mmr[["plan", "name", "target", "verdict"]].values.tolist() == [
        ["p1", "孕产妇死亡率", "≤12.5", "reachable"], ["p2", "孕产妇死亡比", "≤10", "reachable"]]
    assert set(table["final_status"]) == {""}  # 2021 reports: before the target year


def test_final_status_at_the_target_year():
    row = {"status": "not_achieved", "status_zh_review": "基本完成", "report_year": 2025, "target_year_plan": 2025}
    assert compare.final_status(row) == "mostly_done"
    assert compare.final_status({**row, "report_year": 2024}) == ""


def test_compare_chart_positions():
    from jzanalysis.batch.chart import compare_svg

    rows = pd.DataFrame([{"label": "甲市", "base_value": 10.0, "target_value": 20.0, "latest_value": None},
                         {"label": "乙市", "base_value": 15.0, "target_value": 20.0, "latest_value": None}])
    svg = compare_svg("beds", "床位", rows, {"base": "基期值", "target": "目标值", "latest": "最新值"})
    # axis 9.2..20.8 (10..20 widened by 8 %); plot from x=150 to 500-8-10=482 (332 wide):
    # 10 -> 150 + 332 x 0.8/11.6 = 172.9; 20 -> 150 + 332 x 10.8/11.6 = 459.1
    assert 'class="jz-base" data-value="10" fill="#1f4e79" cx="172.9"' in svg
    assert svg.count('class="jz-target"') == 2 and "459.1" in svg
    assert svg.count('class="jz-legend-text"') == 2  # no latest values: base and target only
    assert '<title id="jz-cmp-beds-title">床位</title>' in svg


def test_synthetic_scaling_by_hand():
    # 0.99 x 1.1 = 1.089 -> 1.09 (2 decimals, half up); 4.5 x 1.1 = 4.95 -> 5.0; 77.3 x 1.1 = 85.03 -> 85.0
    assert synthetic.scale_text("0.99", 1.1) == "1.09"
    assert synthetic.scale_text("≥4.5", 1.1) == "≥5.0"
    assert synthetic.scale_text("77.3", 1.1) == "85.0"
    assert synthetic.scale_text("—", 1.1) == "—"


def test_pages_from_published_reports(tmp_path):
    """Two published job folders (the bundled plan's assessment, one with the example actuals as of 2023):
    compare.csv by hand, the illustrative banner, links to the reports."""
    from jzanalysis.analysis.pipeline import analyse
    from jzanalysis.batch import pages
    from jzanalysis.batch.manifest import Job

    out = tmp_path / "out"
    example = paths.ROOT / "examples" / "actuals_example.csv"
    jobs = [Job(paths.DEFAULT_PLAN, "jinzhong-14", None, 2021, "zh", ("html",), out / "plan" / "zh" / "2021"),
            Job(paths.DEFAULT_PLAN, "jinzhong-14", example, 2023, "zh", ("html",), out / "monitor" / "zh" / "2023")]
    for job, kwargs in zip(jobs, ({}, {"actuals": example, "as_of": 2023})):
        (job.out / "data").mkdir(parents=True)
        analyse(**kwargs).assessment.to_csv(job.out / "data" / "assessment.csv", index=False)
        (job.out / "data" / "inputs.json").write_text(json.dumps({"illustrative": bool(kwargs)}), encoding="utf-8")
    summary = pd.DataFrame([{"plan": "jinzhong-14", "year": j.year, "language": "zh", "status": "ok", "seconds": 1.0,
                             "output": j.key, "error": ""} for j in jobs])
    pages.write_pages(summary, jobs, out / "batch", out, "zh")
    c = pd.read_csv(out / "batch" / "compare.csv")
    assert c["plan"].value_counts().to_dict() == {"plan": 31, "monitor": 31}
    life = c[c["indicator_id"] == "life_expectancy"]
    # the example's latest life expectancy is 77.9 (2023); the plan-time report has none
    assert life[["plan", "base_value", "target"]].values.tolist() == [["plan", 77.3, "≥78.1"],
                                                                      ["monitor", 77.3, "≥78.1"]]
    assert life["latest_value"].isna().iloc[0] and life["latest_value"].iloc[1] == 77.9
    assert life["status"].fillna("").iloc[0] == "" and life["status"].iloc[1] != ""
    page = (out / "batch" / "compare.html").read_text("utf-8")
    assert "示例数据，非官方统计" in page  # the illustrative banner
    assert 'href="../monitor/zh/2023/index.html"' in page
    index = (out / "batch" / "index.html").read_text("utf-8")
    assert 'href="../plan/zh/2021/index.html"' in index and "共2项报告：完成2项" in index
