"""Actual values: the long CSV (or the office workbook) read, validated and checked for plausibility.

:func:`load_actuals` returns one row per observed value (:data:`LOADED_COLUMNS`); every refusal is one
:class:`jzanalysis.errors.InputError` naming the file, the line (or cell) and the field.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from jzanalysis.errors import InputError, shorten
from jzanalysis.fmt import exact as _num
from jzanalysis.fmt import missing as _isnan
from jzanalysis.i18n import languages, punctuation, t
from jzanalysis.io import CSV_MAX_BYTES, read_input_bytes
from jzanalysis.plan.config import default_config

#: Columns of the actuals file (``source`` and ``note`` optional).
ACTUALS_COLUMNS = ["id", "year", "value", "source", "note", "value_kind"]
REQUIRED_COLUMNS = ["id", "year", "value"]
#: Columns :func:`load_actuals` returns.
#: The documented columns (docs/data_dictionary.md); a further language adds ``value_warning_xx`` after them.
LOADED_COLUMNS = ACTUALS_COLUMNS + ["line", "illustrative", "value_warning_zh", "value_warning_en"]
#: ``value_kind``: a published statistic (统计值, the default) or an estimate (预计值: a final evaluation
#: written before the year's statistics are out).
VALUE_KINDS = ("statistic", "estimate")


def value_kind_of(text) -> str | None:
    """``statistic`` or ``estimate`` for a value-kind cell in any language (``统计值``/``预计值``,
    ``Statistic``/``Estimate``, the codes); empty is ``statistic``; anything else ``None``.

    >>> [value_kind_of(x) for x in ("", "预计值", "Estimate", "统计", "est.")]
    ['statistic', 'estimate', 'estimate', 'statistic', None]
    """
    from jzanalysis.i18n import catalogue, languages

    word = "" if text is None or _isnan(text) else str(text).strip().lower()
    if word == "":
        return "statistic"
    for kind in VALUE_KINDS:
        names = {kind, {"statistic": "统计", "estimate": "预计"}[kind]}
        for lang in languages():
            names.add(str(catalogue(lang).get(f"workbook.value_kind.{kind}", kind)).lower())
        if word in names:
            return kind
    return None


def year_range(config=None) -> tuple[int, int]:
    """Years an actual value may carry: from the start of the previous period (its base year; else five
    years before the base year) to ten years after the target year. Bundled plan: 2015..2035."""
    if config is None:
        config = default_config()
    prev = config.previous_period
    first = prev.first_year - 1 if prev is not None else config.base_year - 5
    return first, config.target_year + 10
#: Kinds whose values in % lie in 0..100.
SHARE_KINDS = {"share", "rate"}


class UnitWarning(UserWarning):
    """An actual value whose magnitude suggests another unit (e.g. 万元 where 元 is expected)."""


# --------------------------------------------------------------------------------------------------------
# reading the actuals
# --------------------------------------------------------------------------------------------------------

#: Text of a number in the actuals: digits with an optional decimal part and exponent. No ``_`` (Python
#: would read ``5_0`` as 50), no spaces inside, no thousands separators, no ``inf``/``nan``.
NUMBER_TEXT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
#: Text of a year: four digits (``2023``; ``2023.0`` as spreadsheets sometimes write it).
YEAR_TEXT = re.compile(r"\d{4}(?:\.0*)?")
#: Column names the reader adds itself; a header may not use them.
RESERVED_COLUMNS = ("line", "where", "kind_where", "illustrative", "value_warning_zh", "value_warning_en")
#: Every ``value_warning_xx`` is the loader's (one per language), never a column of the input.
RESERVED_PREFIX = "value_warning_"


def warning_columns() -> list[str]:
    """``value_warning_zh``, ``value_warning_en``, then one per further language (:func:`jzanalysis.i18n.languages`)."""
    extra = [f"{RESERVED_PREFIX}{lang}" for lang in languages() if lang not in ("zh", "en")]
    return ["value_warning_zh", "value_warning_en", *extra]


def loaded_columns() -> list[str]:
    """The columns :func:`load_actuals` returns: :data:`LOADED_COLUMNS`, then a further language's warning."""
    return LOADED_COLUMNS + [c for c in warning_columns() if c not in LOADED_COLUMNS]
#: A value is implausible when ``|log10(x / reference)| >= IMPLAUSIBLE_LOG10`` (a factor of about 316):
#: unit mistakes are powers of ten of 3 and more (千, 万, 亿), while a real indicator moves far less in
#: five years.
IMPLAUSIBLE_LOG10 = 2.5
#: A yearly growth rate (``kind == "growth"``, in %) beyond ±GROWTH_MAX is implausible.
GROWTH_MAX = 100.0


def _open_quote_field(line_text: str, header: list[str] | None) -> str:
    """The column whose quoted field opens on ``line_text`` and is never closed (best effort)."""
    field, quoted, opened, at_start = 0, False, 0, True
    for ch in line_text:
        if quoted:
            if ch == '"':
                quoted = False
            continue
        if ch == '"' and at_start:
            quoted, opened = True, field
        at_start = ch == ","
        if ch == ",":
            field += 1
    if header and opened < len(header):
        return header[opened]
    return f"column {opened + 1}"


def _csv_text(path: Path) -> str:
    """The text of a CSV file: UTF-8 (a BOM allowed), no NUL, not empty; else :class:`InputError` (UTF-16,
    another encoding, NUL characters, an empty file, or what :func:`jzanalysis.io.read_input_bytes` refuses)."""
    raw = read_input_bytes(path, "a CSV file", CSV_MAX_BYTES)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) > 1 and b"\x00" in raw[:2]):
        raise InputError(path, 1, "encoding", "the file is UTF-16; save it as UTF-8 (Excel: 'CSV UTF-8')")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise InputError(path, line, "encoding",
                         f"not UTF-8 (byte 0x{raw[exc.start]:02x} at byte {exc.start}); save the file as "
                         "UTF-8 (Excel: 'CSV UTF-8')") from None
    if "\x00" in text:
        line = text[:text.index("\x00")].count("\n") + 1
        raise InputError(path, line, "encoding", "the file contains NUL characters: not a text CSV file")
    if not text.strip():
        raise InputError(path, 1, "header", f"the file is empty; expected the header {','.join(ACTUALS_COLUMNS)}")
    return text


def _csv_error(exc: csv.Error, path: Path, text: str, start: int, header: list[str] | None) -> InputError:
    """The :class:`InputError` for a record starting on line ``start`` that the CSV reader refused: a field
    over the field limit, an unterminated quote (naming its column), or other invalid CSV."""
    physical = text.split("\n", start)[start - 1] if start <= text.count("\n") + 1 else ""
    field = _open_quote_field(physical, header)
    if "field larger than field limit" in str(exc):
        return InputError(path, start, field if '"' in physical else "row",
                          f"a field longer than {csv.field_size_limit()} characters; a cell that "
                          "long is not a value (an unterminated quote?)")
    if "unexpected end of data" in str(exc) or "EOF" in str(exc):
        return InputError(path, start, field, "unterminated quote: the quoted field opened on this "
                          "line is never closed, so every following row would be read into it")
    return InputError(path, start, field, f"not valid CSV: {exc}")


def _check_header(header: list[str], path: Path, line: int) -> None:
    """A header names each column once and uses none of :data:`RESERVED_COLUMNS`."""
    dup = sorted({h for h in header if header.count(h) > 1})
    if dup:
        raise InputError(path, line, dup[0], "column named twice in the header")
    reserved = [h for h in header if h in RESERVED_COLUMNS or h.startswith(RESERVED_PREFIX)]
    if reserved:
        raise InputError(path, line, reserved[0], f"{reserved[0]!r} is a reserved column name (the "
                         f"header is {','.join(ACTUALS_COLUMNS)}; source and note are optional)")


def _read_records(path: Path) -> tuple[list[str], pd.DataFrame]:
    """Header and data rows (all strings) of a UTF-8 CSV, each row with the line it starts on.

    A ``.xlsx`` file is read by :func:`jzanalysis.inputs.workbook.read_records` (same shape plus a ``where``
    column holding the cell of each value). Raises :class:`InputError` for a missing, unreadable, UTF-16
    or non-UTF-8 file, a folder, an unterminated quote, a field over the CSV field limit (128 KiB), a row
    with more fields than the header and a header that repeats a column or uses a reserved name.
    """
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        try:
            from jzanalysis.inputs.workbook import read_records
        except ImportError:
            raise InputError(path, None, "file", "this version cannot read .xlsx workbooks; save the sheet "
                             "as CSV UTF-8") from None
        return read_records(path)
    text = _csv_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header, rows, end = None, [], 0
    while True:
        start = end + 1
        try:
            rec = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise _csv_error(exc, path, text, start, header) from None
        end = reader.line_num
        if not any(f.strip() for f in rec):
            continue
        if header is None:
            header = [h.strip() for h in rec]
            _check_header(header, path, start)
            continue
        if len(rec) > len(header):
            raise InputError(path, start, "row", f"{len(rec)} fields, the header has {len(header)}")
        rec = [f.strip() for f in rec] + [""] * (len(header) - len(rec))
        rows.append([*rec, start])
    frame = pd.DataFrame(rows, columns=[*header, "line"], dtype=object)
    frame[header] = frame[header].astype(str)
    frame["line"] = frame["line"].astype(int)
    return header, frame


def _where(frame: pd.DataFrame, idx) -> int | str:
    """Where row ``idx`` is in its file: the worksheet cell (``where``, from a workbook) or the CSV line."""
    if "where" in frame.columns:
        cell = frame.at[idx, "where"]
        if isinstance(cell, str) and cell:
            return cell
    return int(frame.at[idx, "line"])


def _value_field(frame: pd.DataFrame, idx) -> str:
    """The field an error about a value names: ``value`` in a CSV; in a workbook, where each year is a
    column, the year (``actuals.xlsx: 填报!D7: 2023: …``; docs/data_dictionary.md, the actuals workbook)."""
    if "where" in frame.columns and isinstance(frame.at[idx, "where"], str) and frame.at[idx, "where"]:
        return str(frame.at[idx, "year"])
    return "value"


def _bounds(assessment: pd.DataFrame, metadata: dict | None, config=None) -> dict[str, tuple[float, float]]:
    """Hard bounds of each id: the metadata's ``bounds`` (indicators, and the prose series of
    ``narrative_series.yaml``); else 0..100 for a share or rate in %."""
    out = {}
    for _, r in assessment.iterrows():
        if r.get("unit") == "%" and r.get("kind") in SHARE_KINDS:
            out[r["id"]] = (0.0, 100.0)
    if metadata is None:
        from jzanalysis.plan.metadata import load_metadata

        metadata = load_metadata()
    from jzanalysis.plan.series import series_for

    known = set(assessment["id"])
    for m in [*metadata.get("indicators", []), *series_for(config).values()]:
        if m["id"] in known and m.get("bounds"):
            lo, hi = m["bounds"]
            out[m["id"]] = (-math.inf if lo is None else float(lo), math.inf if hi is None else float(hi))
    return out


def _schemas(ids: list[str], lo: pd.Series, hi: pd.Series, years: tuple[int, int]):
    """Two pandera schemas: structure (columns, coercion) and content (ids, years, bounds, uniqueness)."""
    import pandera.pandas as pa

    structure = pa.DataFrameSchema({
        "id": pa.Column(str),
        "year": pa.Column("int64", coerce=True, nullable=False),
        "value": pa.Column("float64", coerce=True, nullable=False,
                           checks=pa.Check(lambda s: np.isfinite(s), name="finite")),
        "source": pa.Column(str, required=False),
        "note": pa.Column(str, required=False),
        "value_kind": pa.Column(str, required=False),
    })
    content = pa.DataFrameSchema({
        "id": pa.Column(str, pa.Check.isin(ids)),
        "year": pa.Column("int64", pa.Check.in_range(*years)),
        "value": pa.Column("float64", pa.Check(lambda s: (s >= lo[s.index]) & (s <= hi[s.index]),
                                               name="bounds")),
    }, unique=["id", "year"])
    return structure, content


def _first_failure(exc, frame: pd.DataFrame, path: Path, ids: list[str], bounds: dict, units: dict,
                   typed: pd.DataFrame | None = None, years: tuple[int, int] | None = None) -> InputError:
    """Translate pandera's failure cases into one :class:`InputError` (the earliest line first)."""
    fc = exc.failure_cases
    missing = fc[fc["check"] == "column_in_dataframe"]
    if not missing.empty:
        cols = [c for c in REQUIRED_COLUMNS if c in set(missing["failure_case"])]
        close = difflib.get_close_matches(cols[0], [str(c) for c in frame.columns if c != "line"], n=1,
                                          cutoff=0.6)
        found = f"; found {close[0]!r}" if close else ""
        return InputError(path, 1, cols[0], f"missing required column {cols[0]!r} (the header needs "
                          f"{', '.join(REQUIRED_COLUMNS)}; source and note are optional){found}")
    located = fc[fc["index"].notna()].copy()
    if located.empty:
        first = fc.iloc[0]
        return InputError(path, None, str(first["column"]), f"{first['check']}: {first['failure_case']}")
    fc = located
    fc["line"] = [int(frame.loc[int(i), "line"]) for i in fc["index"]]
    order = {c: k for k, c in enumerate(ACTUALS_COLUMNS)}
    keys = typed if typed is not None else frame
    is_dup = fc["check"] == "multiple_fields_uniqueness"
    if is_dup.any():
        # a duplicate is reported on its later line, naming the earlier one
        first = keys.groupby(["id", "year"], sort=False)["line"].transform("min")
        later = [int(i) for i in fc.loc[is_dup, "index"] if keys.loc[int(i), "line"] != first.loc[int(i)]]
        fc = fc[~is_dup | fc["index"].isin(later)]
    fc["rank"] = fc["column"].map(order).fillna(len(order))
    row = fc.sort_values(["line", "rank"]).iloc[0]
    idx, col, check = int(row["index"]), row["column"], str(row["check"])
    line = _where(frame, idx)
    raw = frame.loc[idx, col] if col in frame.columns else row["failure_case"]
    if check == "multiple_fields_uniqueness":
        key = keys.loc[idx, ["id", "year"]]
        same = keys[(keys["id"] == key["id"]) & (keys["year"] == key["year"])]
        places = [str(_where(frame, i)) for i in same.sort_values("line").index]
        what = "lines" if isinstance(line, int) else "cells"
        return InputError(path, line, "year", f"duplicate (id, year) = ({key['id']}, {key['year']}): {what} "
                          f"{' and '.join(places)}")
    if col == "id":
        close = difflib.get_close_matches(str(raw), ids, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else "; ids are those of `jzanalysis assess`"
        what = "missing id" if raw == "" else f"unknown id {shorten(raw)!r}"
        return InputError(path, line, "id", what + hint)
    if col == "year":
        if check.startswith("in_range"):
            return InputError(path, line, "year", f"year {raw} outside {years[0]}..{years[1]}")
        return InputError(path, line, "year", f"expected a year such as 2023, found {shorten(raw)!r}")
    if col == "value" and check == "bounds":
        ident = frame.loc[idx, "id"]
        lo, hi = bounds[ident]
        unit = units.get(ident, "")
        return InputError(path, line, _value_field(frame, idx), f"{ident} value {raw} outside the possible range "
                          f"{_num(lo)}..{_num(hi)} {unit}".rstrip())
    if col == "value":
        return InputError(path, line, _value_field(frame, idx), f"expected a number, found {shorten(raw)!r}")
    return InputError(path, line, str(col), f"{check}: {shorten(raw)!r}")


def number_fix(text: str) -> str | None:
    """The plain number a mistyped value most likely means, for the error's hint: ``96.5%`` -> ``96.5``,
    ``约78.1`` -> ``78.1``, ``1,234`` -> ``1234``, ``９６．５`` -> ``96.5``; ``None`` when there is none.

    >>> [number_fix(x) for x in ("96.5%", "约78.1", "1,234", "９６．５", "5_0", "n/a")]
    ['96.5', '78.1', '1234', '96.5', '50', None]
    """
    import unicodedata

    t_ = unicodedata.normalize("NFKC", str(text)).strip()
    t_ = re.sub(r"^(?:约|大约|近|about|approx\.?|~)\s*", "", t_, flags=re.I)
    t_ = re.sub(r"\s*(?:%|％|个百分点|元|万元|岁|人|个|张)$", "", t_)
    t_ = t_.replace("_", "")
    if re.fullmatch(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?", t_):
        t_ = t_.replace(",", "")
    return t_ if NUMBER_TEXT.fullmatch(t_) and t_ != str(text).strip() else None


def _message(frame: pd.DataFrame, key: str, **fields) -> str:
    """An error message in the language of the file: a workbook's (its headers' language, ``attrs["lang"]``),
    else English (``locales/<lang>/inputs.yaml``, ``inputs.error.*``)."""
    return t(f"inputs.error.{key}", frame.attrs.get("lang", "en"), **fields)


def _check_text(frame: pd.DataFrame, path: Path) -> None:
    """Year and value cells must be written as plain numbers (no ``5_0``, ``1 2``, ``inf``, ``0x10``), and a
    value kind must be one of :data:`VALUE_KINDS` in some language.

    Raises :class:`InputError` for the first bad cell by line (year before value on the same line), in the
    workbook's language when the file is a workbook, with the fix when there is one (``96.5%``: write 96.5).
    """
    if not {"year", "value"} <= set(frame.columns):
        return
    kinds = frame["value_kind"] if "value_kind" in frame.columns else [""] * len(frame)
    for idx, year, value, kind in zip(frame.index, frame["year"], frame["value"], kinds, strict=True):
        if not (YEAR_TEXT.fullmatch(year) and year.isascii()):
            raise InputError(path, _where(frame, idx), "year", _message(frame, "year", found=shorten(year)))
        if not (NUMBER_TEXT.fullmatch(value) and value.isascii()):
            fix = number_fix(value)
            raise InputError(path, _where(frame, idx), _value_field(frame, idx),
                             _message(frame, "number", found=shorten(value))
                             + (_message(frame, "number_fix", fix=fix) if fix else ""))
        if value_kind_of(kind) is None:
            raise InputError(path, _kind_where(frame, idx), "value_kind",
                             _message(frame, "value_kind", found=shorten(str(kind))))


def _kind_where(frame: pd.DataFrame, idx) -> int | str:
    """Where a row's value kind is: its cell in a workbook (``kind_where``), else the CSV line."""
    if "kind_where" in frame.columns and isinstance(frame.at[idx, "kind_where"], str) and frame.at[idx, "kind_where"]:
        return frame.at[idx, "kind_where"]
    return _where(frame, idx)


def _check_cumulative(typed: pd.DataFrame, frame: pd.DataFrame, assessment: pd.DataFrame, path: Path) -> None:
    """Totals to date (``kind == "cumulative"``) cannot go down from one year to a later one.

    Raises :class:`InputError` on the later value: ``C_y < C_y'`` for ``y > y'``.
    """
    kinds = dict(zip(assessment["id"], assessment["kind"], strict=False)) if "kind" in assessment else {}
    cum = typed[typed["id"].map(kinds).eq("cumulative")]
    for ident, grp in cum.groupby("id", sort=False):
        grp = grp.sort_values("year")
        best_value, best_idx = -math.inf, None
        for idx, year, value in zip(grp.index, grp["year"], grp["value"], strict=True):
            if value < best_value:
                prev = typed.loc[best_idx]
                raise InputError(path, _where(frame, idx), _value_field(frame, idx),
                                 f"{ident}: the total to date {_num(value)} in {year} is below "
                                 f"{_num(prev['value'])} in {int(prev['year'])} (line {_where(frame, best_idx)}); "
                                 "a cumulative total cannot go down")
            best_value, best_idx = value, idx


def _likely_unit(unit: str, k: int, lang: str = "en") -> str:
    """The unit a value 10^k times too large/small was probably entered in (万元 for 元: k = -4), in the words
    of ``lang`` (``inputs.likely.*``); ``unit`` is the plan's, whose prefixes 万, 亿, 千 are read here."""
    prefix = {-4: "万", -8: "亿", -3: "千"}
    if k in prefix and not unit.startswith(("万", "亿", "千")):
        return f"{prefix[k]}{unit}"
    if k == 4 and unit.startswith("万"):
        return unit[1:] or t("inputs.likely.units", lang)
    return t("inputs.likely.scaled", lang, unit=unit or t("inputs.likely.indicator_unit", lang), power=-k)


def _texts(key: str, likely=None, **fields) -> dict[str, str]:
    """``{lang: text}`` of ``inputs.implausible.KEY`` in every language; ``likely``: the unit's words by
    language (:func:`_likely_unit`) when the text names one."""
    return {lang: t(f"inputs.implausible.{key}", lang, **fields, **({"likely": likely(lang)} if likely else {}))
            for lang in languages()}


def _implausible(out: pd.DataFrame, assessment: pd.DataFrame) -> list[dict]:
    """Values whose magnitude suggests another unit; one dict per value (index, messages, likely unit).

    Notes
    -----
    Reference ``ref``: the 2020 baseline, else the target, else (three or more values) their median.
    With ``r = x / ref``, a value is implausible when ``|log10 r| >= 2.5`` (``k = round(log10 r)``: -4
    suggests 万, -3 千, -8 亿); for a cumulative total only the upper side counts (early totals are
    small). A share in % ``0 < x <= 1`` against a reference >= 10 % looks like a fraction (0.95 for 95).
    A yearly growth rate (``kind == "growth"``) beyond ±100 % is implausible.
    """

    info = assessment.drop_duplicates("id").set_index("id")
    found = []
    for ident, grp in out.groupby("id", sort=False):
        r = info.loc[ident]
        kind = r.get("kind")
        if kind == "growth":  # yearly growth in %: more than ±100 % a year is not a growth rate
            for idx, a in grp.iterrows():
                if abs(float(a["value"])) > GROWTH_MAX:
                    fields = {"value": shorten(_num(float(a["value"])), 24), "limit": _num(GROWTH_MAX)}
                    found.append({"index": idx, "id": ident, "likely": "a level, not a growth rate",
                                  "texts": _texts("growth", **fields)})
            continue
        unit = "" if pd.isna(r.get("unit")) else str(r.get("unit"))
        candidates = [(r.get("baseline_value"), "baseline"), (r.get("target_value"), "target")]
        if kind == "cumulative":
            candidates = candidates[1:]
        ref, what = next(((float(v), w) for v, w in candidates if not _isnan(v) and v != 0), (math.nan, ""))
        if _isnan(ref) and len(grp) >= 3:
            ref, what = float(grp["value"].median()), "median"
        if _isnan(ref) or ref == 0:
            continue
        for idx, a in grp.iterrows():
            x = float(a["value"])
            ratio = x / ref
            fields = {"value": shorten(_num(x), 24), "ref": _num(ref), "unit": unit}
            if ratio > 0 and abs(math.log10(ratio)) >= IMPLAUSIBLE_LOG10 and not (
                    kind == "cumulative" and ratio < 1):
                k = round(math.log10(ratio))
                found.append({"index": idx, "id": ident, "likely": _likely_unit(unit, k),
                              "texts": _texts(what, lambda lang, unit=unit, k=k: _likely_unit(unit, k, lang),
                                              times=f"{ratio:.2g}", **fields)})
            elif unit == "%" and 0 < abs(x) <= 1 and abs(ref) >= 10:
                found.append({"index": idx, "id": ident, "likely": "a fraction",
                              "texts": _texts("fraction", **fields)})
    return found


def load_actuals(path, assessment: pd.DataFrame, metadata: dict | None = None,
                 accept_implausible: bool = False, config=None) -> pd.DataFrame:
    """Read and validate a long CSV (or ``.xlsx`` workbook) of observed values.

    Parameters
    ----------
    path : path-like
        UTF-8 CSV with the header ``id,year,value[,source][,note]``, one observed value per row; or a
        ``.xlsx`` workbook (:func:`jzanalysis.inputs.workbook.read_records`; errors then name the cell).
    assessment : DataFrame
        The assessment (:data:`jzanalysis.analysis.assess.ASSESS_COLUMNS`): its ``id`` values are the known ids;
        ``unit``, ``kind``, ``baseline_value`` and ``target_value`` drive the range and plausibility checks.
    metadata : dict, optional
        Indicator metadata (default: the plan's, ``metadata`` in its plan.yaml; without ``config`` the
        bundled ``data/plans/jinzhong-14/indicators.yaml``); its ``bounds`` (and those of the plan's prose
        series, ``series`` in plan.yaml) are the possible ranges.
    accept_implausible : bool
        Keep values whose magnitude suggests another unit (default: such a value is an error). Each kept
        value then carries a warning in ``value_warning_zh`` / ``value_warning_en`` (and a
        :class:`UnitWarning` is issued).
    config : PlanConfig, optional
        The plan: the years a value may carry (:func:`year_range`) and its metadata (default: the bundled
        plan's, 2015..2035).

    Returns
    -------
    DataFrame
        :data:`LOADED_COLUMNS`: ``id``, ``year`` (int), ``value`` (float), ``source``, ``note`` (str),
        ``line`` (the CSV line, header = line 1), ``illustrative`` (bool: ``source`` or ``note``
        contains "illustrative" or "示例"), ``value_warning_zh`` / ``value_warning_en`` (str, empty
        unless an implausible value was accepted).

    Raises
    ------
    InputError
        One error naming the line (or cell) and field: empty file or missing required column (line 1),
        not UTF-8 (or UTF-16), a folder, unterminated quote, field over 128 KiB, reserved column name,
        unknown id (with close ids), year outside :func:`year_range` (2015..2035 for the bundled plan), a
        value not written as a plain number (``5_0``, ``1 2``, ``inf``), value outside the possible range
        (metadata bounds; a share or rate in % outside 0..100), duplicate (id, year) (both lines named), a
        cumulative total going down, an implausible value (unless ``accept_implausible``; the message names
        the likely unit).

    Notes
    -----
    Validation is a pandera ``DataFrameSchema`` in two passes (structure and coercion, then content:
    ``isin`` ids, ``in_range(*year_range(config))``, bounds, ``unique=["id", "year"]``); the first failure
    by line is reported (:func:`_validated`). Plausibility: see :func:`_implausible`.
    """
    path = Path(path)
    header, frame = _read_records(path)
    ids = [str(i) for i in assessment["id"]]
    years = year_range(config)
    if metadata is None and config is not None:
        from jzanalysis.plan.metadata import load_metadata

        metadata = load_metadata(config.metadata)
    bounds = _bounds(assessment, metadata, config)
    units = dict(zip(assessment["id"], assessment["unit"], strict=False)) if "unit" in assessment else {}
    _check_text(frame, path)
    typed = _validated(frame, path, ids, bounds, units, years)
    _check_cumulative(typed, frame, assessment, path)
    out = _flag_implausible(_loaded(typed), frame, assessment, path, accept_implausible)
    return out[loaded_columns()].reset_index(drop=True)


def _validated(frame: pd.DataFrame, path: Path, ids: list[str], bounds: dict, units: dict,
               years: tuple[int, int]) -> pd.DataFrame:
    """The records typed (``year`` int, ``value`` float) and checked by the two pandera passes of
    :func:`_schemas` (structure and coercion, then content); the first failure by line is raised as one
    :class:`InputError` (:func:`_first_failure`)."""
    import pandera.pandas as pa

    structure, _ = _schemas(ids, pd.Series(dtype=float), pd.Series(dtype=float), years)
    try:
        typed = structure.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise _first_failure(exc, frame, path, ids, bounds, units, years=years) from None
    lo = typed["id"].map(lambda i: bounds.get(i, (-math.inf, math.inf))[0]).astype(float)
    hi = typed["id"].map(lambda i: bounds.get(i, (-math.inf, math.inf))[1]).astype(float)
    _, content = _schemas(ids, lo, hi, years)
    try:
        return content.validate(typed, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise _first_failure(exc, frame, path, ids, bounds, units, typed, years) from None


def _loaded(typed: pd.DataFrame) -> pd.DataFrame:
    """The validated records as :data:`LOADED_COLUMNS`, ``illustrative`` when ``source`` or ``note`` says
    "illustrative" or 示例 (any case), the value warnings empty."""
    out = pd.DataFrame({
        "id": typed["id"].astype(str),
        "year": typed["year"].astype(int),
        "value": typed["value"].astype(float),
        "source": typed["source"].astype(str) if "source" in typed else "",
        "note": typed["note"].astype(str) if "note" in typed else "",
        "value_kind": typed["value_kind"].map(value_kind_of) if "value_kind" in typed else "statistic",
        "line": typed["line"].astype(int),
    })
    text = (out["source"] + " " + out["note"]).str.lower()
    out["illustrative"] = text.str.contains("illustrative") | text.str.contains("示例")
    for col in warning_columns():
        out[col] = ""
    return out


def _flag_implausible(out: pd.DataFrame, frame: pd.DataFrame, assessment: pd.DataFrame, path: Path,
                      accept_implausible: bool) -> pd.DataFrame:
    """``out`` with the implausible values (:func:`_implausible`) refused, the first by line as an
    :class:`InputError`; with ``accept_implausible`` each is kept with its warning in ``value_warning_zh``
    / ``value_warning_en`` and a :class:`UnitWarning` (attributed to the caller of :func:`load_actuals`)."""
    found = _implausible(out, assessment) if not out.empty else []
    if found:
        found.sort(key=lambda f: int(frame.at[f["index"], "line"]))
        if not accept_implausible:
            f = found[0]
            raise InputError(path, _where(frame, f["index"]), _value_field(frame, f["index"]),
                             f"{f['id']} {f['texts']['en']}; if the value is right, pass --accept-implausible "
                             "(accept_implausible=True) to use it with a warning")
        for f in found:
            for lang, text in f["texts"].items():
                out.at[f["index"], f"{RESERVED_PREFIX}{lang}"] = text
            warnings.warn(f"{path}:{_where(frame, f['index'])}: value: {f['id']} {f['texts']['en']}", UnitWarning,
                          stacklevel=3)
    return out


def value_warnings(assessment: pd.DataFrame, actuals: pd.DataFrame | None) -> pd.DataFrame:
    """The assessment with ``value_warning_zh``, ``value_warning_en`` (and one per further language): the
    warnings of the accepted implausible values of each id (``inputs.warning.year``: ``2023年：…``,
    ``2023: …``, joined with the language's ``semi``: ``；`` / ``; ``), empty otherwise."""
    out = assessment.copy()
    for lang in languages():
        col, texts = f"{RESERVED_PREFIX}{lang}", {}
        if actuals is not None and col in actuals:
            flagged = actuals[actuals[col] != ""].sort_values(["id", "year"])
            for ident, grp in flagged.groupby("id", sort=False):
                texts[ident] = punctuation(lang)["semi"].join(
                    t("inputs.warning.year", lang, year=y, warning=w) for y, w in zip(grp["year"], grp[col], strict=True))
        out[col] = [texts.get(i, "") for i in out["id"]]
    return out
