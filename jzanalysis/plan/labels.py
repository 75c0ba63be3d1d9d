"""Language-keyed labels in a plan's YAML: ``name: {zh: 孕产妇死亡率, en: Maternal mortality ratio}``.

A plan's metadata gives each label once, keyed by language, for any number of languages. The loaders
flatten it into the columns the analysis and the public CSV files use (``name_zh``, ``name_en``, …), so a
third language's label (``name: {…, fr: …}``) arrives as ``name_fr`` and is read by
:func:`jzanalysis.i18n.column` with no code change. The older flat keys (``name_zh``, ``name_en``,
``unit_zh``, ``unit_en``) are still read; giving both forms of one label is an error.

The plan's own language (``plan_language: true`` in its ``language.yaml``: zh) is special only where a
file has always kept the plan's words in a bare key: a series' ``unit`` (元) and plan.yaml's ``title``
and area ``name``. Those are the ``plain`` fields of :func:`flatten`.
"""

from __future__ import annotations

import re

from jzanalysis.errors import InputError, shorten

#: A language code as a key of a label mapping: ``zh``, ``en``, ``fr``, ``zh-Hant``.
LANG_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$")
#: The language the plan is written in, whose words a ``plain`` field keeps under its bare key.
PLAN_LANGUAGE = "zh"


def flatten(entry: dict, path, where: str, fields: tuple[str, ...] = ("name", "unit"),
            plain: tuple[str, ...] = ()) -> dict:
    """``entry`` with each language-keyed label of ``fields`` spread into ``FIELD_LANG`` keys.

    Parameters
    ----------
    entry : dict
        One entry of a YAML file (an indicator, a series, an area).
    path, where : str
        The file and the entry's place in it (``indicators[3]``, ``maternal_mortality_ratio``), for errors.
    fields : tuple of str
        The keys that may hold a ``{lang: text}`` mapping.
    plain : tuple of str
        The fields whose plan-language text goes to the bare key (``unit: {zh: 元, en: yuan}`` gives
        ``unit: 元, unit_en: yuan``) instead of ``FIELD_zh``.

    Returns
    -------
    dict
        A new dict; entries without a mapping come back equal.

    Examples
    --------
    >>> flatten({"id": "a", "name": {"zh": "医生", "en": "Doctors"}}, "f.yaml", "a")
    {'id': 'a', 'name_zh': '医生', 'name_en': 'Doctors'}
    >>> flatten({"unit": {"zh": "元", "en": "yuan"}}, "f.yaml", "s", plain=("unit",))
    {'unit': '元', 'unit_en': 'yuan'}
    """
    out = {}
    for field, labels in entry.items():
        if field not in fields or not isinstance(labels, dict):
            out[field] = labels
            continue
        for lang, text in labels.items():
            if not isinstance(lang, str) or not LANG_CODE.match(lang):
                raise InputError(path, None, f"{where}.{field}",
                                 f"expected language codes as keys ({{zh: …, en: …}}), found {shorten(lang)!r}")
            if text is not None and not isinstance(text, str | int | float):
                raise InputError(path, None, f"{where}.{field}.{lang}", f"expected a text, found {shorten(text)!r}")
            key = field if field in plain and lang == PLAN_LANGUAGE else f"{field}_{lang}"
            if key != field and key in entry:
                raise InputError(path, None, f"{where}.{key}",
                                 f"given twice: as {key} and as {field}: {{{lang}: …}}; keep one")
            out[key] = "" if text is None else str(text)
    return out


def flatten_all(entries, path, what: str, fields: tuple[str, ...] = ("name", "unit"),
                plain: tuple[str, ...] = ()) -> list:
    """:func:`flatten` on every entry of a list (non-dict items are left for the caller's checks)."""
    return [flatten(e, path, f"{what}[{i}]" if not e.get("id") else str(e["id"]), fields, plain)
            if isinstance(e, dict) else e for i, e in enumerate(entries or [])]


def category_labels(categories, path) -> dict[str, dict[str, str]]:
    """``{category as printed: {lang: label}}`` from the metadata's ``categories``.

    Both ``幼有所育: Early childhood`` (the English label) and ``幼有所育: {en: Early childhood}`` are read.

    >>> category_labels({"幼有所育": "Early childhood", "学有所教": {"en": "Education"}}, "f.yaml")
    {'幼有所育': {'en': 'Early childhood'}, '学有所教': {'en': 'Education'}}
    """
    out = {}
    for name, labels in (categories or {}).items():
        if isinstance(labels, dict):
            bad = [k for k in labels if not isinstance(k, str) or not LANG_CODE.match(k)]
            if bad:
                raise InputError(path, None, f"categories.{name}",
                                 f"expected language codes as keys ({{en: …}}), found {shorten(bad[0])!r}")
            out[str(name)] = {k: "" if v is None else str(v) for k, v in labels.items()}
        else:
            out[str(name)] = {"en": "" if labels is None else str(labels)}
    return out


def flatten_plan(data: dict, path) -> dict:
    """plan.yaml with language-keyed ``title`` and area ``name`` flattened:
    ``title: {zh: …, en: …}`` gives ``title`` and ``title_en``; ``area: {name: {zh: 晋中市, en: Jinzhong}}``
    gives ``name`` and ``name_en``."""
    out = flatten(data, path, "plan", fields=("title",), plain=("title",))
    if isinstance(out.get("area"), dict):
        out["area"] = flatten(out["area"], path, "area", fields=("name",), plain=("name",))
    if isinstance(out.get("parent_areas"), list):
        out["parent_areas"] = [flatten(a, path, f"parent_areas[{i}]", fields=("name",), plain=("name",))
                               if isinstance(a, dict) else a for i, a in enumerate(out["parent_areas"])]
    return out
