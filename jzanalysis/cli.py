"""The ``jzanalysis`` command: a thin layer over the library.

Exit status: 0 success; 2 bad input (one line ``FILE:LINE: FIELD: message`` on stderr, nothing written);
1 any other failure (e.g. a notebook failed in ``report``).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys

from .errors import InputError

log = logging.getLogger("jzanalysis")
FORMATS = ("csv", "json", "table")


TABLE_VIEWS = {
    "assess": ["id", "name", "baseline_value", "target_op", "target_value", "primary_pace", "required_pace",
               "reference_pace", "projected_2025", "feasibility", "status"],
    "audit": ["severity", "check", "ids"],
    "changes": ["id", "name", "status_before", "status_now", "new_points"],
}
TABLE_TEXT = {"assess": ["reason_zh", "status_reason_zh"], "audit": ["explanation_zh", "arithmetic"],
              "changes": ["reason_zh"]}


def _cell(x) -> str:
    if isinstance(x, float):
        return f"{x:,.0f}" if abs(x) >= 1e4 else f"{x:.4g}"
    return str(x)


def _table(frame, view: str) -> str:
    """A readable terminal view: the key columns, then the sentences of each row indented below it."""
    import textwrap

    cols = [c for c in TABLE_VIEWS[view] if c in frame.columns]
    lines = []
    for _i, row in frame.iterrows():
        head = "  ".join(_cell(row[c]) for c in cols)
        lines.append(head.replace("nan", "—").replace("<NA>", "—"))
        for c in TABLE_TEXT[view]:
            if c in frame.columns and isinstance(row[c], str) and row[c]:
                lines += textwrap.wrap(row[c], width=100, initial_indent="    ", subsequent_indent="    ")
    return "  ".join(cols) + "\n" + "\n".join(lines) + "\n"


def _emit(frame, out: str | None, fmt: str, view: str = "assess") -> None:
    """Write a table as csv/json/table to ``out`` (atomically) or stdout."""
    from .io import write_text_atomic

    if fmt == "csv":
        text = frame.to_csv(index=False, lineterminator="\n")
    elif fmt == "json":
        text = json.dumps(json.loads(frame.to_json(orient="records", force_ascii=False)),
                          ensure_ascii=False, indent=1) + "\n"
    else:
        text = _table(frame, view)
    if out:
        write_text_atomic(out, text)
        log.info("wrote %s (%d rows)", out, len(frame))
    else:
        sys.stdout.write(text)


def _summary(result) -> str:
    ind = result.indicators
    lines = [f"{result.source}: {len(ind)} indicators in Table 1-1, {len(result.narrative_facts)} figures in the prose",
             ""]
    for cat, grp in ind.groupby("category", sort=False):
        lines.append(f"{cat} ({grp['category_en'].iloc[0]})")
        for _, r in grp.iterrows():
            lines.append(f"  {r['seq']:>2} {r['name']}（{r['unit']}） {r['baseline_text']} -> {r['target_text']}"
                         f"  [{r['attribute_zh']}, {r['target_op']}]  {r['id']}")
    roles = result.narrative_facts["role"].value_counts().to_dict()
    lines += ["", "prose figures by role: " + ", ".join(f"{k} {v}" for k, v in sorted(roles.items()))]
    return "\n".join(lines)


def cmd_parse(args) -> int:
    from .parse import parse_plan, write_processed

    result = parse_plan(args.plan)
    for w in result.warnings:
        log.warning("%s", w.render())
    written = write_processed(result, args.out)
    if not args.quiet:
        print(_summary(result))
    for p in written:
        log.info("wrote %s", p)
    return 0


def cmd_assess(args) -> int:
    from .api import analyse

    if args.as_of is not None and args.actuals is None:
        raise InputError("--as-of", None, "as-of", "needs --actuals FILE")
    a = analyse(args.plan, actuals=args.actuals, as_of=args.as_of)
    _emit(a.assessment, args.out, args.format)
    return 0


def cmd_audit(args) -> int:
    from .api import analyse

    a = analyse(args.plan)
    _emit(a.audit, args.out, args.format, view="audit")
    return 0


def cmd_changes(args) -> int:
    import pandas as pd

    from .api import analyse
    from .monitor import what_changed

    try:
        previous = pd.read_csv(args.previous, encoding="utf-8")
    except FileNotFoundError:
        raise InputError(args.previous, None, "file", "no such file") from None
    missing = {"id", "status"} - set(previous.columns)
    if missing:
        raise InputError(args.previous, 1, "header", f"expected a saved assessment with columns id and status; "
                         f"missing {sorted(missing)}")
    a = analyse(args.plan, actuals=args.actuals, as_of=args.as_of)
    _emit(what_changed(previous, a.assessment), args.out, args.format, view="changes")
    return 0


def cmd_report(args) -> int:
    from .report import run_report

    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    return run_report(year=args.year, out=args.out, jobs=args.jobs, formats=formats, lang=args.lang,
                      actuals=args.actuals, plan=args.plan, previous=args.previous)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="jzanalysis", description=__doc__.splitlines()[0])
    p.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = p.add_subparsers(dest="command", required=True)

    sp = sub.add_parser("parse", help="parse the plan into data/processed/indicators.csv and narrative_facts.csv")
    sp.add_argument("plan", nargs="?", default=None, help="plan text (default: the bundled plan)")
    sp.add_argument("--out", default=None, help="output folder (default: data/processed/)")
    sp.add_argument("-q", "--quiet", action="store_true", help="no summary on stdout")
    sp.set_defaults(func=cmd_parse)

    for name, func, helptext in (("assess", cmd_assess, "required pace, reference pace, projection, verdict"),
                                 ("audit", cmd_audit, "the plan's self-audit: findings with the arithmetic")):
        sp = sub.add_parser(name, help=helptext)
        sp.add_argument("--plan", default=None, help="plan text (default: the bundled plan)")
        sp.add_argument("--out", default=None, help="write to FILE (default: stdout)")
        sp.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
        if name == "assess":
            sp.add_argument("--actuals", default=None, help="actual values CSV (id,year,value[,source,note])")
            sp.add_argument("--as-of", type=int, default=None, dest="as_of",
                            help="status as of YEAR (default: latest year in --actuals)")
        sp.set_defaults(func=func)

    sp = sub.add_parser("changes", help="what changed since last year's assessment (status moves and why)")
    sp.add_argument("--previous", required=True, help="last year's assessment CSV (OUT/YEAR-1/data/assessment.csv)")
    sp.add_argument("--actuals", required=True, help="actual values CSV")
    sp.add_argument("--as-of", type=int, default=None, dest="as_of", help="status as of YEAR")
    sp.add_argument("--plan", default=None, help="plan text (default: the bundled plan)")
    sp.add_argument("--out", default=None, help="write to FILE (default: stdout)")
    sp.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    sp.set_defaults(func=cmd_changes)

    sp = sub.add_parser("report", help="run the notebooks and publish HTML and the annual PDF")
    sp.add_argument("--year", type=int, default=None, help="report year (default: latest actuals year, else 2021)")
    sp.add_argument("--out", default="outputs", help="output folder (default: outputs/)")
    sp.add_argument("--jobs", type=int, default=2, help="notebook processes (default: 2)")
    sp.add_argument("--formats", default="html,pdf", help="comma list of html,pdf (default: html,pdf)")
    sp.add_argument("--lang", choices=("zh", "en"), default="zh", help="report language (default: zh)")
    sp.add_argument("--actuals", default=None, help="actual values CSV")
    sp.add_argument("--previous", default=None, help="last year's assessment CSV for 'what changed' "
                    "(default: OUT/YEAR-1/data/assessment.csv when present)")
    sp.add_argument("--plan", default=None, help="plan text (default: the bundled plan)")
    sp.set_defaults(func=cmd_report)
    return p


def _setup_logging(verbose: bool) -> None:
    """Plain timestamped lines on stderr for the ``jzanalysis`` loggers (readable in cron mail and journald)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.handlers = [handler]
    log.setLevel(logging.DEBUG if verbose else logging.INFO)
    log.propagate = False


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    _setup_logging(args.verbose)
    try:
        return args.func(args)
    except InputError as exc:
        print(f"jzanalysis: error: {exc.render()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
