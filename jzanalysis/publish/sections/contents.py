"""Section ``contents`` (目录): the reader pages with a line each, on the index; in the PDF, the contents
page, made from every section's contents entries (:func:`jzanalysis.publish.sections.pdf_toc`)."""

from __future__ import annotations

from jzanalysis.publish.sections.base import Section

SECTION = Section("contents", page="index", chapter="contents", order=20, needs=("page_titles",),
                  html="contents.html.j2", pdf="contents")
