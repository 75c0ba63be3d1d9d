#!/usr/bin/env bash
# Install the Debian packages the report and the tests need, when they are missing.
#   report: fonts-noto-cjk (Noto Sans CJK SC, SIL OFL: Chinese in charts, HTML and PDF; found through
#           fontconfig by jzanalysis/publish/fonts.py; its Bold weight is the PDF's bold). The PDF is laid
#           out by Typst, a Python wheel: no system library.
#   tests:  poppler-utils (pdftotext, pdffonts, pdfinfo), chromium (browser test)
# Usage: scripts/sysdeps.sh [report|test]   (default: test)
set -euo pipefail
what="${1:-test}"
need=()
if [ -z "${JZANALYSIS_CJK_FONT:-}" ] && ! (fc-list : family 2>/dev/null || true) | grep -c 'Noto Sans CJK SC' >/dev/null; then
  need+=(fonts-noto-cjk fontconfig)
fi
if [ "$what" = test ]; then
  command -v pdftotext >/dev/null || need+=(poppler-utils)
  [ -x /usr/bin/chromium ] || need+=(chromium)
fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "sysdeps: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "sysdeps: missing Debian packages: ${need[*]} (install them with sudo apt-get install ...)" >&2
  [ "$what" = report ] && exit 1 || exit 0
fi
