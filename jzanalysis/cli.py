"""The ``jzanalysis`` command: a thin layer over the library.

Exit status: 0 success; 2 bad input (one line ``FILE:LINE: FIELD: message`` on stderr, nothing written);
1 any other failure (e.g. a notebook failed in ``report``).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys

from .errors import LINE_MAX, InputError, shorten

log = logging.getLogger("jzanalysis")
FORMATS = ("csv", "json", "table")
DEFAULT_TIMEOUT = 600.0  # seconds per notebook cell in `report` (jzanalysis.report.DEFAULT_TIMEOUT)
ACCEPT_HELP = ("accept actual values whose size suggests another unit (e.g. 万元 for 元); they are used and "
               "shown with a warning (default: such a value is an error)")


class _UsageError(Exception):
    """A command-line usage error (printed as one line, exit 2)."""


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors as one line (``jzanalysis: error: ...``), without the usage block."""

    def error(self, message):
        raise _UsageError(f"{self.prog}: {message} (see `{self.prog} --help`)")


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


def _out_file(out: str | None) -> None:
    """``--out FILE`` must name a file that can be written: not a folder, in a folder that exists or can
    be made and is writable; else :class:`InputError` (exit 2) before any work."""
    if not out:
        return
    from pathlib import Path

    p = Path(out)
    if p.is_dir():
        raise InputError(out, None, "out", "is a folder; expected a file name (e.g. assessment.csv)")
    _writable_dir(p.parent, out)


def _out_dir(out: str | None) -> None:
    """``--out DIR`` must be a folder (existing or creatable) that can be written."""
    if not out:
        return
    from pathlib import Path

    p = Path(out)
    if p.exists() and not p.is_dir():
        raise InputError(out, None, "out", "exists and is not a folder; expected an output folder")
    _writable_dir(p, out)


def _writable_dir(folder, out: str) -> None:
    from .io import check_output_dir

    check_output_dir(folder, out)


def cmd_parse(args) -> int:
    from .parse import parse_plan, write_processed

    _out_dir(args.out)
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
    _out_file(args.out)
    a = analyse(args.plan, actuals=args.actuals, as_of=args.as_of, accept_implausible=args.accept_implausible)
    _emit(a.assessment, args.out, args.format)
    return 0


def cmd_audit(args) -> int:
    from .api import analyse

    _out_file(args.out)
    a = analyse(args.plan)
    _emit(a.audit, args.out, args.format, view="audit")
    return 0


def read_assessment(path, pd):
    """A saved assessment CSV (``--previous``) with at least ``id`` and ``status``; else :class:`InputError`."""
    from pathlib import Path

    p = Path(path)
    if not p.exists():
        raise InputError(path, None, "file", "no such file")
    if p.is_dir():
        raise InputError(path, None, "file", "expected a CSV file, found a folder")
    try:
        head = p.read_bytes()[:4]
    except OSError as exc:
        raise InputError(path, None, "file", f"cannot read the file: {exc.strerror or exc}") from None
    if not head.strip():
        raise InputError(path, 1, "file", "the file is empty; expected last year's assessment.csv")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        raise InputError(path, 1, "encoding", "the file is UTF-16; save it as UTF-8")
    try:
        previous = pd.read_csv(p, encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(path, None, "encoding", "not UTF-8; save the file as UTF-8") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise InputError(path, None, "file", f"cannot read as CSV: {str(exc).splitlines()[0]}") from None
    missing = {"id", "status"} - set(previous.columns)
    if missing:
        raise InputError(path, 1, "header", f"expected a saved assessment with columns id and status; "
                         f"missing {sorted(missing)}")
    return previous


def cmd_changes(args) -> int:
    import pandas as pd

    from .api import analyse
    from .monitor import what_changed

    _out_file(args.out)
    previous = read_assessment(args.previous, pd)
    a = analyse(args.plan, actuals=args.actuals, as_of=args.as_of, accept_implausible=args.accept_implausible)
    _emit(what_changed(previous, a.assessment), args.out, args.format, view="changes")
    return 0


def cmd_report(args) -> int:
    from .report import run_report

    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    return run_report(year=args.year, out=args.out, jobs=args.jobs, formats=formats, lang=args.lang,
                      actuals=args.actuals, plan=args.plan, previous=args.previous, timeout=args.timeout,
                      accept_implausible=args.accept_implausible)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="jzanalysis", description=__doc__.splitlines()[0])
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
            sp.add_argument("--accept-implausible", action="store_true", help=ACCEPT_HELP)
        sp.set_defaults(func=func)

    sp = sub.add_parser("changes", help="what changed since last year's assessment (status moves and why)")
    sp.add_argument("--previous", required=True, help="last year's assessment CSV (OUT/YEAR-1/data/assessment.csv)")
    sp.add_argument("--actuals", required=True, help="actual values CSV")
    sp.add_argument("--as-of", type=int, default=None, dest="as_of", help="status as of YEAR")
    sp.add_argument("--plan", default=None, help="plan text (default: the bundled plan)")
    sp.add_argument("--out", default=None, help="write to FILE (default: stdout)")
    sp.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    sp.add_argument("--accept-implausible", action="store_true", help=ACCEPT_HELP)
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
    sp.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds a notebook cell may run "
                    f"before the report fails (default: {DEFAULT_TIMEOUT:g})")
    sp.add_argument("--accept-implausible", action="store_true", help=ACCEPT_HELP)
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
    """Run the command; exit status 0 success, 2 bad input (one line), 1 any other failure (one line;
    ``-v`` adds the traceback), 130 interrupted."""
    try:
        args = build_parser().parse_args(argv)
    except _UsageError as exc:
        print(f"jzanalysis: error: {shorten(str(exc), LINE_MAX)}", file=sys.stderr)
        return 2
    _setup_logging(args.verbose)
    try:
        return args.func(args)
    except InputError as exc:
        print(f"jzanalysis: error: {exc.render()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        print(f"jzanalysis: error: {shorten(where + (exc.strerror or str(exc)), LINE_MAX)}", file=sys.stderr)
        log.debug("details", exc_info=True)
        return 1
    except Exception as exc:  # a bug or an environment problem: one line, the traceback with -v
        print(f"jzanalysis: error: {shorten(f'{type(exc).__name__}: {exc}', LINE_MAX)} (run with -v for details)",
              file=sys.stderr)
        log.debug("details", exc_info=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
