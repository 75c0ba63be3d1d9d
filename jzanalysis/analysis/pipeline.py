"""One call for notebooks and the CLI: parse, audit and assess the plan (and monitor actuals)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from jzanalysis import paths

FIRST_YEAR, LAST_YEAR = 2021, 2035  # years a status can be given for (after the 2020 baseline)


@dataclass
class Analysis:
    """Everything the notebooks and reports show, for one plan (and optionally one actuals file)."""

    plan: Path
    indicators: pd.DataFrame
    facts: pd.DataFrame
    audit: pd.DataFrame
    assessment: pd.DataFrame
    population: int
    warnings: list = field(default_factory=list)
    actuals: pd.DataFrame | None = None
    actuals_path: Path | None = None
    as_of: int | None = None


def analyse(plan=None, actuals=None, as_of: int | None = None,
            accept_implausible: bool | None = None) -> Analysis:
    """Parse the plan, run the self-audit and the plan-time assessment; with ``actuals``, the monitoring.

    Parameters
    ----------
    plan : path-like, optional
        Plan text (default: the bundled plan). A relative path is resolved by
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
    from jzanalysis.inputs.reference import load_population
    from jzanalysis.plan.parse import parse_plan

    if as_of is not None and not FIRST_YEAR <= int(as_of) <= LAST_YEAR:
        raise InputError("--as-of", None, "as-of", f"year {as_of} outside {FIRST_YEAR}..{LAST_YEAR} "
                         "(the plan's years with actual values)")
    paths.check_bundled()
    plan, actuals = paths.resolve_input(plan), paths.resolve_input(actuals)
    result = parse_plan(plan)
    population = load_population()
    index = FactIndex(result.narrative_facts)
    findings = audit(result.indicators, index, population, result.warnings)
    assessment = assess(result.indicators, index, findings)
    out = Analysis(Path(result.source), result.indicators, result.narrative_facts, findings, assessment,
                   population, result.warnings)
    if actuals is not None:
        from jzanalysis.analysis.status import monitor
        from jzanalysis.inputs.actuals import load_actuals, value_warnings

        if accept_implausible is None:
            accept_implausible = os.environ.get("JZANALYSIS_ACCEPT_IMPLAUSIBLE") == "1"
        obs = load_actuals(actuals, assessment, accept_implausible=bool(accept_implausible))
        out.actuals, out.actuals_path = obs, Path(actuals)
        out.as_of = as_of if as_of is not None else int(obs["year"].max()) if not obs.empty else None
        out.assessment = value_warnings(monitor(assessment, obs, out.as_of), obs)
    return out


def default_plan() -> Path:
    return paths.PLAN_TEXT
