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

import importlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from elysara.exercises.answers.reader import ANSWERED, index_cells, read_answer, read_state
from elysara.exercises.bank import Bank, load_bank
from elysara.exercises.grading.collect import Collection, Problem, Submission
from elysara.exercises.grading.isolation import unexpected_problem
from elysara.text import load_text
from elysara.text.quotation import find_quotation

__all__ = [
    "DEFAULT_MIN_GROUP",
    "ClassSummary",
    "WEIGHT_BANDS",
    "weight_band",
    "StudentChoices",
    "SubmissionFacts",
    "choices_from_facts",
    "class_comparison",
    "student_choices",
    "submission_facts",
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
    #: (framing, answer) of the class experiment: the student's assigned framing only (Reversal state v2)
    reversal_experiment: tuple[str, str] | None = None
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
    #: the class experiment's answers, (framing, answer) per student; no ids (see reversal_class_result)
    reversal_experiment: list[tuple[str, str]] = field(default_factory=list)
    citations: Counter = field(default_factory=Counter)  #: sentence id -> students citing it
    citing_students: int = 0
    #: (set id, item id, criterion id) -> Counter(level id -> students)
    rubric_levels: dict[tuple[str, str, str], Counter] = field(default_factory=dict)
    #: (set id, item id, criterion id) -> students whose level is not set yet (the teacher's to read)
    rubric_unlevelled: Counter = field(default_factory=Counter)
    #: (set id, item id, criterion id) -> students whose level the instructor confirmed (overrides)
    rubric_confirmed: Counter = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)

    def shown(self, count: int) -> int | None:
        """``count`` if it may be shown, ``None`` if it is below the privacy threshold."""
        return count if count >= self.min_group else None

    def reversal_class_result(self) -> Any:
        """The Reversal class experiment pooled by framing, under this summary's min_group."""
        from elysara.widgets import reversal

        states = [reversal.ReversalState(assigned=framing, **{framing: answer})
                  for framing, answer in self.reversal_experiment]
        return reversal.pool(states, min_group=self.min_group)

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
            if state.status == ANSWERED and not state.unchecked and _complete(item.uses_widget, state.value):
                found[item.uses_widget] = state.value  # a malformed state is the grader's to report
    return found


def _complete(widget: str, state: dict[str, Any]) -> bool:
    """Whether a valid state has an outcome to count (a Scales state counts once every option is rated)."""
    complete = getattr(importlib.import_module(f"elysara.widgets.{widget}"), "complete_state_from_dict", None)
    if complete is None:
        return True
    try:
        complete(state)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=8192)
def _quotation(quoted: str) -> Any:
    """:func:`find_quotation`, remembered: a class quotes the same sentences again and again."""
    return find_quotation(quoted)


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
        match = _quotation(quoted)
        if match is not None:
            cited.update(match.sentence_ids)
    return cited


def _written_answers(submission: Submission) -> list[str]:
    index = index_cells(submission.notebook)
    answers = (read_answer(index, item) for item in _items(submission) if item.prose)
    return [answer.value for answer in answers if answer.readable]


@dataclass(frozen=True)
class SubmissionFacts:
    """What one notebook adds to the class's count: its widget states and the sentences its answers cite."""

    states: Mapping[str, Any]  #: widget -> the notebook's first valid, complete state of it
    cited: frozenset[str] = frozenset()


def submission_facts(submission: Submission) -> SubmissionFacts:
    """Read one notebook's :class:`SubmissionFacts` (by parsing, never running it).

    Taken while the notebook is in memory (the dashboard's grading workers
    call it), so a class need not be held in memory to be counted.
    """
    cited: set[str] = set()
    for answer in _written_answers(submission):
        cited |= _cited_sentences(answer)
    return SubmissionFacts(_widget_states(submission), frozenset(cited))


def student_choices(submissions: Iterable[Submission]) -> StudentChoices:
    """One student's choices across their notebooks (first valid state of each widget wins)."""
    return choices_from_facts(submission_facts(s) for s in submissions)


def choices_from_facts(facts: Iterable[SubmissionFacts]) -> StudentChoices:
    """One student's choices from their notebooks' facts, in the order handed in (first valid state wins)."""
    from elysara.widgets import reversal, scales, tension

    states: dict[str, Any] = {}
    cited: set[str] = set()
    for fact in facts:
        for widget, state in fact.states.items():
            states.setdefault(widget, state)
        cited |= fact.cited
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
                       reversal_moved=result.moved if result.complete else None,
                       reversal_experiment=state.experiment_answer)
    return StudentChoices(**choices)


def summarize(collection: Collection, results: Iterable[Any] = (), *,
              min_group: int = DEFAULT_MIN_GROUP, facts: Mapping[Any, Any] | None = None) -> ClassSummary:
    """Count a class: ``collection`` from :func:`~elysara.exercises.grading.collect.collect`,
    ``results`` from :func:`~elysara.exercises.grading.grader.grade` (for rubric levels).

    ``facts`` maps each submission's path to its :func:`submission_facts`
    (or the Problem met taking them), as :func:`~elysara.exercises.grading.run.grade_class`
    returns them; without it the collection's notebooks are read here.
    """
    if min_group < 1:
        raise ValueError(f"min_group must be at least 1, got {min_group}")
    summary = ClassSummary(min_group=min_group, problems=list(collection.problems),
                           submissions=len(collection.submissions))
    by_student: dict[str, list[Submission]] = defaultdict(list)
    for submission in collection.submissions:
        by_student[submission.student].append(submission)
    failed: set[str] = set()
    for student, submissions in by_student.items():
        theirs = [facts.get(s.path) for s in submissions] if facts is not None else []
        # A problem met in a grading worker leaves the student out, as one met here does.
        problem = next((f for f in theirs if isinstance(f, Problem)), None)
        if problem is None:
            try:
                choices = (student_choices(submissions) if facts is None
                           else choices_from_facts(f for f in theirs if f is not None))
            except Exception as error:  # one student's notebooks must never stop the class's page
                first = submissions[0]
                problem = unexpected_problem(first.path, student, first.set_id, "class summary", error)
        if problem is not None:
            summary.problems.append(problem)
            summary.submissions -= len(submissions)
            failed.add(student)
            continue
        summary.students += 1
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
            if choices.reversal_experiment is not None:
                summary.reversal_experiment.append(choices.reversal_experiment)
        if choices.cited:
            summary.citing_students += 1
            summary.citations.update(choices.cited)
    # Rubric levels: one count per student per criterion (a student's first graded submission of a set).
    seen: set[tuple[str, str]] = set()
    for result in results:
        if (result.student, result.set_id) in seen or result.student in failed:
            continue
        seen.add((result.student, result.set_id))
        for item in result.items:
            for criterion in item.criteria:
                key = (result.set_id, item.item_id, criterion.id)
                if criterion.level is None:
                    summary.rubric_unlevelled[key] += 1
                    continue
                summary.rubric_levels.setdefault(key, Counter())[criterion.level] += 1
                if criterion.source == "instructor":
                    summary.rubric_confirmed[key] += 1
    return summary


def you_versus_class_section(choices: StudentChoices, summary: ClassSummary, groups: Any = None) -> str:
    """The HTML body of one student's "You versus the class" section: their choices beside the class's.

    The class side shows exactly what the dashboard shows (the same protected
    groups, :mod:`elysara.exercises.classroom.groups`); the student's own
    choices are theirs to see. Rendered from ``templates/you_versus_class.html.j2``.
    """
    from elysara.exercises.classroom.citations import cite
    from elysara.exercises.classroom.groups import TIED, class_groups, reversal_experiment
    from elysara.exercises.classroom.templating import render
    from elysara.widgets import reversal, scales

    groups = groups if groups is not None else class_groups(summary)

    def share(group: Any, key: Any, what: str) -> str:
        bar = group.bar(key) if group is not None and not group.withheld else None
        if bar is None:
            return f"not shown ({what})"
        if bar.state == "small":
            return f"fewer than {summary.min_group} {what}"
        if bar.state == "hidden":
            return f"not shown ({what})"
        return f"{bar.count} of {group.total} {what}"

    experiment = reversal_experiment(summary)  # one protected pooling for the row and the class lines
    rows: list[dict[str, str]] = []
    if choices.verdict is not None:
        rows.append({"question": "The Scales: your verdict", "you": scales.OPTIONS[choices.verdict].label,
                     "cls": share(groups.verdicts, choices.verdict, "students chose the same")})
    if choices.verdict is not None:
        top = choices.top_value if choices.top_value is not None else TIED
        you = scales.VALUES[top].label if top != TIED else "two or more values tied"
        rows.append({"question": "The Scales: the value you weighted most", "you": you,
                     "cls": share(groups.top_values, top, "students weighted it most" if top != TIED else
                                  "students had a tie too")})
    if choices.tension_hits is not None and groups.hits is not None:
        # The student's score falls in a bar of the top-coded scale ("3 or more tensions").
        key = min(choices.tension_hits, max(b.key for b in groups.hits.bars) if groups.hits.bars else 0)
        bar = groups.hits.bar(key)
        rows.append({"question": "The Tension Test: tensions found", "you": str(choices.tension_hits),
                     "cls": share(groups.hits, key, f"students in the same band ({bar.label})" if bar else
                                  "students had as many")})
    if choices.reversal_experiment is not None:
        # The class experiment: the student's own answer beside the pooled class, never a verdict on them.
        framing_id, given = choices.reversal_experiment
        framing = reversal.FRAMINGS[framing_id]
        group = experiment["groups"].get(framing_id)
        rows.append({"question": f"The Reversal: {framing.title}", "you": framing.labels[given],
                     "cls": share(group, framing.outcomes[given], "students given the same question answered the same")})
    if not rows:
        return ""
    size = summary.shown(summary.students)
    return render("you_versus_class.html.j2", rows=rows, k=summary.min_group,
                  class_size=str(size) if size is not None else f"fewer than {summary.min_group}",
                  finding=reversal.FINDING.text, citation=cite(reversal.FINDING.key),
                  experiment=experiment["lines"])


def class_comparison(paths: Iterable[Any], *, max_bytes: int | None = None,
                     min_group: int = DEFAULT_MIN_GROUP) -> Any:
    """A feedback-section provider for ``elysara grade --compare-with-class``.

    Reads the class once, in parallel and a chunk at a time (as the grader
    does), keeping only each notebook's :class:`SubmissionFacts`; summarizes
    it; and returns a function giving each graded result its "You versus the
    class" section.
    """
    from elysara.exercises.classroom.groups import class_groups
    from elysara.exercises.grading.collect import collect
    from elysara.exercises.grading.feedback import FeedbackSection
    from elysara.exercises.grading.run import grade_class

    limit = {} if max_bytes is None else {"max_bytes": max_bytes}
    collection = collect(paths, read=False, **limit)
    facts = grade_class(collection, _bank(), per_submission=submission_facts, grade=False, **limit).extras
    summary = summarize(collection, min_group=min_group, facts=facts)
    by_student: dict[str, list[Any]] = defaultdict(list)
    for submission in collection.submissions:
        by_student[submission.student].append(facts.get(submission.path))
    cache: dict[str, str] = {}
    groups = class_groups(summary)

    def sections(result: Any) -> list[Any]:
        if result.student not in cache:
            theirs = by_student.get(result.student, [])
            problem = next((f for f in theirs if isinstance(f, Problem)), None)
            if problem is not None:  # as when the notebooks were read here: that student's pages say why
                raise RuntimeError(problem.reason)
            cache[result.student] = you_versus_class_section(
                choices_from_facts(f for f in theirs if f is not None), summary, groups)
        body = cache[result.student]
        return [FeedbackSection("You versus the class", body)] if body else []

    return sections
