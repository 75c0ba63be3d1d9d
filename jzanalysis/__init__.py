"""jzanalysis: Jinzhong's 14th Five-Year plan for public services, parsed, projected, audited, monitored.

``import jzanalysis`` is light (no matplotlib, no Jupyter); heavy modules load on first use.

>>> import jzanalysis
>>> a = jzanalysis.analyse()          # the bundled plan
>>> a.assessment[["id", "feasibility"]].head()
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["analyse", "parse_plan", "__version__"]


def analyse(*args, **kwargs):
    from .api import analyse as _analyse

    return _analyse(*args, **kwargs)


def parse_plan(*args, **kwargs):
    from .parse import parse_plan as _parse

    return _parse(*args, **kwargs)
