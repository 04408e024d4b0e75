"""The class's grades as CSV: one row per submission (gradebook.csv), one per item (items.csv).

gradebook.csv columns: ``student, set, auto_points, auto_max, rubric_points,
rubric_max, total, max, status``. ``auto`` is the objective part (objective
items and the structure of argument reconstructions), ``rubric`` the rubric
criteria (suggested or confirmed levels); ``status`` is ``graded`` (every
point final), ``provisional`` (some rubric levels are only suggested) or
``not graded`` (the notebook could not be graded: points are left empty and
report.json says why).

items.csv columns: ``student, set, item, part, points, max, source`` with source
``auto`` (graded exactly), ``suggested`` (some rubric level is not yet
confirmed) or ``instructor`` (set or confirmed in the overrides file). ``part``
is empty for a whole item; an argument reconstruction has two rows, its
``structure`` part (graded exactly) and its ``rubric`` part, so the points of
a file's rows always add up to the submission's total.

suggested-levels.csv has the overrides file's columns (``student, set, item,
criterion, level, comment``), one row per rubric criterion still awaiting the
instructor, with the grader's suggested level (empty where it has none):
review it, change what you disagree with and pass it back with --overrides.

Every cell goes through :func:`elysara.exercises.grading.csvcells.csv_text`,
so no cell (a file name, a student id, a set name) can start a spreadsheet
formula.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from elysara.atomic import write_text
from elysara.exercises.grading.grader import STATUS_NOT_GRADED, SubmissionResult
from elysara.exercises.grading.collect import Problem
from elysara.exercises.grading.csvcells import csv_text

__all__ = [
    "GRADEBOOK_COLUMNS", "ITEM_COLUMNS", "format_points", "gradebook_csv", "items_csv", "suggestions_csv",
    "write_gradebook", "write_items", "write_suggestions",
]

GRADEBOOK_COLUMNS = ("student", "set", "auto_points", "auto_max", "rubric_points", "rubric_max", "total", "max", "status")
ITEM_COLUMNS = ("student", "set", "item", "part", "points", "max", "source")
# Problems that mean "this file is not a submission of its own" rather than
# "this student's submission could not be graded".
_NOT_A_SUBMISSION = {"duplicate", "symlink", "missing"}


def format_points(value: float) -> str:
    """Points as text: ``3``, ``2.5``, ``0.67``."""
    return f"{round(value, 2):g}"


def _csv(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    # Student ids, set names and file names come from outside: no cell may start a formula.
    return csv_text(header, rows)


def gradebook_csv(results: Iterable[SubmissionResult], problems: Iterable[Problem] = ()) -> str:
    """The gradebook as CSV text, sorted by student then set.

    Inputs that could not be read as notebooks but name a student and a set
    (``problems`` from collection) get a ``not graded`` row, so no student
    silently disappears from the gradebook.
    """
    rows: dict[tuple[str, str], list[str]] = {}
    for r in results:
        if r.status == STATUS_NOT_GRADED:
            rows[(r.student, r.set_id)] = [r.student, r.set_id, "", "", "", "", "", "", r.status]
            continue
        rows[(r.student, r.set_id)] = [
            r.student, r.set_id,
            format_points(r.auto_points), format_points(r.auto_max),
            format_points(r.rubric_points), format_points(r.rubric_max),
            format_points(r.total), format_points(r.max), r.status,
        ]
    for p in problems:
        if p.student and p.set_id and p.code not in _NOT_A_SUBMISSION and not p.graded:
            rows.setdefault((p.student, p.set_id), [p.student, p.set_id, "", "", "", "", "", "", STATUS_NOT_GRADED])
    return _csv(GRADEBOOK_COLUMNS, (rows[key] for key in sorted(rows)))


def _item_rows(r: SubmissionResult, i) -> list[list[str]]:
    """One row per item; an argument reconstruction gets two, its structure part and its rubric part."""
    if i.type == "argument_reconstruction" and i.criteria:
        structure = i.auto_source
        rubric_source = "instructor" if all(c.source == "instructor" for c in i.criteria) else "suggested"
        return [
            [r.student, r.set_id, i.item_id, "structure", format_points(i.auto_points), format_points(i.auto_max), structure],
            [r.student, r.set_id, i.item_id, "rubric", format_points(i.rubric_points), format_points(i.rubric_max), rubric_source],
        ]
    return [[r.student, r.set_id, i.item_id, "", format_points(i.points), format_points(i.max), i.source]]


def items_csv(results: Iterable[SubmissionResult]) -> str:
    """One row per item of every graded submission (two for a reconstruction), as CSV text."""
    rows = (
        row
        for r in sorted(results, key=lambda r: (r.student, r.set_id))
        if r.status != STATUS_NOT_GRADED
        for i in r.items
        for row in _item_rows(r, i)
    )
    return _csv(ITEM_COLUMNS, rows)


def write_gradebook(path: Path, results: Iterable[SubmissionResult], problems: Iterable[Problem] = ()) -> Path:
    """Write gradebook.csv atomically."""
    return write_text(path, gradebook_csv(results, problems))


def write_items(path: Path, results: Iterable[SubmissionResult]) -> Path:
    """Write items.csv atomically."""
    return write_text(path, items_csv(results))


def suggestions_csv(results: Iterable[SubmissionResult]) -> str:
    """Every unconfirmed rubric level, in the overrides format, ready to review and pass back."""
    rows = (
        [r.student, r.set_id, i.item_id, c.id, c.suggested_level or "", ""]
        for r in sorted(results, key=lambda r: (r.student, r.set_id))
        if r.status != STATUS_NOT_GRADED
        for i in r.items
        for c in i.criteria
        if c.source == "suggested"
    )
    return _csv(("student", "set", "item", "criterion", "level", "comment"), rows)


def write_suggestions(path: Path, results: Iterable[SubmissionResult]) -> Path:
    """Write suggested-levels.csv atomically."""
    return write_text(path, suggestions_csv(results))
