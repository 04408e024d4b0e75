"""Grades as the CSV files Canvas and Moodle import, with each student's LMS id.

``elysara grade ... --lms canvas`` writes ``canvas-import.csv`` in the layout
of Canvas's gradebook import: the columns ``Student, ID, SIS User ID, SIS
Login ID, Section``, then one column per set, named ``<assignment name>
(<assignment id>)`` as Canvas's own export names it when the roster is a
Canvas gradebook export holding that assignment (else the set's title, which
Canvas imports as a new assignment), and a ``Points Possible`` row. Canvas
finds each student by ``ID`` (the Canvas user id), then by the SIS ids.

``--lms moodle`` writes ``moodle-<set-id>.csv`` per set, in the layout of the
assignment's *Upload grading worksheet*: ``Identifier`` (``Participant
<participant id>``), ``Full name``, ``Grade``, ``Maximum Grade`` and
``Last modified (grade)``, the columns Moodle's importer looks for (English
interface).

Ids come from the roster (``--roster``: a CSV with ``student, name, lms_id``
and optionally ``sis_user_id, sis_login_id, section``; or a Canvas gradebook
export; or a Moodle grading worksheet) or, without one, from the file names
of the LMS's download. Only final grades are exported: a submission whose
rubric levels are still the grader's suggestions (``provisional``), or that
could not be graded, is left blank (the LMS then leaves that grade as it is)
and listed, so a suggestion never reaches a student as a grade.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterable

from elysara.atomic import write_text
from elysara.exercises.bank.loading import Bank
from elysara.exercises.grading.collect import Submission, sanitize_student_id
from elysara.exercises.grading.csvcells import csv_text
from elysara.exercises.grading.gradebook import format_points
from elysara.exercises.grading.grader import STATUS_GRADED, SubmissionResult

__all__ = ["LMS_CHOICES", "LmsExport", "Roster", "RosterEntry", "RosterError", "load_roster", "write_lms"]

LMS_CHOICES = ("canvas", "moodle")
CANVAS_STUDENT_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
MOODLE_COLUMNS = ("Identifier", "Full name", "Grade", "Maximum Grade", "Last modified (grade)")
#: Moodle's "Participant " prefix of the Identifier column (string hiddenuser of mod_assign).
MOODLE_PARTICIPANT = "Participant "
_TITLE_AND_ID = re.compile(r"^(?P<title>.*?)\s*\((?P<id>\d+)\)$")


class RosterError(ValueError):
    """The roster file cannot be read; the message names the file and the row."""


@dataclass(frozen=True)
class RosterEntry:
    """One student as the LMS knows them."""

    name: str = ""
    lms_id: str = ""  #: Canvas user id or Moodle participant id
    sis_user_id: str = ""
    sis_login_id: str = ""
    section: str = ""


@dataclass
class Roster:
    """Students by every id elysara may know them by, and Canvas's assignment columns."""

    by_key: dict[str, RosterEntry] = field(default_factory=dict)
    assignment_columns: list[str] = field(default_factory=list)  #: "Title (id)" headers of a Canvas export

    def find(self, submission: Submission | None, student: str) -> RosterEntry | None:
        keys = [student]
        if submission is not None:
            keys += [submission.folder_name, submission.lms_id or ""]
        for key in keys:
            if key and key in self.by_key:
                return self.by_key[key]
        return None


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise RosterError(f"the roster {path} cannot be read: {error}") from None
    reader = csv.DictReader(text.splitlines())
    header = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = header
    return header, [{k: (v or "").strip() for k, v in row.items() if k is not None} for row in reader]


def load_roster(path: Path) -> Roster:
    """Read a roster: elysara's columns, a Canvas gradebook export, or a Moodle grading worksheet."""
    header, rows = _rows(Path(path))
    roster = Roster()

    def add(entry: RosterEntry, *keys: str) -> None:
        for key in keys:
            if key:
                roster.by_key.setdefault(key, entry)
                roster.by_key.setdefault(sanitize_student_id(key), entry)

    if {"student", "lms_id"} <= set(header):
        for number, row in enumerate(rows, start=2):
            if not row.get("student"):
                raise RosterError(f"{path}, line {number}: the student column is empty")
            entry = RosterEntry(row.get("name", ""), row.get("lms_id", ""), row.get("sis_user_id", ""),
                                row.get("sis_login_id", ""), row.get("section", ""))
            add(entry, row["student"])
    elif header[:2] == ["Student", "ID"] and "Section" in header:
        last = header.index("Section")
        roster.assignment_columns = [h for h in header[last + 1:] if _TITLE_AND_ID.match(h)]
        for row in rows:
            if not row.get("ID", "").isdigit():  # the "Points Possible" row, blank lines
                continue
            entry = RosterEntry(row.get("Student", ""), row["ID"], row.get("SIS User ID", ""),
                                row.get("SIS Login ID", ""), row.get("Section", ""))
            add(entry, row["ID"], entry.sis_user_id, entry.sis_login_id)
    elif "Identifier" in header:
        for row in rows:
            identifier = row.get("Identifier", "")
            participant = identifier[len(MOODLE_PARTICIPANT):] if identifier.startswith(MOODLE_PARTICIPANT.strip()) else identifier
            participant = participant.strip()
            email = row.get("Email address", "")
            entry = RosterEntry(row.get("Full name", ""), participant)
            add(entry, participant, email, email.split("@")[0] if email else "")
    else:
        raise RosterError(
            f"the roster {path} has columns {', '.join(header) or 'none'}; expected student,name,lms_id "
            "(and optionally sis_user_id,sis_login_id,section), a Canvas gradebook export (Student, ID, ..., "
            "Section) or a Moodle grading worksheet (Identifier, Full name, ...)"
        )
    return roster


@dataclass
class LmsExport:
    """What an LMS export wrote and whom it left out."""

    written: list[Path] = field(default_factory=list)
    no_id: list[str] = field(default_factory=list)  #: students without an LMS id (not in the file)
    left_blank: list[tuple[str, str, str]] = field(default_factory=list)  #: (student, set, status)


def _canvas_column(title: str, set_id: str, roster: Roster) -> str:
    for header in roster.assignment_columns:
        name = _TITLE_AND_ID.match(header)["title"]
        if name.casefold() in {title.casefold(), set_id.casefold()}:
            return header
    return title


def write_lms(lms: str, out_dir: Path, results: Iterable[SubmissionResult], submissions: Iterable[Submission],
              bank: Bank, roster: Roster | None = None, now: datetime | None = None) -> LmsExport:
    """Write the import file(s) of ``lms`` ("canvas" or "moodle") into ``out_dir``."""
    if lms not in LMS_CHOICES:
        raise ValueError(f"no LMS {lms!r}; valid choices are {', '.join(LMS_CHOICES)}")
    roster = roster or Roster()
    by_student = {}
    for submission in submissions:
        by_student.setdefault(submission.student, submission)
    results = sorted(results, key=lambda r: (r.student, r.set_id))
    export = LmsExport()
    entries: dict[str, RosterEntry] = {}
    for result in results:
        if result.student in entries:
            continue
        submission = by_student.get(result.student)
        entry = roster.find(submission, result.student)
        if entry is None and submission is not None and submission.lms_id and submission.layout == lms:
            entry = RosterEntry(submission.display_name or "", submission.lms_id)
        if entry is None or not entry.lms_id:
            export.no_id.append(result.student)
            continue
        entries[result.student] = entry
    grades: dict[tuple[str, str], str] = {}
    for result in results:
        if result.status == STATUS_GRADED:
            grades[(result.student, result.set_id)] = format_points(result.total)
        elif result.student in entries:
            export.left_blank.append((result.student, result.set_id, result.status))
    set_ids = [set_id for set_id in bank.sets if any(r.set_id == set_id for r in results)]
    students = [s for s in dict.fromkeys(r.student for r in results) if s in entries]
    out_dir = Path(out_dir)
    if lms == "canvas":
        header = [*CANVAS_STUDENT_COLUMNS, *(_canvas_column(bank.sets[s].title, s, roster) for s in set_ids)]
        rows = [["Points Possible", "", "", "", "", *(format_points(bank.sets[s].max_points) for s in set_ids)]]
        for student in students:
            e = entries[student]
            rows.append([e.name or student, e.lms_id, e.sis_user_id, e.sis_login_id, e.section,
                         *(grades.get((student, s), "") for s in set_ids)])
        export.written.append(write_text(out_dir / "canvas-import.csv", csv_text(header, rows)))
    else:
        stamp = (now or datetime.now()).strftime("%Y-%m-%d %H:%M:%S")
        for set_id in set_ids:
            maximum = format_points(bank.sets[set_id].max_points)
            rows = [
                [f"{MOODLE_PARTICIPANT}{entries[s].lms_id}", entries[s].name or s, grades.get((s, set_id), ""), maximum, stamp]
                for s in students if any(r.student == s and r.set_id == set_id for r in results)
            ]
            export.written.append(write_text(out_dir / f"moodle-{set_id}.csv", csv_text(MOODLE_COLUMNS, rows)))
    return export
