"""Last year's saved assessment (``--previous``, ``OUT/YEAR/data/assessment.csv``), read back as an input."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from jzanalysis.errors import InputError


def read_assessment(path) -> pd.DataFrame:
    """A saved assessment CSV (``--previous``) with at least ``id`` and ``status``; else :class:`InputError`."""
    p = Path(path)
    if not p.exists():
        raise InputError(path, None, "file", "no such file")
    if p.is_dir():
        raise InputError(path, None, "file", "expected a CSV file, found a folder")
    try:
        head = p.read_bytes()[:4]
    except OSError as exc:
        raise InputError(path, None, "file", f"cannot read the file: {exc.strerror or exc}") from None
    if not head.strip():
        raise InputError(path, 1, "file", "the file is empty; expected last year's assessment.csv")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        raise InputError(path, 1, "encoding", "the file is UTF-16; save it as UTF-8")
    try:
        previous = pd.read_csv(p, encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(path, None, "encoding", "not UTF-8; save the file as UTF-8") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise InputError(path, None, "file", f"cannot read as CSV: {str(exc).splitlines()[0]}") from None
    missing = {"id", "status"} - set(previous.columns)
    if missing:
        raise InputError(path, 1, "header", f"expected a saved assessment with columns id and status; "
                         f"missing {sorted(missing)}")
    return previous


def read_previous(path) -> pd.DataFrame | None:
    """Last year's saved assessment, or ``None`` for ``""``/``None`` (see :func:`read_assessment`)."""
    if path is None or str(path) == "":
        return None
    return read_assessment(path)
