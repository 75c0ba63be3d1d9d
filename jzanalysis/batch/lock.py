"""One batch at a time per out folder: a lock file held for the whole run.

The report run has no lock of its own (two ``jzanalysis report`` runs may share ``OUT``: each builds in
its own ``.build-YEAR-PID-*`` folder and swaps it in at once); a batch writes the batch pages and many
job folders, so a second batch into the same folder while one runs is refused (exit 2).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from jzanalysis.errors import InputError

#: The lock file in the batch's out folder.
LOCK = ".jzanalysis-batch.lock"


@contextlib.contextmanager
def batch_lock(out):
    """Hold ``OUT/.jzanalysis-batch.lock`` (an exclusive ``flock``; the system drops it when the process
    ends, even by ``kill -9``, so a crashed batch never blocks the next one).

    Raises
    ------
    InputError
        Another batch holds the lock: ``OUT/.jzanalysis-batch.lock: out: another batch (PID n) is writing
        into OUT; wait for it to finish``.
    """
    import fcntl

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / LOCK
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "?"
            raise InputError(path, None, "out", f"another batch (PID {holder}) is writing into {out}; wait for "
                             "it to finish, or give another --out") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield path
    finally:
        os.close(fd)  # closing the descriptor releases the lock
