"""Synthetic plans for tests and benchmarks: the bundled plan copied, its area renamed, values changed.

**Synthetic: not any real city's plan.** Each folder holds ``SYNTHETIC.md`` saying so, its title says
（合成示例） / (synthetic), and its area is made up (甲坪市, 乙坪市 ...). Made at run time, never committed.
"""

from __future__ import annotations

import re
import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from jzanalysis import paths

#: Made-up area names (zh stem, English) of the synthetic plans, in order.
AREAS = [("甲坪", "Jiaping"), ("乙坪", "Yiping"), ("丙坪", "Bingping"), ("丁坪", "Dingping"), ("戊坪", "Wuping"),
         ("己坪", "Jiping"), ("庚坪", "Gengping"), ("辛坪", "Xinping"), ("壬坪", "Renping"), ("癸坪", "Guiping"),
         ("子坪", "Ziping"), ("丑坪", "Chouping")]
#: Units of the table rows whose values are scaled (counts and levels, not shares or rates).
SCALED_UNITS = ("个", "张", "人", "平方米", "万人次", "年", "岁")
NOTE = ("# SYNTHETIC: not a real plan\n\nMade by jzanalysis.batch.synthetic from the bundled plan "
        "(data/plans/jinzhong-14) for tests and benchmarks: the area is renamed to {area} and the values of "
        "count and level rows are multiplied by {factor}. Do not cite.\n")


def scale_text(value: str, factor: float) -> str:
    """A table cell's number times ``factor``, with as many decimals as it had (half up); the cell's
    other characters (``≥``, ``%``) kept; text without a number unchanged.

    >>> scale_text("0.99", 1.1), scale_text("≥4.5", 1.1), scale_text("—", 2)
    ('1.09', '≥5.0', '—')
    """
    m = re.search(r"\d+(?:\.\d+)?", value)
    if not m:
        return value
    number = m.group(0)
    places = Decimal(1).scaleb(-len(number.split(".")[1])) if "." in number else Decimal(1)
    scaled = (Decimal(number) * Decimal(str(factor))).quantize(places, rounding=ROUND_HALF_UP)
    return value[: m.start()] + str(scaled) + value[m.end():]


def scale_table(text: str, factor: float) -> str:
    """The plan text with the base and target cells of its count and level rows scaled (:func:`scale_text`).

    Notes
    -----
    A table row is ``\\tNAME（UNIT）`` followed by its base cell and its target cell, one a line; rows whose
    unit is one of :data:`SCALED_UNITS` are scaled.
    """
    lines = text.split("\n")
    for i, line in enumerate(lines[:-2]):
        m = re.fullmatch(r"\t(.+)（(.+)）", line)
        if m and m.group(2) in SCALED_UNITS:
            for j in (i + 1, i + 2):
                if lines[j].startswith("\t"):
                    lines[j] = "\t" + scale_text(lines[j][1:], factor)
    return "\n".join(lines)


def _rename_ids(folder: Path, renames: dict) -> None:
    """``{old id: (new id, new name or None)}``: a new name is printed in the table and the old one kept
    as an alias (so the parser still finds the row)."""
    meta = folder / "indicators.yaml"
    text = meta.read_text(encoding="utf-8")
    raw = next((folder / "raw").glob("*.txt"))
    plan_text = raw.read_text(encoding="utf-8")
    for old, (new, name) in renames.items():
        text = text.replace(f"- id: {old}\n", f"- id: {new}\n")
        if name:
            m = re.search(rf"- id: {new}\n(?:.*\n)*?    name: \{{zh: ([^,}}]+)(.*)\n", text)
            old_name = m.group(1).strip()
            text = text.replace(m.group(0), m.group(0).replace(f"name: {{zh: {old_name}{m.group(2)}",
                                                               f"name: {{zh: {name}{m.group(2)}\n"
                                                               f"    aliases: [{old_name}]"))
            plan_text = plan_text.replace(f"\t{old_name}（", f"\t{name}（", 1)
    meta.write_text(text, encoding="utf-8")
    raw.write_text(plan_text, encoding="utf-8")


def make_plan(folder, k: int = 0, factor: float = 1.0, renames: dict | None = None) -> Path:
    """Write synthetic plan number ``k`` (area :data:`AREAS` [k]) into ``folder``; returns it.

    Parameters
    ----------
    folder : path-like
        The new plan folder (replaced when it exists).
    k : int
        Which made-up area.
    factor : float
        The count and level rows' values are multiplied by it (:func:`scale_table`).
    renames : dict, optional
        ``{old id: (new id, new printed name or None)}`` (to test matching by alias and by name).
    """
    folder = Path(folder)
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(paths.DEFAULT_PLAN, folder)
    zh, en = AREAS[k % len(AREAS)]
    if k >= len(AREAS):
        zh, en = f"{zh}{k // len(AREAS) + 1}", f"{en} {k // len(AREAS) + 1}"
    for p in [folder / "plan.yaml", folder / "narrative_series.yaml", *sorted((folder / "raw").glob("*"))]:
        if p.suffix in (".yaml", ".txt", ".csv", ".md"):
            text = p.read_text(encoding="utf-8").replace("晋中", zh).replace("Jinzhong", en)
            if p.suffix == ".txt":
                text = scale_table(text, factor)
            p.write_text(text, encoding="utf-8")
    cfg = folder / "plan.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("规划》\n", "规划》（合成示例）\n", 1)
                   .replace("social security)\n", "social security) (synthetic)\n", 1), encoding="utf-8")
    if renames:
        _rename_ids(folder, renames)
    (folder / "SYNTHETIC.md").write_text(NOTE.format(area=f"{zh}市 ({en})", factor=factor), encoding="utf-8")
    return folder


def make_plans(root, n: int, factors=(1.0, 1.1, 0.9, 1.2)) -> list[Path]:
    """``n`` synthetic plans ``root/synthetic-01`` ... (factors in turn); returns their folders."""
    root = Path(root)
    return [make_plan(root / f"synthetic-{k + 1:02d}", k, factors[k % len(factors)]) for k in range(n)]
