"""Error and warning types that carry a file, a line and a field.

Every error the user can cause by giving bad input is an :class:`InputError`. The CLI prints it as one
line, ``FILE:LINE: FIELD: message``, and exits with status 2, without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class InputError(Exception):
    """Bad input: names the file, the line (1-based, ``None`` when not tied to a line) and the field."""

    def __init__(self, path, line: int | None, field: str | None, message: str):
        self.path = str(path)
        self.line = line
        self.field = field
        self.message = message
        super().__init__(self.render())

    def render(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = f"{self.field}: " if self.field else ""
        return f"{where}: {what}{self.message}"


@dataclass(frozen=True)
class ParseWarning:
    """A defect in the input that was corrected; reported, never silent."""

    path: str
    line: int
    field: str
    message: str

    def render(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"
