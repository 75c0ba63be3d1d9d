"""Chinese text in charts, HTML and PDF: one font file, registered once.

The font is Noto Sans CJK SC (SIL Open Font License 1.1), taken from the system, not from PyPI:

1. ``$JZANALYSIS_CJK_FONT``: a font file (``.otf``, ``.ttf`` or a ``.ttc`` collection) holding Noto Sans
   CJK SC or Source Han Sans SC;
2. fontconfig (``fc-match "Noto Sans CJK SC"``), which finds Debian's ``fonts-noto-cjk``
   (``/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc``, installed by ``scripts/sysdeps.sh``);
3. the usual install folders of that package on Debian/Ubuntu, Fedora and Arch;
4. the PyPI package ``mplfonts`` when it happens to be installed (``NotoSansCJKsc-Regular.otf``; its
   SimHei file is never used). It is no longer a dependency: 103 MB for one 16 MB file.

A ``.ttc`` collection holds the JP, KR, SC, TC and HK faces; matplotlib (before 3.10) and fontTools'
subsetter read one face, so the SC face is copied once, table for table, into a single-face ``.otf`` in
the user's cache folder (``$XDG_CACHE_HOME/jzanalysis`` or ``~/.cache/jzanalysis``; about 0.5 s, 16 MB).

The report's charts are SVG (:mod:`jzanalysis.publish.svgchart`) and need no matplotlib. For researchers
who draw charts of their own in JupyterLab with matplotlib or seaborn (both come with the ``[lab]`` extra,
neither with the core install): their default fonts have no CJK glyphs (Chinese renders as boxes with
``UserWarning: Glyph ... missing``); :func:`setup_matplotlib` registers the file with
``fontManager.addfont`` and puts its family first in ``rcParams["font.sans-serif"]``.
``seaborn.set_theme()`` resets the font list, so :func:`setup_seaborn` passes ``font=`` to it.

This module imports matplotlib and seaborn only inside those two functions: ``import jzanalysis`` and the
report never load them.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from jzanalysis.errors import InputError

FONT_FILE = "NotoSansCJKsc-Regular.otf"
#: Family name inside the file (what matplotlib, fontconfig and CSS call it).
FAMILY = "Noto Sans CJK SC"
#: Other names of the same design (Adobe's release of it).
ALIASES = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN")
#: Where distributions install Noto Sans CJK (the ``.ttc`` collection or the SC ``.otf``).
SYSTEM_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",       # Debian, Ubuntu: fonts-noto-cjk
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",     # Fedora: google-noto-sans-cjk-fonts
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",            # Arch: noto-fonts-cjk
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
)
INSTALL_HINT = ("install Debian's fonts-noto-cjk (scripts/sysdeps.sh report, or apt-get install "
                "fonts-noto-cjk) or set JZANALYSIS_CJK_FONT to a Noto Sans CJK SC font file")
#: Family name of the subset of the font embedded in the reader HTML (see :func:`jzanalysis.publish.render.embed_font`).
WEB_FAMILY = "JZ Noto Sans CJK SC"
#: CSS font stack for readers' browsers: the embedded subset first, then common CJK system fonts.
CSS_STACK = (f'"{WEB_FAMILY}", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", '
             '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", '
             '"Droid Sans Fallback", sans-serif')


def _families(font) -> set[str]:
    """Family names (name IDs 1 and 16) of a fontTools ``TTFont``."""
    names = font["name"]
    return {str(n.toUnicode()) for n in names.names if n.nameID in (1, 16)}


def _sc_face(path: Path) -> int | None:
    """Index of the Simplified Chinese face in a font file (0 for a single-face file), else ``None``."""
    from fontTools.ttLib import TTCollection, TTFont

    if path.suffix.lower() in (".ttc", ".otc"):
        with open(path, "rb") as fh:
            coll = TTCollection(fh, lazy=True)
            for i, font in enumerate(coll.fonts):
                if _families(font) & set(ALIASES):
                    return i
        return None
    with TTFont(str(path), lazy=True) as font:
        return 0 if _families(font) & set(ALIASES) else None


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "jzanalysis"


def _single_face(path: Path, index: int) -> Path:
    """A single-face ``.otf`` copy of face ``index`` of a collection, cached by source size and time."""
    from fontTools.ttLib import TTFont

    st = path.stat()
    name = f"{path.stem}-{index}-{st.st_size}-{int(st.st_mtime)}.otf"
    for folder in (_cache_dir(), Path(tempfile.gettempdir()) / "jzanalysis-fonts"):
        target = folder / name
        if target.is_file():
            return target
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, suffix=".otf.tmp")
            os.close(fd)
            with TTFont(str(path), fontNumber=index, lazy=True) as font:
                font.save(tmp)
            os.replace(tmp, target)
            return target
        except OSError:
            continue
    raise InputError(path, None, "font", "cannot write a single-face copy of the font to a cache folder")


def _fontconfig() -> Path | None:
    """The file fontconfig gives for Noto Sans CJK SC, when its family really is that font."""
    if shutil.which("fc-match") is None:
        return None
    try:
        res = subprocess.run(["fc-match", "-f", "%{file}\n%{family}", f"{FAMILY}:lang=zh-cn"],
                             capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    lines = res.stdout.splitlines()
    if len(lines) >= 2 and any(a in lines[1] for a in ALIASES) and Path(lines[0]).is_file():
        return Path(lines[0])
    return None


def _mplfonts() -> Path | None:
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        return None
    for base in spec.submodule_search_locations:
        path = Path(base) / "fonts" / FONT_FILE
        if path.is_file():
            return path
    return None


def find_font() -> tuple[Path, str]:
    """The Noto Sans CJK SC file (maybe a collection) and where it was found (for logs and tests).

    Raises :class:`InputError` naming what to install when none is found.
    """
    env = os.environ.get("JZANALYSIS_CJK_FONT")
    if env:
        p = Path(env).expanduser()
        if not p.is_file():
            raise InputError(env, None, "JZANALYSIS_CJK_FONT", "font file not found")
        return p, "JZANALYSIS_CJK_FONT"
    found = _fontconfig()
    if found is not None:
        return found, "fontconfig"
    for f in SYSTEM_FILES:
        if Path(f).is_file():
            return Path(f), "system"
    found = _mplfonts()
    if found is not None:
        return found, "mplfonts"
    raise InputError(FAMILY, None, "font", f"no Noto Sans CJK SC font for Chinese text: {INSTALL_HINT}")


@functools.lru_cache(maxsize=1)
def font_path() -> Path:
    """Path of a single-face Noto Sans CJK SC file (see the module docstring for where it comes from).

    Raises :class:`InputError` when no such font is installed, or the file holds no Simplified Chinese face.
    """
    path, how = find_font()
    try:
        index = _sc_face(path)
    except Exception as exc:  # not a font file fontTools can read
        raise InputError(path, None, "font", f"not a readable font file ({how}): {exc}") from None
    if index is None:
        raise InputError(path, None, "font", f"holds no {' / '.join(ALIASES)} face ({how}): {INSTALL_HINT}")
    if path.suffix.lower() in (".ttc", ".otc"):
        return _single_face(path, index)
    return path


#: Where distributions install the Bold weight (a ``.ttc`` collection; its SC face is what the PDF uses).
BOLD_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",          # Debian, Ubuntu: fonts-noto-cjk
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc",        # Fedora
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",               # Arch
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Bold.otf",
)


@functools.lru_cache(maxsize=1)
def bold_font_path() -> Path | None:
    """A font file holding the Bold weight of Noto Sans CJK SC, or ``None`` (the PDF then draws bold).

    The file next to :func:`font_path`'s source with ``Regular`` replaced by ``Bold`` (so
    ``JZANALYSIS_CJK_FONT=.../NotoSansCJKsc-Regular.otf`` finds ``NotoSansCJKsc-Bold.otf``), else
    :data:`BOLD_FILES`; a collection is returned as it is (Typst reads its faces itself), provided it has
    an SC face.
    """
    try:
        source, _ = find_font()
    except InputError:
        return None
    candidates = []
    if "Regular" in source.name:
        candidates.append(source.with_name(source.name.replace("Regular", "Bold")))
    candidates += [Path(f) for f in BOLD_FILES]
    for path in candidates:
        try:
            if path.is_file() and _sc_face(path) is not None:
                return path
        except Exception:  # not a font file fontTools can read: try the next one
            continue
    return None


@functools.lru_cache(maxsize=1)
def _register() -> str:
    from matplotlib import font_manager

    path = font_path()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def setup_matplotlib() -> str:
    """Register the CJK font with matplotlib and make it the first sans-serif family; returns the family.

    For researchers' own charts (matplotlib comes with the ``[lab]`` extra); the report does not use it.
    Safe to call repeatedly (the file is registered once; the rcParams are set each time, since seaborn
    or a style sheet may have reset them).
    """
    import matplotlib

    family = _register()
    rc = matplotlib.rcParams
    rest = [f for f in rc["font.sans-serif"] if f != family]
    rc["font.sans-serif"] = [family, *rest]
    rc["font.family"] = ["sans-serif"]
    rc["axes.unicode_minus"] = False  # the CJK font has no U+2212 minus glyph
    return family


def setup_seaborn(style: str = "whitegrid", context: str = "notebook", **rc) -> str:
    """``seaborn.set_theme`` with the CJK font (``set_theme`` alone would reset the font list)."""
    import seaborn as sns

    family = setup_matplotlib()
    sns.set_theme(style=style, context=context, font=family,
                  rc={"axes.unicode_minus": False, "font.sans-serif": [family, "DejaVu Sans"], **rc})
    return setup_matplotlib()
