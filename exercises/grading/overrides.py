"""Instructors' overrides: confirmed or changed rubric levels, read from YAML or CSV.

Columns (CSV header or YAML keys): ``student, set, item, criterion, level,
comment`` (``comment`` optional).

* A rubric criterion: ``criterion`` is the criterion id and ``level`` one of
  strong, adequate, weak, missing. Setting the level the grader suggested
  confirms it.
* A whole objective item (or the structure part of an argument
  reconstruction): leave ``criterion`` empty (or write ``points``) and give
  the points as ``level``, a number from 0 to the item's points.

YAML is a list of such mappings (or a mapping with an ``overrides:`` list).
A row whose ``level`` is empty is skipped, so the grader's
``suggested-levels.csv`` can be edited and passed back as it is.
The file is only read, never rewritten, so regrading can never lose an
override; rows that match no graded submission are reported.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from elysara.exercises.bank.schema import LEVEL_IDS
from elysara.exercises.grading.collect import sanitize_student_id

__all__ = ["Override", "OverridesError", "check_against_bank", "load_overrides", "POINTS_CRITERION"]

COLUMNS = ("student", "set", "item", "criterion", "level", "comment")
REQUIRED = ("student", "set", "item", "level")
#: The ``criterion`` value that overrides an item's points rather than a rubric level.
POINTS_CRITERION = "points"


class OverridesError(ValueError):
    """The overrides file cannot be used; the message lists every bad row."""


@dataclass(frozen=True)
class Override:
    """One instructor decision."""

    student: str  #: sanitized like the submission ids
    set_id: str
    item: str
    criterion: str  #: a criterion id, or :data:`POINTS_CRITERION`
    level: str  #: a level id, or a number of points (as text) for POINTS_CRITERION
    comment: str = ""
    row: int = 0  #: where it came from (1-based data row), for messages

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.student, self.set_id, self.item, self.criterion)

    @property
    def points(self) -> float | None:
        """The points, for an item-points override."""
        try:
            return float(self.level)
        except ValueError:
            return None

    def describe(self) -> str:
        what = f"criterion {self.criterion!r}" if self.criterion != POINTS_CRITERION else "points"
        return f"row {self.row}: student {self.student!r}, set {self.set_id!r}, item {self.item!r}, {what} = {self.level!r}"


def _rows(path: Path) -> list[dict[str, object]]:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() in {".yml", ".yaml"}:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise OverridesError(f"{path}: not valid YAML: {error}") from None
        if isinstance(data, dict) and "overrides" in data:
            data = data["overrides"]
        if data is None:
            return []
        if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
            raise OverridesError(f"{path}: expected a list of mappings with keys {', '.join(COLUMNS)}")
        return data
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise OverridesError(
            f"{path}: the CSV header lacks {', '.join(missing)}; the columns are {', '.join(COLUMNS)}"
        )
    reader.fieldnames = header
    return list(reader)


def load_overrides(path: Path | str) -> list[Override]:
    """Read and check an overrides file (``.yml``/``.yaml`` as YAML, anything else as CSV).

    Raises :class:`OverridesError` naming every bad row and the valid choices.
    Later rows for the same student, set, item and criterion replace earlier ones.
    """
    path = Path(path)
    try:
        rows = _rows(path)
    except OSError as error:
        raise OverridesError(f"{path}: cannot be read: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise OverridesError(f"{path}: not UTF-8 text") from None
    errors: list[str] = []
    found: dict[tuple[str, str, str, str], Override] = {}
    for number, row in enumerate(rows, start=1):
        values = {key: ("" if row.get(key) is None else str(row.get(key)).strip()) for key in COLUMNS}
        unknown = sorted(set(map(str, row)) - set(COLUMNS) - {""})
        if unknown:
            errors.append(f"row {number}: unknown column(s) {', '.join(unknown)}; the columns are {', '.join(COLUMNS)}")
        if not values["level"] and any(values[key] for key in ("student", "set", "item")):
            continue  # a level left empty (as in suggested-levels.csv): decided later, not an error
        blank = [key for key in REQUIRED if not values[key]]
        if blank:
            errors.append(f"row {number}: {', '.join(blank)} must not be empty")
            continue
        criterion = values["criterion"] or POINTS_CRITERION
        level = values["level"]
        if criterion == POINTS_CRITERION:
            try:
                points = float(level)
            except ValueError:
                points = math.nan
            if not math.isfinite(points) or points < 0:  # "nan" and "inf" parse as floats: refuse them
                errors.append(f"row {number}: points override {level!r} is not a number of points (0 or more)")
                continue
        elif level not in LEVEL_IDS:
            errors.append(f"row {number}: level {level!r} is not a level; valid levels are {', '.join(LEVEL_IDS)}")
            continue
        override = Override(
            student=sanitize_student_id(values["student"]),
            set_id=values["set"],
            item=values["item"],
            criterion=criterion,
            level=level,
            comment=values["comment"],
            row=number,
        )
        found[override.key] = override
    if errors:
        raise OverridesError(f"{path}: {len(errors)} problem(s):\n" + "\n".join(f"  - {e}" for e in errors))
    return list(found.values())


def check_against_bank(overrides: list[Override], bank: Any, path: Path | str = "overrides") -> None:
    """Check each override's level or points against the criterion or item it names.

    A level must be one of that criterion's levels; points must be finite and
    between 0 and the item's points. Raises :class:`OverridesError` listing
    every bad row. Rows naming no set, item or criterion of ``bank`` are left
    to the grader, which reports them as matching nothing.
    """
    errors: list[str] = []
    for override in overrides:
        exercise_set = bank.sets.get(override.set_id)
        item = next((i for i in exercise_set.items if i.id == override.item), None) if exercise_set else None
        if item is None:
            continue
        if override.criterion == POINTS_CRITERION:
            points = override.points
            most = float(getattr(item, "points", item.max_points) or 0)
            if points is None or not math.isfinite(points) or not 0 <= points <= most:
                errors.append(f"row {override.row}: points {override.level!r} for item {override.item!r} must be a "
                              f"number from 0 to {most:g}")
            continue
        criteria = {c.id: c for c in item.rubric.criteria} if getattr(item, "rubric", None) else {}
        criterion = criteria.get(override.criterion)
        if criterion is None:
            continue
        levels = [level.id for level in criterion.levels]
        if override.level not in levels:
            errors.append(f"row {override.row}: level {override.level!r} is not a level of criterion "
                          f"{override.criterion!r}; valid levels are {', '.join(levels)}")
    if errors:
        raise OverridesError(f"{path}: {len(errors)} problem(s):\n" + "\n".join(f"  - {e}" for e in errors))
