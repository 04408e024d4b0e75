"""Grade collected submissions against the bank: points now, rubric levels suggested.

:func:`grade` is the contract's entry point (the teaching dashboard calls it
too). For each submission it finds the answer cells by nbgrader ``grade_id``,
reports deleted, duplicated, renamed and tampered cells (each a
:class:`~elysara.exercises.grading.collect.Problem` with ``graded=True``: the
submission is still graded, against the bank), scores objective items exactly
(:mod:`elysara.exercises.grading.scoring`), gathers evidence and a suggested level
for each rubric criterion (:mod:`elysara.exercises.grading.evidence`) and applies the
instructor's overrides. Points always come from the bank passed in, never
from the notebook, so changing a rubric's points and regrading re-scores
every submission consistently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from elysara.exercises.answers.reader import MAX_ANSWER_CHARS, MISSING, UNREADABLE, index_cells, read_answer, read_state
from elysara.exercises.grading.scoring import AutoScore, grade_objective, grade_structure
from elysara.exercises.bank.loading import Bank
from elysara.exercises.answers.checksum import compute_checksum
from elysara.exercises.grading.evidence import (
    Evidence, criterion_kind, for_criterion, gather, gather_pieces, item_context,
)
from elysara.exercises.grading.evidence.length import length_data
from elysara.exercises.grading.evidence.textual import summarize
from elysara.exercises.grading.language import detect_language
from elysara.exercises.grading.overrides import POINTS_CRITERION, Override
from elysara.exercises.bank.schema import ArgumentReconstructionItem, ExerciseSet
from elysara.exercises.grading.collect import Collection, Problem, Submission
from elysara.exercises.notebooks.nbgrader_course import student_templates, autograder_cell_id
from elysara.exercises.grading.isolation import describe_error, unexpected_problem

__all__ = [
    "CriterionResult",
    "ItemResult",
    "SubmissionResult",
    "STATUS_GRADED",
    "STATUS_NOT_GRADED",
    "STATUS_PROVISIONAL",
    "grade",
    "grade_submission",
    "unmatched_overrides",
]

#: Every point is final (automatic or confirmed by the instructor).
STATUS_GRADED = "graded"
#: Graded, but some rubric levels are the grader's suggestions, not yet confirmed.
STATUS_PROVISIONAL = "provisional"
#: The submission could not be graded (see its problems).
STATUS_NOT_GRADED = "not graded"



@dataclass
class CriterionResult:
    """One rubric criterion: its level, where the level came from, and the evidence."""

    id: str
    title: str
    level: str | None  #: the level in force (suggested or the instructor's); None: not yet set
    points: float
    max: float
    source: str  #: "suggested" | "instructor"
    suggested_level: str | None
    evidence: Evidence
    comment: str = ""  #: the instructor's comment, from the overrides file
    kind: str = ""  #: the criterion kind the evidence was gathered for (see evidence.criterion_kind)

    @property
    def for_your_reading(self) -> bool:
        """True when no level is suggested and none is confirmed: the instructor must read the answer."""
        return self.level is None


@dataclass
class ItemResult:
    """One item of a submission."""

    item_id: str
    type: str
    points: float
    max: float
    source: str  #: "auto" | "suggested" | "instructor"
    answer: str = ""  #: the student's answer as shown in feedback (raw student text: escape it)
    notes: list[str] = field(default_factory=list)
    criteria: list[CriterionResult] = field(default_factory=list)
    auto_points: float = 0.0  #: the objective part (whole objective items, argument structure)
    auto_max: float = 0.0
    comment: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)  #: item-level evidence as data (prose items)
    auto_source: str = "auto"  #: where the objective part's points come from: "auto" or "instructor"

    @property
    def rubric_points(self) -> float:
        return sum(c.points for c in self.criteria)

    @property
    def rubric_max(self) -> float:
        return sum(c.max for c in self.criteria)


@dataclass
class SubmissionResult:
    """One graded (or ungradable) submission."""

    student: str
    set_id: str
    path: Path
    status: str
    items: list[ItemResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    title: str = ""  #: the set's title

    @property
    def auto_points(self) -> float:
        return _round(sum(i.auto_points for i in self.items))

    @property
    def auto_max(self) -> float:
        return _round(sum(i.auto_max for i in self.items))

    @property
    def rubric_points(self) -> float:
        return _round(sum(i.rubric_points for i in self.items))

    @property
    def rubric_max(self) -> float:
        return _round(sum(i.rubric_max for i in self.items))

    @property
    def total(self) -> float:
        return _round(self.auto_points + self.rubric_points)

    @property
    def max(self) -> float:
        return _round(self.auto_max + self.rubric_max)

    def without_evidence(self) -> "SubmissionResult":
        """The same points, levels, notes and problems, without the answers and their evidence.

        What a class run keeps in memory once a submission's pages and its
        report.json entry are written: a class of 10,000 then fits in well
        under a gigabyte. The evidence itself is in report.json.
        """
        items = [
            ItemResult(i.item_id, i.type, i.points, i.max, i.source, "", i.notes,
                       [CriterionResult(c.id, c.title, c.level, c.points, c.max, c.source, c.suggested_level,
                                        Evidence(c.evidence.kind, c.evidence.level, reading=c.evidence.reading),
                                        c.comment, c.kind)
                        for c in i.criteria],
                       i.auto_points, i.auto_max, i.comment,
                       {k: i.evidence[k] for k in _ITEM_SCALARS if k in i.evidence}, i.auto_source)
            for i in self.items
        ]
        return SubmissionResult(self.student, self.set_id, self.path, self.status, items, self.problems, self.title)


#: The item-level evidence a result keeps without its evidence (see SubmissionResult.without_evidence).
_ITEM_SCALARS = ("words", "min", "max", "language")


def _round(value: float) -> float:
    return round(value + 0.0, 2)


def _nb(cell: Any) -> dict[str, Any]:
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta if isinstance(meta, dict) else {}


def _expected_ids(exercise_set: ExerciseSet) -> dict[str, str]:
    """grade_id -> item id, for every cell a released notebook (plain or nbgrader's) has per item."""
    expected: dict[str, str] = {}
    for item in exercise_set.items:
        expected[f"{item.id}-prompt"] = item.id
        expected[item.id] = item.id
        if item.uses_widget:
            expected[f"{item.id}-state"] = item.id
        if not item.prose:  # the autograder test of the nbgrader release
            expected[autograder_cell_id(item.id)] = item.id
    return expected


def _released_cells(exercise_set: ExerciseSet) -> dict[str, Any] | None:
    """The released student notebook's nbgrader cells by grade_id, when the release code can build it."""
    from elysara.exercises.notebooks import released

    return released.cells(exercise_set)


class _Grader:
    """Grades one submission; holds what the per-item steps share."""

    def __init__(self, submission: Submission, exercise_set: ExerciseSet, overrides: dict[tuple, Override]) -> None:
        self.submission = submission
        self.set = exercise_set
        self.overrides = overrides
        self.used: set[tuple] = set()
        self.problems: list[Problem] = []
        self.cells: dict[str, Any] = {}
        self.released = _released_cells(exercise_set)

    def problem(self, code: str, reason: str, item: str | None = None) -> None:
        s = self.submission
        self.problems.append(Problem(s.path, s.student, reason, code, s.set_id, item, graded=True))

    # -- cells -------------------------------------------------------------
    def index_cells(self) -> None:
        expected = _expected_ids(self.set)
        if self.released:
            expected.update({gid: "" for gid in self.released if gid not in expected})
        self.index = index_cells(self.submission.notebook)
        self.cells = dict(self.index.cells)
        counts = self.index.counts
        unknown = [gid for gid, count in counts.items() if gid not in expected for _ in range(count)]
        if unknown:
            listed = ", ".join(map(repr, unknown[:5])) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
            self.problem(
                "unknown-cell",
                f"{'a cell has' if len(unknown) == 1 else f'{len(unknown)} cells have'} grade_id {listed}, "
                f"not in set {self.set.id!r} (a changed grade_id?); ignored",
            )
        for grade_id, count in counts.items():
            if count > 1 and grade_id in expected:
                self.problem(
                    "duplicate-cell",
                    f"the cell {grade_id!r} appears {count} times (duplicated); the first one was graded",
                    expected[grade_id] or None,
                )
        for item in self.set.items:
            prompt = self.cells.get(f"{item.id}-prompt")
            if prompt is None:
                self.problem("missing-cell", f"the locked prompt cell of {item.id!r} is missing (deleted?)", item.id)
            else:
                self.check_locked(prompt, item.id)
            if item.id not in self.cells:
                self.problem(
                    "missing-cell",
                    f"the answer cell {item.id!r} is missing (deleted, or its grade_id was changed); it scores 0",
                    item.id,
                )
            else:
                self.check_answer_metadata(self.cells[item.id], item)

    def check_locked(self, cell: Any, item_id: str) -> None:
        meta = _nb(cell)
        grade_id = meta.get("grade_id")
        recorded = meta.get("checksum")
        changed = False
        try:
            changed = recorded is not None and compute_checksum(cell) != recorded
        except (KeyError, TypeError, ValueError):
            changed = True
        # Trust the cell's own checksum: the prompt shows rubric points, so comparing
        # with today's release would make a changed bank look like tampering. With no
        # checksum (solution notebooks have none), a difference is only noted.
        released = self.released.get(grade_id) if self.released else None
        if changed:
            self.problem(
                "checksum",
                f"the locked {'prompt' if str(grade_id).endswith('-prompt') else 'cell'} {grade_id!r} was changed (checksum mismatch); graded against the released version",
                item_id,
            )
        elif recorded is None and released is not None and cell.get("source") != released.get("source"):
            self.problem(
                "changed-prompt",
                f"the prompt {grade_id!r} differs from the current release (edited, or released from an older "
                "bank); graded against the bank",
                item_id,
            )

    def check_answer_metadata(self, cell: Any, item: Any) -> None:
        # The answer's source is the student's, so the checksum is recomputed over each
        # template a release gives the cell (ours; nbgrader's generate_assignment with our
        # code stub or its default one): a match means the metadata is as released, even
        # from an older bank. Otherwise the metadata itself is compared with the bank.
        meta = _nb(cell)
        recorded = meta.get("checksum")
        changed = _answer_metadata_change(meta, cell.get("cell_type"), item, points=False)
        if not changed and not (recorded is not None and self.matches_a_template(cell, item, recorded)):
            changed = _answer_metadata_change(meta, cell.get("cell_type"), item, points=True)
        if changed:
            self.problem(
                "checksum",
                f"the nbgrader metadata of answer cell {item.id!r} was changed ({changed}; nbgrader would see a "
                f"checksum mismatch); graded with the bank's {_points_phrase(_cell_points(item))}",
                item.id,
            )
        test = self.cells.get(autograder_cell_id(item.id)) if not item.prose else None
        if test is not None:
            self.check_locked(test, item.id)

    def matches_a_template(self, cell: Any, item: Any, recorded: str) -> bool:
        released = self.released.get(item.id) if self.released else None
        templates = [str(released.get("source", ""))] if released is not None else []
        templates.extend(student_templates(item))
        for source in templates:
            probe = {"source": source, "cell_type": cell.get("cell_type"), "metadata": cell.get("metadata")}
            try:
                if compute_checksum(probe) == recorded:
                    return True
            except (KeyError, TypeError, ValueError):
                return False
        return False

    # -- items -------------------------------------------------------------
    def override(self, item_id: str, criterion: str) -> Override | None:
        key = (self.submission.student, self.set.id, item_id, criterion)
        found = self.overrides.get(key)
        if found is not None:
            self.used.add(key)
        return found

    def objective(self, item: Any, score: AutoScore, result: ItemResult) -> None:
        result.auto_points, result.auto_max = score.points, score.max
        result.notes.extend(score.notes)
        override = self.override(item.id, POINTS_CRITERION)
        if override is not None:
            points = override.points or 0.0
            if points > score.max:
                self.problem(
                    "override",
                    f"override {override.describe()} exceeds the item's {score.max:g} points; capped",
                    item.id,
                )
                points = score.max
            result.auto_points = points
            result.source = result.auto_source = "instructor"
            result.comment = override.comment

    def grade_item(self, item: Any) -> ItemResult:
        cell = self.cells.get(item.id)
        read = read_answer(self.index, item, released=self.released)
        result = ItemResult(item.id, item.type, 0.0, item.max_points, "auto")
        if read.truncated:
            self.problem("long-answer", f"the answer to {item.id!r} has {read.truncated:,} characters; only the first "
                                        f"{MAX_ANSWER_CHARS:,} were read", item.id)
            result.notes.append(f"Only the first {MAX_ANSWER_CHARS:,} characters of your answer were read.")
        if not item.prose:
            if read.status == UNREADABLE:
                reason = read.problems[0]
                self.problem("unreadable-answer", f"answer of {item.id!r} could not be read: {reason}", item.id)
                result.notes.append(f"Your answer could not be read: {reason}.")
            score = grade_objective(item, read.value) if read.readable else grade_objective(item, None)
            if read.status == UNREADABLE:
                score = AutoScore(score.points, score.max, read.shown or score.answer, score.notes)
            result.answer = score.answer
            self.objective(item, score, result)
        else:
            answer = read.value if read.readable else ""
            result.answer = answer
            if isinstance(item, ArgumentReconstructionItem):
                self.objective(item, grade_structure(item, answer), result)
            self.rubric(item, answer, result)
        if cell is None:
            result.notes.insert(0, "The answer cell is missing from the notebook.")
        result.points = _round(result.auto_points + result.rubric_points)
        return result

    def widget_state(self, item: Any) -> tuple[Any, str | None]:
        state = read_state(self.index, item)
        if state.status == MISSING:
            return None, state.error
        return state.value, state.error

    def rubric(self, item: Any, answer: str, result: ItemResult) -> None:
        state, state_error = self.widget_state(item) if item.uses_widget else (None, None)
        language = detect_language(answer) if answer.strip() else None
        base = item_context(item, answer, state=state, state_error=state_error, language=language)
        # Item-level evidence, whatever the rubric asks: words against the limits, the language,
        # and every quotation and passage id checked against the text.
        result.evidence = {**length_data(base), "language": language or "English",
                           **summarize(gather_pieces(answer))}
        if language:
            result.notes.append(f"This answer appears to be written in {language}; criteria that depend on "
                                "English phrasing are left to your teacher's reading.")
        confirmed = True
        for criterion in item.rubric.criteria:
            context = for_criterion(base, criterion)
            evidence = gather(criterion.evidence, context)
            level, source, comment = evidence.level, "suggested", ""
            override = self.override(item.id, criterion.id)
            if override is not None:
                level, source, comment = override.level, "instructor", override.comment
            else:
                confirmed = False
            points = criterion.level(level).points if level else 0.0
            result.criteria.append(
                CriterionResult(
                    criterion.id, criterion.title, level, points, criterion.max_points,
                    source, evidence.level, evidence, comment, criterion_kind(criterion.evidence, context),
                )
            )
        if state_error and item.uses_widget:
            result.notes.append(f"Widget state: {state_error}.")
        if result.source != "instructor" or not confirmed:
            result.source = "instructor" if confirmed else "suggested"

    def run(self) -> SubmissionResult:
        self.index_cells()
        items = [self.grade_item(item) for item in self.set.items]
        provisional = any(c.source == "suggested" for i in items for c in i.criteria)
        return SubmissionResult(
            self.submission.student, self.set.id, self.submission.path,
            STATUS_PROVISIONAL if provisional else STATUS_GRADED, items, self.problems, self.set.title,
        )


def _answer_metadata_change(meta: dict[str, Any], cell_type: Any, item: Any, *, points: bool) -> str:
    """What differs from any release's answer cell for ``item`` ('' when nothing does)."""
    expected_type = "markdown" if item.prose else "code"
    if cell_type != expected_type:
        return f"a {cell_type} cell where the release has a {expected_type} cell"
    if meta.get("solution") is not True:
        return "no longer marked as the student's answer"
    if meta.get("grade"):
        try:
            recorded = float(meta.get("points"))
        except (TypeError, ValueError):
            return f"points {meta.get('points')!r}"
        if points and recorded != float(_cell_points(item)):
            return f"points {meta.get('points')!r}"
        return ""
    # Not graded itself: only nbgrader's autograded answer of an objective item,
    # whose points sit on the locked test cell after it.
    return "no longer graded" if item.prose else ""


def _points_phrase(points: float) -> str:
    return f"{points:g} point" + ("" if points == 1 else "s")


def _cell_points(item: Any) -> float:
    """The points the release records on an item's answer cell."""
    return item.max_points


def grade_submission(
    submission: Submission, bank: Bank, overrides: dict[tuple, Override] | None = None, used: set | None = None
) -> SubmissionResult:
    """Grade one submission; an unknown set gives a ``not graded`` result with its problem.

    Never raises for a bad notebook: an unexpected error while grading it gives a
    ``not graded`` result whose problem names the file, the grader and the error.
    The warnings found while reading the file come first among its problems.
    """
    try:
        result = _grade_submission(submission, bank, overrides, used)
    except Exception as error:
        problem = unexpected_problem(submission.path, submission.student, submission.set_id, "grader", error)
        return SubmissionResult(submission.student, submission.set_id, submission.path, STATUS_NOT_GRADED,
                                [], [*submission.warnings, problem])
    result.problems[:0] = submission.warnings
    return result


def _grade_submission(
    submission: Submission, bank: Bank, overrides: dict[tuple, Override] | None, used: set | None
) -> SubmissionResult:
    exercise_set = bank.sets.get(submission.set_id)
    declared = (submission.notebook.get("metadata") or {}).get("elysara", {})
    declared_set = declared.get("set_id") if isinstance(declared, dict) else None
    if exercise_set is None:
        hint = f"; its metadata says it is the {declared_set!r} set: rename it {declared_set}.ipynb" if declared_set in bank.sets else ""
        problem = Problem(
            submission.path, submission.student,
            f"no exercise set {submission.set_id!r} (the file name must be <set-id>.ipynb); "
            f"valid sets are {', '.join(bank.sets)}{hint}",
            "unknown-set", submission.set_id,
        )
        return SubmissionResult(submission.student, submission.set_id, submission.path, STATUS_NOT_GRADED, [], [problem])
    if isinstance(declared_set, str) and declared_set != submission.set_id:
        problem = Problem(
            submission.path, submission.student,
            f"this notebook is the {declared_set!r} set saved as {submission.set_id}.ipynb; rename it "
            f"{declared_set}.ipynb (a notebook's file name says which set it is)",
            "wrong-set", submission.set_id,
        )
        return SubmissionResult(submission.student, submission.set_id, submission.path, STATUS_NOT_GRADED, [], [problem])
    grader = _Grader(submission, exercise_set, overrides or {})
    result = grader.run()
    if used is not None:
        used.update(grader.used)
    return result


def _index(overrides: Iterable[Override] | None) -> dict[tuple, Override]:
    return {o.key: o for o in overrides or ()}


def grade(collection: Collection, bank: Bank, overrides: Iterable[Override] | None = None) -> list[SubmissionResult]:
    """Grade every submission of ``collection`` against ``bank``, applying ``overrides``.

    Returns one :class:`SubmissionResult` per submission, sorted by student
    then set. Unreadable inputs are in ``collection.problems``, not here.
    """
    index = _index(overrides)
    return [grade_submission(s, bank, index) for s in collection.submissions]


def unmatched_overrides(overrides: Iterable[Override] | None, results: Iterable[SubmissionResult], bank: Bank) -> list[tuple[Override, str]]:
    """Overrides that matched nothing graded, each with the reason."""
    graded = {(r.student, r.set_id) for r in results if r.status != STATUS_NOT_GRADED}
    out: list[tuple[Override, str]] = []
    for o in overrides or ():
        exercise_set = bank.sets.get(o.set_id)
        if exercise_set is None:
            out.append((o, f"no set {o.set_id!r}; valid sets are {', '.join(bank.sets)}"))
            continue
        items = {i.id: i for i in exercise_set.items}
        item = items.get(o.item)
        if item is None:
            out.append((o, f"no item {o.item!r} in set {o.set_id!r}; valid items are {', '.join(items)}"))
            continue
        if o.criterion == POINTS_CRITERION:
            if item.prose and not isinstance(item, ArgumentReconstructionItem):
                criteria = ", ".join(c.id for c in item.rubric.criteria)
                out.append((o, f"item {o.item!r} is marked by rubric: give a criterion ({criteria}) and a level"))
                continue
        elif not item.prose or o.criterion not in {c.id for c in item.rubric.criteria}:
            valid = ", ".join(c.id for c in item.rubric.criteria) if item.prose else "none (leave criterion empty to set points)"
            out.append((o, f"no criterion {o.criterion!r} in item {o.item!r}; valid criteria are {valid}"))
            continue
        if (o.student, o.set_id) not in graded:
            out.append((o, f"no graded submission for student {o.student!r} and set {o.set_id!r}"))
    return out
