"""The Tension Test: judgments on related cases, and the tensions between them.

A pure model. The student answers about a dozen cases (``CASES``) on a small
scale (``ANSWERS``); each rule (``RULES``) reads a few of those answers and
fires on some combinations of them. A ``hit`` is a pair of answers that pull
against each other; a ``bullet`` is a consistent position with a cost. The
cases and rules are data (``tension_cases.yml``); this module compiles each
rule's condition into a function of the rule's own cases and nothing else.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple

from elysara.widgets.state import read_envelope
from elysara.widgets.tension_data import PAGES, SOURCES, TensionBank, load_bank

WIDGET = "tension"
VERSION = 1


@dataclass(frozen=True)
class Answer:
    """A point on the answer scale."""

    id: str
    label: str


@dataclass(frozen=True)
class Case:
    """One judgment the student is asked for."""

    id: str
    title: str
    prompt: str
    source: str | None  # a bibliography key, when the case comes from a published work
    labels: Mapping[str, str]  # answer id -> the case's own wording of that answer
    passages: tuple[str, ...]

    def label(self, answer_id: str) -> str:
        """The wording of an answer for this case (``Yes, plug in`` rather than ``Yes``)."""
        return self.labels[answer_id]


@dataclass(frozen=True)
class Rule:
    """A tension between answers: fires when each case it reads has one of the answers it names."""

    id: str
    kind: str  # "hit" or "bullet"
    title: str
    when: Mapping[str, frozenset[str]]  # case id -> answers on which the rule fires
    explanation: str
    passages: tuple[str, ...]
    pages: tuple[str, ...]
    example: Mapping[str, str]  # answers it must fire on
    contrast: Mapping[str, str]  # a minimal change it must not fire on

    @property
    def reads(self) -> tuple[str, ...]:
        """The cases whose answers decide this rule, in the data's order."""
        return tuple(self.when)

    def fires(self, answers: Mapping[str, str | None]) -> bool:
        """Does the rule fire on these answers? Only the rule's own cases are looked at."""
        return all(answers.get(case_id) in wanted for case_id, wanted in self.when.items())


class Score(NamedTuple):
    """How many hits were taken and how many bullets bitten."""

    hits: int
    bullets: int


@dataclass(frozen=True)
class Result:
    """What a set of answers adds up to."""

    hits: tuple[str, ...]  # ids of the hit rules that fire, in the data's order
    bullets: tuple[str, ...]  # ids of the bullet rules that fire
    answered: int  # how many cases have an answer
    score: Score = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "score", Score(len(self.hits), len(self.bullets)))


@dataclass(frozen=True)
class TensionState:
    """A student's answers: case id -> answer id (unanswered cases are absent)."""

    answers: Mapping[str, str]

    def to_dict(self) -> dict[str, Any]:
        """The JSON-able state (the widget contract)."""
        return {"widget": WIDGET, "version": VERSION, "answers": {c: self.answers[c] for c in CASES if c in self.answers}}


def _compile(bank: TensionBank) -> tuple[tuple[Answer, ...], Mapping[str, Case], Mapping[str, Rule]]:
    answers = tuple(Answer(a.id, a.label) for a in bank.answers)
    cases = {
        c.id: Case(
            id=c.id, title=c.title, prompt=" ".join(c.prompt.split()), source=c.source,
            labels=MappingProxyType({a.id: c.labels.get(a.id, a.label) for a in answers}),
            passages=tuple(c.passages),
        )
        for c in bank.cases
    }
    rules = {
        r.id: Rule(
            id=r.id, kind=r.kind, title=r.title,
            when=MappingProxyType({k: frozenset([v] if isinstance(v, str) else v) for k, v in r.when.items()}),
            explanation=" ".join(r.explanation.split()), passages=tuple(r.passages), pages=tuple(r.pages),
            example=MappingProxyType(dict(r.example)), contrast=MappingProxyType(dict(r.contrast)),
        )
        for r in bank.rules
    }
    return answers, MappingProxyType(cases), MappingProxyType(rules)


ANSWERS, CASES, RULES = _compile(load_bank())
ANSWER_IDS: tuple[str, ...] = tuple(a.id for a in ANSWERS)


def check_answers(answers: Mapping[str, Any]) -> dict[str, str]:
    """Validate answers (case id -> answer id or None); return them without the unanswered ones."""
    if not isinstance(answers, Mapping):
        raise ValueError(f"Tension Test answers must be a mapping of case id to answer, not {type(answers).__name__}")
    checked: dict[str, str] = {}
    for case_id, answer in answers.items():
        if case_id not in CASES:
            raise ValueError(f"Tension Test: unknown case {case_id!r}; valid cases: {', '.join(CASES)}")
        if answer is None:
            continue
        if answer not in ANSWER_IDS:
            raise ValueError(
                f"Tension Test: case {case_id!r} has unknown answer {answer!r}; valid answers: {', '.join(ANSWER_IDS)}"
            )
        checked[case_id] = answer
    return checked


def evaluate(answers: Mapping[str, Any] | TensionState) -> Result:
    """The hits and bullets that a set of answers (case id -> answer id) triggers."""
    if isinstance(answers, TensionState):
        answers = answers.answers
    checked = check_answers(answers)
    fired = [rule for rule in RULES.values() if rule.fires(checked)]
    return Result(
        hits=tuple(r.id for r in fired if r.kind == "hit"),
        bullets=tuple(r.id for r in fired if r.kind == "bullet"),
        answered=len(checked),
    )


def state(answers: Mapping[str, Any]) -> TensionState:
    """A validated state from answers."""
    return TensionState(MappingProxyType(check_answers(answers)))


def state_from_dict(data: Any) -> TensionState:
    """Read a state written by :meth:`TensionState.to_dict`; raise ValueError saying what is wrong."""
    read_envelope(data, widget=WIDGET, version=VERSION, fields=("answers",), name="Tension Test")
    return state(data["answers"])


def combinations(rule: Rule) -> list[dict[str, str | None]]:
    """Every way the rule's own cases can be answered (or left unanswered)."""
    values = (*ANSWER_IDS, None)
    return [dict(zip(rule.reads, combo, strict=True)) for combo in itertools.product(values, repeat=len(rule.reads))]


def firing_combinations(rule: Rule) -> list[list[str]]:
    """The answer combinations (in the order of ``rule.reads``) on which ``rule`` fires, by its own function."""
    return [[combo[c] for c in rule.reads] for combo in combinations(rule) if rule.fires(combo)]  # type: ignore[misc]


def source_label(key: str) -> str:
    """A short human-readable name of a bibliography key."""
    return SOURCES[key]


def page_title(docname: str) -> str:
    """The link text for a book page."""
    return PAGES[docname]
