"""The report pipeline: notebooks executed, reader HTML, the A4 PDF, the data, atomicity, bad input.

The full pipeline runs ONCE per session (the ``report`` fixture in ``conftest.py``, which
``test_browser.py`` reuses too): year 2023 with the illustrative example actuals and last year's assessment placed where the default
``previous`` looks (``OUT/2022/data/assessment.csv``), so every section (what changed, status, charts
with actuals, the illustrative running header) is exercised.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import EXAMPLE_ACTUALS, YEAR  # the session report: year 2023 with the example actuals

from jzanalysis import paths

NAMES = ("孕产妇死亡率", "人均体育场地面积", "每千人口医疗卫生机构床位数", "城镇老旧小区改造")
PAGES = ("01_overview", "02_indicators", "03_audit")


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _table_names() -> list[str]:
    from jzanalysis.plan.parse import parse_plan

    return list(parse_plan().indicators["name"])


# ---------------------------------------------------------------------------------------- fast checks
def test_import_jzanalysis_does_not_load_matplotlib():
    code = ("import sys, jzanalysis, jzanalysis.publish.runner, jzanalysis.publish.render, jzanalysis.publish.plots, jzanalysis.publish.fonts; "
            "bad = [m for m in ('matplotlib', 'seaborn', 'typst', 'papermill') if m in sys.modules]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_counts_table_is_one_card_per_category_on_a_phone():
    """Under 700 px the 按类别统计 table is no grid of 8-10 columns (555-719 px wide in a 370-px box) but
    one block per category with its nonzero counts inline."""
    css = (paths.ROOT / "jzanalysis" / "templates" / "report.css").read_text(encoding="utf-8")
    phone = css[css.index("@media (max-width: 700px)"):]
    for rule in ("table.counts thead { display: none; }", "table.counts td.zero { display: none; }",
                 "table.counts, table.counts tbody, table.counts tr { display: block; width: auto; }"):
        assert rule in phone, rule


def test_font_is_noto_sans_cjk_sc():
    from fontTools.ttLib import TTFont

    from jzanalysis.publish import fonts

    path = fonts.font_path()  # a single-face file (Debian's fonts-noto-cjk .ttc -> cached SC face)
    with TTFont(str(path), lazy=True) as font:
        assert font["name"].getDebugName(1) == "Noto Sans CJK SC"


def test_setup_seaborn_puts_the_cjk_font_first_for_researchers_charts():
    """The [lab] path only (matplotlib and seaborn are not core dependencies): skipped without them."""
    pytest.importorskip("matplotlib")
    pytest.importorskip("seaborn")
    import matplotlib

    from jzanalysis.publish import fonts

    family = fonts.setup_seaborn()
    assert family == fonts.FAMILY
    assert matplotlib.rcParams["font.sans-serif"][0] == family
    assert matplotlib.rcParams["axes.unicode_minus"] is False
    assert "SimHei" not in matplotlib.rcParams["font.sans-serif"]


def test_font_subset_holds_exactly_the_page_characters():
    import io

    from fontTools.ttLib import TTFont

    from jzanalysis.publish.render import subset_font

    text = "晋中市4.5万元左右≤12.5"
    font = subset_font(set(text))
    assert font == subset_font(set(text))  # the same characters, the same bytes
    with TTFont(io.BytesIO(font)) as sub:
        cmap = sub.getBestCmap()
        assert sub["name"].getDebugName(1) == "Noto Sans CJK SC"
        assert all(ord(c) in cmap for c in text)
        # 95 printable ASCII (space to ~) + the 8 characters not among them (晋中市万元左右≤); HarfBuzz keeps
        # the layout closure too: ≥, the mirrored form of ≤ (OpenType 'rtlm'), comes with it
        wanted = {ord(c) for c in text} | set(range(0x20, 0x7F))
        assert len(wanted) == 95 + 8
        assert wanted <= set(cmap) and set(cmap) - wanted == {ord("≥")}
        assert ord("省") not in cmap  # not on the page, not in the subset


@pytest.mark.parametrize("argv", [["--year", "2040"], ["--year", "2020"], ["--formats", "docx"],
                                  ["--jobs", "0"]])
def test_bad_input_exits_2_through_the_cli_and_writes_nothing(tmp_path, argv, capsys):
    from jzanalysis.cli import main

    out = tmp_path / "out"
    assert main(["report", "--out", str(out), *argv]) == 2
    assert "error" in capsys.readouterr().err
    assert not out.exists() or not any(out.iterdir())


def test_bad_actuals_fail_before_any_kernel_starts(tmp_path, monkeypatch, capsys):
    from jzanalysis.cli import main
    from jzanalysis.publish import runner as report

    def no_kernels(*a, **k):
        raise AssertionError("a notebook was started")

    monkeypatch.setattr(report, "_execute", no_kernels)
    bad = tmp_path / "actuals.csv"
    bad.write_text("id,year,value\nno_such_indicator,2022,1\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["report", "--out", str(out), "--actuals", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:2: id:" in err
    assert not out.exists() or not any(out.iterdir())


# ------------------------------------------------------------------------- the one full pipeline run

@pytest.mark.slow
def test_run_succeeds_atomically(report):
    assert report["status"] == 0, report["log"]
    out = report["out"]
    assert report["dir"].is_dir()
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "temporary build folder left behind"
    for rel in ("index.html", f"report-{YEAR}.pdf", "data/assessment.csv", "data/audit.csv",
                "downloads/results.csv", "downloads/results.xlsx", "downloads/self-audit.csv",
                "data/what_changed.csv", "data/inputs.json", *(f"html/{p}.html" for p in PAGES),
                *(f"notebooks/{p}.ipynb" for p in PAGES)):
        assert (report["dir"] / rel).is_file(), rel


@pytest.mark.slow
def test_log_lines_name_each_notebook_and_no_noise(report):
    log = report["log"]
    for p in PAGES:
        assert f"notebook {p}: done" in log
    assert "without encryption" not in log
    assert "Glyph" not in log and not any("Glyph" in w for w in report["warnings"])


@pytest.mark.slow
def test_saved_assessment_has_the_31_table_indicators(report):
    frame = pd.read_csv(report["dir"] / "data" / "assessment.csv")
    table = frame[frame["source"] == "Table 1-1"]
    assert len(table) == 31
    assert list(table["seq"]) == list(range(1, 32))
    assert {"status", "latest_value", "feasibility"} <= set(frame.columns)
    audit = pd.read_csv(report["dir"] / "data" / "audit.csv")
    assert "medium" in set(audit["severity"])  # issue 9: no "high" left under the one reading of 左右
    manifest = json.loads(_read(report["dir"] / "data" / "inputs.json"))
    assert manifest["year"] == YEAR and manifest["illustrative"] is True
    assert manifest["parameters"]["previous"].endswith(f"{YEAR - 1}/data/assessment.csv")


@pytest.mark.slow
def test_executed_notebooks_keep_parameters_and_have_no_errors(report):
    for p in PAGES:
        nb = nbformat.read(report["dir"] / "notebooks" / f"{p}.ipynb", as_version=4)
        params = nb.metadata["papermill"]["parameters"]
        assert params["year"] == YEAR and params["lang"] == "zh"
        assert params["actuals"].endswith("actuals_example.csv")
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                assert out.output_type != "error", f"{p}: {out.get('ename')}: {out.get('evalue')}"
                assert "Glyph" not in json.dumps(out, ensure_ascii=False), f"{p}: missing glyph"
    nb = nbformat.read(report["dir"] / "notebooks" / "02_indicators.ipynb", as_version=4)
    from jzanalysis import analyse
    from jzanalysis.publish import plots
    from jzanalysis.publish.pages import charts_from_notebook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        monitored = analyse(actuals=EXAMPLE_ACTUALS, as_of=YEAR)
    # a chart only where there are at least two points (history, baseline, actuals), plus the one
    # per-category chart of targets against the baseline
    assert set(charts_from_notebook(nb)) == {*plots.chart_ids(monitored), "__categories__"}
    assert nb.metadata["papermill"]["parameters"]["category"] == ""


@pytest.mark.slow
def test_overview_html_names_all_31_indicators_and_what_changed_first(report):
    text = _read(report["dir"] / "html" / "01_overview.html")
    missing = [n for n in _table_names() if n not in text]
    assert not missing, f"not in the overview: {missing}"
    changed, verdicts = text.find('id="changes"'), text.find('id="table"')
    assert 0 <= changed < verdicts, "with actuals the 'what changed' table comes first"


@pytest.mark.slow
def test_html_pages_have_no_code_and_no_remote_scripts(report):
    for page in [*(report["dir"] / "html").glob("*.html"), report["dir"] / "index.html"]:
        text = _read(page)
        classes = re.findall(r"""class=["']([^"']*)["']""", text)
        assert not [c for c in classes if re.search(r"jp-InputArea|jp-Editor|cm-editor|jp-InputPrompt", c)], \
            f"{page.name}: code or prompts"
        assert "<script" not in text, f"{page.name}: no scripts at all"
        assert not re.search(r"<script[^>]+src=[\"']?https?:", text), f"{page.name}: remote script"
        assert "requirejs" not in text.lower() and "mermaid.min.js" not in text
        assert not re.search(r"""(href|src)=["']https?://""", text), f"{page.name}: remote resource"
        assert "示例数据，非官方统计" in text, f"{page.name}: illustrative banner"
        assert "JZ Noto Sans CJK SC" in text and "data:font/otf;base64," in text, "embedded CJK font"
    indicators = _read(report["dir"] / "html" / "02_indicators.html")
    for name in NAMES:
        assert name in indicators
    assert "import jzanalysis" not in indicators and "plots.setup" not in indicators


@pytest.mark.slow
def test_index_links_pages_and_states_its_inputs(report):
    from jzanalysis import __version__
    from jzanalysis.io import sha256_file

    text = _read(report["dir"] / "index.html")
    for p in PAGES:
        assert f'href="html/{p}.html"' in text
    assert f'href="report-{YEAR}.pdf"' in text and "__PDF_SIZE__" not in text
    assert sha256_file(paths.PLAN_TEXT) in text and sha256_file(EXAMPLE_ACTUALS) in text
    assert str(EXAMPLE_ACTUALS.name) in text and __version__ in text
    assert text.find("本年要点") < text.find('id="contents"'), "the year's answer first"
    overview = _read(report["dir"] / "html" / "01_overview.html")
    assert all(n in overview for n in NAMES), "the overview table"
    assert str(report["out"]) not in text, "no build paths on the page"


def _pdftool(*args) -> str:
    tool = shutil.which(args[0])
    if tool is None:
        pytest.skip(f"{args[0]} (poppler-utils) not installed")
    return subprocess.run([tool, *args[1:]], check=True, capture_output=True, text=True).stdout


@pytest.mark.slow
def test_pdf_is_a4_with_embedded_chinese_text(report):
    pdf = report["dir"] / f"report-{YEAR}.pdf"
    info = _pdftool("pdfinfo", str(pdf))
    assert re.search(r"Page size:\s+595(\.\d+)? x 84[12](\.\d+)? pts", info), info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 10
    text = _pdftool("pdftotext", "-layout", str(pdf), "-")
    for name in (*NAMES, f"{YEAR}年度监测评估", "目录", "本年要点", "术语说明"):
        assert name in text, name
    per_page = [p for p in text.split("\f") if p.strip()]
    assert len(per_page) == pages
    assert all("示例数据，非官方统计" in p for p in per_page), "illustrative note on every page"
    assert re.search(r"\n\s*2\s*\n", text), "page numbers in the footer"
    fonts = _pdftool("pdffonts", str(pdf)).splitlines()[2:]
    assert fonts
    for line in fonts:
        assert line.split()[-5] == "yes", f"font not embedded: {line}"
    assert any("CJK" in line for line in fonts), fonts


# ------------------------------------------------------------------------------------- atomicity
TINY_OK = "print('ok')"
TINY_FAIL = "raise RuntimeError('deliberate failure')"


def _tiny_notebook(path: Path, body: str) -> None:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("year: int = 2021  # report year")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# 测试"), params, nbformat.v4.new_code_cell(body)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


@pytest.mark.slow
def test_a_failing_notebook_leaves_the_last_good_report(tmp_path, monkeypatch, caplog):
    from jzanalysis.publish import runner as report

    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    for name, body in (("01_overview", TINY_OK), ("02_indicators", TINY_FAIL), ("03_audit", TINY_OK)):
        _tiny_notebook(nb_dir / f"{name}.ipynb", body)
    monkeypatch.setattr(report, "NOTEBOOK_DIR", nb_dir)
    out = tmp_path / "out"
    good = out / "2021"
    good.mkdir(parents=True)
    (good / "index.html").write_text("last good report", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="jzanalysis.publish.runner"):
        status = report.run_report(year=2021, out=out, jobs=2, formats=("html",))
    assert status == 1
    log = caplog.text
    assert "notebook 02_indicators FAILED at cell [" in log and "RuntimeError" in log
    assert "deliberate failure" in log
    assert "notebook 01_overview: done" in log and "notebook 03_audit: done" in log, "the others still ran"
    assert (good / "index.html").read_text(encoding="utf-8") == "last good report"
    assert sorted(p.name for p in good.iterdir()) == ["index.html"]
    assert sorted(p.name for p in out.iterdir()) == ["2021"], "temporary build folder left behind"
