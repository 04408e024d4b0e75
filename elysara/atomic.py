"""Atomic file writes: a reader sees the old file or the new one, never half of one.

Each output is written to a temporary file in the destination's folder (so the
final rename stays on one file system) and moved into place with
:func:`os.replace`, which is atomic on POSIX and Windows.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_bytes(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically, creating parent folders; return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            # No fsync: a reader never sees a partial file either way, and
            # syncing each of a class's feedback pages would dominate grading time.
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        # Leave no temporary behind when the write fails or is interrupted.
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
    return path


def write_text(path: Path | str, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically (UTF-8 by default); return the path."""
    return write_bytes(path, text.encode(encoding))
