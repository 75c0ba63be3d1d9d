"""The ``jzanalysis`` command: a thin layer over the library.

Exit status: 0 success; 2 bad input (one line ``FILE:LINE: FIELD: message`` on stderr, nothing written);
1 any other failure (e.g. a notebook failed in ``report``).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys

from jzanalysis._version import __version__
from jzanalysis.errors import LINE_MAX, InputError, shorten
from jzanalysis.i18n import languages

log = logging.getLogger("jzanalysis")
FORMATS = ("csv", "json", "table")
DEFAULT_TIMEOUT = 600.0  # seconds per notebook cell in `report` (jzanalysis.publish.runner.DEFAULT_TIMEOUT)
PLAN_HELP = ("plan folder with plan.yaml (docs/plans.md), or a bare plan text read with the bundled plan's "
             "settings (default: the bundled plan, data/plans/jinzhong-14)")
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
               "reference_pace", "projected", "feasibility", "status"],
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
    from jzanalysis.io import write_text_atomic

    if fmt == "csv":  # machine-readable: raw values (formula neutralisation is for reader downloads only)
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
    cfg = result.config
    caption = cfg.caption_in("en") if cfg is not None else "Table 1-1"
    head = f"{cfg.title} ({cfg.base_year}->{cfg.target_year})\n" if cfg is not None else ""
    lines = [f"{head}{result.source}: {len(ind)} indicators in {caption}, {len(result.narrative_facts)} figures "
             "in the prose", ""]
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

    from jzanalysis.io import output_kind

    p = Path(out)
    if p.is_dir():
        raise InputError(out, None, "out", "is a folder; expected a file name (e.g. assessment.csv)")
    if output_kind(out) != "file":
        return  # standard output, a character device or a FIFO: written straight through
    _writable_dir((Path(os.path.realpath(p)) if p.is_symlink() else p).parent, out)


def _out_dir(out: str | None) -> None:
    """``--out DIR`` must be a folder (existing or creatable) that can be written."""
    if not out:
        return
    from pathlib import Path

    p = Path(out)
    if out == "-":
        raise InputError(out, None, "out", "standard output cannot hold a folder of files; give an output folder")
    if p.exists() and not p.is_dir():
        raise InputError(out, None, "out", "exists and is not a folder; expected an output folder")
    _writable_dir(p, out)


def _writable_dir(folder, out: str) -> None:
    from jzanalysis.io import check_output_dir

    check_output_dir(folder, out)


def cmd_parse(args) -> int:
    from jzanalysis.plan.parse import parse_plan, write_processed

    _out_dir(args.out)
    if args.plan and args.plan_opt and args.plan != args.plan_opt:
        raise InputError("--plan", None, "plan", "give the plan once: as PLAN or as --plan PLAN")
    result = parse_plan(args.plan or args.plan_opt)
    for w in result.warnings:
        log.warning("%s", w.render())
    written = write_processed(result, args.out)
    if not args.quiet:
        print(_summary(result))
    for p in written:
        log.info("wrote %s", p)
    return 0


def cmd_assess(args) -> int:
    from jzanalysis.api import analyse

    if args.as_of is not None and args.actuals is None:
        raise InputError("--as-of", None, "as-of", "needs --actuals FILE")
    _out_file(args.out)
    a = analyse(args.plan, actuals=args.actuals, as_of=args.as_of, accept_implausible=args.accept_implausible)
    _emit(a.assessment, args.out, args.format)
    return 0


def cmd_audit(args) -> int:
    from jzanalysis.api import analyse

    _out_file(args.out)
    a = analyse(args.plan)
    _emit(a.audit, args.out, args.format, view="audit")
    return 0


def cmd_changes(args) -> int:

    from jzanalysis.analysis.changes import what_changed
    from jzanalysis.api import analyse
    from jzanalysis.inputs.previous import read_assessment

    _out_file(args.out)
    previous = read_assessment(args.previous)
    a = analyse(args.plan, actuals=args.actuals, as_of=args.as_of, accept_implausible=args.accept_implausible)
    _emit(what_changed(previous, a.assessment), args.out, args.format, view="changes")
    return 0


def cmd_template(args) -> int:
    from pathlib import Path

    from jzanalysis.io import output_kind
    from jzanalysis.publish.template import write_template

    out = Path(args.out)
    _out_file(args.out)
    regular = output_kind(args.out) == "file"
    if regular and out.suffix.lower() != ".xlsx":
        raise InputError(out, None, "out", "the workbook must end in .xlsx")
    if regular and out.exists() and not args.force:
        raise InputError(out, None, "out", "already exists (a filled-in workbook would be lost); "
                         "give another --out or --force")
    write_template(args.out if not regular else out, None, lang=args.lang, plan=args.plan)
    log.info("wrote %s: fill in sheet 填报, then run: jzanalysis report --actuals %s", out, out)
    return 0


def cmd_init_plan(args) -> int:
    from jzanalysis.inputs.reference import draft_references
    from jzanalysis.plan.draft import draft_plan, write_draft

    draft = draft_plan(args.text, args.table)
    draft.checks += draft_references(draft)  # benchmarks and population the bundled reference data has
    out = write_draft(draft, args.out, force=args.force)
    print(f"init-plan: drafted {out} from {draft.source}")
    print("found:")
    for line in draft.found:
        print(f"  {line}")
    print("check (then set drafted: false in plan.yaml):")
    for line in draft.checks:
        print(f"  - {line}")
    return 0


def cmd_report(args) -> int:
    import os

    from jzanalysis.publish.runner import run_report

    # notebook kernels resolve relative parameters against the folder the command was started from
    os.environ.setdefault("JZANALYSIS_LAUNCH_DIR", os.getcwd())

    if args.out == "-":
        _out_dir(args.out)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    return run_report(year=args.year, out=args.out, jobs=args.jobs, formats=formats, lang=args.lang,
                      actuals=args.actuals, plan=args.plan, previous=args.previous, timeout=args.timeout,
                      accept_implausible=args.accept_implausible, binding_first=args.binding_first)


def cmd_batch(args) -> int:
    """``jzanalysis batch``: a thin layer over :mod:`jzanalysis.batch` (exit 0 ok, 1 a job failed, 2 bad input)."""
    from jzanalysis.batch import plan_jobs, read_manifest, run_batch
    from jzanalysis.batch.cluster import MissingDask

    if bool(args.manifest) == bool(args.plans):
        raise InputError("batch", None, "manifest", "give a MANIFEST (YAML or CSV) or --plans DIR ..., not both")
    _out_dir(args.out)
    os.environ.setdefault("JZANALYSIS_LAUNCH_DIR", os.getcwd())
    defaults = {k: v for k, v in (("years", args.years), ("languages", args.languages), ("formats", args.formats),
                                  ("actuals", args.actuals)) if v}
    jobs = read_manifest(args.manifest, args.out, defaults) if args.manifest else plan_jobs(args.plans, args.out,
                                                                                             defaults)
    if args.workers is not None and args.workers < 1:
        raise InputError("--workers", None, "workers", "expected a whole number >= 1")
    try:
        return run_batch(jobs, args.out, scheduler=args.scheduler, workers=args.workers, force=args.force,
                         lang=args.lang, report_jobs=args.jobs, timeout=args.timeout)
    except MissingDask as exc:
        print(f"jzanalysis: error: {exc}", file=sys.stderr)
        return 1


DESCRIPTION = """Five-year plans for public services (bundled: Jinzhong's 14th Five-Year plan; any plan of its
shape as a folder with plan.yaml, --plan DIR): parse the plan, project every indicator, audit the plan
against itself, monitor actual values and publish reports."""

EPILOG = """examples:
  jzanalysis assess                              verdict of every indicator (bundled plan)
  jzanalysis template                            write actuals_template.xlsx to fill in
  jzanalysis report --actuals filled.xlsx        the yearly report in ./outputs/YEAR/
  jzanalysis report --plan plans/other           the report on another plan (a folder with plan.yaml)
  jzanalysis batch plans.yaml                    many plans in one run (Dask), compared side by side
  jzanalysis SUBCOMMAND --help                   options and examples of one subcommand

exit status: 0 success; 2 bad input (one line FILE:LINE: FIELD: message); 1 any other failure."""

OUT_HELP = ("write to FILE (default and '-': stdout); a symlink is followed (its file is replaced), /dev/null "
            "or a FIFO is written straight through")
ACTUALS_HELP = ("actual values: the workbook of jzanalysis template (.xlsx) or a long CSV "
                "(id,year,value[,source,note]); a relative path is read from the current folder")

#: description and examples of each subcommand (shown by `jzanalysis SUBCOMMAND --help`)
HELP = {
    "parse": ("Parse the plan (a folder with plan.yaml, or a text) into its main table and the figures in its "
              "prose; print a summary and write "
              "indicators.csv and narrative_facts.csv to ./data/processed (or --out).",
              ["jzanalysis parse", "jzanalysis parse --plan plans/other --out parsed/ -q"]),
    "assess": ("For every indicator: the pace the target requires, the plan's own reference pace, the "
               "projection to the target year and the verdict; with --actuals, the monitoring status as of a year.",
               ["jzanalysis assess", "jzanalysis assess --format csv --out assessment.csv",
                "jzanalysis assess --actuals filled.xlsx --as-of 2023"]),
    "audit": ("The plan's self-audit: where two of its own numbers cannot both hold, with the arithmetic.",
              ["jzanalysis audit", "jzanalysis audit --format json --out audit.json"]),
    "changes": ("What changed since last year's assessment: status moves and the reasons.",
                ["jzanalysis changes --previous outputs/2022/data/assessment.csv --actuals filled.xlsx"]),
    "report": ("Run the notebooks and publish the reader HTML, the annual A4 PDF and the data behind them "
               "in OUT/YEAR/ (default ./outputs/YEAR/).",
               ["jzanalysis report", "jzanalysis report --actuals filled.xlsx --formats html",
                "jzanalysis report --plan plans/other",
                "jzanalysis report --year 2024 --actuals actuals.csv --out /srv/jz/reports --lang en"]),
    "batch": ("Many plans in one run, on Dask: every (plan, year, language) of MANIFEST (YAML or CSV: plan "
              "folder, actuals, years, languages, out folder) or of --plans DIR ... is one report in its own "
              "folder OUT/ENTRY/LANG/YEAR; a job whose inputs are unchanged since it was published is skipped "
              "(--force reruns it). Writes OUT/batch/summary.csv and index.html (one row per job) and "
              "compare.csv and compare.html (the indicators the plans share). Runs on a LocalCluster (one "
              "worker process per core) or on a running cluster (--scheduler). Exit 0 every job ok or "
              "skipped, 1 any job failed (after the others ran), 2 bad manifest. See docs/batch.md.",
              ["jzanalysis batch plans.yaml --out /srv/jz/batch",
               "jzanalysis batch --plans plans/* --years 2023 --languages zh,en",
               "jzanalysis batch plans.yaml --scheduler tcp://10.0.0.5:8786 --out /shared/batch"]),
    "init-plan": ("Draft a plan folder from a plan's text alone: plan.yaml (title, period, years, area, the "
                  "main table's caption and header), indicators.yaml (each row's id, names, unit, direction, "
                  "kind, bounds and target operator, with the guessed fields listed), narrative_series.yaml "
                  "and raw/ (the text and PROVENANCE.md with its sha256). Prints what it found and what to "
                  "check. An existing folder is replaced only with --force. See docs/plans.md.",
                  ["jzanalysis init-plan plan15.txt --out plans/jinzhong-15",
                   "jzanalysis init-plan plan15.txt --out plans/jinzhong-15 --force",
                   "jzanalysis init-plan prose.txt --table table.csv --out plans/other"]),
    "template": ("Write the Excel workbook in which an office enters actual values: sheet 填报 with one row "
                 "per indicator and prose target (id, name, unit, base-year value, target, the years of the "
                 "plan's period with number validation, source, note) and sheet 说明 with instructions. "
                 "Give the filled-in file to --actuals.",
                 ["jzanalysis template", "jzanalysis template --out actuals_2024.xlsx",
                  "jzanalysis report --actuals actuals_2024.xlsx"]),
}


def _subparser(sub, common, name: str, helptext: str):
    description, examples = HELP[name]
    return sub.add_parser(name, help=helptext, description=description, parents=[common],
                          epilog="examples:\n" + "\n".join(f"  {e}" for e in examples),
                          formatter_class=argparse.RawDescriptionHelpFormatter)


def _batch_parser(sub, common) -> None:
    """The ``batch`` subcommand's options (:func:`cmd_batch`)."""
    sp = _subparser(sub, common, "batch", "many plans in one run on Dask: reports, summary, comparison")
    sp.add_argument("manifest", nargs="?", default=None, help="the jobs: a YAML or CSV file (docs/batch.md)")
    sp.add_argument("--plans", nargs="+", default=None, metavar="DIR",
                    help="plan folders instead of a manifest (a pattern such as 'plans/*' is expanded)")
    sp.add_argument("--out", default="outputs", help="the batch's folder (default: ./outputs)")
    sp.add_argument("--scheduler", default=None, metavar="tcp://HOST:8786",
                    help="a running Dask scheduler (default: a LocalCluster on this machine)")
    sp.add_argument("--workers", type=int, default=None, help="LocalCluster worker processes (default: one per core)")
    sp.add_argument("--force", action="store_true", help="rerun jobs whose inputs are unchanged")
    sp.add_argument("--lang", choices=languages(), default="zh", help="language of the batch's pages (default: zh)")
    sp.add_argument("--years", default=None, help="default years, e.g. 2022,2023 (default: the latest actuals "
                    "year, else the plan period's first year)")
    sp.add_argument("--languages", default=None, help="default report languages, e.g. zh,en (default: zh)")
    sp.add_argument("--formats", default=None, help="default report formats (default: html)")
    sp.add_argument("--actuals", default=None, help="default actuals file (" + ACTUALS_HELP + ")")
    sp.add_argument("--jobs", type=int, default=1, help="notebook processes per report (default: 1)")
    sp.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds a notebook cell may run "
                    f"(default: {DEFAULT_TIMEOUT:g})")
    sp.set_defaults(func=cmd_batch)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="jzanalysis", description=DESCRIPTION, epilog=EPILOG,
                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    # the same option after the subcommand (`jzanalysis report -v`); SUPPRESS keeps a -v given before it
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="debug logging")
    sub = p.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")

    sp = _subparser(sub, common, "parse", "parse the plan into indicators.csv and narrative_facts.csv")
    sp.add_argument("plan", nargs="?", default=None, help=PLAN_HELP)
    sp.add_argument("--plan", default=None, dest="plan_opt", help="the same as PLAN (as every command takes it)")
    sp.add_argument("--out", default=None, help="output folder (default: ./data/processed in the current folder)")
    sp.add_argument("-q", "--quiet", action="store_true", help="no summary on stdout")
    sp.set_defaults(func=cmd_parse)

    for name, func, helptext in (("assess", cmd_assess, "required pace, reference pace, projection, verdict"),
                                 ("audit", cmd_audit, "the plan's self-audit: findings with the arithmetic")):
        sp = _subparser(sub, common, name, helptext)
        sp.add_argument("--plan", default=None, help=PLAN_HELP)
        sp.add_argument("--out", default=None, help=OUT_HELP)
        sp.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
        if name == "assess":
            sp.add_argument("--actuals", default=None, help=ACTUALS_HELP)
            sp.add_argument("--as-of", type=int, default=None, dest="as_of",
                            help="status as of YEAR (default: latest year in --actuals)")
            sp.add_argument("--accept-implausible", action="store_true", help=ACCEPT_HELP)
        sp.set_defaults(func=func)

    sp = _subparser(sub, common, "changes", "what changed since last year's assessment (status moves and why)")
    sp.add_argument("--previous", required=True, help="last year's assessment CSV (OUT/YEAR-1/data/assessment.csv)")
    sp.add_argument("--actuals", required=True, help=ACTUALS_HELP)
    sp.add_argument("--as-of", type=int, default=None, dest="as_of", help="status as of YEAR")
    sp.add_argument("--plan", default=None, help=PLAN_HELP)
    sp.add_argument("--out", default=None, help=OUT_HELP)
    sp.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    sp.add_argument("--accept-implausible", action="store_true", help=ACCEPT_HELP)
    sp.set_defaults(func=cmd_changes)

    sp = _subparser(sub, common, "report", "run the notebooks and publish HTML and the annual PDF")
    sp.add_argument("--year", type=int, default=None, help="report year (default: latest actuals year, else the plan period's first year, 2021 for the "
                    "bundled plan); before the target year a monitoring report, from it the final evaluation")
    sp.add_argument("--out", default="outputs", help="output folder (default: ./outputs in the current folder)")
    sp.add_argument("--jobs", type=int, default=2, help="notebook processes (default: 2)")
    sp.add_argument("--formats", default="html,pdf", help="comma list of html,pdf (default: html,pdf)")
    sp.add_argument("--lang", choices=languages(), default="zh", help="report language (default: zh; the languages in jzanalysis/locales and $JZANALYSIS_LOCALES)")
    sp.add_argument("--actuals", default=None, help=ACTUALS_HELP)
    sp.add_argument("--previous", default=None, help="last year's assessment CSV for 'what changed' "
                    "(default: OUT/YEAR-1/data/assessment.csv when present)")
    sp.add_argument("--plan", default=None, help=PLAN_HELP)
    sp.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds a notebook cell, or the PDF "
                    f"layout, may run before the report fails (default: {DEFAULT_TIMEOUT:g})")
    sp.add_argument("--accept-implausible", action="store_true", help=ACCEPT_HELP)
    sp.add_argument("--binding-first", action="store_true", dest="binding_first",
                    help="final evaluation: list the binding (约束性) indicators first in the completion table "
                    "download (downloads/completion.csv, sheet 完成情况 of results.xlsx); default: the plan's order")
    sp.set_defaults(func=cmd_report)

    _batch_parser(sub, common)

    sp = _subparser(sub, common, "init-plan", "draft a plan folder (plan.yaml, indicators.yaml) from a plan's text")
    sp.add_argument("text", help="the plan's text (UTF-8; the main table one cell per line as in data/raw, or "
                                 "one row per line with cells split by tabs or |)")
    sp.add_argument("--out", required=True, help="the plan folder to write (must not exist, unless --force)")
    sp.add_argument("--force", action="store_true", help="replace an existing folder")
    sp.add_argument("--table", metavar="FILE", default=None,
                    help="the main table in its own CSV or .xlsx (one table row per record), when the text "
                         "does not hold it; copied to raw/ and named in plan.yaml (table.file)")
    sp.set_defaults(func=cmd_init_plan)

    sp = _subparser(sub, common, "template", "write the Excel workbook to fill in actual values")
    sp.add_argument("--out", default="actuals_template.xlsx",
                    help="the workbook to write (default: ./actuals_template.xlsx)")
    sp.add_argument("--lang", choices=languages(), default="zh", help="language of headers and instructions")
    sp.add_argument("--plan", default=None, help=PLAN_HELP)
    sp.add_argument("--force", action="store_true", help="overwrite an existing workbook")
    sp.set_defaults(func=cmd_template)
    return p


def _setup_logging(verbose: bool) -> None:
    """Timestamped lines on stderr (readable in cron mail and journald), configured at the entry point.

    ``logging.basicConfig`` adds a handler to the root logger only when it has none, so a host program
    (or pytest) that configured logging keeps its own; the ``jzanalysis`` logger keeps its handlers and
    propagation, only its level is set.
    """
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    log.setLevel(logging.DEBUG if verbose else logging.INFO)


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
