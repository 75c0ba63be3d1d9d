"""The office workbook's layout (shared by the writer, :mod:`jzanalysis.publish.template`) and its reader.

``jzanalysis template [--out FILE.xlsx]`` writes the workbook; ``--actuals FILE.xlsx`` is read
by :func:`read_records` into the same long records as the CSV (``id, year, value, source, note``), so
the same validation (:func:`jzanalysis.inputs.actuals.load_actuals`) applies, and an error names the cell:
``actuals.xlsx: 填报!H7: 2023: not a number``.

Layout of sheet ``填报`` (one row per row of the assessment: the indicators of Table 1-1, then the
targets in the plan's prose; row 1 holds the headers)::

    A 指标代码（勿改）  B 指标名称  C 单位  D 2020年基期值  E 2025年目标
    F..J 2021年..2025年 (empty, number validation)  K 数据来源  L 备注  M 属性 (约束性 / 预期性)

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

from jzanalysis.errors import InputError, shorten
from jzanalysis.i18n import LANGS, t
from jzanalysis.plan.config import default_config

SHEET = "填报"
HELP_SHEET = "说明"
#: The record columns, as the CSV reader gives them (``jzanalysis.inputs.actuals.ACTUALS_COLUMNS``).
COLUMNS = ["id", "year", "value", "source", "note", "value_kind"]
FIELDS = ("id", "name", "unit", "baseline", "target")
#: Columns after the year, source and note columns (for the person filling in; not read).
TRAILING = ("attribute",)
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


def _plan(config=None):
    """``config``, else the bundled plan's (no year of a plan is written in the code)."""
    if config is not None:
        return config
    return default_config()


def years_of(config=None) -> tuple[int, ...]:
    """The year columns: the plan's period (plan.yaml ``period``), default the bundled plan's 2021..2025."""
    return tuple(_plan(config).years)


def headers(lang: str = "zh", config=None) -> list[str]:
    """Row 1 of sheet 填报 (the base and target years and the year columns are the plan's)."""
    base, target = _plan(config).base_year, _plan(config).target_year
    cols = {"baseline": {"year": base}, "target": {"year": target}}
    return ([t(f"workbook.col.{f}", lang, **cols.get(f, {})) for f in FIELDS]
            + [t("workbook.col.year", lang, year=y) for y in years_of(config)]
            + [t("workbook.col.source", lang), t("workbook.col.note", lang), t("workbook.col.value_kind", lang)]
            + [t(f"workbook.col.{f}", lang) for f in TRAILING])


# ------------------------------------------------------------------------------------------ reading
#: Bounds of what is read, whatever size the workbook declares (``A1:XFD1048576`` would make openpyxl pad
#: every row to 16,384 cells): rows and columns of a sheet, characters of a text cell, bytes unzipped.
MAX_ROWS = 5000
MAX_COLS = 64
TEXT_MAX = 4000
UNZIPPED_MAX = 256 << 20
#: Headers of the columns that are not values (their numbers, e.g. the baseline, are not read).
_OTHER_FIELDS = (*FIELDS, "source", "note", "value_kind")


def _known_headers() -> dict:
    """Field -> the patterns of its header in either language (a ``{year}`` in the wording is any year:
    ``2020年基期值``, ``2025年基期值``)."""
    from jzanalysis.i18n import catalogue

    out = {}
    for f in (*_OTHER_FIELDS, *TRAILING):
        words = {catalogue(lang)[f"workbook.col.{f}"] for lang in LANGS} | {f}
        out[f] = [re.compile("^" + re.escape(w).replace(re.escape("{year}"), r"(?:19|20)\d\d") + "$")
                  for w in words]
    return out


def _header_map(row: tuple, path=None, sheet: str = SHEET) -> dict:
    """Column index (0-based) of ``id``, ``source``, ``note`` (and the other known columns) and of each
    year, from the header row (values). Two columns with the same year: :class:`InputError` naming both."""
    from openpyxl.utils import get_column_letter

    known = _known_headers()
    found: dict = {"years": {}, "other": set()}
    for i, value in enumerate(row):
        text = "" if value is None else str(value).strip()
        for f, patterns in known.items():
            if any(pat.match(text) for pat in patterns):
                found["other"].add(i)
                if f not in found:
                    found[f] = i
        m = _YEAR_HEADER.match(text)
        if m:
            year = int(m.group(1))
            if year in found["years"]:
                first = get_column_letter(found["years"][year] + 1)
                raise InputError(path, f"{sheet}!{first}1", "header",
                                 f"two columns for {year}: {sheet}!{first}1 and {sheet}!{get_column_letter(i + 1)}1 "
                                 "both say it; keep one column per year")
            found["years"][year] = i
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


def _percent_text(value) -> str:
    """A number stored in a %-formatted cell (``8.6%`` is stored 0.086) as the percentage shown: ``8.6``.

    ``Decimal(repr(x)) * 100`` is exact for the shortest decimal of ``x`` (``0.086`` -> ``8.600``), where
    ``0.086 * 100`` in floating point gives ``8.599999999999999``.
    """
    text = format(Decimal(repr(float(value))) * 100, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _is_number(value) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _load(path: Path):
    """The workbook twice, read-only: saved results (``data_only``) and formulas. Bounded: a regular file
    of at most ``XLSX_MAX_BYTES``, whose zip members unpack to at most ``UNZIPPED_MAX`` bytes."""
    import io
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    from jzanalysis.io import XLSX_MAX_BYTES, _size_text, read_input_bytes

    data = read_input_bytes(path, "an .xlsx workbook", XLSX_MAX_BYTES)
    hint = "; save it in Excel as 'Excel Workbook (*.xlsx)' or give a CSV"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unzipped = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise InputError(path, None, "file", f"not an Excel workbook (.xlsx): {exc}{hint}") from None
    if unzipped > UNZIPPED_MAX:
        raise InputError(path, None, "file", f"the workbook unpacks to {_size_text(unzipped)}; over "
                         f"{_size_text(UNZIPPED_MAX)} is refused (a filled-in template unpacks to well "
                         "under 1 MiB)")
    try:
        values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError) as exc:
        raise InputError(path, None, "file", f"not an Excel workbook (.xlsx): {exc}{hint}") from None
    return values, formulas


def _rows(path, values_ws, formulas_ws, sheet: str) -> list[list[tuple]]:
    """The sheet's rows within the bounds, each a list of ``(value, number_format, formula)`` per column
    (``MAX_COLS`` columns); a cell beyond ``MAX_ROWS`` rows or ``MAX_COLS`` columns, or a text cell
    longer than ``TEXT_MAX`` characters: :class:`InputError` naming it."""
    from openpyxl.utils import get_column_letter

    out = []
    pairs = zip(values_ws.iter_rows(min_row=1, max_row=MAX_ROWS + 1, max_col=MAX_COLS + 1),
                formulas_ws.iter_rows(min_row=1, max_row=MAX_ROWS + 1, max_col=MAX_COLS + 1))
    for r, (vrow, frow) in enumerate(pairs, start=1):
        row = []
        for c in range(MAX_COLS + 1):
            v = vrow[c].value if c < len(vrow) else None
            f = frow[c].value if c < len(frow) else None
            formula = f if isinstance(f, str) and f.startswith("=") else None
            if v is None and f is None:
                row.append((None, "General", None))
                continue
            where = f"{sheet}!{get_column_letter(c + 1)}{r}"
            if r > MAX_ROWS or c >= MAX_COLS:
                raise InputError(path, where, "sheet", f"a cell beyond {MAX_ROWS} rows or {MAX_COLS} columns; "
                                 "the workbook holds one row per indicator (about 100): remove what is below "
                                 "or right of the table")
            if isinstance(v, str) and len(v) > TEXT_MAX:
                raise InputError(path, where, "text", f"a text of {len(v)} characters; a cell over {TEXT_MAX} "
                                 "characters is refused (put long notes in a separate document)")
            fmt = getattr(vrow[c], "number_format", None) or "General"
            row.append((v, fmt, formula))
        out.append(row)
    while out and all(v is None and f is None for v, _, f in out[-1]):
        out.pop()
    return out


def _value_text(path, where: str, cell: tuple) -> str:
    """A year cell as text: a %-formatted number as the percentage shown; a formula without a saved result
    is refused (``data_only`` would read it as empty)."""
    value, fmt, formula = cell
    if value is None and formula is not None:
        raise InputError(path, where, "value", f"a formula ({shorten(formula)}) without a saved result (the "
                         "workbook was written by a program, not saved in Excel); open and save it in Excel, "
                         "or type the value")
    if _is_number(value) and "%" in str(fmt).replace('"%"', "").replace("\\%", ""):
        return _percent_text(value)
    return _cell_text(value)


def _check_other_sheet(path, name: str, rows: list) -> None:
    """A sheet other than 填报 and 说明 with numbers under a year header (a copy such as ``填报 (2)``) is
    refused with the sheet named: its values would otherwise be ignored."""
    if not rows:
        return
    cols = _header_map(tuple(v for v, _, _ in rows[0]), path, name)
    for r, row in enumerate(rows[1:], start=2):
        for year, i in cols["years"].items():
            v, _, formula = row[i]
            if _is_number(v) or formula is not None or (isinstance(v, str) and v.strip()):
                from openpyxl.utils import get_column_letter

                raise InputError(path, f"{name}!{get_column_letter(i + 1)}{r}", "sheet",
                                 f"values for {year} in sheet {name!r}; only sheet {SHEET} is read: enter "
                                 f"them in {SHEET} and delete sheet {name!r}")


def read_records(path) -> tuple[list[str], pd.DataFrame]:
    """The records of a filled-in workbook, in the shape of the CSV reader (docs/data_dictionary.md, Actuals).

    Parameters
    ----------
    path : path-like
        An ``.xlsx`` workbook laid out by :func:`jzanalysis.publish.template.write_template` (sheet 填报,
        headers in row 1).

    Returns
    -------
    (list of str, DataFrame)
        The header ``["id", "year", "value", "source", "note"]`` and one row per filled year cell:
        those columns as strings, ``line`` (int, the worksheet row) and ``where`` (the value's cell,
        e.g. ``填报!H7``). Empty year cells give no record. A number in a %-formatted cell is read as the
        percentage shown (``8.6%``, stored 0.086, gives ``8.6``); a formula gives its saved result.

    Raises
    ------
    InputError
        Naming the file and, where there is one, the cell: no such file, not a regular file, over
        ``XLSX_MAX_BYTES`` or ``UNZIPPED_MAX`` unpacked, not an ``.xlsx`` workbook, no sheet 填报, no id
        or no year column in its row 1, two columns with the same year, numbers under a header that is
        neither a year nor a known column, a formula without a saved result, a cell beyond ``MAX_ROWS``
        rows or ``MAX_COLS`` columns, a text over ``TEXT_MAX`` characters, values in another sheet (a
        copy such as ``填报 (2)``), no value at all.
    """
    path = Path(path)
    rows = _sheet_rows(path)
    cols = _columns(path, rows)
    _check_unlabelled(path, rows, cols)
    records = _records(path, rows, cols)
    frame = pd.DataFrame(records, columns=[*COLUMNS, "line", "where", "kind_where"], dtype=object)
    frame[COLUMNS + ["where", "kind_where"]] = frame[COLUMNS + ["where", "kind_where"]].astype(str)
    frame["line"] = frame["line"].astype(int)
    frame.attrs["lang"] = workbook_language(rows[0])  # errors in the workbook's language
    return list(COLUMNS), frame


def workbook_language(header: list) -> str:
    """The language of a workbook: the one whose headers (``workbook.col.*``) its row 1 uses most (a tie:
    the first language)."""
    from jzanalysis.i18n import catalogue, languages

    cells = {str(v).strip() for v, _, _ in header if v is not None}
    def score(lang):
        words = catalogue(lang)
        return sum(1 for f in (*_OTHER_FIELDS, *TRAILING) if words.get(f"workbook.col.{f}") in cells)
    langs = list(languages())
    return max(langs, key=lambda lang: (score(lang), -langs.index(lang)))


def _sheet_rows(path: Path) -> list:
    """The rows of sheet 填报 (:func:`_rows`), after checking that no other sheet holds values
    (:func:`_check_other_sheet`); no sheet 填报: :class:`InputError`."""
    wb, wbf = _load(path)
    try:
        if SHEET not in wb.sheetnames:
            raise InputError(path, None, "sheet", f"no sheet named {SHEET} (found: {', '.join(wb.sheetnames)}); "
                             "use the workbook written by `jzanalysis template`")
        rows = _rows(path, wb[SHEET], wbf[SHEET], SHEET)
        for name in wb.sheetnames:
            if name in (SHEET, HELP_SHEET) or not hasattr(wb[name], "iter_rows"):
                continue
            _check_other_sheet(path, name, _rows(path, wb[name], wbf[name], name))
    finally:
        wb.close()
        wbf.close()
    return rows


def _columns(path: Path, rows: list) -> dict:
    """The columns of sheet 填报 from its row 1 (:func:`_header_map`); an empty sheet, no id column or no
    year column: :class:`InputError` naming cell A1."""
    if not rows:
        raise InputError(path, f"{SHEET}!A1", "header", "the sheet is empty; expected the headers of "
                         "`jzanalysis template` in row 1")
    cols = _header_map(tuple(v for v, _, _ in rows[0]), path)
    if "id" not in cols:
        raise InputError(path, f"{SHEET}!A1", "header", "no indicator id column (header "
                         f"{t('workbook.col.id', 'zh')!r} or 'id') in row 1")
    if not cols["years"]:
        raise InputError(path, f"{SHEET}!A1", "header", "no year column (a header such as '2023年' or "
                         "'2023') in row 1")
    return cols


def _check_unlabelled(path: Path, rows: list, cols: dict) -> None:
    """Numbers (or formulas) in a column whose header is neither a year nor a known column (merged header
    cells, say): :class:`InputError` naming the header cell and the first such value."""
    from openpyxl.utils import get_column_letter

    value_cols = set(cols["years"].values()) | cols["other"]
    width = max(len(row) for row in rows)
    for i in range(width):
        if i in value_cols:
            continue
        for r, row in enumerate(rows[1:], start=2):
            v, _, formula = row[i]
            if _is_number(v) or formula is not None:
                head = rows[0][i][0]
                header = "empty" if head is None or str(head).strip() == "" else repr(shorten(str(head), 40))
                letter = get_column_letter(i + 1)
                raise InputError(path, f"{SHEET}!{letter}1", "header",
                                 f"numbers below (e.g. {SHEET}!{letter}{r}) but the header is {header}, not a "
                                 "year such as '2023年' (merged header cells?); write the year in this cell")


def _records(path: Path, rows: list, cols: dict) -> list[list]:
    """One record ``[id, year, value, source, note, row, cell]`` per filled year cell, row by row and year
    by year; no value at all: :class:`InputError` naming the first year cell of row 2."""
    from openpyxl.utils import get_column_letter

    records = []
    for r, row in enumerate(rows[1:], start=2):
        def get(i, row=row):
            return _cell_text(row[i][0]) if i is not None and i < len(row) else ""

        ident, source, note = get(cols["id"]), get(cols.get("source")), get(cols.get("note"))
        kind, k = get(cols.get("value_kind")), cols.get("value_kind")
        kind_where = f"{SHEET}!{get_column_letter(k + 1)}{r}" if k is not None else ""
        row_records = []
        for year, i in sorted(cols["years"].items()):
            where = f"{SHEET}!{get_column_letter(i + 1)}{r}"
            value = _value_text(path, where, row[i])
            if value == "":
                continue
            row_records.append([ident, str(year), value, source, note, "", r, where, kind_where])
        if row_records:  # the row's 统计值/预计值 marks its latest value; the earlier ones are statistics
            row_records[-1][5] = kind
        records += row_records
    if not records:
        first, last = min(cols["years"]), max(cols["years"])
        raise InputError(path, f"{SHEET}!{get_column_letter(cols['years'][first] + 1)}2", "value",
                         f"no value entered: the year columns {first}..{last} of sheet {SHEET} are all empty; "
                         "fill in the values the office has, then send the workbook")
    return records


def to_long_csv(path, target) -> Path:
    """The workbook's records as the long CSV (``id,year,value,source,note``), written atomically."""
    from jzanalysis.io import write_csv_atomic

    _, frame = read_records(path)
    return write_csv_atomic(frame[COLUMNS], target)
