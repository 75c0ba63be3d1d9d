"""Table shapes plans really print (issue 21, item 5), read by :mod:`jzanalysis.plan.table`.

* a target given in a 年均/累计 column instead of the target-year column (:func:`aggregate_target`);
* a base value marked ``*`` whose footnote gives another year for that row (:func:`footnote_years`,
  :func:`strip_marker`): the row's own base year, used in its pace;
* one indicator printed as two sub-rows sharing one 属性 cell (:func:`sub_row_fields`);
* a relational target (``高于GDP增长``, ``与GDP增长同步``) tied to the row of the table it names
  (:func:`tie_relational`).

Pure functions; each takes and returns plain values.
"""

from __future__ import annotations

import re

from jzanalysis.plan.target import Target

#: The marks of a footnote on a value: 85* / 85※ / 85** (＊ is * after NFKC).
MARKER = re.compile(r"(?P<mark>[*※]+)$")
#: A footnote mark and the year the footnote gives for it: ``注：*为2019年数据``, ``※2019年值``.
FOOTNOTE = re.compile(r"(?P<mark>[*※]+)[^*※\d]{0,12}?(?P<year>(?:19|20)\d\d)年")
#: Lines after a table read for footnotes (注：…, or a line that starts with a mark).
FOOTNOTE_LINES = 6
#: Words of a 年均/累计 column's header and what a figure in it is.
AGGREGATE_WORDS = ("年均/累计", "年均或累计", "累计/年均", "年均增长", "年均增速", "五年累计", "累计", "年均")
#: Names other rows may go by in a relational target: ``GDP增长`` is the row of 国内生产总值增长.
SYNONYMS = {"GDP": ("国内生产总值", "地区生产总值", "生产总值"), "经济": ("国内生产总值", "地区生产总值", "生产总值")}
_STEM_END = re.compile(r"(?:的)?(?:增长率|增长|增速|增幅|水平|率)$")


def strip_marker(text: str) -> tuple[str, str]:
    """A value cell without its footnote mark and the mark: ``85*`` -> (``85``, ``*``); ``85`` -> (``85``, ``""``)."""
    m = MARKER.search(text.strip())
    return (text.strip()[: m.start()].strip(), m["mark"]) if m else (text, "")


def footnote_years(lines) -> dict[str, tuple[int, int]]:
    """``{mark: (year, line)}`` from the footnotes right after a table (``注：*为2019年数据``).

    Parameters
    ----------
    lines : iterable of :class:`~jzanalysis.plan.text.Line`
        The lines after the table's last row; at most :data:`FOOTNOTE_LINES` non-blank ones are read, and
        only those that start with 注, 说明, 备注 or a mark.
    """
    out: dict[str, tuple[int, int]] = {}
    seen = 0
    for ln in lines:
        text = ln.text.strip()
        if not text:
            continue
        seen += 1
        if seen > FOOTNOTE_LINES or not (text.startswith(("注", "说明", "备注")) or text[0] in "*※"):
            break
        for m in FOOTNOTE.finditer(text):
            out.setdefault(m["mark"], (int(m["year"]), ln.no))
    return out


def aggregate_kind(header: str, text: str) -> str:
    """The qualifier of a figure in a 年均/累计 column: ``五年累计`` or ``年均``.

    Notes
    -----
    A header naming one of them decides (``年均增长`` -> 年均, ``五年累计`` -> 五年累计); a header naming
    both (``年均/累计``) is decided by the figure: 〔〕 or 累计 in it -> 五年累计, else 年均.
    """
    both = "年均" in header and "累计" in header
    if not both:
        return "五年累计" if "累计" in header else "年均"
    return "五年累计" if ("〔" in text or "累计" in text or "[" in text) else "年均"


def aggregate_target(target_text: str, aggregate_text: str) -> bool:
    """True when a row's target is in its 年均/累计 cell: the target-year cell says none (``—``, empty)
    and the 年均/累计 cell holds a value."""
    t = Target.read(target_text) if target_text.strip() else None
    a = Target.read(aggregate_text) if aggregate_text.strip() else None
    return (t is None or t.kind == "missing") and a is not None and a.kind != "missing"


def sub_row_fields(columns: dict[str, int], n_cells: int) -> list[str] | None:
    """The fields of a sub-row of ``n_cells`` cells (an indicator printed as two rows that share the 序号,
    类别 and 属性 cells), in column order; ``None`` when a row of that length is not a sub-row."""
    own = [f for f in sorted(columns, key=columns.get) if f not in ("seq", "category", "attribute")]
    return own if n_cells == len(own) and n_cells < len(columns) else None


def _stem(words: str) -> str:
    return _STEM_END.sub("", re.sub(r"[（(][^（）()]*[）)]", "", words.strip()))


def tie_relational(rows: list[dict]) -> None:
    """For each row whose target names another series (``高于GDP增长``), the row of the table that series
    is (``国内生产总值增长``): ``relates_to`` set to that row's position (in place; none when no row is).

    Notes
    -----
    The named series without its ending (增长, 增速, 率 …) must be in the other row's name, or one of its
    :data:`SYNONYMS` (GDP, 经济 -> 国内/地区生产总值) must; a row never relates to itself; the first such
    row wins.
    """
    for row in rows:
        if row.get("target_op_table") != "relational":
            continue
        stem = _stem(Target.read(row["target_text"]).other if Target.read(row["target_text"]) else "")
        if not stem:
            continue
        names = [stem, *[s for k, v in SYNONYMS.items() if stem.startswith(k) for s in v]]
        hit = next((r for r in rows if r is not row and any(n and n in r["name"] for n in names)), None)
        if hit is not None:
            row["relates_to"] = hit["seq"]
