"""A zip of submissions (an LMS's "download all submissions"), opened with care.

Only the notebooks in the archive are extracted, into a private temporary
folder, and only after every entry has been checked:

* no entry may leave the folder: absolute names, drive letters, ``..`` parts
  and backslashes are refused, as are symbolic links stored in the zip;
* no zip bomb: at most :data:`MAX_ENTRIES` entries, each notebook at most the
  grader's ``--max-bytes``, all of them together at most :data:`MAX_TOTAL`
  bytes, and no entry that would expand more than :data:`MAX_RATIO` times its
  compressed size. Sizes are checked while reading, not trusted from the
  zip's own directory, which an attacker writes.

A refused entry becomes a :class:`~elysara.exercises.grading.collect.Problem`
naming ``archive.zip/entry``; an archive that cannot be read at all is one
problem; everything else is still graded.
"""

from __future__ import annotations

import stat
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from elysara.exercises.answers.web_annotations import is_notes_name

__all__ = ["MAX_ENTRIES", "MAX_RATIO", "MAX_TOTAL", "Extracted", "extract_notebooks"]

MAX_ENTRIES = 10_000
MAX_TOTAL = 2_000_000_000
MAX_RATIO = 200  # notebooks compress well, but not 200:1
_SKIPPED = {"__MACOSX", ".ipynb_checkpoints"}


@dataclass
class Extracted:
    """What came out of one archive: notebooks on disk and refused entries."""

    #: (path on disk, the path to show: ``archive.zip/entry``, the entry's mtime in ns)
    notebooks: list[tuple[Path, Path, int]] = field(default_factory=list)
    #: students' notes files (``elysara-notes.json``, or an LMS download's ``..._elysara-notes.json``), likewise
    notes: list[tuple[Path, Path, int]] = field(default_factory=list)
    #: (the path to show, problem code, reason)
    refused: list[tuple[Path, str, str]] = field(default_factory=list)


def _safe_parts(name: str) -> tuple[str, ...] | None:
    """The entry's path parts, or None when it could leave the folder."""
    if "\\" in name or "\x00" in name:
        return None
    pure = PurePosixPath(name)
    if pure.is_absolute() or any(part in {"", ".", ".."} for part in pure.parts):
        return None
    if pure.parts and len(pure.parts[0]) >= 2 and pure.parts[0][1] == ":":  # C:evil
        return None
    return pure.parts


def _mtime_ns(info: zipfile.ZipInfo) -> int:
    try:
        return int(datetime(*info.date_time).timestamp() * 1_000_000_000)
    except (ValueError, OverflowError):
        return 0


def extract_notebooks(archive: Path, dest: Path, *, max_bytes: int) -> Extracted:
    """Extract the ``.ipynb`` entries and notes files of ``archive`` under ``dest``, refusing unsafe ones."""
    out = Extracted()
    try:
        handle = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        out.refused.append((archive, "bad-archive", f"not a readable zip file ({error})"))
        return out
    with handle:
        infos = handle.infolist()
        if len(infos) > MAX_ENTRIES:
            out.refused.append((archive, "bad-archive", f"{len(infos):,} entries, over the limit of {MAX_ENTRIES:,}; "
                                                        "unzip it yourself if it is genuine"))
            return out
        total = 0
        for info in infos:
            shown = archive / info.filename
            if info.is_dir():
                continue
            parts = _safe_parts(info.filename)
            if parts is None:
                out.refused.append((shown, "unsafe-path", "an entry whose path leaves the archive's folder: not extracted"))
                continue
            notes = is_notes_name(parts[-1])
            if any(part in _SKIPPED for part in parts) or not (parts[-1].endswith(".ipynb") or notes) \
                    or parts[-1].startswith("._"):
                continue
            if stat.S_ISLNK(info.external_attr >> 16):
                out.refused.append((shown, "symlink", "a symbolic link inside the zip: not followed"))
                continue
            limit = min(max_bytes, MAX_TOTAL - total)
            if info.compress_size and info.file_size > MAX_RATIO * info.compress_size and info.file_size > 1_000_000:
                out.refused.append((shown, "zip-bomb", f"expands {info.file_size // max(info.compress_size, 1):,} times; "
                                                       "not extracted"))
                continue
            target = dest.joinpath(*parts)
            try:
                data = _read_limited(handle, info, limit)
            except _TooLarge:
                out.refused.append((shown, "too-large", f"over the limit of {limit:,} bytes once unpacked "
                                                        "(raise --max-bytes if it is genuine)"))
                continue
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError) as error:
                out.refused.append((shown, "bad-archive", f"cannot be unpacked ({error})"))
                continue
            total += len(data)
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():  # two entries differing only in ways the file system folds
                out.refused.append((shown, "duplicate", "a second entry with the same path in the zip; the first was kept"))
                continue
            target.write_bytes(data)
            (out.notes if notes else out.notebooks).append((target, shown, _mtime_ns(info)))
    return out


class _TooLarge(Exception):
    pass


def _read_limited(handle: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """The entry's bytes, stopping as soon as they pass ``limit`` (the header's size is not trusted)."""
    chunks, size = [], 0
    with handle.open(info) as stream:
        while True:
            chunk = stream.read(min(1 << 20, limit + 1 - size) or 1)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise _TooLarge
            chunks.append(chunk)
    return b"".join(chunks)
