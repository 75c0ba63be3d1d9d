"""Small helpers shared by the status rules and the final evaluation: reason texts in both languages."""

from __future__ import annotations

from jzanalysis.fmt import missing as _isnan
from jzanalysis.i18n import t
from jzanalysis.plan.target import Target


def flag(value) -> bool:
    """A boolean cell that may have been read back from CSV (``True``/``"True"``) or be missing."""
    return str(value).strip().lower() in ("true", "1", "1.0")


def both(key: str, zh: dict | None = None, en: dict | None = None, **common) -> tuple[str, str]:
    """(zh, en) text of one template (:func:`jzanalysis.i18n.t`), with language-specific and common fields."""
    return t(key, "zh", **common, **(zh or {})), t(key, "en", **common, **(en or {}))


def pace_text(method: str, v: float, unit: str, lang: str = "zh") -> tuple[str, str, str]:
    """(number, zh words, en words) for a pace in the display unit."""
    if _isnan(v):
        num = "—"
    elif method == "cagr" or method == "growth":
        num = f"{v:.2f}%"
    elif method == "shortfall":
        num = f"{-v:.2f}%"  # the yearly narrowing of the gap to 100 (monitor.method.shortfall)
    elif lang == "zh":
        num = f"{v:+.3g}{t('monitor.unit.pp', 'zh') if unit == '%' else unit}"
    else:
        num = f"{v:+.3g}{t('monitor.unit.pp', 'en') if unit == '%' else ''}"
    m = method if method in ("cagr", "linear", "shortfall", "growth") else "linear"
    return num, t(f"monitor.method.{m}", "zh"), t(f"monitor.method.{m}", "en")


def target_text(op: str, tau: float, hw: float) -> str:
    """The target as a reason quotes it: ``≥95``, ``≤12.5``, ``45000±2250``; a bare ``=`` target as the
    plan prints it (``5000``, not ``=5000``): :meth:`jzanalysis.plan.target.Target.quote`."""
    return Target(op, tau, hw).quote()

