"""What a whole class did, counted: the aggregation behind ``elysara dashboard``.

:func:`summarize` reads collected notebooks (never executing them: widget
states and answers are read by parsing, as the grader does) and counts, per
category, how many *students* fall in it: Scales verdicts and the value each
student weighted most, Tension Test scores and tensions, Reversal answers,
which sentences of the text students cite in their written answers, and the
rubric levels the grader assigned. A student counts once per category
however many notebooks they handed in; unreadable submissions are listed in
``problems`` and counted nowhere.

Counts below the privacy threshold (``min_group``) are not to be shown:
:meth:`ClassSummary.shown` returns ``None`` for them, and every view uses it.
No student id is kept in a :class:`ClassSummary` at all. The one exception,
:func:`student_choices`, reads a single student's own choices for their own
feedback page ("you versus the class").
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from elysara.exercises.answers.reader import ANSWERED, index_cells, read_answer, read_state
from elysara.exercises.bank import Bank, load_bank
from elysara.exercises.grading.collect import Collection, Problem, Submission
from elysara.text import load_text
from elysara.text.quotation import find_quotation

__all__ = [
    "DEFAULT_MIN_GROUP",
    "ClassSummary",
    "WEIGHT_BANDS",
    "weight_band",
    "StudentChoices",
    "class_comparison",
    "student_choices",
    "summarize",
    "you_versus_class_section",
]

#: Smallest group a dashboard shows: any category with fewer students is hidden.
DEFAULT_MIN_GROUP = 5
#: Bands of a Scales weight (the live sliders run 0 to 10), as (label, lower bound inclusive).
WEIGHT_BANDS: tuple[tuple[str, float], ...] = (("under 2", 0.0), ("2 to 5", 2.0), ("5 to 8", 5.0), ("8 or more", 8.0))


@dataclass(frozen=True)
class StudentChoices:
    """One student's widget results and cited sentences, read from their notebooks."""

    verdict: str | None = None  #: Scales OPTION id
    weights: Mapping[str, float] | None = None  #: Scales VALUE id -> weight
    top_value: str | None = None  #: the VALUE the student weighted most (None on a tie)
    tension_hits: int | None = None
    tension_bullets: int | None = None
    tensions: tuple[str, ...] = ()  #: RULE ids that fired
    reversal_connect: str | None = None
    reversal_disconnect: str | None = None
    reversal_moved: bool | None = None
    cited: frozenset[str] = frozenset()  #: sentence ids cited in written answers


@dataclass
class ClassSummary:
    """Counts of students per category, for a class; no student ids inside."""

    min_group: int
    students: int = 0  #: students with at least one readable submission
    submissions: int = 0
    verdicts: Counter = field(default_factory=Counter)
    top_values: Counter = field(default_factory=Counter)
    weight_sums: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    #: VALUE id -> Counter(WEIGHT_BANDS label -> students)
    weight_bands: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    scales_students: int = 0
    tension_hits: Counter = field(default_factory=Counter)
    tension_bullets: Counter = field(default_factory=Counter)
    tensions: Counter = field(default_factory=Counter)
    tension_students: int = 0
    reversal_connect: Counter = field(default_factory=Counter)
    reversal_disconnect: Counter = field(default_factory=Counter)
    reversal_moved: Counter = field(default_factory=Counter)  #: True/False -> students
    reversal_students: int = 0
    citations: Counter = field(default_factory=Counter)  #: sentence id -> students citing it
    citing_students: int = 0
    #: (set id, item id, criterion id) -> Counter(level id -> students)
    rubric_levels: dict[tuple[str, str, str], Counter] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def shown(self, count: int) -> int | None:
        """``count`` if it may be shown, ``None`` if it is below the privacy threshold."""
        return count if count >= self.min_group else None

    def mean_weight(self, value_id: str) -> float | None:
        """The class's mean Scales weight for a value, or None for a group too small to show."""
        if self.shown(self.scales_students) is None:
            return None
        return self.weight_sums[value_id] / self.scales_students


def weight_band(weight: float) -> str:
    """The label of the :data:`WEIGHT_BANDS` band a weight falls in."""
    return [label for label, lower in WEIGHT_BANDS if weight >= lower][-1]


@cache
def _bank() -> Bank:
    return load_bank()


def _items(submission: Submission) -> tuple[Any, ...]:
    exercise_set = _bank().sets.get(submission.set_id)
    return tuple(exercise_set.items) if exercise_set is not None else ()


def _widget_states(submission: Submission) -> dict[str, Any]:
    """The first valid state of each widget in a notebook, read as the grader reads it (never run)."""
    index = index_cells(submission.notebook)
    found: dict[str, Any] = {}
    for item in _items(submission):
        if item.uses_widget and item.uses_widget not in found:
            state = read_state(index, item)
            if state.status == ANSWERED and not state.unchecked:
                found[item.uses_widget] = state.value  # a malformed state is the grader's to report
    return found


def _cited_sentences(answer: str) -> set[str]:
    """Sentence ids an answer cites: passage ids (a paragraph id counts all its sentences) and exact quotations."""
    from elysara.exercises.grading.evidence import find_passage_ids, find_quoted

    text = load_text()
    cited: set[str] = set()
    for passage_id in find_passage_ids(answer):
        if passage_id not in text:
            continue
        passage = text.passage(passage_id)
        sentences = getattr(passage, "sentences", None)
        cited.update(s.id for s in sentences) if sentences else cited.add(passage.id)
    for quoted in find_quoted(answer):
        match = find_quotation(quoted)
        if match is not None:
            cited.update(match.sentence_ids)
    return cited


def _written_answers(submission: Submission) -> list[str]:
    index = index_cells(submission.notebook)
    answers = (read_answer(index, item) for item in _items(submission) if item.prose)
    return [answer.value for answer in answers if answer.readable]


def student_choices(submissions: Iterable[Submission]) -> StudentChoices:
    """One student's choices across their notebooks (first valid state of each widget wins)."""
    from elysara.widgets import reversal, scales, tension

    states: dict[str, Any] = {}
    cited: set[str] = set()
    for submission in submissions:
        for widget, state in _widget_states(submission).items():
            states.setdefault(widget, state)
        for answer in _written_answers(submission):
            cited |= _cited_sentences(answer)
    choices: dict[str, Any] = {"cited": frozenset(cited)}
    if "scales" in states:
        state = scales.state_from_dict(states["scales"])
        weights = dict(state.weights)
        best = max(weights.values())
        top = [v for v, w in weights.items() if w == best]
        choices.update(verdict=scales.verdict(state), weights=weights, top_value=top[0] if len(top) == 1 else None)
    if "tension" in states:
        result = tension.evaluate(tension.state_from_dict(states["tension"]))
        choices.update(tension_hits=result.score.hits, tension_bullets=result.score.bullets,
                       tensions=tuple(result.hits) + tuple(result.bullets))
    if "reversal" in states:
        state = reversal.state_from_dict(states["reversal"])
        result = reversal.evaluate(state)
        choices.update(reversal_connect=state.connect, reversal_disconnect=state.disconnect,
                       reversal_moved=result.moved if result.complete else None)
    return StudentChoices(**choices)


def summarize(collection: Collection, results: Iterable[Any] = (), *,
              min_group: int = DEFAULT_MIN_GROUP) -> ClassSummary:
    """Count a class: ``collection`` from :func:`~elysara.exercises.grading.collect.collect`,
    ``results`` from :func:`~elysara.exercises.grading.grader.grade` (for rubric levels)."""
    if min_group < 1:
        raise ValueError(f"min_group must be at least 1, got {min_group}")
    summary = ClassSummary(min_group=min_group, problems=list(collection.problems),
                           submissions=len(collection.submissions))
    by_student: dict[str, list[Submission]] = defaultdict(list)
    for submission in collection.submissions:
        by_student[submission.student].append(submission)
    summary.students = len(by_student)
    for submissions in by_student.values():
        choices = student_choices(submissions)
        if choices.verdict is not None:
            summary.scales_students += 1
            summary.verdicts[choices.verdict] += 1
            if choices.top_value is not None:
                summary.top_values[choices.top_value] += 1
            for value_id, weight in (choices.weights or {}).items():
                summary.weight_sums[value_id] += weight
                summary.weight_bands[value_id][weight_band(weight)] += 1
        if choices.tension_hits is not None:
            summary.tension_students += 1
            summary.tension_hits[choices.tension_hits] += 1
            summary.tension_bullets[choices.tension_bullets] += 1
            summary.tensions.update(set(choices.tensions))
        if choices.reversal_connect is not None or choices.reversal_disconnect is not None:
            summary.reversal_students += 1
            summary.reversal_connect[choices.reversal_connect] += 1
            summary.reversal_disconnect[choices.reversal_disconnect] += 1
            if choices.reversal_moved is not None:
                summary.reversal_moved[choices.reversal_moved] += 1
        if choices.cited:
            summary.citing_students += 1
            summary.citations.update(choices.cited)
    # Rubric levels: one count per student per criterion (a student's first graded submission of a set).
    seen: set[tuple[str, str]] = set()
    for result in results:
        if (result.student, result.set_id) in seen:
            continue
        seen.add((result.student, result.set_id))
        for item in result.items:
            for criterion in item.criteria:
                # No level yet: the grader suggests none and no instructor has set one (issue #11).
                level = criterion.level if criterion.level is not None else UNREAD
                key = (result.set_id, item.item_id, criterion.id)
                summary.rubric_levels.setdefault(key, Counter())[level] += 1
    return summary


#: The rubric_levels key for criteria with no level yet (for the instructor's reading).
UNREAD = "not yet read"


def you_versus_class_section(choices: StudentChoices, summary: ClassSummary) -> str:
    """The HTML body of one student's "You versus the class" section: their choices beside the class's.

    The class side obeys the same threshold as the dashboard; the student's own
    choices are theirs to see. Everything is escaped.
    """
    from elysara.widgets import reversal, scales

    def share(count: int, total: int) -> str:
        shown = summary.shown(count)
        if shown is None or summary.shown(total) is None:
            return f"fewer than {summary.min_group}"
        return f"{shown} of {total}"

    rows: list[tuple[str, str, str]] = []
    if choices.verdict is not None:
        rows.append(("The Scales: your verdict", scales.OPTIONS[choices.verdict].label,
                     share(summary.verdicts[choices.verdict], summary.scales_students) + " students chose the same"))
    if choices.top_value is not None:
        rows.append(("The Scales: the value you weighted most", scales.VALUES[choices.top_value].label,
                     share(summary.top_values[choices.top_value], summary.scales_students) + " students weighted it most"))
    if choices.tension_hits is not None:
        rows.append(("The Tension Test: tensions found", str(choices.tension_hits),
                     share(summary.tension_hits[choices.tension_hits], summary.tension_students) + " students had as many"))
    if choices.reversal_moved is not None:
        moved = "the framing changed your answer" if choices.reversal_moved else "the framing did not change your answer"
        rows.append(("The Reversal", moved, share(summary.reversal_moved[choices.reversal_moved],
                                                   summary.reversal_students) + " students answered the same way"))
    if not rows:
        return ""
    size = summary.shown(summary.students)
    class_size = str(size) if size is not None else f"fewer than {summary.min_group}"
    body = "".join(f"<tr><th scope=\"row\">{html.escape(a)}</th><td>{html.escape(b)}</td><td>{html.escape(c)}</td></tr>"
                   for a, b, c in rows)
    finding = html.escape(reversal.FINDING.text)
    return (
        f"<p>Your choices beside the whole class ({html.escape(class_size)} students). "
        f"Groups smaller than {summary.min_group} are not shown, so no one can be singled out.</p>"
        "<table><thead><tr><th scope=\"col\">Question</th><th scope=\"col\">You</th><th scope=\"col\">The class</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
        f"<p class=\"finding\">The published finding on the Reversal: {finding}</p>"
    )


def class_comparison(paths: Iterable[Any], *, max_bytes: int | None = None,
                     min_group: int = DEFAULT_MIN_GROUP) -> Any:
    """A feedback-section provider for ``elysara grade --compare-with-class``.

    Collects the class once (as the grader does), summarizes it, and returns
    a function giving each graded result its "You versus the class" section.
    """
    from elysara.exercises.grading.feedback import FeedbackSection
    from elysara.exercises.grading.collect import collect

    collection = collect(paths) if max_bytes is None else collect(paths, max_bytes=max_bytes)
    summary = summarize(collection, min_group=min_group)
    by_student: dict[str, list[Submission]] = defaultdict(list)
    for submission in collection.submissions:
        by_student[submission.student].append(submission)
    cache: dict[str, str] = {}

    def sections(result: Any) -> list[Any]:
        if result.student not in cache:
            cache[result.student] = you_versus_class_section(student_choices(by_student.get(result.student, [])), summary)
        body = cache[result.student]
        return [FeedbackSection("You versus the class", body)] if body else []

    return sections
