"""Parse Table 1-1 (the plan's 31 main indicators) from the text export.

Layout in the export: a caption line ``表1-1 ...``; then rows, each a run of lines that start with a tab
(one cell per line; an empty cell is a tab-only line), rows separated by an empty line. A header cell
may wrap onto a following line that has no tab (``2020年`` / ``实际值``). The category cell is filled on
the first row of its group only.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from jzanalysis.errors import InputError, ParseWarning, shorten
from jzanalysis.plan.text import TABLE_CAPTION, PlanText

HEADER = ("序号", "类别", "指标名称", "实际值", "目标值", "属性")
FIELDS = ("seq", "category", "name", "baseline", "target", "attribute")
FIELD_ZH = {"seq": "序号", "category": "类别", "name": "指标名称", "baseline": "2020年实际值",
            "target": "2025年目标值", "attribute": "属性"}
ATTRIBUTES = {"预期性": "expected", "约束性": "binding"}
QUALIFIERS = {"五年累计": "cumulative_5y", "年均": "annual_average"}
MISSING = {"—", "-", "——", "－", "/"}
NUMBER = r"[-+]?\d+(?:\.\d+)?"
OPS = {"≥": ">=", ">=": ">=", "＞": ">", ">": ">", "≤": "<=", "<=": "<=", "＜": "<", "<": "<"}
VALUE = re.compile(
    rf"^(?P<op>≥|>=|＞|>|≤|<=|＜|<)?\s*(?P<num>{NUMBER})\s*(?P<pct>[%‰])?\s*(?P<about>左右)?"
    r"\s*(?:（(?P<paren>[^）]*)）)?$"
)
RELATIONAL = re.compile(r"^(不低于|不高于|高于|低于|不超过|不少于).+")
TRAILING_PAREN = re.compile(r"（([^（）]*)）$")


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
    text: str
    value: float | None
    op: str | None
    basis: str
    qualifier: str
    sign: str = ""  # a unit sign written after the number: "%" or "‰" (％ is % after NFKC)


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


def parse_value(text: str) -> ParsedValue | None:
    """Read a value cell. ``None`` when it is not a number, a missing mark or a relational phrase.

    Examples: ``"≥97.5"`` -> (97.5, ``>=``); ``"5左右"`` -> (5, ``~``); ``"93.49%（以县为单位）"`` ->
    (93.49, basis ``以县为单位``); ``"9（年均）"`` -> (9, qualifier ``年均``); ``"—"`` -> (None, None).
    """
    t = text.strip()
    if t in MISSING:
        return ParsedValue(text, None, None, "", "")
    m = VALUE.match(t)  # spaces only around the number: "1 2" is not 12
    if m:
        op = "~" if m["about"] else OPS.get(m["op"] or "", "=")
        paren = m["paren"] or ""
        qualifier = paren if paren in QUALIFIERS else ""
        basis = "" if qualifier else paren
        return ParsedValue(text, float(m["num"]), op, basis, qualifier, m["pct"] or "")
    if RELATIONAL.match(t.replace(" ", "")):
        return ParsedValue(text, None, "relational", "", "")
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


def parse_table(plan: PlanText) -> tuple[list[dict], list[ParseWarning]]:
    """Parse Table 1-1 into one dict per row (raw fields; metadata is joined later).

    Raises :class:`InputError` naming the line for a missing table, a bad header, a row with the wrong
    number of cells, a non-numeric or missing value, an unknown attribute, or a truncated table.
    """
    path = plan.path
    caption = next((i for i, ln in enumerate(plan.lines) if TABLE_CAPTION.match(ln.text)), None)
    if caption is None:
        raise InputError(path, None, "Table 1-1",
                         "no Table 1-1 found: expected a caption line starting with '表1-1'")
    cap_line = plan.lines[caption].no
    rows, end_line, clean = _rows(plan, caption + 1)
    if not rows:
        raise InputError(path, cap_line + 1, "Table 1-1",
                         "the caption is not followed by table cells (lines starting with a tab)")
    header = rows[0]
    header_text = [re.sub(r"\s+", "", c.text) for c in header.cells]
    if len(header_text) != len(HEADER) or not all(h.endswith(e) or h.startswith(e)
                                                  for h, e in zip(header_text, HEADER)):
        raise InputError(path, header.line, "header",
                         f"expected the header cells {'/'.join(HEADER)}, found {shorten('/'.join(header_text))}")
    years = [int(m.group(0)) for m in (re.search(r"\d{4}", h) for h in header_text[3:5]) if m]
    if len(years) != 2:
        raise InputError(path, header.line, "header", "expected the years in the header (e.g. 2020年, 2025年)")
    baseline_year, target_year = years

    out: list[dict] = []
    warnings: list[ParseWarning] = []
    category = ""
    for index, row in enumerate(rows[1:], start=1):
        if len(row.cells) != len(FIELDS):
            where = row.cells[-1].line + 1
            raise InputError(path, where if len(row.cells) < len(FIELDS) else row.line, "row",
                             f"row starting at line {row.line} has {len(row.cells)} cells, expected "
                             f"{len(FIELDS)} ({'/'.join(FIELD_ZH[f] for f in FIELDS)})"
                             + ("; the table looks truncated" if len(row.cells) < len(FIELDS) else ""))
        cells = dict(zip(FIELDS, row.cells))
        seq_cell = cells["seq"]
        if not re.fullmatch(r"\d+", seq_cell.text):
            raise InputError(path, seq_cell.line, FIELD_ZH["seq"],
                             f"expected a whole number, found {shorten(seq_cell.text)!r}")
        printed = int(seq_cell.text)
        if printed != index:
            warnings.append(ParseWarning(
                str(path), seq_cell.line, FIELD_ZH["seq"],
                f"sequence number printed as {printed}, expected {index} "
                f"(previous row {index - 1}); using {index}"))
        if cells["category"].text:
            category = cells["category"].text
        elif not category:
            raise InputError(path, cells["category"].line, FIELD_ZH["category"],
                             "the first row has no category")
        name, unit, quals = split_name(cells["name"].text)
        if not name:
            raise InputError(path, cells["name"].line, FIELD_ZH["name"], "empty indicator name")
        parsed = {}
        for key in ("baseline", "target"):
            cell = cells[key]
            if not cell.text:
                raise InputError(path, cell.line, FIELD_ZH[key],
                                 "empty cell: expected a number or '—' for no value")
            value = parse_value(cell.text)
            if value is None:
                raise InputError(path, cell.line, FIELD_ZH[key],
                                 f"expected a number (optionally with ≥ > ≤ < or 左右), '—' or a "
                                 f"relational phrase such as 不低于…, found {shorten(cell.text)!r}")
            if value.value is not None and not math.isfinite(value.value):
                raise InputError(path, cell.line, FIELD_ZH[key],
                                 f"the number {shorten(cell.text)!r} is too large to be a value")
            if value.sign and value.sign != unit:
                raise InputError(path, cell.line, FIELD_ZH[key],
                                 f"{name}: {shorten(cell.text)!r} is written with {value.sign!r}, the row's "
                                 f"unit is {unit or '(none)'!r}; a value in another unit is not read as "
                                 f"{unit or 'this unit'}")
            parsed[key] = value
        if parsed["target"].value is None and parsed["target"].op != "relational":
            raise InputError(path, cells["target"].line, FIELD_ZH["target"],
                             f"expected a target value, found {shorten(cells['target'].text)!r}")
        attr_text = re.sub(r"\s+", "", cells["attribute"].text)
        if attr_text not in ATTRIBUTES:
            raise InputError(path, cells["attribute"].line, FIELD_ZH["attribute"],
                             f"expected 预期性 or 约束性, found {shorten(cells['attribute'].text)!r}")
        b, t = parsed["baseline"], parsed["target"]
        out.append({
            "seq": index, "seq_printed": printed, "category": category, "name": name, "unit": unit,
            "qualifiers": quals + [q for q in (b.qualifier, t.qualifier) if q],
            "baseline_year": baseline_year, "baseline_value": b.value, "baseline_text": b.text,
            "baseline_basis": b.basis,
            "target_year": target_year, "target_value": t.value, "target_text": t.text,
            "target_op_table": t.op, "target_basis": t.basis,
            "attribute": ATTRIBUTES[attr_text], "attribute_zh": attr_text,
            "source_line": row.line,
            "lines": {k: c.line for k, c in cells.items()},
        })
    if not clean:
        raise InputError(path, end_line, "Table 1-1",
                         f"the file ends inside the table after {len(out)} rows; the table looks truncated")
    return out, warnings
