"""The Reversal: one choice asked two ways, and whether the framing moved the answer.

Nozick asks whether you would plug into an experience machine. De Brigard
(2010) turned the question round: you learn that you are *already*
connected; do you disconnect? Refusing to plug in and choosing to disconnect
lead to the same place (a life outside the machine), so an answer that
changes with the framing shows the framing at work. A pure model.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from elysara.widgets.state import read_envelope

WIDGET = "reversal"
VERSION = 1
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
                "Answer both framings to see whether the way the question was asked changed your answer."),
        Pattern("steady-outside", "The framing did not move you: you stay outside",
                "You would not connect, and you would disconnect: reality wins in both framings. "
                "Your answer does not depend on where you start."),
        Pattern("steady-inside", "The framing did not move you: you stay inside",
                "You would connect, and you would stay connected: experience wins in both framings. "
                "Your answer does not depend on where you start."),
        Pattern("status-quo", "The framing moved you: you keep whatever you have",
                "You would not connect, but you would not disconnect either. Each time you chose to stay where "
                "you started. This is the pattern De Brigard found in many people, and it is what status quo "
                "bias predicts."),
        Pattern("anti-status-quo", "The framing moved you: you change whatever you have",
                "You would connect, and you would also disconnect. Each time you chose to leave where you "
                "started. This is the reverse of status quo bias, and less common."),
        Pattern("wavered", "The framing moved you: one answer is sure, the other is not",
                "You were sure in one framing and unsure in the other. The way the question was asked changed "
                "how confident you are, if not which way you lean."),
        Pattern("unsure", "Not sure either way",
                "You are unsure in both framings, so the framing did not change your answer. Try the Tension "
                "Test to see which of your other judgments bear on this one."),
    )
}


@dataclass(frozen=True)
class Finding:
    """A published result, described qualitatively, with its bibliography key."""

    text: str
    key: str


#: De Brigard's finding, in words we can stand behind without his numbers.
FINDING = Finding(
    text=(
        "De Brigard asked people to imagine that they were already connected to an experience machine and "
        "to decide whether to disconnect. Many preferred to stay connected: the reverse of the usual answer "
        "to Nozick's question whether to plug in. The result is consistent with status quo bias, the "
        "tendency to prefer whatever we already have."
    ),
    key="debrigard2010",
)

#: Weijers's conclusion from such results.
CRITIQUE = Finding(
    text=(
        "Weijers argues that biases like this one make the original intuition against plugging in unreliable: "
        "if the answer flips when only the starting point changes, it cannot simply be a verdict on whether "
        "reality matters."
    ),
    key="weijers2014",
)


@dataclass(frozen=True)
class ReversalState:
    """A student's two answers (None while unanswered)."""

    connect: str | None = None
    disconnect: str | None = None

    def __post_init__(self) -> None:
        for framing in FRAMINGS:
            value = getattr(self, framing)
            if value is not None and value not in ANSWER_IDS:
                raise ValueError(
                    f"Reversal: {framing!r} has unknown answer {value!r}; valid answers: {', '.join(ANSWER_IDS)} (or None)"
                )

    def to_dict(self) -> dict[str, Any]:
        """The JSON-able state (the widget contract)."""
        return {"widget": WIDGET, "version": VERSION, "connect": self.connect, "disconnect": self.disconnect}


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
    read_envelope(data, widget=WIDGET, version=VERSION, fields=tuple(FRAMINGS), name="Reversal")
    return ReversalState(connect=data["connect"], disconnect=data["disconnect"])


def evaluate(state: ReversalState | Mapping[str, Any]) -> ReversalResult:
    """Compare the two answers: where each leaves you, and whether the framing moved you."""
    if not isinstance(state, ReversalState):
        state = ReversalState(**{f: state.get(f) for f in FRAMINGS}) if isinstance(state, Mapping) else state_from_dict(state)
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
