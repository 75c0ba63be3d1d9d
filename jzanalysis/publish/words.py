"""The report's shared words: the catalogue shortcut, report kinds and titles, and the chips of verdicts,
statuses and severities (symbol + word + colour class). Plain data, no HTML.

* :func:`T` -- ``t("report." + key, lang)``.
* :func:`report_kind`, :func:`titles` -- plan-time / yearly monitoring / final evaluation.
* :func:`verdict`, :func:`status`, :func:`severity`, :func:`consistency` -- ``{"code", "label", "symbol", "cls"}``.
"""

from __future__ import annotations

import functools

from jzanalysis.fmt import missing
from jzanalysis.i18n import has, t

TABLE_SOURCE = "Table 1-1"
#: Symbols paired with the colours (readable in greyscale and by colour-blind readers).
VERDICT_SYMBOL = {"met_at_baseline": "✓", "reachable": "○", "stretch": "△", "unreachable": "×",
                  "no_reference": "◇", "qualitative": "☐", "not_assessable": "–"}
STATUS_SYMBOL = {"achieved": "✓", "mostly_achieved": "≈", "on_track": "○", "at_risk": "△", "needs_acceleration": "▽",
                 "off_track": "×", "regressing": "▼", "not_achieved": "×", "no_data": "∅", "not_assessable": "–"}
#: The final evaluation (year >= target year) as offices write it: 完成 / 基本完成 / 未完成, then no data.
FINAL_SYMBOL = {"done": "✓", "mostly_done": "≈", "not_done": "×", "no_data": "∅", "not_assessable": "–"}
SEVERITY_SYMBOL = {"high": "×", "medium": "△", "low": "○", "info": "✓"}
VERDICTS = list(VERDICT_SYMBOL)
STATUSES = list(STATUS_SYMBOL)
FINAL_STATUSES = list(FINAL_SYMBOL)
ATTRIBUTES = ("binding", "expected")
SEVERITIES = list(SEVERITY_SYMBOL)
BAD_STATUSES = ("not_achieved", "regressing", "off_track", "needs_acceleration")
PAGE_FILES = {"overview": "01_overview.html", "indicators": "02_indicators.html", "audit": "03_audit.html"}


def T(key: str, lang: str, **fields) -> str:  # noqa: N802  (short name for the report's catalogue)
    """``t("report." + key, lang, **fields)``."""
    return t("report." + key, lang, **fields)


def plan_config(analysis=None):
    """The plan of ``analysis`` (its ``config``), else the bundled plan's config (read once)."""
    config = getattr(analysis, "config", None)
    return config if config is not None else _bundled_config()


@functools.cache
def _bundled_config():
    from jzanalysis.plan.config import default_config

    return default_config()


def final_year(analysis=None) -> int:
    """The year of the final evaluation: the plan's target year (plan.yaml ``target_year``); no year of
    any plan is written in the code (a 2026-2030 plan's reports for 2026-2029 are monitoring reports)."""
    return int(plan_config(analysis).target_year)


def kind_of(analysis) -> str:
    """:func:`report_kind` of an analysis: its as-of year, whether it has actuals, its plan's target year."""
    monitored = getattr(analysis, "actuals", None) is not None
    return report_kind(getattr(analysis, "as_of", None) if monitored else None, monitored, final_year(analysis))


def row_years(row) -> tuple[int, int]:
    """A row's baseline and target years; where the row has none, the plan's own (plan.yaml ``base_year``,
    ``target_year`` of the plan being published)."""
    from jzanalysis.i18n import plan_words

    plan = plan_words("zh")
    y0, y1 = row.get("baseline_year"), row.get("target_year")
    return (int(plan["plan_base"]) if missing(y0) or y0 == "" else int(y0),
            int(plan["plan_target"]) if missing(y1) or y1 == "" else int(y1))


def report_kind(as_of, monitored: bool, final_year: int) -> str:
    """``plan`` (no actuals), ``final`` (actuals and as-of year >= the plan's target year,
    :func:`final_year`) or ``monitor``."""
    if not monitored or as_of is None or missing(as_of):
        return "plan"
    return "final" if int(as_of) >= final_year else "monitor"


def titles(as_of, monitored: bool, lang: str, final_year: int | None = None) -> dict:
    """``{"kind", "title", "short", "subtitle"}``: a plan-time report has no year in its title (``final_year``:
    the plan's target year, default the bundled plan's, :func:`final_year`)."""
    kind = report_kind(as_of, monitored, int(plan_config().target_year) if final_year is None else final_year)
    year = int(as_of) if kind != "plan" else None
    plan = T("plan_title", lang)
    return {"kind": kind, "title": T(f"title.{kind}", lang, plan=plan, year=year),
            "short": T(f"kind.{kind}", lang, year=year), "subtitle": T(f"subtitle.{kind}", lang, year=year),
            "plan": plan}


def verdict(code, lang: str) -> dict:
    """``{"code", "label", "symbol", "cls"}`` of a verdict code (unknown or missing: not assessable)."""
    code = code if isinstance(code, str) and code in VERDICT_SYMBOL else "not_assessable"
    return {"code": code, "label": T(f"verdict.{code}", lang), "symbol": VERDICT_SYMBOL[code], "cls": f"v-{code}"}


def status(code, lang: str) -> dict | None:
    """``{"code", "label", "symbol", "cls"}`` of a monitoring status or a final outcome; ``None`` when there is
    none. A status this module does not know yet is labelled from the catalogue (``report.status.<code>``,
    else ``monitor.status.<code>``), never shown as its code."""
    if not isinstance(code, str) or not code:
        return None
    symbol = STATUS_SYMBOL.get(code) or FINAL_SYMBOL.get(code)
    if has(f"report.status.{code}", lang):
        label = T(f"status.{code}", lang)
    elif has(f"monitor.status.{code}", lang):
        label = t(f"monitor.status.{code}", lang)
    else:
        return {"code": "other", "label": T("status.other", lang), "symbol": "?", "cls": "s-other"}
    return {"code": code, "label": label, "symbol": symbol or "?", "cls": f"s-{code}"}


def final_outcome(code, review) -> str | None:
    """The final evaluation of a row (year >= target year) from its status and its review word.

    ``achieved`` -> ``done`` (完成); ``not_achieved`` -> ``mostly_done`` (基本完成) when the review says so,
    else ``not_done`` (未完成); any other status (``no_data``, ``not_assessable``, one added later) as it is.
    """
    if not isinstance(code, str) or not code:
        return None
    if code in ("done", "mostly_done", "not_done"):
        return code
    if code == "achieved":
        return "done"
    if code in ("mostly_achieved", "broadly_achieved"):
        return "mostly_done"
    if code == "not_achieved":
        mostly = {t("monitor.review.mostly_done", "zh"), "mostly_done", "基本完成"}
        return "mostly_done" if isinstance(review, str) and review in mostly else "not_done"
    return code


def consistency(code, lang: str) -> dict | None:
    """A chip for a target that disagrees with the plan's other numbers (``consistency == "inconsistent"``)."""
    if code != "inconsistent":
        return None
    return {"code": code, "label": T("consistency.inconsistent", lang), "symbol": "≠", "cls": "c-inconsistent"}


def severity(code, lang: str) -> dict:
    code = code if code in SEVERITY_SYMBOL else "info"
    return {"code": code, "label": T(f"severity.{code}", lang), "symbol": SEVERITY_SYMBOL[code],
            "cls": f"sev-{code}"}


def attribute_code(row) -> str:
    """``binding`` (约束性), ``expected`` (预期性) or ``""`` (prose targets have none)."""
    a = row.get("attribute")
    return a if isinstance(a, str) and a in ATTRIBUTES else ""


def _text(v) -> str:
    return "" if missing(v) else str(v)


def _status_order(rows: list[dict]) -> list[str]:
    """Status codes in the legend's order: the final outcomes first in a final report, else the yearly
    statuses (each code once)."""
    final = any(r.get("kind") == "final" for r in rows)
    return list(dict.fromkeys((FINAL_STATUSES + STATUSES) if final else (STATUSES + FINAL_STATUSES)))
