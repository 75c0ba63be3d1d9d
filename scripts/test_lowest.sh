#!/usr/bin/env bash
# The lowest versions pyproject.toml allows: resolve every direct dependency (and [dev]) at its lower
# bound (`uv pip compile --resolution lowest-direct`; transitive ones at their newest), on the oldest
# supported Python (3.10 when found, else PYTHON), install into a fresh venv and run lint and the tests.
# Usage: UV=.venv/bin/uv scripts/test_lowest.sh [pytest args]   (default: the whole suite)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
UV="${UV:-$root/.venv/bin/uv}"
PYTHON="${LOWEST_PYTHON:-}"
if [ -z "$PYTHON" ]; then
  PYTHON=python3
  for p in python3.10 "$HOME/.pyenv/versions/3.10.13/bin/python"; do
    if command -v "$p" >/dev/null && "$p" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
      PYTHON=$p; break
    fi
  done
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/jz-lowest.XXXXXX")"
trap 'rm -rf "$work"' EXIT
t0=$SECONDS
pyver=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
echo "[test-lowest] Python $pyver ($PYTHON)"
"$UV" pip compile -q "$root/pyproject.toml" --extra dev --resolution lowest-direct \
  --python-version "$pyver" -o "$work/lowest.txt"
grep -E '^(pandas|numpy|matplotlib|weasyprint|nbconvert|pandera|pytest|ruff|statsmodels|papermill|openpyxl)==' \
  "$work/lowest.txt" | tr '\n' ' '; echo
"$PYTHON" -m venv "$work/venv"
"$UV" pip install -q --python "$work/venv/bin/python" -r "$work/lowest.txt"
"$UV" pip install -q --python "$work/venv/bin/python" --no-deps --no-build-isolation -e "$root"
cd "$root"
"$work/venv/bin/ruff" check .
# a hung notebook kernel (as with jupyter_client 8.0.0) fails the run instead of blocking it
PATH="$work/venv/bin:$PATH" timeout "${LOWEST_TIMEOUT:-2400}" "$work/venv/bin/python" -m pytest -q -p no:cacheprovider "$@"
echo "[test-lowest] passed in $((SECONDS - t0)) s"
