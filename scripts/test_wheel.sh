#!/usr/bin/env bash
# The package outside a checkout, as a scheduled server installs it:
#   1. build the sdist and, from it, the wheel (what `python -m build` does);
#   2. install the wheel with the core lock (requirements.lock, hashes) into a fresh virtual environment;
#   3. from an empty folder outside the checkout, with no JZANALYSIS_ROOT: --version, parse, assess,
#      audit, assess --plan DIR (a copy of the bundled plan folder), template, assess --actuals (the template filled in), report --formats html; check every exit status is 0, the outputs exist in that
#      folder and nothing was written into site-packages.
# Usage: scripts/test_wheel.sh   (PYTHON: interpreter of the new venv; BUILD_PYTHON: one with `build`;
#        UV: uv binary for the install, default .venv/bin/uv; UV=none: pip)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
BUILD_PYTHON="${BUILD_PYTHON:-$root/.venv/bin/python}"
UV="${UV:-$root/.venv/bin/uv}"   # set UV=none to install with pip
work="$(mktemp -d "${TMPDIR:-/tmp}/jz-wheel.XXXXXX")"
trap 'rm -rf "$work"' EXIT
unset JZANALYSIS_ROOT
t0=$SECONDS
step() { printf '[test-wheel %4ds] %s\n' "$((SECONDS - t0))" "$*"; }
fail() { echo "test-wheel: FAILED: $*" >&2; exit 1; }

step "build sdist and wheel"
"$BUILD_PYTHON" -m build --no-isolation --outdir "$work/dist" "$root" >"$work/build.log" 2>&1 \
  || { tail -30 "$work/build.log"; fail "build"; }
whl=$(ls "$work"/dist/jzanalysis-*.whl)
step "built $(basename "$whl") ($(du -k "$whl" | cut -f1) KB)"

step "fresh venv ($("$PYTHON" --version)), core lock, the wheel"
"$PYTHON" -m venv "$work/venv"
if [ -x "$UV" ]; then   # uv installs the same hash-checked lock in seconds instead of minutes
  "$UV" pip install -q --python "$work/venv/bin/python" --require-hashes -r "$root/requirements.lock"
  "$UV" pip install -q --python "$work/venv/bin/python" --no-deps "$whl"
else
  "$work/venv/bin/python" -m pip install -q --require-hashes -r "$root/requirements.lock"
  "$work/venv/bin/python" -m pip install -q --no-deps "$whl"
fi
site=$("$work/venv/bin/python" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
step "installed: $(du -sm "$work/venv" | cut -f1) MB"

run="$work/run"; mkdir -p "$run"; cd "$run"
jz="$work/venv/bin/jzanalysis"
check() { local what=$1; shift; step "$what"; "$@" >"$work/out.txt" 2>"$work/err.txt" \
  || { tail -20 "$work/err.txt"; fail "$what (exit $?)"; }; }
check "--version" "$jz" --version
grep -q "^jzanalysis [0-9]" "$work/out.txt" || fail "--version printed $(cat "$work/out.txt")"
check "parse" "$jz" parse -q
test -s data/processed/indicators.csv && test -s data/processed/narrative_facts.csv || fail "parse outputs"
check "assess" "$jz" assess --format csv --out assessment.csv
test "$(wc -l <assessment.csv)" -gt 31 || fail "assessment.csv has $(wc -l <assessment.csv) lines"
check "audit" "$jz" audit --format csv --out audit.csv
test -s audit.csv || fail "audit.csv"
# a plan folder of one's own (here a copy of the bundled one, taken from the installed package): --plan DIR
cp -r "$site/jzanalysis/_bundle/data/plans/jinzhong-14" myplan
check "assess --plan DIR" "$jz" assess --plan myplan --format csv --out assessment_myplan.csv
cmp -s assessment.csv assessment_myplan.csv || fail "assess --plan (a copy of the bundled plan) differs from assess"
check "template" "$jz" template --out actuals_template.xlsx
test -s actuals_template.xlsx || fail "template"
# an office fills in the workbook (two values of life expectancy, 2020 baseline 77.3) and assesses with it
"$work/venv/bin/python" - <<'PY'
import openpyxl
wb = openpyxl.load_workbook("actuals_template.xlsx")
ws = wb["填报"]
row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "life_expectancy")
ws.cell(row, 6).value, ws.cell(row, 7).value, ws.cell(row, 11).value = 77.5, 77.7, "illustrative"
wb.save("filled.xlsx")
PY
check "assess --actuals filled.xlsx" "$jz" assess --actuals filled.xlsx --format csv --out monitored.csv
grep -q "^life_expectancy," monitored.csv || fail "monitored.csv has no life_expectancy row"
check "report --formats html" "$jz" report --formats html --jobs 2
test -s outputs/2021/index.html && test -s outputs/2021/data/assessment.csv || fail "report outputs"
ls outputs/2021/html/*.html >/dev/null || fail "report html pages"
if find "$site" -path '*/data/processed*' -o -name 'outputs' -path "$site/*" | grep -q .; then
  fail "something was written into site-packages"
fi
step "all commands exit 0 outside the checkout; outputs in $run"
