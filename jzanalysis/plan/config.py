"""A plan is a folder: ``plan.yaml`` says what the code used to hard-code (title, area, years, table words).

>>> from jzanalysis import paths
>>> from jzanalysis.plan.config import load_plan_config
>>> cfg = load_plan_config(paths.DEFAULT_PLAN)      # the bundled plan: data/plans/jinzhong-14
>>> cfg.base_year, cfg.target_year, cfg.period.name
(2020, 2025, '十四五')

Every key is documented in ``docs/plans.md``. A bad key raises :class:`~jzanalysis.errors.InputError`
naming ``plan.yaml``, the line (from the YAML node marks) and the key. Paths in ``plan.yaml`` are
relative to the folder and resolved here.

:func:`resolve_plan` turns a ``--plan`` argument into ``(config, text)``: a folder with ``plan.yaml``
gives its own config; a bare text file (as before plans were folders) is read with the bundled plan's
config; nothing gives the bundled plan.
"""

from __future__ import annotations

import functools
import logging
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from jzanalysis import paths
from jzanalysis.errors import InputError, shorten
from jzanalysis.i18n import catalogue, is_plan_language, language, languages, set_default_plan_words
from jzanalysis.plan.labels import flatten_plan

log = logging.getLogger("jzanalysis.plan.config")

SCHEMA = 1
LEVELS = ("city", "county", "province", "nation")
#: Header keys of the main table, in the order the bundled plan prints them.
HEADER_KEYS = ("seq", "category", "name", "base", "target", "attribute")
KEYS = ("schema", "title", "title_short", "title_en", "issuer", "area", "parent_areas", "period", "base_year",
        "target_year", "previous_period", "text", "metadata", "series", "benchmarks", "table", "population",
        "drafted", "benchmarks_searched", "review_sections")
REQUIRED = ("schema", "title", "area", "period", "base_year", "target_year", "text", "metadata")
CN_DIGITS = "〇一二三四五六七八九十"
#: Period names: 十四五 is the 14th five-year plan (2021-2025); from the 3rd plan (1966-1970) on, the n-th
#: runs 1951+5n .. 1955+5n.
PERIOD_NAME = re.compile(r"^十([一二三四五六七八九])五$")


#: A further language's key in plan.yaml, as the language-keyed labels give it (``title_fr``, ``name_fr``).
LABEL_KEY = re.compile(r"^(title|name)_([a-z]{2,3}(?:-[A-Za-z0-9]+)?)$")


def _in_language(labels: tuple, lang: str, default: str) -> str:
    """The first label of ``lang``'s chain in ``labels`` (``((lang, text), …)``), else ``default``."""
    by = dict(labels)
    return next((by[c] for c in language(lang)["chain"] if by.get(c)), default)


@dataclass(frozen=True)
class Area:
    """An administrative area: ``name`` as printed (晋中市), ``name_en`` (Jinzhong), ``level``; ``labels``:
    its name in further languages, ``(("fr", …),)`` (plan.yaml ``name: {zh, en, fr}``)."""

    name: str
    name_en: str
    level: str
    labels: tuple = ()

    def name_in(self, lang: str) -> str:
        """The name in a text of ``lang``: as printed in the plan's language; else the language's own (or its
        fallback's), else the English one."""
        if is_plan_language(lang):
            return self.name
        return _in_language((("en", self.name_en), *self.labels), lang, self.name_en)


@dataclass(frozen=True)
class Period:
    """A five-year period: ``name`` (十四五), ``first_year`` and ``last_year`` (2021, 2025)."""

    name: str
    first_year: int
    last_year: int

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.first_year, self.last_year + 1))


@dataclass(frozen=True)
class Population:
    """The population that turns per-capita figures into totals: value, year, area, source (a path)."""

    value: int
    year: int
    area: str
    source: Path | None = None


@dataclass(frozen=True)
class TableSpec:
    """The main table: its caption (``None``: found by its header alone), the header words by key and the
    file it is in when it is not in the text (``table.file``: a CSV or .xlsx beside the prose)."""

    caption: str | None
    header: dict = field(default_factory=dict)
    file: Path | None = None


@dataclass(frozen=True)
class PlanConfig:
    """What ``plan.yaml`` says about one plan (paths resolved against :attr:`folder`)."""

    folder: Path
    title: str
    title_short: str
    title_en: str
    issuer: str
    area: Area
    parent_areas: tuple[Area, ...]
    period: Period
    base_year: int
    target_year: int
    previous_period: Period | None
    text: Path
    metadata: Path
    series: Path | None
    benchmarks: Path | None
    table: TableSpec
    population: Population | None
    drafted: bool = False
    schema: int = SCHEMA
    #: The title in further languages, ``(("fr", …),)`` (plan.yaml ``title: {zh, en, fr}``).
    titles: tuple = ()
    #: Which fields were not in plan.yaml and fell back (``title_en`` -> title): for warnings.
    fallbacks: tuple[str, ...] = ()
    #: The published statistics searched for benchmarks without a usable pair, by language (``zh``, ``en``):
    #: said once in the methods appendix. Empty: the report does not claim a search.
    benchmarks_searched: dict = field(default_factory=dict)
    #: Words of the heading of the section that reviews the previous period (``“十三五”发展回顾``, ``发展基础``):
    #: its figures are history. Empty: ``“<previous>”发展回顾`` and the usual words
    #: (:func:`jzanalysis.plan.prose.frame_of`).
    review_sections: tuple[str, ...] = ()

    @property
    def source(self) -> Path:
        return self.folder / "plan.yaml"

    @property
    def area_word(self) -> str:
        """How the reader's text names the plan's area: 本市 for a city plan, else the area's name."""
        return self.area_in("zh")

    @property
    def area_word_en(self) -> str:
        return self.area_in("en")

    def area_in(self, lang: str) -> str:
        """The plan's area in a text of ``lang``: ``plan.area.city`` (本市, the city) for a city plan, else
        its name (the plan's in its own language, else the English one)."""
        if self.area.level == "city":
            return _word("plan.area.city", lang)
        return self.area.name_in(lang)

    def title_in(self, lang: str) -> str:
        """The title in a text of ``lang``: the plan's own in its language; else the language's own (or its
        fallback's), else the English one."""
        if is_plan_language(lang):
            return self.title
        return _in_language((("en", self.title_en), *self.titles), lang, self.title_en)

    @property
    def years(self) -> tuple[int, ...]:
        """The years actual values are reported for: the period's years (2021..2025)."""
        return self.period.years

    @property
    def span(self) -> int:
        """Years from base to target (5)."""
        return self.target_year - self.base_year

    def caption_in(self, lang: str = "zh") -> str:
        """The main table as a reader's text names it: 表1-1 / Table 1-1; 主要指标表 / the main table when
        the table has no caption."""
        cap = self.table.caption
        if is_plan_language(lang):
            return cap or _word("plan.caption.none", lang)
        if cap and cap.startswith("表"):  # the plan's own word for a table, 专栏 for a box
            return _word("plan.caption.table", lang, number=cap[1:].strip())
        if cap and cap.startswith("专栏"):
            return _word("plan.caption.box", lang, number=cap[2:].strip())
        return cap or _word("plan.caption.none", lang)

    def words(self, lang: str = "zh") -> dict:
        """The plan's words for reader texts in ``lang``: the ``plan_*`` fields of the locale templates
        (:mod:`jzanalysis.i18n`): ``plan_title``, ``plan_title_short``, ``plan_caption``, ``plan_area``
        (本市 for a city plan, else the area's name), ``plan_area_name``, ``plan_period``,
        ``plan_previous``, ``plan_base``, ``plan_target``, ``plan_first``, ``plan_last``,
        ``plan_previous_first``, ``plan_previous_base``, ``plan_span``."""
        zh = is_plan_language(lang)  # the plan's own words; any other language: the English ones
        prev = self.previous_period
        return {"plan_title": self.title_in(lang),
                "plan_title_short": self.title_short if zh else self.title_in(lang),
                "plan_caption": self.caption_in(lang), "plan_area": self.area_in(lang),
                "plan_area_name": self.area.name_in(lang),
                # English texts say "the 13th plan": the ordinal of a 十N五 name
                "plan_period": self.period.name if zh else _ordinal(self.period.name, lang),
                "plan_previous": (prev.name if zh else _ordinal(prev.name, lang)) if prev else "",
                "plan_base": self.base_year, "plan_target": self.target_year,
                "plan_first": self.period.first_year, "plan_last": self.period.last_year,
                "plan_previous_first": prev.first_year if prev else self.base_year - 4,
                "plan_previous_base": (prev.first_year - 1) if prev else self.base_year - 5,
                "plan_span": self.span,
                "plan_searched": next((self.benchmarks_searched[c] for c in language(lang)["chain"]
                                       if self.benchmarks_searched.get(c)), self.benchmarks_searched.get("zh", ""))}

    def all_words(self) -> dict:
        """``{lang: words(lang)}`` for :func:`jzanalysis.i18n.use_plan_words`."""
        return {lang: self.words(lang) for lang in languages()}

    def with_text(self, text) -> PlanConfig:
        """The same config reading another text file (``--plan FILE.txt``)."""
        return replace(self, text=Path(text))


def period_years(name: str) -> tuple[int, int] | None:
    """The years of a period name that can be dated: ``十四五`` -> (2021, 2025); ``十二五`` -> (2011, 2015).

    ``None`` when the name is not of the form 十N五 (a name the code cannot date: never guessed).
    """
    m = PERIOD_NAME.match(name or "")
    if not m:
        return None
    n = 10 + CN_DIGITS.index(m.group(1))
    first = 1951 + 5 * n
    return first, first + 4


def _word(key: str, lang: str, **fields) -> str:
    """A word of the catalogue (``locales/LANG/plan.yaml``) without the plan's words: this module gives them."""
    return catalogue(lang)[key].format(**fields)


def _ordinal(name: str, lang: str = "en") -> str:
    """``十三五`` -> ``13th`` (``plan.period.ordinal`` of ``lang``); a name that is not 十N五 stays as it is."""
    m = PERIOD_NAME.match(name or "")
    if not m:
        return name
    return _word("plan.period.ordinal", lang, n=10 + CN_DIGITS.index(m.group(1)))


# ---------------------------------------------------------------------------------------------------- loading

def _marks(text: str) -> dict:
    """``{key path: line}`` of every mapping key in the YAML text (1-based), from the node marks."""
    import yaml

    from jzanalysis.io import yaml_loader

    lines: dict = {}

    def walk(node, prefix):
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                key = f"{prefix}{k.value}"
                lines[key] = k.start_mark.line + 1
                walk(v, key + ".")
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                lines[f"{prefix[:-1]}[{i}]"] = v.start_mark.line + 1
                walk(v, f"{prefix[:-1]}[{i}].")

    try:
        walk(yaml.compose(text, Loader=yaml_loader()), "")
    except yaml.YAMLError:
        pass
    return lines


class _Reader:
    """Typed access to the parsed mapping; every error names plan.yaml, the line and the key."""

    def __init__(self, path: Path, data: dict, lines: dict):
        self.path, self.data, self.lines = path, data, lines

    def fail(self, key: str, message: str):
        line = self.lines.get(key) or self.lines.get(key.rsplit(".", 1)[0])
        raise InputError(self.path, line, key, message)

    def get(self, key: str, default=None):
        node = self.data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    def string(self, key: str, required: bool = True) -> str:
        v = self.get(key)
        if v is None or (isinstance(v, str) and not v.strip()):
            if required:
                self.fail(key, "missing; see docs/plans.md")
            return ""
        if not isinstance(v, (str, int)) or isinstance(v, bool):
            self.fail(key, f"expected text, found {shorten(v)!r}")
        return str(v).strip()

    def year(self, key: str, required: bool = True) -> int | None:
        v = self.get(key)
        if v is None:
            if required:
                self.fail(key, "missing; expected a year such as 2025")
            return None
        if isinstance(v, bool) or not isinstance(v, int) or not 1949 <= v <= 2100:
            self.fail(key, f"expected a year between 1949 and 2100, found {shorten(v)!r}")
        return v

    def path_of(self, key: str, folder: Path, required: bool = True) -> Path | None:
        """The file ``key`` names: relative to ``folder``, a regular file inside it, size-capped
        (:func:`jzanalysis.plan.files.plan_file`); else an error naming plan.yaml's line and the file."""
        from jzanalysis.plan.files import inside, plan_file

        v = self.string(key, required)
        if not v:
            return None
        p = folder / v
        if not inside(folder, p):
            self.fail(key, f"{shorten(v)} is outside the plan folder {folder}; a plan folder's files must lie "
                      "within it (no absolute paths, no ../, no symlinks that lead out)")
        if not p.exists():
            self.fail(key, f"file not found: {shorten(v)} (relative to {folder})")
        try:
            return plan_file(p, folder)
        except InputError as e:
            self.fail(key, f"{shorten(v)}: {e.message}")

    def area(self, key: str) -> Area:
        v = self.get(key)
        if not isinstance(v, dict):
            self.fail(key, "expected {name: …, name_en: …, level: city|county|province|nation}")
        name = self.string(f"{key}.name")
        level = self.string(f"{key}.level")
        if level not in LEVELS:
            self.fail(f"{key}.level", f"expected one of {', '.join(LEVELS)}, found {shorten(level)!r}")
        name_en = self.string(f"{key}.name_en", required=False)
        return Area(name, name_en or name, level, _further(v, "name"))

    def period(self, key: str) -> Period:
        v = self.get(key)
        if not isinstance(v, dict):
            self.fail(key, "expected {name: 十四五, first_year: 2021, last_year: 2025}")
        name = self.string(f"{key}.name")
        first, last = self.year(f"{key}.first_year"), self.year(f"{key}.last_year")
        if last < first:
            self.fail(f"{key}.last_year", f"{last} is before first_year {first}")
        return Period(name, first, last)


def _read_plan_yaml(folder: Path) -> tuple[Path, str, dict]:
    """``folder/plan.yaml``: its path, text and parsed mapping; :class:`InputError` when it is missing, not
    valid YAML or not a mapping."""
    import yaml

    from jzanalysis.io import load_yaml
    from jzanalysis.plan.files import read_yaml_text

    path = folder / "plan.yaml"
    if not os.path.lexists(path):
        raise InputError(path, None, "plan", "no plan.yaml in this folder; a plan folder holds plan.yaml "
                         "(see docs/plans.md; `jzanalysis init-plan TEXT --out DIR` drafts one)")
    text = read_yaml_text(path, folder)  # a regular file inside the folder, capped, without YAML aliases
    try:
        data = load_yaml(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise InputError(path, mark.line + 1 if mark else None, "yaml",
                         f"not valid YAML: {shorten(getattr(e, 'problem', e))}") from None
    if not isinstance(data, dict):
        raise InputError(path, 1, "plan", "expected a mapping of keys (schema, title, area, period, …)")
    return path, text, flatten_plan(data, path)


def _check_keys(r: _Reader) -> None:
    """No unknown key, every :data:`REQUIRED` key, the :data:`SCHEMA` this version reads."""
    for key in r.data:
        if key not in KEYS and not (LABEL_KEY.match(str(key)) and str(key).startswith("title_")):
            r.fail(str(key), f"unknown key; expected one of {', '.join(KEYS)} (or title: {{zh: …, en: …, fr: …}})")
    for key in REQUIRED:
        if key not in r.data:
            raise InputError(r.path, None, key, "missing; see docs/plans.md")
    if r.data["schema"] != SCHEMA:
        r.fail("schema", f"this jzanalysis reads schema {SCHEMA}, found {shorten(r.data['schema'])!r}")


def _titles(r: _Reader, fallbacks: list) -> tuple[str, str]:
    """``title`` and ``title_en`` (``""`` when missing: warned about and added to ``fallbacks``)."""
    title = r.string("title")
    title_en = r.string("title_en", required=False)
    if not title_en:
        log.warning("%s: title_en missing; the English pages use the Chinese title", r.path)
        fallbacks.append("title_en")
    return title, title_en


def _years(r: _Reader) -> tuple[Period, int, int, Period | None]:
    """The period, base and target years (fitting together) and the previous period.

    Notes
    -----
    ``base_year < target_year``; the period runs from after the base year to the target year at least
    (``base < first_year <= target <= last_year``). Without ``previous_period`` a 十N五 period that runs
    its own years (1951+5n .. 1955+5n) has the one before it, 十(N-1)五, five years earlier (十一五 gets
    none).
    """
    period = r.period("period")
    base, target = r.year("base_year"), r.year("target_year")
    if target <= base:
        r.fail("target_year", f"{target} is not after base_year {base}")
    if not base < period.first_year <= target or period.last_year < target:
        r.fail("period", f"{period.first_year}-{period.last_year} does not run from after base_year {base} "
               f"to target_year {target}")
    previous = r.period("previous_period") if r.get("previous_period") is not None else None
    if previous is None:
        dated = period_years(period.name)
        if dated and dated == (period.first_year, period.last_year):
            previous = Period(f"十{CN_DIGITS[CN_DIGITS.index(period.name[1]) - 1]}五", dated[0] - 5, dated[0] - 1) \
                if period.name[1] != "一" else None
    return period, base, target, previous


def _table(r: _Reader, base: int, target: int) -> tuple[dict, dict]:
    """The ``table`` mapping and its ``header`` words (known keys; a year in the base and target words
    must be ``base_year`` and ``target_year``)."""
    table = r.get("table") or {}
    if not isinstance(table, dict):
        r.fail("table", "expected {caption: 表1-1, header: {seq: 序号, …}}")
    header = table.get("header") or {}
    if not isinstance(header, dict):
        r.fail("table.header", f"expected a mapping of {', '.join(HEADER_KEYS)}")
    for key in header:
        if key not in HEADER_KEYS:
            r.fail(f"table.header.{key}", f"unknown header key; expected {', '.join(HEADER_KEYS)}")
    for key in ("base", "target"):
        words = header.get(key)
        if words is not None:
            years = re.findall(r"(\d{4})年", str(words))
            want = base if key == "base" else target
            if years and int(years[0]) != want:
                r.fail(f"table.header.{key}", f"says {years[0]}年, but {key}_year is {want}")
    return table, header


def _population(r: _Reader, folder: Path) -> Population | None:
    """``population`` (``None`` when null or absent): a whole number of people of the plan's own area."""
    if r.get("population") is None:
        return None
    if not isinstance(r.get("population"), dict):
        r.fail("population", "expected {value: 3379498, year: 2020, area: 晋中市, source: raw/…} or null")
    value = r.get("population.value")
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        r.fail("population.value", f"expected a whole number of people, found {shorten(value)!r}")
    population = Population(value, r.year("population.year"), r.string("population.area"),
                            r.path_of("population.source", folder, required=False))
    if population.area != r.string("area.name"):
        r.fail("population.area", f"{population.area} is not the plan's area {r.string('area.name')}: "
               "no per-capita conversion with another area's population")
    return population


def _flags(r: _Reader) -> tuple[bool, dict]:
    """``drafted`` (true or false) and ``benchmarks_searched`` (``{zh: …, en: …}``, texts)."""
    drafted = r.get("drafted", False)
    if not isinstance(drafted, bool):
        r.fail("drafted", f"expected true or false, found {shorten(drafted)!r}")
    searched = r.get("benchmarks_searched") or {}
    if not isinstance(searched, dict) or not all(k in languages() and isinstance(v, str) for k, v in searched.items()):
        r.fail("benchmarks_searched", "expected {zh: 已查找的来源…, en: the sources searched…}")
    return drafted, searched


def _review_sections(r: _Reader) -> tuple[str, ...]:
    """``review_sections``: a list of heading words (``[“十三五”发展回顾, 发展基础]``), or absent."""
    v = r.get("review_sections")
    if v is None:
        return ()
    if not isinstance(v, list) or not all(isinstance(w, str) and w.strip() for w in v):
        r.fail("review_sections", "expected a list of heading words, e.g. [“十三五”发展回顾, 发展基础]")
    return tuple(w.strip() for w in v)


def load_plan_config(folder) -> PlanConfig:
    """Read ``folder/plan.yaml`` into a :class:`PlanConfig`.

    Raises :class:`InputError` (``plan.yaml:LINE: KEY: message``) for a missing or bad key, an unknown
    key, years that do not fit together (base before target, the period after the base year), or a file
    named in it that does not exist.
    """
    folder = Path(folder).resolve()
    path, text, data = _read_plan_yaml(folder)
    r = _Reader(path, data, _marks(text))
    _check_keys(r)
    fallbacks = []
    title, title_en = _titles(r, fallbacks)
    period, base, target, previous = _years(r)
    parents = r.get("parent_areas") or []
    if not isinstance(parents, list):
        r.fail("parent_areas", "expected a list of areas, nearest first")
    table, header = _table(r, base, target)
    population = _population(r, folder)
    drafted, searched = _flags(r)
    caption = table.get("caption")
    return PlanConfig(
        folder=folder, title=title, title_short=r.string("title_short", required=False) or title,
        title_en=title_en or title, issuer=r.string("issuer", required=False), area=r.area("area"),
        parent_areas=tuple(_area_item(r, i, a) for i, a in enumerate(parents)),
        period=period, base_year=base, target_year=target, previous_period=previous,
        text=r.path_of("text", folder), metadata=r.path_of("metadata", folder),
        series=r.path_of("series", folder, required=False),
        benchmarks=r.path_of("benchmarks", folder, required=False),
        table=TableSpec(str(caption) if caption else None, {k: str(v) for k, v in header.items()},
                        r.path_of("table.file", folder, required=False)),
        titles=_further(r.data, "title"),
        population=population, drafted=drafted, fallbacks=tuple(fallbacks), benchmarks_searched=dict(searched),
        review_sections=_review_sections(r))


def _area_item(r: _Reader, i: int, item) -> Area:
    key = f"parent_areas[{i}]"
    if not isinstance(item, dict):
        r.fail(key, "expected {name: …, name_en: …, level: …}")
    name, level = item.get("name"), item.get("level")
    if not name:
        r.fail(key, "missing name")
    if level not in LEVELS:
        r.fail(key, f"level: expected one of {', '.join(LEVELS)}, found {shorten(level)!r}")
    return Area(str(name), str(item.get("name_en") or name), level, _further(item, "name"))


def _further(data: dict, field: str) -> tuple:
    """The labels of ``field`` in further languages (not zh, not en): ``(("fr", …),)``, in file order."""
    out = []
    for key, value in data.items():
        m = LABEL_KEY.match(str(key))
        if m and m.group(1) == field and m.group(2) != "en" and value:
            out.append((m.group(2), str(value)))
    return tuple(out)


# ---------------------------------------------------------------------------------------------------- --plan

@functools.lru_cache(maxsize=1)
def default_config() -> PlanConfig:
    """The bundled plan's config (``data/plans/jinzhong-14``): where code needs a plan's years or words and
    none is given, they come from here (no year of any plan is written in code). Read once; an
    installation without its bundled inputs is refused naming what is missing (:func:`paths.check_bundled`)."""
    if not paths.PLAN_CONFIG.is_file():
        paths.check_bundled()
    return load_plan_config(paths.DEFAULT_PLAN)


def resolve_plan(plan=None) -> PlanConfig:
    """The config for a ``--plan`` argument.

    * ``None`` or ``""``: the bundled plan (:data:`jzanalysis.paths.DEFAULT_PLAN`);
    * a :class:`PlanConfig`: itself;
    * a folder: its ``plan.yaml`` (an error when it has none);
    * a file: a plan text read with the bundled plan's config (backward compatible ``--plan FILE.txt``).

    A relative path is resolved by :func:`jzanalysis.paths.resolve_input`.
    """
    if isinstance(plan, PlanConfig):
        return plan
    if plan is None or str(plan) == "":
        return default_config()
    p = paths.resolve_input(plan)
    if p.is_dir():
        return load_plan_config(p)
    if p.name == "plan.yaml":
        return load_plan_config(p.parent)
    return default_config().with_text(p)


def _bundled_words() -> dict:
    """The bundled plan's words in every language, with ``plan_rows`` (its metadata's indicators)."""
    from jzanalysis.io import load_yaml

    config = default_config()
    meta = load_yaml(config.metadata.read_text(encoding="utf-8")) or {}
    rows = len(meta.get("indicators") or [])
    return {lang: {**w, "plan_rows": rows} for lang, w in config.all_words().items()}


set_default_plan_words(_bundled_words)
