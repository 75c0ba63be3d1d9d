"""The registry of report sections (jzanalysis.publish.sections): which section stands where, per report
kind, and what the pages, the PDF's order of blocks and its contents read from it."""

from __future__ import annotations

import dataclasses

import pytest

import jzanalysis
from jzanalysis.publish import pages, sections
from jzanalysis.publish.sections.base import Section, Source


@pytest.fixture(scope="module")
def final_analysis():
    return jzanalysis.analyse(actuals="tests/cases/actuals_final_2025.csv", as_of=2025)


def test_every_section_is_one_module_with_its_template_and_typst_block():
    from jzanalysis.publish.render import TEMPLATES

    typst = (TEMPLATES / "report.typ").read_text(encoding="utf-8")
    assert len(sections.REGISTRY) == len(sections.MODULES) == len(sections.BY_KEY) == 20
    for s in sections.REGISTRY:
        if s.html:
            assert (TEMPLATES / "sections" / s.html).is_file(), s.key
        if s.pdf:
            assert f"\n  {s.pdf}: () =>" in typst, s.key  # its block in report.typ's `blocks`
        assert s.page in sections.PAGES or s.page is None
        assert s.chapter in sections.CHAPTERS or s.chapter is None


def test_places_per_report_kind():
    keys = lambda xs: [s.key for s in xs]  # noqa: E731
    assert keys(sections.on_page("index", "plan")) == ["headline", "drafted", "contents", "legend", "methods", "downloads",
                                                       "researchers", "provenance"]
    # the plan-time and monitoring overview show the indicator table and the category chart; the final
    # evaluation the completion table and the prose targets' completion instead, and no chart
    assert keys(sections.on_page("overview", "plan")) == ["findings", "table", "counts", "chart", "prose",
                                                          "audit_top"]
    assert keys(sections.on_page("overview", "monitor")) == ["findings", "changes", "table", "counts", "chart",
                                                             "prose", "audit_top"]
    # the final evaluation: the completion table first, the year's changes after it (issue 22 item 1)
    assert keys(sections.on_page("overview", "final")) == ["final_table", "findings", "changes", "counts",
                                                           "final_prose", "audit_top"]
    # the prose targets are on the overview page but in the PDF's indicators chapter, after the details
    assert keys(sections.in_chapter("indicators", "final")) == ["details", "final_prose"]
    # the appendix of the PDF: provenance (pdf_order 55) before the researchers' files (60)
    assert keys(sections.in_chapter("appendix", "plan")) == ["methods", "provenance", "researchers"]


def test_a_section_placed_per_kind():
    s = Section("x", page="overview", order={"plan": 30, "final": 15}, kinds=("plan", "final"))
    assert (s.position("plan"), s.position("final")) == (30, 15)
    assert s.position("monitor") == 15  # a kind not named: the smallest position
    assert not s.appears_in("monitor")


def test_the_plan_time_report_reads_its_order_and_contents_from_the_registry(analysis):
    ctx = pages.build_context(analysis, lang="zh", year=2021, illustrative=False)
    order = sections.pdf_order(ctx)
    # no category chart drawn in this context, no changes in a plan-time report
    assert order == {"headline": ["headline", "legend"], "contents": ["contents"],
                     "overview": ["findings", "table", "counts"], "indicators": ["details", "prose"],
                     "audit": ["audit"], "appendix": ["methods", "provenance", "researchers"]}
    toc = sections.pdf_toc(ctx)
    n_categories = len(ctx["groups"])
    assert [e["id"] for e in toc] == (["headline", "ch-overview", "ch-indicators"]
                                      + [f"d-c-{i}" for i in range(1, n_categories + 1)]
                                      + ["ch-audit", "methods", "provenance"])
    assert pages.pdf_model(ctx)["order"] == order
    # the overview's "on this page": no findings in a plan-time overview (its headline names them)
    links = sections.page_toc("overview", ctx)
    assert [(e["anchor"], e["nl"]) for e in links] == [("table", True), ("counts", False), ("prose", True),
                                                       ("audit", False)]
    assert [e["anchor"] for e in sections.page_toc("audit", ctx)] == [f"f-{i}" for i in range(1, len(ctx["audit"]) + 1)]


def test_the_final_report_places_the_completion_table(final_analysis):
    ctx = pages.build_context(final_analysis, lang="zh", year=2025, illustrative=True)
    assert ctx["titles"]["kind"] == "final"
    assert sections.pdf_order(ctx)["overview"] == ["final_table", "findings", "counts"]
    # the PDF's contents name the table; the headline is 总结评估要点
    toc = sections.pdf_toc(ctx)
    assert {"level": 2, "id": "table", "text": "主要指标完成情况表"} in toc
    assert [e["id"] for e in toc][:3] == ["headline", "ch-overview", "table"]
    assert ctx["L"]["headline"] == "总结评估要点"
    html = pages.render_pages(ctx, "")["html/01_overview.html"]
    # the completion table's heading, and no plan-time indicator table (its heading is another)
    assert html.count('<section id="table">') == 1
    assert ctx["L"]["final_table"] in html and f'<h2>{ctx["L"]["table"]}</h2>' not in html


def test_a_section_that_needs_words_not_made_before_it_is_named():
    late = dataclasses.replace(sections.BY_KEY["counts"], key="early", needs=("no_such_words",))
    with pytest.raises(KeyError, match="section 'early' needs no_such_words"):
        reg = sections.REGISTRY
        try:
            sections.REGISTRY = (late, *reg)
            sections.add_words({}, Source(None))
        finally:
            sections.REGISTRY = reg
