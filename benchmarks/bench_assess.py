"""Speed of the analysis in-process: import cost, and parse + audit + assess of the whole plan.

Goal (issue 3): the whole plan assessed and audited in well under 100 ms after import, and
``import jzanalysis`` without matplotlib. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_assess.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
import tracemalloc

from jzanalysis import paths


def main(repeat: int = 20) -> None:
    code = "import time,sys;t=time.perf_counter();import jzanalysis;print(time.perf_counter()-t, 'matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    print(f"import jzanalysis: {float(out[0]) * 1000:.1f} ms; matplotlib imported: {out[1]}")

    from jzanalysis.analysis.assess import assess
    from jzanalysis.analysis.audit import audit
    from jzanalysis.analysis.facts import FactIndex
    from jzanalysis.inputs.reference import load_population
    from jzanalysis.plan.parse import parse_plan

    t = time.perf_counter()
    result = parse_plan()
    print(f"first parse (includes pandas/yaml warm-up): {(time.perf_counter() - t) * 1000:.1f} ms")
    pop = load_population()

    parse_t, audit_t, assess_t = [], [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = parse_plan()
        t1 = time.perf_counter()
        index = FactIndex(result.narrative_facts)
        findings = audit(result.indicators, index, pop, result.warnings)
        t2 = time.perf_counter()
        assess(result.indicators, index, findings)
        t3 = time.perf_counter()
        parse_t.append(t1 - t0)
        audit_t.append(t2 - t1)
        assess_t.append(t3 - t2)
    med = statistics.median
    print(f"parse:  median {med(parse_t) * 1000:.1f} ms over {repeat} runs")
    from jzanalysis.plan.prose import extract_facts
    from jzanalysis.plan.text import read_plan

    text = read_plan(paths.PLAN_TEXT)
    facts_t = []
    for _ in range(repeat):
        t = time.perf_counter()
        extract_facts(text)
        facts_t.append(time.perf_counter() - t)
    print(f"prose figures (extract_facts; goal: under 50 ms): median {med(facts_t) * 1000:.1f} ms")
    print(f"audit:  median {med(audit_t) * 1000:.1f} ms")
    print(f"assess: median {med(assess_t) * 1000:.1f} ms")
    print(f"audit + assess (goal: well under 100 ms): {(med(audit_t) + med(assess_t)) * 1000:.1f} ms")
    tracemalloc.start()
    findings = audit(result.indicators, result.narrative_facts, pop, result.warnings)
    assess(result.indicators, result.narrative_facts, findings)
    peak = tracemalloc.get_traced_memory()[1]
    print(f"peak Python memory of audit + assess: {peak / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
