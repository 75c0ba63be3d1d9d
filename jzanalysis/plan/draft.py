"""``jzanalysis init-plan``: draft a plan folder from the plan's text alone.

The draft is what a careful reader would write on a first pass: the title, the period and the years read
from the document, the main-indicator table found by its header, and for every row the metadata the
analysis needs (id, names, unit, direction, kind, pace, bounds, target operator), each guessed field
listed under the row's ``guessed``. ``plan.yaml`` says ``drafted: true`` until a person has reviewed it.

Folder written (the plan folder contract, docs/plans.md)::

    OUT/plan.yaml  OUT/indicators.yaml  OUT/narrative_series.yaml
    OUT/raw/<the text's file name>  OUT/raw/PROVENANCE.md
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from jzanalysis.errors import InputError
from jzanalysis.io import replace_dir, sha256_file, umask
from jzanalysis.plan.numbers import cn_number, period_name, period_years
from jzanalysis.plan.table import Table, find_table
from jzanalysis.plan.target import Target
from jzanalysis.plan.text import PlanText, read_plan, read_table_file

#: Chinese words -> English, for ids and English names. Longest match first; a small offline glossary
#: (pinyin is not available offline). Words it lacks leave the id as ``ind_<seq>`` and the name empty.
GLOSSARY = {
    "孕产妇": "maternal", "死亡率": "mortality rate", "婴儿": "infant", "新生儿": "neonatal",
    "5岁以下儿童": "under-5 child", "儿童": "child", "婴幼儿": "infant and toddler", "3岁以下": "under-3",
    "托位数": "childcare places", "托位": "childcare places", "每千人口": "per 1,000 population",
    "每万人口": "per 10,000 population", "每千人": "per 1,000 people", "每万人": "per 10,000 people",
    "拥有": "", "适龄": "eligible", "免疫规划": "immunization programme", "疫苗": "vaccine",
    "接种率": "coverage", "学前教育": "preschool", "毛入园率": "gross enrolment ratio",
    "毛入学率": "gross enrolment ratio", "入学率": "enrolment ratio", "公办园": "public kindergarten",
    "在园幼儿": "enrolled children", "幼儿园": "kindergarten", "义务教育": "compulsory education",
    "优质均衡": "high-quality balanced", "高中阶段教育": "senior secondary education",
    "高中阶段": "senior secondary", "高等教育": "higher education", "劳动年龄人口": "working-age population",
    "平均受教育年限": "mean years of schooling", "受教育年限": "years of schooling",
    "从业人员": "employees", "持证率": "certification rate", "全社会": "society-wide", "劳动": "labour",
    "城镇": "urban", "农村": "rural", "城乡": "urban and rural", "调查失业率": "surveyed unemployment rate",
    "登记失业率": "registered unemployment rate", "失业率": "unemployment rate",
    "新增就业": "new jobs", "就业": "employment", "居民": "residents", "人均": "per capita",
    "可支配收入": "disposable income", "增长率": "growth", "增速": "growth rate", "年均": "average annual",
    "基本医疗保险": "basic medical insurance", "基本养老保险": "basic pension insurance",
    "医疗保险": "medical insurance", "养老保险": "pension insurance", "失业保险": "unemployment insurance",
    "工伤保险": "work injury insurance", "参保率": "coverage", "参保人数": "insured persons",
    "预期寿命": "life expectancy", "医疗卫生机构": "health facility", "床位数": "beds", "床位": "beds",
    "执业（助理）医师": "licensed (assistant) physicians", "执业医师": "licensed physicians",
    "医师数": "physicians", "医师": "physicians", "注册护士": "registered nurses", "护士": "nurses",
    "全科医生": "general practitioners", "养老机构": "elderly care institution", "护理型": "nursing",
    "占比": "share", "比例": "share", "比重": "share", "生活不能自理": "dependent",
    "特困人员": "extremely poor persons", "集中供养率": "institutional care rate",
    "城镇老旧小区": "old urban residential compounds", "老旧小区": "old residential compounds",
    "改造": "renovation", "危房": "dilapidated housing", "困难残疾人": "disabled persons in hardship",
    "重度残疾人": "severely disabled persons", "残疾人": "disabled persons", "生活补贴": "living subsidy",
    "护理补贴": "care subsidy", "覆盖率": "coverage", "有需求": "in need", "基本康复服务": "basic rehabilitation services",
    "康复": "rehabilitation", "低保": "subsistence allowance", "平均保障标准": "average standard",
    "保障标准": "standard", "年度": "annual", "退役军人": "veterans", "安置率": "placement rate",
    "政府安排工作": "government-assigned jobs", "公共文化设施": "public cultural facilities",
    "公共文化机构": "public cultural institutions", "公共文化": "public culture", "建筑面积": "floor area",
    "服务效率": "service efficiency", "公共图书馆": "public library", "图书馆": "library",
    "流通人次": "visits", "年": "annual", "经常参加体育锻炼": "regular exercise", "体育锻炼": "exercise",
    "人数": "persons", "体育场地面积": "sports ground area", "体育场地": "sports grounds",
    "社会体育指导员": "social sports instructors", "养老服务": "elderly care services",
    "社区": "community", "覆盖": "coverage", "住房": "housing", "保障性住房": "affordable housing",
    "公租房": "public rental housing", "棚户区": "shanty town", "医院": "hospitals", "学校": "schools",
    "教师": "teachers", "普惠性": "affordable", "托育机构": "childcare institutions", "家庭医生": "family doctor",
    "签约率": "contract rate", "基本公共服务": "basic public services", "标准化": "standardised",
    "达标率": "compliance rate", "体育": "sports", "文化": "culture", "养老": "elderly care", "和": "and",
    "的": "", "率": "rate", "数": "",
}
#: Category words -> English (for ``categories`` in indicators.yaml).
CATEGORY_EN = {
    "幼有所育": "Early childhood", "学有所教": "Education", "劳有所得": "Employment and income",
    "病有所医": "Health care", "老有所养": "Elderly care", "住有所居": "Housing",
    "弱有所扶": "Support for the vulnerable", "优军服务": "Veterans' services", "文化体育": "Culture and sport",
    "优军服务保障": "Veterans' services", "文体服务保障": "Culture and sport", "教育": "Education",
    "卫生健康": "Health", "健康": "Health", "就业": "Employment", "社会保障": "Social security",
    "社会保险": "Social insurance", "社会服务": "Social services", "养老": "Elderly care", "住房": "Housing",
    "文化": "Culture", "体育": "Sport", "托育": "Childcare", "公共教育": "Public education",
    "劳动就业创业": "Employment and entrepreneurship", "医疗卫生": "Health care", "住房保障": "Housing",
    "社会救助": "Social assistance", "优抚安置": "Veterans' services", "残疾人服务": "Services for disabled persons",
}
#: Provinces (and the nation) for the area, the parent area and English names.
PROVINCES = {
    "北京": "Beijing", "天津": "Tianjin", "河北": "Hebei", "山西": "Shanxi", "内蒙古": "Inner Mongolia",
    "辽宁": "Liaoning", "吉林": "Jilin", "黑龙江": "Heilongjiang", "上海": "Shanghai", "江苏": "Jiangsu",
    "浙江": "Zhejiang", "安徽": "Anhui", "福建": "Fujian", "江西": "Jiangxi", "山东": "Shandong",
    "河南": "Henan", "湖北": "Hubei", "湖南": "Hunan", "广东": "Guangdong", "广西": "Guangxi",
    "海南": "Hainan", "重庆": "Chongqing", "四川": "Sichuan", "贵州": "Guizhou", "云南": "Yunnan",
    "西藏": "Tibet", "陕西": "Shaanxi", "甘肃": "Gansu", "青海": "Qinghai", "宁夏": "Ningxia",
    "新疆": "Xinjiang",
}
MUNICIPALITIES = frozenset({"北京", "天津", "上海", "重庆"})
#: Cities whose English name the glossary knows (others: name_en empty, with a warning).
CITIES = {"晋中": "Jinzhong", "太原": "Taiyuan", "大同": "Datong", "长治": "Changzhi", "晋城": "Jincheng",
          "运城": "Yuncheng", "临汾": "Linfen", "吕梁": "Lüliang", "忻州": "Xinzhou", "阳泉": "Yangquan",
          "朔州": "Shuozhou"}
#: Names whose better direction is lower.
LOWER_WORDS = ("死亡率", "失业率", "发病率", "患病率", "近视率", "肥胖率", "辍学率", "吸烟率", "贫困发生率",
               "事故", "空置率", "差距", "自付", "负担", "能耗", "排放", "流失率", "感染率", "致残率")
#: Units of a count (a stock or flow of things).
COUNT_UNITS = frozenset({"个", "户", "万户", "所", "家", "张", "座", "处", "项", "套", "万套", "间", "万个"})
PERIOD = re.compile(r"“(?P<n>十[一二三四五六七八九]?)五”")
PERIOD_YEARS = re.compile(r"规划期(?:限)?(?:为|是)?\s*(?P<a>(?:19|20)\d{2})\s*(?:年)?\s*[—–\-~～至到]+\s*"
                          r"(?P<b>(?:19|20)\d{2})\s*年")
AREA = re.compile(r"^(?P<name>[\u4e00-\u9fff]{2,10}?(?:自治区|省|市|自治州|州|盟|地区|县|区|旗))")
LEVELS = {"省": "province", "自治区": "province", "市": "city", "自治州": "city", "州": "city", "盟": "city",
          "地区": "city", "县": "county", "区": "county", "旗": "county"}


@dataclass
class Draft:
    """What :func:`draft_plan` found: the three YAML documents (as Python data), the checks to print."""

    source: Path
    plan: dict
    indicators: dict
    table: Table
    found: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    #: The main table's own file (``--table``), copied to ``raw/`` beside the text.
    table_source: Path | None = None
    #: The drafted prose series (narrative_series.yaml's ``series``).
    series: list = field(default_factory=list)
    #: Reference data copied from the bundled plan (:func:`jzanalysis.inputs.reference.draft_references`):
    #: ``{"files": {path in the folder: text}}``.
    references: dict = field(default_factory=dict)


def period_number(name: str) -> int | None:
    """The five-year plan's number from its name: ``十四五`` 14, ``十五五`` 15, ``十五`` 10."""
    m = PERIOD.fullmatch(f"“{name.strip('“”')}”")
    return cn_number(m["n"]) if m else None


def find_title(plan: PlanText) -> tuple[str, int]:
    """The document's title (``《…》`` as printed, with the marks) and its line; ``("", 0)`` if none.

    The first line that starts with 《 gives the text up to its closing 》; else the first short line
    (< 60 characters) that ends in 规划 or 纲要.
    """
    for line in plan.lines[:40]:
        t = line.text.strip()
        if t.startswith("《") and "》" in t:
            return t[: t.index("》") + 1], line.no
    for line in plan.lines[:40]:
        t = line.text.strip()
        if t and len(t) < 60 and re.search(r"(规划|纲要)$", t):
            return f"《{t}》", line.no
    return "", 0


def find_area(title: str, text: str) -> tuple[dict, list[dict]]:
    """The area (name, English name, level) from the title and its parent areas, nearest first.

    Notes
    -----
    A title that starts with a place ending in 省/自治区/市/州/县/区/旗 names the area (北京/天津/上海/重庆
    市 are provinces); a title that starts with the period (《“十四五”公共服务规划》) is a national plan.
    The province of a city or county is the province the text names most often (``山西省``, ``全省``
    alone does not count); the nation is the last parent of every area but the nation.
    """
    inner = title.strip("《》")
    m = AREA.match(inner)
    nation = {"name": "全国", "name_en": "China", "level": "nation"}
    if not m or inner.startswith(("“", "\"", "国家", "全国", "中华人民共和国")):
        return nation, []
    name = m["name"]
    suffix = next(s for s in sorted(LEVELS, key=len, reverse=True) if name.endswith(s))
    stem = name[: -len(suffix)]
    level = LEVELS[suffix]
    if stem in MUNICIPALITIES or stem in PROVINCES and suffix in ("省", "自治区"):
        level = "province"
    name_en = PROVINCES.get(stem) or CITIES.get(stem) or ""
    area = {"name": name, "name_en": name_en, "level": level}
    parents = []
    if level in ("city", "county"):
        counts = {p: text.count(p) for p in PROVINCES if p != stem and p not in MUNICIPALITIES}
        best = max(counts, key=counts.get) if counts else None
        if best and counts[best]:
            parents.append({"name": best + ("自治区" if best in ("内蒙古", "广西", "西藏", "宁夏", "新疆") else "省"),
                            "name_en": PROVINCES[best], "level": "province"})
    parents.append(nation)
    return area, parents


def english(name: str) -> tuple[str, float]:
    """English words for a Chinese name from :data:`GLOSSARY` and the share of characters they cover.

    Longest match at each position; digits and ASCII are kept; characters no entry covers count as
    uncovered. ``每千人口拥有执业（助理）医师数`` -> ``per 1,000 population licensed (assistant) physicians``.
    """
    words, covered, i = [], 0, 0
    keys = sorted(GLOSSARY, key=len, reverse=True)
    text = "".join(c for c in name if not c.isspace())
    while i < len(text):
        hit = next((k for k in keys if text.startswith(k, i)), None)
        if hit is not None:
            if GLOSSARY[hit] and (not words or words[-1] != GLOSSARY[hit]):
                words.append(GLOSSARY[hit])
            covered += len(hit)
            i += len(hit)
        elif text[i].isascii():
            j = i
            while j < len(text) and text[j].isascii():
                j += 1
            words.append(text[i:j])
            covered += j - i
            i = j
        else:
            i += 1
    return " ".join(words), covered / max(len(text), 1)


def make_id(name: str, seq: int, taken: set[str]) -> tuple[str, bool]:
    """An ASCII snake_case id from the English words (at most 6), else ``ind_<seq>``; unique in ``taken``.

    Returns the id and whether it came from the glossary (an ``ind_`` id is a placeholder to replace).
    """
    words, share = english(name)
    words = re.sub(r"(\d),(\d)", r"\1\2", words.lower())
    tokens = [t for t in re.sub(r"[^a-z0-9]+", " ", words).split() if t not in ("and", "of", "the")]
    ident = "_".join(tokens[:6]) if share >= 0.6 and tokens else ""
    if not ident or not re.match(r"[a-z]", ident):
        ident = f"ind_{seq}"
    base, k = ident, 2
    while ident in taken:
        ident, k = f"{base}_{k}", k + 1
    taken.add(ident)
    return ident, not ident.startswith("ind_")


def guess_kind(name: str, unit: str, qualifiers: list[str]) -> str:
    """``growth`` (增长率/增速/年均, a name ending in 增长/涨幅), ``cumulative`` (累计, 〔〕, （五年累计）), ``rate`` (死亡率, 失业率,
    发病率), ``per_capita`` (每千/每万/每百人口, 人均 except 预期寿命), ``share`` (unit %, or no unit and a name ending
    in 率/占比/比例/比重 but not 效率/频率), ``count`` (units 个/户/所/张 …), else ``level``."""
    if any(w in name for w in ("增长率", "增速", "年均增长")) or name.endswith(("增长", "涨幅")) or "年均" in qualifiers:
        return "growth"
    if "累计" in name or "五年累计" in qualifiers:
        return "cumulative"
    if any(w in name for w in ("死亡率", "失业率", "发病率", "患病率")):
        return "rate"
    if re.search(r"每[百千万]+人", name) or ("人均" in name and "预期寿命" not in name):
        return "per_capita"
    if unit == "%" or (not unit and re.search(r"(率|占比|比例|比重)$", name) and not name.endswith(("效率", "频率"))):
        return "share"
    if unit in COUNT_UNITS:
        return "count"
    return "level"


def per_population(name: str) -> int | None:
    """The population unit of a per-capita name: 每千人口 1000, 每万人口 10000, 每百人 100, 人均 1."""
    m = re.search(r"每(百|千|万|十万)人", name)
    if m:
        return {"百": 100, "千": 1000, "万": 10_000, "十万": 100_000}[m.group(1)]
    return 1 if "人均" in name else None


#: English units for the units a table prints (``unit_en`` of a drafted entry).
UNIT_EN = {"%": "%", "‰": "per 1,000", "岁": "years", "年": "years", "元": "yuan", "万元": "10,000 yuan",
           "平方米": "m²", "个": "", "人": "persons", "万人": "10,000 persons", "张": "", "户": "households",
           "万户": "10,000 households"}


def guess_pace(kind: str, unit: str, target: Target) -> str:
    """``none`` for growth, ``cagr`` for per-capita and levels (not in 年/岁), ``shortfall`` for a
    higher-is-better share whose target is 90 or more, else ``linear``."""
    if kind == "growth":
        return "none"
    if kind == "per_capita" or (kind == "level" and unit not in ("年", "岁")):
        return "cagr"
    if kind == "share" and target.value is not None and target.value >= 90 and target.direction == "higher":
        return "shortfall"
    return "linear"


def guess_bounds(kind: str, unit: str, name: str) -> list:
    """``[null, null]`` for growth, ``[0, 100]`` for % (``[0, null]`` for a gross ratio 毛入学率/毛入园率,
    which can pass 100), ``[0, 1000]`` for ‰, ``[0, 120]`` for 岁, else ``[0, null]``."""
    if kind == "growth":
        return [None, None]
    if unit == "%":
        return [0, None] if re.search(r"毛入(学|园)率", name) else [0, 100]
    return {"‰": [0, 1000], "岁": [0, 120]}.get(unit, [0, None])


def unit_issue(name: str, unit: str) -> dict | None:
    """A table unit that cannot be what the indicator's words say (``unit_issue`` of indicators.yaml, read
    by the audit), else ``None``.

    Notes
    -----
    * a bracket of more than five characters that is not a unit (``总服务人次/馆员规模``): the indicator's
      definition, not its unit;
    * a name counting 人次 (visits) with a unit of 人/万人 (persons): the unit should be 人次/万人次.
    """
    if len(unit) > 5 and not unit.isascii():
        return {"zh": f"表中括号“{unit}”是指标定义而非计量单位", "en": f"the bracket ‘{unit}’ is the indicator's "
                "definition, not a unit of measurement"}
    if name.endswith("人次") and unit in ("人", "万人"):
        return {"zh": f"指标为“人次”，单位却写作“{unit}”；人次计的是次数而非人数，单位应为“{unit}次”",
                "en": f"the indicator counts visits (人次) but the unit says {unit} (persons); it should be {unit}次"}
    return None


def numbers_direction(row: dict, kind: str) -> str:
    """``lower`` when the row's own numbers say lower is better, else ``""`` (the words decide).

    Notes
    -----
    A share, rate or level whose target, printed as a bare number or 左右 (no ≥ ≤ > <), is below its base
    value on the same basis (个人卫生支出占比 29.3 -> 25左右): the plan means it to fall. A printed
    operator, a growth or cumulative figure, a basis change (93.49%（以县为单位） -> 90%（以乡为单位））
    or a missing number leaves the words' reading.
    """
    b, t = row.get("baseline_value"), row.get("target_value")
    if kind not in ("share", "rate", "level", "per_capita", "count") or b is None or t is None:
        return ""
    if row.get("target_op_table") not in ("=", "~"):
        return ""
    if (row.get("baseline_basis") or "") != (row.get("target_basis") or ""):
        return ""
    return "lower" if t < b else ""


def draft_indicator(row: dict, taken: set[str]) -> dict:
    """The metadata of one table row, with ``guessed``: the fields a person should check.

    Notes
    -----
    * ``direction``: ``lower`` for :data:`LOWER_WORDS` (死亡率, 失业率, …) or when the row's own numbers
      say so (:func:`numbers_direction`: a bare target below the base), else ``higher``;
    * ``kind``: :func:`guess_kind`; ``pace``: ``none`` for growth, ``cagr`` for per-capita and levels
      (``linear`` for levels in 年/岁), ``shortfall`` for a share whose target is 90 or more, else ``linear``;
    * ``bounds``: ``[0, 100]`` for % (``[0, null]`` for a gross ratio 毛入学率/毛入园率, which can pass 100),
      ``[0, 1000]`` for ‰, ``[0, 120]`` for 岁, ``[null, null]`` for growth, else ``[0, null]``;
    * ``target_op``: written only for a bare number (the table's ≥ ≤ > < 左右 win anyway): ``<=`` for a
      lower-is-better indicator, ``>=`` otherwise (:meth:`jzanalysis.plan.target.Target.as_bound`).
    """
    name, unit = row["name"], row["unit"]
    guessed = ["id", "name_en", "direction", "kind", "pace", "bounds"]
    ident, _ = make_id(name, row["seq"], taken)
    name_en, share = english(name)
    name_en = name_en[:1].upper() + name_en[1:] if share >= 0.9 else ""
    if not unit and "%" in (row.get("baseline_text", "") + row.get("target_text", "")):
        unit_guess = "%"
    else:
        unit_guess = unit
    kind = guess_kind(name, unit_guess, row.get("qualifiers", []))
    direction = "lower" if any(w in name for w in LOWER_WORDS) else numbers_direction(row, kind) or "higher"
    target = Target.from_row(row).replaced(direction=direction)
    entry = {"id": ident, "seq": row["seq"], "name_zh": name, "name_en": name_en}
    if unit:
        entry["unit_zh"] = unit
    elif unit_guess:
        guessed.append("unit")
    entry["unit_en"] = UNIT_EN.get(unit_guess, "")
    entry.update(direction=direction, kind=kind, pace=guess_pace(kind, unit_guess, target),
                 bounds=guess_bounds(kind, unit_guess, name))
    bound = target.as_bound()
    if bound.op != target.op:
        entry["target_op"] = bound.op
        entry["op_basis"] = "drafted by init-plan: a bare target read as a " + (
            "ceiling (lower is better)" if direction == "lower" else "floor")
        guessed.append("target_op")
    pop = per_population(name) if kind == "per_capita" else None
    if pop:
        entry["per_population"] = pop
    issue = unit_issue(name, unit)
    if issue:
        entry["unit_issue"] = issue
        guessed.append("unit_issue")
    entry["guessed"] = guessed
    return entry


def _dq(value) -> str:
    """A YAML scalar: strings double-quoted (JSON escapes are valid YAML), numbers plain, None as null."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    return json.dumps(str(value), ensure_ascii=False)


def _flow(d: dict) -> str:
    return "{" + ", ".join(f"{k}: {_flow(v) if isinstance(v, dict) else _dq(v)}" for k, v in d.items()) + "}"


#: The drafted labels written keyed by language (docs/data_dictionary.md, indicators.yaml): the field, then
#: its key for each language in a drafted entry. A series keeps the plan's unit under the bare ``unit``.
LABELS = (("name", {"zh": "name_zh", "en": "name_en"}), ("unit", {"zh": "unit_zh", "en": "unit_en"}))
SERIES_LABELS = (("name", {"zh": "name_zh", "en": "name_en"}), ("unit", {"zh": "unit", "en": "unit_en"}))


def keyed(entry: dict, labels=LABELS) -> dict:
    """``entry`` with its labels keyed by language, each where its first key stood: ``name_zh: 医生,
    name_en: Doctors`` -> ``name: {zh: 医生, en: Doctors}`` (the form the loaders read first,
    :mod:`jzanalysis.plan.labels`). An empty English label is kept, for the reviewer to fill.

    >>> keyed({"id": "a", "name_zh": "医生", "name_en": "", "unit_en": "persons"})
    {'id': 'a', 'name': {'zh': '医生', 'en': ''}, 'unit': {'en': 'persons'}}
    """
    out: dict = {}
    for key, value in entry.items():
        field = next(((f, by) for f, by in labels if key in by.values()), None)
        if field is None:
            out[key] = value
        elif field[0] not in out:
            out[field[0]] = {lang: entry[k] for lang, k in field[1].items() if k in entry}
    return out


def plan_yaml(p: dict) -> str:
    """``plan.yaml`` text in the documented shape (docs/plans.md), with a comment on what to review."""
    out = ["# Drafted by `jzanalysis init-plan` from the plan's text. Check every value, then set drafted: false.",
           "# Keys: docs/plans.md.",
           "schema: 1",
           f"title: {_flow({'zh': p['title'], **({'en': p['title_en']} if p.get('title_en') else {})})}"
           + ("" if p.get("title_en") else "   # en: no English title drafted: the report falls back to the Chinese title"),
           f"title_short: {_dq(p['title_short'])}"]
    out.append(f"issuer: {_dq(p.get('issuer'))}")
    out.append(f"area: {_flow(_area(p['area']))}")
    if p["parent_areas"]:
        out.append("parent_areas:")
        out += [f"  - {_flow(_area(a))}" for a in p["parent_areas"]]
    else:
        out.append("parent_areas: []")
    out.append(f"period: {_flow(p['period'])}")
    out.append(f"base_year: {p['base_year']}")
    out.append(f"target_year: {p['target_year']}")
    out.append(f"previous_period: {_flow(p['previous_period']) if p.get('previous_period') else 'null'}")
    for key in ("text", "metadata", "series", "benchmarks"):
        out.append(f"{key}: {_dq(p.get(key))}")
    out.append("table:")
    out.append(f"  caption: {_dq(p['table']['caption'])}")
    out.append(f"  header: {_flow(p['table']['header'])}")
    if p["table"].get("file"):
        out.append(f"  file: {_dq(p['table']['file'])}")
    out.append(f"population: {_flow(p['population']) if p.get('population') else 'null'}"
               + ("   # null: no per-capita conversion until a population with its source is given"
                  if not p.get("population") else ""))
    out.append(f"drafted: {_dq(p['drafted'])}")
    return "\n".join(out) + "\n"


def _area(area: dict) -> dict:
    """An area as plan.yaml writes it: ``{name: {zh: 晋中市, en: Jinzhong}, level: city}``."""
    return {"name": {"zh": area["name"], "en": area.get("name_en", "")},
            **{k: v for k, v in area.items() if k not in ("name", "name_en")}}


class _NoAliases(yaml.SafeDumper):
    """A safe dumper that writes a shared value out each time: a plan folder's YAML has no aliases."""

    def ignore_aliases(self, data) -> bool:
        return True


def _dump(data, **options) -> str:
    return yaml.dump(data, Dumper=_NoAliases, **options)


def series_yaml(series: list[dict]) -> str:
    """``narrative_series.yaml`` text: a header comment, then the drafted ``series`` (none: ``series: []``)."""
    head = ("# Drafted by `jzanalysis init-plan`: prose series bound to the table's rows by name, and series of the\n"
            "# prose alone (fields: the bundled data/plans/jinzhong-14/narrative_series.yaml). Each rule names the\n"
            "# exact subject the prose reader gave a figure; check them, and add subject_fixes where it is wrong.\n")
    if not series:
        return head + "series: []\n"
    return head + _dump({"series": [keyed(e, SERIES_LABELS) for e in series]}, allow_unicode=True, sort_keys=False, default_flow_style=None,
                                 width=110)


def indicators_yaml(meta: dict) -> str:
    """``indicators.yaml`` text: a header comment, then defaults, categories and indicators."""
    head = ("# Drafted by `jzanalysis init-plan`. Each indicator lists under `guessed` the fields read from its\n"
            "# name, unit and target rather than from the plan: check them, then remove `guessed`.\n"
            "# Fields: docs/data_dictionary.md (indicators.yaml); aliases: [..] binds a renamed row.\n")
    top = {k: v for k, v in meta.items() if k != "indicators"}
    if isinstance(top.get("categories"), dict):  # each category as printed, its labels keyed by language
        top["categories"] = {c: v if isinstance(v, dict) else {"en": v} for c, v in top["categories"].items()}
    body = _dump(top, allow_unicode=True, sort_keys=False, default_flow_style=False, width=110)
    body += _dump({"indicators": [keyed(e) for e in meta["indicators"]]}, allow_unicode=True, sort_keys=False,
                           default_flow_style=None, width=110)
    return head + body


def _period(plan_path: Path, m: re.Match | None, text: str, table: Table, found: list, checks: list) -> tuple:
    """The period's number, first and last year, read from 规划期为…, the table's header years or the period
    name ``m`` (“十四五”), in that order: ``(n, first, last)``; what was found and what to check are
    appended."""
    n = cn_number(m["n"]) if m else None
    years = PERIOD_YEARS.search(text)
    if years:
        first, last = int(years["a"]), int(years["b"])
        how = f"“{years.group(0).strip()}”"
    elif table.baseline_year and table.target_year:
        first, last = table.baseline_year + 1, table.target_year
        how = "the table's header years"
    elif n and n >= 3:
        first, last = period_years(n)
        how = f"the period name {period_name(n)}"
    else:
        raise InputError(plan_path, None, "period", "no period found: expected 规划期为YYYY—YYYY年, a table header "
                         "with years, or a period name such as “十五五”")
    if n is None or not 10 <= n <= 19 or period_years(n) != (first, last):
        guess = (first - 1966) // 5 + 3 if first >= 1966 and (first - 1966) % 5 == 0 else None
        if guess and 10 <= guess <= 19:
            checks.append(f"period: the name was {'not found' if n is None else period_name(n)}; "
                          f"named {period_name(guess)} from the years {first}-{last}")
            n = guess
    pname = period_name(n) if n and 10 <= n <= 19 else ""
    if not pname:
        checks.append(f"period: no name for {first}-{last}; give period.name in plan.yaml")
    found.append(f"period: {pname or '?'} {first}-{last} (from {how})")
    return n, first, last


def _years(table: Table, n: int | None, first: int, last: int, found: list, checks: list) -> tuple:
    """Base and target year (the table's header, else the period's) and the previous period:
    ``(base_year, target_year, previous)``."""
    base_year = table.baseline_year or first - 1
    target_year = table.target_year or last
    if not table.baseline_year or not table.target_year:
        checks.append(f"years: the table header prints no year; base {base_year} and target {target_year} "
                      "taken from the period")
    found.append(f"years: base {base_year}, target {target_year}")
    previous = None
    if n and 11 <= n <= 19:
        pf, pl = period_years(n - 1)
        previous = {"name": period_name(n - 1), "first_year": pf, "last_year": pl}
    return base_year, target_year, previous


def _header_words(table: Table) -> dict:
    """plan.yaml's ``table.header``: the header cells as printed, by field (``base`` for the baseline)."""
    header = {("base" if k == "baseline" else k): v for k, v in table.header.items()}
    return {k: header[k] for k in ("seq", "category", "name", "base", "target", "attribute") if k in header}


def _titles(inner: str, m: re.Match | None, area: dict, n: int | None) -> tuple[str, str]:
    """The short Chinese title (the period and the subject, 规划) and the English title (area, ordinal)."""
    short = re.sub(r"（[^（）]*）", "", inner)
    paren = re.search(r"（([^（）]*)）", inner)
    if paren and m:
        short = inner[: inner.index("”", m.start()) + 1] if "”" in inner[m.start():] else short
        short = short + paren.group(1).split("和")[0] + "规划"
    title_en = ""
    if area["name_en"] and n:
        ordinal = f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"
        title_en = f"{area['name_en']} {ordinal} Five-Year Plan"
    return short, title_en


def _listing(rows, limit=6) -> str:
    names = [f"{e['seq']} {e['name_zh']}" for e in rows]
    return "、".join(names[:limit]) + (f" … ({len(names)} rows)" if len(names) > limit else "")


def _table_checks(table: Table, found: list, checks: list) -> None:
    """What was found about the table (caption, rows, header, continuations) and its warnings."""
    found.append(f"table: {table.caption or '(no caption)'} at line {table.caption_line or table.header_line}, "
                 f"{len(table.rows)} rows, header {'/'.join(table.header[f] for f in sorted(table.columns, key=table.columns.get))}"
                 + (f", continued {table.continued}x after a page break" if table.continued else ""))
    if not table.caption:
        checks.append("table.caption: none printed; the table is found by its header alone")
    for w in table.warnings:
        checks.append(f"table line {w.line}: {w.message}")


def _indicator_checks(entries: list[dict], table: Table, checks: list) -> None:
    """The checks on the drafted indicators: ids, English names, directions, kinds, operators, words."""
    placeholder = [e for e in entries if e["id"].startswith("ind_")]
    checks.append(f"id: {len(entries) - len(placeholder)} ids from the glossary, {len(placeholder)} placeholders"
                  + (f" (ind_<seq>): {_listing(placeholder)}" if placeholder else ""))
    no_en = [e for e in entries if not e["name_en"]]
    if no_en:
        checks.append(f"name_en: {len(no_en)} rows without an English name (the report shows the Chinese): "
                      f"{_listing(no_en)}")
    lower = [e for e in entries if e["direction"] == "lower"]
    checks.append(f"direction: {len(lower)} lower-is-better ({_listing(lower) or 'none'}), the rest higher")
    by_numbers = [(e, r) for e, r in zip(entries, table.rows, strict=False)
                  if e["direction"] == "lower" and not any(w in e["name_zh"] for w in LOWER_WORDS)]
    for e, r in by_numbers:
        checks.append(f"direction: {e['seq']} {e['name_zh']} read as lower-is-better from its numbers: the target "
                      f"{r['target_text']} is below the base {r['baseline_text']}")
    kinds: dict[str, list] = {}
    for e in entries:
        kinds.setdefault(e["kind"], []).append(e)
    checks.append("kind: " + "; ".join(f"{k} {len(v)}" for k, v in kinds.items())
                  + "; pace and bounds follow the kind")
    ops = [e for e in entries if "target_op" in e]
    if ops:
        checks.append(f"target_op: {len(ops)} bare targets read as floors (>=) or ceilings (<=) by direction")
    worded = [r for r in table.rows if Target.from_row(r).kind in ("text", "relational")]
    if worded:
        checks.append(f"targets in words: {_listing([{'seq': r['seq'], 'name_zh': r['name']} for r in worded])} "
                      "(kept as targets with their own verdict)")
    pcs = [e for e in entries if e["kind"] == "per_capita"]
    checks.append("population: none drafted" + (f"; {len(pcs)} per-capita rows are not converted to totals "
                                                "until plan.yaml gives one with its source" if pcs else ""))


def _front(path: Path, plan: PlanText, table: Table, found: list, checks: list) -> dict:
    """The plan's title, period, years and area as drafted (``found``/``checks`` lines appended)."""
    text = "\n".join(ln.text for ln in plan.lines)
    title, title_line = find_title(plan)
    if title:
        found.append(f"title: {title} (line {title_line})")
    else:
        title = f"《{path.stem}》"
        checks.append(f"title: no 《…》 title line found; used the file name {title}")
    inner = title.strip("《》")
    m = PERIOD.search(inner) or PERIOD.search(text)
    n, first, last = _period(path, m, text, table, found, checks)
    base_year, target_year, previous = _years(table, n, first, last, found, checks)
    area, parents = find_area(title, text)
    found.append(f"area: {area['name']} ({area['level']}); parent areas: "
                 f"{'、'.join(a['name'] for a in parents) or 'none'}")
    checks.append("area, parent_areas, issuer: guessed from the title and the province the text names most")
    if not area["name_en"]:
        checks.append(f"area.name.en: {area['name']} is not in the built-in list; give its English name")
    short, title_en = _titles(inner, m, area, n)
    checks.append(f"title_short, title_en: drafted as {short!r} and {title_en or '(none)'!r}")
    return {"title": title, "n": n, "first": first, "last": last, "base_year": base_year,
            "target_year": target_year, "previous": previous, "area": area, "parents": parents,
            "short": short, "title_en": title_en}


def _namer(taken: set[str]):
    """``namer(name, unit) -> (id, English name, English unit, direction)`` for a drafted series."""
    def namer(name: str, unit: str) -> tuple[str, str, str, str]:
        ident, _ = make_id(name, len(taken) + 1, taken)
        if ident.startswith("ind_"):
            taken.discard(ident)
            k = len(taken) + 1
            while f"series_{k}" in taken:
                k += 1
            ident = f"series_{k}"
            taken.add(ident)
        en, share = english(name)
        return (ident, en[:1].upper() + en[1:] if share >= 0.9 else "", UNIT_EN.get(unit, ""),
                "lower" if any(w in name for w in LOWER_WORDS) else "higher")
    return namer


def _prose(plan: PlanText, table: Table, entries: list[dict], front: dict, found: list, checks: list) -> list[dict]:
    """The drafted prose series (:func:`jzanalysis.plan.draft_series.draft_series`), read in the drafted
    years; growth rows get their ``level_series`` and ``reference_from`` (in place)."""
    from jzanalysis.plan.draft_series import draft_series
    from jzanalysis.plan.prose import ProseFrame, extract_facts, review_words

    prev = front["previous"]
    frame = ProseFrame(front["base_year"], front["target_year"], front["first"],
                       prev["first_year"] if prev else front["base_year"] - 4,
                       review_words(prev["name"] if prev else None))
    facts = extract_facts(plan, {}, frame).to_dict("records")
    series, links, lines = draft_series(facts, table.rows, entries, frame, _namer({e["id"] for e in entries}))
    for e in entries:
        if e["id"] in links:
            e.update(links[e["id"]])
            e["guessed"] = [*e["guessed"], "level_series", "reference_from"]
    found += lines
    bound = {s["indicator"] for s in series if s.get("indicator")}
    no_prose = [e for e in entries if e["id"] not in bound and e["id"] not in links]
    if no_prose:
        checks.append(f"series: no prose figure bound to {len(no_prose)} rows ({_listing(no_prose)}); add rules to "
                      "narrative_series.yaml where the text states their history")
    checks.append("series: drafted from the prose by name (docs/plans.md); check each rule, and add subject_fixes "
                  "where the prose reader names a figure wrongly")
    return series


def draft_plan(path, table_file=None) -> Draft:
    """Draft the plan folder's contents from the plan text at ``path`` (and the main table in its own CSV
    or .xlsx ``table_file``, when the text does not hold it).

    Returns
    -------
    Draft
        ``plan`` (plan.yaml as a dict), ``indicators`` (indicators.yaml as a dict), ``series`` (the
        drafted prose series), the table, and the lines to print: what was found and what a person should
        check.

    Raises
    ------
    InputError
        A text that cannot be read, or that has no indicator table (see
        :func:`jzanalysis.plan.table.find_table`).
    """
    path = Path(path)
    plan = read_plan(path)
    table = find_table(read_table_file(table_file) if table_file else plan, caption=None)
    found, checks = [], []
    front = _front(path, plan, table, found, checks)
    _table_checks(table, found, checks)
    if table_file:
        found[-1] += f" (in {Path(table_file).name})"
    taken: set[str] = set()
    entries = [draft_indicator(r, taken) for r in table.rows]
    categories = {}
    for r in table.rows:
        if r["category"] and r["category"] not in categories:
            categories[r["category"]] = CATEGORY_EN.get(r["category"], "")
    _indicator_checks(entries, table, checks)
    series = _prose(plan, table, entries, front, found, checks)
    meta = {"defaults": {"band_rel": 0.05}, "categories": categories, "indicators": entries}
    area, n = front["area"], front["n"]
    plan_doc = {
        "schema": 1, "title": front["title"], "title_short": front["short"], "title_en": front["title_en"],
        "issuer": f"{area['name']}人民政府" if area["level"] != "nation" else None,
        "area": area, "parent_areas": front["parents"],
        "period": {"name": period_name(n) if n and 10 <= n <= 19 else "", "first_year": front["first"],
                   "last_year": front["last"]},
        "base_year": front["base_year"], "target_year": front["target_year"], "previous_period": front["previous"],
        "text": f"raw/{path.name}", "metadata": "indicators.yaml", "series": "narrative_series.yaml",
        "benchmarks": None, "table": {"caption": table.caption, "header": _header_words(table),
                                      **({"file": f"raw/{Path(table_file).name}"} if table_file else {})},
        "population": None, "drafted": True,
    }
    return Draft(path, plan_doc, meta, table, found, checks, Path(table_file) if table_file else None, series)


def provenance(draft: Draft, sha: str) -> str:
    p = draft.plan
    return (f"# Provenance of `raw/`\n\nDrafted by `jzanalysis init-plan`; complete the fields marked ?.\n\n"
            f"## {draft.source.name}\n\n| field | value |\n|---|---|\n"
            f"| title | {p['title']} |\n| issuer | {p.get('issuer') or '?'} |\n"
            f"| plan period | {p['period']['first_year']}–{p['period']['last_year']} |\n"
            f"| sha256 | `{sha}` |\n| obtained | ? (where the text was copied from, and when) |\n\n"
            "## benchmarks and population\n\n" + _references_note(draft))


def _references_note(draft: Draft) -> str:
    copied = sorted(draft.references.get("files", {}))
    if not copied:
        return ("None yet. Give each value's source here when you add `raw/benchmarks.csv` or "
                "`raw/population.csv`.\n")
    return (f"Copied by `init-plan` from the bundled reference data (`data/plans/jinzhong-14/raw/`, whose "
            f"PROVENANCE.md gives each source): {', '.join(f'`{c}`' for c in copied)}. Each benchmark row names "
            "its source (`source_title`, `source_url`, `quote`); verify them, and give any value you add its "
            "source here.\n")


def write_draft(draft: Draft, out, force: bool = False) -> Path:
    """Write the drafted folder at ``out``: built in a hidden sibling, then moved into place in one step.

    Raises :class:`InputError` when ``out`` exists and ``force`` is false (an existing folder is never
    overwritten without ``--force``), or when ``out`` is a file.
    """
    out = Path(out)
    if out.exists() or out.is_symlink():
        if not out.is_dir() or out.is_symlink():
            raise InputError(out, None, "out", "exists and is not a folder; it is left untouched")
        if not force:
            raise InputError(out, None, "out", "already exists; give another --out, or --force to replace it")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.init-plan-", dir=out.parent))
    try:
        (tmp / "raw").mkdir()
        shutil.copyfile(draft.source, tmp / "raw" / draft.source.name)
        if draft.table_source is not None:
            if draft.table_source.name == draft.source.name:
                raise InputError(draft.table_source, None, "table", "has the text's file name; rename one")
            shutil.copyfile(draft.table_source, tmp / "raw" / draft.table_source.name)
        sha = sha256_file(tmp / "raw" / draft.source.name)
        files = {
            "plan.yaml": plan_yaml(draft.plan),
            "indicators.yaml": indicators_yaml(draft.indicators),
            "narrative_series.yaml": series_yaml(draft.series),
            "raw/PROVENANCE.md": provenance(draft, sha),
            **draft.references.get("files", {}),
        }
        for name, content in files.items():
            (tmp / name).write_text(content, encoding="utf-8")
        mode = 0o777 & ~umask()
        os.chmod(tmp, mode)
        if out.exists():
            replace_dir(tmp, out)
        else:
            os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


