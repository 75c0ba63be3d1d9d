"""Atomic output: write to a temporary path beside the target, then rename.

A reader never sees a half-written file, and a failed step leaves the previous output in place.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from pathlib import Path


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike):
    """Yield a temporary path in the target's folder; rename it onto ``target`` on success.

    On an exception the temporary file is removed and ``target`` is untouched.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_text_atomic(target, text: str) -> Path:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(target)


def write_csv_atomic(frame, target) -> Path:
    """Write a DataFrame as UTF-8 CSV (no index), atomically."""
    with atomic_path(target) as tmp:
        frame.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")
    return Path(target)


def replace_dir(built: Path, target: Path) -> None:
    """Replace folder ``target`` by the fully built folder ``built`` (same file system).

    The old folder is moved aside first and deleted only after the new one is in place.
    """
    built, target = Path(built), Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
    try:
        os.replace(built, target)
    except BaseException:
        if old is not None:
            os.replace(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def sha256_file(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()
