"""Where a collected notebook sits says whose it is: layouts read from the files, never from a folder's name.

Each notebook found under a folder the instructor passed is placed in one of
these layouts, from its own file name and the folders between it and that
folder (no folder needs a particular name such as ``submitted``):

``nbgrader``
    ``<any-root>/<student>/<set-id>/<set-id>.ipynb``: a folder named like the
    notebook, inside the student's folder (nbgrader's ``submitted/``,
    ``autograded/``, or a renamed copy of either).
``folders``
    ``<student>/<set-id>.ipynb``.
``canvas``
    A file from Canvas's *Download Submissions* zip. Canvas names each file
    ``<name>[_LATE]_<user id>_<attachment id>_<file name as uploaded>``, the
    name being the student's sortable name in lower case without spaces or
    punctuation, and ``anon_<id>`` in place of name and user id when the
    assignment is anonymous. The student id is the Canvas user id.
``moodle``
    A file from Moodle's *Download all submissions* zip:
    ``<Full name>_<participant id>_assignsubmission_file_<file name>``, or a
    folder ``<Full name>_<participant id>_assignsubmission_file_`` holding the
    files as uploaded (Moodle's default since 3.1). The student id is the
    participant id.

A tree is *ambiguous* when one folder would be a student's own folder for one
notebook and a folder of students (or a set folder) for another; when one
folder passed holds folders of students at two depths (an nbgrader course
folder passed whole: ``source/<set-id>/<set-id>.ipynb`` would read as a
student named ``source``); or when it holds the same student's same set under
two different folders of students (nbgrader's ``submitted/`` beside
``autograded/``, a backup copy of the class inside the class folder). :func:`check_unambiguous` raises
:class:`AmbiguousLayout` naming the files; nothing is merged silently.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

__all__ = ["AmbiguousLayout", "Placement", "check_unambiguous", "place"]

# Canvas, lib/content_zipper.rb: [sortable name, "LATE", user id].compact.join("_"), the name
# lower-cased with every non-word character removed; then "_<attachment id>_<display name>".
_CANVAS = re.compile(
    r"^(?:(?P<name>\w+?)_)??(?:(?P<late>LATE)_)?(?P<id>\d+|anon_[A-Za-z0-9]+)_(?P<attachment>\d+)_(?P<original>.+)$"
)
# Moodle, mod/assign/locallib.php download_submissions(): clean_filename(fullname . "_" . uniqueid)
# . "_" . "assignsubmission" . "_" . "file" . "_" then the file name (flat) or its folder path.
_MOODLE = re.compile(r"^(?P<name>.*?)_(?P<id>\d+)_assignsubmission_file_(?P<original>.*)$")
# A browser saving a second copy of a file before the student uploaded it: "reading (1).ipynb".
# (Set ids never hold spaces or brackets, so this never shortens a real set id.)
_COPY_SUFFIX = re.compile(r" \(\d+\)$")


class AmbiguousLayout(ValueError):
    """A folder passed reads two ways; the message names the files."""


@dataclass(frozen=True)
class Placement:
    """Who a notebook belongs to and which set it is, as its place in the tree says."""

    layout: str  #: "nbgrader" | "folders" | "canvas" | "moodle" | "file"
    student: str  #: the raw student name or id (sanitized later)
    set_id: str
    root: Path  #: the folder holding the students' entries (for the ambiguity check)
    student_folder: Path | None = None  #: the student's own folder, when there is one
    lms_id: str | None = None  #: Canvas user id or Moodle participant id
    display_name: str | None = None  #: the name the LMS put in the file name
    late: bool = False  #: Canvas marked the submission LATE


def _set_from_upload(name: str) -> str:
    """The set id a student's uploaded file name stands for (``reading (1).ipynb`` → ``reading``)."""
    stem = name[: -len(".ipynb")] if name.lower().endswith(".ipynb") else name
    return _COPY_SUFFIX.sub("", stem) or stem


def _canvas(path: Path, base: Path) -> Placement | None:
    match = _CANVAS.match(path.name)
    if match is None:
        return None
    lms_id = match["id"]
    return Placement("canvas", lms_id, _set_from_upload(match["original"]), base, None, lms_id,
                     match["name"] or None, bool(match["late"]))


def _moodle(path: Path, parts: tuple[str, ...], base: Path) -> Placement | None:
    # The flat file, or the nearest enclosing "..._assignsubmission_file_" folder.
    for depth in range(len(parts) - 1, -1, -1):
        match = _MOODLE.match(parts[depth])
        if match is None:
            continue
        if depth == len(parts) - 1:
            original = match["original"]
            folder = None
        elif match["original"]:
            continue  # a folder whose name goes on after the marker is not Moodle's
        else:
            original = path.name
            folder = base.joinpath(*parts[: depth + 1])
        root = base.joinpath(*parts[:depth])
        return Placement("moodle", match["id"], _set_from_upload(original), root, folder, match["id"],
                         match["name"].strip() or None)
    return None


def place(path: Path, base: Path | None) -> Placement:
    """Where ``path`` (a notebook found under the folder ``base``, or given alone) belongs.

    Only the file name and the folders below ``base`` are read, so the name of
    the folder passed (``submitted``, ``autograded``, ``downloads``...) never
    changes who a notebook belongs to.
    """
    if base is None:
        # A file named on the command line: its own folder names the student, or, when that
        # folder is named like the notebook (nbgrader's <student>/<set-id>/<set-id>.ipynb), the one above.
        absolute = Path(os.path.abspath(path))
        levels = 3 if absolute.parent.name == absolute.stem and len(absolute.parents) > 3 else 2
        base = absolute.parents[levels - 1]
        path = absolute
    parts = path.relative_to(base).parts if path.is_relative_to(base) else (path.name,)
    found = _moodle(path, parts, base) or _canvas(path, path.parent)
    if found is not None:
        return found
    stem = path.stem
    folders = parts[:-1]
    if len(folders) >= 2 and folders[-1] == stem:
        student = path.parent.parent
        return Placement("nbgrader", student.name, stem, student.parent, student)
    if folders:
        return Placement("folders", path.parent.name, stem, path.parent.parent, path.parent)
    # A notebook directly in the folder passed: the folder is the student's.
    return Placement("file", path.parent.name, stem, path.parent.parent, path.parent)


def _root_of(path: Path, found: dict[Path, Path]) -> Path:
    return next(root for root, example in found.items() if example == path)


def check_unambiguous(placed: Iterable[tuple[Path, Placement, int]]) -> None:
    """Raise :class:`AmbiguousLayout` when the placements of one tree contradict each other.

    ``placed`` holds (path, placement, index of the argument it came from).
    """
    placed = list(placed)
    roles: dict[Path, dict[str, list[Path]]] = defaultdict(lambda: defaultdict(list))
    for path, where, _ in placed:
        if where.layout in {"canvas", "moodle"}:
            continue
        if where.student_folder is not None:
            roles[where.student_folder]["the folder of student " + repr(where.student)].append(path)
        roles[where.root]["a folder of students"].append(path)
        if where.layout == "nbgrader":
            roles[path.parent]["the set folder " + repr(where.set_id)].append(path)
    for folder, uses in sorted(roles.items()):
        if len(uses) > 1:
            described = "; ".join(f"{use} for {', '.join(map(str, paths[:3]))}" for use, paths in sorted(uses.items()))
            raise AmbiguousLayout(
                f"the folder {folder} reads two ways ({described}); move the stray notebooks out, "
                "or pass the folders of students one by one"
            )
    roots: dict[int, dict[Path, Path]] = defaultdict(dict)
    for path, where, argument in placed:
        roots[argument].setdefault(where.root, path)
    for argument, found in sorted(roots.items()):
        for root, path in sorted(found.items()):
            outer = next((found[parent] for parent in root.parents if parent in found), None)
            if outer is not None:
                raise AmbiguousLayout(
                    f"one folder passed holds students at two depths: {outer} reads as a student's notebook "
                    f"under {_root_of(outer, found)}, and {path} as one under {root}, inside it (an nbgrader "
                    "course folder passed whole?); pass the folder of students you mean, such as "
                    "submitted/ or autograded/"
                )
    by_key: dict[tuple[int, str, str], dict[Path, Path]] = defaultdict(dict)
    for path, where, argument in placed:
        by_key[(argument, where.student, where.set_id)].setdefault(where.root, path)
    for (_, student, set_id), roots in sorted(by_key.items()):
        if len(roots) > 1:
            files = ", ".join(str(p) for p in roots.values())
            raise AmbiguousLayout(
                f"student {student!r} has set {set_id!r} under {len(roots)} different folders of the same tree "
                f"({files}): which one to grade is not clear; pass the one you mean (for nbgrader, "
                "submitted/ or autograded/, not the course folder)"
            )
