"""The report's sections: one registry that the pages, the PDF, its contents, the index and the headline
read.

Each section is one module of this package declaring a :class:`~jzanalysis.publish.sections.base.Section`
(``SECTION``): what it needs, its words, its HTML block (``jzanalysis/templates/sections/KEY.html.j2``), its
PDF block (``blocks.KEY`` in ``jzanalysis/templates/report.typ``) and its place per report kind. A new
section is a new module here, its template and its Typst block, and one line in :data:`MODULES`.

>>> [s.key for s in on_page("overview", "final")]
['final_table', 'findings', 'changes', 'counts', 'final_prose', 'audit_top']
>>> [s.key for s in in_chapter("indicators", "plan")]
['details', 'prose']
"""

from __future__ import annotations

from jzanalysis.publish.sections import (
    audit,
    audit_top,
    changes,
    chart,
    contents,
    counts,
    details,
    downloads,
    drafted,
    final_prose,
    final_table,
    findings,
    headline,
    legend,
    methods,
    prose,
    prose_details,
    provenance,
    researchers,
    table,
)
from jzanalysis.publish.sections.base import CHAPTERS, KINDS, PAGES, Section, Source, toc_entry

#: Every section's module, in the order their words are made (a section may read the words of those before).
MODULES = (headline, drafted, legend, contents, methods, downloads, researchers, provenance, findings, changes, table,
           final_table, counts, chart, prose, final_prose, audit_top, details, prose_details, audit)
REGISTRY: tuple[Section, ...] = tuple(m.SECTION for m in MODULES)
BY_KEY = {s.key: s for s in REGISTRY}

__all__ = ["CHAPTERS", "KINDS", "PAGES", "REGISTRY", "Section", "Source", "add_words", "in_chapter", "on_page",
           "page_toc", "pdf_order", "pdf_toc"]


def on_page(page: str, kind: str) -> list[Section]:
    """The sections of a reader page in a report of ``kind``, in order (shown or not)."""
    return sorted((s for s in REGISTRY if s.page == page and s.appears_in(kind)), key=lambda s: s.position(kind))


def in_chapter(chapter: str, kind: str) -> list[Section]:
    """The sections of a PDF chapter in a report of ``kind``, in order (shown or not)."""
    return sorted((s for s in REGISTRY if s.chapter == chapter and s.appears_in(kind)),
                  key=lambda s: s.position(kind, pdf=True))


def add_words(ctx: dict, src: Source) -> dict:
    """``ctx`` with every section's words (:attr:`Section.words`), checking first what each needs.

    Raises ``KeyError`` naming the section and the missing key (a section registered before the one whose
    words it reads).
    """
    for s in REGISTRY:
        missing = [k for k in s.needs if k not in ctx]
        if missing:
            raise KeyError(f"section {s.key!r} needs {', '.join(missing)}, not made before it")
        if s.words is not None:
            ctx.update(s.words(ctx, src))
    return ctx


def page_toc(page: str, ctx: dict) -> list[dict]:
    """The page's "on this page" list: every shown section's entries, in order."""
    kind = ctx["titles"]["kind"]
    return [e for s in on_page(page, kind) if s.shown(ctx) for e in s.toc(ctx)]


def pdf_order(ctx: dict) -> dict[str, list[str]]:
    """``{chapter: [block names]}`` of the PDF: the shown sections of each chapter with a PDF block."""
    kind = ctx["titles"]["kind"]
    return {c: [s.pdf for s in in_chapter(c, kind) if s.pdf and s.shown(ctx)] for c in CHAPTERS}


def pdf_toc(ctx: dict) -> list[dict]:
    """The PDF's contents: each chapter's heading (when it has one), then its sections' entries."""
    kind = ctx["titles"]["kind"]
    out = []
    for chapter, anchor in CHAPTERS.items():
        if anchor:
            out.append(toc_entry(1, anchor, ctx["page_titles"][chapter]))
        out += [e for s in in_chapter(chapter, kind) if s.shown(ctx) for e in s.pdf_toc(ctx)]
    return out
