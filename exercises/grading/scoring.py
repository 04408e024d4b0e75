"""Exact grading of objective items, one small checker per item type.

Every checker takes the item (from the bank, so points are read at grading
time) and the value read from the student's answer cell, and returns an
:class:`AutoScore`. The rules (documented in README, "For instructors"):

* multiple choice: full points for the key, else 0 (letters compared without
  regard to case or surrounding spaces);
* multiple select and passage identification: ``points x max(0, (right -
  wrong) / len(key))``, where *right* counts chosen keys and *wrong* counts
  chosen non-keys (unknown options or passage ids count as wrong), so picking
  every option earns nothing and one wrong pick cancels one right pick;
* ordering: full points for the exact order, else 0;
* argument reconstruction (its structure part): full points when
  :func:`elysara.exercises.answers.argument.parse_argument` finds no structural
  problem; half when it has premises and one conclusion but other problems
  (numbering, unlabelled lines, unknown passages); 0 otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from elysara.exercises.answers.argument import parse_argument
from elysara.exercises.answers.reader import Normalised, normalise
from elysara.exercises.bank.schema import (
    ArgumentReconstructionItem,
    MultipleChoiceItem,
    MultipleSelectItem,
    OrderingItem,
    PassageIdentificationItem,
)
from elysara.text import load_text

__all__ = ["AutoScore", "CHECKERS", "grade_objective", "grade_structure"]


@dataclass(frozen=True)
class AutoScore:
    """Points for one objective answer, with notes that explain them to the student."""

    points: float
    max: float
    answer: str  #: the student's answer as shown in feedback
    notes: tuple[str, ...] = field(default=())


def _round(points: float) -> float:
    return round(points, 2)


def _choice(item: MultipleChoiceItem, read: Normalised) -> AutoScore:
    if read.value not in item.options:
        return AutoScore(0, item.points, read.shown, tuple(f"{p[0].upper()}{p[1:]}." for p in read.problems))
    right = read.value == item.answer
    return AutoScore(item.points if right else 0, item.points, read.shown, () if right else (f"The answer is {item.answer}.",))


def _partial(points: float, key: list[str], chosen: list[str], valid: Callable[[str], bool], what: str) -> tuple[float, list[str]]:
    notes: list[str] = []
    unique = list(dict.fromkeys(chosen))
    invalid = [c for c in unique if not valid(c)]
    if invalid:
        notes.append(f"Not {what}: {', '.join(invalid)} (counted as wrong).")
    right = sum(1 for c in unique if c in key)
    wrong = len(unique) - right
    missed = [k for k in key if k not in unique]
    if wrong:
        notes.append(f"{wrong} wrong choice(s), each cancelling one right choice.")
    if missed:
        notes.append(f"Missed: {', '.join(missed)}.")
    return _round(points * max(0.0, (right - wrong) / len(key))), notes


def _select(item: MultipleSelectItem, read: Normalised) -> AutoScore:
    points, notes = _partial(item.points, list(item.answer), read.value, lambda c: c in item.options,
                             f"an option (the options are {', '.join(item.options)})")
    return AutoScore(points, item.points, read.shown, tuple(notes))


def _passages(item: PassageIdentificationItem, read: Normalised) -> AutoScore:
    text = load_text()
    points, notes = _partial(item.points, list(item.answer), read.value, lambda c: c in text,
                             "a passage of the text (ids look like p4 or p4.2)")
    return AutoScore(points, item.points, read.shown, tuple(notes))


def _ordering(item: OrderingItem, read: Normalised) -> AutoScore:
    if read.value == list(item.answer):
        return AutoScore(item.points, item.points, read.shown)
    notes = []
    if sorted(read.value) != list(range(1, len(item.steps) + 1)):
        notes.append(f"Use each step number 1..{len(item.steps)} exactly once.")
    notes.append("Not the right order (ordering is all or nothing).")
    return AutoScore(0, item.points, read.shown, tuple(notes))


CHECKERS: dict[str, Callable[[Any, Normalised], AutoScore]] = {
    "multiple_choice": _choice,
    "multiple_select": _select,
    "passage_identification": _passages,
    "ordering": _ordering,
}


def grade_objective(item: Any, value: Any) -> AutoScore:
    """Score an objective item's answer (a value read from its answer cell; None for blank)."""
    if value is None or value in ("", [], ()):
        return AutoScore(0, item.points, "(no answer)", ("No answer given.",))
    read = normalise(item, value)  # the one reading check() and the classroom share
    if read.error is not None:
        return AutoScore(0, item.points, read.shown, (f"{read.error[0].upper()}{read.error[1:]}.",))
    return CHECKERS[item.type](item, read)


def grade_structure(item: ArgumentReconstructionItem, answer: str) -> AutoScore:
    """Score the structure of an argument reconstruction (premises, one conclusion, citations)."""
    if not answer.strip():
        return AutoScore(0, item.points, "(no answer)", ("No answer given.",))
    text = load_text()
    parsed = parse_argument(answer, passage_exists=lambda pid: pid in text)
    summary = f"{len(parsed.premises)} premise(s), {'a' if parsed.conclusion else 'no'} conclusion"
    if parsed.ok:
        return AutoScore(item.points, item.points, summary, ("The structure is complete.",))
    notes = tuple(str(problem) for problem in parsed.problems)
    fatal = {"no_premises", "no_conclusion", "several_conclusions"}
    if any(problem.code in fatal for problem in parsed.problems):
        return AutoScore(0, item.points, summary, notes)
    return AutoScore(_round(item.points / 2), item.points, summary, notes)
