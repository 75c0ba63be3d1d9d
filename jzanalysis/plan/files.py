"""A plan folder is untrusted input: only regular files inside it, each size-capped, are read or staged.

:func:`plan_file` checks one path named by ``plan.yaml`` (inside the folder after symlinks are resolved, a
regular file, at most a size cap); :func:`read_yaml` reads a YAML file of the folder and refuses
aliases (``&a``/``*a``: a few hundred bytes of nested aliases expand to billions of nodes, the
"billion laughs"); :func:`staged_files` lists what a report may copy out of a folder. Every refusal is an
:class:`~jzanalysis.errors.InputError` that names the file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from jzanalysis.errors import InputError
from jzanalysis.io import PLAN_MAX_BYTES, MiB, read_input_bytes

#: Largest YAML file of a plan folder (plan.yaml, indicators.yaml, narrative_series.yaml). The bundled
#: ones are under 20 KiB.
YAML_MAX_BYTES = 2 * MiB
#: Largest file of a plan folder (the text, a benchmarks or population CSV): the plan text's cap.
FILE_MAX_BYTES = PLAN_MAX_BYTES
#: Largest total a report stages from one plan folder, and the most files.
STAGE_MAX_BYTES = 64 * MiB
STAGE_MAX_FILES = 2_000


def inside(folder, path) -> bool:
    """True when ``path`` (symlinks resolved) lies within ``folder`` (symlinks resolved)."""
    root = Path(os.path.realpath(folder))
    real = Path(os.path.realpath(path))
    return real == root or root in real.parents


def plan_file(path, folder, what: str = "a file", limit: int = FILE_MAX_BYTES) -> Path:
    """``path`` resolved, when it is a regular file of at most ``limit`` bytes inside ``folder``.

    Raises :class:`InputError` naming ``path``: outside the folder (an absolute path, ``../``, or a
    symlink that leads out, e.g. to ``/dev/zero``), missing, not a regular file (a device, a FIFO, a
    folder), or too large (:func:`jzanalysis.io.check_input_file`).
    """
    from jzanalysis.io import check_input_file

    if not inside(folder, path):
        raise InputError(path, None, "file", f"is outside the plan folder {folder}; a plan folder's files "
                         "must lie within it (no absolute paths, no ../, no symlinks that lead out)")
    check_input_file(path, what, limit)
    return Path(os.path.realpath(path))


def no_aliases(text: str, path) -> None:
    """Refuse YAML anchors and aliases (``&name`` / ``*name``): :class:`InputError` naming the line.

    Notes
    -----
    The check reads the event stream (linear in the text), before anything is composed: an alias is never
    expanded. A plan folder's YAML needs no aliases (docs/plans.md).
    """
    import yaml

    from jzanalysis.io import yaml_loader

    try:
        for event in yaml.parse(text, Loader=yaml_loader()):
            anchor = getattr(event, "anchor", None)
            if isinstance(event, yaml.AliasEvent) or anchor:
                line = event.start_mark.line + 1 if event.start_mark else None
                raise InputError(path, line, "yaml", f"YAML anchors and aliases (&{anchor} / *{anchor}) are "
                                 "refused in a plan folder: write the value out")
    except yaml.YAMLError:
        return  # the loader names the line of the syntax error


def read_yaml_text(path, folder=None, limit: int = YAML_MAX_BYTES) -> str:
    """The text of a plan folder's YAML file, checked: inside ``folder`` (when given), a regular file of
    at most ``limit`` bytes, UTF-8, and without anchors or aliases (:func:`no_aliases`).

    A missing file raises :class:`FileNotFoundError` (the caller says which file it expected)."""
    if not os.path.lexists(path):
        raise FileNotFoundError(path)
    if folder is not None:
        plan_file(path, folder, "a YAML file", limit)
    data = read_input_bytes(path, "a YAML file", limit)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(path, line, "encoding", "expected UTF-8 text (re-save the file as UTF-8)") from None
    no_aliases(text, path)
    return text


def staged_files(folder) -> list[Path]:
    """The files of a plan folder a report copies (relative paths, sorted): every regular file within it.

    Raises :class:`InputError` naming the file for anything else a walk finds: a symlink that leads out of
    the folder or to something that is not a regular file (``/dev/zero``, a FIFO), a device, a FIFO, a
    file over :data:`FILE_MAX_BYTES`; and for a folder of more than :data:`STAGE_MAX_FILES` files or
    :data:`STAGE_MAX_BYTES` in all. Folders inside are walked without following symlinks.
    """
    folder = Path(folder)
    out, total = [], 0
    for root, dirs, files in os.walk(folder, followlinks=False):
        for d in list(dirs):
            p = Path(root) / d
            if p.is_symlink():
                raise InputError(p, None, "file", "a symlink to a folder inside the plan folder; a plan folder "
                                 "holds its own files (copy them in)")
        for name in sorted(files):
            p = Path(root) / name
            st = plan_file(p, folder, "a regular file", FILE_MAX_BYTES).stat()
            if not stat.S_ISREG(st.st_mode):  # pragma: no cover - plan_file refuses it first
                raise InputError(p, None, "file", "not a regular file")
            total += st.st_size
            out.append(p.relative_to(folder))
            if len(out) > STAGE_MAX_FILES or total > STAGE_MAX_BYTES:
                raise InputError(folder, None, "plan", f"the plan folder holds more than {STAGE_MAX_FILES} "
                                 f"files or {STAGE_MAX_BYTES // MiB} MiB; a report stages at most that")
    return sorted(out)
