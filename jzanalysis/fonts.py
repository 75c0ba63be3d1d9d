"""Chinese text in charts, HTML and PDF: one font file, registered once.

The font is Noto Sans CJK SC (SIL Open Font License) as shipped inside the PyPI package ``mplfonts``
(``mplfonts/fonts/NotoSansCJKsc-Regular.otf``). The SimHei file that ``mplfonts`` also ships is never
used (its licence is doubtful), and ``mplfonts.use_font()`` is not called (it needs a separate
``mplfonts init`` step).

matplotlib's default fonts have no CJK glyphs (Chinese renders as boxes with ``UserWarning: Glyph ...
missing``); :func:`setup_matplotlib` registers the file with ``fontManager.addfont`` and puts its family
first in ``rcParams["font.sans-serif"]``. ``seaborn.set_theme()`` resets the font list, so
:func:`setup_seaborn` passes ``font=`` to it.

This module imports matplotlib only inside its functions: ``import jzanalysis`` stays light.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

from .errors import InputError

FONT_FILE = "NotoSansCJKsc-Regular.otf"
#: Family name inside the file (what matplotlib, fontconfig and CSS call it).
FAMILY = "Noto Sans CJK SC"
#: Family name of the subset of the font embedded in the reader HTML (see :func:`web_font_face`).
WEB_FAMILY = "JZ Noto Sans CJK SC"
#: CSS font stack for readers' browsers: the embedded subset first, then common CJK system fonts.
CSS_STACK = (f'"{WEB_FAMILY}", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", '
             '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", '
             '"Droid Sans Fallback", sans-serif')


@functools.lru_cache(maxsize=1)
def font_path() -> Path:
    """Path of the Noto Sans CJK SC file inside the installed ``mplfonts`` package.

    Raises :class:`InputError` when ``mplfonts`` is not installed or the file is missing.
    """
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        raise InputError("mplfonts", None, "font", "the PyPI package 'mplfonts' is not installed; "
                         "it provides the Noto Sans CJK SC font used for Chinese text")
    for base in spec.submodule_search_locations:
        path = Path(base) / "fonts" / FONT_FILE
        if path.is_file():
            return path
    raise InputError("mplfonts", None, "font", f"{FONT_FILE} not found in the mplfonts package")


@functools.lru_cache(maxsize=1)
def _register() -> str:
    from matplotlib import font_manager

    path = font_path()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def setup_matplotlib() -> str:
    """Register the CJK font with matplotlib and make it the first sans-serif family; returns the family.

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


def font_face_css(family: str = FAMILY) -> str:
    """``@font-face`` rule pointing at the font file (for WeasyPrint; a browser needs a served copy)."""
    return (f'@font-face {{ font-family: "{family}"; src: url("{font_path().as_uri()}"); '
            "font-weight: normal; font-style: normal; }\n"
            f'@font-face {{ font-family: "{family}"; src: url("{font_path().as_uri()}"); '
            "font-weight: bold; font-style: normal; }\n")


def web_font_face(chars: set[str] | str) -> str:
    """``@font-face`` with a WOFF subset of the CJK font holding just ``chars``, as a ``data:`` URI.

    The reader HTML then shows Chinese on any machine, offline, without a 16 MB font file (a subset for
    a report is about 150-250 KB; subsetting takes about a second).
    """
    import base64
    import io
    import string

    from fontTools import subset
    from fontTools.ttLib import TTFont

    codepoints = sorted({ord(c) for c in set(chars) | set(string.printable) if not c.isspace() or c == " "})
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    options.hinting = False
    options.notdef_outline = True
    font = TTFont(str(font_path()), lazy=True)
    sub = subset.Subsetter(options)
    sub.populate(unicodes=codepoints)
    sub.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (f'@font-face {{ font-family: "{WEB_FAMILY}"; src: url(data:font/woff;base64,{data}) format("woff"); '
            "font-weight: normal; font-style: normal; font-display: swap; }\n")
