"""The one way to read an answer from a notebook: ``check()``, the grader and the classroom all call it.

Reading never executes anything. For each item of a set it:

* finds the item's cells by nbgrader ``grade_id`` (:mod:`.layout`); where a
  cell was duplicated, the **first** copy is the answer (and the duplicate is
  reported by the grader);
* parses an objective answer's literal (:mod:`.literals`) and normalises it
  the one way the grader scores it: letters upper-cased and stripped, a
  string typed for a list split on commas, semicolons or spaces
  (``"A, C, E"`` is ``["A", "C", "E"]``), passage ids lower-cased, step
  numbers read as integers;
* takes a prose answer as its Markdown source, blank when it is still the
  placeholder (or the released cell's own text);
* reads a widget state through the widget's own model
  (:mod:`.widget_states`), so a malformed state is one reason, never a crash.

The outcome is an :class:`Answer`: its status, the normalised value, how to
show it, and the problems of form a student should fix (the same sentences
``check()`` prints and the feedback page shows).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from elysara.exercises.answers.layout import (
    ANSWER_VARIABLE,
    PLACEHOLDERS,
    answer_cell_id,
    state_cell_id,
)
from elysara.exercises.answers.literals import Read, read_assigned
from elysara.exercises.bank.widget_states import StateCheckUnavailable, check_state
from elysara.exercises.bank.schema import (
    Item,
    MultipleChoiceItem,
    MultipleSelectItem,
    OrderingItem,
    PassageIdentificationItem,
)
from elysara.text import load_text

__all__ = [
    "ANSWERED", "BLANK", "MAX_ANSWER_CHARS", "MAX_CODE_CHARS", "MISSING", "UNREADABLE",
    "Answer", "CellIndex", "StateRead", "cell_source", "index_cells", "normalise",
    "read_answer", "read_answers", "read_state",
]

#: Longest written answer read, in characters (documented in exercises/README.md): about 3,000
#: words, six times the longest word limit in the bank. Text past it is not read (the grader
#: reports a ``long-answer`` problem), so evidence for one answer costs well under a second.
MAX_ANSWER_CHARS = 20_000
#: Longest code cell read for an objective answer or a pasted widget state; past it the cell is
#: unreadable (a real answer is a few dozen characters, a widget state a few kB).
MAX_CODE_CHARS = 100_000

ANSWERED = "answered"
BLANK = "blank"  #: still the starting value (None, the placeholder, empty)
UNREADABLE = "unreadable"  #: something was written that cannot be read as an answer of this type
MISSING = "missing"  #: the answer cell is not in the notebook


def cell_source(cell: Any) -> str:
    """A cell's source as one string, whatever shape it was saved in (nbformat allows a list of lines)."""
    source = cell.get("source", "") if isinstance(cell, Mapping) else ""
    if isinstance(source, list):
        return "".join(part for part in source if isinstance(part, str))
    return source if isinstance(source, str) else ""


def _grade_id(cell: Any) -> str | None:
    if not isinstance(cell, Mapping):
        return None
    meta = cell.get("metadata")
    nbgrader = meta.get("nbgrader") if isinstance(meta, Mapping) else None
    grade_id = nbgrader.get("grade_id") if isinstance(nbgrader, Mapping) else None
    return grade_id if isinstance(grade_id, str) and grade_id else None


@dataclass(frozen=True)
class CellIndex:
    """A notebook's cells by grade_id: the first copy of each, and how many copies there were."""

    cells: Mapping[str, Any]
    counts: Mapping[str, int]

    def get(self, grade_id: str) -> Any:
        return self.cells.get(grade_id)


def index_cells(notebook: Any) -> CellIndex:
    """Index a notebook's cells by nbgrader grade_id (cells without one are the student's own: ignored)."""
    cells: dict[str, Any] = {}
    counts: dict[str, int] = {}
    raw_cells = notebook.get("cells") if isinstance(notebook, Mapping) else None
    for cell in raw_cells if isinstance(raw_cells, list) else ():
        grade_id = _grade_id(cell)
        if grade_id is None:
            continue
        counts[grade_id] = counts.get(grade_id, 0) + 1
        cells.setdefault(grade_id, cell)  # the first copy is the answer
    return CellIndex(cells, counts)


@dataclass(frozen=True)
class Normalised:
    """An objective value as the grader scores it, or why it cannot be read."""

    value: Any  #: the normalised value, None when unreadable
    shown: str  #: how the answer is shown back to the student
    problems: tuple[str, ...] = ()  #: problems of form (the answer is still scored)
    error: str | None = None  #: why the value cannot be read as an answer of this type


def _as_list(value: Any) -> list[Any] | None:
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return [value]
    return None


def _split(value: Any) -> Any:
    """``"A, C"`` or ``"p3.1 p3.3"`` typed as one string: read it as a list."""
    return [part for part in re.split(r"[\s,;]+", value) if part] if isinstance(value, str) else value


def _options(item: MultipleChoiceItem | MultipleSelectItem) -> str:
    return ", ".join(f'"{key}"' for key in item.options)


def normalise(item: Item, value: Any) -> Normalised:
    """Normalise an objective answer's literal the one way everyone reads it."""
    if isinstance(item, MultipleChoiceItem):
        keys = {key.upper(): key for key in item.options}
        if not isinstance(value, str):
            return Normalised(None, repr(value), error=f"write one option letter in quotes; the options are {_options(item)}")
        chosen = value.strip().upper()
        if chosen not in keys:
            return Normalised(value, value, (f"{value!r} is not an option; write one of {_options(item)}",))
        return Normalised(keys[chosen], keys[chosen])
    if isinstance(item, MultipleSelectItem):
        chosen = _as_list(_split(value))
        if chosen is None or not all(isinstance(entry, str) for entry in chosen):
            return Normalised(None, repr(value), error=(
                f'write a list of option letters in quotes, for example ["A", "C"]; the options are {_options(item)}'))
        keys = {key.upper(): key for key in item.options}
        normalised = [keys.get(entry.strip().upper(), entry.strip()) for entry in chosen]
        problems = [f"{entry!r} is not an option; the options are {_options(item)}" for entry in normalised if entry not in item.options]
        if len(set(normalised)) != len(normalised):
            problems.append("an option is listed twice")
        return Normalised(normalised, ", ".join(normalised), tuple(problems))
    if isinstance(item, PassageIdentificationItem):
        chosen = _as_list(_split(value))
        if chosen is None or not all(isinstance(entry, str) for entry in chosen):
            return Normalised(None, repr(value), error='write a list of passage ids in quotes, for example ["p4.2", "p5.3"]')
        text = load_text()
        normalised = [entry.strip().lower() for entry in chosen]
        problems = [f"{entry!r} is not a passage of the text (ids look like p4 or p4.2)" for entry in normalised if entry not in text]
        expected = item.count or len(item.answer)
        if len(normalised) != expected:
            problems.append(f"the question asks for {expected} passage id(s); you gave {len(normalised)}")
        return Normalised(normalised, ", ".join(normalised), tuple(problems))
    if isinstance(item, OrderingItem):
        steps = list(range(1, len(item.steps) + 1))
        chosen = _as_list(value)
        try:
            order = [int(entry) for entry in chosen] if chosen is not None and not any(isinstance(e, bool) for e in chosen) else None
        except (TypeError, ValueError, OverflowError):
            order = None
        if order is None:
            return Normalised(None, repr(value), error=f"write the step numbers as a list, such as {steps}")
        problems = () if sorted(order) == steps else (f"{order} is not an order of the steps: use each of the numbers {steps} exactly once",)
        return Normalised(order, ", ".join(map(str, order)), problems)
    raise TypeError(f"{type(item).__name__} is not an objective item")


@dataclass(frozen=True)
class Answer:
    """One item's answer as read from a notebook."""

    item_id: str
    status: str  #: ANSWERED, BLANK, UNREADABLE or MISSING
    value: Any = None  #: objective: the normalised value; prose: the Markdown source; else None
    shown: str = ""  #: how to show it back ("(no answer)" when blank or missing)
    problems: tuple[str, ...] = ()  #: problems of form, for the student to fix
    copies: int = 1  #: how many cells carry this answer's grade_id (2+: duplicated)
    truncated: int = 0  #: the answer's full length when only its first MAX_ANSWER_CHARS were read

    @property
    def readable(self) -> bool:
        """Whether the answer was read (it may still have problems of form)."""
        return self.status == ANSWERED


def read_answer(index: CellIndex, item: Item, *, released: Mapping[str, Any] | None = None) -> Answer:
    """Read one item's answer. ``released`` (the released cells by grade_id) marks an untouched prose cell blank."""
    grade_id = answer_cell_id(item.id)
    cell = index.get(grade_id)
    copies = index.counts.get(grade_id, 0)
    if cell is None:
        return Answer(item.id, MISSING, shown="(no answer)", problems=("the answer cell is missing",), copies=0)
    source = cell_source(cell)
    if item.prose:
        released_cell = released.get(grade_id) if released else None
        stripped = source.strip()
        if stripped in PLACEHOLDERS or (released_cell is not None and stripped == cell_source(released_cell).strip()):
            return Answer(item.id, BLANK, "", "(no answer)", copies=copies)
        problems = () if cell.get("cell_type") == "markdown" else ("the answer cell must be a Markdown cell (it was changed to code)",)
        truncated = len(source) if len(source) > MAX_ANSWER_CHARS else 0
        source = source[:MAX_ANSWER_CHARS]
        return Answer(item.id, ANSWERED, source, source, problems, copies, truncated)
    read = _read_code(source, ANSWER_VARIABLE)
    if read.error:
        return Answer(item.id, UNREADABLE, shown=source.strip(), problems=(read.error,), copies=copies)
    if read.value is None or read.value in ("", [], (), {}):
        return Answer(item.id, BLANK, shown="(no answer)", copies=copies)
    normalised = normalise(item, read.value)
    if normalised.error:
        return Answer(item.id, UNREADABLE, shown=normalised.shown, problems=(normalised.error,), copies=copies)
    return Answer(item.id, ANSWERED, normalised.value, normalised.shown, normalised.problems, copies)


def _read_code(source: str, name: str) -> Read:
    """:func:`read_assigned`, refusing a cell too long to be an answer before parsing it."""
    if len(source) > MAX_CODE_CHARS:
        return Read(error=f"the cell has {len(source):,} characters, more than an answer can be ({MAX_CODE_CHARS:,})")
    return read_assigned(source, name)


@dataclass(frozen=True)
class StateRead:
    """A pasted widget state: the dict as pasted (valid by the widget's model), or why not."""

    status: str  #: ANSWERED, BLANK, UNREADABLE or MISSING
    value: dict[str, Any] | None = None
    error: str | None = None
    unchecked: bool = False  #: the widget's module is not installed here, so the state was not checked


def read_state(index: CellIndex, item: Item) -> StateRead:
    """Read the widget state pasted for an item that uses a widget, through the widget's own model."""
    variable = item.state_variable
    cell = index.get(state_cell_id(item.id))
    if cell is None or variable is None:
        return StateRead(MISSING, error="the widget state cell is missing")
    read = _read_code(cell_source(cell), variable)
    if read.error:
        return StateRead(UNREADABLE, error=read.error)
    if read.value is None:
        return StateRead(BLANK)
    try:
        check_state(item.uses_widget, read.value)
    except StateCheckUnavailable:
        return StateRead(ANSWERED, read.value, unchecked=True)
    except ValueError as error:
        return StateRead(UNREADABLE, error=f"the pasted {item.uses_widget} state is not valid: {error}")
    return StateRead(ANSWERED, read.value)


def read_answers(notebook: Any, items: Iterable[Item], *, released: Mapping[str, Any] | None = None) -> dict[str, Answer]:
    """Every item's answer in a notebook, by item id."""
    index = index_cells(notebook)
    return {item.id: read_answer(index, item, released=released) for item in items}
