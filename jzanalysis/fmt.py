"""Number formatting shared by the reasons, the audit and the reports."""

from __future__ import annotations

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
