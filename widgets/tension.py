"""The Tension Test: judgments on related cases, and the tensions between them.

A pure model. The student answers about a dozen cases (``CASES``) on a small
scale (``ANSWERS``); each rule (``RULES``) reads a few of those answers and
fires on some combinations of them. A ``tension`` rule marks answers that pull
against each other: the student then picks the difference that separates the
two cases (``DIFFERENCES``). Only "none" makes it a *hit* (a contradiction the
student accepts); a named difference leaves a tension *resolved by that
difference*, and a tension with no choice yet is *open*. A ``bullet`` is a
consistent position with a cost, and names what the answers commit the
student to. The cases and rules are data (``tension_cases.yml``); this module
compiles each rule's condition into a function of the rule's own cases and
nothing else.

States: version 2 holds ``answers``, ``differences`` (rule id -> difference
id) and ``own_words`` (rule id -> the student's words for "own"); version 1
(answers only, from before differences existed) is still read, with no
difference chosen.
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
VERSION = 2
#: Every version this module reads, with its fields.
READABLE_VERSIONS: dict[int, tuple[str, ...]] = {1: ("answers",), 2: ("answers", "differences", "own_words")}
#: The difference that makes a tension a hit, and the one that takes the student's own words.
NO_DIFFERENCE = "none"
OWN_WORDS = "own"
MAX_OWN_WORDS = 500  # characters: one or two sentences
#: What a tension rule that fires becomes, by the difference chosen.
HIT, NAMED, OPEN = "hit", "named", "open"


@dataclass(frozen=True)
class Answer:
    """A point on the answer scale."""

    id: str
    label: str


@dataclass(frozen=True)
class Difference:
    """Something that can separate two cases (consent, certainty, ...)."""

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
    """A tension or bullet: fires when each case it reads has one of the answers it names."""

    id: str
    kind: str  # "tension" or "bullet"
    title: str
    commitment: str | None  # bullets: exactly what the answers commit the student to
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
    """Hits (tensions with no difference seen), bullets bitten, and tensions that fired."""

    hits: int
    bullets: int
    tensions: int = 0  # every tension rule that fires, whatever the difference chosen


@dataclass(frozen=True)
class Result:
    """What a set of answers and chosen differences adds up to."""

    hits: tuple[str, ...]  # tension rules that fire where the student chose "none", in the data's order
    bullets: tuple[str, ...]  # bullet rules that fire
    answered: int  # how many cases have an answer
    named: Mapping[str, str] = field(default_factory=dict)  # tension rule id -> the difference the student named
    open: tuple[str, ...] = ()  # tension rules that fire with no difference chosen yet
    score: Score = field(init=False)

    def __post_init__(self) -> None:
        tensions = len(self.hits) + len(self.named) + len(self.open)
        object.__setattr__(self, "score", Score(len(self.hits), len(self.bullets), tensions))

    @property
    def tensions(self) -> tuple[str, ...]:
        """Every tension rule that fires (hit, named or open), in the data's order."""
        fired = {*self.hits, *self.named, *self.open}
        return tuple(r for r in RULES if r in fired)


@dataclass(frozen=True)
class TensionState:
    """A student's answers (case id -> answer id) and, per tension rule, the difference they name."""

    answers: Mapping[str, str]
    differences: Mapping[str, str] = field(default_factory=dict)  # tension rule id -> DIFFERENCES id
    own_words: Mapping[str, str] = field(default_factory=dict)  # tension rule id -> the student's words

    def to_dict(self) -> dict[str, Any]:
        """The JSON-able state (the widget contract)."""
        return {
            "widget": WIDGET, "version": VERSION,
            "answers": {c: self.answers[c] for c in CASES if c in self.answers},
            "differences": {r: self.differences[r] for r in RULES if r in self.differences},
            "own_words": {r: self.own_words[r] for r in RULES if r in self.own_words},
        }


def _compile(bank: TensionBank) -> tuple[tuple[Answer, ...], Mapping[str, Difference], Mapping[str, Case], Mapping[str, Rule]]:
    answers = tuple(Answer(a.id, a.label) for a in bank.answers)
    differences = {d.id: Difference(d.id, d.label) for d in bank.differences}
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
            id=r.id, kind=r.kind, title=r.title, commitment=" ".join(r.commitment.split()) if r.commitment else None,
            when=MappingProxyType({k: frozenset([v] if isinstance(v, str) else v) for k, v in r.when.items()}),
            explanation=" ".join(r.explanation.split()), passages=tuple(r.passages), pages=tuple(r.pages),
            example=MappingProxyType(dict(r.example)), contrast=MappingProxyType(dict(r.contrast)),
        )
        for r in bank.rules
    }
    return answers, MappingProxyType(differences), MappingProxyType(cases), MappingProxyType(rules)


ANSWERS, DIFFERENCES, CASES, RULES = _compile(load_bank())
TENSION_RULES: tuple[str, ...] = tuple(r.id for r in RULES.values() if r.kind == "tension")
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


def check_differences(differences: Any, own_words: Any = None) -> tuple[dict[str, str], dict[str, str]]:
    """Validate the differences chosen (tension rule id -> difference id) and the own words given."""
    own_words = {} if own_words is None else own_words
    for name, value in (("differences", differences), ("own_words", own_words)):
        if not isinstance(value, Mapping):
            raise ValueError(f"Tension Test {name} must be a mapping of rule id to text, not {type(value).__name__}")
    checked: dict[str, str] = {}
    for rule_id, difference in differences.items():
        if rule_id not in TENSION_RULES:
            raise ValueError(f"Tension Test: {rule_id!r} is not a tension rule; valid rules: {', '.join(TENSION_RULES)}")
        if difference is None:
            continue
        if difference not in DIFFERENCES:
            raise ValueError(
                f"Tension Test: rule {rule_id!r} has unknown difference {difference!r}; "
                f"valid differences: {', '.join(DIFFERENCES)}"
            )
        checked[rule_id] = difference
    words: dict[str, str] = {}
    for rule_id, text in own_words.items():
        if rule_id not in TENSION_RULES:
            raise ValueError(f"Tension Test: {rule_id!r} is not a tension rule; valid rules: {', '.join(TENSION_RULES)}")
        if not isinstance(text, str):
            raise ValueError(f"Tension Test: the own words for {rule_id!r} must be text, not {type(text).__name__}")
        if len(text) > MAX_OWN_WORDS:
            raise ValueError(f"Tension Test: the own words for {rule_id!r} are {len(text)} characters; at most {MAX_OWN_WORDS}")
        if text.strip():
            words[rule_id] = text
    return checked, words


def classify(difference: str | None, own_words: str = "") -> str:
    """What a tension that fires becomes: HIT for "none", NAMED for a real difference, OPEN otherwise.

    "own" names a difference only with words in it: an empty box names nothing.
    """
    if difference is None or (difference == OWN_WORDS and not own_words.strip()):
        return OPEN
    return HIT if difference == NO_DIFFERENCE else NAMED


def difference_key(difference: str | None, own_words: str = "") -> str:
    """The key of a (difference, words) choice in the exported table: the id, "" for none chosen,
    and "own-blank" for "own" with no words."""
    if difference is None:
        return ""
    if difference == OWN_WORDS and not own_words.strip():
        return "own-blank"
    return difference


def evaluate(answers: Mapping[str, Any] | TensionState, differences: Mapping[str, Any] | None = None,
             own_words: Mapping[str, Any] | None = None) -> Result:
    """The tensions and bullets that a set of answers (case id -> answer id) triggers.

    ``differences`` (tension rule id -> difference id) says, for each tension
    that fires, what the student names as separating its cases; only "none"
    scores a hit. Without it (as for a version 1 state) every tension is open.
    """
    if isinstance(answers, TensionState):
        differences, own_words, answers = answers.differences, answers.own_words, answers.answers
    checked = check_answers(answers)
    chosen, words = check_differences(differences or {}, own_words or {})
    fired = [rule for rule in RULES.values() if rule.fires(checked)]
    verdicts = {r.id: classify(chosen.get(r.id), words.get(r.id, "")) for r in fired if r.kind == "tension"}
    return Result(
        hits=tuple(r for r, v in verdicts.items() if v == HIT),
        bullets=tuple(r.id for r in fired if r.kind == "bullet"),
        answered=len(checked),
        named=MappingProxyType({r: chosen[r] for r, v in verdicts.items() if v == NAMED}),
        open=tuple(r for r, v in verdicts.items() if v == OPEN),
    )


def state(answers: Mapping[str, Any], differences: Mapping[str, Any] | None = None,
          own_words: Mapping[str, Any] | None = None) -> TensionState:
    """A validated state from answers and the differences chosen."""
    chosen, words = check_differences(differences or {}, own_words or {})
    return TensionState(MappingProxyType(check_answers(answers)), MappingProxyType(chosen), MappingProxyType(words))


def state_from_dict(data: Any) -> TensionState:
    """Read a state written by :meth:`TensionState.to_dict` (version 2, or 1 with answers only);
    raise ValueError saying what is wrong."""
    read_envelope(data, widget=WIDGET, version=READABLE_VERSIONS, name="Tension Test")
    return state(data["answers"], data.get("differences"), data.get("own_words"))


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
