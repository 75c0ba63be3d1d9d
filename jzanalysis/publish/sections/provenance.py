"""Section ``provenance`` (数据来源): every input by file name with its SHA-256, the software and the time
the report was made (Beijing time); on the index and in the PDF's appendix."""

from __future__ import annotations

import datetime as _dt
import platform

import pandas as pd

from jzanalysis._version import __version__
from jzanalysis.i18n import language
from jzanalysis.publish.sections.base import Section, toc_entry
from jzanalysis.publish.words import T

BEIJING = _dt.timezone(_dt.timedelta(hours=8), "Asia/Shanghai")


def beijing_time(moment: _dt.datetime | None = None, lang: str = "zh") -> str:
    """``2026年11月30日 03:55`` (zh) or ``30 Nov 2026, 03:55`` (en), in Beijing time (UTC+8): the language's
    ``date`` form (``locales/LANG/language.yaml``)."""
    moment = (moment or _dt.datetime.now(_dt.timezone.utc)).astimezone(BEIJING)
    return language(lang)["date"].format(year=moment.year, month=moment.month, day=moment.day, hour=moment.hour,
                                         minute=moment.minute, month_abbr=f"{moment:%b}")


def provenance(files, lang: str, made: _dt.datetime) -> dict:
    """Inputs by file name only (no folders of the build machine), their SHA-256, versions, Beijing time."""
    from jzanalysis.io import sha256_file

    inputs = [{"label": T(f"prov.{k}", lang), "name": p.name, "sha256": sha256_file(p) if p.is_file() else "—"}
              for k, p in files]
    software = (f"jzanalysis {__version__} · Python {platform.python_version()} · pandas {pd.__version__}")
    return {"inputs": inputs, "software": software, "made": beijing_time(made, lang)}


def _words(ctx: dict, src) -> dict:
    return {"prov": provenance(src.files, ctx["lang"], ctx["made_at"])}


def _pdf(ctx: dict, pu: dict) -> dict:
    P, colon = ctx["P"], pu["colon"]
    return {"provenance": [{"label": i["label"], "name": i["name"], "sha256": i["sha256"]}
                           for i in ctx["prov"]["inputs"]],
            "software": f"{P['software']}{colon}{ctx['prov']['software']}",
            "made": f"{P['made']}{colon}{ctx['prov']['made']}"}


SECTION = Section("provenance", page="index", chapter="appendix", order=70, pdf_order=55, html="provenance.html.j2",
                  pdf="provenance", words=_words, pdf_words=_pdf,
                  pdf_toc=lambda ctx: [toc_entry(2, "provenance", ctx["L"]["provenance"])])
