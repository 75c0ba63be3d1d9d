"""The run record of a published job: what its report was made from, to skip a job whose inputs are unchanged.

``OUT/ENTRY/LANG/YEAR/run-record.json``::

    {"plan_sha256": ..., "actuals_sha256": ..., "version": "...", "lang": "zh", "year": 2023,
     "formats": ["html"], "worker": "host:pid"}

A job is skipped (``skipped (unchanged)``) when the record of its folder equals the record its inputs
give now (:func:`current`, :func:`is_unchanged`); ``--force`` reruns it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

#: The run record's file name in a published job folder.
RECORD = "run-record.json"
#: The fields compared (every one must be equal to skip); ``worker`` (who made it) is not compared.
FIELDS = ("plan_sha256", "actuals_sha256", "version", "lang", "year", "formats")


def folder_sha256(folder) -> str:
    """The sha256 of a folder's content: its files' relative paths and bytes, in sorted order.

    Notes
    -----
    ``sha256( for each file f in sorted(relative POSIX paths): path(f) NUL len(bytes(f)) NUL bytes(f) )``:
    a renamed, added, removed or edited file changes it; the files' times and modes do not. Hidden
    files and folders (``.git``, ``.ipynb_checkpoints``) and ``__pycache__`` are left out.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "a.txt").write_text("x")
    >>> folder_sha256(d) == hashlib.sha256(b"a.txt\\x001\\x00x").hexdigest()
    True
    """
    root = Path(folder)
    files = sorted(p for p in root.rglob("*") if p.is_file() and not _hidden(p.relative_to(root)))
    h = hashlib.sha256()
    for p in files:
        data = p.read_bytes()
        h.update(p.relative_to(root).as_posix().encode("utf-8") + b"\0" + str(len(data)).encode() + b"\0")
        h.update(data)
    return h.hexdigest()


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") or part == "__pycache__" for part in rel.parts)


def file_sha256(path) -> str:
    """The sha256 of a file's bytes; ``""`` for no file."""
    if not path:
        return ""
    from jzanalysis.io import sha256_file

    return sha256_file(path)


def make(plan_sha256: str, actuals_sha256: str, spec: dict) -> dict:
    """A run record from the two hashes and the job's language, year and formats (and this version)."""
    from jzanalysis._version import __version__

    return {"plan_sha256": plan_sha256, "actuals_sha256": actuals_sha256, "version": __version__,
            "lang": spec["lang"], "year": int(spec["year"]), "formats": sorted(spec["formats"])}


def current(spec: dict) -> dict:
    """The record a job's inputs give now (``spec``: :meth:`jzanalysis.batch.manifest.Job.spec`)."""
    return make(folder_sha256(spec["plan"]), file_sha256(spec.get("actuals")), spec)


def published(folder) -> dict | None:
    """The record of a published job folder; ``None`` when there is none or it cannot be read."""
    try:
        data = json.loads((Path(folder) / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def is_unchanged(spec: dict, record: dict | None = None) -> bool:
    """True when the job's folder holds a report whose record equals ``record`` (default :func:`current`)."""
    old = published(spec["out"])
    if old is None or not (Path(spec["out"]) / "index.html").is_file():
        return False
    new = record if record is not None else current(spec)
    return all(old.get(k) == new.get(k) for k in FIELDS)


def write(folder, record: dict) -> Path:
    """Write ``record`` into ``folder`` (the job's build folder, before it is renamed into place)."""
    path = Path(folder) / RECORD
    path.write_text(json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path
