"""The inputs of one report run, checked before anything starts: year, folder, jobs, formats, language, plan,
actual values and last year's assessment (:func:`validate` -> :class:`Inputs`, or :class:`InputError`)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from jzanalysis.analysis.pipeline import FIRST_YEAR, LAST_YEAR
from jzanalysis.errors import InputError
from jzanalysis.i18n import languages
from jzanalysis.plan.config import default_config

#: The report run's log (one logger for the runner and its steps: the lines name it).
log = logging.getLogger("jzanalysis.publish.runner")

YEARS = (FIRST_YEAR, LAST_YEAR)  # shared with `jzanalysis assess --as-of`
#: Report folder without actuals for the bundled plan: its period's first year (plan.yaml; the plan-time
#: report has no year in its title). A run takes its own plan's first year (:func:`validate`).
DEFAULT_YEAR = default_config().period.first_year
FORMATS = ("html", "pdf")


@dataclass
class Inputs:
    """Validated inputs of one report run."""

    year: int
    out: Path
    jobs: int
    formats: tuple
    lang: str
    plan: Path | None
    actuals: Path | None
    previous: Path | None
    analysis: object = None
    illustrative: bool = False
    notes: list = field(default_factory=list)
    #: The completion download lists binding (约束性) indicators first (``report --binding-first``).
    binding_first: bool = False

    def parameters(self) -> dict:
        """Parameters for the notebooks (each gets those its ``parameters`` cell declares)."""
        return {"year": self.year, "lang": self.lang, "actuals": str(self.actuals or ""),
                "plan": str(self.plan or ""), "previous": str(self.previous or ""), "category": ""}


def _year(value, where: str = "--year", years: tuple[int, int] = YEARS) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise InputError(where, None, "year", f"expected a year such as 2023, found {value!r}") from None
    if not years[0] <= year <= years[1]:
        raise InputError(where, None, "year", f"year {year} outside {years[0]}..{years[1]}")
    return year


def validate(year=None, out="outputs", jobs=2, formats=FORMATS, lang="zh", actuals=None, plan=None,
             previous=None, accept_implausible=False, binding_first=False) -> Inputs:
    """Check every input and load the analysis; raises :class:`InputError` (nothing is written)."""
    import warnings

    from jzanalysis.analysis.pipeline import analyse, status_years
    from jzanalysis.plan.config import resolve_plan

    if plan not in (None, "") and not Path(plan).exists():
        raise InputError(plan, None, "plan", "file or folder not found")
    config = resolve_plan(plan)  # a plan folder (plan.yaml) or a bare text with the bundled plan's config
    years = status_years(config)
    if year is not None:
        year = _year(year, years=years)
    formats, jobs = _options(lang, formats, jobs)
    out = _out_folder(out)
    from jzanalysis.io import check_input_file

    for label, p in (("plan", plan), ("actuals", actuals), ("previous", previous)):
        if label == "plan" and p not in (None, "") and Path(p).is_dir():
            from jzanalysis.plan.files import staged_files

            staged_files(p)  # what the report will stage: regular files within the folder (issue 21)
        if p not in (None, "") and not (label == "plan" and Path(p).is_dir()):  # a plan folder
            try:
                check_input_file(p, "a file")  # not /dev/zero, a FIFO or a folder (issue 16)
            except InputError as exc:
                raise InputError(p, None, label, exc.message) from None
    plan = Path(plan).resolve() if plan else None
    actuals = Path(actuals).resolve() if actuals else None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # parses the plan; with actuals, jzanalysis.inputs.actuals.load_actuals validates them (InputError naming
        # the line and field) and the default as-of year is the latest year in the file
        analysis = analyse(config, actuals=actuals, as_of=year, accept_implausible=accept_implausible)
    notes = [str(w.message) for w in caught]
    if year is None:
        # the plan-time report's folder is the period's first year (DEFAULT_YEAR for the bundled plan)
        year = config.period.first_year if actuals is None else analysis.as_of
        if year is None:
            raise InputError(actuals, None, "year", "no actual values in the file: give --year")
        year = _year(year, str(actuals), years)
    target = out / str(year)
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise InputError(target, None, "out", "exists and is not a report folder; it is left untouched "
                         "(move it away or choose another --out)")
    previous = _previous(previous, out, year)
    illustrative = bool(analysis.actuals is not None and "illustrative" in analysis.actuals
                        and analysis.actuals["illustrative"].astype(bool).any())
    inputs = Inputs(year, out, jobs, formats, lang, plan, actuals, previous, analysis, illustrative, notes)
    inputs.accept_implausible = bool(accept_implausible)
    inputs.binding_first = bool(binding_first)
    return inputs


def _options(lang, formats, jobs) -> tuple[tuple, int]:
    """``--lang``, ``--formats`` (a comma list or a sequence) and ``--jobs`` checked: ``(formats, jobs)``."""
    if lang not in languages():
        raise InputError("--lang", None, "lang", f"expected one of {', '.join(languages())}, found {lang!r}")
    if isinstance(formats, str):
        formats = [f.strip() for f in formats.split(",") if f.strip()]
    formats = tuple(dict.fromkeys(formats or ()))
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise InputError("--formats", None, "formats", f"expected a comma list of {', '.join(FORMATS)}, "
                         f"found {','.join(formats) or 'nothing'}")
    try:
        jobs = int(jobs)
    except (TypeError, ValueError):
        jobs = 0
    if jobs < 1:
        raise InputError("--jobs", None, "jobs", "expected a whole number >= 1")
    return formats, jobs


def _out_folder(out) -> Path:
    """``--out`` as a folder that can be written (:func:`jzanalysis.io.check_output_dir`)."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(out, None, "out", "exists and is not a folder")
    from jzanalysis.io import check_output_dir

    check_output_dir(out)
    return out


def _previous(previous, out: Path, year: int) -> Path | None:
    """Last year's assessment: ``--previous``, else ``OUT/YEAR-1/data/assessment.csv`` when it exists; one
    without monitoring statuses (a plan-time assessment) is skipped for "what changed", never an error."""
    explicit = previous not in (None, "")
    if not explicit:
        guess = out / str(year - 1) / "data" / "assessment.csv"
        previous = guess if guess.is_file() else None
    previous = Path(previous).resolve() if previous else None
    if previous is not None:
        from jzanalysis.inputs.previous import has_statuses, read_assessment

        # folder, empty, UTF-16, not a CSV, no id column: one-line errors
        if not has_statuses(read_assessment(previous, require_status=False)):
            log.info("%s %s has no monitoring statuses (a plan-time assessment); 'what changed' is skipped",
                     "--previous" if explicit else "last year's", previous)
            previous = None
    return previous
