"""The Reversal: Nozick's question and De Brigard's reversal of it, run as a class experiment.

Nozick asks whether you would plug into an experience machine. De Brigard
(2010) asked people instead to imagine learning that they were *already*
connected, and whether they would disconnect. His participants each answered
one version, so what was observed is a difference between groups, not a
change in anyone's mind. This module runs the same design in a class: each
student is assigned one framing (:func:`assign_framing`, seeded per student),
and :func:`pool` counts the class's answers by framing, with groups below a
minimum size suppressed. A student's own answer is never diagnosed.

The two questions are not the same choice seen from two sides: "outside" is
your present life in the first, and an unknown ordinary life, away from
everyone you have known, in the second. So a difference between the groups
may come from the starting point (status quo bias), or from that difference
between the cases. Answering both (:func:`evaluate`) is kept only as a
labelled demonstration: the second answer is contaminated by the first.

States: version 2 holds ``assigned`` (the framing the student was given, or
None in the demonstration), ``connect`` and ``disconnect``; version 1 (both
answers, no assignment) is still read, as a demonstration.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from elysara.widgets.state import read_envelope

WIDGET = "reversal"
VERSION = 2
#: Every version this module reads, with its fields.
READABLE_VERSIONS: dict[int, tuple[str, ...]] = {1: ("connect", "disconnect"), 2: ("assigned", "connect", "disconnect")}
ANSWER_IDS: tuple[str, ...] = ("accept", "reject", "unsure")


@dataclass(frozen=True)
class Framing:
    """One way of asking the question."""

    id: str
    title: str
    question: str
    source: str  # bibliography key
    labels: Mapping[str, str]  # answer id -> wording
    outcomes: Mapping[str, str]  # answer id -> OUTCOMES id: where the answer leaves you


@dataclass(frozen=True)
class Outcome:
    """Where an answer leaves you."""

    id: str
    label: str


OUTCOMES: dict[str, Outcome] = {
    o.id: o
    for o in (
        Outcome("outside", "Outside the machine"),
        Outcome("unsure", "Not sure"),
        Outcome("inside", "Inside the machine"),
    )
}

FRAMINGS: dict[str, Framing] = {
    f.id: f
    for f in (
        Framing(
            id="connect",
            title="Connect? (Nozick's framing)",
            question=(
                "A machine could give you, for the rest of your life, any experiences you would like, and while "
                "in it you would believe it was all really happening. You are not connected now. Do you connect?"
            ),
            source="nozick1974",
            labels={"accept": "Yes, connect", "reject": "No, stay out", "unsure": "Not sure"},
            outcomes={"accept": "inside", "reject": "outside", "unsure": "unsure"},
        ),
        Framing(
            id="disconnect",
            title="Disconnect? (De Brigard's framing)",
            question=(
                "You learn that you have been connected to such a machine for years: the life you know is its "
                "gift. Your real life outside is an ordinary one. Do you disconnect?"
            ),
            source="debrigard2010",
            labels={"accept": "Yes, disconnect", "reject": "No, stay connected", "unsure": "Not sure"},
            outcomes={"accept": "outside", "reject": "inside", "unsure": "unsure"},
        ),
    )
}


@dataclass(frozen=True)
class Pattern:
    """What a pair of answers shows, in words a student can read."""

    id: str
    title: str
    explanation: str


PATTERNS: dict[str, Pattern] = {
    p.id: p
    for p in (
        Pattern("incomplete", "Answer both questions",
                "In this demonstration, answer both framings to see where each answer leaves you."),
        Pattern("steady-outside", "Both answers leave you outside the machine",
                "You would not connect, and you would disconnect. Note that \"outside\" is not the same place in "
                "the two cases: your present life in the first, an unknown ordinary one in the second."),
        Pattern("steady-inside", "Both answers leave you inside the machine",
                "You would connect, and you would stay connected: in both cases you choose the machine's life."),
        Pattern("status-quo", "Both answers keep you where you start",
                "You would not connect, and you would not disconnect. That is what status quo bias predicts, "
                "but the two cases also differ in what you would lose: everyone you know, in the second. "
                "One person's pair of answers cannot tell these apart; a class experiment compares groups."),
        Pattern("anti-status-quo", "Both answers move you from where you start",
                "You would connect, and you would also disconnect. The cases differ in more than the starting "
                "point (in the second you were connected without choosing), so this need not be inconsistent."),
        Pattern("wavered", "Sure in one framing, unsure in the other",
                "You were sure in one framing and unsure in the other. The cases differ in more than the "
                "framing, so this shows where you are unsure, not that the wording moved you."),
        Pattern("unsure", "Not sure either way",
                "You are unsure in both framings. Try the Tension Test to see which of your other judgments "
                "bear on this one."),
    )
}


@dataclass(frozen=True)
class Finding:
    """A published result, described qualitatively, with its bibliography key."""

    text: str
    key: str


#: De Brigard's study, described only as far as it could be checked (no numbers).
FINDING = Finding(
    text=(
        "De Brigard asked participants to imagine being told that their life so far had been lived in an "
        "experience machine, and to choose between staying connected and returning to their real life; "
        "different groups read versions in which that real life was described differently. Each participant "
        "answered one version. Many chose to stay connected, the reverse of the usual answer to Nozick's "
        "question. De Brigard proposed status quo bias, a preference for whatever we already have, as an "
        "explanation."
    ),
    key="debrigard2010",
)

#: Weijers's result, as his abstract states it.
CRITIQUE = Finding(
    text=(
        "Weijers argues that Nozick's scenario elicits judgments marred by status quo bias and other "
        "irrelevant factors, and that the alternative scenarios, De Brigard's reversal included, are marred "
        "by them too. He built and tested a relatively bias-free scenario, and found that it gives no strong "
        "evidence for or against theories on which only our mental states (such as pleasure) make our lives "
        "go well."
    ),
    key="weijers2014",
)

#: Where the book's "already connected" case differs from De Brigard's.
BOOK_CASE_DIFFERS = (
    "This book's case is simpler than De Brigard's: it does not say how you came to be connected, it fixes "
    "the real life outside as an ordinary one (De Brigard varied it between groups), and it asks only "
    "whether you disconnect."
)


@dataclass(frozen=True)
class ReversalState:
    """A student's answers (None while unanswered) and the framing they were assigned (None in the demonstration)."""

    connect: str | None = None
    disconnect: str | None = None
    assigned: str | None = None

    def __post_init__(self) -> None:
        if self.assigned is not None and self.assigned not in FRAMINGS:
            raise ValueError(f"Reversal: unknown assigned framing {self.assigned!r}; valid framings: {', '.join(FRAMINGS)} (or None)")
        for framing in FRAMINGS:
            value = getattr(self, framing)
            if value is not None and value not in ANSWER_IDS:
                raise ValueError(
                    f"Reversal: {framing!r} has unknown answer {value!r}; valid answers: {', '.join(ANSWER_IDS)} (or None)"
                )

    def to_dict(self) -> dict[str, Any]:
        """The JSON-able state (the widget contract)."""
        return {"widget": WIDGET, "version": VERSION, "assigned": self.assigned, "connect": self.connect,
                "disconnect": self.disconnect}

    @property
    def experiment_answer(self) -> tuple[str, str] | None:
        """(framing, answer) for the class experiment: the assigned framing's answer, or None.

        An answer to the other framing (the demonstration, after the fact) is never pooled.
        """
        if self.assigned is None:
            return None
        answer = getattr(self, self.assigned)
        return (self.assigned, answer) if answer is not None else None


@dataclass(frozen=True)
class ReversalResult:
    """What the two answers show."""

    moved: bool  # did the framing change the answer?
    pattern: str  # a PATTERNS id
    outcomes: Mapping[str, str | None]  # framing id -> OUTCOMES id (None while unanswered)

    @property
    def complete(self) -> bool:
        """Are both framings answered?"""
        return all(v is not None for v in self.outcomes.values())


def state_from_dict(data: Any) -> ReversalState:
    """Read a state written by :meth:`ReversalState.to_dict`; raise ValueError saying what is wrong."""
    read_envelope(data, widget=WIDGET, version=READABLE_VERSIONS, name="Reversal")
    return ReversalState(connect=data["connect"], disconnect=data["disconnect"], assigned=data.get("assigned"))


def evaluate(state: ReversalState | Mapping[str, Any]) -> ReversalResult:
    """Compare the two answers: where each leaves you, and whether the framing moved you."""
    if not isinstance(state, ReversalState):
        state = ReversalState(**{f: state.get(f) for f in FRAMINGS}) if isinstance(state, Mapping) else state_from_dict(state)
    # The demonstration compares both answers; the assignment plays no part in it.
    outcomes = {
        f.id: (f.outcomes[answer] if (answer := getattr(state, f.id)) is not None else None) for f in FRAMINGS.values()
    }
    first, second = outcomes["connect"], outcomes["disconnect"]
    if first is None or second is None:
        return ReversalResult(moved=False, pattern="incomplete", outcomes=outcomes)
    if first == second:
        pattern = {"outside": "steady-outside", "inside": "steady-inside", "unsure": "unsure"}[first]
        return ReversalResult(moved=False, pattern=pattern, outcomes=outcomes)
    if "unsure" in (first, second):
        pattern = "wavered"
    elif state.connect == "reject":  # stays out, then stays in: keeps the starting point both times
        pattern = "status-quo"
    else:
        pattern = "anti-status-quo"
    return ReversalResult(moved=True, pattern=pattern, outcomes=outcomes)


def all_states() -> list[ReversalState]:
    """Every possible pair of answers, unanswered included (16 of them)."""
    values = (*ANSWER_IDS, None)
    return [ReversalState(c, d) for c, d in itertools.product(values, repeat=2)]


# --- The class experiment ------------------------------------------------------------


def _fnv1a(text: str) -> int:
    """32-bit FNV-1a of the UTF-8 bytes, then MurmurHash3's finaliser to spread similar ids apart.

    Tiny, stable across Python versions, and mirrored exactly by the page script (reversal.js).
    """
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    value ^= value >> 16
    value = (value * 0x85EBCA6B) & 0xFFFFFFFF
    value ^= value >> 13
    value = (value * 0xC2B2AE35) & 0xFFFFFFFF
    return value ^ (value >> 16)


def assignment_key(student_id: str, class_seed: str) -> int:
    """The number a student's assignment is drawn from: the same for the same student and class, always."""
    if not isinstance(student_id, str) or not student_id.strip():
        raise ValueError("Reversal: a student id is needed to assign a framing (any name or number, kept on your device)")
    return _fnv1a(f"{str(class_seed).strip()}\x1f{student_id.strip().lower()}")


def assign_framing(student_id: str, class_seed: str, roster: Sequence[str] | None = None) -> str:
    """The framing a student answers in the class experiment: a pure function of the student and the class.

    Without ``roster`` the framing comes from the student's own key alone: stable whoever else is
    in the class, and balanced on average (each framing with probability 1/2). With the class's
    ``roster`` the students are ordered by key and the framings dealt alternately, so the two
    groups differ in size by at most one (adding a student to the roster can move others).
    """
    framings = tuple(FRAMINGS)
    if roster is None:
        return framings[assignment_key(student_id, class_seed) % len(framings)]
    ids = [s.strip().lower() for s in roster]
    if student_id.strip().lower() not in ids:
        raise ValueError(f"Reversal: {student_id!r} is not on the roster of {len(ids)} students")
    order = sorted(set(ids), key=lambda s: (assignment_key(s, class_seed), s))
    # The class seed also decides which framing the first student gets, so no framing is always first.
    offset = _fnv1a(str(class_seed).strip()) % len(framings)
    return framings[(order.index(student_id.strip().lower()) + offset) % len(framings)]


@dataclass(frozen=True)
class FramingCount:
    """The class's answers to one framing; counts are None when suppressed."""

    framing: str
    students: int | None  # None: fewer than the minimum group
    outcomes: Mapping[str, int | None]  # OUTCOMES id -> students (None when that group is too small)


@dataclass(frozen=True)
class ClassResult:
    """The class experiment pooled: answers by framing, beside the published finding."""

    min_group: int
    framings: Mapping[str, FramingCount]
    not_pooled: int  # states with no assigned framing answered (demonstrations, old states)
    shown: bool = field(default=False)  # both groups large enough to compare

    def lines(self) -> list[str]:
        """The result in sentences, for the dashboard and for a student's page."""
        if not self.shown:
            return [f"Not enough answers yet: the result is shown once each framing has at least "
                    f"{self.min_group} answers."]
        out = []
        for framing in FRAMINGS.values():
            count = self.framings[framing.id]
            parts = []
            for outcome_id, outcome in OUTCOMES.items():
                n = count.outcomes[outcome_id]
                parts.append(f"{outcome.label.lower()}: {n if n is not None else f'fewer than {self.min_group}'}")
            out.append(f"{framing.title}: {count.students} students; {'; '.join(parts)}.")
        return out

    def to_dict(self) -> dict[str, Any]:
        """What a student's page shows: the suppressed counts and the sentences (no student ids)."""
        return {
            "widget": WIDGET, "class_result": 1, "min_group": self.min_group, "shown": self.shown,
            "framings": {f: {"students": c.students, "outcomes": dict(c.outcomes)} for f, c in self.framings.items()},
            "lines": self.lines(),
        }


def pool(states: Iterable[ReversalState | Mapping[str, Any]], *, min_group: int = 5) -> ClassResult:
    """Pool a class's states by assigned framing, suppressing any group smaller than ``min_group``.

    Only each student's assigned framing counts (a between-groups design, as in De Brigard's
    study). States with no assignment, or with the assigned framing unanswered, are counted
    in ``not_pooled`` and nowhere else.
    """
    if min_group < 1:
        raise ValueError(f"min_group must be at least 1, got {min_group}")
    counts: dict[str, Counter] = {f: Counter() for f in FRAMINGS}
    not_pooled = 0
    for state in states:
        if not isinstance(state, ReversalState):
            state = state_from_dict(state)
        answer = state.experiment_answer
        if answer is None:
            not_pooled += 1
            continue
        framing, given = answer
        counts[framing][FRAMINGS[framing].outcomes[given]] += 1

    def shown(n: int) -> int | None:
        return n if n >= min_group else None

    framings = {
        f: FramingCount(f, shown(sum(c.values())), {o: shown(c[o]) for o in OUTCOMES})
        for f, c in counts.items()
    }
    return ClassResult(min_group, framings, not_pooled, shown=all(c.students is not None for c in framings.values()))
