"""Hostile strings in any input reach readers as text, never as markup or code; the PDF reads nothing
but the report's own files and embeds nothing (issue 11, section 1).

Two layers: the rendering functions called directly with hostile frames (a Table 1-1 category cell, a
prose subject, an audit explanation, an ``<a rel="attachment">``), so the test holds even when the parser
later refuses such a plan; and one full report run whose actuals carry hostile ``source``/``note`` cells
and whose plan and actuals file names contain a backtick and markup.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import pandas as pd
import pytest
from conftest import EXAMPLE_ACTUALS

from jzanalysis import paths
from jzanalysis.publish import pages, plots

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
ATTACH = '<a rel="attachment" href="file:///etc/hostname">hostname</a>'
HOSTILE = (SCRIPT, IMG, ATTACH, "<b>bold</b>", "`code` **x**")
#: what must never appear in produced HTML (raw markup from an input)
RAW = re.compile(r"<script>alert|<img src=x|<a rel=\"attachment\"|<b>bold|file:///etc/hostname\"")


def _hostile_analysis(analysis):
    a = analysis.assessment.copy()
    table = a["source"] == "Table 1-1"
    first = a.index[table][0]
    a.loc[first, "category"] = SCRIPT                                        # a Table 1-1 category cell
    a.loc[a.index[table][1], "name"] = "婴儿死亡率" + ATTACH                   # a name cell with an attachment
    prose = a.index[~table][0]
    a.loc[prose, "name"] = "民生事业投入" + IMG                                # a prose subject
    a.loc[prose, "reason_zh"] = "`" + SCRIPT + "` <b>bold</b>"
    audit = analysis.audit.copy()
    audit.loc[audit.index[0], "explanation_zh"] = ATTACH + IMG
    facts = analysis.facts.copy()
    facts.loc[facts.index[0], "subject"] = IMG
    return dataclasses.replace(analysis, assessment=a, audit=audit, facts=facts)


def _pdfdetach(pdf: Path) -> str:
    if shutil.which("pdfdetach") is None:
        pytest.skip("pdfdetach (poppler-utils) not installed")
    return subprocess.run(["pdfdetach", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout


def test_rendering_layer_escapes_hostile_cells(analysis, tmp_path):
    from jzanalysis.publish.render import page_css

    hostile = _hostile_analysis(analysis)
    ctx = pages.build_context(hostile, lang="zh", year=2021, illustrative=False,
                              files=[("plan", tmp_path / "plan`<b>bold.txt")])
    site = pages.render_pages(ctx, page_css())
    for name, text in site.items():
        assert not RAW.search(text), f"{name}: raw markup from an input: {RAW.search(text).group(0)}"
    overview = site["html/01_overview.html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in overview, "the category is shown as text"
    assert "&lt;img src=x" in overview
    assert "plan`&lt;b&gt;bold.txt" in site["index.html"], "file names escaped, no code span"
    for part in ("table", "prose", "audit", "headline"):
        assert not RAW.search(pages.fragment(hostile, part, "zh")), part


def test_styler_tables_escape_cells(analysis):
    """The notebooks' pandas tables (Styler.format(escape="html"))."""
    hostile = _hostile_analysis(analysis)
    html = plots.status_table(hostile, "zh").to_html() + plots.status_table(hostile, "zh", source="prose").to_html()
    assert SCRIPT not in html and "&lt;script&gt;" in html
    assert "<img src=x" not in html
    md = plots.inputs_md(dataclasses.replace(hostile, plan=Path("p`<b>bold</b>`.txt")), 2021, "zh")
    assert "<b>" not in md and "`" not in md.replace("\\`", "")


#: Typst markup and code in an input: the PDF must print them as written, never run them
TYPST = ("#set text(red)", "$x^2$", "]", '#read("/etc/passwd")', "=1+1", "#image(\"/etc/hostname\")")


def _pdf_objects(pdf: Path) -> bytes:
    """The PDF's bytes and its inflated streams (Typst compresses its object streams)."""
    from visible import pdf_streams

    data = pdf.read_bytes()
    return data + b"\n" + pdf_streams(data)


def _pdftext(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", text)


def test_pdf_prints_hostile_text_as_written_and_embeds_nothing(analysis, tmp_path):
    """Markup and Typst code in a category, a name, a reason and an audit explanation reach the PDF as
    their characters: nothing is evaluated, no file is read, nothing is attached, no link leaves the PDF."""
    from jzanalysis.publish import render

    hostile = _hostile_analysis(analysis)
    a = hostile.assessment.copy()
    table = a.index[a["source"] == "Table 1-1"]
    a.loc[table[2], "name"] = "托位数" + TYPST[0] + TYPST[1]
    a.loc[table[3], "reason_zh"] = TYPST[2] + TYPST[3] + TYPST[4]
    audit = hostile.audit.copy()
    audit.loc[audit.index[1], "explanation_zh"] = TYPST[5] + "说明"
    hostile = dataclasses.replace(hostile, assessment=a, audit=audit)
    ctx = pages.build_context(hostile, lang="zh", year=2021, illustrative=False)
    build = tmp_path / "build"
    build.mkdir()
    pdf = render.write_pdf(pages.pdf_model(ctx), build / "r.pdf", root=build)
    text = _pdftext(pdf)
    for s in (SCRIPT, ATTACH, IMG, "托位数" + TYPST[0] + TYPST[1], "".join(TYPST[2:5]), TYPST[5] + "说明"):
        assert re.sub(r"\s+", "", s) in text, f"not printed as written: {s}"
    assert "0 embedded files" in _pdfdetach(pdf)
    objects = _pdf_objects(pdf)
    for key in (b"/URI", b"/Launch", b"/EmbeddedFile", b"/JavaScript", b"/GoToR"):
        assert key not in objects, key
    assert objects.count(b"/Link") > 31, "the internal links are there (contents, 详见, the table's names)"
    assert not list(build.iterdir())[1:], "nothing left in the build folder but the PDF"


def test_the_pdf_reads_no_file_outside_the_build_folder(analysis, tmp_path):
    """The build folder is Typst's root: a model naming a file outside it (here a real PNG next to it)
    stops the layout; nothing is written."""
    import base64

    import typst

    from jzanalysis.publish import render

    ctx = pages.build_context(analysis, lang="zh", year=2021, illustrative=False)
    png = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
    (tmp_path / "outside.png").write_bytes(png)
    build = tmp_path / "build"
    build.mkdir()
    model = pages.pdf_model(ctx)
    model["category_chart"] = {"file": "../../outside.png", "alt": ""}
    model["order"]["overview"].append("chart")  # the chart's section shown (the registry's order of blocks)
    with pytest.raises(typst.TypstError, match="escape the project root"):
        render.write_pdf(model, build / "r.pdf", root=build)
    assert list(build.iterdir()) == []
    # the same file inside the build folder is shown: the refusal is about where, not what
    model["category_chart"] = {"file": "chart-1.png", "alt": ""}
    render.write_pdf(model, build / "r.pdf", root=build, images={"chart-1.png": png})
    assert [p.name for p in build.iterdir()] == ["r.pdf"], "the chart copies are removed after the layout"


@pytest.mark.slow
def test_full_report_with_hostile_actuals_and_file_names(tmp_path):
    """actuals ``source``/``note`` cells and the --plan/--actuals file names carry markup and backticks."""
    from jzanalysis.publish.runner import run_report

    frame = pd.read_csv(EXAMPLE_ACTUALS, dtype=str, keep_default_na=False)
    frame["source"] = SCRIPT
    frame["note"] = IMG + " `x` " + ATTACH
    folder = tmp_path / "in"
    folder.mkdir()
    actuals = folder / "act`<b>bold.csv"
    frame.to_csv(actuals, index=False)
    plan = folder / "plan`<script>alert(1)<.txt"
    shutil.copy(paths.PLAN_TEXT, plan)
    out = tmp_path / "out"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        status = run_report(out=out, jobs=2, formats=("html", "pdf"), actuals=actuals, plan=plan)
    assert status == 0
    year_dir = next(p for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))
    htmls = [year_dir / "index.html", *(year_dir / "html").glob("*.html")]
    for page in htmls:
        text = page.read_text(encoding="utf-8")
        assert not RAW.search(text), f"{page.name}: {RAW.search(text).group(0)}"
    indicators = (year_dir / "html" / "02_indicators.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in indicators, "the actuals source shown as text"
    assert "act`&lt;b&gt;bold.csv" in (year_dir / "index.html").read_text(encoding="utf-8")
    pdf = next(year_dir.glob("report-*.pdf"))
    assert "0 embedded files" in _pdfdetach(pdf)
