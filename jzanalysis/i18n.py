"""Reader-facing words: one catalogue per language, kept as data.

Every label, heading, check title and reason template that a reader sees comes from
``jzanalysis/locales/<lang>/*.yaml`` (all files of a language are merged; a key may stand in only one
file). A third language is a new folder of YAML files, not a change of code.

>>> from jzanalysis.i18n import t
>>> t("verdict.reachable", "zh")      # doctest: +SKIP
'可实现'

Templates use :meth:`str.format` fields: ``t("reason.cagr", "zh", rate="4.2%")``.
"""

from __future__ import annotations

import functools
from importlib import resources

LANGS = ("zh", "en")


@functools.lru_cache(maxsize=8)
def catalogue(lang: str) -> dict[str, str]:
    """All entries of one language: ``{key: template}`` (files merged; a duplicate key is an error)."""
    import yaml

    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    folder = resources.files("jzanalysis") / "locales" / lang
    merged: dict[str, str] = {}
    origin: dict[str, str] = {}
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".yaml"):
            continue
        entries = yaml.safe_load(item.read_text(encoding="utf-8")) or {}
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
    return template.format(**fields) if fields else template


def has(key: str, lang: str = "zh") -> bool:
    return key in catalogue(lang)
