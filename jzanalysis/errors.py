"""Error and warning types that carry a file, a line and a field.

Every error the user can cause by giving bad input is an :class:`InputError`. The CLI prints it as one
line, ``FILE:LINE: FIELD: message`` (or ``FILE: 填报!D7: FIELD: message`` for a worksheet cell), and exits
with status 2, without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Longest quoted input in a message, and longest rendered error line (an error never echoes a whole
#: multi-megabyte cell).
QUOTE_MAX = 80
LINE_MAX = 600


def shorten(text, limit: int = QUOTE_MAX) -> str:
    """``text`` as one line of at most ``limit`` characters (``…`` and the full length when cut).

    Notes
    -----
    Line breaks become ``⏎``; a text longer than ``limit`` keeps its first ``limit - 1`` characters plus
    ``…`` and says how long it was: ``'aaaa…' (200000 characters)``.
    """
    text = str(text).replace("\r\n", "⏎").replace("\n", "⏎").replace("\r", "⏎")
    if len(text) <= limit:
        return text
    return f"{text[:limit - 1]}… ({len(text)} characters)"


class InputError(Exception):
    """Bad input: names the file, where in it and the field.

    ``line`` is the 1-based line (int), a cell reference such as ``填报!D7`` (str), or ``None`` when the
    error is not tied to a place in the file.
    """

    def __init__(self, path, line: int | str | None, field: str | None, message: str):
        self.path = str(path)
        self.line = line
        self.field = field
        self.message = message
        super().__init__(self.render())

    def render(self) -> str:
        path = shorten(self.path, 300)
        if self.line is None or self.line == "":
            where = path
        elif isinstance(self.line, str) and not self.line.isdigit():
            where = f"{path}: {self.line}"
        else:
            where = f"{path}:{self.line}"
        what = f"{shorten(self.field, 60)}: " if self.field else ""
        return shorten(f"{where}: {what}{self.message}", LINE_MAX)


@dataclass(frozen=True)
class ParseWarning:
    """A defect in the input that was corrected; reported, never silent."""

    path: str
    line: int
    field: str
    message: str

    def render(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"
