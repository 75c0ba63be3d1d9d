"""Reader-facing words: one catalogue per language, kept as data.

Every label, heading, check title and reason template that a reader sees comes from
``jzanalysis/locales/<lang>/*.yaml`` (all files of a language are merged; a key may stand in only one
file). A third language is a new folder of YAML files, not a change of code.

A verdict's word (key ``assess.verdict.reachable``, in ``assess.yaml``):

>>> from jzanalysis.i18n import t
>>> t("assess.verdict.reachable", "zh"), t("assess.verdict.reachable", "en")
('可实现', 'reachable')

Templates use :meth:`str.format` fields (``report.pace.up_pct: 每年提高约{v}%``):

>>> t("report.pace.up_pct", "zh", v="4.2"), t("report.pace.up_pct", "en", v="4.2")
('每年提高约4.2%', 'up about 4.2% a year')

The plan's own words (title, table caption, years, period names, area) are fields too, named ``plan_*``
(``{plan_base}年基期``, ``{plan_caption}``): they come from the plan being analysed or published
(:func:`use_plan_words`, set by ``analyse()`` and by the report's page builder from ``plan.yaml``), so a
template never hard-codes one plan's years or name. Without a plan they are the bundled plan's words.
"""

from __future__ import annotations

import contextvars
import functools
from importlib import resources

LANGS = ("zh", "en")

#: The bundled plan's words (Jinzhong, 14th plan), used until a plan's words are set.
BUNDLED_WORDS = {
    "zh": {"plan_title": "《晋中市“十四五”高品质生活建设（公共服务和社会保障事业）规划》",
           "plan_title_short": "晋中市“十四五”公共服务规划", "plan_caption": "表1-1", "plan_area": "本市",
           "plan_area_name": "晋中市", "plan_period": "十四五", "plan_previous": "十三五", "plan_base": 2020,
           "plan_target": 2025, "plan_first": 2021, "plan_last": 2025, "plan_previous_first": 2016,
           "plan_previous_base": 2015, "plan_span": 5,
           "plan_rows": 31, "plan_searched": ""},
}
BUNDLED_WORDS["en"] = {**BUNDLED_WORDS["zh"], "plan_title": "Jinzhong's 14th Five-Year Plan for high-quality "
                       "living (public services and social security)",
                       "plan_title_short": "Jinzhong's 14th Five-Year Plan for high-quality living (public "
                       "services and social security)", "plan_caption": "Table 1-1", "plan_area": "the city",
                       "plan_period": "14th", "plan_previous": "13th",
                       "plan_area_name": "Jinzhong"}
_PLAN_WORDS: contextvars.ContextVar = contextvars.ContextVar("jzanalysis_plan_words", default=None)


def use_plan_words(words: dict | None) -> None:
    """Set the plan's words for the templates: ``{lang: {plan_*: value}}`` (``None``: the bundled plan's)."""
    _PLAN_WORDS.set(words)


def plan_words(lang: str = "zh") -> dict:
    """The ``plan_*`` fields in ``lang`` of the plan being analysed or published."""
    words = _PLAN_WORDS.get() or BUNDLED_WORDS
    return words.get(lang) or words.get("zh") or BUNDLED_WORDS[lang]


class _Fields(dict):
    """Format fields that leave an unknown ``{name}`` as it is (a template asked for without fields)."""

    def __missing__(self, key):
        return "{" + key + "}"


@functools.lru_cache(maxsize=8)
def catalogue(lang: str) -> dict[str, str]:
    """All entries of one language: ``{key: template}`` (files merged; a duplicate key is an error)."""
    from jzanalysis.io import load_yaml

    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    folder = resources.files("jzanalysis") / "locales" / lang
    merged: dict[str, str] = {}
    origin: dict[str, str] = {}
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".yaml"):
            continue
        entries = load_yaml(item.read_text(encoding="utf-8")) or {}
        for key, value in entries.items():
            if key in merged:
                raise ValueError(f"locales/{lang}: key {key!r} in both {origin[key]} and {item.name}")
            merged[key], origin[key] = str(value), item.name
    return merged


def t(key: str, lang: str = "zh", /, **fields) -> str:
    """The text for ``key`` in ``lang``, with ``fields`` filled in (``str.format``).

    Raises ``KeyError`` naming the key and language when the catalogue has no such entry.
    """
    try:
        template = catalogue(lang)[key]
    except KeyError:
        raise KeyError(f"no text {key!r} in locales/{lang}") from None
    if fields:
        return template.format_map(_Fields({**plan_words(lang), **fields}))
    return fill_plan_words(template, lang)


def fill_plan_words(template: str, lang: str = "zh") -> str:
    """``template`` with its ``{plan_*}`` fields filled (:func:`plan_words`); other fields left as written."""
    if "{plan_" in template:
        return template.format_map(_Fields(plan_words(lang)))
    return template


def has(key: str, lang: str = "zh") -> bool:
    return key in catalogue(lang)
