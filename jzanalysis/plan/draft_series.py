"""``init-plan`` drafts the prose series: the history and targets the review and target sections state,
bound to the table's rows by name (issue 21, item 1).

From the facts of the plan's own prose (:func:`jzanalysis.plan.prose.extract_facts`, dated by the drafted
years) and the drafted table rows:

* **row series** (``indicator:`` the row): the figures whose subject is the row's name (a level), a change
  of it since a year (``每千人口床位数较2015年增加0.83张``: a change), the count behind a per-capita row
  (``执业（助理）医师……8070人`` for 每千人口执业（助理）医师数: a numerator) and the additions it commits to
  (``新增托位5000个``: added);
* **standalone series**: a quantity the prose states with a history and something to compare it with (a
  level at the base year and one at the previous base or the target year; a level and a stated growth; a
  flow over the previous period and one over the plan's), e.g. urban and rural income, GDP, fitness trails;
  a count the prose calls per 1,000 population (``每千人口……注册护士……9172人``);
* for a growth row, the level series of the same quantity (``居民人均可支配收入增长率`` -> 城镇/农村居民人均可支配
  收入): its ``level_series`` and ``reference_from``.

Every rule is an exact subject (``^…$``) and unit, so a drafted series links only the figures it was drafted
from. Pure functions over plain rows (dicts).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

#: Words that say the same thing in a subject (``城镇常住人口人均可支配收入`` = ``城镇居民人均可支配收入``).
SAME_WORDS = (("常住人口", "居民"),)
#: A stated growth after the quantity's name: 年均增长, 年均增速, 较2015年增长.
GROWTH_TAIL = re.compile(r"(?:年均(?:增长|增速)|年均增长率)$")
TOTAL_TAIL = re.compile(r"较(?P<y>\d{4})年(?:增长|提高)$")
CHANGE_TAIL = re.compile(r"较(?P<y>\d{4})年(?:增加|提高|减少|下降)$")
#: How close a subject must be to a row's name (matched characters / the shorter one's length).
NAME_MATCH = 0.75
#: A figure of a per-capita row's unit this many times its base value is a count, not a rate.
COUNT_FACTOR = 50
PER_WORDS = {100: ("每百人",), 1000: ("每千人口", "每千人"), 10000: ("每万人口", "每万人")}
FLOW_UNITS = frozenset({"个", "所", "张", "户", "家", "座", "处", "名", "公里", "项", "人", "人次", "平方米"})


def norm(subject: str) -> str:
    """A subject with :data:`SAME_WORDS` made one: ``城镇常住人口人均可支配收入`` -> ``城镇居民人均可支配收入``."""
    for a, b in SAME_WORDS:
        subject = subject.replace(a, b)
    return subject


def closeness(a: str, b: str) -> float:
    """Characters ``a`` and ``b`` share in order (:class:`difflib.SequenceMatcher` blocks) over the shorter
    one's length: ``公办园在园幼儿率`` / ``公办园在园幼儿占比`` = 7/8."""
    if not a or not b:
        return 0.0
    shared = sum(m.size for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    return shared / min(len(a), len(b))


def row_stem(name: str) -> str:
    """A per-capita row's counted thing: ``每千人口拥有执业（助理）医师数`` -> ``执业（助理）医师``."""
    stem = re.sub(r"^(?:每(?:百|千|万|十万)人口?|人均)(?:拥有)?", "", name)
    return stem[:-1] if stem.endswith("数") else stem


def per_scale(fact: dict) -> int | None:
    """The population unit the clause of a count says it is per (``每千人口`` -> 1000), else ``None``."""
    sentence, written = str(fact.get("sentence", "")), str(fact.get("value_text", ""))
    for clause in re.split(r"[，,；;：:。]", sentence):
        if written and written in clause:
            return next((k for k, words in PER_WORDS.items() if any(w in clause for w in words)), None)
    return None


def _is_flow(fact: dict) -> bool:
    return "-" in str(fact["year"]) and fact["unit"] in FLOW_UNITS


def row_measure(fact: dict, row: dict, entry: dict) -> str:
    """How a fact belongs to a table row's series (``level``, ``change``, ``numerator``, ``added``), or ``""``.

    Notes
    -----
    The unit must be the row's. A subject ending in 较YYYY年增加 whose head is close to the row's name
    (:func:`closeness` >= :data:`NAME_MATCH`) is a change; for a per-capita row a figure at least
    :data:`COUNT_FACTOR` times its base value whose subject is close to the counted thing
    (:func:`row_stem`) is the numerator, and before that a flow (a period, 新增/累计) of the counted
    thing's last word is added; else a subject close to the name is a level.
    """
    if fact["unit"] != row["unit"] or fact["role"] not in ("history", "target"):
        return ""
    subject, name = norm(fact["subject"]), norm(row["name"])
    m = CHANGE_TAIL.search(subject)
    if m:
        return "change" if closeness(subject[: m.start()], name) >= NAME_MATCH else ""
    if entry.get("per_population"):
        base = row.get("baseline_value")
        stem = row_stem(name)
        big = base is not None and base > 0 and fact["value"] >= COUNT_FACTOR * base
        if (_is_flow(fact) or fact.get("qualifier") in ("累计", "新增")) and len(subject) >= 2 \
                and stem.endswith(subject):
            return "added"
        if big and closeness(row_stem(subject), stem) >= NAME_MATCH:
            return "numerator"
    if GROWTH_TAIL.search(subject) or TOTAL_TAIL.search(subject):
        return ""
    return "level" if closeness(subject, name) >= NAME_MATCH and len(subject) >= 0.5 * len(name) else ""


def bind_rows(facts: list[dict], rows: list[dict], entries: list[dict]) -> dict[str, list[tuple[dict, str]]]:
    """``{row id: [(fact, measure), …]}``: each fact bound to the first row it belongs to (:func:`row_measure`)."""
    out: dict[str, list] = {}
    for fact in facts:
        for row, entry in zip(rows, entries, strict=True):
            measure = row_measure(fact, row, entry)
            if measure:
                out.setdefault(entry["id"], []).append((fact, measure))
                break
    return out


def quantity(fact: dict) -> tuple[str, str]:
    """(the quantity's name, the measure) of a fact not bound to a row: ``…年均增长`` (%) -> growth,
    ``…较2015年增长`` (%) -> growth_total, a counted flow over a period -> added, else level."""
    subject = norm(fact["subject"])
    if fact["unit"] == "%":
        for tail, measure in ((GROWTH_TAIL, "growth"), (TOTAL_TAIL, "growth_total")):
            m = tail.search(subject)
            if m and m.start() > 0:
                return subject[: m.start()], measure
    if _is_flow(fact):
        return subject, "added"
    return subject, "level"


def standalone(facts: list[dict], frame, bound: set[str]) -> list[tuple[str, str, list[tuple[dict, str]]]]:
    """The standalone series: ``[(name, unit, [(fact, measure), …])]`` in the order first stated.

    Notes
    -----
    Facts not bound to a row (ids in ``bound``) are grouped by quantity (:func:`quantity`) and the unit of
    their levels; a group is a series when it has a history and something to compare it with: levels at
    two of the previous base, the base and the target year, a level and a stated growth, or a flow over the
    previous period and one over the plan's. A count the prose calls per 1,000 population (``每千人口``) is
    its own series too (a numerator).
    """
    groups: dict[tuple[str, str], list] = {}
    for fact in facts:
        if fact["id"] in bound or fact["role"] not in ("history", "target"):
            continue
        name, measure = quantity(fact)
        if measure == "level" and fact["unit"] == "人" and per_scale(fact):
            measure = "numerator"
        unit = fact["unit"] if measure not in ("growth", "growth_total") else None
        groups.setdefault((name, unit), []).append((fact, measure))
    out = []
    for (name, unit), members in groups.items():
        if unit is None:
            continue
        members += groups.get((name, None), [])
        if _worth_a_series(members, frame):
            out.append((name, unit, members))
    return out


def _worth_a_series(members: list[tuple[dict, str]], frame) -> bool:
    span = f"{frame.previous_first}-{frame.base_year}"  # a bound held over the previous period: the base
    years = {str(frame.base_year) if str(f["year"]) == span else str(f["year"]) for f, m in members if m == "level"}
    history = any(f["role"] == "history" for f, _ in members)
    marks = {frame.history_period[0], str(frame.base_year), str(frame.target_year)}
    measures = {m for _, m in members}
    flows = {f["role"] for f, m in members if m == "added"}
    return history and (len(years & marks) >= 2 or ("level" in measures and measures & {"growth", "growth_total"})
                        or flows == {"history", "target"} or "numerator" in measures)


def _rules(members: list[tuple[dict, str]]) -> list[dict]:
    """One rule per (subject, unit, measure) in first-stated order: the exact subject as read."""
    seen, out = set(), []
    for fact, measure in members:
        key = (fact["subject"], fact["unit"], measure)
        if key not in seen:
            seen.add(key)
            out.append({"subject": "^" + re.escape(fact["subject"]) + "$", "unit": fact["unit"], "measure": measure})
    return out


def _standalone_entry(name: str, unit: str, members: list, namer) -> dict:
    """A standalone series' entry (the fields of narrative_series.yaml), with ``guessed``; ``namer(name,
    unit)`` gives its id, English name, English unit and direction (init-plan's glossary)."""
    measures = {m for _, m in members}
    kind = "cumulative" if "added" in measures else "level"
    ident, name_en, unit_en, direction = namer(name, unit)
    entry = {"id": ident, "name_zh": name, "name_en": name_en, "unit": unit, "unit_en": unit_en,
             "direction": direction, "kind": kind,
             "pace": "linear" if kind == "cumulative" or unit == "%" else "cagr",
             "bounds": [0, 100] if unit == "%" else [0, None]}
    scale = next((per_scale(f) for f, m in members if m == "numerator"), None)
    if scale:
        entry["scale"] = scale
    entry["match"] = _rules(members)
    entry["guessed"] = ["id", "name_en", "direction", "kind", "pace", "bounds"]
    return entry


def _row_entry(entry: dict, members: list) -> dict:
    """The series of a table row: its id, the row it feeds and its rules (scale for counts and additions)."""
    out = {"id": entry["id"], "indicator": entry["id"]}
    if any(m in ("numerator", "added") for _, m in members) and entry.get("per_population"):
        out.update(name_zh=row_stem(entry["name_zh"]), unit=members[0][0]["unit"], direction="higher",
                   kind="cumulative" if any(m == "added" for _, m in members) else "level", pace="linear",
                   bounds=[0, None], scale=entry["per_population"])
        out["name_en"] = ""
    out["match"] = _rules(members)
    return out


def level_series_of(entry: dict, row: dict, series: list[dict], frame) -> list[str]:
    """For a growth row, the standalone level series of the same quantity with a target in the target year
    (``居民人均可支配收入增长率`` -> the 城镇/农村居民人均可支配收入 series): their ids, else ``[]``."""
    if entry.get("kind") != "growth":
        return []
    stem = re.sub(r"(?:年均)?(?:增长率|增速|增长)$", "", norm(row["name"]))
    if len(stem) < 3:
        return []
    return [s["id"] for s in series if "indicator" not in s and stem in s["name_zh"] and s.get("unit") != "%"]


def draft_series(facts: list[dict], rows: list[dict], entries: list[dict], frame,
                 namer) -> tuple[list[dict], dict, list[str]]:
    """The drafted prose series, the fields they add to the rows' entries and the lines to print
    (``namer``: see :func:`_standalone_entry`).

    Returns
    -------
    series : list of dict
        narrative_series.yaml's ``series`` (row series first, in table order, then standalone ones).
    links : dict
        ``{row id: {"level_series": [...], "reference_from": [...]}}`` for growth rows.
    found : list of str
        What was drafted, for the ``found`` lines.
    """
    bound = bind_rows(facts, rows, entries)
    series = [_row_entry(e, bound[e["id"]]) for e in entries if e["id"] in bound]
    used = {f["id"] for members in bound.values() for f, _ in members}
    alone = [_standalone_entry(n, u, m, namer) for n, u, m in standalone(facts, frame, used)]
    series += alone
    links = {}
    for row, e in zip(rows, entries, strict=True):
        ids = level_series_of(e, row, alone, frame)
        if ids:
            links[e["id"]] = {"level_series": ids, "reference_from": ids}
    found = [f"series: {len(series) - len(alone)} table rows with prose figures, {len(alone)} series of the prose "
             f"alone ({'、'.join(s['name_zh'] for s in alone) or 'none'})"]
    found += [f"series: {k} levels come from {'、'.join(v['level_series'])}" for k, v in links.items()]
    return series, links, found
