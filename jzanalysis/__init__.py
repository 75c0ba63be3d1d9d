"""jzanalysis: Jinzhong's 14th Five-Year plan for public services, parsed, projected, audited, monitored.

``import jzanalysis`` is light (no matplotlib, no Jupyter); heavy modules load on first use.

>>> import jzanalysis
>>> a = jzanalysis.analyse()          # the bundled plan
>>> a.assessment[["id", "feasibility"]].head()
                           id      feasibility
0    maternal_mortality_ratio  met_at_baseline
1       infant_mortality_rate  met_at_baseline
2   childcare_places_per_1000     no_reference
3       immunization_coverage   not_assessable
4  preschool_gross_enrollment        reachable
"""

from __future__ import annotations

from jzanalysis._version import __version__
from jzanalysis.plan import config as _config  # noqa: F401  (registers the bundled plan's words with i18n)

__all__ = ["analyse", "parse_plan", "__version__"]


def analyse(*args, **kwargs):
    from jzanalysis.api import analyse as _analyse

    return _analyse(*args, **kwargs)


def parse_plan(*args, **kwargs):
    from jzanalysis.api import parse_plan as _parse

    return _parse(*args, **kwargs)
