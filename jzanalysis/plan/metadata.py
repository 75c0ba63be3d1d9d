"""The curated indicator metadata (``data/indicators.yaml``): indicators are data, not code."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

from jzanalysis import paths
from jzanalysis.errors import InputError
from jzanalysis.io import load_yaml
from jzanalysis.plan.files import read_yaml_text
from jzanalysis.plan.labels import category_labels, flatten_all
from jzanalysis.plan.target import OPS as TARGET_OPS

DIRECTIONS = {"higher", "lower", "band"}
KINDS = {"share", "rate", "level", "per_capita", "growth", "cumulative", "count", "index"}
PACES = {"cagr", "linear", "shortfall", "none"}
#: The operators a ``target_op`` may give (those of :class:`jzanalysis.plan.target.Target`).
OPS = set(TARGET_OPS)


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
        aliases = e.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise InputError(path, None, f"{ident}.aliases", "expected a list of names, e.g. [旧名称, 另一名称]")


@functools.lru_cache(maxsize=8)
def _load(path: str) -> dict:
    p = Path(path)
    try:
        meta = load_yaml(read_yaml_text(p))
    except FileNotFoundError:
        raise InputError(p, None, "file", "indicator metadata file not found") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(p, mark.line + 1 if mark else None, "yaml", str(exc).splitlines()[0]) from None
    meta["indicators"] = flatten_all(meta.get("indicators"), p, "indicators")
    meta["category_labels"] = category_labels(meta.get("categories"), p)
    _check(p, meta["indicators"], "indicators")
    return meta


def load_metadata(path=None) -> dict:
    """Return the parsed metadata: ``defaults``, ``categories``, ``category_labels`` (``{category: {lang:
    label}}``) and the list ``indicators``, their language-keyed labels flattened
    (:func:`jzanalysis.plan.labels.flatten`: ``name: {zh, en}`` gives ``name_zh``, ``name_en``)."""
    return _load(str(path or paths.INDICATOR_META))


def _key(name: str) -> str:
    return re.sub(r"\s+", "", str(name))


def names_of(entry: dict) -> list[str]:
    """The names an indicator entry answers to: ``name_zh`` and its ``aliases``, without spaces."""
    return [_key(n) for n in [entry.get("name_zh", ""), *entry.get("aliases", [])] if _key(n)]


def match_rows(rows: list[dict], path, meta: dict) -> list[dict]:
    """Bind each table row to its metadata entry by name or alias, not by position.

    Parameters
    ----------
    rows : list of dict
        Table rows (``name``, ``seq``, ``source_line``, ``lines``) as :func:`jzanalysis.plan.table.find_table`
        returns them, in table order.
    path : path-like
        The plan text, for error messages.
    meta : dict
        The metadata (:func:`load_metadata`).

    Returns
    -------
    list of dict
        One entry per row, in the table's order: a copy of the matched entry with ``seq`` set to the row's
        position and ``name_zh`` to the name as printed (so a renamed row matched by an alias keeps the
        printed name).

    Raises
    ------
    InputError
        * a row whose name is neither a ``name_zh`` nor an alias: ``file:line: name: "…" not in
          indicators.yaml; run `jzanalysis init-plan` to draft it``;
        * two rows matching one entry, or two entries sharing a name;
        * entries that no row matches (the table has fewer rows than the metadata describes).
    """
    by_name: dict[str, dict] = {}
    for e in meta["indicators"]:
        for n in names_of(e):
            if n in by_name and by_name[n] is not e:
                raise InputError(path, None, f"{e['id']}.aliases",
                                 f"the name {n!r} also belongs to {by_name[n]['id']}")
            by_name[n] = e
    out, used = [], {}
    for row in rows:
        line = row.get("lines", {}).get("name", row.get("source_line"))
        entry = by_name.get(_key(row["name"]))
        if entry is None:
            raise InputError(path, line, "name", f"\"{row['name']}\" not in indicators.yaml; run "
                             "`jzanalysis init-plan` to draft it, or add it as an alias of the indicator it renames")
        if entry["id"] in used:
            raise InputError(path, line, "name", f"\"{row['name']}\" is indicator {entry['id']} again "
                             f"(first at line {used[entry['id']]})")
        used[entry["id"]] = line
        out.append({**entry, "seq": row["seq"], "name_zh": row["name"]})
    missing = [e for e in meta["indicators"] if e["id"] not in used]
    if missing:
        last = rows[-1].get("source_line") if rows else None
        names = "、".join(str(e.get("name_zh", e["id"])) for e in missing)
        raise InputError(path, last, "table",
                         f"the table has {len(rows)} indicator rows, the indicator metadata describes "
                         f"{len(meta['indicators'])}; not in the table: {names}")
    return out


def indicator_ids(path=None) -> list[str]:
    return [e["id"] for e in load_metadata(path)["indicators"]]
