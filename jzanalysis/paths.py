"""Where the inputs that jzanalysis ships are read from, and where its outputs go.

Inputs (one source of truth): the repository's plan folders ``data/plans/*/`` (``plan.yaml``, the
indicator metadata, the prose series, ``raw/``: the text, benchmarks, population; see ``docs/plans.md``),
``data/raw/*`` and ``notebooks/*.ipynb`` are the human-facing copies. Building a wheel copies them into
the package as ``jzanalysis/_bundle/`` (``setup.py``, ``build_py``), and ``tests/test_packaging.py``
checks that a built wheel holds byte-identical files. At run time the first of these folders that holds
the bundled plan (``data/plans/jinzhong-14/plan.yaml``) is used:

1. ``$JZANALYSIS_ROOT`` when set (a checkout or any folder laid out like one);
2. the checkout around this package (a clone, an editable install);
3. the package data ``jzanalysis/_bundle`` (a wheel or sdist install), found with
   :mod:`importlib.resources`.

Outputs default to the current folder: ``./data/processed`` (``jzanalysis parse``) and ``./outputs``
(``jzanalysis report``); both commands take ``--out``. Nothing is ever written into the package.

Relative input paths given as parameters (``actuals="examples/actuals_example.csv"`` in a notebook)
go through :func:`resolve_input`: the folder the user launched from first (``$JZANALYSIS_LAUNCH_DIR``,
set by ``jzanalysis report``; else the current folder), then the project root, so the same parameter
works from papermill, ``jzanalysis report`` and a notebook opened in JupyterLab under ``notebooks/``.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
#: The repository files the wheel carries (relative to the project root), and nothing else.
BUNDLED = ("data/plans/*/*.yaml", "data/plans/*/raw/*", "data/raw/*", "notebooks/*.ipynb")
_MARKER = Path("data") / "plans" / "jinzhong-14" / "plan.yaml"


def _bundle() -> Path | None:
    """The package-data copy of the inputs (``jzanalysis/_bundle``), or ``None`` when not built."""
    try:
        base = resources.files("jzanalysis").joinpath("_bundle")
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - not importable as a package
        return None
    path = Path(str(base))
    return path if (path / _MARKER).is_file() else None


def _checkout() -> Path | None:
    """The source checkout around the package (clone or editable install), or ``None``."""
    root = PACKAGE_DIR.parent
    if (root / _MARKER).is_file() and (root / "pyproject.toml").is_file():
        return root
    return None


def find_root() -> tuple[Path, str]:
    """The folder the bundled inputs are read from, and how it was found.

    Returns
    -------
    (Path, str)
        The folder and one of ``"JZANALYSIS_ROOT"``, ``"checkout"``, ``"package"``, ``"missing"``.
        ``"missing"`` returns the package folder; reading a file then fails with
        :func:`missing_message`.
    """
    env = os.environ.get("JZANALYSIS_ROOT")
    if env:
        return Path(env).expanduser().resolve(), "JZANALYSIS_ROOT"
    for how, found in (("checkout", _checkout()), ("package", _bundle())):
        if found is not None:
            return found, how
    return PACKAGE_DIR / "_bundle", "missing"


ROOT, ROOT_KIND = find_root()
#: True when reading from a checkout or $JZANALYSIS_ROOT (the folder a user edits), False from the package.
IS_CHECKOUT = ROOT_KIND in ("checkout", "JZANALYSIS_ROOT")
DATA = ROOT / "data"
RAW = DATA / "raw"
NOTEBOOKS = ROOT / "notebooks"

#: The bundled plan, the default of every ``--plan`` (a plan is a folder: docs/plans.md).
DEFAULT_PLAN = DATA / "plans" / "jinzhong-14"
PLAN_CONFIG = DEFAULT_PLAN / "plan.yaml"
#: The bundled plan's files (what its plan.yaml names; kept as names for scripts and tests).
PLAN_TEXT = DEFAULT_PLAN / "raw" / "jinzhong_14th_fyp_public_services_2021_2025.txt"
CENSUS = DEFAULT_PLAN / "raw" / "population.csv"
BENCHMARKS = DEFAULT_PLAN / "raw" / "benchmarks.csv"
INDICATOR_META = DEFAULT_PLAN / "indicators.yaml"
NARRATIVE_META = DEFAULT_PLAN / "narrative_series.yaml"

#: Output folders, relative: they resolve against the current folder when used (``--out`` overrides).
PROCESSED = Path("data") / "processed"
OUTPUTS = Path("outputs")


def is_bundled(path) -> bool:
    """Whether ``path`` is one of the inputs that jzanalysis ships (under :data:`ROOT`)."""
    try:
        Path(path).resolve().relative_to(ROOT)
    except (ValueError, OSError):
        return False
    return True


def missing_message(path) -> str:
    """What is wrong when a bundled input is missing, and what to do (for :class:`~jzanalysis.errors.InputError`)."""
    if ROOT_KIND == "JZANALYSIS_ROOT":
        return (f"bundled input missing: JZANALYSIS_ROOT={ROOT} has no {Path(path).name}; point "
                "JZANALYSIS_ROOT at a jzanalysis checkout or unset it to use the copy inside the package")
    if ROOT_KIND == "missing":
        return ("bundled input missing: this jzanalysis installation has no data files (the package was "
                "built without jzanalysis/_bundle); reinstall from a wheel or sdist built with "
                "`python -m build`, or set JZANALYSIS_ROOT to a jzanalysis checkout")
    return (f"bundled input missing from the {ROOT_KIND} at {ROOT}: the installation is incomplete; "
            "reinstall jzanalysis or set JZANALYSIS_ROOT to a jzanalysis checkout")


def launch_dir() -> Path:
    """The folder the user launched from: ``$JZANALYSIS_LAUNCH_DIR`` (set by ``jzanalysis report`` for
    its notebook kernels), else the current folder."""
    env = os.environ.get("JZANALYSIS_LAUNCH_DIR")
    return Path(env) if env else Path.cwd()


def project_root() -> Path | None:
    """The project folder for relative parameters in JupyterLab: ``$JZANALYSIS_ROOT`` or the checkout."""
    return ROOT if IS_CHECKOUT else None


def resolve_input(path) -> Path | None:
    """An input path given as a parameter, made absolute.

    Parameters
    ----------
    path : path-like or None
        ``None`` or ``""`` -> ``None``; an absolute path -> itself.

    Returns
    -------
    Path or None
        A relative path is tried against :func:`launch_dir`, then the current folder, then
        :func:`project_root`; the first that exists wins. When none exists, the path under the launch
        folder is returned, so that the "file not found" error names where it was looked for.

    Notes
    -----
    A notebook opened in JupyterLab runs with ``notebooks/`` as its current folder, so
    ``actuals="examples/actuals_example.csv"`` (as the README writes it, relative to the project root)
    is found through the project root; papermill and ``jzanalysis report`` run from the user's folder.
    """
    if path is None or str(path) == "":
        return None
    p = Path(path).expanduser()
    if p.is_absolute():
        return p
    bases = [launch_dir(), Path.cwd()]
    root = project_root()
    if root is not None:
        bases.append(root)
    for base in bases:
        if (base / p).exists():
            return (base / p).resolve()
    return (bases[0] / p).absolute()


def check_bundled() -> None:
    """Raise :class:`~jzanalysis.errors.InputError` naming what is missing when a shipped input is absent."""
    from jzanalysis.errors import InputError

    for p in (PLAN_CONFIG, INDICATOR_META, NARRATIVE_META, CENSUS, PLAN_TEXT):
        if not p.is_file():
            raise InputError(p, None, "installation", missing_message(p))
