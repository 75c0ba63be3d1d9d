"""Screenshots of a published report, as a reader sees it (``make screenshots``; not committed).

    python scripts/screenshots.py [REPORT_DIR] [--out outputs/screenshots]

For the index, the overview and the indicators page at 1280 and 390 px wide (headless Chromium), and the
first PDF pages (``pdftoppm``). REPORT_DIR defaults to the newest ``outputs/<year>``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = {"index": "index.html", "overview": "html/01_overview.html", "indicators": "html/02_indicators.html"}
WIDTHS = (1280, 390)


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    raise SystemExit("headless Chromium not found (apt-get install chromium)")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("report", nargs="?", help="a report folder (default: the newest outputs/<year>)")
    p.add_argument("--out", default=str(ROOT / "outputs" / "screenshots"))
    p.add_argument("--height", type=int, default=1600)
    args = p.parse_args(argv)
    if args.report:
        report = Path(args.report)
    else:
        years = sorted((d for d in (ROOT / "outputs").glob("[0-9]*") if d.is_dir()), key=lambda d: d.stat().st_mtime)
        if not years:
            raise SystemExit("no report in outputs/: run `make report` first")
        report = years[-1]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    browser = chromium()
    written = []
    with tempfile.TemporaryDirectory() as profile:
        for key, rel in PAGES.items():
            page = report / rel
            if not page.is_file():
                continue
            for width in WIDTHS:
                target = out / f"{key}-{width}.png"
                subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                f"--user-data-dir={profile}", f"--window-size={width},{args.height}",
                                f"--screenshot={target}", page.resolve().as_uri()],
                               check=True, capture_output=True, timeout=120)
                written.append(target)
    pdfs = sorted(report.glob("report-*.pdf"))
    if pdfs and shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-l", "4", str(pdfs[0]), str(out / "pdf")], check=True)
        written += sorted(out.glob("pdf-*.png"))
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
