"""Hostile strings in any input reach readers as text, never as markup; the PDF loads and embeds nothing
but the report's own files (issue 11, section 1).

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


def test_pdf_refuses_local_files_and_embeds_nothing(analysis, tmp_path):
    from jzanalysis.publish import render

    hostile = _hostile_analysis(analysis)
    ctx = pages.build_context(hostile, lang="zh", year=2021, illustrative=False)
    pdf = render.write_pdf(pages.pdf_document(ctx), tmp_path / "r.pdf", base_url=str(tmp_path))
    assert "0 embedded files" in _pdfdetach(pdf)
    # even a document that asks for it directly gets nothing: the fetcher refuses files outside the build
    raw = f'<html><body><p>x</p>{ATTACH}<img src="file:///etc/hostname"></body></html>'
    pdf2 = render.write_pdf(raw, tmp_path / "raw.pdf", base_url=str(tmp_path))
    assert "0 embedded files" in _pdfdetach(pdf2)


def test_url_fetcher_allows_data_and_own_files_only(tmp_path):
    pytest.importorskip("weasyprint")
    from jzanalysis.publish.render import RefusedURL, url_fetcher

    own = tmp_path / "own.txt"
    own.write_text("ok", encoding="utf-8")
    fetch = url_fetcher([tmp_path])
    for url in ("file:///etc/hostname", "http://127.0.0.1/x", f"file://{tmp_path}/../x", "ftp://x/y"):
        with pytest.raises(RefusedURL):
            (fetch.fetch if hasattr(fetch, "fetch") else fetch)(url)
    res = (fetch.fetch if hasattr(fetch, "fetch") else fetch)(own.as_uri())
    assert res is not None


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
