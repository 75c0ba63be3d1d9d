#!/usr/bin/env bash
# Print the path of a Python X.Y interpreter on this machine, or say on stderr why there is none (exit 1).
# Looked for, in order:
#   1. pythonX.Y on PATH, if it really runs X.Y (a pyenv shim of a version that is not selected fails and
#      is skipped);
#   2. pyenv's builds: ${PYENV_ROOT:-~/.pyenv}/versions/X.Y.*/bin/python (newest patch release);
#   3. /usr/local/bin/pythonX.Y, /usr/bin/pythonX.Y;
#   4. uv (UV, default .venv/bin/uv): `uv python find X.Y`, then `uv python install X.Y` (downloads a
#      standalone build; skipped with UV_PYTHON_DOWNLOADS=never, given at most 3 minutes).
# Usage: scripts/find_python.sh 3.13        (used by .ci/run and scripts/test_lowest.sh)
set -uo pipefail
want="${1:?usage: find_python.sh X.Y}"
root="$(cd "$(dirname "$0")/.." && pwd)"
UV="${UV:-$root/.venv/bin/uv}"
# prints the interpreter's real path (not a shim's) when it is Python $want
is_it() { [ -n "$1" ] && "$1" -c "import sys; assert '%d.%d' % sys.version_info[:2] == '$want'; print(sys.executable)" \
            2>/dev/null; }
tried=()

p="$(command -v "python$want" 2>/dev/null || true)"
is_it "$p" && exit 0
tried+=("python$want on PATH")

pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
for p in $(ls -d "$pyenv_root/versions/$want".*/bin/python 2>/dev/null | sort -V -r); do
  is_it "$p" && exit 0
done
tried+=("$pyenv_root/versions/$want.*")

for p in "/usr/local/bin/python$want" "/usr/bin/python$want"; do
  is_it "$p" && exit 0
done
tried+=("/usr/local/bin, /usr/bin")

if [ -x "$UV" ]; then
  p="$("$UV" python find "$want" 2>/dev/null || true)"
  is_it "$p" && exit 0
  if [ "${UV_PYTHON_DOWNLOADS:-}" != never ]; then
    if timeout 180 "$UV" python install "$want" >/dev/null 2>&1; then
      p="$("$UV" python find "$want" 2>/dev/null || true)"
      is_it "$p" && exit 0
    fi
    tried+=("uv python find/install $want (no interpreter, download not reachable)")
  else
    tried+=("uv python find $want (downloads disabled)")
  fi
else
  tried+=("uv (not installed at $UV)")
fi

printf 'no Python %s found; looked at: %s' "$want" "${tried[0]}" >&2
printf '; %s' "${tried[@]:1}" >&2; echo >&2
exit 1
