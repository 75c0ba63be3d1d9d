"""The Excel workbook an office fills in (``jzanalysis template``): one row per indicator and prose target.

The layout (sheet names, columns, year headers) is :mod:`jzanalysis.inputs.workbook`, shared with the reader.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from pathlib import Path

import pandas as pd

from jzanalysis.errors import InputError
from jzanalysis.i18n import is_plan_language, language, languages, t
from jzanalysis.inputs.workbook import FIELDS, HELP_SHEET, SHEET, TRAILING, headers, plain_number, years_of
from jzanalysis.plan.target import Target
from jzanalysis.publish.words import plan_config


def target_text(row, lang: str = "zh") -> str:
    """The target of one assessment row: ``≥95``, ``≤12.5``, ``45000左右`` (``~``), ``3.8``."""
    value = plain_number(row.get("target_value"))
    if not value:
        return ""
    target = Target.from_row(row)
    if target.op == "~":
        return t("workbook.target.about", lang, value=value)
    return target.sign("cell") + value


def template_rows(analysis, lang: str = "zh") -> pd.DataFrame:
    """One row per row of the assessment: ``id, name, unit, baseline, target, attribute`` as text.

    Table 1-1 rows take the baseline and target as the plan prints them (``baseline_text``,
    ``target_text``); prose targets are written from their values. ``attribute`` is 约束性 / 预期性
    (binding / expected) for Table 1-1 rows, empty for prose targets (the plan gives them none).
    """
    ind = analysis.indicators.set_index("id") if "id" in analysis.indicators else pd.DataFrame()
    base_year = plan_config(analysis).base_year
    rows = []
    for _, r in analysis.assessment.iterrows():
        printed = ind.loc[r["id"]] if r["id"] in ind.index else None
        name = r["name"] if is_plan_language(lang) else _translated_name(r, lang)
        baseline = plain_number(r.get("baseline_value")) if r.get("baseline_year") == base_year else ""
        target = target_text(r, lang)
        if printed is not None:
            baseline = str(printed.get("baseline_text") or baseline)
            text = str(printed.get("target_text") or "")
            # the table prints the number; the direction (≥, ≤, 左右) is in the row's attribute
            target = text if re.search(r"[^\d.,\s]", text) or not target else target
        attribute = r.get("attribute")
        attribute = t(f"workbook.attribute.{attribute}", lang) if attribute in ("binding", "expected") else ""
        rows.append({"id": r["id"], "name": name, "unit": r.get("unit") or "", "baseline": baseline,
                     "target": target, "attribute": attribute})
    return pd.DataFrame(rows, columns=list(FIELDS) + list(TRAILING))


def _translated_name(r, lang: str) -> str:
    """The row's name in ``lang`` as the data gives it: the first ``name_xx`` of the language's chain that the
    row has (an empty one stays empty: a prose target without a translation), else the plan's name."""
    for code in language(lang)["chain"]:
        v = r.get(f"name_{code}")
        if isinstance(v, str):
            return v
    return r["name"]


def write_template(target, analysis=None, lang: str = "zh", plan=None) -> Path:
    """Write the workbook to fill in (atomically) and return its path.

    Parameters
    ----------
    target : path-like
        The ``.xlsx`` file to write.
    analysis : jzanalysis.analysis.pipeline.Analysis, optional
        Whose assessment rows become the workbook's rows (default: ``analyse(plan)``).
    plan : path-like, optional
        The plan folder (``--plan``) when ``analysis`` is not given (default: the bundled plan).
    lang : {"zh", "en"}
        Language of the headers and instructions (the sheet names stay 填报 and 说明).
    """
    from openpyxl import Workbook

    if lang not in languages():
        raise InputError("--lang", None, "lang", f"expected one of {', '.join(languages())}, found {lang!r}")
    if analysis is None:
        from jzanalysis.analysis.pipeline import analyse

        analysis = analyse(plan)
    rows = template_rows(analysis, lang)
    config = getattr(analysis, "config", None)
    years = years_of(config)  # the plan's year columns
    wb = Workbook()
    _entry_sheet(wb.active, rows, years, headers(lang, config), lang)
    made = _help_sheet(wb.create_sheet(HELP_SHEET), config, lang)
    return _save(wb, Path(target), made)


def _entry_sheet(ws, rows: pd.DataFrame, years, head: list, lang: str) -> None:
    """Sheet 填报: the headers in bold on blue, one row per row of :func:`template_rows` with its year
    cells empty, each year column a number validation, column widths, the first row and two columns
    frozen."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from jzanalysis.io import inert_sheet

    ws.title = SHEET
    ws.append(head)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for cell in ws[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for r in rows.itertuples(index=False):
        ws.append([r.id, r.name, r.unit, r.baseline, r.target] + [None] * len(years) + [None, None, None]
                  + [r.attribute])
    inert_sheet(ws)  # a plan sentence or name that starts with = + - @ is text, never a formula
    last = ws.max_row
    first_year_col = len(FIELDS) + 1
    for k, year in enumerate(years):
        letter = get_column_letter(first_year_col + k)
        dv = DataValidation(type="decimal", operator="between", formula1="-1E+15", formula2="1E+15",
                            allow_blank=True, showErrorMessage=True, showInputMessage=True,
                            errorTitle=t("workbook.validation.title", lang),
                            error=t("workbook.validation.error", lang, year=year),
                            promptTitle=t("workbook.col.year", lang, year=year),
                            prompt=t("workbook.validation.prompt", lang))
        dv.add(f"{letter}2:{letter}{max(last, 2)}")
        ws.add_data_validation(dv)
        for row in range(2, last + 1):
            ws[f"{letter}{row}"].number_format = "General"
    _kind_validation(ws, len(FIELDS) + len(years) + 3, last, lang)
    widths = [30, 34, 10, 14, 14] + [11] * len(years) + [24, 30, 14, 10]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "C2"


def _kind_validation(ws, column: int, last: int, lang: str) -> None:
    """The 统计值/预计值 column (``column``, 1-based): a list of the two words of ``lang``; empty is a
    statistic. It marks the row's latest value (docs/inputs.md)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    words = [t(f"workbook.value_kind.{k}", lang) for k in ("statistic", "estimate")]
    letter = get_column_letter(column)
    dv = DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=True,
                        showErrorMessage=True, showInputMessage=True, promptTitle=t("workbook.col.value_kind", lang),
                        prompt=t("workbook.validation.kind", lang), errorTitle=t("workbook.col.value_kind", lang),
                        error=t("workbook.validation.kind", lang))
    dv.add(f"{letter}2:{letter}{max(last, 2)}")
    ws.add_data_validation(dv)


def _help_sheet(info, config, lang: str) -> _dt.datetime:
    """Sheet 说明: the title, the instructions in the plan's words, the version and date it was made;
    returns that time (:func:`jzanalysis.io.build_time`: ``$SOURCE_DATE_EPOCH`` when set)."""
    from openpyxl.styles import Font

    from jzanalysis._version import __version__
    from jzanalysis.io import build_time

    info.append([t("workbook.help.title", lang)])
    info["A1"].font = Font(bold=True, size=14)
    words = config.words(lang) if config is not None else {}
    for line in t("workbook.help.lines", lang, **words).splitlines():
        info.append([line])
    info.append([])
    made = build_time()  # $SOURCE_DATE_EPOCH when set
    info.append([t("workbook.help.generated", lang, version=__version__,
                   date=made.astimezone(_dt.timezone(_dt.timedelta(hours=8))).date().isoformat())])
    info.column_dimensions["A"].width = 120
    return made


def _save(wb, target: Path, made: _dt.datetime) -> Path:
    """Save ``wb`` at ``target`` atomically, every date in it ``made`` (the same content gives the same
    bytes), with the usual permissions of a new file; returns ``target``."""
    from jzanalysis.io import atomic_path, reproducible_zip

    with atomic_path(target) as tmp:
        wb.save(tmp)
        reproducible_zip(tmp, made)  # the workbook's and its members' dates: the build time
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # a document for people: the usual permissions, not mkstemp's 0600
    return target
