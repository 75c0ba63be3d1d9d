"""The comparison across the batch's plans: the indicators they share, side by side (``compare.csv``).

Each plan (manifest entry) is read from its newest published report (``data/assessment.csv``, a job that
ran or was skipped, in the page's language when there is one) and its plan folder (``plan.yaml``: area and
period; ``indicators.yaml``: the aliases). Indicators of different plans are one shared indicator when
they match (:func:`match`): by id, then by an alias (``aliases:`` in ``indicators.yaml``: a name the
indicator also goes by), then by the normalised name (:func:`normalise`). Those no other plan has are
listed as unmatched.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pandas as pd

from jzanalysis.fmt import missing

log = logging.getLogger("jzanalysis.batch")

#: The columns of ``compare.csv`` (docs/data_dictionary.md), one row per plan and shared indicator.
COLUMNS = ["plan", "area", "period", "indicator_id", "name", "unit", "base_year", "base_value", "target",
           "attribute", "required_pace", "verdict", "latest_value", "status", "final_status"]
#: Brackets (half- and full-width) and what they hold: a unit or a remark, not the indicator.
BRACKETS = re.compile(r"[（(\[［【〔][^）)\]］】〕]*[）)\]］】〕]")


def normalise(name, unit="") -> str:
    """An indicator name for matching: no spaces, no brackets and what they hold, no unit, lower case.

    >>> normalise("孕产妇死亡率（1/10万）"), normalise(" Maternal mortality ratio (per 100,000) ")
    ('孕产妇死亡率', 'maternalmortalityratio')
    >>> normalise("人均预期寿命岁", "岁")
    '人均预期寿命'
    """
    text = BRACKETS.sub("", str(name or ""))
    text = re.sub(r"\s+", "", text)
    unit = re.sub(r"\s+", "", str(unit or ""))
    if unit and text.endswith(unit) and len(text) > len(unit):
        text = text[: -len(unit)]
    return text.lower()


def chosen_jobs(summary: pd.DataFrame, jobs: list, lang: str) -> list:
    """Per manifest entry, the job whose report the comparison reads: published (ok or skipped), in
    ``lang`` when the entry has it, the latest year."""
    usable = {r["output"] for _, r in summary.iterrows() if r["status"] != "failed"}
    best: dict = {}
    for job in jobs:
        if job.key not in usable:
            continue
        entry = job.out.parent.parent
        rank = (job.lang == lang, job.year)
        if entry not in best or rank > best[entry][0]:
            best[entry] = (rank, job)
    return [j for _, j in best.values()]


def _entries(config) -> dict[str, dict]:
    """``{id: metadata entry}`` of the plan's ``indicators.yaml`` (its aliases and English unit)."""
    from jzanalysis.plan.metadata import load_metadata

    try:
        meta = load_metadata(config.metadata)
    except Exception:  # noqa: BLE001  (a plan read by its report: its metadata loads; else no aliases)
        return {}
    return {e["id"]: e for e in meta.get("indicators", [])}


def plan_indicators(job) -> pd.DataFrame:
    """One row per Table 1-1 indicator of ``job``'s report, with the plan's area, period and aliases."""
    from jzanalysis.plan.config import resolve_plan

    config = resolve_plan(job.plan)
    frame = pd.read_csv(Path(job.out) / "data" / "assessment.csv", keep_default_na=True)
    if "source" in frame:
        frame = frame[frame["source"] == "Table 1-1"]
    meta = _entries(config)
    return frame.assign(illustrative=_illustrative(job),
        plan=job.out.parent.parent.name, area=config.area.name, area_en=config.area.name_en or config.area.name,
        period=f"{config.period.name} {config.period.first_year}-{config.period.last_year}",
        period_en=f"{config.period.first_year}-{config.period.last_year}",
        report_year=job.year, target_year_plan=config.target_year, href=job.key,
        aliases=[list(meta.get(i, {}).get("aliases", [])) for i in frame["id"]],
        unit_en=[meta.get(i, {}).get("unit_en") or "" for i in frame["id"]]).reset_index(drop=True)


def _illustrative(job) -> bool:
    """The job's report was made from illustrative actual values (its ``data/inputs.json``)."""
    import json

    try:
        return bool(json.loads((Path(job.out) / "data" / "inputs.json").read_text("utf-8")).get("illustrative"))
    except (OSError, ValueError, AttributeError):
        return False


class _Groups:
    """Union-find over the rows; a group never holds two rows of one plan. ``how[i]``: the pass in which
    row i first joined another plan's row."""

    def __init__(self, plans: list[str]):
        self.parent = list(range(len(plans)))
        self.plans = [{p} for p in plans]
        self.members = [[i] for i in range(len(plans))]
        self.how = [""] * len(plans)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int, how: str) -> None:
        a, b = self.find(i), self.find(j)
        if a == b or self.plans[a] & self.plans[b]:
            return
        for m in self.members[a] + self.members[b]:
            self.how[m] = self.how[m] or how
        self.parent[b] = a
        self.plans[a] |= self.plans[b]
        self.members[a] += self.members[b]


def _keys(row, kind: str) -> list[str]:
    if kind == "id":
        return [str(row["id"])]
    if kind == "alias":
        return [normalise(a) for a in row["aliases"]]
    return [normalise(row.get("name"), row.get("unit")), normalise(row.get("name_en"), row.get("unit_en"))]


def match(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` (every plan's indicators) with ``group`` (the shared indicator's id, ``""`` when no other
    plan has it) and ``matched_by`` (``id``, ``alias`` or ``name``).

    Notes
    -----
    Three passes, each joining groups of different plans: rows with the same ``id``; a row whose alias
    (normalised) is another row's alias or normalised name; rows with the same normalised name
    (:func:`normalise`, the Chinese or the English one). A group's id is its most frequent ``id`` (the
    first plan's on a tie).
    """
    rows = rows.reset_index(drop=True)
    g = _Groups(list(rows["plan"]))
    for kind in ("id", "alias", "name"):
        seen: dict[str, int] = {}
        names = {k: i for i, r in rows.iterrows() for k in _keys(r, "name") if k} if kind == "alias" else {}
        for i, r in rows.iterrows():
            for k in _keys(r, kind):
                if not k:
                    continue
                if kind == "alias" and k in names:
                    g.join(names[k], i, "alias")
                if k in seen:
                    g.join(seen[k], i, kind)
                else:
                    seen[k] = i
    roots = [g.find(i) for i in range(len(rows))]
    ids = {}
    for root in set(roots):
        members = [str(rows.at[i, "id"]) for i, r in enumerate(roots) if r == root]
        ids[root] = max(members, key=lambda x: (members.count(x), -members.index(x))) if len(g.plans[root]) > 1 else ""
    return rows.assign(group=[ids[r] for r in roots], matched_by=[g.how[i] if ids[r] else ""
                                                                  for i, r in enumerate(roots)])


def final_status(row) -> str:
    """The final evaluation (``done``, ``mostly_done``, ``not_done`` ...) of a report at or after the
    plan's target year; ``""`` before it."""
    from jzanalysis.publish.words import final_outcome

    if missing(row.get("status")) or int(row["report_year"]) < int(row["target_year_plan"]):
        return ""
    return final_outcome(row.get("status"), row.get("status_zh_review")) or ""


def target_cell(row, lang: str = "zh") -> str:
    """The target as a table cell shows it (``≥97.5``, ``≤12.5``; :meth:`jzanalysis.plan.target.Target.cell`);
    a target in words (relational, 应保尽保) is the plan's Chinese words, so ``—`` in another language (as on
    the report pages, :func:`jzanalysis.publish.rows.target_text`)."""
    from jzanalysis.i18n import is_plan_language
    from jzanalysis.plan.target import Target

    target = Target.from_row(row)
    if not is_plan_language(lang) and target.op in ("relational", "text_target"):
        return "—"
    return target.cell()


def compare_frame(matched: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The tidy comparison (:data:`COLUMNS`): the shared indicators only, by group then plan order.

    ``name`` and ``unit`` are in ``lang`` (the plan's own words where it has none); ``area`` likewise;
    ``target`` as a table cell shows it (``≥97.5``); ``verdict``, ``status``, ``final_status`` and
    ``attribute`` are codes (the page shows their words).
    """
    from jzanalysis.i18n import column, is_plan_language

    shared = matched[matched["group"] != ""].copy() if "group" in matched else matched.iloc[0:0]
    if shared.empty:
        return pd.DataFrame(columns=COLUMNS)
    order = {g: k for k, g in enumerate(dict.fromkeys(shared["group"]))}
    shared = shared.assign(_o=shared["group"].map(order)).sort_values("_o", kind="stable")

    def get(r, c):
        return r[c] if c in r and not missing(r[c]) else None

    rows = [{"plan": r["plan"], "area": r["area"] if is_plan_language(lang) else r["area_en"],
             "period": r["period"] if is_plan_language(lang) else r.get("period_en", r["period"]), "indicator_id": r["group"], "name": column(r, "name", lang),
             "unit": column(r, "unit", lang), "base_year": get(r, "baseline_year"),
             "base_value": get(r, "baseline_value"), "target": target_cell(r, lang), "attribute": get(r, "attribute") or "",
             "required_pace": get(r, "required_pace"), "verdict": get(r, "feasibility") or "",
             "latest_value": get(r, "latest_value"), "status": get(r, "status") or "",
             "final_status": final_status(r)} for _, r in shared.iterrows()]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["base_year"] = frame["base_year"].astype("Int64")
    return frame


def unmatched(matched: pd.DataFrame, lang: str = "zh") -> dict[str, list[str]]:
    """``{plan: [names]}`` of the indicators no other plan shares."""
    from jzanalysis.i18n import column

    alone = matched[matched["group"] == ""]
    return {p: [column(r, "name", lang) for _, r in grp.iterrows()] for p, grp in alone.groupby("plan", sort=False)}


def comparison(summary: pd.DataFrame, jobs: list, lang: str = "zh") -> pd.DataFrame:
    """Every chosen job's indicators, matched (:func:`match`); empty when fewer than two plans were published."""
    frames = []
    for job in chosen_jobs(summary, jobs, lang):
        try:
            frames.append(plan_indicators(job))
        except Exception as exc:  # noqa: BLE001  (one unreadable report leaves the others compared)
            log.warning("compare: %s left out: %s: %s", job.key, type(exc).__name__, exc)
    if not frames:
        return pd.DataFrame(columns=["plan", "id", "group", "matched_by"])
    return match(pd.concat(frames, ignore_index=True))
