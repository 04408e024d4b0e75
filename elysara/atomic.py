"""Atomic file writes: a reader sees the old file or the new one, never half of one.

Each output is written to a temporary file in the destination's folder (so the
final rename stays on one file system) and moved into place with
:func:`os.replace`, which is atomic on POSIX and Windows.

The temporary file is created with mode ``0666`` and the kernel applies the
user's umask to it, as an ordinary ``open()`` would (0644 under umask 022),
so a released notebook or a feedback page shared on a hub stays readable by
the people it is for. (:func:`tempfile.mkstemp` would create it 0600.)
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def _create_temporary(path: Path) -> tuple[int, str]:
    """Create a new temporary file beside ``path`` (its folder made if missing): (descriptor, name)."""
    for _ in range(100):
        temporary = str(path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(temporary, _FLAGS, 0o666), temporary
        except FileExistsError:
            continue
        except FileNotFoundError:
            # Only now make the folder: checking it before every write costs a system call per file.
            path.parent.mkdir(parents=True, exist_ok=True)
    raise FileExistsError(f"no free temporary name beside {path}")


@contextmanager
def atomic_file(path: Path | str) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` through: moved into place when the block ends, removed if it fails.

    For outputs written piece by piece (report.json streams a class's
    submissions); :func:`write_bytes` is the one-shot form.
    """
    path = Path(path)
    fd, temporary = _create_temporary(path)
    try:
        with os.fdopen(fd, "wb") as handle:
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
