"""Collect students' notebooks from files, folders and zips, reporting every bad input.

Which student and set a notebook belongs to is read from the files
(:mod:`elysara.exercises.grading.layouts`), never from a folder's name:
``<student>/<set-id>.ipynb``, nbgrader's ``<any-root>/<student>/<set-id>/<set-id>.ipynb``
(``submitted/``, ``autograded/`` or a renamed copy), and the file names of
Canvas's and Moodle's "download all submissions" zips. A zip is opened with
the guards of :mod:`elysara.exercises.grading.archives`. A tree that reads two
ways raises :class:`~elysara.exercises.grading.layouts.AmbiguousLayout`
naming the files: nothing is merged silently.

Editor checkpoints and the ``__MACOSX``/``._*`` debris of zip files are
skipped silently. Nothing else here is fatal: each input that cannot be read as a notebook becomes a
:class:`Problem` naming the file and the reason, and collection goes on.
Files are only read (originals are never modified), symbolic links are
never followed, and only regular files are opened: a FIFO, socket or device
named ``*.ipynb``, or a folder so named, is reported and skipped. Each file
is validated against nbformat's schema and its metadata typed by
:mod:`elysara.exercises.answers.notebook_file`; malformed metadata fields
become warnings on the submission (``Submission.warnings``), which is
still graded. Student ids are sanitized by
:func:`sanitize_student_id`, so no output path built from one can leave the
output folder.

Two submissions for the same student and set: the one modified most recently
is graded (ties go to the path that sorts last); every other one is reported
as a ``duplicate`` problem naming the one graded instead.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import nbformat

from elysara.exercises.answers.notebook_file import READER, read_notebook_file
from elysara.exercises.grading.archives import extract_notebooks
from elysara.exercises.grading.layouts import AmbiguousLayout, Placement, check_unambiguous, place

__all__ = [
    "AmbiguousLayout",
    "Collection",
    "DEFAULT_MAX_BYTES",
    "Problem",
    "Submission",
    "collect",
    "read_submission",
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
    reader: str | None = None  #: which part gave up, when an unexpected error was caught (see grading.isolation)

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
            **({"reader": self.reader} if self.reader else {}),
        }


@dataclass
class Submission:
    """One student's notebook for one exercise set, read but not yet graded.

    ``notebook`` is None only for a submission collected with ``read=False``,
    until :func:`read_submission` reads it.
    """

    student: str  #: sanitized id, safe as a path component
    set_id: str
    path: Path
    notebook: nbformat.NotebookNode | None
    folder_name: str = ""  #: the folder name the id came from, before sanitizing
    mtime_ns: int = 0
    layout: str = ""  #: how the student was found: nbgrader, folders, canvas, moodle, file
    lms_id: str | None = None  #: Canvas user id or Moodle participant id, from the download's file name
    display_name: str | None = None  #: the student's name as the LMS download gives it
    late: bool = False  #: Canvas marked the submission LATE
    #: Problems found while reading that did not stop grading (malformed metadata fields...).
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class Collection:
    """What :func:`collect` found: readable submissions and every problem."""

    submissions: list[Submission] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Students' notes files (elysara-notes.json), located beside the notebooks (issue #17).
    note_files: list[Any] = field(default_factory=list)
    #: The folder notes files from zips are unpacked in (a TemporaryDirectory, removed with the collection).
    unpacked: Any = field(default=None, repr=False)


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
            if name.endswith(".ipynb"):
                problems.append(_folder_problem(root_path / name))
                continue
            kept_dirs.append(name)
        dirs[:] = kept_dirs
        for name in sorted(files):
            # "._name.ipynb" is macOS metadata beside a real notebook, not a notebook.
            if name.endswith(".ipynb") and not name.startswith("._"):
                yield root_path / name


def _folder_problem(path: Path) -> Problem:
    return Problem(path=path, student=None, code="not-a-file",
                   reason="a folder named like a notebook: skipped (nothing inside it is collected)")


def _symlink_problem(path: Path) -> Problem:
    return Problem(
        path=path,
        student=None,
        code="symlink",
        reason="a symbolic link: not followed (copy the real file or folder in instead)",
    )


def read_submission(submission: Submission, max_bytes: int = DEFAULT_MAX_BYTES,
                    shared: dict[str, str] | None = None, *, source: Path | None = None) -> Problem | None:
    """Read ``submission.notebook`` (and its warnings) from its file; the problem when it cannot be read.

    ``source`` is where the bytes are when they are not at ``submission.path`` (a zip entry's
    temporary copy).
    """
    read = read_notebook_file(source or submission.path, max_bytes, shared)
    if read.notebook is None:
        return Problem(path=submission.path, student=submission.student, set_id=submission.set_id,
                       code=read.code, reason=read.reason)
    submission.notebook = read.notebook
    submission.warnings = [Problem(submission.path, submission.student, reason, code, submission.set_id, graded=True)
                           for code, reason in read.warnings]
    return None


def _unread(candidate: _Candidate, where: Placement) -> Submission:
    """A submission for a placed file, with its student and set, not read yet."""
    if candidate.mtime_ns is not None:
        mtime_ns = candidate.mtime_ns
    else:
        try:
            mtime_ns = candidate.path.lstat().st_mtime_ns
        except OSError:
            mtime_ns = 0  # reading it will say why
    return Submission(
        student=sanitize_student_id(where.student), set_id=where.set_id, path=candidate.shown, notebook=None,
        folder_name=where.student, mtime_ns=mtime_ns, layout=where.layout, lms_id=where.lms_id,
        display_name=where.display_name, late=where.late,
    )


@dataclass
class _Candidate:
    path: Path  #: where the bytes are (a temporary copy for a zip entry)
    shown: Path  #: the path reported (``archive.zip/entry`` for a zip entry)
    base: Path | None  #: the folder passed (or the zip's temporary folder); None for a file passed alone
    argument: int
    mtime_ns: int | None = None


def collect(paths: Iterable[Path | str], *, max_bytes: int = DEFAULT_MAX_BYTES, read: bool = True) -> Collection:
    """Find and read every submission under ``paths`` (files, folders or zips).

    Returns a :class:`Collection` whose ``submissions`` are the notebooks to
    grade (at most one per student and set) and whose ``problems`` list every
    input that was skipped and why. Never raises for a bad input; raises
    :class:`AmbiguousLayout` for a tree that reads two ways.

    With ``read=False`` a submission with no competing file (and not from a
    zip) is not read: its ``notebook`` is None until :func:`read_submission`
    reads it (the grader's workers do, so a class of 10,000 is never all in
    memory at once).
    """
    collection = Collection()
    paths = list(paths)  # walked twice: notebooks, then notes files
    unpacked = tempfile.TemporaryDirectory(prefix="elysara-zips-")
    notes_unpacked: list[tuple[Path, Path, int, Path]] = []
    try:
        candidates = _candidates(paths, Path(unpacked.name), max_bytes, collection.problems, notes_unpacked)
        _read_all(candidates, max_bytes, collection, read)
    finally:
        if not notes_unpacked:
            unpacked.cleanup()
    # Issue #17: notes files are located here and read when graded (grading/annotation_set.py).
    from elysara.exercises.grading.note_files import find_note_files

    collection.note_files, note_problems = find_note_files(paths, notes_unpacked)
    collection.problems.extend(note_problems)
    if notes_unpacked:
        # Notes files from zips are read when graded: their unpacked copies live as long as the collection.
        collection.unpacked = unpacked
    return collection


def _candidates(paths: Iterable[Path | str], unpacked: Path, max_bytes: int, problems: list[Problem],
                notes: list[tuple[Path, Path, int, Path]]) -> list[_Candidate]:
    candidates: list[_Candidate] = []
    for argument, given in enumerate(paths):
        path = Path(given)
        if path.is_symlink():
            problems.append(_symlink_problem(path))
        elif path.is_dir() and path.name.endswith(".ipynb"):
            problems.append(_folder_problem(path))
        elif path.is_dir():
            candidates.extend(_Candidate(found, found, path, argument) for found in _walk(path, problems))
        elif path.is_file() and path.suffix.lower() == ".zip":
            dest = unpacked / str(argument)
            extracted = extract_notebooks(path, dest, max_bytes=max_bytes)
            problems.extend(Problem(path=shown, student=None, code=code, reason=reason) for shown, code, reason in extracted.refused)
            candidates.extend(_Candidate(disk, shown, dest, argument, mtime) for disk, shown, mtime in extracted.notebooks)
            notes.extend((disk, shown, mtime, dest) for disk, shown, mtime in extracted.notes)
        elif path.exists():
            candidates.append(_Candidate(path, path, None, argument))
        else:
            problems.append(Problem(path=path, student=None, code="missing", reason="no such file or folder"))
    return candidates


def _read_all(candidates: list[_Candidate], max_bytes: int, collection: Collection, read: bool = True) -> None:
    from elysara.exercises.grading.isolation import unexpected_problem

    placed: list[tuple[_Candidate, Placement]] = []
    seen: set[str] = set()
    for candidate in candidates:
        key = os.path.abspath(candidate.path)
        if key in seen:  # the same file named twice on the command line
            continue
        seen.add(key)
        placed.append((candidate, place(candidate.path, candidate.base)))
    check_unambiguous((c.shown, where, c.argument) for c, where in placed)

    # Group the files by student and set before reading anything (a stat is enough).
    groups: dict[tuple[str, str], list[tuple[_Candidate, Submission]]] = {}
    for candidate, where in placed:
        try:
            if candidate.path.is_symlink():
                collection.problems.append(_symlink_problem(candidate.shown))
                continue
            submission = _unread(candidate, where)
        except Exception as error:  # one file must never stop the class: report it and go on
            collection.problems.append(unexpected_problem(candidate.shown, None, where.set_id, READER, error))
            continue
        groups.setdefault((submission.student, submission.set_id), []).append((candidate, submission))

    # Read every file, except (with read=False) a student's only file for a set that is not a zip
    # entry (its temporary copy is gone when collect returns): the grading workers read those in
    # parallel. Duplicates are always read here, so an unreadable file never displaces a readable one.
    found: dict[tuple[str, str], list[Submission]] = {}
    shared: dict[str, str] = {}  # one copy of each repeated cell source (the prompts), for the whole class
    for key, group in groups.items():
        if not read and len(group) == 1 and group[0][0].path == group[0][0].shown:
            found[key] = [group[0][1]]
            continue
        for candidate, submission in group:
            try:
                problem = read_submission(submission, max_bytes, shared, source=candidate.path)
            except Exception as error:
                problem = unexpected_problem(submission.path, submission.student, submission.set_id, READER, error)
            if problem is not None:
                collection.problems.append(problem)
            else:
                found.setdefault(key, []).append(submission)

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
