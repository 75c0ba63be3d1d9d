"""Parse the plan's main-indicator table (Table 1-1 in the bundled plan) from the text export.

Layout in the export: an optional caption line (``表1-1 ...``, ``表2-1 ...``, ``专栏1 ...``); a header
row; then rows, each a run of lines that start with a tab (one cell per line; an empty cell is a
tab-only line), rows separated by an empty line. A header cell may wrap onto a following line that has no
tab (``2020年`` / ``实际值``). The category cell is filled on the first row of its group only.

The table is found by its header, not by its position or caption: 序号, 类别, 指标 or 指标名称, a
base-year and a target-year column (``2020年实际值``, ``2025年目标值``, ``2025年``, ``目标值``, ``基期值``)
and 属性, in any order. A table continued after a page break, with its header repeated, is one table.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from jzanalysis.errors import InputError, ParseWarning, shorten
from jzanalysis.plan.shapes import (
    AGGREGATE_WORDS,
    aggregate_kind,
    aggregate_target,
    footnote_years,
    strip_marker,
    sub_row_fields,
    tie_relational,
)
from jzanalysis.plan.target import Target
from jzanalysis.plan.text import PlanText

FIELDS = ("seq", "category", "name", "baseline", "target", "attribute")
#: The bundled plan's header words (also the field names of its error messages).
FIELD_ZH = {"seq": "序号", "category": "类别", "name": "指标名称", "baseline": "2020年实际值",
            "target": "2025年目标值", "attribute": "属性"}
#: The bundled plan's caption: :func:`parse_table` looks for the table after it.
DEFAULT_CAPTION = "表1-1"
ATTRIBUTES = {"预期性": "expected", "约束性": "binding"}
QUALIFIERS = {"五年累计": "cumulative_5y", "年均": "annual_average"}
#: A trailing parenthesis of a name: full-width （…） or, as a copy from a PDF viewer gives it, (…).
TRAILING_PAREN = re.compile(r"[（(]([^（）()]*)[）)]$")
#: The sequence number printed inside the name when the table has no 序号 column: ``1.国内生产总值增长``.
SEQ_IN_NAME = re.compile(r"^(\d{1,3})\s*[.、．,，)）]\s*")
#: A caption: ``表1-1``, ``表 2-1``, ``附表1``, ``专栏1``, ``专栏 3``.
CAPTION = re.compile(r"^(?P<cap>(?:附?表\s*\d+(?:[-－—.]\d+)?)|(?:专栏\s*\d+))(?![\d-])")
#: Lines a page break leaves between a table and its continuation: ``续表``, ``表1-1（续）``, page numbers.
PAGE_BREAK_LINE = re.compile(r"^(?:.{0,12}续.{0,12}|[-—–\s\d第页/]+)$")
YEAR = re.compile(r"(?:19|20)\d{2}")

#: Header words per field, tried on the header cell without spaces (first match wins, in this order).
HEADER_WORDS = (
    ("attribute", ("属性", "指标性质")),
    ("seq", ("序号", "编号")),
    ("category", ("类别", "领域", "分类", "类型")),
    ("baseline", ("实际值", "基期值", "基期", "现状值", "基数", "现状")),
    ("target", ("目标值", "目标", "规划值", "预期值")),
    ("aggregate", AGGREGATE_WORDS),
    ("name", ("指标名称", "指标", "名称")),
)


@dataclass
class Cell:
    text: str
    line: int


@dataclass
class Row:
    cells: list[Cell] = field(default_factory=list)

    @property
    def line(self) -> int:
        return self.cells[0].line


@dataclass(frozen=True)
class ParsedValue:
    """A value cell as the table's row stores it: the number, the operator, the basis and the qualifier."""

    text: str
    value: float | None
    op: str | None
    basis: str
    qualifier: str
    sign: str = ""  # a unit sign written after the number: "%" or "‰" (％ is % after NFKC)

    @classmethod
    def of(cls, target: Target) -> ParsedValue:
        """The cell of a :class:`~jzanalysis.plan.target.Target` read from text: ``qualifier`` is
        ``年均`` for an annual average, ``五年累计`` for a cumulative total (〔〕 or （五年累计）), else ``""``."""
        if target.op is None:
            return cls(target.text, None, None, "", "")
        qualifier = "年均" if target.annual_average else "五年累计" if target.cumulative else ""
        return cls(target.text, target.value, target.op, target.basis, qualifier, target.reading.sign)


@dataclass
class Table:
    """The main-indicator table as found: where, its header and its rows.

    Attributes
    ----------
    caption : str or None
        The caption's label as printed (``表1-1``, ``专栏1``), ``None`` when the table has none.
    title : str
        The whole caption line (``表1-1  “十四五”晋中市高品质生活建设主要指标``), ``""`` without caption.
    caption_line, header_line : int or None, int
        Line numbers (1-based) of the caption and the first header row.
    columns : dict
        Field (``seq``, ``category``, ``name``, ``baseline``, ``target``, ``attribute``) -> column index.
    header : dict
        Field -> the header cell as printed, without spaces (``2020年实际值``).
    baseline_year, target_year : int or None
        Years read from the header cells; ``None`` when a cell has no year (``基期值``, ``目标值``).
    rows : list of dict
        One dict per indicator row (see :func:`parse_table`).
    warnings : list of ParseWarning
    continued : int
        How many times the table continues after a page break with its header repeated.
    """

    caption: str | None
    title: str
    caption_line: int | None
    header_line: int
    columns: dict[str, int]
    header: dict[str, str]
    baseline_year: int | None
    target_year: int | None
    rows: list[dict] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    continued: int = 0
    #: Sub-rows read so far (an indicator printed as two rows under one 序号): the printed numbers after
    #: them run that many behind the positions.
    sub_rows: int = 0


def _rows(plan: PlanText, start: int) -> tuple[list[Row], int, bool]:
    """Group the table's cell lines into rows. Returns rows, the last line used and whether it ended cleanly."""
    rows: list[Row] = []
    current = Row()
    last = start
    blank_run = 0
    for line in plan.lines[start:]:
        raw = line.raw
        if raw.startswith("\t"):
            current.cells.append(Cell(raw[1:].strip(), line.no))
            blank_run = 0
        elif not raw.strip():
            if current.cells:
                rows.append(current)
                current = Row()
            blank_run += 1
            if blank_run >= 2 and rows:
                return rows, line.no, True
        elif current.cells:  # a wrapped cell continues
            current.cells[-1].text += line.text
        else:
            return rows, line.no - 1, True
        last = line.no
    if current.cells:
        rows.append(current)
        return rows, last, False
    return rows, last, bool(rows)


def _first_row(plan: PlanText, start: int) -> Row | None:
    """The row of cells that starts at line index ``start`` (up to its blank line), or ``None``."""
    row = Row()
    for line in plan.lines[start:]:
        raw = line.raw
        if raw.startswith("\t"):
            row.cells.append(Cell(raw[1:].strip(), line.no))
        elif not raw.strip():
            if row.cells:
                break
        elif row.cells:
            row.cells[-1].text += line.text
        else:
            break
    return row if row.cells else None


def parse_value(text: str) -> ParsedValue | None:
    """Read a value cell. ``None`` when it is not a number, a missing mark, a relational phrase or a
    worded target.

    Examples: ``"≥97.5"`` -> (97.5, ``>=``); ``"5左右"`` / ``"约5"`` -> (5, ``~``); ``"不低于95"`` ->
    (95, ``>=``); ``"93.49%（以县为单位）"`` -> (93.49, basis ``以县为单位``); ``"9（年均）"`` -> (9,
    qualifier ``年均``); ``"〔1500〕"`` -> (1500, qualifier ``五年累计``); ``"４．５"`` -> 4.5;
    ``"百分之四点五"`` -> 4.5; ``"—"`` -> (None, None); ``"应保尽保"`` -> (None, ``text_target``);
    ``"与GDP增长同步"`` -> (None, ``relational``). The forms are those of
    :meth:`jzanalysis.plan.target.Target.read` (:func:`jzanalysis.plan.numbers.read_value`).
    """
    target = Target.read(text)
    return None if target is None else ParsedValue.of(target)


def header_field(cell: str) -> str | None:
    """The field a header cell names (see :data:`HEADER_WORDS`), ``"year"`` for a bare year (``2025年``,
    resolved by :func:`header_columns`), else ``None``."""
    t = re.sub(r"\s+", "", cell)
    for name, words in HEADER_WORDS:
        if any(w in t for w in words):
            return name
    if re.fullmatch(r"(?:19|20)\d{2}年?(?:末|底)?", t):
        return "year"
    return None


def header_columns(cells: list[str], words: dict | None = None) -> dict[str, int] | None:
    """Map the fields to column indexes for a header row; ``None`` when it is not the indicator header.

    Parameters
    ----------
    cells : list of str
        The header cells as printed.
    words : dict, optional
        ``plan.yaml``'s ``table.header`` (``seq``, ``category``, ``name``, ``base``, ``target``,
        ``attribute`` -> the printed word): a cell equal to one of them (spaces ignored) is that field.

    Notes
    -----
    Needs the name, two value columns and 属性; 序号 and 类别 are optional (without 序号 the number may
    stand inside the name: ``1.国内生产总值增长（%）``). Two bare year columns (``2020年`` / ``2025年``) are
    base (the earlier) and target (the later).
    """
    given = {re.sub(r"\s+", "", str(v)): ("baseline" if k == "base" else k)
             for k, v in (words or {}).items() if v}
    found: dict[str, int] = {}
    years: list[int] = []
    for i, cell in enumerate(cells):
        t = re.sub(r"\s+", "", cell)
        name = given.get(t) or header_field(t)
        if name == "year":
            years.append(i)
            continue
        if name is None or name in found:
            return None
        found[name] = i
    for i in years:
        slot = next((f for f in ("baseline", "target") if f not in found), None)
        if slot is None:
            return None
        found[slot] = i
    if "baseline" in found and "target" in found:
        yb, yt = (YEAR.search(cells[found[k]]) for k in ("baseline", "target"))
        if yb and yt and int(yb.group(0)) > int(yt.group(0)) and len(years) == 2:
            found["baseline"], found["target"] = found["target"], found["baseline"]
    if not {"name", "baseline", "target", "attribute"} <= found.keys():
        return None
    return found


def _label(caption: str | None) -> str:
    """How errors name the table: ``Table 1-1`` for 表1-1, the caption as printed otherwise."""
    if not caption:
        return "indicator table"
    m = re.fullmatch(r"表\s*(\d+(?:-\d+)?)", caption)
    return f"Table {m.group(1)}" if m else caption


def _find_header(plan: PlanText, start: int, words) -> tuple[int, Row, dict] | None:
    """The first indicator header row at or after line index ``start``: (index, row, columns)."""
    lines = plan.lines
    for i in range(start, len(lines)):
        raw = lines[i].raw
        if not raw.startswith("\t") or (i > 0 and lines[i - 1].raw.startswith("\t")) \
                or header_field(raw) in (None, "year"):
            continue  # only a row whose first cell is a header word is tried (linear on data rows)
        row = _first_row(plan, i)
        if row:
            cols = header_columns([c.text for c in row.cells], words)
            if cols:
                return i, row, cols
    return None


def _index_after(plan: PlanText, no: int) -> int:
    """Index of the first line after line ``no`` (``no`` itself for a text read line by line; a row pasted
    on one line is several :class:`~jzanalysis.plan.text.Line` with its number)."""
    lines = plan.lines
    i = min(no, len(lines))
    while i > 0 and lines[i - 1].no > no:
        i -= 1
    while i < len(lines) and lines[i].no <= no:
        i += 1
    return i


def _continuation(plan: PlanText, after_no: int, header_text: list[str]) -> int | None:
    """Index of the line where the table continues after a page break, or ``None``.

    Notes
    -----
    From line ``after_no`` + 1: blank lines and at most three page-break lines (:data:`PAGE_BREAK_LINE`:
    ``续表``, ``表1-1（续）``, page numbers), then a header row equal to the table's own header (spaces
    ignored). Any other line ends the table.
    """
    lines, skipped = plan.lines, 0
    i = _index_after(plan, after_no)
    while i < len(lines) and not lines[i].raw.startswith("\t"):
        text = lines[i].text.strip()
        if text:
            skipped += 1
            if skipped > 3 or not PAGE_BREAK_LINE.match(text):
                return None
        i += 1
    if i >= len(lines):
        return None
    row = _first_row(plan, i)
    if row and [re.sub(r"\s+", "", c.text) for c in row.cells] == header_text:
        return i
    return None


def split_name(cell: str) -> tuple[str, str, list[str]]:
    """Split ``name（unit）（qualifier）`` into name, unit and qualifiers.

    ``城镇老旧小区改造（个）（五年累计）`` -> (``城镇老旧小区改造``, ``个``, [``五年累计``]). Parentheses
    inside the name (``义务教育优质均衡县（市、区）比例（%）``) stay in the name.
    """
    name, unit, quals = cell.strip(), "", []
    while True:
        m = TRAILING_PAREN.search(name)
        if not m:
            break
        inner = m.group(1)
        if inner in QUALIFIERS:
            quals.insert(0, inner)
        elif not unit:
            unit = inner
        else:
            break
        name = name[: m.start()].rstrip()
        if unit:
            break
    return name, unit, quals


def _after_caption(plan: PlanText, caption: str, header: dict | None) -> tuple[int, str, int, Row, dict]:
    """The table after the first line starting with ``caption``: (caption line, title, start index, header
    row, columns). Raises :class:`InputError` for no such caption, no cells after it or a bad header."""
    path = plan.path
    wanted = re.sub(r"\s+", "", caption)
    cap_index = next((i for i, ln in enumerate(plan.lines)
                      if re.sub(r"\s+", "", ln.text).startswith(wanted)
                      and not re.match(r"[\d-]", re.sub(r"\s+", "", ln.text)[len(wanted):] or " ")),
                     None)
    if cap_index is None:
        raise InputError(path, None, _label(caption),
                         f"no {_label(caption)} found: expected a caption line starting with '{caption}'")
    cap_line, title = plan.lines[cap_index].no, plan.lines[cap_index].text.strip()
    head = _first_row(plan, cap_index + 1)
    if head is None:
        raise InputError(path, cap_line + 1, _label(caption),
                         "the caption is not followed by table cells (lines starting with a tab)")
    cols = header_columns([c.text for c in head.cells], header)
    if cols is None:
        expected = "/".join(FIELD_ZH[f] for f in FIELDS)
        found = "/".join(re.sub(r"\s+", "", c.text) for c in head.cells)
        raise InputError(path, head.line, "header",
                         f"expected the header cells {expected} (in any order), found {shorten(found)}")
    start = next(i for i, ln in enumerate(plan.lines) if ln.no == head.line)
    return cap_line, title, start, head, cols


def _by_header(plan: PlanText, header: dict | None) -> tuple[str | None, int | None, str, int, Row, dict]:
    """The first indicator header anywhere, and the caption printed up to three lines above it:
    (caption, caption line, title, start index, header row, columns)."""
    hit = _find_header(plan, 0, header)
    if hit is None:
        raise InputError(plan.path, None, "table",
                         "no indicator table found: expected a header row with 指标名称, a base-year and a "
                         "target-year column and 属性 (序号, 类别 optional): one cell per line, each starting with "
                         "a tab, or one row per line with cells split by tabs or | (a Markdown table); or "
                         "give the table as its own file (init-plan --table FILE)")
    start, head, cols = hit
    caption = cap_line = None
    title = ""
    for j in range(start - 1, max(start - 4, -1), -1):
        text = plan.lines[j].text.strip()
        if not text:
            continue
        m = CAPTION.match(text)
        if m:
            caption, cap_line, title = re.sub(r"\s+", "", m["cap"]), plan.lines[j].no, text
        break
    return caption, cap_line, title, start, head, cols


def _header_years(names: dict, years: tuple[int, int] | None) -> list[int | None]:
    """Base and target years printed in the header cells, ``years`` filling a cell that prints none."""
    found = []
    for key in ("baseline", "target"):
        m = YEAR.search(names[key])
        found.append(int(m.group(0)) if m else None)
    if years is not None:
        found = [y if y is not None else given for y, given in zip(found, years)]
    return found


def _table_rows(plan: PlanText, start: int, header_text: list[str], table: Table) -> tuple[list[Row], int, bool]:
    """The rows after the header, with the continuations after page breaks (counted in ``table``)."""
    rows, end_line, clean = _rows(plan, start)
    rows = rows[1:]
    while clean:
        nxt = _continuation(plan, end_line, header_text)
        if nxt is None:
            break
        more, end_line, clean = _rows(plan, nxt)
        rows += more[1:]
        table.continued += 1
    return rows, end_line, clean


def _cell_value(cell: Cell, label: str, name: str, unit: str, path) -> Target:
    """The target (or baseline) a value cell states; :class:`InputError` naming the cell when it is empty,
    not a value, too large, or written in another unit than the row's."""
    if not cell.text:
        raise InputError(path, cell.line, label, "empty cell: expected a number or '—' for no value")
    target = Target.read(cell.text)
    if target is None:
        raise InputError(path, cell.line, label,
                         f"expected a number (optionally with ≥ > ≤ < 约 左右 不低于 …), '—', a "
                         f"relational phrase such as 不低于… or a worded target such as 应保尽保, "
                         f"found {shorten(cell.text)!r}")
    if target.value is not None and not math.isfinite(target.value):
        raise InputError(path, cell.line, label, f"the number {shorten(cell.text)!r} is too large to be a value")
    sign = target.reading.sign
    if sign and sign != unit:
        raise InputError(path, cell.line, label,
                         f"{name}: {shorten(cell.text)!r} is written with {sign!r}, the row's "
                         f"unit is {unit or '(none)'!r}; a value in another unit is not read as "
                         f"{unit or 'this unit'}")
    return target


def _seq(cell: Cell, index: int, label: str, path, warnings: list) -> int:
    """The printed sequence number of a row (a whole number); a warning when it is not ``index``."""
    if not re.fullmatch(r"\d+", cell.text):
        raise InputError(path, cell.line, label, f"expected a whole number, found {shorten(cell.text)!r}")
    printed = int(cell.text)
    if printed != index:
        warnings.append(ParseWarning(str(path), cell.line, label,
                                     f"sequence number printed as {printed}, expected {index} "
                                     f"(previous row {index - 1}); using {index}"))
    return printed


def _row_values(cells: dict, names: dict, name: str, unit: str, path) -> tuple[ParsedValue, ParsedValue, str]:
    """The baseline and target of a row, and the footnote mark of its baseline (``85*``: ``*``); the
    target must state a target (not ``—``). A target given in the 年均/累计 column instead of the
    target-year column is read from there, with its qualifier (:func:`jzanalysis.plan.shapes.aggregate_kind`)."""
    text, mark = strip_marker(cells["baseline"].text)
    b = _cell_value(Cell(text, cells["baseline"].line), names["baseline"], name, unit, path)
    agg = cells.get("aggregate")
    if agg is not None and aggregate_target(cells["target"].text, agg.text):
        t = _cell_value(agg, names["aggregate"], name, unit, path)
        cells["target"] = agg
        parsed = ParsedValue.of(t)
        return ParsedValue.of(b), ParsedValue(parsed.text, parsed.value, parsed.op, parsed.basis,
                                              aggregate_kind(names["aggregate"], agg.text), parsed.sign), mark
    t = _cell_value(cells["target"], names["target"], name, unit, path)
    if t.kind == "missing":
        raise InputError(path, cells["target"].line, names["target"],
                         f"expected a target value, found {shorten(cells['target'].text)!r}")
    return ParsedValue.of(b), ParsedValue.of(t), mark


def _table_row(row: Row, index: int, category: str, table: Table, path) -> dict:
    """One indicator row as a dict (see :func:`parse_table`); ``category`` is the one in force before it
    (the category cell is filled on the first row of its group only)."""
    cols, names = table.columns, table.header
    cells = {f: row.cells[cols[f]] for f in cols}
    expected = index - table.sub_rows
    if "seq" in cells:
        printed = _seq(cells["seq"], expected, names["seq"], path, table.warnings)
    else:  # no 序号 column: the number inside the name (1.国内生产总值增长), else the row's position
        m = SEQ_IN_NAME.match(cells["name"].text)
        cells["name"] = Cell(cells["name"].text[m.end():], cells["name"].line) if m else cells["name"]
        printed = _seq(Cell(m.group(1), cells["name"].line), expected, "序号", path, table.warnings) if m else expected
    if "category" in cells:
        if cells["category"].text:
            category = cells["category"].text
        elif not category:
            raise InputError(path, cells["category"].line, names["category"], "the first row has no category")
    name, unit, quals = split_name(cells["name"].text)
    if not name:
        raise InputError(path, cells["name"].line, names["name"], "empty indicator name")
    b, t, mark = _row_values(cells, names, name, unit, path)
    attr_text = re.sub(r"\s+", "", cells["attribute"].text)
    if attr_text not in ATTRIBUTES:
        raise InputError(path, cells["attribute"].line, names["attribute"],
                         f"expected 预期性 or 约束性, found {shorten(cells['attribute'].text)!r}")
    return {
        "seq": index, "seq_printed": printed, "category": category, "name": name, "unit": unit,
        "qualifiers": quals + [q for q in (b.qualifier, t.qualifier) if q],
        "baseline_year": table.baseline_year, "baseline_value": b.value, "baseline_text": b.text,
        "baseline_basis": b.basis,
        "target_year": table.target_year, "target_value": t.value, "target_text": t.text,
        "target_op_table": t.op, "target_basis": t.basis,
        "attribute": ATTRIBUTES[attr_text], "attribute_zh": attr_text,
        "source_line": row.line, "base_mark": mark, "seq_expected": expected, "target_from_aggregate": cells["target"] is cells.get("aggregate"),
        "lines": {k: c.line for k, c in cells.items()},
    }


def _sub_row(row: Row, table: Table, path) -> dict:
    """A sub-row (its own name and values; the 序号, 类别 and 属性 cells of the row above, printed once):
    one more indicator, with ``sub_row_of`` the row above's position."""
    prev = table.rows[-1]
    own = dict(zip(sub_row_fields(table.columns, len(row.cells)), row.cells, strict=True))
    shared = {"seq": Cell(str(len(table.rows) + 1 - table.sub_rows), row.line), "category": Cell("", row.line),
              "attribute": Cell(prev["attribute_zh"], row.line)}
    cells = [own.get(f) or shared[f] for f in sorted(table.columns, key=table.columns.get)]
    out = _table_row(Row(cells), len(table.rows) + 1, prev["category"], table, path)
    table.sub_rows += 1
    return {**out, "seq_printed": prev["seq_printed"], "seq_expected": prev["seq_printed"], "sub_row_of": prev["seq"]}


def _footnotes(plan: PlanText, end_line: int, table: Table) -> None:
    """Each row whose baseline carries a footnote mark (``85*``) gets the footnote's year as its own
    ``baseline_year`` (``注：*为2019年数据``); a mark without such a footnote is a warning."""
    marked = [r for r in table.rows if r.get("base_mark")]
    if not marked:
        return
    notes = footnote_years(plan.lines[_index_after(plan, end_line):])
    for r in marked:
        hit = notes.get(r["base_mark"])
        if hit is None:
            table.warnings.append(ParseWarning(str(plan.path), r["lines"].get("baseline", r["source_line"]),
                                               table.header["baseline"],
                                               f"{r['name']}: the base value is marked {r['base_mark']} but no "
                                               f"footnote after the table gives its year; read as "
                                               f"{table.baseline_year}"))
            continue
        r["baseline_year"], r["base_year_line"] = hit


def _read_rows(rows: list[Row], head: Row, header_text: list[str], table: Table, path) -> None:
    """Read every row into ``table.rows``: a repeated header is skipped (counted as a continuation), a row
    with the wrong number of cells is an :class:`InputError`."""
    order = sorted(table.columns, key=table.columns.get)
    width = len(header_text)
    category = ""
    for row in rows:
        if len(row.cells) == width and row.cells[0].text == head.cells[0].text \
                and [re.sub(r"\s+", "", c.text) for c in row.cells] == header_text:
            table.continued += 1  # the header repeated right after a page break
            continue
        if len(row.cells) != width and table.rows and sub_row_fields(table.columns, len(row.cells)):
            table.rows.append(_sub_row(row, table, path))
            continue
        if len(row.cells) != width:
            pasted = row.cells[-1].line == row.line  # a row on one line: that line, else the missing cell's
            where = row.line if pasted else row.cells[-1].line + 1
            raise InputError(path, where if len(row.cells) < width else row.line, "row",
                             f"row starting at line {row.line} has {len(row.cells)} cells, expected "
                             f"{width} ({'/'.join(table.header[f] for f in order)})"
                             + ("; the table looks truncated" if len(row.cells) < width else ""))
        table.rows.append(_table_row(row, len(table.rows) + 1, category, table, path))
        category = table.rows[-1]["category"]


def find_table(plan: PlanText, caption: str | None = None, header: dict | None = None,
               years: tuple[int, int] | None = None) -> Table:
    """Find and parse the main-indicator table.

    Parameters
    ----------
    plan : PlanText
    caption : str, optional
        The caption's label (``表1-1``, ``专栏1``): the table is the one after the first line starting with
        it. ``None``: the first indicator header anywhere in the text (see :func:`header_columns`).
    header : dict, optional
        ``plan.yaml``'s ``table.header`` words.
    years : (int, int), optional
        Base and target years to use when the header prints none (``基期值`` / ``目标值``).

    Returns
    -------
    Table

    Raises
    ------
    InputError
        Naming the line: no table (or no caption), a bad header, a row with the wrong number of cells, a
        non-numeric or missing value, an unknown attribute, or a truncated table.
    """
    path = plan.path
    if caption is not None:
        cap_line, title, start, head, cols = _after_caption(plan, caption, header)
    else:
        caption, cap_line, title, start, head, cols = _by_header(plan, header)
    label = _label(caption)
    header_text = [re.sub(r"\s+", "", c.text) for c in head.cells]
    names = {f: header_text[i] for f, i in cols.items()}
    base_year, target_year = _header_years(names, years)
    table = Table(caption, title, cap_line, head.line, cols, names, base_year, target_year)
    rows, end_line, clean = _table_rows(plan, start, header_text, table)
    _read_rows(rows, head, header_text, table, path)
    _footnotes(plan, end_line, table)
    tie_relational(table.rows)
    if not clean:
        raise InputError(path, end_line, label,
                         f"the file ends inside the table after {len(table.rows)} rows; the table looks truncated")
    if not table.rows:
        raise InputError(path, head.line, label, "the header is not followed by any indicator row")
    return table


def parse_table(plan: PlanText, caption: str | None = DEFAULT_CAPTION, header: dict | None = None,
                years: tuple[int, int] | None = None) -> tuple[list[dict], list[ParseWarning]]:
    """Parse the main-indicator table into one dict per row (raw fields; metadata is joined later).

    The table after ``caption`` (the bundled plan's ``表1-1`` by default; ``None`` = found by its header
    alone); see :func:`find_table`. Raises :class:`InputError` naming the line, also when the header prints
    no years and ``years`` is not given.
    """
    table = find_table(plan, caption, header, years)
    if table.baseline_year is None or table.target_year is None:
        raise InputError(plan.path, table.header_line, "header",
                         "expected the years in the header (e.g. 2020年, 2025年)")
    return table.rows, table.warnings
