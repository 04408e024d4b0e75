"""Loading and validating the exercise bank (``exercises/sets/*.yml``).

``load_bank()`` reads every set, validates each against
:mod:`elysara.exercises.bank.schema` and then checks what one file cannot know by
itself: item ids unique across the bank, passage ids that exist in the text
(:mod:`elysara.text`), a set's id matching its file name. Every problem is
collected and reported at once, each naming the file, the item and what is
wrong with the valid choices, so an author fixes a file in one pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from elysara.exercises.bank.schema import AnnotationSet, ExerciseSet, Item, PassageIdentificationItem
from elysara.text import UnknownPassageError, load_text

_ITEM: TypeAdapter[Item] = TypeAdapter(Item)

#: The bank shipped with the package.
DEFAULT_FOLDER = Path(__file__).parents[1] / "sets"
#: The order sets appear in (books, notebooks, dashboards); other sets follow by id.
SET_ORDER = ("reading", "peace-autonomy", "identity-consent", "widgets")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the bank: where, which item, and what."""

    file: Path
    item: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}" + (f", item {self.item!r}" if self.item else "")
        return f"{where}: {self.message}"


class BankError(ValueError):
    """The bank does not validate; ``.problems`` lists every problem found."""

    #: What did not validate, as the message names it (subclasses name their own data).
    subject = "the exercise bank"

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{len(problems)} problem(s) in {self.subject}:\n{lines}")


@dataclass(frozen=True)
class Bank:
    """Every set, by id in :data:`SET_ORDER`, and every item by id."""

    sets: dict[str, ExerciseSet]
    items: dict[str, Item] = field(repr=False)
    files: dict[str, Path] = field(repr=False)
    #: Sets of ``kind: annotation`` (notes handed in as ``elysara-notes.json``, no notebook), by id.
    annotation_sets: dict[str, AnnotationSet] = field(default_factory=dict, repr=False)

    def set_of(self, item_id: str) -> ExerciseSet:
        """The set an item belongs to."""
        for exercise_set in self.sets.values():
            if any(item.id == item_id for item in exercise_set.items):
                return exercise_set
        raise KeyError(f"no item {item_id!r} in the bank")

    def get_set(self, set_id: str) -> ExerciseSet:
        """A set by id; ``KeyError`` naming the valid ids otherwise."""
        try:
            return self.sets[set_id]
        except KeyError:
            raise KeyError(f"no exercise set {set_id!r}; valid sets are {', '.join(self.sets)}") from None


def _describe_loc(loc: tuple[Any, ...]) -> str:
    # Drop the union tag pydantic inserts ('items', 3, 'multiple_choice', 'answer').
    from elysara.exercises.bank.schema import ITEM_TYPES

    parts = [str(part) for part in loc if not (isinstance(part, str) and part in ITEM_TYPES)]
    return ".".join(parts)


def _item_id(entry: Any, index: int) -> str:
    if isinstance(entry, dict) and entry.get("id"):
        return str(entry["id"])
    return f"#{index + 1} (no id)"


def _validation_problems(path: Path, item_id: str | None, error: ValidationError) -> list[Problem]:
    from elysara.exercises.bank.schema import ITEM_TYPES

    problems = []
    for detail in error.errors(include_url=False):
        field_name = _describe_loc(tuple(detail["loc"]))
        message = detail["msg"].removeprefix("Value error, ")
        if detail["type"] == "extra_forbidden":
            message = "unknown field (misspelt?)"
        elif detail["type"] == "missing":
            message = "required field is missing"
        elif detail["type"] in ("literal_error", "enum"):
            message = f"{detail['input']!r} is not allowed; {message[0].lower()}{message[1:]}"
        elif detail["type"] == "union_tag_invalid":
            field_name = "type"
            message = f"{detail['ctx']['tag']!r} is not an item type; valid types are {', '.join(ITEM_TYPES)}"
        elif detail["type"] == "union_tag_not_found":
            field_name = "type"
            message = f"required field is missing; valid types are {', '.join(ITEM_TYPES)}"
        problems.append(Problem(path, item_id, f"{field_name}: {message}" if field_name else message))
    return problems


def _passage_problems(path: Path, item: Item) -> Iterator[Problem]:
    text = load_text()
    ids = list(item.cites)
    if isinstance(item, PassageIdentificationItem):
        ids += item.answer
    for passage_id in ids:
        try:
            text.passage(passage_id)
        except UnknownPassageError as error:
            yield Problem(path, item.id, f"passage id: {error}")


def _widget_problems(path: Path, item: Item) -> Iterator[Problem]:
    if item.model_state is None or item.uses_widget is None:
        return
    from elysara.exercises.bank.widget_states import StateCheckUnavailable, check_state

    try:
        check_state(item.uses_widget, item.model_state)
    except StateCheckUnavailable:
        return  # the widget's module is not installed; nothing to check against
    except ValueError as error:
        yield Problem(path, item.id, f"model_state: {error}")


def parse_set(path: Path) -> tuple[ExerciseSet | None, list[Problem]]:
    """Read and validate one set file; returns the set (or None) and its problems."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        return None, [Problem(path, None, f"not valid YAML: {error}")]
    if not isinstance(raw, dict):
        return None, [Problem(path, None, "a set file must be a mapping with id, title, intro and items")]
    if raw.get("kind") == "annotation":  # issue #17: notes on the Reading page, no notebook
        return _parse_annotation_set(path, raw)
    # Items are validated one by one so that one bad item does not hide the others.
    problems: list[Problem] = []
    raw_items = raw.get("items")
    items: list[Item] = []
    if isinstance(raw_items, list):
        for index, entry in enumerate(raw_items):
            item_id = _item_id(entry, index)
            try:
                item = _ITEM.validate_python(entry)
            except ValidationError as error:
                problems.extend(_validation_problems(path, item_id, error))
                continue
            items.append(item)
            problems.extend(_passage_problems(path, item))
            problems.extend(_widget_problems(path, item))
    header = {key: value for key, value in raw.items() if key != "items"}
    try:
        # Valid items only: a bad item has already been reported above.
        exercise_set = ExerciseSet.model_validate({**header, "items": items if items else raw_items})
    except ValidationError as error:
        details = [e for e in error.errors() if not (len(e["loc"]) > 1 and e["loc"][0] == "items")]
        if details:
            problems.extend(_validation_problems(path, None, ValidationError.from_exception_data(error.title, details)))
        return None, problems
    if problems:
        return None, problems
    if exercise_set.id != path.stem:
        problems.append(Problem(path, None, f"set id {exercise_set.id!r} must match the file name {path.stem!r}"))
    return exercise_set, problems


def _parse_annotation_set(path: Path, raw: dict[str, Any]) -> tuple[AnnotationSet | None, list[Problem]]:
    try:
        annotation_set = AnnotationSet.model_validate(raw)
    except ValidationError as error:
        return None, _validation_problems(path, None, error)
    if annotation_set.id != path.stem:
        return None, [Problem(path, None, f"set id {annotation_set.id!r} must match the file name {path.stem!r}")]
    return annotation_set, []


def _ordered(sets: Iterable[ExerciseSet]) -> list[ExerciseSet]:
    def key(exercise_set: ExerciseSet) -> tuple[int, str]:
        rank = SET_ORDER.index(exercise_set.id) if exercise_set.id in SET_ORDER else len(SET_ORDER)
        return rank, exercise_set.id

    return sorted(sets, key=key)


def load_bank(folder: Path | str | None = None) -> Bank:
    """Load and validate every ``*.yml`` set in ``folder`` (default: the shipped bank).

    Raises :class:`BankError` listing every problem when anything is invalid.
    """
    folder = Path(folder) if folder is not None else DEFAULT_FOLDER
    paths = sorted(folder.glob("*.yml"))
    if not paths:
        raise BankError([Problem(folder, None, "no exercise sets (*.yml) in this folder")])
    problems: list[Problem] = []
    sets: list[ExerciseSet] = []
    files: dict[str, Path] = {}
    item_files: dict[str, Path] = {}
    annotation_sets: dict[str, AnnotationSet] = {}
    for path in paths:
        exercise_set, found = parse_set(path)
        problems.extend(found)
        if exercise_set is None:
            continue
        if isinstance(exercise_set, AnnotationSet):  # kept apart: no notebook, no page, no release
            if exercise_set.id in files or exercise_set.id in annotation_sets:
                problems.append(Problem(path, None, f"set id {exercise_set.id!r} is used twice"))
            annotation_sets[exercise_set.id] = exercise_set
            continue
        if exercise_set.id in files:
            problems.append(Problem(path, None, f"set id {exercise_set.id!r} is also used by {files[exercise_set.id]}"))
            continue
        for item in exercise_set.items:
            if item.id in item_files:
                other = item_files[item.id]
                where = "earlier in this file" if other == path else f"in {other}"
                problems.append(Problem(path, item.id, f"item id is not unique: it is also used {where}"))
            else:
                item_files[item.id] = path
        sets.append(exercise_set)
        files[exercise_set.id] = path
    if problems:
        raise BankError(problems)
    ordered = _ordered(sets)
    items = {item.id: item for s in ordered for item in s.items}
    for set_id in annotation_sets:
        if set_id in files:
            raise BankError([Problem(folder, None, f"set id {set_id!r} is used by a notebook set and an annotation set")])
    return Bank(sets={s.id: s for s in ordered}, items=items, files=files, annotation_sets=annotation_sets)
