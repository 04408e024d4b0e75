"""Grade students' notes on the text against an annotation set (``kind: annotation``).

Each note file is read and every anchor re-verified by
:mod:`elysara.exercises.answers.web_annotations`; notes whose words are not
where they say are reported and not counted. The set's ``points`` are split
equally over its four requirements (enough notes, spread over enough
paragraphs, enough tagged "question", each note long enough), each scored in
proportion to how much of it was met; the rubric's criteria get evidence
from the existing gatherers (:mod:`elysara.exercises.grading.evidence`)
over the notes' own text, as for any prose, and a suggested level. The
result is an ordinary :class:`SubmissionResult`, so the gradebook, items.csv,
suggested levels, overrides and feedback pages treat it like any set.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, Iterable, Sequence

from elysara.exercises.answers.web_annotations import Note, read_note_file
from elysara.exercises.answers.words import word_count
from elysara.exercises.bank.loading import Bank
from elysara.exercises.bank.schema import AnnotationSet
from elysara.exercises.grading.collect import Problem
from elysara.exercises.grading.evidence import Context, gather
from elysara.exercises.grading.grader import (
    STATUS_GRADED, STATUS_NOT_GRADED, STATUS_PROVISIONAL, CriterionResult, ItemResult, SubmissionResult,
)
from elysara.exercises.grading.note_files import NoteSubmission
from elysara.exercises.grading.overrides import POINTS_CRITERION, Override

__all__ = ["ITEM_ID", "Requirement", "feedback_set", "grade_note_files", "requirements_met", "unmatched_note_overrides"]

#: The one item of an annotation set, as gradebook rows and overrides name it.
ITEM_ID = "notes"
ITEM_TYPE = "annotation"


@dataclass(frozen=True)
class Requirement:
    """One requirement of an annotation set and how far a student met it."""

    label: str
    achieved: float
    required: float

    @property
    def share(self) -> float:
        """The part met, 0 to 1."""
        return 1.0 if self.required <= 0 else min(1.0, self.achieved / self.required)


def requirements_met(notes: Sequence[Note], annotation_set: AnnotationSet) -> list[Requirement]:
    """The four requirements, measured on verified notes (only notes long enough count)."""
    need = annotation_set.requires
    long_enough = [n for n in notes if word_count(n.body) >= need.words]
    return [
        Requirement(f"notes of at least {need.words} words", len(long_enough), need.notes),
        Requirement("paragraphs annotated", len({n.paragraph_id for n in long_enough}), need.paragraphs),
        Requirement('notes tagged "question"', sum(n.tag == "question" for n in long_enough), need.questions),
        Requirement(f"share of notes with at least {need.words} words",
                    len(long_enough) / len(notes) if notes else 0.0, 1.0),
    ]


def _set_for(note_file: NoteSubmission, bank: Bank) -> tuple[AnnotationSet | None, str]:
    sets = bank.annotation_sets
    if note_file.set_hint in sets:
        return sets[note_file.set_hint], ""
    parent = note_file.path.parent.name
    if parent in sets:
        return sets[parent], ""
    if len(sets) == 1:
        return next(iter(sets.values())), ""
    if not sets:
        return None, "the bank has no annotation set (kind: annotation), so notes files are not graded"
    return None, f"several annotation sets ({', '.join(sets)}): put the file in a folder named after its set"


def _shown(note: Note) -> str:
    tag = f" [{note.tag}]" if note.tag else ""
    return f"{note.passage_id} \u201c{note.exact}\u201d{tag}: {note.body}"


def grade_note_file(note_file: NoteSubmission, bank: Bank, overrides: dict[tuple, Override],
                    used: set[tuple] | None = None) -> SubmissionResult:
    """Grade one student's notes; a file that cannot be read gives a ``not graded`` result with its reason."""
    annotation_set, why = _set_for(note_file, bank)
    set_id = annotation_set.id if annotation_set else (note_file.set_hint or "annotation")
    student, path = note_file.student, note_file.reported

    def problem(code: str, reason: str, graded: bool) -> Problem:
        return Problem(path, student, reason, code, set_id, ITEM_ID if graded else None, graded)

    if annotation_set is None:
        return SubmissionResult(student, set_id, path, STATUS_NOT_GRADED, [], [problem("unknown-set", why, False)])
    read = read_note_file(note_file.path)
    if not read.readable:
        reasons = [problem(p.code, f"notes file: {p.reason}", False) for p in read.problems]
        return SubmissionResult(student, set_id, path, STATUS_NOT_GRADED, [], reasons, annotation_set.title)
    problems = [problem(p.code, f"notes file, {p}" + ("" if p.counted else "; not counted"), True)
                for p in read.problems]

    def override(criterion: str) -> Override | None:
        key = (student, set_id, ITEM_ID, criterion)
        found = overrides.get(key)
        if found is not None and used is not None:
            used.add(key)
        return found

    requirements = requirements_met(read.notes, annotation_set)
    share = annotation_set.points / len(requirements)
    auto = round(sum(r.share * share for r in requirements), 2)
    item = ItemResult(ITEM_ID, ITEM_TYPE, 0.0, annotation_set.max_points, "auto",
                      answer="\n\n".join(_shown(n) for n in read.notes),
                      auto_points=auto, auto_max=annotation_set.points)
    for r in requirements:
        achieved = f"{r.achieved:.0%}" if r.required == 1.0 and "share" in r.label else f"{r.achieved:g}"
        asked = "all" if "share" in r.label else f"{r.required:g}"
        item.notes.append(f"{r.label.capitalize()}: {achieved} (asked for {asked}): "
                          f"{r.share * share:.2f} of {share:g} points.")
    points_override = override(POINTS_CRITERION)
    if points_override is not None:
        item.auto_points = min(points_override.points or 0.0, annotation_set.points)
        item.comment = points_override.comment
    context = Context(answer="\n\n".join(n.body for n in read.notes))
    confirmed = True
    for criterion in annotation_set.rubric.criteria:
        evidence = gather(criterion.evidence, context)
        level, source, comment = evidence.level, "suggested", ""
        found = override(criterion.id)
        if found is not None:
            level, source, comment = found.level, "instructor", found.comment
        else:
            confirmed = False
        points = criterion.level(level).points if level else 0.0
        item.criteria.append(CriterionResult(criterion.id, criterion.title, level, points, criterion.max_points,
                                             source, evidence.level, evidence, comment))
    item.source = "instructor" if confirmed else "suggested"
    item.points = round(item.auto_points + item.rubric_points, 2)
    status = STATUS_GRADED if confirmed else STATUS_PROVISIONAL
    return SubmissionResult(student, set_id, path, status, [item], problems, annotation_set.title)


def grade_note_files(note_files: Iterable[NoteSubmission], bank: Bank, overrides: Iterable[Override] = (),
                     used: set[tuple] | None = None) -> list[SubmissionResult]:
    """Grade every note file; at most one per student and set (the newest; older ones reported)."""
    index = {o.key: o for o in overrides}
    newest: dict[tuple[str, str | None], NoteSubmission] = {}
    duplicates: list[tuple[NoteSubmission, NoteSubmission]] = []
    for note_file in sorted(note_files, key=lambda n: (n.mtime_ns, str(n.reported))):
        annotation_set, _ = _set_for(note_file, bank)
        key = (note_file.student, annotation_set.id if annotation_set else None)
        if key in newest:
            duplicates.append((newest[key], note_file))
        newest[key] = note_file
    results = [grade_note_file(n, bank, index, used) for n in newest.values()]
    for older, kept in duplicates:
        for result in results:
            if result.path == kept.reported:
                result.problems.append(Problem(
                    older.reported, older.student, f"a second notes file for student {older.student!r}; the newer "
                    f"{kept.reported} was graded instead", "duplicate", result.set_id, None, True))
    results.sort(key=lambda r: (r.student, r.set_id))
    return results


def feedback_set(annotation_set: AnnotationSet) -> Any:
    """What the feedback page needs of a set: its title and its one item's prompt."""
    return SimpleNamespace(title=annotation_set.title,
                           items=[SimpleNamespace(id=ITEM_ID, type="annotation", prompt=annotation_set.prompt,
                                                           explanation=None)])


def unmatched_note_overrides(overrides: Iterable[Override], results: Iterable[SubmissionResult],
                             bank: Bank) -> list[tuple[Override, str]]:
    """Overrides for annotation sets that matched nothing graded, each with the reason."""
    graded = {(r.student, r.set_id) for r in results if r.status != STATUS_NOT_GRADED}
    out: list[tuple[Override, str]] = []
    for o in overrides:
        annotation_set = bank.annotation_sets.get(o.set_id)
        if annotation_set is None:
            continue
        criteria = [c.id for c in annotation_set.rubric.criteria]
        if o.item != ITEM_ID:
            out.append((o, f"no item {o.item!r} in set {o.set_id!r}; its one item is {ITEM_ID!r}"))
        elif o.criterion not in (*criteria, POINTS_CRITERION):
            out.append((o, f"no criterion {o.criterion!r} in set {o.set_id!r}; valid criteria are "
                           f"{', '.join(criteria)} (or empty, to set the points of the counts)"))
        elif (o.student, o.set_id) not in graded:
            out.append((o, f"no graded notes file for student {o.student!r} and set {o.set_id!r}"))
    return out
