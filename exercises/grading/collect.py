"""Collect students' notebooks from files and folders, reporting every bad input.

Two layouts are understood, and may be mixed:

* ``<student>/<set-id>.ipynb``
* nbgrader's ``submitted/<student>/<set-id>/<set-id>.ipynb``

Editor checkpoints and the ``__MACOSX``/``._*`` debris of zip files are
skipped silently. Nothing here is fatal: each input that cannot be read as a notebook becomes a
:class:`Problem` naming the file and the reason, and collection goes on.
Files are only read (originals are never modified) and symbolic links are
never followed. Student ids come from folder names and are sanitized by
:func:`sanitize_student_id`, so no output path built from one can leave the
output folder.

Two submissions for the same student and set: the one modified most recently
is graded (ties go to the path that sorts last); every other one is reported
as a ``duplicate`` problem naming the one graded instead.
"""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import nbformat

__all__ = [
    "Collection",
    "DEFAULT_MAX_BYTES",
    "Problem",
    "Submission",
    "collect",
    "sanitize_student_id",
]

DEFAULT_MAX_BYTES = 20_000_000
_MAX_ID_LENGTH = 64
#: Folders that never hold submissions: editor autosaves, caches, and the
#: resource forks macOS puts in zip files.
_SKIPPED_FOLDERS = {".ipynb_checkpoints", "__pycache__", ".git", "__MACOSX"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input.

    ``code`` is a stable short name (``not-json``, ``duplicate``, ``checksum``...)
    for programs; ``reason`` is the sentence shown to the instructor. ``graded``
    says whether the submission was still graded despite the problem.
    """

    path: Path
    student: str | None
    reason: str
    code: str = "input"
    set_id: str | None = None
    item: str | None = None
    graded: bool = False

    def as_dict(self) -> dict[str, Any]:
        """A JSON-able dict (for report.json)."""
        return {
            "path": str(self.path),
            "student": self.student,
            "set": self.set_id,
            "item": self.item,
            "code": self.code,
            "reason": self.reason,
            "graded": self.graded,
        }


@dataclass
class Submission:
    """One student's notebook for one exercise set, read but not yet graded."""

    student: str  #: sanitized id, safe as a path component
    set_id: str
    path: Path
    notebook: nbformat.NotebookNode
    folder_name: str = ""  #: the folder name the id came from, before sanitizing
    mtime_ns: int = 0


@dataclass
class Collection:
    """What :func:`collect` found: readable submissions and every problem."""

    submissions: list[Submission] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Students' notes files (elysara-notes.json), located beside the notebooks (issue #17).
    note_files: list[Any] = field(default_factory=list)


def sanitize_student_id(name: str) -> str:
    """Turn a folder name into a student id that is safe as one path component.

    Letters, digits, ``.``, ``_`` and ``-`` are kept (after Unicode NFKC
    normalization); anything else becomes ``_``; leading dots and dashes are
    dropped (no hidden files, no ``..``). When anything had to change, a short
    hash of the original name is appended, so two different folder names
    never collapse into one id.

    >>> sanitize_student_id("alice")
    'alice'
    >>> sanitize_student_id("..").startswith("student-")
    True
    """
    normalized = unicodedata.normalize("NFKC", name)
    kept = "".join(ch if (ch.isalnum() or ch in "._-") else "_" for ch in normalized)
    kept = kept.lstrip(".-")[:_MAX_ID_LENGTH]
    if kept == name and kept:
        return kept
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f"{kept or 'student'}-{digest}"


def _student_folder(path: Path) -> str:
    """The folder name that names the student, for either layout."""
    absolute = Path(os.path.abspath(path))
    set_id = absolute.stem
    parent = absolute.parent
    # nbgrader: submitted/<student>/<set-id>/<set-id>.ipynb
    if parent.name == set_id and parent.parent.parent.name == "submitted":
        return parent.parent.name
    return parent.name


def _walk(folder: Path, problems: list[Problem]) -> Iterable[Path]:
    """Every ``.ipynb`` under ``folder`` in sorted order, reporting symlinks instead of following them."""
    for root, dirs, files in os.walk(folder, followlinks=False):
        root_path = Path(root)
        kept_dirs = []
        for name in sorted(dirs):
            if name in _SKIPPED_FOLDERS:
                continue
            if (root_path / name).is_symlink():
                problems.append(_symlink_problem(root_path / name))
                continue
            kept_dirs.append(name)
        dirs[:] = kept_dirs
        for name in sorted(files):
            # "._name.ipynb" is macOS metadata beside a real notebook, not a notebook.
            if name.endswith(".ipynb") and not name.startswith("._"):
                yield root_path / name


def _symlink_problem(path: Path) -> Problem:
    return Problem(
        path=path,
        student=None,
        code="symlink",
        reason="a symbolic link: not followed (copy the real file or folder in instead)",
    )


def _read_notebook(path: Path, max_bytes: int) -> tuple[nbformat.NotebookNode | None, str, str]:
    """Read one notebook; return (notebook, "", "") or (None, code, reason)."""
    try:
        size = path.lstat().st_size
    except OSError as error:
        return None, "unreadable", f"cannot be read: {error.strerror or error}"
    if size > max_bytes:
        return None, "too-large", (
            f"{size:,} bytes, over the limit of {max_bytes:,} bytes "
            "(raise it with --max-bytes if the notebook is genuine)"
        )
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, "unreadable", f"cannot be read: {error.strerror or error}"
    try:
        source = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return None, "encoding", (
            f"not UTF-8 text (byte 0x{raw[error.start]:02x} at position {error.start}); "
            "Jupyter saves notebooks as UTF-8: re-save it from Jupyter"
        )
    try:
        data = json.loads(source)
    except json.JSONDecodeError as error:
        return None, "not-json", f"not JSON ({error.msg} at line {error.lineno}, column {error.colno})"
    if not isinstance(data, dict) or "nbformat" not in data:
        return None, "not-notebook", "JSON, but not a Jupyter notebook (no 'nbformat' field)"
    version = data.get("nbformat")
    if isinstance(version, int) and version < 4:
        return None, "old-format", (
            f"an old notebook format (nbformat {version}); open and save it in a current "
            "Jupyter, or run `jupyter nbconvert --to notebook --nbformat 4` on it"
        )
    cells = data.get("cells")
    if version != 4 or not isinstance(cells, list):
        return None, "not-notebook", (
            f"JSON, but not a Jupyter notebook of format 4 (nbformat {version!r}, "
            f"cells {'present' if isinstance(cells, list) else 'missing'})"
        )
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict) or cell.get("cell_type") not in {"code", "markdown", "raw"}:
            return None, "not-notebook", f"cell {index + 1} is not a notebook cell"
        src = cell.get("source", "")
        if isinstance(src, list):
            if not all(isinstance(line, str) for line in src):
                return None, "not-notebook", f"cell {index + 1} has a malformed source"
            cell["source"] = "".join(src)
        elif not isinstance(src, str):
            return None, "not-notebook", f"cell {index + 1} has a malformed source"
        if not isinstance(cell.get("metadata", {}), dict):
            return None, "not-notebook", f"cell {index + 1} has malformed metadata"
    return _node(data), "", ""


def _node(data: dict[str, Any]) -> nbformat.NotebookNode:
    """A NotebookNode without nbformat's schema validation or its deep conversion.

    The structure was checked above; jsonschema validation and converting
    every output would cost more than grading itself. The notebook, its
    metadata, its cells and their metadata (``cell.metadata.nbgrader``) allow
    attribute access; outputs stay plain dicts.
    """
    # dict.update bypasses NotebookNode.__setitem__, which would convert deeply.
    def wrap(value: dict[str, Any]) -> nbformat.NotebookNode:
        node = nbformat.NotebookNode()
        dict.update(node, value)
        return node

    node = wrap(data)
    dict.__setitem__(node, "metadata", wrap(data.get("metadata") or {}))
    cells = []
    for raw in data["cells"]:
        cell = wrap(raw)
        metadata = wrap(raw.get("metadata") or {})
        if isinstance(metadata.get("nbgrader"), dict):
            dict.__setitem__(metadata, "nbgrader", wrap(metadata["nbgrader"]))
        dict.__setitem__(cell, "metadata", metadata)
        cells.append(cell)
    dict.__setitem__(node, "cells", cells)
    return node


def collect(paths: Iterable[Path | str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Collection:
    """Find and read every submission under ``paths`` (files or folders).

    Returns a :class:`Collection` whose ``submissions`` are the notebooks to
    grade (at most one per student and set) and whose ``problems`` list every
    input that was skipped and why. Never raises for a bad input.
    """
    collection = Collection()
    paths = list(paths)  # walked twice: notebooks, then notes files
    candidates: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_symlink():
            collection.problems.append(_symlink_problem(path))
        elif path.is_dir():
            candidates.extend(_walk(path, collection.problems))
        elif path.exists():
            candidates.append(path)
        else:
            collection.problems.append(
                Problem(path=path, student=None, code="missing", reason="no such file or folder")
            )

    found: dict[tuple[str, str], list[Submission]] = {}
    seen: set[str] = set()
    for path in candidates:
        key = os.path.abspath(path)
        if key in seen:  # the same file named twice on the command line
            continue
        seen.add(key)
        folder = _student_folder(path)
        student = sanitize_student_id(folder)
        set_id = path.stem
        if path.is_symlink():
            collection.problems.append(_symlink_problem(path))
            continue
        notebook, code, reason = _read_notebook(path, max_bytes)
        if notebook is None:
            collection.problems.append(
                Problem(path=path, student=student, set_id=set_id, code=code, reason=reason)
            )
            continue
        submission = Submission(
            student=student,
            set_id=set_id,
            path=path,
            notebook=notebook,
            folder_name=folder,
            mtime_ns=path.lstat().st_mtime_ns,
        )
        found.setdefault((student, set_id), []).append(submission)

    for (student, set_id), group in found.items():
        group.sort(key=lambda s: (s.mtime_ns, str(s.path)))
        chosen = group[-1]
        collection.submissions.append(chosen)
        for other in group[:-1]:
            collection.problems.append(
                Problem(
                    path=other.path,
                    student=student,
                    set_id=set_id,
                    code="duplicate",
                    reason=(
                        f"a second submission for student {student!r} and set {set_id!r}; "
                        f"the newer {chosen.path} was graded instead"
                    ),
                )
            )
    collection.submissions.sort(key=lambda s: (s.student, s.set_id))
    # Issue #17 hook: notes files are located here and read when graded (grading/annotation_set.py).
    from elysara.exercises.grading.note_files import find_note_files

    collection.note_files, note_problems = find_note_files(paths)
    collection.problems.extend(note_problems)
    return collection
