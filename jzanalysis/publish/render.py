"""Reader pages and the annual A4 PDF: templates, the CJK font, Typst for the PDF.

* :func:`render_template`: Jinja2 with autoescape over ``jzanalysis/templates`` -- the one place where
  HTML is produced (inputs reach readers as text).
* :func:`page_css`, :func:`subset_font`, :func:`embed_font`: the pages' CSS with CJK font stacks (sans and
  monospace) and one subset of Noto Sans CJK SC (:func:`jzanalysis.publish.fonts.font_path`) embedded as base64, so Chinese never
  shows as boxes, offline.
* :func:`write_pdf`: the document model of :func:`jzanalysis.publish.pages.pdf_model` laid out by Typst with
  ``templates/report.typ`` (data in ``sys.inputs``, shown as text only; the build folder is the only
  folder it can read; the CJK font and nothing else from the machine).
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
#: Where the chart SVGs are written for the PDF, inside the build folder (removed after the layout).
PDF_IMAGES = ".pdf-images"


def _font_folder(folder: Path) -> list[Path]:
    """Links to the CJK font files the PDF may use, in ``folder`` (Typst searches folders, not files):
    the single-face SC regular file and, when the system has one, the Bold weight. Returns the files."""
    files = [fonts.font_path()]
    bold = fonts.bold_font_path()
    if bold is not None:
        files.append(bold)
    folder.mkdir(parents=True, exist_ok=True)
    for i, f in enumerate(files):
        link = folder / f"{i}{f.suffix.lower()}"
        try:
            link.symlink_to(f)
        except OSError:  # no symbolic links here: a copy
            import shutil

            shutil.copyfile(f, link)
    return files


def write_pdf(model: dict, target: Path, root: str | Path, images: dict | None = None) -> Path:
    """Lay the document ``model`` (:func:`jzanalysis.publish.pages.pdf_model`) out as an A4 PDF with
    ``templates/report.typ`` (Typst); returns ``target``.

    The model reaches the template as JSON in ``sys.inputs`` and is shown as text only. ``root`` (the build
    folder) is the only folder the template can read: the chart SVGs ``images`` (``{file name: bytes}``)
    are written to ``root/.pdf-images/`` for the layout and removed after. Fonts: the bundled CJK font
    (:func:`jzanalysis.publish.fonts.font_path`) and its Bold weight when the system has one (else bold is
    drawn), never the machine's other fonts; Typst embeds the subset of glyphs used. The PDF is dated
    :func:`jzanalysis.io.build_time` (``$SOURCE_DATE_EPOCH`` when set): the same inputs give the same bytes.
    """
    import json
    import shutil
    import tempfile

    import typst

    from jzanalysis.io import atomic_path, build_time

    root = Path(root).resolve()
    folder = root / PDF_IMAGES
    try:
        if images:
            folder.mkdir(parents=True, exist_ok=True)
            for name, data in images.items():
                (folder / Path(name).name).write_bytes(data)
        with tempfile.TemporaryDirectory(prefix="jz-fonts-") as tmp:
            font_files = _font_folder(Path(tmp))
            inputs = {"doc": json.dumps(model, ensure_ascii=False), "images": f"/{PDF_IMAGES}/",
                      "bold": "1" if len(font_files) > 1 else "0"}
            compiler = typst.Compiler(input=(TEMPLATES / "report.typ").read_bytes(), root=str(root),
                                      font_paths=[tmp], ignore_system_fonts=True, sys_inputs=inputs)
            pdf = compiler.compile(format="pdf", timestamp=int(build_time().timestamp()))
        with atomic_path(Path(target)) as out:
            Path(out).write_bytes(pdf)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return Path(target)
