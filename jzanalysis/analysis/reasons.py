"""Small helpers shared by the assessment, the status rules and the final evaluation: reason texts in every
language (:func:`jzanalysis.i18n.languages`).

A sentence of the analysis is a ``{lang: text}`` mapping (:func:`each`), one entry per language found;
it lands in the columns ``BASE_zh``, ``BASE_en``, … (:func:`columns`). Fields that differ by language (a
unit, a name) are given per language; a language given none takes those of the first language of its
fallback chain that has some (a marked copy of English takes the English names).
"""

from __future__ import annotations

from jzanalysis.fmt import missing as _isnan
from jzanalysis.i18n import is_plan_language, language, languages, punctuation, t
from jzanalysis.plan.target import Target

#: The public columns every analysis output always has (documented in docs/data_dictionary.md); a further
#: language adds its own (``reason_xx``) after them.
DOCUMENTED = ("zh", "en")


def fields_for(per: dict | None, lang: str) -> dict:
    """The language-specific fields of ``lang``: its own, else those of its fallback chain, else none.

    >>> fields_for({"zh": {"u": "元"}, "en": {"u": "yuan"}}, "en")
    {'u': 'yuan'}
    """
    per = per or {}
    for code in language(lang)["chain"]:
        if code in per:
            return per[code]
    return {}


def each(key: str, per: dict | None = None, **common) -> dict[str, str]:
    """``{lang: text}`` of one template for every language, with per-language and common fields.

    Parameters
    ----------
    key : str
        The catalogue key (:func:`jzanalysis.i18n.t`).
    per : dict, optional
        ``{lang: {field: value}}``: the fields that differ by language (:func:`fields_for`).
    **common
        Fields the same in every language (numbers).

    >>> each("assess.reason.no_target")["en"]
    'The target has no number.'
    """
    return {lang: t(key, lang, **common, **fields_for(per, lang)) for lang in languages()}


def merged(per: dict | None, **by_lang: dict) -> dict:
    """Per-language fields: those of ``per`` (by :func:`fields_for`) plus, for each keyword, the language's own
    entry of a ``{lang: text}`` mapping (a word of the catalogue, not of the fallback language).

    >>> merged({"zh": {"u": "元"}, "en": {"u": "yuan"}}, word={"zh": "目标", "en": "target"})["en"]
    {'u': 'yuan', 'word': 'target'}
    """
    return {lang: {**fields_for(per, lang), **{k: v[lang] for k, v in by_lang.items()}} for lang in languages()}


def blank() -> dict[str, str]:
    """No text, in every language (a note that does not apply)."""
    return {lang: "" for lang in languages()}


def cat(*texts: dict) -> dict[str, str]:
    """Pieces of one sentence put together in each language, with nothing between them."""
    return {lang: "".join(x.get(lang, "") for x in texts) for lang in languages()}


def per_language(fn) -> dict:
    """``{lang: fn(lang)}`` for every language."""
    return {lang: fn(lang) for lang in languages()}


def joined(*texts: dict) -> dict[str, str]:
    """The sentences of each language one after another, with the language's joiner (none in Chinese, a
    space in English)."""
    return {lang: punctuation(lang)["joiner"].join(x[lang] for x in texts if x.get(lang))
            for lang in languages()}


def columns(base: str, texts: dict) -> dict[str, str]:
    """``{BASE_lang: text}``: the output columns of a sentence.

    >>> columns("reason", {"zh": "甲", "en": "A"})
    {'reason_zh': '甲', 'reason_en': 'A'}
    """
    return {f"{base}_{lang}": text for lang, text in texts.items()}


def column_names(base: str) -> list[str]:
    """The columns of a sentence: ``BASE_zh``, ``BASE_en`` (always, documented), then one per further language."""
    return [f"{base}_{lang}" for lang in (*DOCUMENTED, *(x for x in languages() if x not in DOCUMENTED))]


def flag(value) -> bool:
    """A boolean cell that may have been read back from CSV (``True``/``"True"``) or be missing."""
    return str(value).strip().lower() in ("true", "1", "1.0")


def pace_text(method: str, v: float, unit: str, lang: str = "zh") -> str:
    """A pace as a reason of ``lang`` writes it, in the display unit: ``4.23%`` (growth), ``+0.35个百分点``
    (a change of a share; the plan's unit otherwise, none in another language), ``—`` when missing.

    >>> pace_text("cagr", 4.2312, "元"), pace_text("linear", 0.35, "%", "en")
    ('4.23%', '+0.35 pp')
    """
    if _isnan(v):
        return "—"
    if method == "cagr" or method == "growth":
        return f"{v:.2f}%"
    if method == "shortfall":
        return f"{-v:.2f}%"  # the yearly narrowing of the gap to 100 (monitor.method.shortfall)
    if is_plan_language(lang):
        return f"{v:+.3g}{t('monitor.unit.pp', lang) if unit == '%' else unit}"
    return f"{v:+.3g}{t('monitor.unit.pp', lang) if unit == '%' else ''}"


def method_words(method: str) -> dict[str, str]:
    """The words of a pace method in every language (``monitor.method.*``; growth, cagr, linear, shortfall)."""
    m = method if method in ("cagr", "linear", "shortfall", "growth") else "linear"
    return per_language(lambda lang: t(f"monitor.method.{m}", lang))


def target_text(op: str, tau: float, hw: float) -> str:
    """The target as a reason quotes it: ``≥95``, ``≤12.5``, ``45000±2250``; a bare ``=`` target as the
    plan prints it (``5000``, not ``=5000``): :meth:`jzanalysis.plan.target.Target.quote`."""
    return Target(op, tau, hw).quote()

