"""Number formatting shared by the reasons, the audit and the reports."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def num(x: float, sig: int = 4) -> str:
    """Readable number: ``989.3亿`` from 1e8, ``48,609`` from 1e4, else up to ``sig`` significant digits."""
    if missing(x):
        return "—"
    if abs(x) >= 1e8:
        return f"{x / 1e8:g}亿"
    if abs(x) >= 1e4:
        return f"{x:,.0f}"
    return f"{x:.{sig}g}"


def missing(x) -> bool:
    """True for None, NaN, ``pd.NA`` and ``NaT``; False for anything else (strings, lists ...)."""
    try:
        return x is None or bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def plain(x, lang: str = "zh", sig: int = 4) -> str:
    """A number as the plan writes it: thousands separators, no trailing ``.0``, never ``e+``.

    ``36578`` -> ``36,578``; ``7.850`` -> ``7.85``; ``0.0920`` -> ``0.092``; ``98930000000`` -> ``989.3亿``
    (zh) or ``98.93 billion`` (en); ``35.3678`` -> ``35.37``.

    Notes
    -----
    Decimals = ``max(0, min(3, sig - digits before the point))``; trailing zeros and a bare point are
    dropped; ``-0`` is shown as ``0``. Large numbers follow the language's ``numbers.large`` rule
    (``locales/LANG/language.yaml``): zh from 10^8 in 亿, en from 10^9 in billions.
    """
    if missing(x):
        return "—"
    try:
        x = float(x)
    except (TypeError, ValueError):
        return str(x)
    if x != x or x in (float("inf"), float("-inf")):
        return "—"
    large = _large(lang)
    if large and abs(x) >= large["from"]:
        return _strip(f"{x / large['by']:,.2f}") + large["word"]
    ints = len(str(int(abs(x)))) if abs(x) >= 1 else 0
    decimals = max(0, min(3, sig - ints))
    text = _strip(f"{x:,.{decimals}f}")
    return "0" if text in ("-0", "") else text


def _large(lang: str) -> dict | None:
    from jzanalysis.i18n import language

    large = language(lang).get("numbers", {}).get("large")
    return {"from": float(large["from"]), "by": float(large["by"]), "word": str(large["word"])} if large else None


def _strip(text: str) -> str:
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


#: The one table of operators: ``target_op`` (as in the data files) -> (how it reads in a sentence, how it
#: reads in a table cell or a chart label). A bare ``=`` target is signed ``=`` in a sentence and printed
#: bare in a cell; 左右 is ``约`` in a sentence and ``≈`` in a cell; a relational target has no sign of its
#: own (its words are printed). :class:`jzanalysis.plan.target.Target` reads it (``Target.sign``); it lives
#: here, below the plan layer, so that this module's :data:`OP_SIGN` can be derived from it.
OPERATOR_SIGNS = {
    ">=": ("≥", "≥"),
    ">": (">", ">"),
    "<=": ("≤", "≤"),
    "<": ("<", "<"),
    "=": ("=", ""),
    "~": ("约", "≈"),
    "relational": ("", ""),
}
#: How a comparison reads in a sentence (never the ASCII ``<=`` of the data files): the sentence column of
#: :data:`OPERATOR_SIGNS` (kept for the callers that import it).
OP_SIGN = {op: sentence for op, (sentence, _) in OPERATOR_SIGNS.items() if sentence}


def exact(v) -> str:
    """Shortest exact positional form: ``5.31``, ``700``, ``43300``."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    if isinstance(v, float) and math.isinf(v):
        return "∞" if v > 0 else "-∞"
    return np.format_float_positional(float(v), trim="-")


def sig(v, digits: int = 4) -> str:
    """``v`` to ``digits`` significant digits, positional: ``5.508``, ``47130``."""
    if v is None or math.isnan(v):
        return "—"
    return np.format_float_positional(float(v), precision=digits, unique=False, fractional=False, trim="-")


