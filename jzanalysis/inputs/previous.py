"""Last year's saved assessment (``--previous``, ``OUT/YEAR/data/assessment.csv``), read back as an input."""

from __future__ import annotations

import pandas as pd

from jzanalysis.errors import InputError


def read_assessment(path, require_status: bool = True) -> pd.DataFrame:
    """A saved assessment CSV (``--previous``) with at least ``id`` (and ``status`` when ``require_status``);
    else :class:`InputError`. A plan-time assessment (no actuals, so no ``status``) is read with
    ``require_status=False``; :func:`has_statuses` tells it apart."""
    import io

    from jzanalysis.io import CSV_MAX_BYTES, read_input_bytes

    raw = read_input_bytes(path, "a CSV file", CSV_MAX_BYTES)
    head = raw[:4]
    if not head.strip():
        raise InputError(path, 1, "file", "the file is empty; expected last year's assessment.csv")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        raise InputError(path, 1, "encoding", "the file is UTF-16; save it as UTF-8")
    try:
        previous = pd.read_csv(io.BytesIO(raw), encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(path, None, "encoding", "not UTF-8; save the file as UTF-8") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise InputError(path, None, "file", f"cannot read as CSV: {str(exc).splitlines()[0]}") from None
    missing = ({"id", "status"} if require_status else {"id"}) - set(previous.columns)
    if missing:
        raise InputError(path, 1, "header", f"expected a saved assessment with columns id and status; "
                         f"missing {sorted(missing)}")
    return previous


def has_statuses(previous: pd.DataFrame | None) -> bool:
    """True when a saved assessment holds monitoring statuses (a ``status`` column): last year's monitoring
    result. A plan-time ``assessment.csv`` (verdicts only) has none and cannot say what changed."""
    return previous is not None and "status" in previous.columns


def read_previous(path) -> pd.DataFrame | None:
    """Last year's saved assessment, or ``None`` for ``""``/``None`` (see :func:`read_assessment`)."""
    if path is None or str(path) == "":
        return None
    return read_assessment(path)
