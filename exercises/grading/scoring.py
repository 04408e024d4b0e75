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


def _as_list(value: Any) -> list[Any] | None:
    if isinstance(value, (list, tuple, set, frozenset)):
        return sorted(value, key=str) if isinstance(value, (set, frozenset)) else list(value)
    if isinstance(value, (str, int)):
        return [value]
    return None


def _choice(item: MultipleChoiceItem, value: Any) -> AutoScore:
    if not isinstance(value, str):
        return AutoScore(0, item.points, repr(value), (f"Expected one option letter in quotes, such as \"{next(iter(item.options))}\".",))
    chosen = value.strip().upper()
    keys = {key.upper(): key for key in item.options}
    if chosen not in keys:
        return AutoScore(0, item.points, value, (f"\"{value}\" is not an option; the options are {', '.join(item.options)}.",))
    right = keys[chosen] == item.answer
    return AutoScore(item.points if right else 0, item.points, keys[chosen], () if right else (f"The answer is {item.answer}.",))


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


def _split(value: Any) -> Any:
    """``"A, C"`` or ``"p3.1 p3.3"`` typed as one string: read it as a list."""
    return [part for part in re.split(r"[\s,;]+", value) if part] if isinstance(value, str) else value


def _select(item: MultipleSelectItem, value: Any) -> AutoScore:
    chosen = _as_list(_split(value))
    if chosen is None or not all(isinstance(c, str) for c in chosen):
        return AutoScore(0, item.points, repr(value), (f"Expected a list of option letters, such as {list(item.options)[:2]!r}.",))
    keys = {key.upper(): key for key in item.options}
    normalized = [keys.get(c.strip().upper(), c.strip()) for c in chosen]
    points, notes = _partial(item.points, list(item.answer), normalized, lambda c: c in item.options,
                             f"an option (the options are {', '.join(item.options)})")
    return AutoScore(points, item.points, ", ".join(normalized), tuple(notes))


def _passages(item: PassageIdentificationItem, value: Any) -> AutoScore:
    chosen = _as_list(_split(value))
    if chosen is None or not all(isinstance(c, str) for c in chosen):
        return AutoScore(0, item.points, repr(value), ("Expected a list of passage ids such as [\"p4.2\"].",))
    text = load_text()
    normalized = [c.strip().lower() for c in chosen]
    points, notes = _partial(item.points, list(item.answer), normalized, lambda c: c in text,
                             "a passage of the text (ids look like p4 or p4.2)")
    return AutoScore(points, item.points, ", ".join(normalized), tuple(notes))


def _ordering(item: OrderingItem, value: Any) -> AutoScore:
    chosen = _as_list(value)
    try:
        order = [int(c) for c in chosen] if chosen is not None and not any(isinstance(c, bool) for c in chosen) else None
    except (TypeError, ValueError):
        order = None
    if order is None:
        return AutoScore(0, item.points, repr(value), (f"Expected a list of step numbers such as {list(range(1, len(item.steps) + 1))}.",))
    shown = ", ".join(map(str, order))
    if order == list(item.answer):
        return AutoScore(item.points, item.points, shown)
    notes = []
    if sorted(order) != list(range(1, len(item.steps) + 1)):
        notes.append(f"Use each step number 1..{len(item.steps)} exactly once.")
    notes.append("Not the right order (ordering is all or nothing).")
    return AutoScore(0, item.points, shown, tuple(notes))


CHECKERS: dict[str, Callable[[Any, Any], AutoScore]] = {
    "multiple_choice": _choice,
    "multiple_select": _select,
    "passage_identification": _passages,
    "ordering": _ordering,
}


def grade_objective(item: Any, value: Any) -> AutoScore:
    """Score an objective item's answer (a value read from its answer cell; None for blank)."""
    if value is None or value in ("", [], ()):
        return AutoScore(0, item.points, "(no answer)", ("No answer given.",))
    return CHECKERS[item.type](item, value)


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
