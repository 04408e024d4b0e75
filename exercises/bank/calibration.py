"""Calibrated sample answers for the reflection items, so that graders agree.

For every reflection item of the bank, ``exercises/calibration_samples/<set-id>.yml``
holds three sample answers, one per rubric level (strong, adequate, weak),
each with the level every criterion of the item's rubric deserves and why
(and, for an item that uses a widget, the ``state`` pasted with it)::

    set: peace-autonomy
    items:
      peace-autonomy-reflection:
        samples:
          - level: strong
            criteria: {thesis: strong, textual_evidence: strong, objection: adequate}
            answer: |
              I would refuse. The woman admits the price: "relinquishing the
              chaos of individuality" [p4.2] ...
            why: |
              A clear position in the first sentence ...

:func:`load_calibration` validates the files against the bank and reports
every problem at once, naming the file and the item: every reflection item
has all three levels; no sample names an item that is not a reflection item
of that set; every criterion of the rubric (and no other) is given a level
that exists in it; a sample's overall level is one the rubric uses; its
points under the rubric fall from strong to adequate to weak; and every
quotation of the text, written ``"words" [p4.2]`` (or ``(p4.2)``), is the
cited passage's exact words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from elysara.exercises.bank.loading import Bank, BankError, Problem, load_bank
from elysara.exercises.bank.schema import LevelId, ReflectionItem
from elysara.text import UnknownPassageError, load_text
from elysara.text.passage import ID_FORM

__all__ = [
    "CALIBRATED_LEVELS",
    "DEFAULT_FOLDER",
    "CalibrationError",
    "CalibrationFile",
    "CalibrationProblem",
    "Calibration",
    "Sample",
    "load_calibration",
    "quotation_problems",
    "rubric_points",
]

#: Where the shipped samples live (a folder, so this module's name stays free).
DEFAULT_FOLDER = Path(__file__).parents[1] / "calibration_samples"
#: The levels every reflection item needs a sample at, best first.
CALIBRATED_LEVELS: tuple[str, ...] = ("strong", "adequate", "weak")

# A quotation of the text: straight double quotes, then its citation in
# brackets or parentheses. The citation is what makes the words checkable.
_QUOTATION = re.compile(rf'"(?P<words>[^"]+)"(?P<cite>\s*[\[(]\s*(?P<id>{ID_FORM})\s*[\])])?')


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sample(_Strict):
    """One calibrated answer: its overall level, a level per criterion and why."""

    level: Literal["strong", "adequate", "weak"]
    criteria: dict[str, LevelId] = Field(min_length=1)
    answer: str = Field(min_length=1)
    why: str = Field(min_length=1)
    #: The widget state pasted with the answer (items that use a widget), so the sample is a whole submission.
    state: dict[str, Any] | None = None


class ItemSamples(_Strict):
    """The samples of one item."""

    samples: list[Sample] = Field(min_length=1)


class CalibrationFile(_Strict):
    """One file: the samples of one exercise set's reflection items, by item id."""

    set: str
    #: Free-form YAML anchors (a widget state shared by samples, say); ignored by the model.
    definitions: dict[str, Any] | None = Field(default=None, exclude=True, repr=False)
    items: dict[str, ItemSamples]


#: A calibration problem has the same shape as a bank problem: file, item, message.
CalibrationProblem = Problem


class CalibrationError(BankError):
    """The calibration files do not validate; ``.problems`` lists every problem."""

    subject = "the calibrated samples"


@dataclass(frozen=True)
class Calibration:
    """Validated samples: ``samples[item_id]`` in level order, with the bank they were checked against."""

    bank: Bank
    samples: dict[str, tuple[Sample, ...]]
    files: dict[str, Path]

    def items(self) -> list[ReflectionItem]:
        """The calibrated items, in the bank's order."""
        return [item for item in self.bank.items.values() if item.id in self.samples]  # type: ignore[misc]


def rubric_points(item: ReflectionItem, sample: Sample) -> float:
    """The points a sample earns when each criterion gets the level the sample names."""
    return sum(criterion.level(sample.criteria[criterion.id]).points for criterion in item.rubric.criteria)


def quotation_problems(answer: str) -> list[str]:
    """Why the quotations in ``answer`` are not exact (empty when they all are).

    Every double-quoted span must be followed by the passage it quotes, and
    its words must occur in that passage exactly as the text has them.
    """
    text = load_text()
    found: list[str] = []
    for match in _QUOTATION.finditer(answer):
        words = " ".join(match["words"].split())
        if match["id"] is None:
            found.append(f'the quotation "{words}" cites no passage: write it as "words" [p4.2]')
            continue
        try:
            passage = text.passage(match["id"])
        except UnknownPassageError as error:
            found.append(f'the quotation "{words}": {error}')
            continue
        if words not in passage.text:
            found.append(
                f'the quotation "{words}" is not the exact words of {passage.id}: "{passage.text}"'
            )
    return found


def _item_problems(path: Path, item: ReflectionItem, entry: ItemSamples) -> list[CalibrationProblem]:
    problems: list[CalibrationProblem] = []

    def problem(message: str) -> None:
        problems.append(CalibrationProblem(path, item.id, message))

    levels = [sample.level for sample in entry.samples]
    missing = [level for level in CALIBRATED_LEVELS if level not in levels]
    if missing:
        problem(f"no sample at level {', '.join(missing)}; every reflection item needs one at each of "
                f"{', '.join(CALIBRATED_LEVELS)}")
    repeated = sorted({level for level in levels if levels.count(level) > 1})
    if repeated:
        problem(f"more than one sample at level {', '.join(repeated)}; give one sample per level")
    criterion_ids = [criterion.id for criterion in item.rubric.criteria]
    rubric_levels = {level.id for criterion in item.rubric.criteria for level in criterion.levels}
    for sample in entry.samples:
        where = f"the {sample.level} sample"
        if sample.level not in rubric_levels:
            problem(f"{where}: level {sample.level!r} is not used by the item's rubric "
                    f"(its levels are {', '.join(sorted(rubric_levels))})")
        unknown = [c for c in sample.criteria if c not in criterion_ids]
        absent = [c for c in criterion_ids if c not in sample.criteria]
        if unknown:
            problem(f"{where}: no criterion {', '.join(map(repr, unknown))} in the rubric; "
                    f"valid criteria are {', '.join(criterion_ids)}")
        if absent:
            problem(f"{where}: give a level for every criterion; missing {', '.join(absent)}")
        for criterion in item.rubric.criteria:
            chosen = sample.criteria.get(criterion.id)
            if chosen is not None and chosen not in {level.id for level in criterion.levels}:
                problem(f"{where}: criterion {criterion.id!r} has no level {chosen!r}; valid levels are "
                        f"{', '.join(level.id for level in criterion.levels)}")
        for message in quotation_problems(sample.answer):
            problem(f"{where}: {message}")
        if item.uses_widget is None and sample.state is not None:
            problem(f"{where}: a state is given but the item uses no widget")
        elif item.uses_widget is not None:
            if sample.state is None:
                problem(f"{where}: the item uses the {item.uses_widget} widget: give the state pasted with the answer")
            else:
                from elysara.exercises.bank.widget_states import StateCheckUnavailable, check_state

                try:
                    check_state(item.uses_widget, sample.state)
                except StateCheckUnavailable:
                    pass  # the widget's module is not installed; nothing to check against
                except ValueError as error:
                    problem(f"{where}: state: {error}")
    if not problems:
        by_level = {sample.level: rubric_points(item, sample) for sample in entry.samples}
        ordered = [by_level[level] for level in CALIBRATED_LEVELS]
        if not ordered[0] > ordered[1] > ordered[2]:
            problem("the criterion levels give points that do not fall from strong to adequate to weak "
                    f"({', '.join(f'{level} {points:g}' for level, points in zip(CALIBRATED_LEVELS, ordered))})")
    return problems


def _read(path: Path) -> tuple[CalibrationFile | None, list[CalibrationProblem]]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        return None, [CalibrationProblem(path, None, f"not valid YAML: {error}")]
    try:
        return CalibrationFile.model_validate(raw), []
    except ValidationError as error:
        return None, [
            CalibrationProblem(path, None, f"{'.'.join(map(str, detail['loc']))}: {detail['msg']}")
            for detail in error.errors(include_url=False)
        ]


def load_calibration(folder: Path | str | None = None, bank: Bank | None = None) -> Calibration:
    """Load and validate the samples in ``folder`` against ``bank`` (defaults: the shipped ones).

    Raises :class:`CalibrationError` listing every problem when anything is invalid.
    """
    folder = Path(folder) if folder is not None else DEFAULT_FOLDER
    bank = bank if bank is not None else load_bank()
    problems: list[CalibrationProblem] = []
    samples: dict[str, tuple[Sample, ...]] = {}
    files: dict[str, Path] = {}
    for path in sorted(folder.glob("*.yml")):
        data, found = _read(path)
        problems.extend(found)
        if data is None:
            continue
        if data.set != path.stem:
            problems.append(CalibrationProblem(path, None, f"set {data.set!r} must match the file name {path.stem!r}"))
        if data.set not in bank.sets:
            problems.append(CalibrationProblem(path, None, f"no exercise set {data.set!r}; valid sets are {', '.join(bank.sets)}"))
            continue
        files[data.set] = path
        reflections = {item.id: item for item in bank.sets[data.set].items if isinstance(item, ReflectionItem)}
        for item_id, entry in data.items.items():
            item = reflections.get(item_id)
            if item is None:
                valid = ", ".join(reflections) or "none"
                problems.append(CalibrationProblem(path, item_id, f"not a reflection item of set {data.set!r}; "
                                                   f"its reflection items are {valid}"))
                continue
            problems.extend(_item_problems(path, item, entry))
            rank = {level: n for n, level in enumerate(CALIBRATED_LEVELS)}
            samples[item_id] = tuple(sorted(entry.samples, key=lambda sample: rank[sample.level]))
    for set_id, exercise_set in bank.sets.items():
        for item in exercise_set.items:
            if isinstance(item, ReflectionItem) and item.id not in samples:
                path = files.get(set_id, folder / f"{set_id}.yml")
                if not any(p.item == item.id or (p.file == path and p.item is None) for p in problems):
                    problems.append(CalibrationProblem(path, item.id, "reflection item without calibrated samples; "
                                                       f"add strong, adequate and weak samples under items.{item.id}"))
    if problems:
        raise CalibrationError(problems)
    return Calibration(bank=bank, samples=samples, files=files)
