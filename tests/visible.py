"""Visible text of a reader page (what a person sees), for the reader tests.

Not a test module: helpers shared by ``test_readers.py``, ``test_injection.py``, ``test_browser.py`` and
``test_unattended.py``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

SNAKE = re.compile(r"\b[a-z]+_[a-z]+\b")
SCIENTIFIC = re.compile(r"\d[eE][+-]\d")
REPRS = re.compile(r"\b(None|nan|NaN|NaT|True|False|dtype|Timestamp)\b|\{'|\['|<NA>|Series\(")
CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")


class _Text(HTMLParser):
    """Text outside <style>, <script> and elements of class ``file`` (input file names in the appendix)."""

    SKIP = {"style", "script", "title"}

    def __init__(self, skip_classes=("file",)):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip: list[str] = []
        self.skip_classes = set(skip_classes)

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if self._skip or tag in self.SKIP or self.skip_classes & set(classes):
            if tag not in ("br", "img", "meta", "link", "input", "hr"):
                self._skip.append(tag)

    def handle_endtag(self, tag):
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str, skip_classes=("file",)) -> str:
    """The page's text as a reader sees it; elements with a class in ``skip_classes`` are left out
    (``file``: input file names in the appendix; ``given``: reason texts of the assessment as given)."""
    p = _Text(skip_classes)
    p.feed(html)
    return re.sub(r"\s+", " ", " ".join(p.parts))


def problems(text: str, lang: str, allowed_cjk: str = "") -> list[str]:
    """Identifiers, scientific notation, Python reprs (and CJK on English pages) found in ``text``."""
    found = [f"identifier {m}" for m in SNAKE.findall(text)]
    found += [f"scientific {m.group(0)}" for m in SCIENTIFIC.finditer(text)]
    found += [f"repr {m.group(0)}" for m in REPRS.finditer(text)]
    if lang == "en":
        rest = text.replace(allowed_cjk, "") if allowed_cjk else text
        found += [f"CJK {rest[max(0, m.start() - 20):m.end() + 20]!r}" for m in CJK.finditer(rest)]
    return found


def pdf_streams(data: bytes) -> bytes:
    """The inflated streams of a PDF's bytes (Typst compresses its object streams), joined by newlines."""
    import zlib

    out = []
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            out.append(zlib.decompress(m.group(1)))
        except zlib.error:
            continue
    return b"\n".join(out)
