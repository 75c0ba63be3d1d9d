"""The public Python API, on top of the package: one call for notebooks, scripts and the CLI.

>>> from jzanalysis.api import analyse
>>> a = analyse()                          # the bundled plan: parse, audit, assess
>>> m = analyse(actuals="examples/actuals_example.csv", as_of=2023)   # and the yearly monitoring

The layers below it, each importing only from the ones under it:
``publish`` (report runner, pages and their sections, charts, PDF, workbook template) ->
``analysis`` (pace, assess, audit, yearly status, final evaluation, changes) ->
``inputs`` (actual values from CSV or xlsx, reference data, the previous assessment) ->
``plan`` (text, table, prose, metadata) -> ``io``, ``errors``, ``fmt``, ``i18n``, ``paths``.
"""

from __future__ import annotations

from jzanalysis.analysis.pipeline import FIRST_YEAR, LAST_YEAR, Analysis, analyse, default_plan
from jzanalysis.plan.parse import parse_plan

__all__ = ["FIRST_YEAR", "LAST_YEAR", "Analysis", "analyse", "default_plan", "parse_plan", "run_report",
           "write_template"]


def run_report(*args, **kwargs) -> int:
    """Run the notebooks and publish the report (:func:`jzanalysis.publish.runner.run_report`)."""
    from jzanalysis.publish.runner import run_report as _run

    return _run(*args, **kwargs)


def write_template(*args, **kwargs):
    """Write the office workbook (:func:`jzanalysis.publish.template.write_template`)."""
    from jzanalysis.publish.template import write_template as _write

    return _write(*args, **kwargs)
