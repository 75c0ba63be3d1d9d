"""Extraction on pathological prose (issue 11): time and output size against sentence length.

Goal: linear time and output proportional to the input (before: an 80 000-character sentence took 14 s,
a 185 KB plan gave a 209 MB ``narrative_facts.csv``). Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_hostile.py
"""

from __future__ import annotations

import time
from pathlib import Path

from jzanalysis.plan.prose import extract_facts
from jzanalysis.plan.series import link_series
from jzanalysis.plan.text import Line, PlanText

SHAPES = {
    "'1个' repeated (one figure per 2 characters)": "1个",
    "'由1人' repeated (subjects carried over)": "由1人",
    "'较2015年增长1%' repeated (growing subjects before issue 11)": "较2015年增长1%",
    "'、到2025年达到5%' repeated (markers and clauses)": "、到2025年达到5%",
}


def run(text: str) -> tuple[int, float, float, int]:
    plan = PlanText(Path("bench.txt"), [Line(1, "二、总体要求", "二、总体要求"), Line(2, text, text)])
    t = time.perf_counter()
    facts = extract_facts(plan)
    t_extract = time.perf_counter() - t
    t = time.perf_counter()
    facts = link_series(facts)
    t_link = time.perf_counter() - t
    return len(facts), t_extract, t_link, len(facts.to_csv(index=False).encode("utf-8"))


def main() -> None:
    print(f"{'shape':<62} {'chars':>7} {'rows':>6} {'extract s':>9} {'link s':>7} {'csv MB':>7}")
    for label, unit in SHAPES.items():
        for n in (20_000, 40_000, 80_000):
            text = (unit * (n // len(unit) + 1))[:n]
            rows, te, tl, size = run(text)
            print(f"{label:<62} {n:>7} {rows:>6} {te:>9.2f} {tl:>7.2f} {size / 1e6:>7.1f}")


if __name__ == "__main__":
    main()
