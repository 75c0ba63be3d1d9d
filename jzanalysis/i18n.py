"""Reader-facing words: one catalogue per language, kept as data.

Every label, heading, check title and reason template that a reader sees comes from
``jzanalysis/locales/<lang>/*.yaml`` (all files of a language are merged; a key may stand in only one
file), and each language describes itself in ``language.yaml`` beside them (:func:`language`: its name,
HTML ``lang``, punctuation, number words, date form, plural rule, and the languages that stand in where
data has no words in it). A third language is a new folder of YAML files, not a change of code: in the
package, or in a folder named by ``$JZANALYSIS_LOCALES`` (folders separated by ``:``, each holding
``<lang>/`` folders; a language there replaces the package's of the same name).

An entry may have plural forms, ``{one: "…{n} indicator…", other: "…{n} indicators…"}``: the form is
chosen by the field ``n`` and the language's ``plural`` rule (``one_other``: ``one`` for n = 1; ``other``:
always ``other``).

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
import os
from importlib import resources
from pathlib import Path

#: Where extra language folders are looked for (``:``-separated), besides the package's ``locales/``.
LOCALES_ENV = "JZANALYSIS_LOCALES"
#: The language of the plan's own words, first in every list of languages.
FIRST = "zh"

def _roots() -> list:
    """Locale roots, later ones win: the package's, then each folder of ``$JZANALYSIS_LOCALES``."""
    extra = [Path(p) for p in os.environ.get(LOCALES_ENV, "").split(os.pathsep) if p.strip()]
    return [resources.files("jzanalysis") / "locales", *extra]


@functools.lru_cache(maxsize=1)
def _folders() -> dict:
    """``{lang: folder}`` of every language folder with a ``language.yaml``."""
    found = {}
    for root in _roots():
        if not root.is_dir():
            continue
        for folder in root.iterdir():
            if folder.is_dir() and (folder / "language.yaml").is_file():
                found[folder.name] = folder
    return found


def languages() -> tuple[str, ...]:
    """The languages there are: zh first, then the others sorted (``("zh", "en")`` in the package)."""
    names = set(_folders())
    return tuple(sorted(names, key=lambda n: (n != FIRST, n != "en", n)))


def reload() -> None:
    """Forget what was read of the locale folders (after ``$JZANALYSIS_LOCALES`` changed)."""
    global LANGS
    for f in (_folders, catalogue, language):
        f.cache_clear()
    del _DEFAULT_WORDS[1:]  # the bundled plan's words, in every language there now is, are read again
    LANGS = languages()


@functools.lru_cache(maxsize=16)
def language(lang: str) -> dict:
    """The description of ``lang`` (its ``language.yaml``), with ``chain``: the language, then the languages
    whose words stand in where data has none in it, in order (``en``: ``["en"]``; a copy of en: ``["xx", "en"]``).

    >>> language("en")["punctuation"]["sep"], language("en")["chain"]
    (', ', ['en'])
    """
    from jzanalysis.io import load_yaml

    folder = _folders().get(lang)
    if folder is None:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(languages())}")
    path = folder / "language.yaml"
    desc = load_yaml(path.read_text(encoding="utf-8")) or {}
    missing = [k for k in ("name", "html_lang", "punctuation", "numbers", "date", "plural") if k not in desc]
    if missing:
        raise ValueError(f"{path}: {', '.join(missing)}: missing")
    chain = [lang] + [x for x in desc.get("fallback") or [] if x != lang]
    return {**desc, "code": lang, "chain": chain}


def punctuation(lang: str) -> dict:
    """``colon``, ``sep``, ``semi``, ``space``, ``joiner`` and ``paren`` (a function: ``（x）``, `` (x)``,
    nothing for an empty remark) of ``lang``."""
    p = dict(language(lang)["punctuation"])
    form = p["paren"]
    p["paren"] = lambda s: form.format(s) if s else ""
    return p


def html_lang(lang: str) -> str:
    """The HTML ``lang`` attribute of ``lang`` (``zh-CN``, ``en``)."""
    return language(lang)["html_lang"]


def is_plan_language(lang: str) -> bool:
    """True for the language the plan is written in (its words are shown as printed)."""
    return bool(language(lang).get("plan_language"))


def column(row, base: str, lang: str, default="", plan_words: bool = True):
    """The words of ``row`` in ``lang``: the first non-empty of ``BASE_xx`` for each language of the
    chain (:func:`language`), then (``plan_words``) ``BASE`` itself, the plan's own words (a name or unit
    with no translation); ``default`` when none. Sentences made in a language (``reason_xx``) take
    ``plan_words=False``: never a sentence of another language.

    >>> column({"name": "医生", "name_en": "Doctors"}, "name", "en"), column({"name": "医生"}, "name", "en")
    ('Doctors', '医生')
    """
    for code in language(lang)["chain"]:
        v = row.get(f"{base}_{code}")
        if isinstance(v, str) and v:
            return v
    v = row.get(base) if plan_words else None
    return v if isinstance(v, str) and v else default


def plural_form(forms: dict, lang: str, n) -> str:
    """The form of a plural entry for ``n`` by the language's rule."""
    rule = language(lang)["plural"]
    if rule == "one_other" and n is not None:
        try:
            if float(n) == 1 and "one" in forms:
                return forms["one"]
        except (TypeError, ValueError):
            pass
    return forms.get("other") or next(iter(forms.values()))


#: Where the bundled plan's words (title, area, years) come from until a plan's are set: a function
#: registered by :mod:`jzanalysis.plan.config`, which reads the bundled plan.yaml (no plan's words or
#: years are written in code). ``{lang: {plan_*: value}}``.
_DEFAULT_WORDS: list = []


def set_default_plan_words(loader) -> None:
    """Register the function giving the bundled plan's words (:mod:`jzanalysis.plan.config` does)."""
    _DEFAULT_WORDS[:] = [loader]


def default_plan_words() -> dict:
    """The bundled plan's words, ``{lang: {plan_*: value}}`` (empty before plan.config is imported); read
    once."""
    if not _DEFAULT_WORDS:
        return {}
    if len(_DEFAULT_WORDS) == 1:
        _DEFAULT_WORDS.append(_DEFAULT_WORDS[0]())
    return _DEFAULT_WORDS[1]


_PLAN_WORDS: contextvars.ContextVar = contextvars.ContextVar("jzanalysis_plan_words", default=None)


def use_plan_words(words: dict | None) -> None:
    """Set the plan's words for the templates: ``{lang: {plan_*: value}}`` (``None``: the bundled plan's)."""
    _PLAN_WORDS.set(words)


def plan_words(lang: str = "zh") -> dict:
    """The ``plan_*`` fields in ``lang`` of the plan being analysed or published."""
    words = _PLAN_WORDS.get() or default_plan_words()
    for code in [*language(lang)["chain"], FIRST]:
        if words.get(code):
            return words[code]
    return default_plan_words().get(FIRST, {})


class _Fields(dict):
    """Format fields that leave an unknown ``{name}`` as it is (a template asked for without fields)."""

    def __missing__(self, key):
        return "{" + key + "}"


@functools.lru_cache(maxsize=16)
def catalogue(lang: str) -> dict:
    """All entries of one language: ``{key: template}`` (files merged; a duplicate key is an error); an
    entry with plural forms is ``{form: template}``. ``language.yaml`` is the description, not entries."""
    from jzanalysis.io import load_yaml

    language(lang)  # an unknown language: ValueError naming the known ones
    folder = _folders()[lang]
    merged: dict = {}
    origin: dict[str, str] = {}
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".yaml") or item.name == "language.yaml":
            continue
        entries = load_yaml(item.read_text(encoding="utf-8")) or {}
        for key, value in entries.items():
            if key in merged:
                raise ValueError(f"locales/{lang}: key {key!r} in both {origin[key]} and {item.name}")
            merged[key] = {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else str(value)
            origin[key] = item.name
    return merged


def t(key: str, lang: str = "zh", /, **fields) -> str:
    """The text for ``key`` in ``lang``, with ``fields`` filled in (``str.format``).

    Raises ``KeyError`` naming the key and language when the catalogue has no such entry.
    """
    try:
        template = catalogue(lang)[key]
    except KeyError:
        raise KeyError(f"no text {key!r} in locales/{lang}") from None
    if isinstance(template, dict):
        template = plural_form(template, lang, fields.get("n"))
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


#: The languages there are (:func:`languages`), as found when this module was imported (:func:`reload`).
LANGS = languages()
