"""The office workbook's layout (shared by the writer, :mod:`jzanalysis.publish.template`) and its reader.

``jzanalysis template [--out FILE.xlsx]`` writes the workbook; ``--actuals FILE.xlsx`` is read
by :func:`read_records` into the same long records as the CSV (``id, year, value, source, note``), so
the same validation (:func:`jzanalysis.inputs.actuals.load_actuals`) applies, and an error names the cell:
``actuals.xlsx: 填报!H7: 2023: not a number``.

Layout of sheet ``填报`` (one row per row of the assessment: the indicators of Table 1-1, then the
targets in the plan's prose; row 1 holds the headers)::

    A 指标代码（勿改）  B 指标名称  C 单位  D 2020年基期值  E 2025年目标
    F..J 2021年..2025年 (empty, number validation)  K 数据来源  L 备注

(the bundled plan's years; another plan's are its ``base_year``, ``target_year`` and ``period``)

Sheet ``说明`` has the instructions. The reader finds the columns by their headers (Chinese or English
wording), not by position: ``id`` by the id header, each year column by a header that starts with a
year (``2023年``, ``2023``), source and note by theirs.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal
from pathlib import Path

import pandas as pd

from jzanalysis.errors import InputError
from jzanalysis.i18n import LANGS, t

SHEET = "填报"
HELP_SHEET = "说明"
YEARS = (2021, 2022, 2023, 2024, 2025)
#: The record columns, as the CSV reader gives them (``jzanalysis.inputs.actuals.ACTUALS_COLUMNS``).
COLUMNS = ["id", "year", "value", "source", "note"]
FIELDS = ("id", "name", "unit", "baseline", "target")
_YEAR_HEADER = re.compile(r"^\s*((?:19|20)\d\d)\s*(?:年|年度)?\s*$")


def plain_number(value) -> str:
    """A number as the plan writes it: no scientific notation, no trailing zeros (``""`` for NaN).

    Notes
    -----
    ``Decimal(repr(x))`` keeps the shortest decimal that round-trips (``0.1`` -> ``0.1``), and the
    ``f`` format never switches to exponent form (``1e6`` -> ``1000000``).
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    d = Decimal(repr(float(value)))
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def years_of(config=None) -> tuple[int, ...]:
    """The year columns: the plan's period (plan.yaml ``period``), default the bundled plan's 2021..2025."""
    return tuple(config.years) if config is not None else YEARS


def headers(lang: str = "zh", config=None) -> list[str]:
    """Row 1 of sheet 填报 (the base and target years and the year columns are the plan's)."""
    base, target = (config.base_year, config.target_year) if config is not None else (2020, 2025)
    cols = {"baseline": {"year": base}, "target": {"year": target}}
    return ([t(f"workbook.col.{f}", lang, **cols.get(f, {})) for f in FIELDS]
            + [t("workbook.col.year", lang, year=y) for y in years_of(config)]
            + [t("workbook.col.source", lang), t("workbook.col.note", lang)])


# ------------------------------------------------------------------------------------------ reading
def _header_map(row: tuple) -> dict:
    """Column index (0-based) of ``id``, ``source``, ``note`` and of each year, from the header row."""
    known = {f: {t(f"workbook.col.{f}", lang) for lang in LANGS} | {f} for f in ("id", "source", "note")}
    found: dict = {"years": {}}
    for i, value in enumerate(row):
        text = "" if value is None else str(value).strip()
        for f, names in known.items():
            if text in names and f not in found:
                found[f] = i
        m = _YEAR_HEADER.match(text)
        if m:
            found["years"][int(m.group(1))] = i
    return found


def _cell_text(value) -> str:
    """A cell as the CSV would hold it: numbers without exponent, text stripped, empty as ``""``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return plain_number(value) if value == value and abs(value) != float("inf") else str(value)
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    return str(value).strip()


def read_records(path) -> tuple[list[str], pd.DataFrame]:
    """The records of a filled-in workbook, in the shape of the CSV reader (contract 1).

    Parameters
    ----------
    path : path-like
        An ``.xlsx`` workbook laid out by :func:`write_template` (sheet 填报, headers in row 1).

    Returns
    -------
    (list of str, DataFrame)
        The header ``["id", "year", "value", "source", "note"]`` and one row per filled year cell:
        those columns as strings, ``line`` (int, the worksheet row) and ``where`` (the value's cell,
        e.g. ``填报!H7``). Empty year cells give no record.

    Raises
    ------
    InputError
        No such file, not an ``.xlsx`` workbook, no sheet 填报, or no id column or no year column in
        its row 1 (naming the cell ``填报!A1``).
    """
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    path = Path(path)
    if not path.is_file():
        raise InputError(path, None, "file", "actuals file not found")
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise InputError(path, None, "file", f"not an Excel workbook (.xlsx): {exc}; save it in Excel as "
                         "'Excel Workbook (*.xlsx)' or give a CSV") from None
    try:
        if SHEET not in wb.sheetnames:
            raise InputError(path, None, "sheet", f"no sheet named {SHEET} (found: {', '.join(wb.sheetnames)}); "
                             "use the workbook written by `jzanalysis template`")
        rows = list(wb[SHEET].iter_rows(values_only=True))
    finally:
        wb.close()
    if not rows:
        raise InputError(path, f"{SHEET}!A1", "header", "the sheet is empty; expected the headers of "
                         "`jzanalysis template` in row 1")
    cols = _header_map(rows[0])
    if "id" not in cols:
        raise InputError(path, f"{SHEET}!A1", "header", "no indicator id column (header "
                         f"{t('workbook.col.id', 'zh')!r} or 'id') in row 1")
    if not cols["years"]:
        raise InputError(path, f"{SHEET}!A1", "header", "no year column (a header such as '2023年' or "
                         "'2023') in row 1")
    records = []
    for r, row in enumerate(rows[1:], start=2):
        def get(i, row=row):
            return _cell_text(row[i]) if i is not None and i < len(row) else ""

        ident, source, note = get(cols["id"]), get(cols.get("source")), get(cols.get("note"))
        for year, i in sorted(cols["years"].items()):
            value = get(i)
            if value == "":
                continue
            records.append([ident, str(year), value, source, note, r, f"{SHEET}!{get_column_letter(i + 1)}{r}"])
    frame = pd.DataFrame(records, columns=[*COLUMNS, "line", "where"], dtype=object)
    frame[COLUMNS + ["where"]] = frame[COLUMNS + ["where"]].astype(str)
    frame["line"] = frame["line"].astype(int)
    return list(COLUMNS), frame


def to_long_csv(path, target) -> Path:
    """The workbook's records as the long CSV (``id,year,value,source,note``), written atomically."""
    from jzanalysis.io import write_csv_atomic

    _, frame = read_records(path)
    return write_csv_atomic(frame[COLUMNS], target)
