#!/usr/bin/env bash
# The lowest versions pyproject.toml allows: resolve every direct dependency (and [dev]) at its lower
# bound (`uv pip compile --resolution lowest-direct`; transitive ones at their newest), on the oldest
# supported Python (3.11, the floor of requires-python, found by scripts/find_python.sh; else python3, said
# so), install into a fresh venv and run lint and the tests.
# Usage: UV=.venv/bin/uv scripts/test_lowest.sh [pytest args]   (default: the whole suite;
#        LOWEST_PYTHON=/path/to/python3.11 names the interpreter)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
UV="${UV:-$root/.venv/bin/uv}"
PYTHON="${LOWEST_PYTHON:-}"
if [ -z "$PYTHON" ] && ! PYTHON=$(UV="$UV" "$root/scripts/find_python.sh" 3.11); then
  PYTHON=python3
  echo "[test-lowest] Python 3.11 not found: testing python3 ($(python3 --version)) instead" >&2
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/jz-lowest.XXXXXX")"
trap 'rm -rf "$work"' EXIT
t0=$SECONDS
pyver=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
echo "[test-lowest] Python $pyver ($PYTHON)"
"$UV" pip compile -q "$root/pyproject.toml" --extra dev --resolution lowest-direct \
  --python-version "$pyver" -o "$work/lowest.txt"
grep -E '^(pandas|numpy|matplotlib|typst|uharfbuzz|pandera|pytest|ruff|statsmodels|papermill|openpyxl)==' \
  "$work/lowest.txt" | tr '\n' ' '; echo
"$PYTHON" -m venv "$work/venv"
"$UV" pip install -q --python "$work/venv/bin/python" -r "$work/lowest.txt"
"$UV" pip install -q --python "$work/venv/bin/python" --no-deps --no-build-isolation -e "$root"
cd "$root"
"$work/venv/bin/ruff" check .
# a hung notebook kernel (as with jupyter_client 8.0.0) fails the run instead of blocking it
PATH="$work/venv/bin:$PATH" timeout "${LOWEST_TIMEOUT:-2400}" "$work/venv/bin/python" -m pytest -q -p no:cacheprovider "$@"
echo "[test-lowest] passed in $((SECONDS - t0)) s"
