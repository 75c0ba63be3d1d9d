"""The PDF's document model (pages.pdf_model): plain data built from the same context as the pages, the
numbers as the plan writes them; the template (templates/report.typ) only lays it out."""

from __future__ import annotations

import json
import re

import pytest

from jzanalysis.publish import pages

#: a stand-in chart (the charts are SVG texts, jzanalysis.publish.svgchart)
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>t</title></svg>'


@pytest.fixture(scope="module")
def ctx(analysis):
    ctx = pages.build_context(analysis, lang="zh", year=2021, illustrative=False)
    return pages.set_charts(ctx, {"__categories__": {"svg": SVG, "alt": "各类目标"},
                                  "childcare_places_per_1000": {"svg": SVG, "alt": "托位"}})


@pytest.fixture(scope="module")
def model(ctx):
    return pages.pdf_model(ctx)


def _rows(model):
    return {r["name"]: r for g in model["groups"] for r in g["rows"]} | {r["name"]: r for r in model["prose"]}


def test_headline_sentence_of_the_childcare_places(model):
    # census 3,379,498 people: 0.99 per 1,000 -> 3,345.7 places; 4.5 per 1,000 -> 15,207.7; 15,208 - 3,346
    # = 11,862 to add; with the promised 5,000: (3,345.7 + 5,000) / 3,379.498 = 2.4695 -> about 2.47
    assert model["headline"]["points"][0] == {
        "symbol": "≠", "anchor": "f-1", "cls": "c-inconsistent",
        "text": "托位目标（每千人口4.5个）需新增约11,862个托位，而规划只承诺新增5,000个；按承诺数，2025年只能达到每千人口约2.47个。"}
    # 2 met at baseline + 9 reachable + 1 stretch + 7 without a reference pace + 12 not assessable = 31
    assert [c["label"] for c in model["headline"]["counts"]] == ["基期已达标2项", "可实现9项", "需加力1项",
                                                                 "无参照速度7项", "无法评估12项"]
    assert model["counts"]["total"] == sum(model["counts"]["totals"]) == 2 + 9 + 1 + 7 + 12


def test_cells_as_the_plan_writes_them(model):
    rows = _rows(model)
    income = rows["城镇居民人均可支配收入"]
    # 36,578 -> 45,000 yuan in 5 years: (45,000 / 36,578)^(1/5) - 1 = 1.2302^0.2 - 1 = 4.23 % a year
    assert (income["baseline"], income["target"], income["pace"], income["unit"]) == \
        ("36,578", "4.5万元左右", "每年提高约4.23%", "（元）")
    maternal = rows["孕产妇死亡率"]
    # 7.85 per 100,000 in 2020 is already under the ceiling of 12.5
    assert (maternal["seq"], maternal["baseline"], maternal["target"], maternal["unit"]) == ("1", "7.85", "≤12.5",
                                                                                              "（1/10万）")
    assert maternal["verdict"] == {"symbol": "✓", "label": "基期已达标", "cls": "v-met_at_baseline"}
    assert maternal["reason"] == "2020年7.85已满足上限（≤12.5）。"


def test_charts_are_files_named_by_number_never_by_an_input(ctx, model):
    # sorted keys: "__categories__" < "childcare_places_per_1000" ('_' is 0x5F, 'c' 0x63)
    assert model["category_chart"] == {"file": "chart-1.svg", "alt": "各类目标"}
    assert _rows(model)["每千人口拥有3岁以下婴幼儿托位数"]["chart"] == {"file": "chart-2.svg", "alt": "托位"}
    assert _rows(model)["孕产妇死亡率"]["chart"] is None
    assert pages.pdf_images(ctx) == {"chart-1.svg": SVG.encode(), "chart-2.svg": SVG.encode()}


def test_the_model_is_plain_data(model):
    def leaves(x):
        if isinstance(x, dict):
            for v in x.values():
                yield from leaves(v)
        elif isinstance(x, list):
            for v in x:
                yield from leaves(v)
        else:
            yield x

    assert {type(v) for v in leaves(model)} <= {str, int, bool, type(None)}
    assert json.loads(json.dumps(model, ensure_ascii=False)) == model
    assert [(e["level"], e["id"], e["text"]) for e in model["toc"][:4]] == [
        (1, "headline", "本年要点"), (1, "ch-overview", "总览：各指标评估"), (1, "ch-indicators", "分类指标详情"),
        (2, "d-c-1", "幼有所育")]


def _pdffonts(pdf) -> list[list[str]]:
    import shutil
    import subprocess

    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) not installed")
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:]]


@pytest.mark.parametrize("bold", [True, False])
def test_the_pdf_embeds_subsets_of_the_cjk_faces_only(ctx, tmp_path, monkeypatch, bold):
    """Regular, and Bold when the system has it (else bold is drawn with the Regular face); each embedded
    as a subset (the ``XXXXXX+`` prefix); the machine's other fonts never (DejaVu Sans Mono is Typst's own,
    for the one symbol the CJK font lacks, ☐)."""
    from jzanalysis.publish import fonts, render

    if bold and fonts.bold_font_path() is None:
        pytest.skip("no Bold weight of Noto Sans CJK SC on this machine")
    if not bold:
        monkeypatch.setattr(fonts, "bold_font_path", lambda: None)
    pdf = render.write_pdf(pages.pdf_model(ctx), tmp_path / "r.pdf", root=tmp_path, images=pages.pdf_images(ctx))
    rows = _pdffonts(pdf)
    names = sorted(r[0].split("+", 1)[1] for r in rows)
    cjk = ["NotoSansCJKsc-Bold-Identity-H"] if bold else []
    assert [n for n in names if "CJK" in n] == cjk + ["NotoSansCJKsc-Regular-Identity-H"]
    assert {n for n in names if "CJK" not in n} <= {"DejaVuSansMono", "DejaVuSansMono-Bold"}
    # columns from the end: emb sub uni object generation
    assert all(r[-5] == "yes" and r[-4] == "yes" and re.fullmatch(r"[A-Z]{6}\+.+", r[0]) for r in rows), rows
