"""Where the bundled data lives. Nothing here reads ``../shared``."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
#: Project root (the checkout). Overridable for installed copies with ``JZANALYSIS_ROOT``.
ROOT = Path(os.environ.get("JZANALYSIS_ROOT", PACKAGE_DIR.parent))
DATA = ROOT / "data"
RAW = DATA / "raw"
PROCESSED = DATA / "processed"
OUTPUTS = ROOT / "outputs"
NOTEBOOKS = ROOT / "notebooks"

PLAN_TEXT = RAW / "jinzhong_14th_fyp_public_services_2021_2025.txt"
CENSUS = RAW / "census_2020_population.csv"
INDICATOR_META = DATA / "indicators.yaml"
NARRATIVE_META = DATA / "narrative_series.yaml"
