"""Atomic output: write to a temporary path beside the target, then rename.

A reader never sees a half-written file, and a failed step leaves the previous output in place.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import stat
import sys
import tempfile
from pathlib import Path


def umask() -> int:
    """The process umask (read without changing it for longer than two calls)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def file_mode() -> int:
    """The usual mode of a new file: ``0o666 & ~umask`` (0644 under the default umask 022)."""
    return 0o666 & ~umask()


#: ``--out -``: standard output.
STDOUT = "-"


def output_kind(target) -> str:
    """How an output path is written: ``"stdout"`` (``-``), ``"stream"`` (a character device such as
    ``/dev/null``, a FIFO, or any path under ``/dev``: written straight through), ``"file"`` (a regular
    file, a symlink to one, or a new path: replaced atomically). Anything else (a folder, a block device,
    a socket) raises :class:`~jzanalysis.errors.InputError`.
    """
    from jzanalysis.errors import InputError

    if str(target) == STDOUT:
        return "stdout"
    try:
        st = os.stat(target)  # follows a symlink: what matters is what the link points to
    except FileNotFoundError:
        return "file"
    except OSError as exc:
        raise InputError(target, None, "out", f"cannot use as output: {exc.strerror or exc}") from None
    if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode):
        return "stream"
    if stat.S_ISREG(st.st_mode):
        return "stream" if str(target).startswith(("/dev/", "/proc/")) else "file"
    if stat.S_ISDIR(st.st_mode):
        raise InputError(target, None, "out", "is a folder; expected a file name")
    raise InputError(target, None, "out", "is neither a file, a character device nor a FIFO; it is "
                     "left untouched")


def _copy_to(tmp: Path, sink) -> None:
    with open(tmp, "rb") as src:
        shutil.copyfileobj(src, sink, 1 << 16)
    sink.flush()


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike):
    """Yield a temporary path; on success put its content at ``target``.

    * a regular file or a new path: the temporary file is beside the target and renamed onto it (a
      reader never sees a half-written file); on an exception it is removed and ``target`` is untouched.
      The file gets the usual mode (``0o666 & ~umask``), not the private 0600 of a temporary file.
    * a symlink to a regular file (or a dangling one): followed; the file it points to is replaced
      atomically and the link stays a link.
    * ``-``: the content is copied to standard output.
    * a character device (``/dev/null``) or a FIFO: the content is written straight through; the device
      or FIFO stays what it is.
    """
    kind = output_kind(target)
    if kind != "file":
        with tempfile.TemporaryDirectory(prefix="jzanalysis-out-") as folder:
            tmp = Path(folder) / (Path(str(target)).name or "out")
            yield tmp
            if kind == "stdout":
                sys.stdout.flush()
                _copy_to(tmp, sys.stdout.buffer)
            else:
                with open(target, "wb") as sink:
                    _copy_to(tmp, sink)
        return
    target = Path(target)
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp)
    try:
        yield tmp
        if tmp.exists():
            tmp.chmod(file_mode())
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_text_atomic(target, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``target`` as :func:`atomic_path` does (``-`` is standard output)."""
    if str(target) == STDOUT:
        sys.stdout.write(text)
        sys.stdout.flush()
        return Path(target)
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(target)


# ------------------------------------------------------------------------------ spreadsheet cells
#: First characters that make a spreadsheet read a text cell as a formula (OWASP, "CSV injection"):
#: ``=``, ``+``, ``-``, ``@``, a tab and a carriage return.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def formula_like(value) -> bool:
    """True for a text cell a spreadsheet would run as a formula: it starts with one of
    :data:`FORMULA_LEADS` and is not a plain number (``-5.2`` stays a number; ``-5.2 + 1`` does not)."""
    return isinstance(value, str) and value.startswith(FORMULA_LEADS) and not _PLAIN_NUMBER.fullmatch(value)


def inert(value):
    """A cell value made safe for a CSV that Excel or WPS may open: a formula-like text gets a leading
    single quote (``=1+1`` -> ``'=1+1``, ``+0.237 percentage points a year`` -> ``'+0.237 …``); numbers
    (negative ones included), empty cells and other text pass unchanged."""
    return "'" + value if formula_like(value) else value


def inert_frame(frame):
    """``frame`` with every formula-like text cell passed through :func:`inert` (a copy when any is)."""
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    text = [c for c in frame.columns if not (is_numeric_dtype(frame[c]) or is_bool_dtype(frame[c]))]
    hits = [c for c in text if frame[c].map(formula_like).any()]
    if not hits:
        return frame
    frame = frame.copy()
    for c in hits:
        frame[c] = frame[c].map(inert)
    return frame


def inert_cell(cell) -> None:
    """Make an openpyxl cell holding formula-like text a plain string: ``data_type`` ``"s"`` (openpyxl
    stores every string that starts with ``=`` as a live formula) and Excel's quote prefix, so the text
    shows as written and is never computed, also after the cell is edited."""
    if formula_like(cell.value) or (isinstance(cell.value, str) and cell.data_type == "f"):
        cell.data_type = "s"
        cell.quotePrefix = True


def inert_sheet(ws) -> None:
    """:func:`inert_cell` on every cell of a worksheet."""
    for row in ws.iter_rows():
        for cell in row:
            inert_cell(cell)


def write_csv_atomic(frame, target, encoding: str = "utf-8", reader: bool = False) -> Path:
    """Write a DataFrame as CSV (no index, ``\\n`` line ends), atomically.

    Machine-readable files (``data/*.csv``, ``parse``) keep every value raw (the operator ``=`` is ``=``);
    ``reader=True`` (the reader downloads only) makes formula-like text inert (:func:`inert`).
    ``encoding="utf-8-sig"`` writes the BOM Excel needs to show Chinese."""
    with atomic_path(target) as tmp:
        (inert_frame(frame) if reader else frame).to_csv(tmp, index=False, encoding=encoding, lineterminator="\n")
    return Path(target)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux ``renameat2(RENAME_EXCHANGE)``); False when not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP if hasattr(errno, "ENOTSUP") else errno.EINVAL):
        return False  # the file system cannot exchange: fall back to two renames
    raise OSError(err, os.strerror(err), str(b))


def _hidden(target: Path, pid: int | None = None) -> Path:
    return target.with_name(f".{target.name}.old-{os.getpid() if pid is None else pid}")


def recover_dir(target) -> Path | None:
    """Undo an interrupted :func:`replace_dir`: put a hidden ``.NAME.old-PID`` copy back at ``target``
    when ``target`` is missing; remove hidden copies when ``target`` exists. Returns the restored copy.

    Copies of running processes are left alone (their publish may be in progress).
    """
    target = Path(target)
    restored = None
    for old in sorted(target.parent.glob(f".{target.name}.old-*"), key=lambda p: p.stat().st_mtime,
                      reverse=True):
        try:
            pid = int(old.name.rsplit("-", 1)[1])
        except ValueError:
            continue
        if pid != os.getpid() and pid_alive(pid):
            continue
        if not target.exists() and not target.is_symlink() and old.is_dir():
            os.replace(old, target)
            restored = old
        elif old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
    return restored


def pid_alive(pid: int) -> bool:
    """True when a process with this PID exists (a PID we may not signal counts as alive)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def replace_dir(built: Path, target: Path) -> None:
    """Replace folder ``target`` by the fully built folder ``built`` (same file system) in one step.

    Notes
    -----
    * ``target`` missing: one rename.
    * ``target`` a folder: one atomic exchange of the two folders (Linux ``renameat2`` with
      ``RENAME_EXCHANGE``), then the old report (now at ``built``) is deleted. A reader or a crash sees
      either the old or the new report, never none. Where the exchange is not available: the old folder
      is moved aside to ``.NAME.old-PID`` and :func:`recover_dir` puts it back at the next start if the
      process dies between the two renames.
    * ``target`` a regular file or a symlink: :class:`~jzanalysis.errors.InputError`; what the user put
      there is never moved.
    """
    from jzanalysis.errors import InputError

    built, target = Path(built), Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise InputError(target, None, "out", "exists and is not a report folder; it is left untouched")
    if not target.exists():
        os.replace(built, target)
        return
    if _exchange(built, target):
        shutil.rmtree(built, ignore_errors=True)
        return
    old = _hidden(target)
    os.replace(target, old)
    try:
        os.replace(built, target)
    except BaseException:
        os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def check_output_dir(folder, label=None) -> None:
    """Raise :class:`~jzanalysis.errors.InputError` unless ``folder`` is, or can be made as, a writable folder.

    The nearest existing ancestor must be a folder (not a file), outside ``/proc`` and ``/sys``, and
    writable. ``label`` is what the error names (default: the folder).
    """
    from jzanalysis.errors import InputError

    label = str(label if label is not None else folder)
    probe = Path(folder)
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        raise InputError(label, None, "out", f"{probe} is a file, not a folder")
    if str(probe.resolve()).startswith(("/proc", "/sys")):
        raise InputError(label, None, "out", f"{probe} is a system folder; choose another output path")
    if probe.exists() and not os.access(probe, os.W_OK | os.X_OK):
        raise InputError(label, None, "out", f"cannot write in {probe} (permission denied)")


MiB = 1 << 20
#: Largest input read (bytes): the plan text, an actuals or previous-assessment CSV, an actuals workbook.
#: The bundled plan is 0.1 MiB, a filled-in workbook about 20 KiB: these leave room, and bound memory.
PLAN_MAX_BYTES = 16 * MiB
CSV_MAX_BYTES = 8 * MiB
XLSX_MAX_BYTES = 32 * MiB


def _size_text(n: int) -> str:
    return f"{n / MiB:.1f} MiB" if n >= MiB else f"{n} bytes"


def _file_kind(mode: int) -> str:
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_input_file(path, what: str = "a file", limit: int | None = None) -> os.stat_result:
    """The ``os.stat`` of an input that is a regular file of at most ``limit`` bytes, else
    :class:`~jzanalysis.errors.InputError` (one line): missing, a folder, a device or FIFO (``/dev/zero``
    would be read until memory runs out, a FIFO without a writer blocks forever), larger than ``limit``.
    """
    from jzanalysis.errors import InputError

    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(path, None, "file", "no such file") from None
    except PermissionError:
        raise InputError(path, None, "file", "permission denied: cannot read the file") from None
    except OSError as exc:
        raise InputError(path, None, "file", f"cannot read the file: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(path, None, "file", f"expected {what}, found a folder")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(path, None, "file", f"expected {what}, found {_file_kind(st.st_mode)}; give a "
                         "regular file")
    if limit is not None and st.st_size > limit:
        raise InputError(path, None, "file", f"the file is {_size_text(st.st_size)}; an input over "
                         f"{_size_text(limit)} is refused (expected {what})")
    return st


def read_input_bytes(path, what: str = "a file", limit: int | None = None) -> bytes:
    """The bytes of an input file, or an :class:`~jzanalysis.errors.InputError` naming the file: missing, a
    folder, a device or FIFO instead of ``what`` (:func:`check_input_file`), larger than ``limit`` bytes
    (checked before and while reading: at most ``limit + 1`` bytes are read), no permission, or another
    OS error (one line, never a traceback)."""
    from jzanalysis.errors import InputError

    check_input_file(path, what, limit)
    try:
        with open(path, "rb") as fh:
            data = fh.read() if limit is None else fh.read(limit + 1)
    except FileNotFoundError:
        raise InputError(path, None, "file", "no such file") from None
    except IsADirectoryError:
        raise InputError(path, None, "file", f"expected {what}, found a folder") from None
    except PermissionError:
        raise InputError(path, None, "file", "permission denied: cannot read the file") from None
    except OSError as exc:
        raise InputError(path, None, "file", f"cannot read the file: {exc.strerror or exc}") from None
    if limit is not None and len(data) > limit:
        raise InputError(path, None, "file", f"the file is larger than {_size_text(limit)}; an input that "
                         f"large is refused (expected {what})")
    return data


def sha256_file(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


# ------------------------------------------------------------------------------ reproducible bytes
def build_time():
    """The time stamp of what is built now: ``$SOURCE_DATE_EPOCH`` (whole seconds since 1970, the
    reproducible-builds convention) when set, else the current time; an aware UTC ``datetime``.

    A value that is not a whole number: :class:`~jzanalysis.errors.InputError` (exit 2)."""
    import datetime as _dt

    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not env:
        return _dt.datetime.now(_dt.timezone.utc)
    try:
        return _dt.datetime.fromtimestamp(int(env), _dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        from jzanalysis.errors import InputError

        raise InputError("SOURCE_DATE_EPOCH", None, "SOURCE_DATE_EPOCH",
                         f"expected whole seconds since 1970-01-01 UTC, found {env[:40]!r}") from None


def reproducible_zip(path, when=None) -> None:
    """Rewrite an ``.xlsx`` (a zip archive) in place so that the same content gives the same bytes: every
    member dated ``when`` (default :func:`build_time`; zip dates start in 1980), and the workbook's own
    ``dcterms:created``/``dcterms:modified`` set to it (openpyxl writes the current time at save)."""
    import re
    import zipfile

    when = when or build_time()
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    date_time = max(when.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    path = Path(path)
    with zipfile.ZipFile(path) as src:
        members = [(info, src.read(info.filename)) for info in src.infolist()]
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
            for info, data in members:
                if info.filename == "docProps/core.xml":
                    data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                                  lambda m: m.group(1) + stamp + m.group(3), data)
                new = zipfile.ZipInfo(info.filename, date_time=date_time)
                new.compress_type = zipfile.ZIP_DEFLATED
                new.external_attr = info.external_attr
                new.create_system = 3  # the same on every machine (zipfile says 0 on Windows)
                dst.writestr(new, data)
        os.chmod(tmp, os.stat(path).st_mode & 0o7777)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


# ------------------------------------------------------------------------------------------------ YAML
def yaml_loader():
    """PyYAML's safe loader, in C (libyaml) when PyYAML was built with it: the plan folder, the indicator
    metadata and the locales are read about ten times faster (1 s of the report's start in pure Python).
    Same safe constructor and resolver either way; errors carry the same ``problem_mark`` (line)."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str):
    """``yaml.safe_load(text)`` with :func:`yaml_loader`."""
    import yaml

    return yaml.load(text, Loader=yaml_loader())  # noqa: S506 - a safe loader (CSafeLoader or SafeLoader)
