"""Read the plan's text export: decoding, bookmark noise, headings.

The export has one paragraph per line. Word bookmarks appear as ``[bookmark: _Toc123]`` and are removed.
Chapter headings look like ``四、...`` or ``第四章 ...``, section headings like ``（二）...`` or ``第二节 ...``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from jzanalysis.errors import InputError, shorten
from jzanalysis.io import PLAN_MAX_BYTES, read_input_bytes

BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
#: A chapter heading: ``四、…`` (a city's plan) or ``第四章 …`` / ``第二篇 …`` (a national or provincial plan).
CHAPTER = re.compile(r"^(?:([一二三四五六七八九十]+)、|第([一二三四五六七八九十百]+)[章篇]\s*)(.+)$")
#: A section heading: ``（二）…`` or ``第二节 …``.
SECTION = re.compile(r"^(?:（([一二三四五六七八九十]+)）|第([一二三四五六七八九十百]+)节\s*)(.+)$")
#: How a first chapter begins (the plan's background: its figures describe, they do not commit).
FIRST_CHAPTER = ("一、", "第一章", "第一篇")
TABLE_CAPTION = re.compile(r"^表\s*1-1\b")


#: Character categories removed on read: controls (except tab and newline), format characters (zero-width
#: space/joiner, BOM, bidi marks), line/paragraph separators and private-use characters.
INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cs"})
#: Full-width punctuation the plan uses as structure (clause marks, unit parentheses); NFKC would make them
#: ASCII, so they are kept as written.
KEEP_WIDE = "，（）；：！？"
_PROTECT = {ord(c): chr(0xE000 + i) for i, c in enumerate(KEEP_WIDE)}
_RESTORE = {ord(v): k for k, v in _PROTECT.items()}


def normalise_text(text: str) -> str:
    """Unicode-normalise one line of input: drop invisible characters, then NFKC.

    Notes
    -----
    Removes every character of category Cc (except tab), Cf, Zl, Zp, Co and Cs (NUL, vertical tab, NEL,
    zero-width space/joiner, BOM, bidi marks), then applies NFKC (full-width digits and letters, ％, ～,
    no-break and ideographic spaces become their plain forms) except for the full-width punctuation
    :data:`KEEP_WIDE`, which stays as the plan writes it. Linear in the length of the line.
    """
    if text.isascii() and text.isprintable():
        return text
    kept = "".join(ch for ch in text if ch == "\t" or unicodedata.category(ch) not in INVISIBLE)
    return unicodedata.normalize("NFKC", kept.translate(_PROTECT)).translate(_RESTORE)


@dataclass(frozen=True)
class Line:
    """One line of the plan: its 1-based number, its raw text and its text without bookmarks."""

    no: int
    raw: str
    text: str


@dataclass
class PlanText:
    path: Path
    lines: list[Line]

    def __post_init__(self):
        self._heading: dict[int, str] = {}
        chapter = section = ""
        for line in self.lines:
            if len(line.text) < 40 and CHAPTER.match(line.text):
                chapter, section = line.text, ""
            elif len(line.text) < 40 and SECTION.match(line.text):
                section = line.text
            self._heading[line.no] = " / ".join(p for p in (chapter, section) if p)

    def heading_at(self, no: int) -> str:
        """The heading a line sits under, e.g. ``一、规划背景 / （一）“十三五”发展回顾``."""
        return self._heading.get(no, "")


def decode(path: Path, data: bytes) -> str:
    """Decode UTF-8 strictly; name the line of the first bad byte."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            path, line, "encoding",
            f"expected UTF-8 text, found byte 0x{data[exc.start]:02x} that is not valid UTF-8 "
            "(re-save the file as UTF-8)",
        ) from None


#: A Markdown table's rule line: ``|---|:---:|``.
MD_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")
#: Fewest cells of a line read as a whole table row.
ROW_MIN_CELLS = 3


def row_cells(raw: str) -> list[str] | None:
    """The cells of a line that holds a whole table row, as a copy from Word or a PDF viewer (cells split
    by tabs) or a Markdown table (``| 1 | 幼有所育 | … |``) gives it; ``[]`` for a Markdown rule line;
    ``None`` for any other line (prose, or one cell of the export layout: a tab, then the cell).

    Notes
    -----
    A row is at least :data:`ROW_MIN_CELLS` cells: split by tabs when the line has two tabs or more after
    its first character (a line that starts with a tab has an empty first cell), else by ``|`` when the
    line starts with ``|`` and has four or more. Each cell is stripped; empty cells stay (a category
    filled on the first row only).
    """
    if "\t" in raw[1:] and raw[1:].count("\t") >= ROW_MIN_CELLS - 1:
        return [c.strip(" \u3000") for c in raw.split("\t")]
    t = raw.strip()
    if t.startswith("|") and t.count("|") >= ROW_MIN_CELLS + 1:
        if MD_RULE.match(t):
            return []
        return [c.strip(" \u3000") for c in t.strip("|").split("|")]
    return None


def expand_rows(lines: list[Line]) -> list[Line]:
    """Lines with every whole-row line (:func:`row_cells`) turned into the export layout: one line per
    cell, each a tab and the cell, then an empty line; every one keeps the row's line number, so an error
    names the line of the text. A Markdown rule line is dropped. Other lines are returned as they are."""
    out: list[Line] = []
    for ln in lines:
        cells = row_cells(ln.raw) if ("\t" in ln.raw or "|" in ln.raw) else None
        if cells is None:
            out.append(ln)
            continue
        out += [Line(ln.no, "\t" + c, "\t" + c) for c in cells]
        if cells:
            out.append(Line(ln.no, "", ""))
    return out


def read_plan(path) -> PlanText:
    """Read and clean the plan text. Raises :class:`InputError` for a missing, empty or non-UTF-8 file.

    Every line goes through :func:`normalise_text` (invisible characters dropped, NFKC), so an invisible
    character in a cell cannot create a second, different-looking-alike category or name. A table pasted
    one row per line (cells split by tabs or ``|``) is read as the export layout (:func:`expand_rows`).
    """
    path = Path(path)
    data = read_input_bytes(path, "a text file", PLAN_MAX_BYTES)
    text = decode(path, data)
    if not text.strip():
        raise InputError(path, 1, "file", "the file is empty: expected the plan's text with Table 1-1")
    lines = []
    for no, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        raw = normalise_text(raw)
        lines.append(Line(no, raw, BOOKMARK.sub("", raw).strip(" \u3000") if not raw.startswith("\t")
                          else BOOKMARK.sub("", raw)))
    while lines and not lines[-1].raw.strip():
        lines.pop()
    return PlanText(path, expand_rows(lines))


def _cell_text(value) -> str:
    """A spreadsheet cell as the text a plan prints: ``None`` empty, ``4.0`` -> ``4``, ``98.8`` -> ``98.8``."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def _xlsx_rows(path: Path, data: bytes) -> list[list[str]]:
    """The rows of the first sheet of an ``.xlsx`` (values, not formulas), trailing empty cells dropped."""
    import io
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(path, None, "file", f"not a readable .xlsx workbook ({shorten(exc)})") from None
    rows = []
    for values in wb.worksheets[0].iter_rows(values_only=True):
        cells = [_cell_text(v) for v in values]
        while cells and not cells[-1]:
            cells.pop()
        rows.append(cells)
    wb.close()
    return rows


def read_table_file(path) -> PlanText:
    """A plan's main table given as its own file beside the prose (``init-plan TEXT --table FILE``): a CSV
    (UTF-8, one table row per record) or the first sheet of an ``.xlsx``.

    Each record becomes one line of a :class:`PlanText` (line number = record number), its cells split as
    a row pasted one row per line (:func:`expand_rows`); a record of one cell is a line of text (a caption
    such as ``表1  主要指标``). Errors name the file and the record's line.
    """
    import csv

    from jzanalysis.io import CSV_MAX_BYTES, XLSX_MAX_BYTES

    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path, read_input_bytes(path, "an .xlsx workbook", XLSX_MAX_BYTES))
    else:
        text = decode(path, read_input_bytes(path, "a CSV file", CSV_MAX_BYTES))
        rows = list(csv.reader(text.splitlines()))
    lines = []
    for no, cells in enumerate(rows, start=1):
        cells = [normalise_text(c).replace("\t", " ").strip() for c in cells]
        while cells and not cells[-1]:
            cells.pop()
        if len(cells) >= ROW_MIN_CELLS:  # a table row: the export layout (a tab and the cell per line)
            lines += [Line(no, "\t" + c, "\t" + c) for c in cells] + [Line(no, "", "")]
        else:
            lines.append(Line(no, " ".join(cells), " ".join(cells)))
    if not any(ln.raw for ln in lines):
        raise InputError(path, 1, "file", "the file is empty: expected the main table, one row per record")
    return PlanText(path, lines)
