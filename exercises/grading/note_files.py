"""Find students' note files (``elysara-notes.json``) beside their notebooks.

The same layouts as notebooks (see :mod:`elysara.exercises.grading.collect`):

* ``<student>/elysara-notes.json`` (for the bank's one annotation set), or
  ``<student>/<set-id>/elysara-notes.json`` when the bank has several;
* nbgrader's ``<any-root>/<student>/<set-id>/elysara-notes.json`` (``submitted/``,
  ``autograded/`` or a renamed folder: the set id is what tells).

Files are only located here (symbolic links reported, never followed);
reading and verifying them is :mod:`elysara.exercises.grading.annotation_set`'s
job, so a bad file becomes a "not graded" row with its reason.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from elysara.exercises.answers.web_annotations import FILE_NAME
from elysara.exercises.grading.collect import _SKIPPED_FOLDERS, Problem, _symlink_problem, sanitize_student_id

__all__ = ["NoteSubmission", "find_note_files"]


@dataclass(frozen=True)
class NoteSubmission:
    """One student's note file, located but not yet read."""

    student: str  #: sanitized, safe as a path component
    path: Path
    set_hint: str | None  #: the folder name that may name the set (``<student>/<set-id>/``)
    folder_name: str
    mtime_ns: int


def _student_and_hint(path: Path, set_ids: frozenset[str]) -> tuple[str, str | None]:
    # nbgrader's <any-root>/<student>/<set-id>/ is recognised by the set id, as the bank names it,
    # never by the name of the folder above (submitted/, autograded/ or a renamed download).
    parent = Path(os.path.abspath(path)).parent
    if parent.name in set_ids:
        return parent.parent.name, parent.name
    return parent.name, None


def _located(path: Path, set_ids: frozenset[str]) -> NoteSubmission:
    folder, hint = _student_and_hint(path, set_ids)
    return NoteSubmission(sanitize_student_id(folder), path, hint, folder, path.lstat().st_mtime_ns)


def find_note_files(paths: Iterable[Path | str]) -> tuple[list[NoteSubmission], list[Problem]]:
    """Every ``elysara-notes.json`` under ``paths`` (files or folders), and the links not followed."""
    from elysara.exercises.bank import load_bank

    found: list[NoteSubmission] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    set_ids: frozenset[str] | None = None
    for given in paths:
        path = Path(given)
        if path.is_symlink() or not path.exists():
            continue  # reported by the notebook collector, which sees the same paths
        candidates: list[Path] = []
        if path.is_file():
            if path.name == FILE_NAME:
                candidates.append(path)
        else:
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_FOLDERS)
                if FILE_NAME in files:
                    candidates.append(Path(root) / FILE_NAME)
        for candidate in candidates:
            key = os.path.abspath(candidate)
            if key in seen:
                continue
            seen.add(key)
            if candidate.is_symlink():
                problems.append(_symlink_problem(candidate))
                continue
            if set_ids is None:  # the bank is read only when a class handed in notes
                set_ids = frozenset(load_bank().annotation_sets)
            found.append(_located(candidate, set_ids))
    found.sort(key=lambda n: (n.student, str(n.path)))
    return found, problems
