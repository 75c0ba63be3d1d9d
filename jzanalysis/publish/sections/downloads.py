"""Section ``downloads`` (下载): the PDF and the reader copies of the tables (Excel workbook, CSVs), on the
index (the files are written by :func:`jzanalysis.publish.pages.write_downloads`)."""

from __future__ import annotations

from jzanalysis.publish.sections.base import Section

SECTION = Section("downloads", page="index", order=50, needs=("downloads",), html="downloads.html.j2")
