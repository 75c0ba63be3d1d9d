"""The report's charts as hand-written SVG (jzanalysis.publish.svgchart): well-formed, data at the right
coordinates (worked out by hand below), the plan's words, safe with hostile names, no matplotlib."""

import dataclasses
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from conftest import EXAMPLE_ACTUALS, YEAR

from jzanalysis.publish import fonts, svgchart
from jzanalysis.publish.svgchart import FONT, PAD, PLOT_HEIGHT, TITLE_FONT, WIDTH

NS = "{http://www.w3.org/2000/svg}"
#: Every text size is a multiple of 1.03 x font size x em (svgchart.text_width: Noto Sans CJK SC widths + 3 %).
EM = 13 * 1.03


@pytest.fixture(scope="module")
def monitored():
    from jzanalysis.analysis.pipeline import analyse

    return analyse(actuals=EXAMPLE_ACTUALS, as_of=YEAR)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises on anything not well-formed


def by_class(root, cls: str) -> list[ET.Element]:
    return [e for e in root.iter() if cls in (e.get("class") or "").split()]


def frame(root) -> tuple[float, float, float, float]:
    (rect,) = by_class(root, "jz-frame")
    return tuple(float(rect.get(k)) for k in ("x", "y", "width", "height"))


def legend_words(root) -> list[str]:
    return [e.text for e in by_class(root, "jz-legend-text")]


# ------------------------------------------------------------------------------------------ helpers
def test_nice_ticks_are_1_2_5_steps():
    # 0..88.3568 (life expectancy: 78.89 x 1.12): 88.36 / 7 = 12.6 -> steps of 10 give 8.8 intervals (> 7),
    # 20 give 4.4
    assert svgchart.nice_ticks(0, 88.3568) == [0, 20, 40, 60, 80]
    # 0..6.96256 (hospital beds: 6.2166 x 1.12): 6.96 / 7 = 0.99 -> 0.5 gives 13.9 intervals, 1 gives 6.96
    assert svgchart.nice_ticks(0, 6.96256) == [0, 1, 2, 3, 4, 5, 6]
    # the category chart's -30..105: 135 / 7 = 19.3 -> 10 gives 13.5, 20 gives 6.75
    assert svgchart.nice_ticks(-30, 105) == [-20, 0, 20, 40, 60, 80, 100]
    # 0..0.0036: 0.0005 gives 7.2 intervals (> 7), 0.001 gives 3.6
    assert svgchart.nice_ticks(0, 0.0036) == [0, 0.001, 0.002, 0.003]


def test_tick_numbers_as_the_plan_writes_them():
    assert [svgchart.tick_label(v) for v in (48000, 2.5, 0.1 + 0.2, -20, 0.003)] == \
        ["48,000", "2.5", "0.3", "-20", "0.003"]
    assert svgchart.tick_label(1e-5) == "0.00001"  # fmt.num alone would write 1e-05


def test_text_width_from_the_font():
    # "2020": 4 digits of 555/1000 em; 13 units x 1.03 -> 4 x 0.555 x 13.39 = 29.73
    assert svgchart.text_width("2020", 13) == pytest.approx(4 * 0.555 * EM)
    # "实际值": 3 wide characters of 1 em -> 3 x 13.39 = 40.17
    assert svgchart.text_width("实际值", 13) == pytest.approx(3 * EM)


def test_ids_are_xml_safe_and_distinct():
    assert svgchart._dom_id("life_expectancy") == "jz-life_expectancy"
    odd = svgchart._dom_id('a b"<')
    assert re.fullmatch(r"jz-a_b__-[0-9a-f]{8}", odd)
    assert odd != svgchart._dom_id("a_b__")  # the hash keeps two keys apart after the cleaning


# ----------------------------------------------------------------------------- a plan-time indicator
def test_plan_time_indicator_coordinates(analysis):
    """Hospital beds per 1,000 (plan time): history 2015 = 4.4 (estimated), baseline 5.23 (2020), target
    ≥5.3, projection at the reference pace (CAGR 3.5166 %) to 6.216568 in 2025."""
    root = parse(svgchart.indicator_svg(analysis, "hospital_beds_per_1000"))
    left, top, pw, ph = frame(root)
    # title on one line: top = PAD + (15 + 5) + 6 = 34; plot 220 high
    assert (top, ph) == (PAD + TITLE_FONT + 5 + 6, PLOT_HEIGHT) == (34, 220)
    # widest y tick label is one digit ("0".."6"): left = 8 + 0.555 x 13.39 + 8 = 23.43; right = 500 - 8 - 4
    assert left == pytest.approx(8 + 0.555 * EM + 8, abs=0.01)
    assert left + pw == pytest.approx(WIDTH - PAD - 4, abs=0.01)
    # y axis: a level from 0 to 6.216568 x 1.12 = 6.96256; x axis: 2014.5 (history 2015 - 0.5) to 2025.5
    ytop, x0, span = 6.216568 * 1.12, 2014.5, 11.0
    assert [float(e.get("data-value")) for e in by_class(root, "jz-ytick")] == [0, 1, 2, 3, 4, 5, 6]
    assert [e.text for e in by_class(root, "jz-ytick")] == ["0", "1", "2", "3", "4", "5", "6"]
    # one x tick per year, 2015 to 2025
    assert [e.text for e in by_class(root, "jz-xtick")] == [str(y) for y in range(2015, 2026)]

    (base,) = by_class(root, "jz-baseline")  # a 9-unit square centred on (2020, 5.23)
    cx, cy = float(base.get("x")) + 4.5, float(base.get("y")) + 4.5
    assert cx == pytest.approx(left + pw * (2020 - x0) / span, abs=0.01)       # half-way: 5.5 / 11
    assert cy == pytest.approx(top + ph * (1 - 5.23 / ytop), abs=0.01)         # 34 + 220 x 0.2488 = 88.74
    assert cy == pytest.approx(88.74, abs=0.02)
    (hist,) = by_class(root, "jz-history")  # hollow: estimated
    assert (hist.get("fill"), hist.get("stroke")) == ("#ffffff", "#555555")
    assert float(hist.get("cx")) == pytest.approx(left + pw * 0.5 / span, abs=0.01)
    assert float(hist.get("cy")) == pytest.approx(top + ph * (1 - 4.4 / ytop), abs=0.01)
    (target,) = by_class(root, "jz-target")  # ≥5.3 across the plot
    assert float(target.get("y1")) == pytest.approx(top + ph * (1 - 5.3 / ytop), abs=0.01)
    assert (float(target.get("x1")), float(target.get("x2"))) == pytest.approx((left, left + pw), abs=0.01)
    # the floor's zone: from the target up to the top of the plot
    (zone,) = by_class(root, "jz-target-zone")
    assert float(zone.get("y")) == pytest.approx(top, abs=0.01)
    # 220 x (1 - 5.3 / 6.96256) = 220 x 0.23879 = 52.53
    assert float(zone.get("height")) == pytest.approx(ph * (1 - 5.3 / ytop), abs=0.01)
    assert float(zone.get("height")) == pytest.approx(52.53, abs=0.01)
    # the dashed projection ends at (2025, 6.216568): x = right edge - half a year
    (proj,) = by_class(root, "jz-projection")
    assert proj.get("stroke-dasharray")
    last = [float(v) for v in proj.get("points").split()[-1].split(",")]
    assert last == pytest.approx([left + pw * 10.5 / span, top + ph * (1 - 1 / 1.12)], abs=0.01)


def test_plan_time_legend_and_title(analysis):
    root = parse(svgchart.indicator_svg(analysis, "hospital_beds_per_1000"))
    assert legend_words(root) == ["规划正文历史值（推算）", "2020年基期", "按参照速度推算", "2025年目标 ≥5.3", "目标区间"]
    # 2 columns filled column by column: 3 on the left, 2 on the right (x = 8 and 8 + 484 / 2 + 24 + 6)
    xs = [float(e.get("x")) for e in by_class(root, "jz-legend-text")]
    assert xs == pytest.approx([38, 38, 38, 280, 280])
    assert root.find(f"{NS}title").text == "每千人口医疗卫生机构床位数（张）"
    assert [e.text for e in by_class(root, "jz-title")] == ["每千人口医疗卫生机构床位数（张）"]


def test_english_words(analysis):
    root = parse(svgchart.indicator_svg(analysis, "hospital_beds_per_1000", "en"))
    assert "2020 baseline" in legend_words(root)
    assert "2025 target ≥5.3" in legend_words(root)
    # the unit in English from the metadata (unit_en), as the tables write it, not 张
    assert root.find(f"{NS}title").text == \
        "Beds in health institutions per 1,000 population (beds per 1,000 population)"


# ---------------------------------------------------------------------------- a monitored indicator
def test_monitored_indicator_coordinates(monitored):
    """Life expectancy in 2023: baseline 77.3, target ≥78.1, observed 77.5, 77.6, 77.9 (2021-2023),
    projection at the reference pace (+0.318 a year) to 78.89; at the actual pace to 78.28, range
    77.750366..78.729634."""
    root = parse(svgchart.indicator_svg(monitored, "life_expectancy"))
    left, top, pw, ph = frame(root)
    # widest tick "80": left = 8 + 2 x 0.555 x 13.39 + 8 = 30.86; y from 0 to 78.89 x 1.12 = 88.3568
    assert left == pytest.approx(8 + 2 * 0.555 * EM + 8, abs=0.01)
    ytop, x0, span = 78.89 * 1.12, 2019.5, 6.0  # no history: x from 2020 - 0.5 to 2025.5
    assert [e.text for e in by_class(root, "jz-ytick")] == ["0", "20", "40", "60", "80"]
    assert [e.text for e in by_class(root, "jz-xtick")] == [str(y) for y in range(2020, 2026)]
    seen = by_class(root, "jz-observed")
    assert [(int(e.get("data-year")), float(e.get("data-value"))) for e in seen] == \
        [(2021, 77.5), (2022, 77.6), (2023, 77.9)]
    # 2023 at 77.9: x = left + pw x 3.5 / 6; y = 34 + 220 x (1 - 77.9 / 88.3568) = 34 + 220 x 0.11835 = 60.04
    assert float(seen[-1].get("cx")) == pytest.approx(left + pw * (2023 - x0) / span, abs=0.01)
    assert float(seen[-1].get("cy")) == pytest.approx(top + ph * (1 - 77.9 / ytop), abs=0.01)
    assert float(seen[-1].get("cy")) == pytest.approx(60.04, abs=0.02)
    # the straight schedule path: (2020, 77.3) to (2025, 78.1)
    (sched,) = by_class(root, "jz-schedule")
    assert float(sched.get("y1")) == pytest.approx(top + ph * (1 - 77.3 / ytop), abs=0.01)
    assert float(sched.get("y2")) == pytest.approx(top + ph * (1 - 78.1 / ytop), abs=0.01)
    # the band from the last observed point (2023, 77.9) to 2025's range 77.750366..78.729634
    (band,) = by_class(root, "jz-proj-band")
    pts = [float(v) for p in band.get("points").split() for v in p.split(",")]
    assert pts == pytest.approx([left + pw * 3.5 / span, top + ph * (1 - 77.9 / ytop),
                                 left + pw * 5.5 / span, top + ph * (1 - 78.729634 / ytop),
                                 left + pw * 5.5 / span, top + ph * (1 - 77.750366 / ytop)], abs=0.01)
    (dots,) = by_class(root, "jz-proj-actual")  # dotted, to 78.28
    assert dots.get("stroke-dasharray")
    assert float(dots.get("y2")) == pytest.approx(top + ph * (1 - 78.28 / ytop), abs=0.01)


def test_monitored_legend(monitored):
    root = parse(svgchart.indicator_svg(monitored, "life_expectancy"))
    # matplotlib's order (the order things are drawn), the target zone last
    assert legend_words(root) == ["2020年基期", "按参照速度推算", "2025年目标 ≥78.1", "线性进度路径", "实际值",
                                  "按实际速度推算区间", "按实际速度推算", "目标区间"]


def test_growth_row_has_the_reference_pace_line(monitored):
    # income growth: reference pace 7.708006 % -> "参照速度 7.71%", a dashed line at 7.708
    root = parse(svgchart.indicator_svg(monitored, "disposable_income_growth"))
    assert "参照速度 7.71%" in legend_words(root)
    (ref,) = by_class(root, "jz-ref-pace")
    left, top, pw, ph = frame(root)
    # y from 0 to 9 x 1.12 = 10.08 (the target is the highest value)
    assert float(ref.get("y1")) == pytest.approx(top + ph * (1 - 7.708006 / 10.08), abs=0.01)


def test_band_target_and_a_negative_range(monitored):
    # unemployment: target 5±0.25 (a band), range at the actual pace -1.08091..11.447577 (below zero):
    # y from -1.08091 - 15 % x 12.528487 = -2.960183 to 11.447577 + 1.879273 = 13.32685
    root = parse(svgchart.indicator_svg(monitored, "urban_surveyed_unemployment_rate"))
    assert "2025年目标 5±0.25" in legend_words(root)
    left, top, pw, ph = frame(root)
    lo, hi = -1.08091 - 0.15 * 12.528487, 11.447577 + 0.15 * 12.528487
    (zone,) = by_class(root, "jz-target-zone")  # 4.75..5.25
    assert float(zone.get("y")) == pytest.approx(top + ph * (hi - 5.25) / (hi - lo), abs=0.01)
    assert float(zone.get("height")) == pytest.approx(ph * 0.5 / (hi - lo), abs=0.01)
    assert [e.text for e in by_class(root, "jz-ytick")] == ["0", "5", "10"]  # 16.29 / 5 = 3.3 intervals


def test_no_baseline_note(analysis):
    # the category chart skips rows without a baseline; an indicator chart of one says so
    from jzanalysis.i18n import t

    root = parse(svgchart.indicator_svg(analysis, "quality_balanced_county_share"))
    assert [e.text for e in by_class(root, "jz-note")] == ["无2020年基期值"]
    assert t("plots.no_baseline", "zh") == "无2020年基期值"


# ------------------------------------------------------------------------------------- category chart
def test_category_chart(analysis):
    root = parse(svgchart.category_svg(analysis))
    left, top, pw, bottom = frame(root)
    # the widest name, 每千人口拥有3岁以下婴幼儿托位数 (15 wide characters and one digit), sets the column:
    # left = 8 + 13.39 x (15 + 0.555) + 8 = 224.28; the plot ends at 500 - 8 - 6 = 486
    assert left == pytest.approx(8 + EM * (15 + 0.555) + 8, abs=0.01)
    assert left + pw == pytest.approx(486, abs=0.01)
    # x from -30 to 105 (every change above -28.6 %); hospital beds 5.23 -> 5.3: +1.3384 %
    beds = [e for e in by_class(root, "jz-point") if e.get("data-id") == "hospital_beds_per_1000"]
    assert float(beds[0].get("data-change")) == pytest.approx((5.3 / 5.23 - 1) * 100, abs=0.005)
    assert float(beds[0].get("cx")) == pytest.approx(left + pw * (1.3384 + 30) / 135, abs=0.02)
    (zero,) = by_class(root, "jz-zero")
    assert float(zero.get("x1")) == pytest.approx(left + pw * 30 / 135, abs=0.01)
    # beyond +100 %: childcare places 0.99 -> 4.5 is +354.5 %, certified share 21.5 -> 50 is +132.6 %; drawn
    # at 100 and labelled
    assert [e.text for e in by_class(root, "jz-cut")] == ["+355%", "+133%"]
    childcare = [e for e in by_class(root, "jz-point") if e.get("data-id") == "childcare_places_per_1000"][0]
    centre_x = sum(float(p.split(",")[0]) for p in childcare.get("points").split()) / 4  # a diamond
    assert centre_x == pytest.approx(left + pw * 130 / 135, abs=0.02)
    # the verdicts in the order they first appear, colour and shape
    assert legend_words(root) == ["基期已达标", "无参照速度", "无法评估", "可实现", "需加力"]
    assert [e.text for e in by_class(root, "jz-axis-label")] == ["目标较2020年基期的变化（%）"]
    assert [e.text for e in by_class(root, "jz-xtick")] == ["-20", "0", "20", "40", "60", "80", "100"]


def test_category_layout_by_hand():
    """Two short names (2 wide characters: 2 x 13.39 = 26.78 < 40, so the names' column is 40 wide), one
    change of -50 % (below -30 %: the axis starts at 1.05 x -50 = -52.5) and one of +10 %."""
    items = [{"id": "a", "name": "中文", "category": "甲", "change": -50.0, "shown": -50.0, "code": "reachable"},
             {"id": "b", "name": "英文", "category": "乙", "change": 10.0, "shown": 10.0, "code": "stretch"}]
    placed, box = svgchart._category_layout(items, 100.0)
    # left = 8 + 40 + 8 = 56, right = 500 - 8 - 6 = 486, pw = 430, top = 8 + 4 = 12, a line 13 + 3 = 16
    assert (box["left"], box["right"], box["pw"], box["top"], box["line_h"]) == (56, 486, 430, 12, 16)
    assert (box["xlo"], box["xhi"]) == (-52.5, 105.0)
    # one line each: max(22, 16 + 6) = 22 high; centres 12 + 11 = 23 and 12 + 22 + 11 = 45; bottom 56
    assert [(it["lines"], it["h"], it["y"]) for it in placed] == [(["中文"], 22.0, 23.0), (["英文"], 22.0, 45.0)]
    assert box["bottom"] == 56
    assert "lines" not in items[0]  # the items given are left as they were
    # a name of 60 wide characters in a 230-wide column (17 a line: 17 x 13.39 = 227.6): 3 lines, cut with …
    long = [{**items[0], "name": "长" * 60}]
    (it,), box = svgchart._category_layout(long, 100.0)
    assert box["label_w"] == 230 and len(it["lines"]) == 3 and it["lines"][2] == "长" * 16 + "…"
    assert it["h"] == 3 * 16 + 6


# --------------------------------------------------------------------------------------- all charts
def test_chart_svgs_order_alt_and_final(monitored):
    from jzanalysis.publish import prepared

    charts = svgchart.chart_svgs(monitored, "zh")
    assert list(charts) == prepared.chart_keys(monitored)
    assert list(charts)[:3] == [prepared.CATEGORY_CHART, "infant_mortality_rate", "immunization_coverage"]
    assert charts["life_expectancy"]["alt"] == "人均预期寿命（岁）"
    assert charts[prepared.CATEGORY_CHART]["alt"].startswith("每项指标2025年目标较2020年基期的变化（%）")
    final = dataclasses.replace(monitored, as_of=2025)  # a final evaluation: no category chart
    assert list(svgchart.chart_svgs(final, "zh")) == prepared.chart_keys(monitored)[1:]
    # one category
    assert list(svgchart.chart_svgs(monitored, "zh", "幼有所育")) == ["infant_mortality_rate", "immunization_coverage"]


def test_every_chart_is_a_named_scalable_image(monitored, analysis):
    """viewBox 500 wide, width 100 %; shown 360 px wide on a 390-px phone, text of 13 units is
    13 x 360 / 500 = 9.36 px (at least 9); role=img named by its <title>; the font stack; nothing outside."""
    assert FONT * 360 / WIDTH == pytest.approx(9.36) and FONT * 360 / WIDTH >= 9
    for an in (analysis, monitored):
        for lang in ("zh", "en"):
            for key, chart in svgchart.chart_svgs(an, lang).items():
                svg = chart["svg"]
                root = parse(svg)
                assert root.get("viewBox").startswith("0 0 500 ") and root.get("width") == "100%"
                assert root.get("height") is None
                assert root.get("role") == "img" and root.get("font-family") == fonts.CSS_STACK
                title = root.find(f"{NS}title")
                assert root.get("aria-labelledby") == title.get("id") and title.text == chart["alt"]
                sizes = [float(e.get("font-size")) for e in root.iter(f"{NS}text")]
                assert min(sizes) >= 13, key
                ids = {e.get("id") for e in root.iter() if e.get("id")}
                assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", i) for i in ids)
                refs = re.findall(r'url\(([^)]*)\)|href="([^"]*)"', svg)
                assert all((a or b)[1:] in ids for a, b in refs), refs
                assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
                # coordinates with at most 2 decimals
                coords = re.findall(r' (?:x|y|x1|x2|y1|y2|cx|cy|r|width|height)="(-?[0-9.]+)"', svg)
                assert coords and all(re.fullmatch(r"-?\d+(\.\d{1,2})?", c) for c in coords)
                points = " ".join(re.findall(r'points="([^"]*)"', svg)).replace(",", " ").split()
                assert all(re.fullmatch(r"-?\d+(\.\d{1,2})?", c) for c in points)


def test_deterministic(monitored):
    assert svgchart.indicator_svg(monitored, "physicians_per_1000") == \
        svgchart.indicator_svg(monitored, "physicians_per_1000")
    assert svgchart.category_svg(monitored) == svgchart.category_svg(monitored)


def test_every_character_of_every_chart_is_in_the_font(monitored, analysis):
    """No chart text falls back to another font (Chinese as boxes): every character of every chart's text,
    both languages, plan-time and monitoring, is in Noto Sans CJK SC's character map."""
    from fontTools.ttLib import TTFont

    with TTFont(str(fonts.font_path()), lazy=True) as font:
        cmap = set(font.getBestCmap())
    seen = set()
    for an in (analysis, monitored):
        for lang in ("zh", "en"):
            for chart in svgchart.chart_svgs(an, lang).values():
                seen |= {c for e in parse(chart["svg"]).iter() if e.text for c in e.text}
    assert {"基", "≥", "（", "%"} <= seen  # Chinese, the target's sign, full-width brackets, ASCII
    assert not {c for c in seen if ord(c) not in cmap and not c.isspace()}


# ----------------------------------------------------------------------------------- in a notebook
def test_show_displays_the_svg_as_written(monkeypatch, analysis):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False, metadata=None:
                        shown.append((obj, raw, metadata)))
    svgchart.show_indicator(analysis, "hospital_beds_per_1000", "en")
    svgchart.show_categories(analysis)
    svgchart.show("<svg/>")
    assert shown == [
        ({"image/svg+xml": svgchart.indicator_svg(analysis, "hospital_beds_per_1000", "en")}, True,
         {"jz_chart": "hospital_beds_per_1000"}),
        ({"image/svg+xml": svgchart.category_svg(analysis)}, True, {"jz_chart": "__categories__"}),
        ({"image/svg+xml": "<svg/>"}, True, None),
    ]


# ------------------------------------------------------------------------------------------- hostile
HOSTILE = "</text><script>alert(1)</script>&"


def test_hostile_strings_come_out_inert(analysis):
    a = analysis.assessment.copy()
    row = a["id"] == "hospital_beds_per_1000"
    a.loc[row, "name"] = HOSTILE
    a.loc[row, "unit"] = '"><g onload="x'
    a.loc[row, "id"] = 'bad id"<&>'
    hostile = dataclasses.replace(analysis, assessment=a)
    for svg in (svgchart.indicator_svg(hostile, 'bad id"<&>'), svgchart.category_svg(hostile)):
        root = parse(svg)
        assert not [e for e in root.iter() if e.tag.endswith("script") or any(k.startswith("on") for k in e.attrib)]
        assert "<script>" not in svg and "&lt;script&gt;" in svg
        texts = [e.text for e in root.iter() if e.text]
        assert any(HOSTILE in s for s in texts)
        assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", e.get("id")) for e in root.iter() if e.get("id"))
    root = parse(svgchart.indicator_svg(hostile, 'bad id"<&>'))
    assert root.find(f"{NS}title").text == HOSTILE + '（"><g onload="x）'
    point = [e for e in by_class(parse(svgchart.category_svg(hostile)), "jz-point")
             if e.get("data-id") == 'bad id"<&>']
    assert len(point) == 1  # the attribute holds the id as it is, escaped in the text


# ------------------------------------------------------------------------------------- no matplotlib
def test_no_matplotlib():
    code = ("import sys, jzanalysis\n"
            "from jzanalysis.publish import svgchart\n"
            f"a = jzanalysis.analyse(actuals={str(EXAMPLE_ACTUALS)!r}, as_of={YEAR})\n"
            "charts = svgchart.chart_svgs(a, 'zh')\n"
            "print(len(charts), 'matplotlib' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300)
    assert out.stdout.split() == ["15", "False"]  # the category chart and 14 indicators, no matplotlib
