"""SYNTHETIC test plans: the bundled plan moved to another period (and, optionally, another area).

Not a real plan. :func:`write_shifted_plan` copies ``data/plans/jinzhong-14`` into a folder with every
year moved by ``offset`` (2020 -> 2025, 2025 -> 2030, 2016-2020 -> 2021-2025), the period names moved
with it (十四五 -> 十五五, 十三五 -> 十四五) and, with ``area``, every 晋中/山西 replaced by a made-up city
and province (示范市 in 北方省), and writes its ``plan.yaml``. The numbers of the table and the prose
stay as they are, so every result of the shifted plan can be checked against the bundled plan's:
the same values, the years moved by ``offset``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from jzanalysis import paths

#: A year in the text (2025年, the first year of 2016-2020), as the parser's prose frame reads it.
YEAR_TOKEN = re.compile(r"(?<![\d_A-Za-z.])(?:19|20)\d\d(?=年|\s*[-—–~～至到]\s*(?:19|20)\d\d)")
ANY_YEAR = re.compile(r"(?<![\d_A-Za-z.])(?:20[0-4]\d)(?!\d)")
PERIODS = {"十四五": "十五五", "十三五": "十四五"}
AREA = {"晋中": "示范", "山西省": "北方省", "山西": "北方省"}


def _periods(text: str) -> str:
    return re.sub("十[三四]五", lambda m: PERIODS[m.group(0)], text)


def _areas(text: str) -> str:
    return re.sub("晋中|山西省|山西", lambda m: AREA[m.group(0)], text)


def shift_text(text: str, offset: int, area: bool = False) -> str:
    """The plan text moved by ``offset`` years (only years: 2000个 stays), period names moved along."""
    text = _periods(YEAR_TOKEN.sub(lambda m: str(int(m.group(0)) + offset), text))
    return _areas(text) if area else text


def shift_yaml(text: str, offset: int, area: bool = False) -> str:
    """The metadata moved by ``offset`` years: every year 2000..2049 in it (no value there looks like one)."""
    text = _periods(ANY_YEAR.sub(lambda m: str(int(m.group(0)) + offset), text))
    return _areas(text) if area else text


PLAN_YAML = """# SYNTHETIC: the bundled plan moved by {offset} years (tests/plans/shifted_plan.py); not a real plan.
schema: 1
title: 《{city}“十五五”高品质生活建设（公共服务和社会保障事业）规划》
title_short: {city}“十五五”公共服务规划
{title_en}issuer: {city}人民政府
area: {{name: {city}, name_en: {city_en}, level: city}}
parent_areas:
  - {{name: {province}, name_en: {province_en}, level: province}}
  - {{name: 全国, name_en: China, level: nation}}
period: {{name: 十五五, first_year: {first}, last_year: {last}}}
base_year: {base}
target_year: {target}
previous_period: {{name: 十四五, first_year: {prev_first}, last_year: {base}}}
text: raw/plan.txt
metadata: indicators.yaml
series: narrative_series.yaml
{benchmarks}table:
  caption: 表1-1
  header: {{seq: 序号, category: 类别, name: 指标名称, base: {base}年实际值, target: {target}年目标值, attribute: 属性}}
{population}drafted: false
"""


def write_shifted_plan(dst, offset: int = 5, area: bool = False, population: bool = True,
                       title_en: bool = True, base_year: int | None = None) -> Path:
    """Write the SYNTHETIC shifted plan folder ``dst`` and return it.

    ``area``: another city (示范市, 北方省) instead of 晋中市/山西省; ``population=False``: no population in
    plan.yaml; ``title_en=False``: no English title; ``base_year``: a plan.yaml base year that disagrees
    with the table (the guardrail's case).
    """
    src = paths.DEFAULT_PLAN
    dst = Path(dst)
    (dst / "raw").mkdir(parents=True, exist_ok=True)
    text = paths.PLAN_TEXT.read_text(encoding="utf-8")
    (dst / "raw" / "plan.txt").write_text(shift_text(text, offset, area), encoding="utf-8")
    for name in ("indicators.yaml", "narrative_series.yaml"):
        (dst / name).write_text(shift_yaml((src / name).read_text(encoding="utf-8"), offset, area), encoding="utf-8")
    bench = ""
    if not area:  # the benchmarks are China/Shanxi levels of earlier years: kept as published
        shutil.copyfile(src / "raw" / "benchmarks.csv", dst / "raw" / "benchmarks.csv")
        bench = "benchmarks: raw/benchmarks.csv\n"
    base = 2020 + offset
    city = "示范市" if area else "晋中市"
    pop = (f"population: {{value: 3379498, year: {base}, area: {city}}}\n" if population else "population: null\n")
    (dst / "plan.yaml").write_text(PLAN_YAML.format(
        offset=offset, city=city, city_en="Shifan" if area else "Jinzhong",
        province="北方省" if area else "山西省", province_en="Beifang" if area else "Shanxi",
        title_en=(f"title_en: {'Shifan' if area else 'Jinzhong'} 15th Five-Year Plan for public services "
                  "(SYNTHETIC)\n") if title_en else "",
        first=base + 1, last=base + 5, base=base_year or base, target=base + 5, prev_first=base - 4,
        benchmarks=bench, population=pop), encoding="utf-8")
    return dst


def shift_actuals(src, dst, offset: int = 5) -> Path:
    """The example actuals with their years moved by ``offset`` (``id,year,value,...``)."""
    lines = Path(src).read_text(encoding="utf-8").splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        parts = line.split(",")
        if len(parts) > 1 and parts[1].isdigit():
            parts[1] = str(int(parts[1]) + offset)
        out.append(",".join(parts))
    Path(dst).write_text("\n".join(out) + "\n", encoding="utf-8")
    return Path(dst)
