"""One call for notebooks and the CLI: parse, audit and assess the plan (and monitor actuals)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from jzanalysis import paths
from jzanalysis.plan.config import default_config

#: Years after the target year a status can still be given for (the bundled plan: 2025 + 10 = 2035).
OUTLOOK = 10
#: The bundled plan's years a status can be given for: its first year .. target year + OUTLOOK (read from
#: its plan.yaml: 2021..2035); another plan's come from its own plan.yaml.
FIRST_YEAR = default_config().period.first_year
LAST_YEAR = default_config().target_year + OUTLOOK


def status_years(config) -> tuple[int, int]:
    """Years a report or status can be given for: the period's first year .. target year + OUTLOOK."""
    return config.period.first_year, config.target_year + OUTLOOK


@dataclass
class Analysis:
    """Everything the notebooks and reports show, for one plan (and optionally one actuals file)."""

    plan: Path
    indicators: pd.DataFrame
    facts: pd.DataFrame
    audit: pd.DataFrame
    assessment: pd.DataFrame
    population: int | None
    warnings: list = field(default_factory=list)
    actuals: pd.DataFrame | None = None
    actuals_path: Path | None = None
    as_of: int | None = None
    #: The plan's :class:`~jzanalysis.plan.config.PlanConfig` (title, area, years, table words).
    config: object = None


def analyse(plan=None, actuals=None, as_of: int | None = None,
            accept_implausible: bool | None = None) -> Analysis:
    """Parse the plan, run the self-audit and the plan-time assessment; with ``actuals``, the monitoring.

    Parameters
    ----------
    plan : path-like or PlanConfig, optional
        A plan folder with ``plan.yaml`` (docs/plans.md), or a bare plan text read with the bundled plan's
        config (default: the bundled plan). A relative path is resolved by
        :func:`jzanalysis.paths.resolve_input` (launch folder, current folder, project root).
    actuals : path-like, optional
        Long CSV of observed values (``id, year, value[, source, note]``) or the workbook written by
        ``jzanalysis template`` (``.xlsx``); resolved like ``plan``.
    as_of : int, optional
        Use actuals up to this year (default: the latest year in the file).
    accept_implausible : bool, optional
        Accept actual values whose magnitude suggests another unit (default: an error); the assessment
        then carries the warning in ``value_warning_zh`` / ``value_warning_en``. ``None`` reads the
        environment variable ``JZANALYSIS_ACCEPT_IMPLAUSIBLE=1`` (how ``jzanalysis report
        --accept-implausible`` reaches the notebooks' kernels).
    """
    import os

    from jzanalysis.analysis.assess import assess
    from jzanalysis.analysis.audit import audit
    from jzanalysis.analysis.facts import FactIndex
    from jzanalysis.errors import InputError
    from jzanalysis.i18n import use_plan_words
    from jzanalysis.inputs.reference import load_benchmarks, load_population
    from jzanalysis.plan.config import resolve_plan
    from jzanalysis.plan.parse import parse_plan

    paths.check_bundled()
    config = resolve_plan(plan)
    use_plan_words(config.all_words())  # the reader's words (years, title, caption) are this plan's
    first, last = status_years(config)
    if as_of is not None and not first <= int(as_of) <= last:
        raise InputError("--as-of", None, "as-of", f"year {as_of} outside {first}..{last} "
                         "(the plan's years with actual values)")
    actuals = paths.resolve_input(actuals)
    result = parse_plan(config)
    use_plan_words({lang: {**w, "plan_rows": len(result.indicators)} for lang, w in config.all_words().items()})
    population = load_population(config)
    index = FactIndex(result.narrative_facts)
    # the table's corrected defects go into the audit; period names and English fallbacks are warnings only
    table_warnings = [w for w in result.warnings if w.field != "period" and not w.field.endswith("name_en")]
    findings = audit(result.indicators, index, population, table_warnings, config=config)
    bench = load_benchmarks(config=config)
    assessment = assess(result.indicators, index, findings, benchmarks=bench, config=config)
    out = Analysis(Path(result.source), result.indicators, result.narrative_facts, findings, assessment,
                   population, result.warnings, config=config)
    if actuals is not None:
        from jzanalysis.analysis.status import monitor
        from jzanalysis.inputs.actuals import load_actuals, value_warnings

        if accept_implausible is None:
            accept_implausible = os.environ.get("JZANALYSIS_ACCEPT_IMPLAUSIBLE") == "1"
        obs = load_actuals(actuals, assessment, accept_implausible=bool(accept_implausible), config=config)
        out.actuals, out.actuals_path = obs, Path(actuals)
        out.as_of = as_of if as_of is not None else int(obs["year"].max()) if not obs.empty else None
        out.assessment = value_warnings(monitor(assessment, obs, out.as_of, config=config), obs)
    return out


def default_plan() -> Path:
    """The bundled plan's folder (``data/plans/jinzhong-14``)."""
    return paths.DEFAULT_PLAN
