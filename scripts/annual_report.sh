#!/usr/bin/env bash
# The yearly report as .github/workflows/annual-report.yml runs it, in two steps that CI tests too
# (tests/test_ops.py: `run` with a stand-in command, `check` against a freshly built report):
#
#   scripts/annual_report.sh run OUT     run `jzanalysis report --out OUT` and name the folder it wrote
#   scripts/annual_report.sh check DIR   check DIR/report-YEAR.pdf: every page A4, every font embedded,
#                                        the plan's title in the text
#
# run: settings from the environment (the workflow's inputs): YEAR (empty: the report's own default, the
#   latest year in the actuals, else 2021), ACTUALS, PREVIOUS (paths, empty: none), REPORT_LANG (zh|en,
#   default zh), JOBS (default 2), JZANALYSIS (the command, default jzanalysis). It prints `dir=OUT/YEAR` and
#   `year=YEAR` on stdout, and appends them to $GITHUB_OUTPUT when that is set. The folder is the one the
#   report says it wrote (its log line "report YEAR written to ..."), never the newest folder under OUT.
#   Exit status: the report's (0 published, 1 failed, 2 bad input), or 1 when the folder is not there.
# check: REPORT_LANG (zh|en, default zh) chooses the title words looked for: 晋中市, 十四五, 高品质生活建设,
#   公共服务和社会保障事业 (zh); Jinzhong, 14th Five-Year Plan, public services and social security (en).
#   Needs poppler-utils (pdfinfo, pdffonts, pdftotext). Exit status 0 when every check holds, else 1.
set -euo pipefail

fail() { echo "annual_report: FAILED: $*" >&2; exit 1; }

# the year of the line "report YEAR written to DIR" in a report log (the last one)
year_from_log() {
  sed -nE 's/.*report ([0-9]{4}) written to .*/\1/p' "$1" | tail -n 1
}

run() {
  local out="${1:?usage: annual_report.sh run OUT}"
  local lang="${REPORT_LANG:-zh}" jz="${JZANALYSIS:-jzanalysis}"
  local args=(report --out "$out" --jobs "${JOBS:-2}" --lang "$lang")
  [ -n "${YEAR:-}" ] && args+=(--year "$YEAR")
  [ -n "${ACTUALS:-}" ] && args+=(--actuals "$ACTUALS")
  [ -n "${PREVIOUS:-}" ] && args+=(--previous "$PREVIOUS")
  local log status=0
  log="$(mktemp)"
  # the report logs to stderr: shown as it runs (still on stderr) and kept to read the year it wrote
  set +e
  { "$jz" "${args[@]}" 2>&1 1>&3 3>&- | tee "$log" >&2; status=${PIPESTATUS[0]}; } 3>&1
  set -e
  if [ "$status" -ne 0 ]; then
    rm -f "$log"
    echo "annual_report: jzanalysis report exited with $status" >&2
    exit "$status"
  fi
  local year
  year="$(year_from_log "$log")"
  rm -f "$log"
  [ -n "$year" ] || fail "the report did not say which year it wrote (no 'report YEAR written to' line)"
  if [ -n "${YEAR:-}" ] && [ "$year" != "$YEAR" ]; then
    fail "asked for year $YEAR, the report wrote $year"
  fi
  local dir="${out%/}/$year"
  [ -d "$dir" ] || fail "$dir: not found after the report"
  echo "dir=$dir"
  echo "year=$year"
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    printf 'dir=%s\nyear=%s\n' "$dir" "$year" >>"$GITHUB_OUTPUT"
  fi
}

check() {
  local dir="${1:?usage: annual_report.sh check DIR}"
  dir="${dir%/}"
  local year lang="${REPORT_LANG:-zh}"
  year="$(basename "$dir")"
  local pdf="$dir/report-$year.pdf"
  [ -s "$pdf" ] || fail "$pdf: missing or empty"
  for tool in pdfinfo pdffonts pdftotext; do
    command -v "$tool" >/dev/null || fail "$tool not found (Debian/Ubuntu: apt-get install poppler-utils)"
  done

  local info pages sizes not_a4
  info="$(pdfinfo "$pdf")" || fail "$pdf: pdfinfo cannot read it"
  echo "$info" | grep -E '^(Title|Pages|Page size):' || true
  pages="$(echo "$info" | sed -nE 's/^Pages: +([0-9]+)$/\1/p')"
  [ -n "$pages" ] && [ "$pages" -ge 1 ] || fail "$pdf: no pages"
  sizes="$(pdfinfo -f 1 -l "$pages" "$pdf" | grep -E '^Page +[0-9]+ size:')"
  not_a4="$(echo "$sizes" | grep -vc '(A4)' || true)"
  [ "$(echo "$sizes" | grep -c .)" -eq "$pages" ] || fail "$pdf: pdfinfo listed the size of fewer pages than $pages"
  [ "$not_a4" -eq 0 ] || fail "$pdf: $not_a4 of $pages pages are not A4: $(echo "$sizes" | grep -v '(A4)' | head -3)"

  local fonts nfonts unembedded
  fonts="$(pdffonts "$pdf")" || fail "$pdf: pdffonts cannot read it"
  echo "$fonts"
  # columns: name type... encoding emb sub uni object-number generation (the type has spaces: count from the end)
  nfonts="$(echo "$fonts" | tail -n +3 | grep -c . || true)"
  unembedded="$(echo "$fonts" | tail -n +3 | awk 'NF >= 6 && $(NF-4) != "yes"' | grep -c . || true)"
  [ "$nfonts" -ge 1 ] || fail "$pdf: no fonts (text drawn as images or missing)"
  [ "$unembedded" -eq 0 ] || fail "$pdf: $unembedded of $nfonts fonts not embedded"

  # the text without white space, so that a title broken across lines still matches
  local text words=() w
  text="$(pdftotext -enc UTF-8 "$pdf" - | tr -d ' \t\r\n\f')"
  case "$lang" in
    zh) words=(晋中市 十四五 高品质生活建设 公共服务和社会保障事业) ;;
    en) words=(Jinzhong 14thFive-YearPlan publicservicesandsocialsecurity) ;;
    *) fail "REPORT_LANG=$lang: expected zh or en" ;;
  esac
  for w in "${words[@]}"; do
    case "$text" in
      *"$w"*) ;;
      *) fail "$pdf: the plan's title words '$w' ($lang) are not in the text" ;;
    esac
  done
  echo "annual_report: $pdf: $pages A4 pages, $nfonts fonts all embedded, title words found ($lang)"
}

case "${1:-}" in
  run) shift; run "$@" ;;
  check) shift; check "$@" ;;
  year-from-log) shift; year_from_log "${1:?usage: annual_report.sh year-from-log FILE}" ;;
  *) echo "usage: scripts/annual_report.sh run OUT | check DIR" >&2; exit 2 ;;
esac
