"""Reader pages and the annual A4 PDF: templates, the CJK font, WeasyPrint with a URL fetcher that loads
nothing but the report's own files.

* :func:`render_template`: Jinja2 with autoescape over ``jzanalysis/templates`` -- the one place where
  HTML is produced (inputs reach readers as text).
* :func:`page_css`, :func:`subset_font`, :func:`embed_font`: the pages' CSS with CJK font stacks (sans and
  monospace) and one subset of Noto Sans CJK SC (:func:`jzanalysis.publish.fonts.font_path`) embedded as base64, so Chinese never
  shows as boxes, offline.
* :func:`write_pdf`: WeasyPrint with one ``FontConfiguration`` shared by ``CSS()`` and ``write_pdf()``
  (otherwise ``@font-face`` is ignored), A4, page numbers; resources through :func:`url_fetcher`.
* :func:`clean_notebook`: an executed notebook without its stderr (read by the report for glyph warnings).

Nothing here imports matplotlib.
"""

from __future__ import annotations

import copy
import functools
import html
import logging
import re
from pathlib import Path

from jzanalysis.publish import fonts

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"  # jzanalysis/templates
log = logging.getLogger("jzanalysis.publish.runner")

#: Replaced by the ``@font-face`` of the embedded CJK font subset (:func:`embed_font`).
FONT_PLACEHOLDER = "/*__JZ_FONT_FACE__*/"
DATA_URI = re.compile(r"data:[a-z/+.-]+;base64,[A-Za-z0-9+/=\s]+")


#: Monospace stack: Latin from a monospace face, Chinese from the embedded CJK subset (no tofu in formulas).
MONO_STACK = (f'"DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, "{fonts.WEB_FAMILY}", "Noto Sans Mono CJK SC", '
              '"Noto Sans CJK SC", "Microsoft YaHei", monospace')


def page_css() -> str:
    """CSS of the reader pages, with the CJK font stacks (sans and monospace) and the placeholder for the
    embedded font (:func:`embed_font`)."""
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8").replace("__FONT_STACK__", fonts.CSS_STACK)
    css = css.replace("__MONO_STACK__", MONO_STACK)
    return FONT_PLACEHOLDER + "\n" + css


def text_chars(*texts: str) -> set[str]:
    """The characters a reader sees in HTML ``texts`` (entities decoded, ``data:`` URIs left out)."""
    chars: set[str] = set()
    for text in texts:
        chars |= set(html.unescape(DATA_URI.sub("", text)))
    return chars


def subset_font(chars) -> bytes:
    """An OpenType subset of the bundled CJK font holding ``chars`` (and printable ASCII), for the HTML.

    HarfBuzz's subsetter (``uharfbuzz``; ``hb-subset``) on the single-face font of
    :func:`jzanalysis.publish.fonts.font_path`: about 20 ms for the 16 MB font, where fontTools' subsetter
    took 1.5-2 s of the report's critical path (issue 15 §10). Hinting is dropped (``NO_HINTING``); the
    default OpenType layout features, the ``.notdef`` outline and the font's own ``head`` dates are kept,
    so the same characters give the same bytes (``SOURCE_DATE_EPOCH`` runs are byte-identical).
    """
    import string

    import uharfbuzz as hb

    codepoints = sorted({ord(c) for c in set(chars) | set(string.printable) if not c.isspace() or c == " "})
    face = hb.Face(hb.Blob.from_file_path(str(fonts.font_path())))
    request = hb.SubsetInput()
    for cp in codepoints:
        request.unicode_set.add(cp)
    request.flags = hb.SubsetFlags.NO_HINTING
    sub = hb.subset(face, request)
    if sub is None:  # pragma: no cover - hb-subset refuses only a broken font
        raise RuntimeError(f"HarfBuzz could not subset {fonts.font_path()}")
    return bytes(sub.blob.data)


def embed_font(pages: dict, font: bytes | None = None) -> dict:
    """Put one ``@font-face`` with the CJK glyphs all ``pages`` use (a subset, base64) into each page.

    ``pages`` maps names to HTML texts made with :func:`page_css`; ``font``: a subset from
    :func:`subset_font` (made here when not given). Returns the same mapping, filled in.
    """
    import base64

    font = font if font is not None else subset_font(text_chars(*pages.values()))
    data = base64.b64encode(font).decode("ascii")
    face = (f'@font-face {{ font-family: "{fonts.WEB_FAMILY}"; src: url(data:font/otf;base64,{data}) '
            'format("opentype"); font-weight: normal; font-style: normal; font-display: swap; }\n')
    return {k: v.replace(FONT_PLACEHOLDER, face, 1) for k, v in pages.items()}


def pdf_css(running_note: str | None = None, font_file: str | Path | None = None) -> str:
    """CSS of the A4 PDF: ``@font-face`` for the CJK font (``font_file``, a subset from :func:`subset_font`,
    or the bundled file), page numbers, optional running note."""
    note = ""
    if running_note:
        text = running_note.replace("\\", "\\\\").replace('"', '\\"')
        note = (f'@top-center {{ content: "{text}"; font-family: "{fonts.FAMILY}"; font-size: 8.5pt; '
                'color: #b00020; font-weight: bold; }')
    css = (TEMPLATES / "pdf.css").read_text(encoding="utf-8")
    if font_file:
        uri = Path(font_file).resolve().as_uri()
        face = "".join(f'@font-face {{ font-family: "{fonts.FAMILY}"; src: url("{uri}"); font-weight: {w}; '
                       "font-style: normal; }\n" for w in ("normal", "bold"))
    else:
        face = fonts.font_face_css()
    return css.replace("__FONT_FACE__", face).replace("__RUNNING_NOTE__", note)


@functools.lru_cache(maxsize=1)
def _jinja():
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                              autoescape=jinja2.select_autoescape(["html", "j2"]),
                              trim_blocks=False, lstrip_blocks=False)


def render_template(name: str, **context) -> str:
    """Render a Jinja2 template from ``jzanalysis/templates`` (autoescaped; pass trusted HTML via Markup)."""
    return _jinja().get_template(name).render(**context)


def markup(text: str):
    """Mark trusted HTML (our own tables) as safe for the templates."""
    import markupsafe

    return markupsafe.Markup(text)


# ------------------------------------------------------------------------------------- notebooks
def clean_notebook(nb) -> tuple[object, list[str]]:
    """Copy of ``nb`` without stderr streams (warnings are for the log, not readers); returns the texts."""
    nb = copy.deepcopy(nb)
    stderr = []
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        kept = []
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                stderr.append("".join(out.get("text", "")))
                continue
            kept.append(out)
        cell["outputs"] = kept
    return nb, stderr


#: papermill's timings, per notebook and per cell (they differ at every run).
_TIMINGS = ("start_time", "end_time", "duration")


def tidy_notebook(path, name: str) -> None:
    """Rewrite an executed notebook so that it can be published and is the same bytes at every run.

    Notes
    -----
    * ``metadata.papermill.input_path``/``output_path`` become ``NAME.ipynb`` and
      ``notebooks/NAME.ipynb`` (papermill records the absolute paths of the build machine);
    * papermill's ``start_time``, ``end_time``, ``duration`` (notebook and cells) and nbclient's cell
      ``execution`` timings are removed;
    * the parameters cell papermill injects gets the id ``injected-parameters`` (papermill gives it a
      random one); the other cells keep the ids of the source notebook.
    """
    import nbformat

    nb = nbformat.read(str(path), as_version=4)
    pm = nb.metadata.setdefault("papermill", {})
    for key in _TIMINGS:
        pm.pop(key, None)
    pm["input_path"], pm["output_path"] = f"{name}.ipynb", f"notebooks/{name}.ipynb"
    for cell in nb.cells:
        meta = cell.setdefault("metadata", {})
        meta.pop("execution", None)
        for key in _TIMINGS:
            meta.get("papermill", {}).pop(key, None)
        if "injected-parameters" in meta.get("tags", []):
            cell["id"] = "injected-parameters"
    nbformat.write(nb, str(path))


# ------------------------------------------------------------------------------------------- PDF
class RefusedURL(ValueError):
    """A resource the PDF may not load (anything but ``data:`` and the report's own files)."""


def url_fetcher(allowed: list) -> object:
    """A WeasyPrint URL fetcher that loads ``data:`` URIs and files inside ``allowed`` folders or files only.

    Everything else (``http:``, ``file:///etc/...``, ``<a rel="attachment">`` to a local file) is refused,
    so a hostile string in an input can never make the PDF fetch or embed a file.
    """
    from urllib.parse import unquote, urlsplit

    roots = [Path(a).resolve() for a in allowed]

    def check(url: str) -> None:
        if url.startswith("data:"):
            return
        parts = urlsplit(url)
        if parts.scheme == "file" and not parts.netloc:
            path = Path(unquote(parts.path)).resolve()
            if any(path == r or r in path.parents for r in roots):
                return
        raise RefusedURL(f"refused to load {url[:100]!r} into the PDF")

    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # WeasyPrint < 66: a function
        URLFetcher = None  # noqa: N806
    if URLFetcher is not None and isinstance(URLFetcher, type):
        class SafeFetcher(URLFetcher):
            def fetch(self, url, headers=None):
                check(url)
                return super().fetch(url, headers)

        return SafeFetcher(allowed_protocols=("data", "file"))
    from weasyprint import default_url_fetcher

    def fetch(url, *args, **kwargs):
        check(url)
        return default_url_fetcher(url, *args, **kwargs)

    return fetch


def write_pdf(document: str, target: Path, base_url: str | None = None, running_note: str | None = None,
              font_file: str | Path | None = None) -> Path:
    """Write ``document`` (HTML) as an A4 PDF with embedded Chinese text; returns ``target``.

    One ``weasyprint.text.fonts.FontConfiguration`` is passed to both ``CSS()`` and ``write_pdf()``:
    without that the ``@font-face`` rule for the bundled font is ignored. Resources are loaded through
    :func:`url_fetcher` (``data:`` URIs, the build folder ``base_url`` and the bundled font only).
    """
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    quiet = [logging.getLogger(n) for n in ("weasyprint", "weasyprint.progress")]  # refusals are logged there
    levels = [q.level for q in quiet]
    for q in quiet:
        q.setLevel(logging.ERROR)  # progress lines and CSS it does not know: harmless, noisy
    try:
        fetcher = url_fetcher([p for p in (base_url, font_file or fonts.font_path()) if p])
        font_config = FontConfiguration()
        css = CSS(string=pdf_css(running_note, font_file), font_config=font_config, url_fetcher=fetcher)
        doc = HTML(string=document, base_url=base_url, url_fetcher=fetcher).render(
            stylesheets=[css], font_config=font_config)
        from jzanalysis.io import build_time

        made = build_time().strftime("%Y-%m-%dT%H:%M:%SZ")  # $SOURCE_DATE_EPOCH when set
        doc.metadata.created = doc.metadata.modified = made
        doc.write_pdf(str(target), attachments=[])
    finally:
        for q, level in zip(quiet, levels):
            q.setLevel(level)
    return Path(target)
