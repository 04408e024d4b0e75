"""The exercise bank's schema: sets, items by type, rubrics, criteria, levels.

One YAML file (``exercises/sets/<set-id>.yml``) holds one :class:`ExerciseSet`.
Items are a union discriminated by ``type``; each type is one small model.
Objective items carry ``points``; the points of a prose item come from its
rubric (never repeated in the item), and an argument reconstruction adds its
rubric to the ``points`` of its structure.

Checks that need no other file live here (an answer key valid for its
options, an ordering key that is a permutation, unique criterion ids);
checks against the text or across files live in :mod:`elysara.exercises.bank.loading`.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal, Union, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

#: Item types, in the order the contract lists them.
ITEM_TYPES = (
    "multiple_choice",
    "multiple_select",
    "passage_identification",
    "ordering",
    "short_answer",
    "argument_reconstruction",
    "reflection",
)
#: Types whose answer is prose in a markdown cell, marked with a rubric.
PROSE_TYPES = frozenset({"short_answer", "argument_reconstruction", "reflection"})
#: Rubric levels, best first.
LevelId = Literal["strong", "adequate", "weak", "missing"]
#: The automatic evidence a grader can gather for a criterion (one gatherer each in evidence.py).
EvidenceKind = Literal["thesis", "textual_evidence", "objection", "concepts", "length", "widget_consistency", "none"]
#: Widgets whose state an item can ask for.
WidgetId = Literal["scales", "tension", "reversal"]
# The same choices as tuples, derived from the types above, never repeated.
LEVEL_IDS: tuple[str, ...] = get_args(LevelId)
EVIDENCE_KINDS: tuple[str, ...] = get_args(EvidenceKind)
#: The notebook variable that holds each widget's state.
WIDGETS = {widget: f"{widget}_state" for widget in get_args(WidgetId)}

Identifier = Annotated[str, Field(pattern=r"^[a-z0-9-]+$", min_length=1)]


class _Strict(BaseModel):
    # A misspelt field name is an error, not silently ignored data.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Level(_Strict):
    """One level of a rubric criterion."""

    id: LevelId
    points: float = Field(ge=0)
    description: str = Field(min_length=1)


class Criterion(_Strict):
    """One criterion of a rubric, with its four levels."""

    id: Identifier
    title: str = Field(min_length=1)
    explanation: str = Field(min_length=1)  # student-facing
    grader_note: str = Field(min_length=1)  # grader only
    evidence: EvidenceKind = "none"
    levels: list[Level]

    @field_validator("levels")
    @classmethod
    def _four_ordered_levels(cls, levels: list[Level]) -> list[Level]:
        ids = [level.id for level in levels]
        if ids != list(LEVEL_IDS):
            raise ValueError(f"levels must be exactly {', '.join(LEVEL_IDS)} in that order, not {', '.join(ids) or 'none'}")
        points = [level.points for level in levels]
        if any(a < b for a, b in zip(points, points[1:])):
            raise ValueError(f"level points must not rise from strong to missing (got {points})")
        if points[-1] != 0:
            raise ValueError("the 'missing' level must be worth 0 points")
        return levels

    @property
    def max_points(self) -> float:
        """The points of the best level."""
        return self.levels[0].points

    def level(self, level_id: str) -> Level:
        """The level with this id (``KeyError`` naming the valid ids otherwise)."""
        for level in self.levels:
            if level.id == level_id:
                return level
        raise KeyError(f"no level {level_id!r} in criterion {self.id!r}; valid levels are {', '.join(LEVEL_IDS)}")


class Rubric(_Strict):
    """A rubric: criteria whose best levels add up to the item's points."""

    criteria: list[Criterion] = Field(min_length=1)

    @field_validator("criteria")
    @classmethod
    def _unique_ids(cls, criteria: list[Criterion]) -> list[Criterion]:
        seen: set[str] = set()
        for criterion in criteria:
            if criterion.id in seen:
                raise ValueError(f"criterion id {criterion.id!r} is used twice")
            seen.add(criterion.id)
        return criteria

    @property
    def total(self) -> float:
        """The most a submission can score on this rubric."""
        return sum(criterion.max_points for criterion in self.criteria)


class Concept(_Strict):
    """A concept a short answer is expected to use, with phrases that show it."""

    concept: str = Field(min_length=1)
    patterns: list[str] = Field(min_length=1)


class Words(_Strict):
    """Word limits of a prose answer."""

    min: int = Field(ge=0)
    max: int | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> Words:
        if self.max is not None and self.max < self.min:
            raise ValueError(f"words.max ({self.max}) is below words.min ({self.min})")
        return self


class _Item(_Strict):
    """Fields every item has."""

    id: Identifier
    prompt: str = Field(min_length=1)
    cites: list[str] = Field(default_factory=list)
    explanation: str | None = None
    uses_widget: WidgetId | None = None
    #: A valid widget state for the solutions notebook (items with ``uses_widget``).
    model_state: dict[str, Any] | None = None

    prose: ClassVar[bool] = False

    @model_validator(mode="after")
    def _model_state_needs_widget(self) -> _Item:
        if self.model_state is not None and self.uses_widget is None:
            raise ValueError("model_state is given but uses_widget is not")
        return self

    @property
    def max_points(self) -> float:
        """The most this item can score."""
        raise NotImplementedError

    @property
    def state_variable(self) -> str | None:
        """The notebook variable holding this item's widget state, if it asks for one."""
        return WIDGETS[self.uses_widget] if self.uses_widget else None


class _Objective(_Item):
    points: float = Field(gt=0)

    @property
    def max_points(self) -> float:
        return self.points


def _check_options(options: dict[str, str]) -> dict[str, str]:
    if len(options) < 2:
        raise ValueError("a choice item needs at least two options")
    return options


class MultipleChoiceItem(_Objective):
    """Pick one option; the key is one option letter."""

    type: Literal["multiple_choice"]
    options: dict[str, str]
    answer: str

    _options = field_validator("options")(_check_options)

    @model_validator(mode="after")
    def _key_is_an_option(self) -> MultipleChoiceItem:
        if self.answer not in self.options:
            raise ValueError(f"answer {self.answer!r} is not an option; valid choices are {', '.join(self.options)}")
        return self


class MultipleSelectItem(_Objective):
    """Pick every option that applies; the key is a list of option letters."""

    type: Literal["multiple_select"]
    options: dict[str, str]
    answer: list[str] = Field(min_length=1)

    _options = field_validator("options")(_check_options)

    @model_validator(mode="after")
    def _keys_are_options(self) -> MultipleSelectItem:
        unknown = [key for key in self.answer if key not in self.options]
        if unknown:
            raise ValueError(f"answer {unknown} names no option; valid choices are {', '.join(self.options)}")
        if len(set(self.answer)) != len(self.answer):
            raise ValueError(f"answer {self.answer} repeats an option")
        return self


class PassageIdentificationItem(_Objective):
    """Name the sentences of the text that do something; the key is passage ids."""

    type: Literal["passage_identification"]
    answer: list[str] = Field(min_length=1)
    #: How many ids the student should give (shown in the prompt); defaults to the key's length.
    count: int | None = Field(default=None, gt=0)


class OrderingItem(_Objective):
    """Put numbered steps in order; the key lists step numbers (1-based)."""

    type: Literal["ordering"]
    steps: list[str] = Field(min_length=2)
    answer: list[int]

    @model_validator(mode="after")
    def _key_is_a_permutation(self) -> OrderingItem:
        expected = list(range(1, len(self.steps) + 1))
        if sorted(self.answer) != expected:
            raise ValueError(
                f"answer {self.answer} is not an ordering of the steps; it must use each of {expected} exactly once"
            )
        return self


class _Prose(_Item):
    rubric: Rubric
    model_answer: str = Field(min_length=1)
    words: Words | None = None

    prose: ClassVar[bool] = True

    @model_validator(mode="before")
    @classmethod
    def _points_come_from_the_rubric(cls, data: Any) -> Any:
        if isinstance(data, dict) and "points" in data and data.get("type") != "argument_reconstruction":
            raise ValueError("a prose item's points come from its rubric: remove `points`")
        return data

    @property
    def max_points(self) -> float:
        return self.rubric.total


class ShortAnswerItem(_Prose):
    """A few sentences, marked with a rubric; expected concepts guide the grader."""

    type: Literal["short_answer"]
    expected_concepts: list[Concept] = Field(default_factory=list)


class ArgumentReconstructionItem(_Prose):
    """Premises and conclusion in the standard form; structure points plus a rubric."""

    type: Literal["argument_reconstruction"]
    points: float = Field(gt=0)  # the structure part (parses, has premises and a conclusion)

    @property
    def max_points(self) -> float:
        return self.points + self.rubric.total


class ReflectionItem(_Prose):
    """An argued essay within word limits, marked with a rubric."""

    type: Literal["reflection"]
    words: Words


Item = Annotated[
    Union[
        MultipleChoiceItem,
        MultipleSelectItem,
        PassageIdentificationItem,
        OrderingItem,
        ShortAnswerItem,
        ArgumentReconstructionItem,
        ReflectionItem,
    ],
    Field(discriminator="type"),
]


class ExerciseSet(_Strict):
    """One set of exercises: one notebook, one page of the book."""

    id: Identifier
    title: str = Field(min_length=1)
    intro: str = ""
    #: Free-form YAML anchors (shared rubric levels, say) that items refer to
    #: with ``*name`` or ``<<: *name``; the model ignores their content.
    definitions: dict[str, Any] | None = Field(default=None, exclude=True, repr=False)
    items: list[Item] = Field(min_length=1)

    @property
    def max_points(self) -> float:
        """The most the whole set can score."""
        return sum(item.max_points for item in self.items)


# --- Annotation sets (issue #17) ------------------------------------------------
# A set of ``kind: annotation`` is handed in as the student's own notes on the
# Reading page (``elysara-notes.json``), not as a notebook: it has no items to
# release. Loading keeps these sets apart from the notebook sets
# (``Bank.annotation_sets``), so every notebook, page and release is unchanged.

#: The tags a student may put on a note, in the order the Reading page offers them.
NoteTag = Literal["question", "connection", "objection", "reaction"]
NOTE_TAGS: tuple[str, ...] = get_args(NoteTag)


class NoteRequirements(_Strict):
    """What a complete set of notes has; each requirement is an equal share of the set's ``points``."""

    notes: int = Field(ge=1)  #: at least this many notes
    paragraphs: int = Field(ge=1)  #: anchored in at least this many different paragraphs
    questions: int = Field(ge=0)  #: at least this many tagged "question"
    words: int = Field(ge=1)  #: a note counts only if its text has at least this many words


class AnnotationSet(_Strict):
    """An annotation assignment: counts and spread scored automatically, quality by rubric."""

    kind: Literal["annotation"]
    id: Identifier
    title: str = Field(min_length=1)
    intro: str = ""
    prompt: str = Field(min_length=1)  #: what the student is asked to do (shown on feedback pages)
    points: float = Field(gt=0)  #: the counts and spread together
    requires: NoteRequirements
    rubric: Rubric
    definitions: dict[str, Any] | None = Field(default=None, exclude=True, repr=False)

    @property
    def max_points(self) -> float:
        """The most a student's notes can score."""
        return self.points + self.rubric.total
