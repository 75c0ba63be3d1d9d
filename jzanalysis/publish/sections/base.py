"""What a report section is: the one record the pages, the PDF, the index and the notebooks read.

A section lives in one module of :mod:`jzanalysis.publish.sections` and declares there, in one
:class:`Section`:

* what it needs of the report's words (``needs``: keys of the context, checked when the pages are built);
* its words (``words``: a function ``(ctx, src) -> dict`` whose keys it adds to the context, or ``None``;
  ``src`` holds what is not plain data: the analysis, last year's changes, :class:`Source`);
* its HTML block (``html``: a template under ``jzanalysis/templates/sections/``);
* its PDF block (``pdf``: the name of its block in ``jzanalysis/templates/report.typ``, whose data a function
  ``pdf_words(ctx, pu) -> dict`` adds to the PDF's document model);
* its place per report kind: the reader page (``page``) and PDF chapter (``chapter``) it stands on, the
  report kinds it appears in (``kinds``: ``plan``, ``monitor``, ``final``) and its position there
  (``order`` on the page, ``pdf_order`` in the chapter when it differs: one number, or one per kind);
* whether it is shown in a given report (``shown``), and its entries in the page's "on this page" list and
  in the PDF's contents (``toc``, ``pdf_toc``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

#: The kinds of report: plan-time (no actual values), yearly monitoring, final evaluation (target year).
KINDS = ("plan", "monitor", "final")
#: The reader pages, in reading order, and their files.
PAGES = {"index": "index.html", "overview": "html/01_overview.html", "indicators": "html/02_indicators.html",
         "audit": "html/03_audit.html"}
#: The PDF's chapters in order, with the anchor of the chapter's heading (``None``: no contents entry of its
#: own, its sections name themselves).
CHAPTERS = {"headline": None, "contents": None, "overview": "ch-overview", "indicators": "ch-indicators",
            "audit": "ch-audit", "appendix": None}


@dataclass(frozen=True)
class Source:
    """What the sections' words are made from besides the context: the analysis, the changes since last
    year's assessment (a frame, or ``None``), whether there was a last year's assessment, the as-of year, the input files ``(role, path)``."""

    analysis: object
    changes: object = None
    has_previous: bool = False
    as_of: int | None = None
    files: tuple = ()


def _always(ctx: dict) -> bool:
    return True


def _none(ctx: dict) -> list:
    return []


@dataclass(frozen=True)
class Section:
    """One section of the report (see the module's docstring for the fields).

    Examples
    --------
    >>> s = Section("counts", page="overview", chapter="overview", order=40, html="counts.html.j2")
    >>> s.position("final"), s.appears_in("plan")
    (40, True)
    >>> Section("x", page="overview", order={"plan": 10, "final": 5}, kinds=("final",)).position("final")
    5
    """

    key: str
    page: str | None = None
    chapter: str | None = None
    order: int | dict = 50
    pdf_order: int | dict | None = None
    kinds: tuple[str, ...] = KINDS
    needs: tuple[str, ...] = ()
    html: str | None = None
    pdf: str | None = None
    words: Callable[[dict, object], dict] | None = None
    pdf_words: Callable[[dict, dict], dict] | None = None
    shown: Callable[[dict], bool] = _always
    toc: Callable[[dict], list] = _none
    pdf_toc: Callable[[dict], list] = _none
    notes: str = field(default="", compare=False)

    def position(self, kind: str, pdf: bool = False) -> int:
        """Its position among the sections of its page (``pdf``: of its PDF chapter, ``pdf_order`` when
        given) in a report of ``kind``."""
        order = self.pdf_order if pdf and self.pdf_order is not None else self.order
        return order.get(kind, min(order.values())) if isinstance(order, dict) else order

    def appears_in(self, kind: str) -> bool:
        return kind in self.kinds


def chip(x) -> dict | None:
    """A verdict, status or severity as the PDF shows it: symbol, word and colour class."""
    return {"symbol": x["symbol"], "label": x["label"], "cls": x["cls"]} if x else None


def link(anchor: str, label: str, nl: bool = False) -> dict:
    """An entry of a page's "on this page" list; ``nl``: the link starts a new line of the page's source."""
    return {"anchor": anchor, "label": label, "nl": nl}


def toc_entry(level: int, ident: str, text: str) -> dict:
    """An entry of the PDF's contents: level 1 (a chapter) or 2, the anchor, the words."""
    return {"level": level, "id": ident, "text": text}
