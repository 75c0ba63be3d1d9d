"""Section ``final_table`` (主要指标完成情况表): the final evaluation's completion table, on the overview of
a final report."""

from __future__ import annotations

from jzanalysis.i18n import plan_words
from jzanalysis.publish.rows import group_by_category
from jzanalysis.publish.sections.base import Section, link, toc_entry
from jzanalysis.publish.words import T


def _common_year(rows: list[dict], key: str, default: int) -> int:
    years = [r[key] for r in rows if r.get(key) != ""]
    return max(set(years), key=years.count) if years else default


def final_columns(rows: list[dict], lang: str) -> dict:
    """Headers of 主要指标完成情况表: 指标, 属性, {baseline}年, {target}年目标, {target}年实际, 完成情况, 说明
    (the years from the rows' own baseline and target years)."""
    plan = plan_words(lang)  # the plan's own base and target years when no row gives them
    y0 = _common_year(rows, "baseline_year", int(plan["plan_base"]))
    y1 = _common_year(rows, "target_year", int(plan["plan_target"]))
    return {"name": T("col.name", lang), "attribute": T("col.attribute", lang),
            "baseline": T("final.col.baseline", lang, year=y0), "target": T("final.col.target", lang, year=y1),
            "actual": T("final.col.actual", lang, year=y1), "status": T("final.col.status", lang),
            "note": T("final.col.note", lang), "target_year": y1}


def final_groups(rows: list[dict], lang: str) -> list[dict]:
    """主要指标完成情况表: ``[{"category", "anchor", "rows"}]``, within a category binding indicators first."""
    groups = group_by_category(rows)
    for g in groups:
        g["rows"] = sorted(g["rows"], key=lambda r: r.get("attr_code") != "binding")
    return groups


def completion_rows(ctx: dict) -> list[dict]:
    """The rows of the completion download: Table 1-1 in the plan's order, or binding (约束性) indicators
    first when the report was asked for it (``report --binding-first``, ``ctx["binding_first"]``)."""
    rows = list(ctx["rows"])
    return sorted(rows, key=lambda r: r.get("attr_code") != "binding") if ctx.get("binding_first") else rows


def completion_records(ctx: dict, number, number_text) -> list[dict]:
    """主要指标完成情况表 in the offices' layout, one dict per row with the headers of the report's language:
    序号, 指标, 单位, 属性, {base}年, {target}年目标, 完成值, 年份, 统计值/预计值, 完成情况, 说明.

    The final value is the one judged: a 年均 target's five-year geometric mean (its year ``2021—2025``),
    else the latest value and its year; numbers are numbers (``number``, ``number_text``: the downloads'
    converters); 说明 is the verdict's reason, with the value warning.
    """
    lang, C, F = ctx["lang"], ctx["C"], ctx["final_columns"]
    kinds = {k: T(f"final.col.kind.{k}", lang) for k in ("statistic", "estimate")}
    out = []
    for r in completion_rows(ctx):
        has = bool(r.get("has_data")) and r.get("final_value") is not None
        note = " ".join(x for x in (r["status_reason"] if has else "", r.get("warning") or "") if x)
        out.append({C["seq"]: number(r["seq"]), C["name"]: r["name"], C["unit"]: r["unit"],
                    C["attribute"]: r.get("attribute", ""), F["baseline"]: number_text(r["baseline"]),
                    F["target"]: number_text(r["target"]), T("final.col.value", lang): r["final_value"] if has else None,
                    C["year"]: r["final_year"] if has else None,
                    T("final.col.kind", lang): kinds["estimate" if r.get("estimate") else "statistic"] if has else "",
                    F["status"]: (r["status"] or {}).get("label", ""), F["note"]: note})
    return out


def _words(ctx: dict, src) -> dict:
    rows = ctx["rows"]
    return {"final_columns": final_columns(rows, ctx["lang"]),
            "final_groups": final_groups(rows, ctx["lang"]) if ctx["final"] else []}


def _pdf(ctx: dict, pu: dict) -> dict:
    return {"final_groups": [{"category": g["category"], "anchor": g["anchor"], "rows": pu["rows"](g)}
                             for g in ctx["final_groups"]]}


#: In a final report the completion table is what an office pastes: first on the overview and in its PDF
#: chapter, before the plan's contradictions and the year's changes, and named in the PDF's contents.
SECTION = Section("final_table", page="overview", chapter="overview", order=5, kinds=("final",), needs=("rows",),
                  html="final_table.html.j2", pdf="final_table", words=_words, pdf_words=_pdf,
                  toc=lambda ctx: [link("table", ctx["L"]["final_table"], nl=True)],
                  pdf_toc=lambda ctx: [toc_entry(2, "table", ctx["L"]["final_table"])])
