"""`jzanalysis init-plan` on the bundled plan and the SYNTHETIC plans: wall time per run (goal: under 2 s on
a plan of the bundled plan's size). Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_init_plan.py
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from jzanalysis import paths
from jzanalysis.errors import InputError
from jzanalysis.plan.draft import draft_plan, write_draft
from jzanalysis.plan.table import find_table
from jzanalysis.plan.text import read_plan

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [paths.PLAN_TEXT, *sorted((ROOT / "tests" / "plans").glob("*.txt"))]


def main() -> None:
    print(f"{'plan':<60} {'lines':>6} {'rows':>5} {'best s':>7} {'worst s':>8}")
    tmp = Path(tempfile.mkdtemp(prefix="bench-init-plan-"))
    try:
        for text in TEXTS:
            times = []
            for i in range(5):
                t = time.perf_counter()
                draft = draft_plan(text)
                write_draft(draft, tmp / f"{text.stem}-{i}")
                times.append(time.perf_counter() - t)
            lines = text.read_text(encoding="utf-8").count("\n") + 1
            print(f"{text.name:<60} {lines:>6} {len(draft.table.rows):>5} {min(times):>7.3f} {max(times):>8.3f}")
        # a hostile text: 20 000 table rows and no header (every row start is a candidate)
        rows = "\n".join(f"\t{i}\n\t甲\n\t乙（%）\n\t1\n\t2\n\t预期性\n" for i in range(20_000))
        text = tmp / "no_header.txt"
        text.write_text("标题\n" + rows + "\n\n后文。", encoding="utf-8")
        plan = read_plan(text)
        t = time.perf_counter()
        try:
            find_table(plan)
        except InputError as exc:
            print(f"20 000 rows without a header: refused in {time.perf_counter() - t:.3f} s ({exc.field})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
