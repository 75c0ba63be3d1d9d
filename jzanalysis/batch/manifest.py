"""The batch's job list: a manifest (YAML or CSV) or plan folders (``--plans DIR/*``) -> :class:`Job` list.

A manifest names, per entry, a plan folder, an actuals file, the years, the languages and an out folder;
every (plan, year, language) is one job (one ``jzanalysis report``). Bad input is an
:class:`~jzanalysis.errors.InputError` ``FILE:LINE: FIELD: message`` before any job starts (exit 2).

YAML::

    defaults: {years: [2021], languages: [zh], formats: [html]}   # optional
    jobs:
      - plan: plans/taiyuan-14          # relative to the manifest's folder
        actuals: actuals/taiyuan.csv    # optional
        years: [2022, 2023]             # optional (default: the latest actuals year, else the first year)
        languages: [zh, en]             # optional (default: zh)
        out: taiyuan                    # optional, inside the batch folder (default: the plan folder's name)

CSV: the header ``plan,actuals,years,languages,out`` (years and languages separated by spaces or ``;``).
"""

from __future__ import annotations

import csv
import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from jzanalysis import paths
from jzanalysis.errors import InputError

log = logging.getLogger("jzanalysis.batch")

#: The keys of one manifest entry (a YAML mapping or a CSV row).
FIELDS = ("plan", "actuals", "years", "languages", "formats", "out")
#: The folder of the batch's own pages inside ``--out`` (no job may use it).
BATCH_DIR = "batch"
#: Report formats of a batch job when neither the manifest nor ``--formats`` says (the fast report).
DEFAULT_FORMATS = ("html",)


@dataclass(frozen=True)
class Job:
    """One report of the batch: a plan, a year, a language, its own out folder.

    ``out`` is the job's folder (``OUT/ENTRY/LANG/YEAR``: the report's ``index.html``, ``html/``,
    ``data/`` ... and the run record); ``label`` names the plan in the summary (its folder's name);
    ``where`` is ``(file, line, {field: line})`` of its manifest entry, for messages.
    """

    plan: Path
    label: str
    actuals: Path | None
    year: int
    lang: str
    formats: tuple
    out: Path
    where: tuple = field(default=("", None, {}), compare=False, hash=False)

    @property
    def key(self) -> str:
        """A name unique in the batch: ``ENTRY/LANG/YEAR`` (the out folder relative to the batch folder)."""
        return "/".join(self.out.parts[-3:])

    def spec(self) -> dict:
        """The job as plain data for a worker (paths as text)."""
        return {"plan": str(self.plan), "label": self.label, "actuals": str(self.actuals or ""),
                "year": self.year, "lang": self.lang, "formats": list(self.formats), "out": str(self.out),
                "key": self.key}


def _err(where, name: str, message: str) -> InputError:
    """An error at the line of field ``name`` of the entry (``where``: ``(file, line, {field: line})``)."""
    lines = where[2] if len(where) > 2 else {}
    return InputError(where[0], lines.get(name, where[1]), name, message)


def _list(value, where, name: str) -> list[str]:
    """A YAML list, a scalar or a CSV cell (``2022 2023``, ``zh;en``) as a list of texts."""
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        items = value
    else:
        items = re.split(r"[\s;,]+", str(value).strip())
    if isinstance(value, dict) or any(isinstance(v, (dict, list)) for v in items):
        raise _err(where, name, "expected a list of plain values")
    return [str(v).strip() for v in items if str(v).strip()]


def _years(value, where, actuals: Path | None, plan: Path) -> list[int]:
    """The entry's years (each a year such as 2023); default: the latest year in a CSV of actuals, else
    the plan period's first year (the plan-time report)."""
    items = _list(value, where, "years")
    if not items:
        return [_default_year(where, actuals, plan)]
    years = []
    for v in items:
        if not re.fullmatch(r"\d{4}", v):
            raise _err(where, "years", f"expected years such as 2023, found {v!r}")
        years.append(int(v))
    return list(dict.fromkeys(years))


def _default_year(where, actuals: Path | None, plan: Path) -> int:
    from jzanalysis.plan.config import resolve_plan

    if actuals is None:
        return int(resolve_plan(plan).period.first_year)
    if actuals.suffix.lower() != ".csv":
        raise _err(where, "years", "give the years for a workbook of actuals (.xlsx)")
    import pandas as pd

    try:
        years = pd.to_numeric(pd.read_csv(actuals, usecols=["year"])["year"], errors="coerce").dropna()
    except (ValueError, OSError) as exc:
        raise InputError(actuals, None, "year", f"cannot read the years: {exc}") from None
    if years.empty:
        raise InputError(actuals, None, "year", "no actual values in the file: give the years")
    return int(years.max())


def _languages(value, where) -> list[str]:
    from jzanalysis.i18n import languages

    items = _list(value, where, "languages") or ["zh"]
    bad = [v for v in items if v not in languages()]
    if bad:
        raise _err(where, "languages",
                         f"expected some of {', '.join(languages())}, found {', '.join(bad)}")
    return list(dict.fromkeys(items))


def _formats(value, where, default: tuple) -> tuple:
    from jzanalysis.publish.request import FORMATS

    items = _list(value, where, "formats") or list(default)
    bad = [v for v in items if v not in FORMATS]
    if bad:
        raise _err(where, "formats", f"expected some of {', '.join(FORMATS)}, found "
                         f"{', '.join(bad)}")
    return tuple(dict.fromkeys(items))


def _path(value, base: Path, where, name: str, folder: bool) -> Path:
    """A path of the manifest (relative to ``base``) that exists."""
    p = Path(str(value)).expanduser()
    p = (p if p.is_absolute() else base / p).resolve()
    if folder and not (p / "plan.yaml").is_file():
        raise _err(where, name, f"{value}: not a plan folder (no plan.yaml)")
    if not folder and not p.is_file():
        raise _err(where, name, f"{value}: file not found")
    return p


def _out_name(value, plan: Path, where) -> str:
    """The entry's folder inside the batch folder: relative, no ``..``, not the batch's own folder."""
    name = str(value).strip() if value not in (None, "") else plan.name
    parts = Path(name).parts
    if Path(name).is_absolute() or not parts or ".." in parts or name.startswith("."):
        raise _err(where, "out", f"{name!r}: expected a folder name inside --out "
                         "(relative, no '..')")
    if parts[0] == BATCH_DIR:
        raise _err(where, "out", f"{name!r}: {BATCH_DIR}/ holds the batch's own pages")
    return name


def entry_jobs(entry: dict, base: Path, out: Path, where, defaults: dict) -> list[Job]:
    """The jobs of one manifest entry: every year x language.

    Parameters
    ----------
    entry : dict
        ``plan`` (required), ``actuals``, ``years``, ``languages``, ``formats``, ``out``.
    base : Path
        The folder relative paths are read from (the manifest's).
    out : Path
        The batch's out folder.
    where : tuple
        ``(file, line)`` of the entry.
    defaults : dict
        Values for missing keys (the manifest's ``defaults:`` and the command's options).
    """
    unknown = [k for k in entry if k not in FIELDS]
    if unknown:
        raise _err(where, unknown[0], f"unknown key; expected {', '.join(FIELDS)}")
    merged = {**defaults, **{k: v for k, v in entry.items() if v not in (None, "")}}
    if merged.get("plan") in (None, ""):
        raise _err(where, "plan", "missing: the plan folder (with plan.yaml)")
    plan = _path(merged["plan"], base, where, "plan", folder=True)
    actuals = _path(merged["actuals"], base, where, "actuals", folder=False) if merged.get("actuals") else None
    name = _out_name(entry.get("out"), plan, where)
    formats = _formats(merged.get("formats"), where, DEFAULT_FORMATS)
    return [Job(plan, plan.name, actuals, year, lang, formats, (out / name / lang / str(year)).resolve(), where)
            for year in _years(merged.get("years"), where, actuals, plan)
            for lang in _languages(merged.get("languages"), where)]


def check_jobs(jobs: list[Job]) -> list[Job]:
    """No two jobs share a folder, and no job's folder holds another's; returns ``jobs``."""
    seen: dict[Path, Job] = {}
    for job in jobs:
        if job.out in seen:
            first = seen[job.out]
            raise InputError(job.where[0], job.where[1], "out", f"{job.key} is also the folder of the job at "
                             f"line {first.where[1]} ({first.label} {first.year} {first.lang})")
        seen[job.out] = job
    entries = {j.out.parent.parent: j for j in jobs}
    for folder, job in entries.items():
        inner = [o for o in entries if o != folder and folder in o.parents]
        if inner:
            raise InputError(job.where[0], job.where[1], "out", f"{folder.name} holds another entry's folder "
                             f"({inner[0].name}); give each plan its own out folder")
    return jobs


def _yaml_lines(text: str) -> list[tuple[int, dict]]:
    """The 1-based line of each entry of ``jobs:`` and of each of its keys (``[]`` when there is no such list)."""
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if key.value == "jobs" and isinstance(value, yaml.SequenceNode):
            return [(item.start_mark.line + 1,
                     {k.value: k.start_mark.line + 1 for k, _ in getattr(item, "value", []) if hasattr(k, "value")}
                     if isinstance(item, yaml.MappingNode) else {}) for item in value.value]
    return []


def read_yaml_manifest(path: Path, out: Path, defaults: dict) -> list[Job]:
    """The jobs of a YAML manifest (``jobs:`` list, optional ``defaults:``)."""
    import yaml

    from jzanalysis.io import load_yaml, read_input_bytes

    text = read_input_bytes(path, "a manifest", limit=10_000_000).decode("utf-8", errors="replace")
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(path, mark.line + 1 if mark else None, "yaml", str(exc).splitlines()[0]) from None
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list) or not data["jobs"]:
        raise InputError(path, 1, "jobs", "expected a list of jobs (jobs: [{plan: DIR, ...}])")
    extra = [k for k in data if k not in ("jobs", "defaults")]
    if extra:
        raise InputError(path, None, extra[0], "unknown key; expected jobs and defaults")
    base_defaults = {**defaults, **(data.get("defaults") or {})}
    lines = _yaml_lines(text)
    jobs: list[Job] = []
    for i, entry in enumerate(data["jobs"]):
        line, keys = lines[i] if i < len(lines) else (None, {})
        where = (str(path), line, keys)
        if not isinstance(entry, dict):
            raise _err(where, "jobs", "expected a mapping (plan: DIR, years: [...])")
        jobs += entry_jobs(entry, path.parent, out, where, base_defaults)
    return jobs


def read_csv_manifest(path: Path, out: Path, defaults: dict) -> list[Job]:
    """The jobs of a CSV manifest (header ``plan,actuals,years,languages,out``; line 1 is the header)."""
    from jzanalysis.io import read_input_bytes

    text = read_input_bytes(path, "a manifest", limit=10_000_000).decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "plan" not in reader.fieldnames:
        raise InputError(path, 1, "plan", f"the header must name the columns {','.join(FIELDS[:4])},out")
    jobs: list[Job] = []
    for i, row in enumerate(reader):
        where = (str(path), i + 2)
        entry = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        jobs += entry_jobs(entry, path.parent, out, where, defaults)
    if not jobs:
        raise InputError(path, 2, "plan", "no jobs: one row per plan")
    return jobs


def read_manifest(path, out, defaults: dict | None = None) -> list[Job]:
    """The jobs of a manifest (``.yaml``/``.yml`` or ``.csv``), checked (:func:`check_jobs`).

    Raises
    ------
    InputError
        ``FILE:LINE: FIELD: message`` for a missing plan, an unknown key, a bad year or language, two
        jobs with one folder.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, None, "manifest", "file not found")
    read = read_csv_manifest if path.suffix.lower() == ".csv" else read_yaml_manifest
    return check_jobs(read(path, Path(out).resolve(), dict(defaults or {})))


def plan_jobs(plans, out, defaults: dict | None = None) -> list[Job]:
    """The jobs of ``--plans DIR ...`` (each a plan folder; a glob pattern is expanded) with the defaults."""
    import glob

    folders: list[str] = []
    for p in plans:
        folders += sorted(glob.glob(str(p))) if glob.has_magic(str(p)) else [str(p)]
    skipped = [f for f in folders if not Path(f, "plan.yaml").is_file()]
    folders = [f for f in folders if f not in skipped]
    if skipped:
        log.warning("--plans: skipped %d path(s) without plan.yaml: %s", len(skipped), ", ".join(skipped[:5]))
    if not folders:
        raise InputError(" ".join(map(str, plans)), None, "plans", "no plan folders (folders with plan.yaml)")
    jobs: list[Job] = []
    for f in folders:
        jobs += entry_jobs({"plan": f}, Path.cwd(), Path(out).resolve(), ("--plans", None), dict(defaults or {}))
    return check_jobs(jobs)


def bundled_plan() -> Path:
    """The bundled plan's folder (``data/plans/jinzhong-14``)."""
    return paths.DEFAULT_PLAN
