"""Find students' note files (``elysara-notes.json``) beside their notebooks.

The same layouts as notebooks (see :mod:`elysara.exercises.grading.collect`):

* ``<student>/elysara-notes.json`` (for the bank's one annotation set), or
  ``<student>/<set-id>/elysara-notes.json`` when the bank has several;
* nbgrader's ``<any-root>/<student>/<set-id>/elysara-notes.json`` (``submitted/``,
  ``autograded/`` or a renamed folder: the set id is what tells);
* Canvas's and Moodle's downloads, zipped or unzipped, where the file is
  named as :mod:`elysara.exercises.grading.layouts` reads those LMSs' names
  (``smithann_1234_5678_elysara-notes.json``, or Moodle's
  ``Ann Smith_77_assignsubmission_file_`` folder): the student is the LMS's id,
  as for their notebooks.

Files are only located here (symbolic links reported, never followed);
reading and verifying them is :mod:`elysara.exercises.grading.annotation_set`'s
job, so a bad file becomes a "not graded" row with its reason.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from elysara.exercises.answers.web_annotations import FILE_NAME, is_notes_name
from elysara.exercises.grading.collect import _SKIPPED_FOLDERS, Problem, _symlink_problem, sanitize_student_id
from elysara.exercises.grading.layouts import place

__all__ = ["NoteSubmission", "find_note_files"]


@dataclass(frozen=True)
class NoteSubmission:
    """One student's note file, located but not yet read."""

    student: str  #: sanitized, safe as a path component
    path: Path
    set_hint: str | None  #: the folder name that may name the set (``<student>/<set-id>/``)
    folder_name: str
    mtime_ns: int
    shown: Path | None = None  #: the path to report when it is not ``path`` (``download.zip/entry``)

    @property
    def reported(self) -> Path:
        """The path problems and reports name."""
        return self.shown or self.path


def _student_and_hint(path: Path, set_ids: frozenset[str]) -> tuple[str, str | None]:
    # nbgrader's <any-root>/<student>/<set-id>/ is recognised by the set id, as the bank names it,
    # never by the name of the folder above (submitted/, autograded/ or a renamed download).
    parent = Path(os.path.abspath(path)).parent
    if parent.name in set_ids:
        return parent.parent.name, parent.name
    return parent.name, None


def _located(path: Path, set_ids: frozenset[str], base: Path | None, shown: Path | None = None,
             mtime_ns: int | None = None) -> NoteSubmission | None:
    """The note file at ``path`` (found under the folder ``base``), or None when its name is not a notes file's."""
    mtime = path.lstat().st_mtime_ns if mtime_ns is None else mtime_ns
    where = place(path, base) if base is not None else None
    if where is not None and where.layout in ("canvas", "moodle"):
        return NoteSubmission(sanitize_student_id(where.student), path, None, where.student, mtime, shown)
    if path.name != FILE_NAME:
        return None  # "..._elysara-notes.json" outside an LMS download is some other file
    folder, hint = _student_and_hint(path, set_ids)
    return NoteSubmission(sanitize_student_id(folder), path, hint, folder, mtime, shown)


def find_note_files(paths: Iterable[Path | str], unpacked: Iterable[tuple[Path, Path, int, Path]] = ()
                    ) -> tuple[list[NoteSubmission], list[Problem]]:
    """Every notes file under ``paths`` (files or folders), and the links not followed.

    ``unpacked``: notes files taken out of zips, as (path on disk, path to
    show, mtime in ns, the folder the zip was unpacked in).
    """
    from elysara.exercises.bank import load_bank

    found: list[NoteSubmission] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    set_ids: frozenset[str] | None = None

    def add(candidate: Path, base: Path | None, shown: Path | None = None, mtime: int | None = None) -> None:
        nonlocal set_ids
        key = os.path.abspath(candidate)
        if key in seen:
            return
        seen.add(key)
        if candidate.is_symlink():
            problems.append(_symlink_problem(shown or candidate))
            return
        if set_ids is None:  # the bank is read only when a class handed in notes
            set_ids = frozenset(load_bank().annotation_sets)
        located = _located(candidate, set_ids, base, shown, mtime)
        if located is not None:
            found.append(located)

    for given in paths:
        path = Path(given)
        if path.is_symlink() or not path.exists():
            continue  # reported by the notebook collector, which sees the same paths
        if path.is_file():
            if path.name == FILE_NAME:
                add(path, None)
            continue
        for root, dirs, files in os.walk(path, followlinks=False):
            dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_FOLDERS)
            for name in sorted(files):
                if is_notes_name(name):
                    add(Path(root) / name, path)
    for disk, shown, mtime, base in unpacked:
        add(disk, base, shown, mtime)
    found.sort(key=lambda n: (n.student, str(n.reported)))
    return found, problems
