"""Read the plan's text export: decoding, bookmark noise, headings.

The export has one paragraph per line. Word bookmarks appear as ``[bookmark: _Toc123]`` and are removed.
Chapter headings look like ``四、...`` or ``第四章 ...``, section headings like ``（二）...`` or ``第二节 ...``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from jzanalysis.errors import InputError
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


def read_plan(path) -> PlanText:
    """Read and clean the plan text. Raises :class:`InputError` for a missing, empty or non-UTF-8 file.

    Every line goes through :func:`normalise_text` (invisible characters dropped, NFKC), so an invisible
    character in a cell cannot create a second, different-looking-alike category or name.
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
    return PlanText(path, lines)
