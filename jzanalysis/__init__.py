"""jzanalysis: Jinzhong's 14th Five-Year plan for public services, parsed, projected, audited, monitored.

``import jzanalysis`` is light (no matplotlib, no Jupyter); heavy modules load on first use.

>>> import jzanalysis
>>> a = jzanalysis.analyse()          # the bundled plan
>>> a.assessment[["id", "feasibility"]].head()
"""

from __future__ import annotations

from jzanalysis._version import __version__

__all__ = ["analyse", "parse_plan", "__version__"]


def analyse(*args, **kwargs):
    from jzanalysis.api import analyse as _analyse

    return _analyse(*args, **kwargs)


def parse_plan(*args, **kwargs):
    from jzanalysis.api import parse_plan as _parse

    return _parse(*args, **kwargs)
