"""The curated indicator metadata (``data/indicators.yaml``): indicators are data, not code."""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

from jzanalysis import paths
from jzanalysis.errors import InputError

DIRECTIONS = {"higher", "lower", "band"}
KINDS = {"share", "rate", "level", "per_capita", "growth", "cumulative", "count", "index"}
PACES = {"cagr", "linear", "shortfall", "none"}
OPS = {">=", ">", "<=", "<", "=", "~", "relational", "text_target"}


def _check(path, entries: list[dict], what: str) -> None:
    seen = set()
    for e in entries:
        ident = e.get("id")
        if not ident or ident in seen:
            raise InputError(path, None, f"{what}.id", f"missing or duplicate id {ident!r}")
        seen.add(ident)
        for key, allowed in (("direction", DIRECTIONS), ("kind", KINDS), ("pace", PACES)):
            if e.get(key) not in allowed:
                raise InputError(path, None, f"{ident}.{key}",
                                 f"expected one of {sorted(allowed)}, found {e.get(key)!r}")
        if "target_op" in e and e["target_op"] not in OPS:
            raise InputError(path, None, f"{ident}.target_op", f"unknown operator {e['target_op']!r}")


@functools.lru_cache(maxsize=8)
def _load(path: str) -> dict:
    p = Path(path)
    try:
        meta = yaml.safe_load(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(p, None, "file", "indicator metadata file not found") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(p, mark.line + 1 if mark else None, "yaml", str(exc).splitlines()[0]) from None
    _check(p, meta.get("indicators", []), "indicators")
    return meta


def load_metadata(path=None) -> dict:
    """Return the parsed metadata: ``defaults``, ``categories`` and the list ``indicators``."""
    return _load(str(path or paths.INDICATOR_META))


def indicator_ids(path=None) -> list[str]:
    return [e["id"] for e in load_metadata(path)["indicators"]]
