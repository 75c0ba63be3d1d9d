"""Executed notebooks -> reader pages (HTML, no code) and the annual A4 PDF (WeasyPrint).

* :func:`notebook_html`: nbconvert's ``HTMLExporter`` in-process with ``exclude_input=True`` and the
  ``jzreport`` template (``templates/nbconvert/jzreport``): no code, no prompts, no CDN scripts
  (require.js, MathJax, mermaid are dropped), a CJK font stack, a navigation bar, plots embedded as
  base64: one self-contained file per notebook.
* :func:`notebook_sections`: a light renderer of the same outputs (markdown, HTML tables, PNG charts)
  for the combined PDF document, headings numbered for the table of contents.
* :func:`write_pdf`: WeasyPrint with one ``FontConfiguration`` shared by ``CSS()`` and ``write_pdf()``
  (otherwise ``@font-face`` is ignored) and an ``@font-face`` for the Noto Sans CJK SC file shipped in
  ``mplfonts``: Chinese is embedded as real text, A4, page numbers in the footer.

Nothing here imports matplotlib.
"""

from __future__ import annotations

import copy
import functools
import html
import logging
import re
from pathlib import Path

from . import fonts

TEMPLATES = Path(__file__).resolve().parent / "templates"
log = logging.getLogger("jzanalysis.report")

HEADING = re.compile(r"<h([1-6])([^>]*)>(.*?)</h\1>", re.S)
ANCHOR = re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.S)
TAG = re.compile(r"<[^>]+>")
#: Parameter cells (papermill's injected one and the notebook's own) are not shown to readers.
HIDDEN_TAGS = {"parameters", "injected-parameters", "remove-cell"}
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
    """An OpenType subset of the bundled CJK font holding ``chars`` (and printable ASCII).

    One subset serves both the HTML (base64 in an ``@font-face``) and the PDF (WeasyPrint then only has
    to subset a 200 KB font instead of the 16 MB original). The default OpenType layout features are kept
    (the full set costs more than a second and adds nothing to horizontal Chinese text); hinting is dropped.
    """
    import io
    import string

    from fontTools import subset
    from fontTools.ttLib import TTFont

    codepoints = sorted({ord(c) for c in set(chars) | set(string.printable) if not c.isspace() or c == " "})
    options = subset.Options()
    options.hinting = False
    options.notdef_outline = True
    font = TTFont(str(fonts.font_path()), lazy=True)
    sub = subset.Subsetter(options)
    sub.populate(unicodes=codepoints)
    sub.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


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


def _is_hidden(cell) -> bool:
    return bool(HIDDEN_TAGS & set(cell.get("metadata", {}).get("tags", [])))


@functools.lru_cache(maxsize=1)
def _exporter():
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="jzreport", extra_template_basedirs=[str(TEMPLATES / "nbconvert")])
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.embed_images = True
    return exporter


def notebook_html(nb, *, title: str, nav: list[dict], index_href: str, index_label: str,
                  illustrative_text: str = "", footer: str = "", version: str = "") -> str:
    """Self-contained reader HTML of an executed notebook (no input cells, no CDN scripts)."""
    nb, _ = clean_notebook(nb)
    nb.cells = [c for c in nb.cells if not _is_hidden(c)]
    nb.metadata["title"] = title
    resources = {"jz": {"css": page_css(), "nav": nav, "index_href": index_href, "index_label": index_label,
                        "illustrative": bool(illustrative_text), "illustrative_text": illustrative_text,
                        "footer": footer, "version": version}}
    body, _ = _exporter().from_notebook_node(nb, resources=resources)
    return body


def _markdown(text: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(text)


def _output_html(out) -> str:
    kind = out.get("output_type")
    if kind == "stream":
        if out.get("name") == "stderr":
            return ""
        return f"<pre>{html.escape(''.join(out.get('text', '')))}</pre>"
    if kind == "error":
        return f"<pre class=\"error\">{html.escape(out.get('ename', ''))}: {html.escape(out.get('evalue', ''))}</pre>"
    data = out.get("data", {})
    if "image/png" in data:
        png = data["image/png"]
        png = png if isinstance(png, str) else "".join(png)
        alt = html.escape(str(out.get("metadata", {}).get("image/png", {}).get("alt", "chart")), quote=True)
        return f'<div class="figure"><img alt="{alt}" src="data:image/png;base64,{png.strip()}"></div>'
    if "image/svg+xml" in data:
        return f'<div class="figure">{"".join(data["image/svg+xml"])}</div>'
    if "text/html" in data:
        return "".join(data["text/html"])
    if "text/markdown" in data:
        return _markdown("".join(data["text/markdown"]))
    if "text/plain" in data:
        return f"<pre>{html.escape(''.join(data['text/plain']))}</pre>"
    return ""


def _group_indicators(parts: list[str]) -> list[str]:
    """Wrap each level-3 heading with what follows it (text, table, chart) in ``<div class="indicator">``
    so the PDF keeps them on one page."""
    out, open_ = [], False
    for part in parts:
        head = part.lstrip()[:3]
        if head in ("<h1", "<h2", "<h3") and open_:
            out.append("</div>")
            open_ = False
        if head == "<h3":
            out.append('<div class="indicator">')
            open_ = True
        out.append(part)
    if open_:
        out.append("</div>")
    return out


def notebook_sections(nb, prefix: str, toc_levels: int = 2) -> tuple[str, list[dict]]:
    """HTML of a notebook's markdown cells and outputs (no code) and its table-of-contents entries.

    Headings get ids ``{prefix}-{n}``; entries are ``{"level", "id", "text"}`` for levels up to
    ``toc_levels``.
    """
    nb, _ = clean_notebook(nb)
    parts = []
    for cell in nb.cells:
        if _is_hidden(cell):
            continue
        if cell.get("cell_type") == "markdown":
            parts.append(_markdown(cell.get("source", "")))
        elif cell.get("cell_type") == "code":
            parts.extend(_output_html(o) for o in cell.get("outputs", []))
    body = "\n".join(_group_indicators([p for p in parts if p]))
    toc: list[dict] = []
    counter = iter(range(1, 1_000_000))

    def number(m: re.Match) -> str:
        level, attrs, inner = int(m.group(1)), m.group(2), ANCHOR.sub("", m.group(3))
        attrs = re.sub(r'\s+id="[^"]*"', "", attrs)
        ident = f"{prefix}-{next(counter)}"
        if level <= toc_levels:
            toc.append({"level": level, "id": ident, "text": html.unescape(TAG.sub("", inner)).strip()})
        return f'<h{level}{attrs} id="{ident}">{inner}</h{level}>'

    return HEADING.sub(number, body), toc


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
        HTML(string=document, base_url=base_url, url_fetcher=fetcher).write_pdf(
            str(target), stylesheets=[css], font_config=font_config, attachments=[])
    finally:
        for q, level in zip(quiet, levels):
            q.setLevel(level)
    return Path(target)
