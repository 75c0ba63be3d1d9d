"""A third language for the tests: a copy of English with every word marked "XX " (``make_xx``), found
through $JZANALYSIS_LOCALES (the ``xx`` fixture of conftest.py)."""

from __future__ import annotations

from pathlib import Path

import yaml

from jzanalysis import i18n

EN = Path(i18n.__file__).parent / "locales" / "en"


def _mark(value):
    """Every entry marked "XX " (plural forms too); format fields untouched."""
    if isinstance(value, dict):
        return {k: _mark(v) for k, v in value.items()}
    return "XX " + str(value)


def make_xx(root: Path) -> Path:
    """``root/xx``: the English catalogue with every entry marked, and its language.yaml (English's,
    falling back to English where data has no words in xx)."""
    folder = root / "xx"
    folder.mkdir(parents=True)
    for f in EN.glob("*.yaml"):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        if f.name == "language.yaml":
            data.update(name="Xx", html_lang="x-xx", fallback=["en"])
        else:
            data = {k: _mark(v) for k, v in data.items()}
        (folder / f.name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder
