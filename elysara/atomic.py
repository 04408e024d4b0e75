"""Atomic file writes: a reader sees the old file or the new one, never half of one.

Each output is written to a temporary file in the destination's folder (so the
final rename stays on one file system) and moved into place with
:func:`os.replace`, which is atomic on POSIX and Windows.

:func:`tempfile.mkstemp` creates its file mode 0600 whatever the umask, so
the temporary file is given the mode an ordinary ``open()`` would have
(``0666`` less the user's umask: 0644 under umask 022) before it is moved
into place: a released notebook or a feedback page shared on a hub stays
readable by the people it is for.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

_UMASK_LOCK = threading.Lock()


def _umask() -> int:
    """The process's umask.

    Linux shows it in /proc; elsewhere reading it means setting it, so it is
    set straight back (under a lock, for this process's threads).
    """
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def default_file_mode() -> int:
    """The mode ``open(path, "w")`` would give a new file: 0666 less the umask."""
    return 0o666 & ~_umask()


@contextmanager
def atomic_file(path: Path | str) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` through: moved into place when the block ends, removed if it fails.

    For outputs written piece by piece (report.json streams a class's
    submissions); :func:`write_bytes` is the one-shot form.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):  # POSIX; on Windows the mode bits mean little
                os.fchmod(handle.fileno(), default_file_mode())
            # No fsync: a reader never sees a partial file either way, and
            # syncing each of a class's feedback pages would dominate grading time.
            yield handle
        os.replace(temporary, path)
    except BaseException:
        # Leave no temporary behind when the write fails or is interrupted.
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def write_bytes(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically, creating parent folders; return the path."""
    with atomic_file(path) as handle:
        handle.write(data)
    return Path(path)


def write_text(path: Path | str, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically (UTF-8 by default); return the path."""
    return write_bytes(path, text.encode(encoding))
